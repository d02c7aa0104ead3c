/**
 * The facility price list the generators bill from: drugs (XML2), services, beds and supplies (XML3), with
 * the lab indices they produce (XML4). Synthetic but shaped like real lists: codes, units, prices in VND
 * (exact decimal strings, never floats).
 */

export interface Drug {
  MA_THUOC: string;
  TEN_THUOC: string;
  DON_VI_TINH: string;
  HAM_LUONG: string;
  DUONG_DUNG: string;
  DANG_BAO_CHE: string;
  SO_DANG_KY: string;
  /** unit price, up to 3 decimals */
  DON_GIA: string;
  /** units per dose and doses per day (for LIEU_DUNG and SO_LUONG) */
  perDose: string;
  perDay: number;
  CACH_DUNG: string;
  injection?: boolean;
}

// Codes are synthetic but never one the standard reserves: QĐ 130 Bảng 2 chỉ tiêu 3 gives oxygen "40.17" and nitric
// oxide "40.573", which are exempt from SO_DANG_KY (Paracetamol once carried 40.17, hiding the SO_DANG_KY rule).
export const DRUGS: readonly Drug[] = [
  { MA_THUOC: '40.48', TEN_THUOC: 'Paracetamol 500mg', DON_VI_TINH: 'Viên', HAM_LUONG: '500mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nén', SO_DANG_KY: 'VD-21334-14', DON_GIA: '450', perDose: '1', perDay: 3, CACH_DUNG: 'Uống sau ăn, cách nhau ít nhất 4 giờ khi sốt trên 38,5°C' },
  { MA_THUOC: '40.150', TEN_THUOC: 'Amoxicillin 500mg', DON_VI_TINH: 'Viên', HAM_LUONG: '500mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nang cứng', SO_DANG_KY: 'VD-25112-16', DON_GIA: '1218.5', perDose: '1', perDay: 2, CACH_DUNG: 'Uống sáng, chiều sau ăn' },
  { MA_THUOC: '40.677', TEN_THUOC: 'Omeprazol 20mg', DON_VI_TINH: 'Viên', HAM_LUONG: '20mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nang', SO_DANG_KY: 'VD-28851-18', DON_GIA: '895', perDose: '1', perDay: 1, CACH_DUNG: 'Uống trước ăn sáng 30 phút' },
  { MA_THUOC: '40.795', TEN_THUOC: 'Metformin 850mg', DON_VI_TINH: 'Viên', HAM_LUONG: '850mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nén bao phim', SO_DANG_KY: 'VD-30125-18', DON_GIA: '652.125', perDose: '1', perDay: 2, CACH_DUNG: 'Uống trong bữa ăn sáng và tối' },
  { MA_THUOC: '40.499', TEN_THUOC: 'Amlodipin 5mg', DON_VI_TINH: 'Viên', HAM_LUONG: '5mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nén', SO_DANG_KY: 'VD-24561-16', DON_GIA: '348', perDose: '1', perDay: 1, CACH_DUNG: 'Uống buổi sáng' },
  { MA_THUOC: '40.1011', TEN_THUOC: 'Salbutamol 2mg', DON_VI_TINH: 'Viên', HAM_LUONG: '2mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nén', SO_DANG_KY: 'VD-19876-13', DON_GIA: '120', perDose: '0.5', perDay: 2, CACH_DUNG: 'Uống nửa viên mỗi lần khi khó thở' },
  { MA_THUOC: '40.226', TEN_THUOC: 'Ceftriaxon 1g', DON_VI_TINH: 'Lọ', HAM_LUONG: '1g', DUONG_DUNG: '2.15', DANG_BAO_CHE: 'Bột pha tiêm', SO_DANG_KY: 'VD-27733-17', DON_GIA: '18450', perDose: '1', perDay: 2, CACH_DUNG: 'Tiêm tĩnh mạch chậm, thử phản ứng trước khi tiêm', injection: true },
  { MA_THUOC: '40.1118', TEN_THUOC: 'Natri clorid 0,9% 500ml', DON_VI_TINH: 'Chai', HAM_LUONG: '0,9% 500ml', DUONG_DUNG: '2.17', DANG_BAO_CHE: 'Dung dịch tiêm truyền', SO_DANG_KY: 'VD-22081-15', DON_GIA: '9870', perDose: '1', perDay: 1, CACH_DUNG: 'Truyền tĩnh mạch XXX giọt/phút', injection: true },
  { MA_THUOC: '40.1032', TEN_THUOC: 'Vitamin K1 1mg/1ml', DON_VI_TINH: 'Ống', HAM_LUONG: '1mg/1ml', DUONG_DUNG: '2.10', DANG_BAO_CHE: 'Dung dịch tiêm', SO_DANG_KY: 'VD-26150-17', DON_GIA: '2350', perDose: '1', perDay: 1, CACH_DUNG: 'Tiêm bắp một lần sau sinh', injection: true },
  { MA_THUOC: '40.288', TEN_THUOC: 'Rifampicin + Isoniazid 150mg/75mg', DON_VI_TINH: 'Viên', HAM_LUONG: '150mg + 75mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nén', SO_DANG_KY: 'VD-23390-15', DON_GIA: '1520', perDose: '3', perDay: 1, CACH_DUNG: 'Uống một lần lúc đói buổi sáng' },
  { MA_THUOC: '40.1141', TEN_THUOC: 'Tenofovir + Lamivudin + Dolutegravir (TLD) 300mg/300mg/50mg', DON_VI_TINH: 'Viên', HAM_LUONG: '300mg + 300mg + 50mg', DUONG_DUNG: '1.01', DANG_BAO_CHE: 'Viên nén bao phim', SO_DANG_KY: 'VN3-123-19', DON_GIA: '2310', perDose: '1', perDay: 1, CACH_DUNG: 'Uống một viên mỗi ngày vào giờ cố định' },
];

