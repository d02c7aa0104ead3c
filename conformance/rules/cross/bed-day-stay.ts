/** CROSS.BED.DAY_STAY — a day-treatment stay (MA_LOAI_KCB 04) bills day beds (14), not inpatient bed-days (15). */
import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { bedByTypeRule } from './bed-visit-type.ts';

function dayStay(group: string) {
  const rec = inpatientRecord();
  rec.XML1[0].MA_LOAI_KCB = '04';
  rec.XML8[0].MA_LOAI_KCB = '04';
  Object.assign(rec.XML3.find((r) => r.MA_NHOM === '15')!, { MA_NHOM: group, MA_DICH_VU: group === '14' ? 'K03.1960' : '1.1.01', MA_GIUONG: group === '14' ? 'T001' : 'H001' });
  return priceRecord(rec);
}

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('day stay billing day beds (MA_NHOM 14)', envelopeXml([dayStay('14')]))],
  invalid: [fixture('day stay billing inpatient bed-days (MA_NHOM 15)', envelopeXml([dayStay('15')]), { profile: 'strict' })],
}));

export const rule = bedByTypeRule({
  id: 'CROSS.BED.DAY_STAY',
  forbidden: { '04': new Set(['15']) },
  clause: 'TT 39/2018 Điều 6 (giá ngày giường điều trị ban ngày); QĐ 5937 PL3: MA_NHOM 14 ngày giường ban ngày, 15 ngày giường điều trị nội trú',
  why_vi: 'điều trị ban ngày tính ngày giường ban ngày (MA_NHOM 14), không tính ngày giường nội trú (MA_NHOM 15); hãy ghi dòng giường với MA_NHOM 14',
  why_en: 'day treatment bills day beds (MA_NHOM 14), not inpatient bed-days (MA_NHOM 15); bill the bed line with MA_NHOM 14',
  description_en: 'MA_LOAI_KCB 04 (day treatment) bills no inpatient bed-day line (MA_NHOM 15).',
  fixtures,
});
