/** CROSS.XML3.THANH_TIEN_BV — service/supply line amount = round(SO_LUONG × DON_GIA_BV × TYLE_TT_DV / 100, 2). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { mul, parseDecimal } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { failOrWarn, fmt2, loc, money, moneyEqual, moneyTolerance, rowsOf, val } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.XML3.THANH_TIEN_BV',
    severity: 'error',
    tables: ['XML3'],
    fields: ['THANH_TIEN_BV', 'SO_LUONG', 'DON_GIA_BV', 'TYLE_TT_DV'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Phụ lục, Bảng 3, chỉ tiêu THANH_TIEN_BV (= SO_LUONG × DON_GIA_BV × TYLE_TT_DV, làm tròn 2 chữ số; TYLE_TT_DV theo phần trăm)',
    },
    messages: {
      vi: 'THANH_TIEN_BV = {actual} nhưng SO_LUONG × DON_GIA_BV × TYLE_TT_DV/100 = {expected} ({soLuong} × {donGia} × {tyle}%); hãy ghi THANH_TIEN_BV = {expected}',
      en: 'THANH_TIEN_BV = {actual} but SO_LUONG × DON_GIA_BV × TYLE_TT_DV/100 = {expected} ({soLuong} × {donGia} × {tyle}%); write THANH_TIEN_BV = {expected}',
    },
    since: '4750',
    confidence: 'medium',
    description_en: 'XML3 THANH_TIEN_BV equals SO_LUONG × DON_GIA_BV × TYLE_TT_DV/100 rounded to 2 decimals (TYLE_TT_DV empty = 100). Medium: formula read from the appendix text; warning unless profile strict.',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML3')) {
        const q = money(row, 'SO_LUONG');
        const p = money(row, 'DON_GIA_BV');
        const t = money(row, 'THANH_TIEN_BV');
        const tyleText = val(row, 'TYLE_TT_DV') ?? '100';
        const tyle = parseDecimal(tyleText.trim());
        if (!q || !p || !t || !tyle) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'THANH_TIEN_BV'), reason: 'SO_LUONG, DON_GIA_BV, TYLE_TT_DV or THANH_TIEN_BV missing or not a decimal (reported by the field rules)' });
          continue;
        }
        const raw = mul(mul(q, p), tyle);
        const expected = { units: raw.units, scale: raw.scale + 2 };
        const ok = moneyEqual(t, expected, tol);
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({
          outcome: ok ? 'pass' : verdict.outcome,
          severity: ok ? undefined : verdict.severity,
          location: loc(h, row, 'THANH_TIEN_BV'),
          actual: val(row, 'THANH_TIEN_BV'),
          expected: fmt2(expected),
          data: { soLuong: val(row, 'SO_LUONG')!, donGia: val(row, 'DON_GIA_BV')!, tyle: tyleText },
        });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  // Shared bed at 50 %: 4 days × 220100 × 50 % = 440200.00
  const shared = inpatientRecord();
  shared.XML3[3].TYLE_TT_DV = '50';
  priceRecord(shared);
  const ignoredRate = inpatientRecord();
  ignoredRate.XML3[3].TYLE_TT_DV = '50'; // amount left at 100 %

  return {
    valid: [fixture('base inpatient record', envelopeXml([inpatientRecord()])), fixture('shared bed at 50 %', envelopeXml([shared]))],
    invalid: [fixture('TYLE_TT_DV 50 % not applied (strict profile)', envelopeXml([ignoredRate]), { profile: 'strict' })],
  };
});