export const NEWBORN_DRUGS = ['40.1032', '40.1118'];
export const TB_DRUGS = ['40.288'];
export const CHRONIC_DRUGS = ['40.795', '40.499', '40.677'];
export const ORAL_DRUGS = ['40.48', '40.150', '40.677', '40.795', '40.499', '40.1011'];
export const INJECTION_DRUGS = ['40.226', '40.1118'];

export interface LabIndex {
  MA_CHI_SO: string;
  TEN_CHI_SO: string;
  DON_VI_DO: string;
  /** normal range to draw a value from, with decimals */
  low: number;
  high: number;
  decimals: number;
}

export interface Service {
  MA_DICH_VU: string;
  TEN_DICH_VU: string;
  MA_NHOM: string;
  DON_VI_TINH: string;
  DON_GIA: string;
  /** department that performs it */
  MA_KHOA?: string;
  /** machine code for lab/imaging/function tests (MA_MAY, QĐ 130 Bảng 3 XX.n.YYYYY.Z): `YYYYY` stands for the facility's code */
  machine?: string;
  indices?: LabIndex[];
  /** imaging / function tests: description + conclusion in XML4 */
  report?: { TEN_CHI_SO: string; MO_TA: string; KET_LUAN: string };
  /** ICD-9 CM code for procedures */
  pttt?: string;
}

export const EXAM: Service = { MA_DICH_VU: '02.1896', TEN_DICH_VU: 'Khám Nội', MA_NHOM: '13', DON_VI_TINH: 'Lần', DON_GIA: '50600' };
export const EXAM_PEDIATRIC: Service = { MA_DICH_VU: '02.1904', TEN_DICH_VU: 'Khám Nhi', MA_NHOM: '13', DON_VI_TINH: 'Lần', DON_GIA: '50600' };
export const EXAM_REMOTE: Service = { MA_DICH_VU: '02.1950', TEN_DICH_VU: 'Khám bệnh từ xa (tư vấn qua nền tảng)', MA_NHOM: '13', DON_VI_TINH: 'Lần', DON_GIA: '50600' };

