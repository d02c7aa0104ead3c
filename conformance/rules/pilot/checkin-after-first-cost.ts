/** PILOT.CHECKIN.AFTER_FIRST_COST — XML0 is sent after the first cost: NGAY_YL set, not before NGAY_VAO, not after receipt. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { isoToLocalMinutes, formatLocal } from '../../calendar.ts';
import { checkinRow, checkinXml, fixture } from '../fixtures-kit.ts';
import { loc, rowsOf, show, val, when } from '../../pilot/rule-helpers.ts';

/** Emergency visits need no check-in (QĐ 4750 Điều 2); '02' is the non-canonical form seen in exports. */
export function isEmergency(maDoiTuong: string | undefined): boolean {
  const v = maDoiTuong?.trim();
  return v === '2' || v === '02';
}

export const rule: Rule = {
  meta: {
    id: 'PILOT.CHECKIN.AFTER_FIRST_COST',
    severity: 'error',
    tables: ['XML0'],
    fields: ['NGAY_YL', 'NGAY_VAO', 'NGAY_VAO_NOI_TRU', 'MA_DOITUONG_KCB'],
    citation: {
      decision: 'QĐ 4750/QĐ-BYT',
      clause: 'Điều 2 (gửi bảng check-in ngay khi phát sinh chi phí đầu tiên; khi chỉ định nội trú gửi lại khi có chi phí đầu tiên tại khoa điều trị; không cần gửi khi cấp cứu, MA_DOITUONG_KCB = 2); Bảng 0 chỉ tiêu NGAY_YL',
    },
    messages: { vi: 'Check-in gửi khi phát sinh chi phí đầu tiên: {field} = {actual}; phải ghi {expected}', en: 'Check-in is sent after the first cost: {field} = {actual}; write {expected}' },
    since: '4750',
    confidence: 'high',
    description_en: 'XML0 NGAY_YL (time of the first cost) is set, is not before NGAY_VAO (nor NGAY_VAO_NOI_TRU when re-sent for inpatient care), and the check-in is not received before it. Emergency (MA_DOITUONG_KCB 2) → not-applicable (info): no check-in needed.',
  },
  check(ctx) {
    const received = ctx.options.receivedAt ? isoToLocalMinutes(ctx.options.receivedAt) : undefined;
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML0')) {
        if (isEmergency(val(row, 'MA_DOITUONG_KCB'))) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', severity: 'info', location: loc(h, row, 'MA_DOITUONG_KCB'), reason: 'cấp cứu (MA_DOITUONG_KCB = 2): không bắt buộc gửi check-in (QĐ 4750 Điều 2) / emergency: check-in not required' });
          continue;
        }
        const yl = when(row, 'NGAY_YL');
        if (yl === undefined) {
          ctx.report({ outcome: 'fail', location: loc(h, row, 'NGAY_YL'), actual: show(row, 'NGAY_YL'), expected: 'yyyymmddHHMM' });
          continue;
        }
        const start = when(row, 'NGAY_VAO_NOI_TRU') ?? when(row, 'NGAY_VAO');
        const startField = when(row, 'NGAY_VAO_NOI_TRU') !== undefined ? 'NGAY_VAO_NOI_TRU' : 'NGAY_VAO';
        if (start !== undefined && !(yl >= start && ctx.counted('pass', row.table))) ctx.report({ outcome: yl >= start ? 'pass' : 'fail', location: loc(h, row, 'NGAY_YL'), actual: show(row, 'NGAY_YL'), expected: `≥ ${startField} ${show(row, startField)}` });
        if (received !== undefined && !(received >= yl && ctx.counted('pass', row.table))) ctx.report({ outcome: received >= yl ? 'pass' : 'fail', location: loc(h, row, 'NGAY_YL'), actual: show(row, 'NGAY_YL'), expected: `≤ receivedAt ${formatLocal(received)}` });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [
      fixture('first cost 10 minutes after arrival, received after it', checkinXml([checkinRow()]), { receivedAt: '2025-10-06T01:20:00Z' }),
      fixture('emergency check-in (not required)', checkinXml([checkinRow({ MA_DOITUONG_KCB: '2', NGAY_YL: '' })])),
    ],
    invalid: [
      fixture('first cost before arrival', checkinXml([checkinRow({ NGAY_YL: '202510060700' })])),
      fixture('no first-cost time', checkinXml([checkinRow({ NGAY_YL: '' })])),
      fixture('check-in received before the first cost', checkinXml([checkinRow()]), { receivedAt: '2025-10-06T01:05:00Z' }),
    ],
  };
});
