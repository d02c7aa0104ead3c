/** CROSS.BED.OUTPATIENT — an exam or outpatient visit bills no inpatient bed-day (and an exam visit no day bed). */
import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { bedByTypeRule } from './bed-visit-type.ts';

const INPATIENT_BED = new Set(['15']);
const ANY_STAY_BED = new Set(['14', '15']);
const ANY_BED = new Set(['14', '15', '16']);

export const fixtures: RuleFixtures = lazyFixtures(() => {
  // built here, not at import: every worker imports every rule module (≈ 10 ms of cold record building)
  const withBed = outpatientRecord();
  const bed = inpatientRecord().XML3.find((r) => r.MA_NHOM === '15')!;
  withBed.XML3.push({ ...bed, MA_LK: withBed.XML1[0].MA_LK, STT: '4', SO_LUONG: '1', NGAY_YL: '202510060900', NGAY_TH_YL: '202510060900', NGAY_KQ: '202510061000' });
  priceRecord(withBed);
  return {
    valid: [fixture('exam visit without bed; inpatient stay with its bed-days', envelopeXml([outpatientRecord(), inpatientRecord()]))],
    invalid: [fixture('exam visit billing an inpatient bed-day', envelopeXml([withBed]), { profile: 'strict' })],
  };
});

export const rule = bedByTypeRule({
  id: 'CROSS.BED.OUTPATIENT',
  forbidden: { '01': ANY_STAY_BED, '02': INPATIENT_BED, '05': ANY_BED, '07': ANY_BED, '08': INPATIENT_BED },
  clause: 'TT 39/2018 Điều 6: ngày giường điều trị nội trú tính cho người bệnh điều trị nội trú/ban ngày; MA_NHOM 15 (giường nội trú) không dùng cho MA_LOAI_KCB 01/02/05/07/08, MA_NHOM 14 (giường ban ngày) không dùng cho 01/05/07',
  why_vi: 'lượt khám bệnh, điều trị ngoại trú hoặc nhận thuốc không được tính ngày giường loại này; bỏ dòng giường hoặc ghi đúng MA_LOAI_KCB của đợt điều trị',
  why_en: 'an exam, outpatient or drug-collection visit cannot bill this kind of bed-day; remove the bed line or give the stay its real MA_LOAI_KCB',
  description_en: 'Bed-days by visit type: MA_NHOM 15 (inpatient bed) never in MA_LOAI_KCB 01/02/05/07/08; MA_NHOM 14 (day bed) never in 01/05/07; no bed at all in 05/07 (16, the observation bed of an exam visit, is allowed in 01).',
  fixtures,
});
