/** Fixture records with a surgery line (XML3 MA_NHOM 8) for the service rules. */
import { inpatientRecord, priceRecord, type FixtureRecord, type RowValues } from '../fixtures-kit.ts';

/** A surgery line of the inpatient base record: laparoscopic appendectomy on 07/10/2025 under general anaesthesia. */
export function surgeryLine(MA_LK: string, extra: RowValues = {}): RowValues {
  return {
    MA_LK,
    STT: '9',
    MA_DICH_VU: '10.0470.0453',
    MA_PTTT_QT: '47.01',
    MA_NHOM: '8',
    TEN_DICH_VU: 'Phẫu thuật nội soi cắt ruột thừa',
    DON_VI_TINH: 'Lần',
    PHAM_VI: '1',
    SO_LUONG: '1',
    DON_GIA_BV: '2758000',
    DON_GIA_BH: '2758000',
    TYLE_TT_DV: '100',
    TYLE_TT_BH: '100',
    MUC_HUONG: '80',
    MA_KHOA: 'K02',
    MA_BAC_SI: '000123/HNO-CCHN',
    NGUOI_THUC_HIEN: '000456/HNO-CCHN',
    MA_BENH: 'I10',
    NGAY_YL: '202510070800',
    NGAY_TH_YL: '202510070900',
    NGAY_KQ: '202510071000',
    MA_PTTT: '1',
    PP_VO_CAM: '1',
    ...extra,
  };
}

/** The inpatient base record with the given surgery lines added (STT renumbered) and priced. */
export function surgeryRecord(lines: RowValues[] = [{}], MA_LK = 'LK20251006008'): FixtureRecord {
  const rec = inpatientRecord(MA_LK);
  for (const extra of lines) rec.XML3.push(surgeryLine(MA_LK, { ...extra, STT: String(rec.XML3.length + 1) }));
  return priceRecord(rec);
}
