/** PILOT.TIMELINESS.SEND_AFTER_VISIT — data sent right after the visit ends (by the next working day). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc } from '../../pilot/rule-helpers.ts';
import { forEachTimeliness } from '../../pilot/timeliness.ts';

export const rule: Rule = {
  meta: {
    id: 'PILOT.TIMELINESS.SEND_AFTER_VISIT',
    severity: 'warning',
    tables: ['XML1'],
    fields: ['NGAY_RA'],
    citation: { decision: 'TT 48/2017/TT-BYT; QĐ 2733/QĐ-BYT', clause: 'TT 48 Điều 6 khoản 1 (gửi dữ liệu ngay sau khi kết thúc lần khám/ra viện); QĐ 2733 PL01 Điều 5 bước 6 (ký số và gửi sau khi kết thúc đợt KCB)' },
    messages: {
      vi: 'Nhận lúc {actual}, {hours} giờ ({workingDays} ngày làm việc) sau NGAY_RA {ngayRa}; cần gửi chậm nhất hết ngày {expected}',
      en: 'Received at {actual}, {hours} h ({workingDays} working days) after NGAY_RA {ngayRa}; send by the end of {expected}',
    },
    since: 'TT48',
    confidence: 'high',
    description_en: 'Receipt (options.receivedAt) is no later than the end of the n-th working day after NGAY_RA (timeliness.sendWorkingDays, default 1; weekends and options.holidays excluded). Warning; not-applicable without receivedAt.',
  },
  check(ctx) {
    forEachTimeliness(ctx, (h, x1, t, why) => {
      const data = { hours: t.delayHours, workingDays: t.workingDays, ngayRa: t.ngayRa };
      // Received before the visit ended means NGAY_RA lies in the future: a warning with negative hours.
      const ok = t.delayMinutes >= 0 && t.receivedLocal.slice(0, 8) <= t.sendDeadline;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', location: loc(h, x1, 'NGAY_RA'), actual: t.receivedLocal, expected: t.sendDeadline, data, reason: why?.reason, reason_vi: why?.reason_vi });
    });
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  // Visit ended Friday 10/10/2025 10:30 (Vietnam); next working day Monday 13/10.
  const friday = outpatientRecord();
  Object.assign(friday.XML1[0], { NGAY_VAO: '202510100800', NGAY_RA: '202510101030' });

  return {
    valid: [
      fixture('sent the same afternoon', envelopeXml([outpatientRecord()]), { receivedAt: '2025-10-06T09:00:00Z' }),
      fixture('Friday visit sent Monday (weekend skipped)', envelopeXml([friday]), { receivedAt: '2025-10-13T08:00:00+07:00' }),
    ],
    invalid: [fixture('Friday visit sent Tuesday', envelopeXml([friday]), { receivedAt: '2025-10-14T02:00:00Z' })],
  };
});
