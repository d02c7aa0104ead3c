/** PILOT.TIMELINESS.MONTHLY_DEADLINE — costs of a month are received before the 5th of the next month. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc } from '../../pilot/rule-helpers.ts';
import { forEachTimeliness } from '../../pilot/timeliness.ts';

export const rule: Rule = {
  meta: {
    id: 'PILOT.TIMELINESS.MONTHLY_DEADLINE',
    severity: 'warning',
    tables: ['XML1'],
    fields: ['NGAY_RA', 'NAM_QT', 'THANG_QT'],
    citation: { decision: 'TT 48/2017/TT-BYT', clause: 'Điều 6–7 (dữ liệu chi phí của tháng gửi trước ngày 05 của tháng sau; khoản cụ thể chưa đối chiếu với văn bản gốc)' },
    messages: {
      vi: 'Chi phí tháng {month} nhận ngày {actual}; cần gửi trước ngày {expected}',
      en: 'Costs of {month} received on {actual}; send before {expected}',
    },
    since: 'TT48',
    confidence: 'medium',
    description_en: 'Receipt is before day timeliness.monthlyDeadlineDay (default 5) of the month after the settlement month (NAM_QT/THANG_QT, else the month of NGAY_RA). Warning; not-applicable without receivedAt.',
  },
  check(ctx) {
    forEachTimeliness(
      ctx,
      (h, x1, t, why) => {
        const ok = t.receivedLocal.slice(0, 8) < t.monthlyDeadline;
        if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', location: loc(h, x1, 'THANG_QT'), actual: t.receivedLocal.slice(0, 8), expected: t.monthlyDeadline, data: { month: t.settlementMonth }, reason: why?.reason, reason_vi: why?.reason_vi });
      },
      { settlement: true },
    );
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  // Visit on 31/10/2025 (month end), settled in 10/2025.
  const monthEnd = outpatientRecord();
  Object.assign(monthEnd.XML1[0], { NGAY_VAO: '202510310800', NGAY_RA: '202510311030' });

  return {
    valid: [fixture('received 04/11', envelopeXml([monthEnd]), { receivedAt: '2025-11-04T10:00:00+07:00' })],
    invalid: [fixture('received 05/11 (Vietnam time; 04/11 22:00 UTC)', envelopeXml([monthEnd]), { receivedAt: '2025-11-04T22:00:00Z' })],
  };
});
