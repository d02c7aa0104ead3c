/** CROSS.T_VTYT.SUM — XML1 T_VTYT = Σ THANH_TIEN_BV of the supply lines (XML3, MA_NHOM 10/11). */
import { val } from '../../pilot/rule-helpers.ts';
import { SUPPLY_GROUPS, totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_VTYT',
  lineField: 'THANH_TIEN_BV',
  tables: ['XML3'],
  pick: (_t, r) => SUPPLY_GROUPS.has(val(r, 'MA_NHOM')?.trim() ?? ''),
  pickText_vi: 'của các dòng VTYT (Bảng 3, MA_NHOM 10/11)',
  pickText_en: 'of the supply lines (XML3, MA_NHOM 10/11)',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_VTYT (tổng THANH_TIEN_BV các dòng VTYT của Bảng 3)',
  confidence: 'high',
  breakRecord: (rec) => {
    rec.XML1[0].T_VTYT = '2101.00';
  },
});
