/**
 * CROSS.LINE.CO_PAYMENT — per XML2/XML3 line, the co-payment sits in T_BNCCT and only the out-of-scope part in
 * T_BNTT: T_BNCCT = THANH_TIEN_BH − T_BHTT − (part of T_NGUONKHAC inside the BHYT scope) and
 * T_BNTT = THANH_TIEN_BV − THANH_TIEN_BH − (part of T_NGUONKHAC outside it).
 *
 * Basis (appendix definitions, Bảng 2 and Bảng 3): THANH_TIEN_BH is the amount inside the fund's scope,
 * T_BHTT what the fund pays of it, T_BNCCT the patient's co-payment *inside* the scope, T_BNTT what the
 * patient pays *outside* the scope. How T_NGUONKHAC divides between the two scopes is not written per line,
 * so any division with both parts ≥ 0 is accepted: with T_NGUONKHAC = 0 the two equalities are exact.
 * Real 2026 exports put the co-payment into T_BNTT (T_BNCCT = 0): the XML1 total rule then blamed a correct
 * total; this rule names the line. A line whose four parts do not even add up to THANH_TIEN_BV is failed
 * by CROSS.LINE.SPLIT, and is not-applicable here (one root cause, one failure).
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { add, cmp, sub, sum, ZERO, type Decimal } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { fmt2, loc, money, moneyEqual, moneyTolerance, linesOf, val } from '../../pilot/rule-helpers.ts';

const FIELDS = ['THANH_TIEN_BV', 'THANH_TIEN_BH', 'T_BHTT', 'T_BNCCT', 'T_BNTT', 'T_NGUONKHAC'] as const;

export const rule: Rule = {
  meta: {
    id: 'CROSS.LINE.CO_PAYMENT',
    severity: 'error',
    tables: ['XML2', 'XML3'],
    fields: [...FIELDS],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Phụ lục, Bảng 2 và Bảng 3, chỉ tiêu THANH_TIEN_BH (thuộc phạm vi BHYT), T_BNCCT (cùng chi trả trong phạm vi BHYT), T_BNTT (tự trả ngoài phạm vi BHYT)',
    },
    messages: {
      vi: 'Dòng chi phí: T_BNCCT = {actual}, T_BNTT = {bntt}; theo định nghĩa phải là T_BNCCT = THANH_TIEN_BH − T_BHTT = {expected} và T_BNTT = THANH_TIEN_BV − THANH_TIEN_BH = {bnttExpected}{nguonKhacVi}. Phần người bệnh cùng chi trả trong phạm vi BHYT ghi vào T_BNCCT; T_BNTT chỉ ghi phần ngoài phạm vi BHYT. Hãy ghi T_BNCCT = {expected} và T_BNTT = {bnttExpected}',
      en: 'Cost line: T_BNCCT = {actual}, T_BNTT = {bntt}; by definition T_BNCCT = THANH_TIEN_BH − T_BHTT = {expected} and T_BNTT = THANH_TIEN_BV − THANH_TIEN_BH = {bnttExpected}{nguonKhacEn}. The co-payment inside the BHYT scope goes into T_BNCCT; T_BNTT holds only what is outside the scope. Write T_BNCCT = {expected} and T_BNTT = {bnttExpected}',
    },
    since: '130',
    confidence: 'high',
    description_en:
      'Per XML2/XML3 line: T_BNCCT = THANH_TIEN_BH − T_BHTT − k and T_BNTT = THANH_TIEN_BV − THANH_TIEN_BH − (T_NGUONKHAC − k) for some 0 ≤ k ≤ T_NGUONKHAC (exact when T_NGUONKHAC = 0). Lines whose split does not add up are left to CROSS.LINE.SPLIT.',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of linesOf(h)) {
        const m: Partial<Record<(typeof FIELDS)[number], Decimal>> = {};
        for (const f of FIELDS) m[f] = money(row, f);
        // T_NGUONKHAC absent counts as 0 (optional field); the others must be readable decimals
        const k = m.T_NGUONKHAC ?? (val(row, 'T_NGUONKHAC') === undefined ? ZERO : undefined);
        if (!m.THANH_TIEN_BV || !m.THANH_TIEN_BH || !m.T_BHTT || !m.T_BNCCT || !m.T_BNTT || !k) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'T_BNCCT'), reason: 'THANH_TIEN_BV, THANH_TIEN_BH, T_BHTT, T_BNCCT or T_BNTT missing or not a decimal (reported by the field rules)', reason_vi: 'thiếu hoặc không đọc được THANH_TIEN_BV, THANH_TIEN_BH, T_BHTT, T_BNCCT hay T_BNTT (đã báo ở quy tắc trường)' });
          continue;
        }
        if (!moneyEqual(m.THANH_TIEN_BV, sum([m.T_BHTT, m.T_BNCCT, m.T_BNTT, k]), tol)) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'T_BNCCT'), reason: 'the four parts do not add up to THANH_TIEN_BV: explained by CROSS.LINE.SPLIT', reason_vi: 'bốn phần không cộng bằng THANH_TIEN_BV: đã báo ở CROSS.LINE.SPLIT' });
          continue;
        }
        // k = the part of T_NGUONKHAC inside the scope; it must lie within [0, T_NGUONKHAC] (± tolerance)
        const expectedBncct = sub(m.THANH_TIEN_BH, m.T_BHTT);
        const inScope = sub(expectedBncct, m.T_BNCCT);
        const ok = cmp(add(inScope, tol), ZERO) >= 0 && cmp(inScope, add(k, tol)) <= 0;
        const nk = cmp(k, ZERO) !== 0;
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({
          outcome: ok ? 'pass' : 'fail',
          location: loc(h, row, 'T_BNCCT'),
          actual: val(row, 'T_BNCCT'),
          expected: fmt2(expectedBncct),
          data: {
            bntt: val(row, 'T_BNTT') ?? '',
            bnttExpected: fmt2(sub(m.THANH_TIEN_BV, m.THANH_TIEN_BH)),
            nguonKhacVi: nk ? ` (trừ đi phần T_NGUONKHAC = ${val(row, 'T_NGUONKHAC')} chi trả tương ứng)` : '',
            nguonKhacEn: nk ? ` (less the matching part of T_NGUONKHAC = ${val(row, 'T_NGUONKHAC')})` : '',
          },
        });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  /** the co-payment of every line written into T_BNTT, T_BNCCT = 0 (as seen in real exports) */
  const lumped = inpatientRecord();
  for (const t of ['XML2', 'XML3']) {
    for (const r of lumped[t] ?? []) {
      const bncct = Number(r.T_BNCCT);
      if (bncct > 0) {
        r.T_BNTT = (Number(r.T_BNTT) + bncct).toFixed(2);
        r.T_BNCCT = '0.00';
      }
    }
  }
  if (!['XML2', 'XML3'].some((t) => (lumped[t] ?? []).some((r) => r.T_BNCCT === '0.00' && Number(r.T_BNTT) > 0))) throw new Error('fixture: no co-paid line to move');

  /** another source paying part of the in-scope co-payment: T_BNCCT lowered by that part */
  const withOtherSource = outpatientRecord();
  {
    const r = (withOtherSource.XML3 ?? []).find((x) => Number(x.T_BNCCT) >= 1);
    if (!r) throw new Error('fixture: no co-paid XML3 line');
    r.T_BNCCT = (Number(r.T_BNCCT) - 1).toFixed(2);
    r.T_NGUONKHAC_NSNN = '1.00';
    r.T_NGUONKHAC = '1.00';
  }

  return {
    valid: [
      fixture('priced records, no other source', envelopeXml([outpatientRecord(), inpatientRecord()])),
      fixture('part of the co-payment paid by another source (T_NGUONKHAC)', envelopeXml([withOtherSource])),
    ],
    invalid: [fixture('co-payment written into T_BNTT on every co-paid line', envelopeXml([lumped]))],
  };
});
