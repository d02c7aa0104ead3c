/** CROSS.DATE.XML11_ORDER — the sick leave of XML11 ends on or after it starts (DEN_NGAY ≥ TU_NGAY). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { loc, rowsOf, show, when } from '../../pilot/rule-helpers.ts';
import { sickLeaveRecord } from './leave-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.XML11_ORDER',
    severity: 'error',
    tables: ['XML11'],
    fields: ['TU_NGAY', 'DEN_NGAY'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Bảng 11, chỉ tiêu TU_NGAY (ngày bắt đầu hưởng chế độ) và DEN_NGAY (ngày kết thúc hưởng chế độ)' },
    messages: { vi: 'DEN_NGAY = {actual} trước TU_NGAY = {expected}; ngày kết thúc nghỉ không được trước ngày bắt đầu nghỉ; hãy ghi DEN_NGAY từ {expected} trở đi', en: 'DEN_NGAY = {actual} is before TU_NGAY = {expected}; the leave cannot end before it starts; write DEN_NGAY on or after {expected}' },
    since: '130',
    confidence: 'high',
    description_en: 'XML11 DEN_NGAY ≥ TU_NGAY.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML11')) {
        const tu = when(row, 'TU_NGAY');
        const den = when(row, 'DEN_NGAY');
        if (tu === undefined || den === undefined) continue;
        if (!((den >= tu) && ctx.counted('pass', row.table))) ctx.report({ outcome: den >= tu ? 'pass' : 'fail', location: loc(h, row, 'DEN_NGAY'), actual: show(row, 'DEN_NGAY'), expected: show(row, 'TU_NGAY') });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('three days from the exam day', envelopeXml([sickLeaveRecord()]))],
    invalid: [fixture('leave ending before it starts', envelopeXml([sickLeaveRecord('3', '20251006', '20251004')]))],
  };
});
