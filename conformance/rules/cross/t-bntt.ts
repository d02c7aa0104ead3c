/** CROSS.T_BNTT.SUM — XML1 T_BNTT = Σ T_BNTT of XML2 and XML3. */
import { totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_BNTT',
  lineField: 'T_BNTT',
  tables: ['XML2', 'XML3'],
  pickText_vi: 'của Bảng 2 và Bảng 3',
  pickText_en: 'of XML2 and XML3',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_BNTT (tổng T_BNTT các dòng của Bảng 2 và Bảng 3)',
  confidence: 'high',
  breakRecord: (rec) => {
    rec.XML1[0].T_BNTT = '100.00';
  },
});
