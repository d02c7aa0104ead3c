/** CROSS.DATE.XML11_SO_NGAY_NGHI — SO_NGAY_NGHI is at least 1 and counts the days from TU_NGAY to DEN_NGAY. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { failOrWarn, loc, rowsOf, val, when } from '../../pilot/rule-helpers.ts';
import { dayOf } from './claim-helpers.ts';
import { sickLeaveRecord } from './leave-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.XML11_SO_NGAY_NGHI',
    severity: 'error',
    tables: ['XML11'],
    fields: ['SO_NGAY_NGHI', 'TU_NGAY', 'DEN_NGAY'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); Luật BHXH (thời gian nghỉ tính cả ngày bắt đầu và ngày kết thúc)', clause: 'Bảng 11, chỉ tiêu SO_NGAY_NGHI, TU_NGAY, DEN_NGAY' },
    messages: {
      vi: 'SO_NGAY_NGHI = {actual} nhưng từ {from} đến {to} là {expected} ngày (tính cả hai ngày); ghi số ngày nghỉ khớp với hai ngày này',
      en: 'SO_NGAY_NGHI = {actual} but {from} to {to} is {expected} days (both days counted); write the number of days matching the dates',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML11 SO_NGAY_NGHI ≥ 1 and = DEN_NGAY − TU_NGAY + 1 (both days counted, as the Bảng 10 example counts 13/7–11/8 as 30 days). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML11')) {
        const n = val(row, 'SO_NGAY_NGHI')?.trim();
        const tu = when(row, 'TU_NGAY');
        const den = when(row, 'DEN_NGAY');
        if (n === undefined || !/^\d+$/.test(n) || tu === undefined || den === undefined || den < tu) continue;
        const expected = dayOf(den) - dayOf(tu) + 1;
        const ok = Number(n) >= 1 && Number(n) === expected;
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'SO_NGAY_NGHI'), actual: n, expected: String(expected), data: { from: val(row, 'TU_NGAY')!, to: val(row, 'DEN_NGAY')! } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('3 days from 06/10 to 08/10', envelopeXml([sickLeaveRecord()]))],
    invalid: [
      fixture('0 days from 06/10 to 08/10', envelopeXml([sickLeaveRecord('0')]), { profile: 'strict' }),
      fixture('5 days from 06/10 to 08/10', envelopeXml([sickLeaveRecord('5')]), { profile: 'strict' }),
    ],
  };
});
