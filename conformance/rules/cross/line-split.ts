/** CROSS.LINE.SPLIT — per line, THANH_TIEN_BV = T_BHTT + T_BNCCT + T_BNTT + T_NGUONKHAC. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { add, ZERO, type Decimal } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, fmt2, loc, money, moneyEqual, moneyTolerance, linesOf, val } from '../../pilot/rule-helpers.ts';

const PARTS = ['T_BHTT', 'T_BNCCT', 'T_BNTT', 'T_NGUONKHAC'];

export const rule: Rule = {
  meta: {
    id: 'CROSS.LINE.SPLIT',
    severity: 'error',
    tables: ['XML2', 'XML3'],
    fields: ['THANH_TIEN_BV', ...PARTS],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Phụ lục, Bảng 2 và Bảng 3, chỉ tiêu T_BHTT, T_BNCCT, T_BNTT, T_NGUONKHAC (phân chia chi phí của dòng); bảng kiểm tra BHXH: "theo file công thức"',
    },
    messages: {
      vi: 'THANH_TIEN_BV = {actual} nhưng T_BHTT + T_BNCCT + T_BNTT + T_NGUONKHAC = {expected}; hãy ghi bốn phần sao cho tổng bằng THANH_TIEN_BV',
      en: 'THANH_TIEN_BV = {actual} but T_BHTT + T_BNCCT + T_BNTT + T_NGUONKHAC = {expected}; write the four parts so that they add up to THANH_TIEN_BV',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'Each XML2/XML3 line is fully split between the fund, co-payment, out-of-scope payment and other sources. Medium (BHXH formula file not published): warning unless profile strict.',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of linesOf(h)) {
        const bv = money(row, 'THANH_TIEN_BV');
        // the four parts, added in order as they are read; any missing one stops the check
        let expected: Decimal | undefined = ZERO;
        if (bv) {
          for (const p of PARTS) {
            const d = money(row, p);
            if (!d) {
              expected = undefined;
              break;
            }
            expected = add(expected, d);
          }
        }
        if (!bv || !expected) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'THANH_TIEN_BV'), reason: 'THANH_TIEN_BV or one of T_BHTT, T_BNCCT, T_BNTT, T_NGUONKHAC missing or not a decimal' });
          continue;
        }
        const ok = moneyEqual(bv, expected, tol);
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'THANH_TIEN_BV'), actual: val(row, 'THANH_TIEN_BV'), expected: fmt2(expected) });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const wrong = inpatientRecord();
  wrong.XML2[0].T_BHTT = '29000.00';

  return {
    valid: [fixture('priced base record', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('fund share lowered without moving the rest', envelopeXml([wrong]), { profile: 'strict' })],
  };
});
