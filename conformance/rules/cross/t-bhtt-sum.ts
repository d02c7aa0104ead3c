/**
 * CROSS.T_BHTT.SUM — XML1 T_BHTT = Σ T_BHTT of the XML2 and XML3 lines. Without other funding sources on the lines
 * this is exactly T_TONGCHI_BH − T_BNCCT (the Bảng 1 formula) written line by line, so a mismatch fails; when a
 * line carries T_NGUONKHAC the text does not say which side the other sources fall on, so it is a warning
 * unless profile strict.
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { add, cmp, ZERO } from '../../decimal.ts';
import type { Row } from '../../model.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, fmt2, loc, money, moneyEqual, moneyTolerance, linesOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.T_BHTT.SUM',
    severity: 'error',
    scope: 'package',
    tables: ['XML1', 'XML2', 'XML3'],
    fields: ['T_BHTT', 'T_NGUONKHAC'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 1, chỉ tiêu T_BHTT (= T_TONGCHI_BH − T_BNCCT, tổng của các dòng Bảng 2 và Bảng 3); Bảng 2, Bảng 3 chỉ tiêu T_BHTT' },
    messages: {
      vi: 'XML1 T_BHTT = {actual} nhưng tổng T_BHTT của {count} dòng Bảng 2 và Bảng 3 = {expected}; ghi T_BHTT tổng hợp bằng tổng các dòng',
      en: 'XML1 T_BHTT = {actual} but the sum of T_BHTT over {count} XML2 and XML3 lines is {expected}; write the total as the sum of the lines',
    },
    since: '130',
    confidence: 'high',
    description_en: 'XML1 T_BHTT equals Σ T_BHTT of XML2 and XML3 (exact decimal; tolerance option money.tolerance). High (fails) when no line carries other funding (T_NGUONKHAC 0 or empty); with other funding on a line, a mismatch is a warning unless profile strict.',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const total = money(x1, 'T_BHTT');
      if (!x1 || !total) continue;
      const lines = linesOf(h);
      let expected = ZERO;
      for (const r of lines) expected = add(expected, money(r, 'T_BHTT') ?? ZERO);
      let otherFunding = false;
      for (const r of lines) {
        if (cmp(money(r, 'T_NGUONKHAC') ?? ZERO, ZERO) !== 0) {
          otherFunding = true;
          break;
        }
      }
      const verdict = failOrWarn(otherFunding ? 'medium' : 'high', ctx.options);
      const ok = moneyEqual(total, expected, tol);
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, 'T_BHTT'), actual: val(x1, 'T_BHTT'), expected: fmt2(expected), data: { count: lines.length } });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const wrong = inpatientRecord();
  wrong.XML1[0].T_BHTT = wrong.XML1[0].T_TONGCHI_BH!;

  return {
    valid: [fixture('priced outpatient and inpatient records', envelopeXml([outpatientRecord(), inpatientRecord()]))],
    invalid: [fixture('T_BHTT written as T_TONGCHI_BH (co-payment not deducted)', envelopeXml([wrong]))],
  };
});
