/** CROSS.XML2.THANH_TIEN_BV — drug line amount = round(SO_LUONG × DON_GIA, 2). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { mul } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { fmt2, loc, money, moneyEqual, moneyTolerance, rowsOf, val } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.XML2.THANH_TIEN_BV',
    severity: 'error',
    tables: ['XML2'],
    fields: ['THANH_TIEN_BV', 'SO_LUONG', 'DON_GIA'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 2, chỉ tiêu THANH_TIEN_BV (= SO_LUONG × DON_GIA, làm tròn 2 chữ số thập phân)' },
    messages: {
      vi: 'THANH_TIEN_BV = {actual} nhưng SO_LUONG × DON_GIA = {expected} ({soLuong} × {donGia}); hãy ghi THANH_TIEN_BV = {expected}',
      en: 'THANH_TIEN_BV = {actual} but SO_LUONG × DON_GIA = {expected} ({soLuong} × {donGia}); write THANH_TIEN_BV = {expected}',
    },
    since: '130',
    confidence: 'high',
    description_en: 'XML2 THANH_TIEN_BV equals SO_LUONG × DON_GIA rounded half-up to 2 decimals (exact decimal; tolerance option money.tolerance, default 0).',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML2')) {
        const q = money(row, 'SO_LUONG');
        const p = money(row, 'DON_GIA');
        const t = money(row, 'THANH_TIEN_BV');
        if (!q || !p || !t) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'THANH_TIEN_BV'), reason: 'SO_LUONG, DON_GIA or THANH_TIEN_BV missing or not a decimal (reported by the field rules)' });
          continue;
        }
        const expected = mul(q, p);
        if (!((moneyEqual(t, expected, tol)) && ctx.counted('pass', row.table))) ctx.report({
          outcome: moneyEqual(t, expected, tol) ? 'pass' : 'fail',
          location: loc(h, row, 'THANH_TIEN_BV'),
          actual: val(row, 'THANH_TIEN_BV'),
          expected: fmt2(expected),
          data: { soLuong: val(row, 'SO_LUONG')!, donGia: val(row, 'DON_GIA')! },
        });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const wrong = outpatientRecord();
  wrong.XML2[0].THANH_TIEN_BV = '37036.94'; // 30 × 1234.565 = 37036.95 exactly
  const floatTrap = outpatientRecord();
  floatTrap.XML2[0].SO_LUONG = '3';
  floatTrap.XML2[0].DON_GIA = '1234.565';
  floatTrap.XML2[0].THANH_TIEN_BV = '3703.70'; // exact 3703.695 rounds half-up to 3703.70

  return {
    valid: [fixture('30 × 1234.565 = 37036.95', envelopeXml([outpatientRecord()])), fixture('3 × 1234.565 = 3703.695 → 3703.70', envelopeXml([floatTrap]))],
    invalid: [fixture('one cent off', envelopeXml([wrong]))],
  };
});
