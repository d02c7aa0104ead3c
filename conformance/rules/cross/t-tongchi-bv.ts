/** CROSS.T_TONGCHI_BV.SUM — XML1 T_TONGCHI_BV = Σ THANH_TIEN_BV of XML2 and XML3. */
import { totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_TONGCHI_BV',
  lineField: 'THANH_TIEN_BV',
  tables: ['XML2', 'XML3'],
  pickText_vi: 'của Bảng 2 và Bảng 3',
  pickText_en: 'of XML2 and XML3',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_TONGCHI_BV (tổng THANH_TIEN_BV của Bảng 2 và Bảng 3)',
  confidence: 'high',
  breakRecord: (rec) => {
    rec.XML1[0].T_TONGCHI_BV = '984000.00';
  },
});
