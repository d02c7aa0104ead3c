/** CROSS.T_BNCCT.SUM — XML1 T_BNCCT = Σ T_BNCCT of XML2 and XML3. */
import { totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_BNCCT',
  lineField: 'T_BNCCT',
  tables: ['XML2', 'XML3'],
  pickText_vi: 'của Bảng 2 và Bảng 3',
  pickText_en: 'of XML2 and XML3',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_BNCCT (tổng T_BNCCT các dòng của Bảng 2 và Bảng 3)',
  confidence: 'high',
  breakRecord: (rec) => {
    rec.XML1[0].T_BNCCT = '196927.60';
  },
});
