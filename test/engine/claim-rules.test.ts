/**
 * Claim rules of issue 13 (services, tender, cards, referrals, plausibility): the verdicts the rule fixtures cannot
 * show — warnings of error-severity rules, options and their defaults, and values that must not be flagged.
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import type { CheckOptions } from '../../conformance/model.ts';
import { envelopeXml, inpatientRecord, outpatientRecord, uninsuredRecord, type FixtureRecord } from '../../conformance/rules/fixtures-kit.ts';
import { machineItems, tenderParts } from '../../conformance/rules/cross/claim-helpers.ts';
import { ageYears } from '../../conformance/rules/cross/plausibility-weight.ts';
import { tenderRecord } from '../../conformance/rules/cross/tender-fixtures.ts';

const verdicts = (recs: FixtureRecord[], id: string, options: CheckOptions = {}) =>
  checkPackage(new TextEncoder().encode(envelopeXml(recs)), { findings: 'all', ...options })
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.outcome);

describe('CROSS.TENDER.*', () => {
  it('splits TT_THAU into decision, package, group, year and extra parts', () => {
    expect(tenderParts('57/QĐ-TTMS;G1;N1;2022;G2.02')).toMatchObject({ decision: '57/QĐ-TTMS', pkg: 'G1', group: 'N1', year: '2022', extra: ['G2.02'] });
    const own = tenderParts('456/BVYHCTTW-BH;2023');
    expect([own.decision, own.year, own.pkg, own.group]).toEqual(['456/BVYHCTTW-BH', '2023', undefined, undefined]);
    const early = tenderParts('132.01901;G1;2019');
    expect([early.pkg, early.year, early.group]).toEqual(['G1', '2019', undefined]);
  });
  it('a tender older than tender.maxAgeYears (default 5) is a warning in every profile; the option moves the bound', () => {
    const old = [tenderRecord(undefined, '20.00;G1;N1;2019')];
    expect(verdicts(old, 'CROSS.TENDER.YEAR', { profile: 'strict' })).toContain('warning');
    expect(verdicts(old, 'CROSS.TENDER.YEAR', { profile: 'strict' })).not.toContain('fail');
    expect(verdicts(old, 'CROSS.TENDER.YEAR', { thresholds: { 'tender.maxAgeYears': 10 } })).not.toContain('warning');
  });
  it('a decision after the year of use is a warning by default and a failure in strict', () => {
    const later = [tenderRecord('57/QĐ-TTMS;G1;N1;2026', undefined)];
    expect(verdicts(later, 'CROSS.TENDER.YEAR')).toContain('warning');
    expect(verdicts(later, 'CROSS.TENDER.YEAR', { profile: 'strict' })).toContain('fail');
  });
  it('the appendix examples pass CROSS.TENDER.PARTS and CROSS.TENDER.GROUP', () => {
    for (const [drug, supply] of [
      ['46/QĐ-TTMS;G1;N1;2020;00', '1516.01;G1;N1;2021'],
      ['120/QĐ-SYT;G2;N3;2021;31', '20.00;G1;N1;2021'],
    ]) {
      const rec = [tenderRecord(drug, supply)];
      expect(verdicts(rec, 'CROSS.TENDER.PARTS', { profile: 'strict' })).not.toContain('fail');
      expect(verdicts(rec, 'CROSS.TENDER.GROUP')).not.toContain('warning');
    }
  });
});

describe('CROSS.SERVICE.MACHINE*', () => {
  it('reads a machine system: the first item in full, later ones in full or as serials', () => {
    expect(machineItems('SH.2.01001.AU680-1;AU680-2').map((i) => i.shaped)).toEqual([true, true]);
    expect(machineItems('ĐT.1.01001.ECG1')[0]).toMatchObject({ shaped: true, facility: '01001' });
    expect(machineItems('AU680-1')[0].shaped).toBe(false);
  });
});

describe('CROSS.SERVICE.EXAM_FEE', () => {
  it('judges what the fund pays: an uninsured visit with two full-price exams is not concerned', () => {
    const rec = uninsuredRecord();
    rec.XML3.push({ ...rec.XML3[0], STT: '4', MA_DICH_VU: '02.1898', TEN_DICH_VU: 'Khám Tim mạch' });
    expect(verdicts([rec], 'CROSS.SERVICE.EXAM_FEE', { profile: 'strict' })).toEqual([]);
  });
});

describe('CROSS.INPATIENT.TREATMENT_METHOD', () => {
  it('MA_LY_DO_VNT is checked only with the option inpatient.requireMaLyDoVnt = 1, and then only warns', () => {
    expect(verdicts([inpatientRecord()], 'CROSS.INPATIENT.TREATMENT_METHOD', { profile: 'strict' })).toEqual(['pass']);
    expect(verdicts([inpatientRecord()], 'CROSS.INPATIENT.TREATMENT_METHOD', { profile: 'strict', thresholds: { 'inpatient.requireMaLyDoVnt': 1 } })).toEqual(['pass', 'warning']);
  });
});

describe('PLAUSIBILITY.WEIGHT_FOR_AGE', () => {
  it('computes whole years, with unknown month and day (0000)', () => {
    expect(ageYears('198503150000', '202503141000')).toBe(39);
    expect(ageYears('198503150000', '202503151000')).toBe(40);
    expect(ageYears('198500000000', '202501011000')).toBe(40);
    expect(ageYears('202512010000', '202510061000')).toBeUndefined();
  });
  it('warns outside the band of the age, never fails; bounds are options', () => {
    const light = outpatientRecord();
    light.XML1[0].CAN_NANG = '12.00';
    expect(verdicts([light], 'PLAUSIBILITY.WEIGHT_FOR_AGE', { profile: 'strict' })).toEqual(['warning']);
    expect(verdicts([light], 'PLAUSIBILITY.WEIGHT_FOR_AGE', { thresholds: { 'plausibility.weight.adult.min': 10 } })).toEqual(['pass']);
    const child = outpatientRecord();
    Object.assign(child.XML1[0], { NGAY_SINH: '202001010000', CAN_NANG: '18.50' });
    expect(verdicts([child], 'PLAUSIBILITY.WEIGHT_FOR_AGE')).toEqual(['pass']);
  });
});

describe('CROSS.REFERRAL.PAPER', () => {
  it('is silent on a record that was not referred in', () => {
    expect(verdicts([outpatientRecord()], 'CROSS.REFERRAL.PAPER', { profile: 'strict' })).toEqual([]);
  });
});