export const LABS: readonly Service[] = [
  {
    MA_DICH_VU: '22.0120.1370', TEN_DICH_VU: 'Tổng phân tích tế bào máu ngoại vi (bằng máy đếm laser)', MA_NHOM: '1', DON_VI_TINH: 'Lần', DON_GIA: '46200', MA_KHOA: 'K36', machine: 'XN.1.YYYYY.1',
    indices: [
      { MA_CHI_SO: 'WBC', TEN_CHI_SO: 'Số lượng bạch cầu', DON_VI_DO: 'G/L', low: 4, high: 10, decimals: 1 },
      { MA_CHI_SO: 'RBC', TEN_CHI_SO: 'Số lượng hồng cầu', DON_VI_DO: 'T/L', low: 3.8, high: 5.5, decimals: 2 },
      { MA_CHI_SO: 'HGB', TEN_CHI_SO: 'Lượng huyết sắc tố', DON_VI_DO: 'g/L', low: 120, high: 160, decimals: 0 },
      { MA_CHI_SO: 'PLT', TEN_CHI_SO: 'Số lượng tiểu cầu', DON_VI_DO: 'G/L', low: 150, high: 400, decimals: 0 },
    ],
  },
  {
    MA_DICH_VU: '23.0075.1494', TEN_DICH_VU: 'Định lượng Glucose [Máu]', MA_NHOM: '1', DON_VI_TINH: 'Lần', DON_GIA: '21500', MA_KHOA: 'K37', machine: 'XN.1.YYYYY.2',
    indices: [{ MA_CHI_SO: 'GLU', TEN_CHI_SO: 'Glucose', DON_VI_DO: 'mmol/L', low: 3.9, high: 6.4, decimals: 1 }],
  },
  {
    MA_DICH_VU: '23.0051.1494', TEN_DICH_VU: 'Định lượng Creatinin (máu)', MA_NHOM: '1', DON_VI_TINH: 'Lần', DON_GIA: '21500', MA_KHOA: 'K37', machine: 'XN.1.YYYYY.2',
    indices: [{ MA_CHI_SO: 'CRE', TEN_CHI_SO: 'Creatinin', DON_VI_DO: 'µmol/L', low: 62, high: 106, decimals: 0 }],
  },
];

export const IMAGING: readonly Service[] = [
  {
    MA_DICH_VU: '18.0067.0028', TEN_DICH_VU: 'Chụp X-quang ngực thẳng', MA_NHOM: '2', DON_VI_TINH: 'Lần', DON_GIA: '65400', MA_KHOA: 'K39', machine: 'XQ.1.YYYYY.1',
    report: { TEN_CHI_SO: 'X-quang ngực thẳng', MO_TA: 'Hai phế trường sáng đều, không thấy tổn thương nhu mô. Bóng tim không to.', KET_LUAN: 'Hình ảnh X-quang ngực trong giới hạn bình thường' },
  },
  {
    MA_DICH_VU: '18.0001.0001', TEN_DICH_VU: 'Siêu âm ổ bụng (gan mật, tụy, lách, thận, bàng quang)', MA_NHOM: '2', DON_VI_TINH: 'Lần', DON_GIA: '43900', MA_KHOA: 'K39', machine: 'SA.1.YYYYY.1',
    report: { TEN_CHI_SO: 'Siêu âm ổ bụng tổng quát', MO_TA: 'Gan không to, nhu mô đều. Đường mật không giãn. Thận hai bên không sỏi.', KET_LUAN: 'Chưa phát hiện bất thường trên siêu âm' },
  },
];

export const FUNCTION_TESTS: readonly Service[] = [
  {
    MA_DICH_VU: '21.0014.1778', TEN_DICH_VU: 'Điện tim thường', MA_NHOM: '3', DON_VI_TINH: 'Lần', DON_GIA: '32800', MA_KHOA: 'K40', machine: 'TD.1.YYYYY.1',
    report: { TEN_CHI_SO: 'Điện tâm đồ', MO_TA: 'Nhịp xoang đều, tần số 78 lần/phút, trục trung gian.', KET_LUAN: 'Điện tim trong giới hạn bình thường' },
  },
];

export const PROCEDURES: readonly Service[] = [
  { MA_DICH_VU: '03.3911.0200', TEN_DICH_VU: 'Thay băng vết thương chiều dài dưới 15cm', MA_NHOM: '18', DON_VI_TINH: 'Lần', DON_GIA: '57600', pttt: '93.57' },
  { MA_DICH_VU: '03.2388.0075', TEN_DICH_VU: 'Khí dung thuốc cấp cứu', MA_NHOM: '18', DON_VI_TINH: 'Lần', DON_GIA: '20400', pttt: '93.94' },
];

