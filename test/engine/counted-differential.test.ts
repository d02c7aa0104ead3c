/**
 * RuleContext.counted (the cheap path for verdicts that are only counted) must not change a Result: every
 * hand-written rule is run twice on the same packages, once as the engine runs it and once with counted()
 * always declining (so every verdict goes through report(), the path before counted existed), in both
 * findings modes. Summaries (key order included) and findings must be identical.
 */
import { describe, expect, it } from 'vitest';
import { runListed, Tally } from '../../conformance/check.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { CheckOptions, ParsedPackage } from '../../conformance/model.ts';
import { SummaryBuilder, type Finding } from '../../conformance/result.ts';
import type { Rule } from '../../conformance/rules/contract.ts';
import { Listing } from '../../conformance/rules/field/listing.ts';
import { ruleGroups } from '../../conformance/rules/registry.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { isMutant, mutate } from '../../generators/mutants.ts';
import { buildPackage } from '../../generators/package.ts';
import { packageSeed, Rng } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';
import type { LayoutId } from '../../conformance/result.ts';

// signature rules never call counted() and verifying signatures is slow: left out
const rules: Rule[] = ruleGroups()
  .filter((g) => g.group !== 'signature')
  .flatMap((g) => g.modules.map((m) => m.rule));

/** The rule as it ran before counted() existed: every verdict is reported in full. */
const reportingEverything = (rule: Rule): Rule => ({ meta: rule.meta, check: (ctx) => rule.check({ ...ctx, counted: () => false }) });

function run(pkg: ParsedPackage, options: CheckOptions, all: boolean, wrap: (r: Rule) => Rule): string {
  const tally = new Tally();
  const findings: Finding[] = [];
  // small caps so that the listing limits are exercised as well
  const listing = new Listing(3, 40);
  for (const rule of rules) runListed(wrap(rule), pkg, options, all, tally, findings, listing);
  const sb = new SummaryBuilder();
  tally.flushInto(sb);
  return JSON.stringify([sb.take(), findings, listing.markers()]);
}

interface Input {
  name: string;
  bytes: Uint8Array;
  options: CheckOptions;
}

function inputs(): Input[] {
  const out: Input[] = [];
  const encoder = new TextEncoder();
  for (const { modules } of ruleGroups()) {
    for (const m of modules) {
      if (m.rule.meta.id.startsWith('SIG.')) continue;
      for (const fx of [...m.fixtures.valid, ...m.fixtures.invalid]) out.push({ name: `${m.rule.meta.id} fixture ${fx.name}`, bytes: encoder.encode(fx.xml), options: fx.options ?? {} });
    }
  }
  const ids = rules.map((r) => r.meta.id);
  for (const layout of ['4750', '3176'] as LayoutId[]) {
    for (const s of SCENARIOS) {
      const e = buildEncounter(s, new Rng(packageSeed(s.id, 'counted', 0)), { layout });
      out.push({ name: `${s.id} ${layout}`, bytes: buildPackage(e, { unsigned: true }).envelope, options: { receivedAt: e.receivedAt } });
      // a few mutants per scenario: failing verdicts next to the passes
      for (let i = 0, taken = 0; i < ids.length && taken < 4; i++) {
        const id = ids[(i * 7 + s.id.length) % ids.length];
        const m = mutate(e, id, { unsigned: true });
        if (!isMutant(m)) continue;
        taken++;
        out.push({ name: `${s.id} ${layout} mutant ${id}`, bytes: m.bytes, options: { receivedAt: m.receivedAt ?? e.receivedAt, ...m.checkOptions } });
      }
    }
  }
  return out;
}

describe('RuleContext.counted gives the same Result as reporting every verdict', () => {
  it('on rule fixtures, generated scenarios and mutants, in both findings modes and both profiles', () => {
    let compared = 0;
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
          const fast = run(pkg, options, all, (r) => r);
          const full = run(pkg, options, all, reportingEverything);
          expect(fast, `${input.name} (${profile}, ${all ? 'all' : 'problems'})`).toBe(full);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(400);
  });
});
