/**
 * Conditional presence, translated from the catalogue's `condition_vi` into small predicates keyed by
 * `TABLE.FIELD` — one data-like map, so a reviewer can compare each line with the Vietnamese text.
 * `when` returns true (the field is required in this row), false (not required: absent → not-applicable).
 * Conditions that cannot be expressed from the row (rules "as QĐ 4210" with no detail) are `skip` with a
 * reason: the verdict says so instead of passing silently.
 */
import type { Row } from '../../model.ts';

export interface ConditionContext {
  /** reference date of the visit (yyyymmdd): NGAY_RA, else NGAY_VAO of XML1, else NGAYLAP/receipt */
  refDate?: string;
}

export type Condition =
  | {
      kind: 'predicate';
      when: (row: Row, ctx: ConditionContext) => boolean;
      /** the condition as a short phrase, e.g. "khi có NGAY_VAO_NOI_TRU" / "when NGAY_VAO_NOI_TRU is given" */
      vi: string;
      en: string;
      /** an interpretation (not the literal text of the decision): verdicts are medium confidence */
      interpreted?: boolean;
    }
  | { kind: 'skip'; reason_vi: string; reason_en: string };

const has = (row: Row, name: string): boolean => {
  const v = row.values.get(name);
  return !!v && !v.empty;
};
const val = (row: Row, name: string): string | undefined => {
  const v = row.values.get(name);
  return v && !v.empty ? v.value.trim() : undefined;
};
const inSet = (row: Row, name: string, set: readonly string[]): boolean => {
  const v = val(row, name);
  return v !== undefined && set.includes(v);
};

const whenPresent = (other: string): Condition => ({ kind: 'predicate', when: (r) => has(r, other), vi: `khi có ${other}`, en: `when ${other} is given` });
const whenEquals = (other: string, value: string): Condition => ({ kind: 'predicate', when: (r) => val(r, other) === value, vi: `khi ${other} = ${value}`, en: `when ${other} = ${value}` });
const unlessEquals = (other: string, value: string): Condition => ({ kind: 'predicate', when: (r) => val(r, other) !== value, vi: `trừ khi ${other} = ${value}`, en: `unless ${other} = ${value}` });
const qd4210 = (what: string): Condition => ({
  kind: 'skip',
  reason_vi: `Điều kiện bắt buộc theo QĐ 4210 (${what}) không được nêu chi tiết trong bảng chỉ tiêu; không kiểm tra được tự động`,
  reason_en: `Presence follows QĐ 4210 (${what}), not spelled out in the 4750 table; cannot be checked automatically`,
});
const districtBefore2025: Condition = {
  kind: 'predicate',
  // District level abolished from 01/07/2025 (NQ 202/2025/QH15): required only for visits before that.
  when: (_r, ctx) => ctx.refDate === undefined || ctx.refDate < '20250701',
  vi: 'khi lượt khám trước 01/07/2025 (sau ngày này không còn cấp huyện)',
  en: 'for visits before 2025-07-01 (no district level afterwards)',
  interpreted: true,
};
const allThreeOutpatientLeave: Condition = {
  kind: 'predicate',
  when: (r) => has(r, 'SO_NGAY_NGHI') || has(r, 'NGOAITRU_TUNGAY') || has(r, 'NGOAITRU_DENNGAY'),
  vi: 'khi một trong SO_NGAY_NGHI, NGOAITRU_TUNGAY, NGOAITRU_DENNGAY có dữ liệu',
  en: 'when any of SO_NGAY_NGHI, NGOAITRU_TUNGAY, NGOAITRU_DENNGAY is given',
};
/** MA_NHOM of lines carrying a service (DVKT, examination, bed, transport…), i.e. not a VTYT-only line. */
const VTYT_GROUPS = ['10', '11'];
const PERFORMER_GROUPS = ['1', '2', '3', '8', '18'];

