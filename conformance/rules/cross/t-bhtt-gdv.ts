/**
 * CROSS.T_BHTT_GDV.SUM — XML1 T_BHTT_GDV = Σ T_BHTT of the XML2/XML3 lines paid fee-for-service (MA_PTTT 1).
 * Medium: the text's first sentence ("ngoài định suất hoặc ngoài DRG") leaves open how a facility paid only
 * fee-for-service fills it, so a mismatch is a warning unless profile strict.
 */
import { totalRule } from './total-factory.ts';

export const { rule, fixtures } = totalRule({
  total: 'T_BHTT_GDV',
  lineField: 'T_BHTT',
  tables: ['XML2', 'XML3'],
  pick: (_t, r) => r.values.get('MA_PTTT')?.value.trim() === '1',
  pickText_vi: 'của các dòng XML2, XML3 có MA_PTTT = 1 (phí dịch vụ)',
  pickText_en: 'over XML2 and XML3 lines with MA_PTTT = 1 (fee for service)',
  clause: 'Phụ lục, Bảng 1, chỉ tiêu T_BHTT_GDV (số tiền T_BHTT tại bảng XML2 và XML3 đối với các chi phí có MA_PTTT là "1" (phí dịch vụ))',
  confidence: 'medium',
  breakRecord: (rec) => {
    rec.XML1[0].T_BHTT_GDV = '0';
  },
});
