/** CROSS.LINE.THANH_TIEN_BH — line amount in the BHYT scope = round(SO_LUONG × DON_GIA(_BH) × TYLE_TT_BH/100, 2). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { mul, type Decimal } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { decimalOf, failOrWarn, fmt2, has, loc, money, moneyEqual, moneyTolerance, rowsOf, val } from '../../pilot/rule-helpers.ts';

const HUNDRED: Decimal = { units: 100n, scale: 0 };
const PRICE_FIELDS = [['XML2', 'DON_GIA'], ['XML3', 'DON_GIA_BH']] as const;

const pct = (a: Decimal, p: Decimal): Decimal => {
  const m = mul(a, p);
  return { units: m.units, scale: m.scale + 2 };
};

export const rule: Rule = {
  meta: {
    id: 'CROSS.LINE.THANH_TIEN_BH',
    severity: 'error',
    tables: ['XML2', 'XML3'],
    fields: ['THANH_TIEN_BH', 'SO_LUONG', 'DON_GIA', 'DON_GIA_BH', 'TYLE_TT_BH', 'TYLE_TT_DV'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Phụ lục, Bảng 2 và Bảng 3, chỉ tiêu THANH_TIEN_BH (= SO_LUONG × DON_GIA(_BH) × TYLE_TT_BH/100, làm tròn 2 chữ số; Bảng 3 các trường hợp giường ghép, khám lần 2… nhân thêm TYLE_TT_DV)',
    },
    messages: {
      vi: 'THANH_TIEN_BH = {actual} nhưng SO_LUONG × đơn giá BH × TYLE_TT_BH/100 = {expected}; hãy ghi THANH_TIEN_BH = {expected}',
      en: 'THANH_TIEN_BH = {actual} but SO_LUONG × BHYT unit price × TYLE_TT_BH/100 = {expected}; write THANH_TIEN_BH = {expected}',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML2: THANH_TIEN_BH = SO_LUONG × DON_GIA × TYLE_TT_BH/100; XML3: SO_LUONG × DON_GIA_BH × TYLE_TT_BH/100, with or without × TYLE_TT_DV/100 (both accepted); lines with a package ceiling T_TRANTT are not checked. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const [table, priceField] of PRICE_FIELDS) {
        for (const row of rowsOf(h, table)) {
          const q = money(row, 'SO_LUONG');
          const p = money(row, priceField);
          const bh = money(row, 'THANH_TIEN_BH');
          const tyleBh = money(row, 'TYLE_TT_BH');
          if (!q || !p || !bh || !tyleBh || has(row, 'T_TRANTT')) {
            if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'THANH_TIEN_BH'), reason: 'inputs missing or a package ceiling (T_TRANTT) applies' });
            continue;
          }
          const base = pct(mul(q, p), tyleBh);
          // TYLE_TT_DV absent counts as 100; present but not a decimal: no second candidate
          const tyleDvText = table === 'XML3' ? val(row, 'TYLE_TT_DV') : undefined;
          const tyleDv = table !== 'XML3' ? undefined : tyleDvText === undefined ? HUNDRED : decimalOf(tyleDvText);
          const ok = moneyEqual(bh, base, tol) || (tyleDv !== undefined && moneyEqual(bh, pct(base, tyleDv), tol));
          if (ok && ctx.counted('pass', row.table)) continue;
          const candidates = tyleDv !== undefined ? [base, pct(base, tyleDv)] : [base];
          ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'THANH_TIEN_BH'), actual: val(row, 'THANH_TIEN_BH'), expected: candidates.map(fmt2).filter((v, i, a) => a.indexOf(v) === i).join(' | ') });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  // Drug paid at 50 % by the fund (TYLE_TT_BH 50); shared bed at 50 % (TYLE_TT_DV 50) applied to both amounts.
  const rated = inpatientRecord();
  rated.XML2[1].TYLE_TT_BH = '50';
  rated.XML3[3].TYLE_TT_DV = '50';
  priceRecord(rated);
  const wrong = inpatientRecord();
  wrong.XML2[1].TYLE_TT_BH = '50'; // amount left at 100 %

  return {
    valid: [fixture('base record', envelopeXml([inpatientRecord()])), fixture('rates applied', envelopeXml([rated]))],
    invalid: [fixture('TYLE_TT_BH 50 % not applied (strict profile)', envelopeXml([wrong]), { profile: 'strict' })],
  };
});