export const SURGERY: Service = { MA_DICH_VU: '10.0470.0453', TEN_DICH_VU: 'Phẫu thuật nội soi cắt ruột thừa', MA_NHOM: '8', DON_VI_TINH: 'Lần', DON_GIA: '2758000', MA_KHOA: 'K26', pttt: '47.01' };
export const CAESAREAN: Service = { MA_DICH_VU: '13.0030.0611', TEN_DICH_VU: 'Phẫu thuật lấy thai lần đầu', MA_NHOM: '8', DON_VI_TINH: 'Lần', DON_GIA: '2298000', MA_KHOA: 'K27', pttt: '74.1' };
export const DELIVERY: Service = { MA_DICH_VU: '13.0087.0640', TEN_DICH_VU: 'Đỡ đẻ thường ngôi chỏm', MA_NHOM: '18', DON_VI_TINH: 'Lần', DON_GIA: '706000', MA_KHOA: 'K27', pttt: '73.59' };

export const BED_INPATIENT: Service = { MA_DICH_VU: 'K03.1921', TEN_DICH_VU: 'Giường Nội khoa loại 2 Hạng II', MA_NHOM: '15', DON_VI_TINH: 'Ngày', DON_GIA: '194500' };
export const BED_DAY: Service = { MA_DICH_VU: 'K03.1960', TEN_DICH_VU: 'Giường điều trị ban ngày Nội khoa', MA_NHOM: '14', DON_VI_TINH: 'Ngày', DON_GIA: '58350' };

export interface Supply {
  MA_VAT_TU: string;
  TEN_VAT_TU: string;
  DON_VI_TINH: string;
  DON_GIA: string;
  MA_HIEU_SP: string;
}

export const SUPPLIES: readonly Supply[] = [
  { MA_VAT_TU: 'N03.02.070', TEN_VAT_TU: 'Bơm tiêm nhựa dùng một lần 5ml', DON_VI_TINH: 'Cái', DON_GIA: '1050', MA_HIEU_SP: 'VN-BT5' },
  { MA_VAT_TU: 'N03.05.010', TEN_VAT_TU: 'Kim luồn tĩnh mạch 22G', DON_VI_TINH: 'Cái', DON_GIA: '9975.5', MA_HIEU_SP: 'IV22G' },
  { MA_VAT_TU: 'N02.01.020', TEN_VAT_TU: 'Bông y tế thấm nước 25g', DON_VI_TINH: 'Gói', DON_GIA: '3150', MA_HIEU_SP: 'BYT25' },
  { MA_VAT_TU: 'N03.04.010', TEN_VAT_TU: 'Dây truyền dịch', DON_VI_TINH: 'Bộ', DON_GIA: '4725', MA_HIEU_SP: 'DTD-01' },
];

/** TT_THAU of drugs: decision;package;group;year — the provincial tender decided in the year of the visit. */
export const tenderOf = (year: number): string => `1234/QĐ-SYT;G1;N4;${year}`;
/** TT_THAU of supplies: tenders from 14/4/2023 use the temporary group N0 (QĐ 4750 Bảng 3 chỉ tiêu 16). */
export const supplyTenderOf = (year: number): string => `2468/QĐ-SYT;G2;N0;${year}`;
/** the machine code of a service at a facility */
/**
 * The departments (MA_KHOA, QĐ 5937 PL5 / QĐ 1804 PL02 codes) the encounters write: exam (K01), emergency (K02),
 * the wards (generators/encounters.ts) and the departments that perform services (Service.MA_KHOA). The demo
 * department catalogue (generators/catalogues.ts) lists exactly these; names as in the earlier BHYT list.
 */
export const DEPARTMENTS: Readonly<Record<string, string>> = {
  K01: 'Khoa Khám bệnh',
  K02: 'Khoa Hồi sức cấp cứu',
  K03: 'Khoa Nội tổng hợp',
  K11: 'Khoa Truyền nhiễm',
  K12: 'Khoa Lao',
  K18: 'Khoa Nhi',
  K19: 'Khoa Ngoại tổng hợp',
  K26: 'Khoa Phẫu thuật - Gây mê hồi sức',
  K27: 'Khoa Phụ sản',
  K36: 'Khoa Huyết học',
  K37: 'Khoa Sinh hóa',
  K39: 'Khoa Chẩn đoán hình ảnh',
  K40: 'Khoa Thăm dò chức năng',
};

export const machineAt = (machine: string | undefined, facility: string): string | undefined => machine?.replace('YYYYY', facility);
