/**
 * Property: every generated package (all scenarios, many seeds, both layouts, every HIS dialect, signed with
 * the facility's test key) passes every rule of the strict certification profile: no fail, no error — with the
 * facility's demo catalogues loaded, so the CATALOGUE.* rules judge every line (generators/catalogues.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import type { LayoutId } from '../../conformance/result.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { testRegistry } from '../../generators/mutation-suite.ts';
import { buildPackage } from '../../generators/package.ts';
import { demoCatalogueSet } from '../../generators/catalogues.ts';
import { DIALECTS } from '../../generators/dialects.ts';
import { Rng, packageSeed } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';

const PACKAGES = 2000;

describe('generated packages are valid by construction', () => {
  it(`${PACKAGES} signed packages pass the strict profile (envelope and check-in)`, { timeout: 600_000 }, () => {
    const registry = testRegistry();
    const layouts: LayoutId[] = ['3176', '4750'];
    const perScenario = Math.ceil(PACKAGES / (SCENARIOS.length * layouts.length));
    const problems = new Map<string, { count: number; example: string }>();
    let checked = 0;
    let cataloguePasses = 0;
    const catalogues = demoCatalogueSet();
    for (const layout of layouts) {
      for (const s of SCENARIOS) {
        for (let i = 0; i < perScenario; i++) {
          const e = buildEncounter(s, new Rng(packageSeed(s.id, `property-${i}`, i)), { layout });
          // the dialects in turn: each scenario and layout meets every export style over its seeds
          const dialect = DIALECTS[i % DIALECTS.length];
          const p = buildPackage(e, { dialect });
          for (const [kind, bytes] of [['GIAMDINHHS', p.envelope], ['CHECKIN', p.checkin]] as const) {
            const r = checkPackage(bytes, { profile: 'strict', findings: 'problems', signatureMode: 'required', registry, receivedAt: e.receivedAt, layout, kind, facility: e.facility.code, catalogues });
            if (kind === 'GIAMDINHHS') checked++;
            for (const [id, c] of Object.entries(r.summary.byRule)) if (id.startsWith('CATALOGUE.')) cataloguePasses += c.pass;
            for (const f of r.findings) {
              if (f.outcome !== 'fail' && f.outcome !== 'error') continue;
              const key = `${f.ruleId} ${f.outcome}`;
              const hit = problems.get(key);
              if (hit) hit.count++;
              else problems.set(key, { count: 1, example: `${s.id} [${layout}, ${dialect.name}] ${kind} ${f.location.table ?? ''}.${f.location.field ?? ''} actual=${f.actual ?? ''}: ${f.message_en} ${f.reason ?? ''}` });
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(PACKAGES);
    // the catalogue rules ran (not skipped): practitioners, prices … of every package
    expect(cataloguePasses).toBeGreaterThan(PACKAGES * 20);
    const report = [...problems].map(([k, v]) => `${v.count} × ${k}\n    e.g. ${v.example}`).join('\n');
    expect(report, `failures or errors on generated packages:\n${report}`).toBe('');
  });
});
