/** Fixture records with the leave certificates (XML10 pregnancy leave, XML11 sick leave) for the date rules. */
import { outpatientRecord, type FixtureRecord } from '../fixtures-kit.ts';

/** The outpatient exam of 06/10/2025 with a sick-leave certificate (XML11) from that day: `days` days, `from`…`to`. */
export function sickLeaveRecord(days = '3', from = '20251006', to = '20251008', MA_LK = 'LK20251006011'): FixtureRecord {
  const rec = outpatientRecord(MA_LK);
  rec.XML11 = [
    {
      MA_LK,
      SO_CT: '125/2025',
      SO_SERI: 'CT07-000125',
      SO_KCB: rec.XML1[0].MA_HSBA,
      DON_VI: 'Công ty TNHH An Bình',
      MA_BHXH: '0123456789',
      MA_THE_BHYT: rec.XML1[0].MA_THE_BHYT,
      CHAN_DOAN_RV: rec.XML1[0].CHAN_DOAN_RV,
      PP_DIEUTRI: 'Điều trị nội khoa',
      SO_NGAY_NGHI: days,
      TU_NGAY: from,
      DEN_NGAY: to,
      MA_TTDV: '0101234567',
      MA_BS: '000123/HNO-CCHN',
      NGAY_CT: '20251006',
      MAU_SO: 'CT07',
    },
  ];
  return rec;
}

/** The outpatient exam of 06/10/2025 with a pregnancy-leave certificate (XML10). */
export function pregnancyLeaveRecord(days = '10', from = '20251006', to = '20251015', MA_LK = 'LK20251006012'): FixtureRecord {
  const rec = outpatientRecord(MA_LK);
  Object.assign(rec.XML1[0], { GIOI_TINH: '2', HO_TEN: 'Nguyễn Thị An', SO_CCCD: '001185012345' });
  rec.XML10 = [
    {
      MA_LK,
      SO_SERI: 'NDT-000125',
      SO_CT: '126/2025',
      SO_NGAY: days,
      DON_VI: 'Công ty TNHH An Bình',
      CHAN_DOAN_RV: 'Dọa sẩy thai',
      TU_NGAY: from,
      DEN_NGAY: to,
      MA_TTDV: '0101234567',
      TEN_BS: 'Trần Thị Bình',
      MA_BS: '000123/HNO-CCHN',
      NGAY_CT: '20251006',
    },
  ];
  return rec;
}
