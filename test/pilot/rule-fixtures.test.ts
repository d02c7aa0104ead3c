/**
 * Every cross-table and pilot rule's fixtures, run the way the RuleTester does: decodePackage on the fixture
 * bytes, then runRule. Valid fixtures give no fail/warning/error; invalid ones give at least `expectAtLeast`
 * (default 1) fail — or warning, for warning-severity rules and for the default profile of medium rules.
 */
import { describe, expect, it } from 'vitest';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { runRule, type RuleModule } from '../../conformance/rules/contract.ts';
import { rules as crossRules } from '../../conformance/rules/cross/index.ts';
import { rules as pilotRules } from '../../conformance/rules/pilot/index.ts';

function run(mod: RuleModule, xml: string, options = {}) {
  const pkg = decodePackage(new TextEncoder().encode(xml), { endpoint: (options as { endpoint?: string }).endpoint });
  return runRule(mod.rule, pkg, options);
}

const all: [string, RuleModule[]][] = [
  ['cross', crossRules],
  ['pilot', pilotRules],
];

for (const [group, mods] of all) {
  describe(`${group} rules`, () => {
    it('have unique ids, citations, messages and fixtures', () => {
      const ids = mods.map((m) => m.rule.meta.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const m of mods) {
        const { meta } = m.rule;
        expect(meta.citation.decision, meta.id).toMatch(/\S/);
        expect(meta.citation.clause, meta.id).toMatch(/\S/);
        expect(meta.messages.vi, meta.id).toMatch(/\{(actual|expected)\}/);
        expect(meta.messages.en, meta.id).toMatch(/\{(actual|expected)\}/);
        expect(meta.since, meta.id).toMatch(/\S/);
        expect(m.fixtures.valid.length, meta.id).toBeGreaterThan(0);
        expect(m.fixtures.invalid.length, meta.id).toBeGreaterThan(0);
      }
    });
    for (const m of mods) {
      describe(m.rule.meta.id, () => {
        for (const f of m.fixtures.valid) {
          it(`valid: ${f.name}`, () => {
            const findings = run(m, f.xml, f.options);
            const problems = findings.filter((x) => x.outcome === 'fail' || x.outcome === 'warning' || x.outcome === 'error');
            expect(problems.map((p) => `${p.outcome} ${p.message_en} ${p.reason ?? ''}`)).toEqual([]);
          });
        }
        for (const f of m.fixtures.invalid) {
          it(`invalid: ${f.name}`, () => {
            const findings = run(m, f.xml, f.options);
            expect(findings.filter((x) => x.outcome === 'error')).toEqual([]);
            const wanted = m.rule.meta.severity === 'error' ? 'fail' : 'warning';
            const hits = findings.filter((x) => x.outcome === wanted || (wanted === 'fail' && x.outcome === 'warning' && f.options?.profile !== 'strict' && m.rule.meta.confidence !== 'high'));
            expect(hits.length, JSON.stringify(findings.map((x) => x.outcome))).toBeGreaterThanOrEqual(f.expectAtLeast ?? 1);
            for (const h of hits) {
              expect(h.message_vi).not.toMatch(/\{(actual|expected)\}/);
              expect(h.location.table ?? h.location.document).toBeTruthy();
            }
          });
        }
      });
    }
  });
}
