/**
 * Conditional presence, translated from the catalogue's `condition_vi` into small predicates keyed by
 * `TABLE.FIELD` — one data-like map, so a reviewer can compare each line with the Vietnamese text.
 * `when` returns true (the field is required in this row), false (not required: absent → not-applicable).
 * Conditions that cannot be expressed from the row are `skip` with a reason: the verdict says so instead of
 * passing silently. The check sheet's "Như QĐ 4210" rows (XML2 SO_DANG_KY, MA_BAC_SI, MA_DICH_VU; XML3
 * MA_DICH_VU, MA_VAT_TU, TEN_DICH_VU, TEN_VAT_TU) are translated from what QĐ 4210 and QĐ 130 say of the field
 * (docs/engine.md, "Check-sheet rows").
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

/** true when a `;`-list field holds `code` among its items (MA_TINH_TRANG_DK = "1;4" holds "1") */
const listHas = (row: Row, name: string, code: string): boolean => {
  const v = val(row, name);
  return v !== undefined && v.split(';').some((item) => item.trim() === code);
};
const whenListHas = (other: string, code: string): Condition => ({
  kind: 'predicate',
  when: (r) => listHas(r, other, code),
  vi: `khi ${other} có mã ${code} (kể cả trong danh sách cách nhau dấu ";")`,
  en: `when ${other} holds code ${code} (also within a ";"-separated list)`,
});
const whenPresent = (other: string): Condition => ({ kind: 'predicate', when: (r) => has(r, other), vi: `khi có ${other}`, en: `when ${other} is given` });
const whenEquals = (other: string, value: string): Condition => ({ kind: 'predicate', when: (r) => val(r, other) === value, vi: `khi ${other} = ${value}`, en: `when ${other} = ${value}` });
/** "unless OTHER = value": the condition is read only when OTHER is given (absent OTHER decides nothing). */
const unlessEquals = (other: string, value: string): Condition => ({
  kind: 'predicate',
  when: (r) => val(r, other) !== undefined && val(r, other) !== value,
  vi: `khi có ${other} và ${other} khác ${value}`,
  en: `when ${other} is given and is not ${value}`,
});
const districtBefore2025: Condition = {
  kind: 'predicate',
  // District level abolished from 01/07/2025 (NQ 202/2025/QH15): required only for visits before that.
  when: (_r, ctx) => ctx.refDate === undefined || ctx.refDate < '20250701',
  vi: 'khi lượt khám trước 01/07/2025 (sau ngày này không còn cấp huyện)',
  en: 'for visits before 2025-07-01 (no district level afterwards)',
  interpreted: true,
};
/**
 * XML7 outpatient sick leave (all-or-none): the dates are required when leave is granted (SO_NGAY_NGHI > 0) or
 * the other date is given; SO_NGAY_NGHI is required when a date is given. SO_NGAY_NGHI = 0 (or empty) with both
 * dates empty is "no leave", as real discharge papers write it: nothing is required.
 */
