/** PILOT.TIMELINESS.FINALISE_WORKING_DAYS — the record is finalised within 7 working days of the visit end. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { loc } from '../../pilot/rule-helpers.ts';
import { forEachTimeliness } from '../../pilot/timeliness.ts';

export const rule: Rule = {
  meta: {
    id: 'PILOT.TIMELINESS.FINALISE_WORKING_DAYS',
    severity: 'warning',
    tables: ['XML1'],
    fields: ['NGAY_RA'],
    citation: { decision: 'TT 48/2017/TT-BYT; QĐ 2733/QĐ-BYT', clause: 'TT 48 Điều 7 khoản 1 (hoàn thiện, cập nhật dữ liệu trong 7 ngày làm việc); QĐ 2733 PL01 Điều 5 bước 6 (điều kiện C8)' },
    messages: {
      vi: 'Hồ sơ nhận lúc {actual}, {workingDays} ngày làm việc ({hours} giờ) sau NGAY_RA; cần gửi chậm nhất hết ngày {expected}',
      en: 'Record received at {actual}, {workingDays} working days ({hours} h) after NGAY_RA; send by the end of {expected}',
    },
    since: 'TT48',
    confidence: 'high',
    description_en: 'Receipt is within timeliness.finaliseWorkingDays (default 7) working days after NGAY_RA (Vietnamese public holidays 2024–2026 by default, options.holidays replaces them). Warning; not-applicable without receivedAt.',
  },
  check(ctx) {
    forEachTimeliness(ctx, (h, x1, t, why) => {
      const ok = t.delayMinutes < 0 || t.receivedLocal.slice(0, 8) <= t.finaliseDeadline;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', location: loc(h, x1, 'NGAY_RA'), actual: t.receivedLocal, expected: t.finaliseDeadline, data: { workingDays: t.workingDays, hours: t.delayHours }, reason: why?.reason, reason_vi: why?.reason_vi });
    });
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  // Discharged Friday 06/02/2026; Tết Bính Ngọ closes 14–22/02: the 7th working day is 24/02/2026.
  const beforeTet = inpatientRecord();
  Object.assign(beforeTet.XML1[0], { NGAY_VAO: '202602020800', NGAY_VAO_NOI_TRU: '202602020900', NGAY_RA: '202602061000', NAM_QT: '2026', THANG_QT: '2' });

  return {
    valid: [fixture('sent on the 7th working day, Tết skipped', envelopeXml([beforeTet]), { receivedAt: '2026-02-24T16:00:00+07:00' })],
    invalid: [
      fixture('sent the 8th working day after Tết', envelopeXml([beforeTet]), { receivedAt: '2026-02-25T09:00:00+07:00' }),
      fixture('same dates with no holidays configured: 7 working days end 17/02', envelopeXml([beforeTet]), { receivedAt: '2026-02-20T09:00:00+07:00', holidays: [] }),
    ],
  };
});
