/** CROSS.DATE.PAYMENT_AFTER_DISCHARGE — NGAY_TTOAN (settlement) is not on a day before NGAY_RA. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, show, stayOf, when } from '../../pilot/rule-helpers.ts';
import { dayOf } from './claim-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.PAYMENT_AFTER_DISCHARGE',
    severity: 'error',
    tables: ['XML1'],
    fields: ['NGAY_TTOAN', 'NGAY_RA'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Bảng 1, chỉ tiêu NGAY_TTOAN: thời điểm người bệnh thanh toán chi phí KBCB; ra viện mà chưa thanh toán thì để trống và bổ sung khi hoàn tất thanh toán' },
    messages: {
      vi: 'NGAY_TTOAN = {actual} là ngày trước ngày ra viện ({expected}); thanh toán chi phí được ghi khi người bệnh thanh toán lúc hoặc sau khi ra viện (tiền tạm ứng không phải thanh toán), chưa thanh toán thì để trống',
      en: 'NGAY_TTOAN = {actual} is a day before discharge ({expected}); settlement is written when the patient pays at or after discharge (an advance is not a settlement), write the payment date, or leave it write the payment date, or leave it empty while unpaid',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML1 NGAY_TTOAN is not on a calendar day before NGAY_RA (a payment earlier the same day is accepted: exam visits often pay before the record is closed). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      const paid = when(stay?.x1, 'NGAY_TTOAN');
      if (!stay || paid === undefined) continue;
      const ok = dayOf(paid) >= dayOf(stay.ra);
      if (!(ok && ctx.counted('pass', stay.x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, stay.x1, 'NGAY_TTOAN'), actual: show(stay.x1, 'NGAY_TTOAN'), expected: `≥ ${show(stay.x1, 'NGAY_RA').slice(0, 8)}` });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const early = inpatientRecord();
  early.XML1[0].NGAY_TTOAN = '202510081500';

  return {
    valid: [fixture('paid at discharge', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('settlement dated two days before discharge', envelopeXml([early]), { profile: 'strict' })],
  };
});