const leaveDays = (r: Row): number | undefined => {
  const v = val(r, 'SO_NGAY_NGHI');
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};
const leaveDate = (other: string): Condition => ({
  kind: 'predicate',
  when: (r) => has(r, other) || (has(r, 'SO_NGAY_NGHI') && leaveDays(r) !== 0),
  vi: `khi SO_NGAY_NGHI lớn hơn 0 hoặc có ${other}`,
  en: `when SO_NGAY_NGHI is positive or ${other} is given`,
});
const leaveDaysRequired: Condition = {
  kind: 'predicate',
  when: (r) => has(r, 'NGOAITRU_TUNGAY') || has(r, 'NGOAITRU_DENNGAY'),
  vi: 'khi có NGOAITRU_TUNGAY hoặc NGOAITRU_DENNGAY',
  en: 'when NGOAITRU_TUNGAY or NGOAITRU_DENNGAY is given',
};
/** Drugs QĐ 130 Bảng 2 chỉ tiêu 14 exempts from SO_DANG_KY by code: oxygen, nitric oxide. */
const SO_DANG_KY_EXEMPT_DRUGS = ['40.17', '40.573'];
/** "KHAC" as the check sheet writes it, also with the Vietnamese accent or in lower case. */
export const isKhac = (v: string | undefined): boolean => v !== undefined && ['KHAC', 'KHÁC'].includes(v.trim().toUpperCase());

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
  // QĐ 4210 (kept by the 4750 check sheet, "Như QĐ 4210"): the registration number of every drug line, except the
  // items QĐ 130 Bảng 2 chỉ tiêu 14 itself exempts that can be recognised from the row: oxygen (40.17), nitric oxide
  // (40.573), blood and blood products (MA_NHOM 7, 17). Decoctions and radiopharmaceuticals are exempt too but cannot
  // be told from the row: interpreted, so a missing value is a warning outside the strict profile.
  'XML2.SO_DANG_KY': {
    kind: 'predicate',
    when: (r) => !inSet(r, 'MA_NHOM', ['7', '17']) && !inSet(r, 'MA_THUOC', SO_DANG_KY_EXEMPT_DRUGS),
    vi: 'với thuốc, trừ khí oxy (40.17), khí NO (40.573), máu và chế phẩm máu (MA_NHOM 7, 17); thuốc thang, thuốc phóng xạ cũng được miễn',
    en: 'on drug lines except oxygen (40.17), nitric oxide (40.573), blood and blood products (MA_NHOM 7, 17); decoctions and radiopharmaceuticals are exempt too',
    interpreted: true,
  },
  'XML2.TT_THAU': { kind: 'predicate', when: (r) => !inSet(r, 'MA_NHOM', ['7', '17']), vi: 'trừ khi MA_NHOM = 7 hoặc 17', en: 'unless MA_NHOM is 7 or 17' },
  // QĐ 4210 Bảng 2 had MA_BAC_SI on every drug line (the prescriber); the 4750 sheet keeps that rule and vendors'
  // pre-inspection tools fail a drug line without it. Interpreted from the 4210 text: medium.
  'XML2.MA_BAC_SI': { kind: 'predicate', when: () => true, vi: 'trên mọi dòng thuốc (như QĐ 4210: mã người kê đơn/chỉ định)', en: 'on every drug line (as QĐ 4210: the prescriber)', interpreted: true },
  // QĐ 4210 Bảng 2 had no MA_DICH_VU: "as 4210" leaves it optional except where QĐ 130 chỉ tiêu 3 (MA_THUOC) asks for
  // it: blood and blood products priced with their conditional tests (suffix .KT, .NAT, .KTNAT, TT 17/2020 Điều 3
  // khoản 10 điểm d) name the test's service code here.
  'XML2.MA_DICH_VU': {
    kind: 'predicate',
    when: (r) => inSet(r, 'MA_NHOM', ['7', '17']) && /\.(KT|NAT|KTNAT)$/.test(val(r, 'MA_THUOC') ?? ''),
    vi: 'với máu, chế phẩm máu có cộng chi phí xét nghiệm (MA_THUOC đuôi .KT, .NAT, .KTNAT)',
    en: 'on blood and blood-product lines priced with their tests (MA_THUOC ending .KT, .NAT, .KTNAT)',
    interpreted: true,
  },
  'XML3.MA_DICH_VU': {
    kind: 'predicate',
    when: (r) => has(r, 'MA_NHOM') && !inSet(r, 'MA_NHOM', VTYT_GROUPS),
    vi: 'với dòng DVKT/khám/giường (MA_NHOM khác 10, 11)',
    en: 'on service/examination/bed lines (MA_NHOM other than 10, 11)',
  },
  'XML3.MA_VAT_TU': { kind: 'predicate', when: (r) => inSet(r, 'MA_NHOM', VTYT_GROUPS), vi: 'với dòng vật tư y tế (MA_NHOM 10, 11)', en: 'on medical-supply lines (MA_NHOM 10, 11)' },
  'XML3.TEN_VAT_TU': whenPresent('MA_VAT_TU'),
  'XML3.TEN_DICH_VU': whenPresent('MA_DICH_VU'),
  'XML3.MA_XANG_DAU': whenEquals('MA_NHOM', '12'),
  'XML3.TT_THAU': whenEquals('MA_NHOM', '10'),
  'XML3.NGUOI_THUC_HIEN': { kind: 'predicate', when: (r) => inSet(r, 'MA_NHOM', PERFORMER_GROUPS), vi: 'khi MA_NHOM thuộc {1, 2, 3, 8, 18}', en: 'when MA_NHOM is one of 1, 2, 3, 8, 18' },
  'XML3.NGAY_TH_YL': { kind: 'predicate', when: (r) => inSet(r, 'MA_NHOM', PERFORMER_GROUPS), vi: 'khi MA_NHOM thuộc {1, 2, 3, 8, 18}', en: 'when MA_NHOM is one of 1, 2, 3, 8, 18' },
  'XML4.NGAY_KQ': whenPresent('GIA_TRI'),
  // an imaging / function-test row reports MO_TA or KET_LUAN, not a named indicator value
  'XML4.TEN_CHI_SO': {
    kind: 'predicate',
    when: (r) => has(r, 'GIA_TRI') || (!has(r, 'MO_TA') && !has(r, 'KET_LUAN')),
    vi: 'với dòng kết quả chỉ số (có GIA_TRI, hoặc không có MO_TA và KET_LUAN)',
    en: 'on indicator rows (GIA_TRI given, or neither MO_TA nor KET_LUAN)',
  },
  'XML6.PHACDO_DTRI_LAO': unlessEquals('LOAI_DTRI_LAO', '0'),
  'XML6.NGAYBD_DTRI_LAO': unlessEquals('LOAI_DTRI_LAO', '0'),
  'XML6.NGAYKT_DTRI_LAO': unlessEquals('LOAI_DTRI_LAO', '0'),
  'XML6.LAN_XN_PCR': whenListHas('MA_TINH_TRANG_DK', '1'),
  'XML6.NGAY_XN_PCR': whenListHas('MA_TINH_TRANG_DK', '1'),
  'XML6.NGAY_KQ_XN_PCR': whenListHas('MA_TINH_TRANG_DK', '1'),
  'XML6.MA_KQ_XN_PCR': whenListHas('MA_TINH_TRANG_DK', '1'),
  'XML6.NGAY_BAT_DAU_XU_TRI': whenListHas('MA_XU_TRI', '1'),
  'XML6.NGAY_KET_THUC_XU_TRI': whenListHas('MA_XU_TRI', '1'),
  // the check sheet: "bắt buộc trong trường hợp MA_PHAC_DO_DIEU_TRI = KHAC"
  'XML6.MA_BAC_PHAC_DO': { kind: 'predicate', when: (r) => isKhac(val(r, 'MA_PHAC_DO_DIEU_TRI')), vi: 'khi MA_PHAC_DO_DIEU_TRI = KHAC (phác đồ "Khác")', en: 'when MA_PHAC_DO_DIEU_TRI = KHAC (an "other" regimen)' },
  'XML6.SO_NGAY_CAP_THUOC_ARV': whenListHas('MA_XU_TRI', '1'),
  'XML7.NGUYENNHAN_DINHCHI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML7.THOIGIAN_DINHCHI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML7.TUOI_THAI': whenEquals('MA_DINH_CHI_THAI', '1'),
  'XML7.SO_NGAY_NGHI': leaveDaysRequired,
  'XML7.NGOAITRU_TUNGAY': leaveDate('NGOAITRU_DENNGAY'),
  'XML7.NGOAITRU_DENNGAY': leaveDate('NGOAITRU_TUNGAY'),
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
