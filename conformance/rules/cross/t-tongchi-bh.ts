/** CROSS.T_TONGCHI_BH.SUM — XML1 T_TONGCHI_BH = Σ THANH_TIEN_BH of XML2 and XML3. */
import { totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_TONGCHI_BH',
  lineField: 'THANH_TIEN_BH',
  tables: ['XML2', 'XML3'],
  pickText_vi: 'của Bảng 2 và Bảng 3',
  pickText_en: 'of XML2 and XML3',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_TONGCHI_BH (tổng THANH_TIEN_BH của Bảng 2 và Bảng 3)',
  confidence: 'high',
  breakRecord: (rec) => {
    rec.XML1[0].T_TONGCHI_BH = '984000.00';
  },
});