export const CONDITIONS: Record<string, Condition> = {
  'XML0.LY_DO_VNT': whenPresent('NGAY_VAO_NOI_TRU'),
  'XML0.MA_DICH_VU': { kind: 'predicate', when: (r) => !has(r, 'MA_THUOC') && !has(r, 'MA_VAT_TU'), vi: 'khi không có MA_THUOC và MA_VAT_TU', en: 'when neither MA_THUOC nor MA_VAT_TU is given' },
  'XML0.TEN_DICH_VU': whenPresent('MA_DICH_VU'),
  'XML0.MA_THUOC': { kind: 'predicate', when: (r) => !has(r, 'MA_DICH_VU') && !has(r, 'MA_VAT_TU'), vi: 'khi không có MA_DICH_VU và MA_VAT_TU', en: 'when neither MA_DICH_VU nor MA_VAT_TU is given' },
  'XML0.TEN_THUOC': whenPresent('MA_THUOC'),
  'XML0.MA_VAT_TU': { kind: 'predicate', when: (r) => !has(r, 'MA_DICH_VU') && !has(r, 'MA_THUOC'), vi: 'khi không có MA_DICH_VU và MA_THUOC', en: 'when neither MA_DICH_VU nor MA_THUOC is given' },
  'XML0.TEN_VAT_TU': whenPresent('MA_VAT_TU'),
  'XML1.MAHUYEN_CU_TRU': districtBefore2025,
  'XML2.SO_DANG_KY': qd4210('số đăng ký thuốc'),
  'XML2.TT_THAU': { kind: 'predicate', when: (r) => !inSet(r, 'MA_NHOM', ['7', '17']), vi: 'trừ khi MA_NHOM = 7 hoặc 17', en: 'unless MA_NHOM is 7 or 17' },
  'XML2.MA_BAC_SI': qd4210('mã bác sĩ chỉ định'),
  'XML2.MA_DICH_VU': qd4210('mã dịch vụ kèm thuốc'),
  'XML3.MA_DICH_VU': {
    kind: 'predicate',
    when: (r) => has(r, 'MA_NHOM') && !inSet(r, 'MA_NHOM', VTYT_GROUPS),
    vi: 'với dòng DVKT/khám/giường (MA_NHOM khác 10, 11)',
    en: 'on service/examination/bed lines (MA_NHOM other than 10, 11)',
    interpreted: true,
  },
  'XML3.MA_VAT_TU': { kind: 'predicate', when: (r) => inSet(r, 'MA_NHOM', VTYT_GROUPS), vi: 'với dòng vật tư y tế (MA_NHOM 10, 11)', en: 'on medical-supply lines (MA_NHOM 10, 11)', interpreted: true },
  'XML3.TEN_VAT_TU': { ...whenPresent('MA_VAT_TU'), interpreted: true } as Condition,
  'XML3.TEN_DICH_VU': { ...whenPresent('MA_DICH_VU'), interpreted: true } as Condition,
  'XML3.MA_XANG_DAU': whenEquals('MA_NHOM', '12'),
  'XML3.TT_THAU': whenEquals('MA_NHOM', '10'),
  'XML3.NGUOI_THUC_HIEN': { kind: 'predicate', when: (r) => inSet(r, 'MA_NHOM', PERFORMER_GROUPS), vi: 'khi MA_NHOM thuộc {1, 2, 3, 8, 18}', en: 'when MA_NHOM is one of 1, 2, 3, 8, 18' },
  'XML3.NGAY_TH_YL': { kind: 'predicate', when: (r) => inSet(r, 'MA_NHOM', PERFORMER_GROUPS), vi: 'khi MA_NHOM thuộc {1, 2, 3, 8, 18}', en: 'when MA_NHOM is one of 1, 2, 3, 8, 18' },
  'XML4.NGAY_KQ': whenPresent('GIA_TRI'),
  'XML6.PHACDO_DTRI_LAO': unlessEquals('LOAI_DTRI_LAO', '0'),
  'XML6.NGAYBD_DTRI_LAO': unlessEquals('LOAI_DTRI_LAO', '0'),
  'XML6.NGAYKT_DTRI_LAO': unlessEquals('LOAI_DTRI_LAO', '0'),
  'XML6.LAN_XN_PCR': whenEquals('MA_TINH_TRANG_DK', '1'),
  'XML6.NGAY_XN_PCR': whenEquals('MA_TINH_TRANG_DK', '1'),
  'XML6.NGAY_KQ_XN_PCR': whenEquals('MA_TINH_TRANG_DK', '1'),
  'XML6.MA_KQ_XN_PCR': whenEquals('MA_TINH_TRANG_DK', '1'),
  'XML6.NGAY_BAT_DAU_XU_TRI': whenEquals('MA_XU_TRI', '1'),
  'XML6.NGAY_KET_THUC_XU_TRI': whenEquals('MA_XU_TRI', '1'),
  'XML6.MA_BAC_PHAC_DO': {
    kind: 'skip',
    reason_vi: 'Bắt buộc khi MA_PHAC_DO_DIEU_TRI là "Khác": chưa có danh mục mã phác đồ để nhận biết "Khác"',
    reason_en: 'Required when MA_PHAC_DO_DIEU_TRI is "other": no regimen code list is available to recognise "other"',
  },
  'XML6.SO_NGAY_CAP_THUOC_ARV': whenEquals('MA_XU_TRI', '1'),
  'XML7.NGUYENNHAN_DINHCHI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML7.THOIGIAN_DINHCHI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML7.TUOI_THAI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML7.SO_NGAY_NGHI': allThreeOutpatientLeave,
  'XML7.NGOAITRU_TUNGAY': allThreeOutpatientLeave,
  'XML7.NGOAITRU_DENNGAY': allThreeOutpatientLeave,
  'XML9.MAHUYEN_CU_TRU': districtBefore2025,
  'XML11.NGUYENNHAN_DINHCHI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML11.TUOI_THAI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML12.MAHUYEN_CU_TRU': districtBefore2025,
};

/** Maximum number of ';'-separated values where the standard states one (QĐ 4750: up to 12 secondary diagnoses). */
export const MAX_ITEMS: Record<string, number> = {
  'XML1.MA_BENH_KT': 12,
  'XML13.MA_BENH_KT': 12,
  'XML14.MA_BENH_KT': 12,
};
