/** PLAUSIBILITY.WEIGHT_FOR_AGE — the weight (XML1 CAN_NANG, kg) is plausible for the patient's age. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import type { CheckOptions } from '../../model.ts';
import { toPlain } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc, money, threshold, val, xml1Of } from '../../pilot/rule-helpers.ts';

/**
 * Bands by age in whole years, in kg, each bound an option (`plausibility.weight.<band>.min|max`). Basis: WHO Child
 * Growth Standards (0–5 years) and the WHO 2007 growth reference (5–19 years), taken well outside their 0.1st–99.9th
 * centiles (a premature newborn from 0.3 kg); adults from recorded extremes. The bands catch unit mistakes (grams,
 * pounds), swapped fields and typing slips, not thin or heavy patients.
 */
export const WEIGHT_BANDS: readonly { band: string; fromAge: number; min: number; max: number }[] = [
  { band: 'infant', fromAge: 0, min: 0.3, max: 15 },
  { band: 'child', fromAge: 1, min: 4, max: 50 },
  { band: 'school', fromAge: 6, min: 8, max: 160 },
  { band: 'adult', fromAge: 18, min: 20, max: 300 },
];

export function weightBand(age: number, options: CheckOptions): { band: string; min: number; max: number } {
  let b = WEIGHT_BANDS[0];
  for (const x of WEIGHT_BANDS) if (age >= x.fromAge) b = x;
  return { band: b.band, min: threshold(options, `plausibility.weight.${b.band}.min`, b.min), max: threshold(options, `plausibility.weight.${b.band}.max`, b.max) };
}

/** Whole years between a birth date (yyyymmdd…, month/day may be 00) and a visit date (yyyymmdd…). */
export function ageYears(birth: string, at: string): number | undefined {
  if (!/^\d{8}/.test(birth) || !/^\d{8}/.test(at)) return undefined;
  const by = Number(birth.slice(0, 4));
  const bmd = birth.slice(4, 8);
  const ay = Number(at.slice(0, 4));
  let age = ay - by;
  if (bmd !== '0000' && at.slice(4, 8) < bmd) age--;
  return age < 0 ? undefined : age;
}

export const rule: Rule = {
  meta: {
    id: 'PLAUSIBILITY.WEIGHT_FOR_AGE',
    severity: 'warning',
    tables: ['XML1'],
    fields: ['CAN_NANG', 'NGAY_SINH', 'NGAY_VAO'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); WHO Child Growth Standards 2006, WHO growth reference 2007',
      clause: 'Bảng 1, chỉ tiêu CAN_NANG: cân nặng người bệnh tính theo kg, dấu chấm thập phân (kiểm tra hợp lý, không phải quy định)',
    },
    messages: {
      vi: 'CAN_NANG = {actual} kg khó có thể đúng với người bệnh {age} tuổi (khoảng hợp lý {expected} kg); kiểm tra đơn vị (ghi kg, không ghi gam) và giá trị đã nhập',
      en: 'CAN_NANG = {actual} kg is unlikely for a patient of {age} years (plausible range {expected} kg); check the unit (kg, not grams) and the value typed',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'XML1 CAN_NANG lies within the band of the patient\'s age at NGAY_VAO: under 1 year 0.3–15 kg, 1–5 years 4–50, 6–17 years 8–160, 18 and over 20–300; each bound an option plausibility.weight.<infant|child|school|adult>.<min|max>. A warning with advice, never a failure.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const w = money(x1, 'CAN_NANG');
      const age = ageYears(val(x1, 'NGAY_SINH')?.trim() ?? '', val(x1, 'NGAY_VAO')?.trim() ?? '');
      if (!x1 || w === undefined || age === undefined) continue;
      const { min, max } = weightBand(age, ctx.options);
      const kg = Number(toPlain(w));
      const ok = kg >= min && kg <= max;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', severity: ok ? undefined : 'warning', location: loc(h, x1, 'CAN_NANG'), actual: toPlain(w), expected: `${min}–${max}`, data: { age } });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const grams = outpatientRecord();
  grams.XML1[0].CAN_NANG = '6500';
  const baby = outpatientRecord('LK20251006061');
  Object.assign(baby.XML1[0], { NGAY_SINH: '202509010000', CAN_NANG: '4.20' });
  return {
    valid: [fixture('adult of 65 kg; infant of 4.2 kg', envelopeXml([outpatientRecord(), baby]))],
    invalid: [fixture('adult weight written in hundreds of grams', envelopeXml([grams]))],
  };
});
