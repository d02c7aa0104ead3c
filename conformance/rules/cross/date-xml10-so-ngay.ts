/** CROSS.DATE.XML10_SO_NGAY — XML10 SO_NGAY matches TU_NGAY…DEN_NGAY (by the formula or by the appendix's own example). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { failOrWarn, loc, rowsOf, val, when } from '../../pilot/rule-helpers.ts';
import { dayOf } from './claim-helpers.ts';
import { pregnancyLeaveRecord } from './leave-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.XML10_SO_NGAY',
    severity: 'error',
    tables: ['XML10'],
    fields: ['SO_NGAY', 'TU_NGAY', 'DEN_NGAY'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Bảng 10, chỉ tiêu SO_NGAY (SO_NGAY = DEN_NGAY − TU_NGAY) và TU_NGAY (ví dụ: nghỉ 30 ngày từ 13/7 đến 11/8)' },
    messages: {
      vi: 'SO_NGAY = {actual} không khớp khoảng nghỉ {from} – {to} ({expected}); ghi số ngày nghỉ đúng với ngày bắt đầu và ngày kết thúc',
      en: 'SO_NGAY = {actual} does not match the leave {from} – {to} ({expected}); write the number of days matching the start and end dates',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML10 SO_NGAY ≥ 1 and equals DEN_NGAY − TU_NGAY (the formula of the text) or DEN_NGAY − TU_NGAY + 1 (the worked example of the same text counts both days); both are accepted. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML10')) {
        const n = val(row, 'SO_NGAY')?.trim();
        const tu = when(row, 'TU_NGAY');
        const den = when(row, 'DEN_NGAY');
        if (n === undefined || !/^\d+$/.test(n) || tu === undefined || den === undefined) continue;
        const diff = dayOf(den) - dayOf(tu);
        const ok = Number(n) >= 1 && (Number(n) === diff || Number(n) === diff + 1);
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'SO_NGAY'), actual: n, expected: `${diff} hoặc ${diff + 1}`, data: { from: val(row, 'TU_NGAY')!, to: val(row, 'DEN_NGAY')! } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('10 days from 06/10 to 15/10 (both days counted)', envelopeXml([pregnancyLeaveRecord()]))],
    invalid: [fixture('20 days from 06/10 to 15/10', envelopeXml([pregnancyLeaveRecord('20')]), { profile: 'strict' })],
  };
});
