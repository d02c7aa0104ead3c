/**
 * Targeted checks of mutation operators that once produced values the engine rightly accepts (so the mutation
 * suite counted a "survivor" that was the operator's mistake, not the rule's).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { DRUGS } from '../../generators/catalog.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { isMutant, mutate } from '../../generators/mutants.ts';
import { Rng, packageSeed } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';

const encounter = (id: string) => buildEncounter(SCENARIOS.find((s) => s.id === id)!, new Rng(packageSeed(id, 'operators', 0)), { layout: '4750' });

function verdicts(id: string, ruleId: string, edit?: (e: ReturnType<typeof encounter>) => void) {
  const e = encounter(id);
  edit?.(e);
  const m = mutate(e, ruleId, { unsigned: true });
  if (!isMutant(m)) throw new Error(`not applicable: ${m.notApplicable}`);
  const r = checkPackage(m.bytes, { profile: 'strict', findings: 'problems', signatureMode: 'off', receivedAt: e.receivedAt, layout: '4750', kind: m.kind, facility: e.facility.code });
  return { m, found: r.findings.filter((f) => f.ruleId === ruleId).map((f) => f.outcome) };
}

describe('mutation operators produce genuinely wrong values', () => {
  it('never bills an ordinary drug under a code the standard reserves (oxygen 40.17, nitric oxide 40.573: exempt from SO_DANG_KY)', () => {
    // QĐ 130 Bảng 2 chỉ tiêu 3: "Khí oxy: ghi mã 40.17; khí NO: ghi mã 40.573"; a drug with a registration number
    // under one of them hid XML2.SO_DANG_KY.REQUIRED from the mutation suite
    expect(DRUGS.filter((d) => ['40.17', '40.573'].includes(d.MA_THUOC))).toEqual([]);
    expect(new Set(DRUGS.map((d) => d.MA_THUOC)).size).toBe(DRUGS.length);
  });

  it('MA_NGHE_NGHIEP: a deeper code under a listed level-2 group (61110 → 6111x) is valid; the operator leaves the group', () => {
    const { m, found } = verdicts('kham-bhyt', 'XML1.MA_NGHE_NGHIEP.CODELIST', (e) => void (e.tables.XML1![0].MA_NGHE_NGHIEP = '61110'));
    expect(m.description).not.toMatch(/"611\d\d"/);
    expect(found).toEqual(['warning']);
  });

  it('a conditional field filled where its condition does not hold: the operator creates the condition before dropping it', () => {
    const { m, found } = verdicts('hiv-bhyt', 'XML6.MA_BAC_PHAC_DO.REQUIRED');
    expect(m.description).toMatch(/created the condition/);
    expect(found).toEqual(['fail']);
  });
});
