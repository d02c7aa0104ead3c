/** CROSS.DATE.REEXAM_AFTER_DISCHARGE — every NGAY_TAI_KHAM is on or after the discharge day. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { dayNumber } from '../../calendar.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { loc, show, stayOf } from '../../pilot/rule-helpers.ts';
import { dayOf, items } from './claim-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.REEXAM_AFTER_DISCHARGE',
    severity: 'error',
    tables: ['XML1'],
    fields: ['NGAY_TAI_KHAM', 'NGAY_RA'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Bảng 1, chỉ tiêu NGAY_TAI_KHAM: ngày cơ sở KBCB hẹn người bệnh tái khám tiếp theo (nhiều ngày cách nhau bằng dấu chấm phẩy)' },
    messages: {
      vi: 'Ngày hẹn tái khám {actual} trước ngày ra viện ({expected}); ngày tái khám là ngày hẹn sau đợt KBCB này; hãy ghi ngày hẹn từ {expected}',
      en: 'Re-exam date {actual} is before the discharge day ({expected}); a re-exam is an appointment after this visit; write a date {expected}',
    },
    since: '4750',
    confidence: 'high',
    description_en: 'Each yyyymmdd item of XML1 NGAY_TAI_KHAM is on or after the date of NGAY_RA (items that are not dates are left to the field rules).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      if (!stay) continue;
      for (const item of items(stay.x1, 'NGAY_TAI_KHAM')) {
        const day = dayNumber(item.slice(0, 8));
        if (day === undefined) continue;
        const ok = day >= dayOf(stay.ra);
        if (!(ok && ctx.counted('pass', stay.x1.table))) ctx.report({ outcome: ok ? 'pass' : 'fail', location: loc(h, stay.x1, 'NGAY_TAI_KHAM'), actual: item, expected: `≥ ${show(stay.x1, 'NGAY_RA').slice(0, 8)}` });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const before = inpatientRecord();
  before.XML1[0].NGAY_TAI_KHAM = '20251020;20251009';

  return {
    valid: [fixture('re-exam ten days after discharge', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('second re-exam date the day before discharge', envelopeXml([before]))],
  };
});
