/** CROSS.T_NGUONKHAC.SUM — XML1 T_NGUONKHAC = Σ T_NGUONKHAC of XML2 and XML3. */
import { totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_NGUONKHAC',
  lineField: 'T_NGUONKHAC',
  tables: ['XML2', 'XML3'],
  pickText_vi: 'của Bảng 2 và Bảng 3',
  pickText_en: 'of XML2 and XML3',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_NGUONKHAC (tổng T_NGUONKHAC các dòng của Bảng 2 và Bảng 3)',
  confidence: 'high',
  breakRecord: (rec) => {
    rec.XML1[0].T_NGUONKHAC = '5000.00';
  },
});
