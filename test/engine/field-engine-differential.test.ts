/**
 * The field engine's row loop was rewritten for a cold worker's JIT (conformance/rules/field/engine.ts: a run
 * object with one hidden class, small hot functions, problem reports out of line). This compares it with the
 * engine as it was (test/support/field-engine-reference.ts) on generated envelopes and check-ins, field-rule
 * mutants (every kind of failure, warning and skip), in both findings modes and profiles, with and without
 * listing caps and single-rule runs: findings (order included) and counts must be identical.
 */
import { describe, expect, it } from 'vitest';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { CheckOptions, ParsedPackage } from '../../conformance/model.ts';
import type { LayoutId } from '../../conformance/result.ts';
import { compileLayout, runFieldRules } from '../../conformance/rules/field/engine.ts';
import { Listing } from '../../conformance/rules/field/listing.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { isMutant, mutate } from '../../generators/mutants.ts';
import { buildPackage } from '../../generators/package.ts';
import { packageSeed, Rng } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';
import { runFieldRules as referenceRun } from '../support/field-engine-reference.ts';

interface Input {
  name: string;
  bytes: Uint8Array;
  options: CheckOptions;
}

function inputs(): Input[] {
  const out: Input[] = [];
  for (const layout of ['4750', '3176'] as LayoutId[]) {
    for (const [n, s] of SCENARIOS.entries()) {
      const e = buildEncounter(s, new Rng(packageSeed(s.id, 'field-differential', 0)), { layout });
      const pkg = buildPackage(e, { unsigned: true });
      out.push({ name: `${s.id} ${layout}`, bytes: pkg.envelope, options: { receivedAt: e.receivedAt } });
      out.push({ name: `${s.id} ${layout} check-in`, bytes: pkg.checkin, options: { receivedAt: e.receivedAt } });
      // field-rule mutants spread over the catalogue: each scenario takes a different slice of the rule ids
      const ids = compileLayout(decodePackage(pkg.envelope).layout).defs.map((d) => d.id);
      for (let i = 0, taken = 0; i < ids.length && taken < 8; i++) {
        const id = ids[(i * 37 + n * 11) % ids.length];
        const m = mutate(e, id, { unsigned: true });
        if (!isMutant(m)) continue;
        taken++;
        out.push({ name: `${s.id} ${layout} mutant ${id}`, bytes: m.bytes, options: { receivedAt: m.receivedAt ?? e.receivedAt, ...m.checkOptions } });
      }
    }
  }
  return out;
}

type Run = typeof runFieldRules;

function result(run: Run, pkg: ParsedPackage, options: CheckOptions, all: boolean, caps: boolean, only?: ReadonlySet<string>): string {
  const listing = caps ? new Listing(2, 25) : undefined;
  const r = run(pkg, { options, all, only, listing });
  return JSON.stringify([r.findings, [...r.counts], listing?.markers()]);
}

describe('field engine rewrite', () => {
  it('gives the findings and counts of the engine before it, on scenarios, check-ins and field-rule mutants', () => {
    let compared = 0;
    let problems = 0;
    for (const input of inputs()) {
      let pkg: ParsedPackage;
      try {
        pkg = decodePackage(input.bytes, { endpoint: input.options.endpoint, layout: input.options.layout, maxBytes: input.options.limits?.maxBytes });
      } catch {
        continue; // an envelope the decoder refuses runs no rule
      }
      for (const profile of ['default', 'strict'] as const) {
        const options = { ...input.options, profile };
        for (const all of [false, true]) {
          for (const caps of [false, true]) {
            const now = result(runFieldRules, pkg, options, all, caps);
            expect(now, `${input.name} (${profile}, ${all ? 'all' : 'problems'}${caps ? ', caps' : ''})`).toBe(result(referenceRun as Run, pkg, options, all, caps));
            compared++;
          }
        }
      }
      // a single-rule run (RuleTester, the CLI's --rule) of the mutated rule
      const id = / mutant (\S+)$/.exec(input.name)?.[1];
      if (id) {
        const only = new Set([id]);
        expect(result(runFieldRules, pkg, input.options, true, false, only), `${input.name} (only ${id})`).toBe(result(referenceRun as Run, pkg, input.options, true, false, only));
        problems += runFieldRules(pkg, { options: input.options, all: false, only }).findings.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
    // the mutants really exercise the problem paths
    expect(problems).toBeGreaterThan(100);
  }, 300_000);
});
