/** CROSS.BED.UNDER_4H — an inpatient stay under 4 hours (MA_LOAI_KCB 09) bills no bed-day. */
import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { bedByTypeRule } from './bed-visit-type.ts';

function under4h(withBed: boolean) {
  const rec = inpatientRecord();
  Object.assign(rec.XML1[0], { MA_LOAI_KCB: '09', NGAY_RA: '202510061130', NGAY_TTOAN: '202510061130', SO_NGAY_DTRI: '0' });
  const bed = rec.XML3.find((r) => r.MA_NHOM === '15')!;
  if (withBed) Object.assign(bed, { SO_LUONG: '1', NGAY_KQ: '202510061130' });
  else rec.XML3.splice(rec.XML3.indexOf(bed), 1);
  return priceRecord(rec);
}

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('stay of 2.5 hours without a bed-day', envelopeXml([under4h(false)], { omit: ['XML5', 'XML7', 'XML8', 'XML14'] }))],
  invalid: [fixture('stay of 2.5 hours billing one bed-day', envelopeXml([under4h(true)], { omit: ['XML5', 'XML7', 'XML8', 'XML14'] }), { profile: 'strict' })],
}));

export const rule = bedByTypeRule({
  id: 'CROSS.BED.UNDER_4H',
  forbidden: { '09': new Set(['14', '15', '16']) },
  clause: 'TT 39/2018 Điều 6: điều trị nội trú dưới 04 giờ không tính tiền ngày giường; QĐ 1804: nội trú dưới 04 giờ ghi MA_LOAI_KCB 09',
  why_vi: 'điều trị nội trú dưới 4 giờ không được tính tiền ngày giường; bỏ dòng giường',
  why_en: 'an inpatient stay under 4 hours bills no bed-day; remove the bed line',
  description_en: 'MA_LOAI_KCB 09 (inpatient under 4 hours) bills no bed-day line (MA_NHOM 14/15/16).',
  fixtures,
});
