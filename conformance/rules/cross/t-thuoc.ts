/** CROSS.T_THUOC.SUM — XML1 T_THUOC = Σ THANH_TIEN_BV of the drug lines (XML2). */
import { totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_THUOC',
  lineField: 'THANH_TIEN_BV',
  tables: ['XML2'],
  pickText_vi: 'của các dòng thuốc (Bảng 2)',
  pickText_en: 'of the drug lines (XML2)',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_THUOC (tổng THANH_TIEN_BV của Bảng 2)',
  confidence: 'high',
  breakRecord: (rec) => {
    rec.XML1[0].T_THUOC = '42036.96';
  },
});
