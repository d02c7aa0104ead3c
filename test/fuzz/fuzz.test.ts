/**
 * A small seeded run of the differential fuzzer (generators/fuzz.ts; the full run is `npm run fuzz`): no
 * crash, no input over the time budget, libxml2 agrees on well-formedness and on every text value, our
 * C14N equals libxml2's. Counts, not timings: the budget is generous so a busy machine does not fail it.
 */
import { describe, expect, it } from 'vitest';
import { fuzzInputs, runFuzz } from '../../generators/fuzz.ts';

describe('seeded fuzzer', () => {
  it('is deterministic: the same seed gives the same inputs', () => {
    const a = [...fuzzInputs(7, 50)].map((i) => i.xml);
    const b = [...fuzzInputs(7, 50)].map((i) => i.xml);
    expect(a).toEqual(b);
    expect([...fuzzInputs(8, 50)].map((i) => i.xml)).not.toEqual(a);
  });

  it('600 inputs: no crash, no hang, no disagreement with libxml2', () => {
    const report = runFuzz({ seed: 20261203, count: 600, hangMs: 20_000 });
    const examples = [...report.crashes.map((c) => `crash #${c.index}: ${c.error}`), ...report.disagreements.map((d) => `#${d.index} ${d.what}: ${d.detail}\n${d.xml.slice(0, 500)}`)];
    expect(examples).toEqual([]);
    expect(report.counts).toEqual({ crashes: 0, hangs: 0, disagreements: 0 });
    // the run really compared something of every kind
    expect(report.bothAccepted).toBeGreaterThan(50);
    expect(report.bothRefused).toBeGreaterThan(50);
    expect(report.c14nCompared).toBeGreaterThan(30);
    expect(report.packagesChecked).toBeGreaterThan(200);
    for (const n of Object.values(report.byKind)) expect(n).toBeGreaterThan(20);
  }, 120_000);
});
