/** CROSS.DATE.XML11_IN_VISIT — the sick leave of XML11 starts by discharge and does not end before admission. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { failOrWarn, loc, rowsOf, show, stayOf, when } from '../../pilot/rule-helpers.ts';
import { dayOf } from './claim-helpers.ts';
import { sickLeaveRecord } from './leave-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.XML11_IN_VISIT',
    severity: 'error',
    scope: 'package',
    tables: ['XML11', 'XML1'],
    fields: ['TU_NGAY', 'DEN_NGAY', 'NGAY_VAO', 'NGAY_RA'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Bảng 11, chỉ tiêu TU_NGAY: ngày bắt đầu hưởng chế độ phải trùng khớp với ngày người bệnh đến khám' },
    messages: {
      vi: '{field} = {actual} nằm ngoài đợt KBCB ({expected}); ngày bắt đầu nghỉ là ngày người bệnh đến khám, không sau ngày ra viện, và ngày kết thúc không trước ngày vào; hãy ghi ngày trong khoảng {expected}',
      en: '{field} = {actual} lies outside the visit ({expected}); the leave starts on the day the patient came, not after discharge, and does not end before admission; write a date within {expected}',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML11 TU_NGAY is not after the date of XML1 NGAY_RA and DEN_NGAY is not before the date of NGAY_VAO (the text ties TU_NGAY to the day of the visit). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      if (!stay) continue;
      const window = `${show(stay.x1, 'NGAY_VAO').slice(0, 8)} – ${show(stay.x1, 'NGAY_RA').slice(0, 8)}`;
      for (const row of rowsOf(h, 'XML11')) {
        const tu = when(row, 'TU_NGAY');
        const den = when(row, 'DEN_NGAY');
        if (tu !== undefined) {
          const ok = dayOf(tu) <= dayOf(stay.ra);
          if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'TU_NGAY'), actual: show(row, 'TU_NGAY'), expected: window });
        }
        if (den !== undefined) {
          const ok = dayOf(den) >= dayOf(stay.vao);
          if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'DEN_NGAY'), actual: show(row, 'DEN_NGAY'), expected: window });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('leave from the exam day', envelopeXml([sickLeaveRecord()]))],
    invalid: [
      fixture('leave starting the day after the exam', envelopeXml([sickLeaveRecord('3', '20251007', '20251009')]), { profile: 'strict' }),
      fixture('leave ending before the exam', envelopeXml([sickLeaveRecord('3', '20251002', '20251004')]), { profile: 'strict' }),
    ],
  };
});
