/**
 * Fixture kit for hand-written rules: a valid, internally consistent base record (outpatient exam or
 * inpatient stay) that a fixture copies and tweaks, then serialises as a whole GIAMDINHHS envelope or an
 * XML0 check-in with the catalogue-driven serialisers (element names, order and wrappers from one source).
 *
 *   const rec = outpatientRecord();
 *   rec.XML2[0].DON_GIA = '999';            // break one thing
 *   fixture('wrong line amount', envelopeXml([rec]));
 *
 * Money: `priceRecord(rec)` recomputes every line amount and the XML1 totals from SO_LUONG × DON_GIA, so a
 * tweak to quantities keeps the rest coherent; break a number after pricing to make an invalid fixture.
 *
 * The writer is conformance/xml/serialize.ts, shared with the generators.
 */
import { getLayout } from '../catalogue/catalogue.ts';
import { dec, mul, roundHalfUp, sub, sum, toFixed, ZERO, type Decimal } from '../decimal.ts';
import type { CheckOptions } from '../model.ts';
import type { LayoutId } from '../result.ts';
import type { RuleFixture } from './contract.ts';
import { buildEnvelope, serializeTable, type RowValues } from '../xml/serialize.ts';

export type { RowValues };
export { serializeTable, buildEnvelope };

/** One HOSO: table id → rows (single-record tables hold one row). */
export type FixtureRecord = Record<string, RowValues[]>;

/** Free-text fields written as CDATA, as vendors do. */
const CDATA_FIELDS = new Set(['HO_TEN', 'DIA_CHI', 'LY_DO_VV', 'LY_DO_VNT', 'CHAN_DOAN_VAO', 'CHAN_DOAN_RV', 'PP_DIEU_TRI', 'GHI_CHU', 'TEN_THUOC', 'TEN_DICH_VU', 'TEN_VAT_TU', 'DIEN_BIEN_LS', 'QT_BENHLY', 'TOMTAT_KQ', 'PP_DIEUTRI', 'MO_TA', 'KET_LUAN', 'LIEU_DUNG', 'CACH_DUNG', 'HAM_LUONG']);

export const FIXTURE_MACSKCB = '01001';

const money2 = (d: Decimal): string => toFixed(roundHalfUp(d, 2), 2);

function patient(): RowValues {
  return {
    MA_BN: 'BN000123',
    HO_TEN: 'Nguyễn Văn An',
    // 001 Hà Nội, 0 = male born 1900–1999, 85 = 1985
    SO_CCCD: '001085012345',
    NGAY_SINH: '198503150000',
    GIOI_TINH: '1',
    NHOM_MAU: 'O+',
    MA_QUOCTICH: '000',
    MA_DANTOC: '01',
    MA_NGHE_NGHIEP: '00001',
    DIA_CHI: 'Số 1 phố Tràng Tiền, phường Hoàn Kiếm, Hà Nội',
    MATINH_CU_TRU: '01',
    MAXA_CU_TRU: '00070',
    DIEN_THOAI: '0912345678',
    MA_THE_BHYT: 'DN4010123456789',
    MA_DKBD: '01001',
    GT_THE_TU: '20250101',
    GT_THE_DEN: '20251231',
  };
}

/** A valid insured outpatient exam (MA_LOAI_KCB 01) of Monday 06/10/2025, with drugs, an exam, a test and a supply. */
export function outpatientRecord(MA_LK = 'LK20251006001'): FixtureRecord {
  const p = patient();
  const xml1: RowValues = {
    MA_LK,
    STT: '1',
    ...p,
    LY_DO_VV: 'Đau đầu, chóng mặt',
    CHAN_DOAN_VAO: 'Theo dõi tăng huyết áp',
    CHAN_DOAN_RV: 'Tăng huyết áp vô căn',
    MA_BENH_CHINH: 'I10',
    MA_DOITUONG_KCB: '1.1',
    NGAY_VAO: '202510060800',
    NGAY_RA: '202510061030',
    SO_NGAY_DTRI: '0',
    PP_DIEU_TRI: 'Điều trị nội khoa',
    KET_QUA_DTRI: '2',
    MA_LOAI_RV: '1',
    GHI_CHU: 'Uống thuốc đều, tái khám khi có bất thường',
    NGAY_TTOAN: '202510061030',
    NAM_QT: '2025',
    THANG_QT: '10',
    MA_LOAI_KCB: '01',
    MA_KHOA: 'K01',
    MA_CSKCB: FIXTURE_MACSKCB,
    CAN_NANG: '65.00',
    MA_HSBA: 'HS2025100601',
    MA_TTDV: '0101234567',
  };
  const drug = (stt: number, ma: string, ten: string, soLuong: string, donGia: string): RowValues => ({
    MA_LK,
    STT: String(stt),
    MA_THUOC: ma,
    MA_NHOM: '4',
    TEN_THUOC: ten,
    DON_VI_TINH: 'Viên',
    HAM_LUONG: '5mg',
    DUONG_DUNG: '1.01',
    DANG_BAO_CHE: 'Viên nén',
    LIEU_DUNG: '1 viên/lần x 1 lần/ngày',
    CACH_DUNG: 'Uống sau ăn sáng',
    SO_DANG_KY: 'VD-12345-20',
    TT_THAU: '123/QĐ-BV;G1;N4;2025',
    PHAM_VI: '1',
    TYLE_TT_BH: '100',
    SO_LUONG: soLuong,
    DON_GIA: donGia,
    MUC_HUONG: '80',
    MA_KHOA: 'K01',
    MA_BAC_SI: '000123/HNO-CCHN',
    NGAY_YL: '202510060930',
    NGAY_TH_YL: '202510061000',
    MA_PTTT: '1',
    NGUON_CTRA: '1',
  });
  const service = (stt: number, extra: RowValues): RowValues => ({
    MA_LK,
    STT: String(stt),
    DON_VI_TINH: 'Lần',
    PHAM_VI: '1',
    SO_LUONG: '1',
    TYLE_TT_DV: '100',
    TYLE_TT_BH: '100',
    MUC_HUONG: '80',
    MA_KHOA: 'K01',
    MA_BAC_SI: '000123/HNO-CCHN',
    MA_BENH: 'I10',
    NGAY_YL: '202510060810',
    NGAY_TH_YL: '202510060815',
    MA_PTTT: '1',
    ...extra,
  });
  const rec: FixtureRecord = {
    XML1: [xml1],
    XML2: [drug(1, '40.227', 'Amlodipin', '30', '1234.565'), drug(2, '40.1018', 'Paracetamol', '10', '500')],
    XML3: [
      service(1, { MA_DICH_VU: '02.1896', MA_NHOM: '13', TEN_DICH_VU: 'Khám Nội', DON_GIA_BV: '38700', DON_GIA_BH: '38700' }),
      service(2, {
        MA_DICH_VU: '23.0075.1494',
        MA_NHOM: '1',
        TEN_DICH_VU: 'Định lượng Glucose [Máu]',
        DON_GIA_BV: '21500',
        DON_GIA_BH: '21500',
        NGUOI_THUC_HIEN: '000456/HNO-CCHN',
        NGAY_YL: '202510060820',
        NGAY_TH_YL: '202510060830',
        NGAY_KQ: '202510060915',
        MA_MAY: 'XN.1.01001.001',
      }),
      service(3, { MA_VAT_TU: 'N03.01.010', MA_NHOM: '10', TEN_VAT_TU: 'Bơm tiêm nhựa 5ml', DON_VI_TINH: 'Cái', SO_LUONG: '2', DON_GIA_BV: '1000.5', DON_GIA_BH: '1000.5', TT_THAU: '123/QĐ-BV;G1;N0;2025', NGAY_YL: '202510060820', NGAY_TH_YL: '202510060830' }),
    ],
    XML4: [
      {
        MA_LK,
        STT: '1',
        MA_DICH_VU: '23.0075.1494',
        MA_CHI_SO: 'GLU',
        TEN_CHI_SO: 'Glucose',
        GIA_TRI: '5.6',
        DON_VI_DO: 'mmol/L',
        KET_LUAN: 'Bình thường',
        NGAY_KQ: '202510060915',
        MA_BS_DOC_KQ: '000456/HNO-CCHN',
      },
    ],
  };
  return priceRecord(rec);
}

/** A valid insured inpatient stay (MA_LOAI_KCB 03) 06/10/2025 08:00 → 10/10/2025 10:00 with XML5, XML7, XML8 and XML14. */
export function inpatientRecord(MA_LK = 'LK20251006002'): FixtureRecord {
  const rec = outpatientRecord(MA_LK);
  const x1 = rec.XML1[0];
  Object.assign(x1, {
    MA_LOAI_KCB: '03',
    NGAY_VAO_NOI_TRU: '202510060900',
    LY_DO_VNT: 'Tăng huyết áp, đau đầu nhiều',
    NGAY_RA: '202510101000',
    NGAY_TTOAN: '202510101000',
    SO_NGAY_DTRI: '5',
    KET_QUA_DTRI: '1',
    NGAY_TAI_KHAM: '20251020',
    MA_KHOA: 'K02',
  });
  rec.XML3.push({
    MA_LK,
    STT: '4',
    MA_DICH_VU: '1.1.01',
    MA_NHOM: '15',
    TEN_DICH_VU: 'Ngày giường bệnh Nội khoa',
    DON_VI_TINH: 'Ngày',
    PHAM_VI: '1',
    SO_LUONG: '4',
    DON_GIA_BV: '220100',
    DON_GIA_BH: '220100',
    TYLE_TT_DV: '100',
    TYLE_TT_BH: '100',
    MUC_HUONG: '80',
    MA_KHOA: 'K02',
    MA_GIUONG: 'H001',
    MA_BAC_SI: '000123/HNO-CCHN',
    MA_BENH: 'I10',
    NGAY_YL: '202510060900',
    NGAY_TH_YL: '202510060900',
    NGAY_KQ: '202510101000',
    MA_PTTT: '1',
  });
  rec.XML5 = [
    { MA_LK, STT: '1', DIEN_BIEN_LS: 'Huyết áp 170/100 mmHg, đau đầu', THOI_DIEM_DBLS: '202510060930', NGUOI_THUC_HIEN: '000123/HNO-CCHN' },
    { MA_LK, STT: '2', DIEN_BIEN_LS: 'Huyết áp 130/80 mmHg, hết đau đầu', THOI_DIEM_DBLS: '202510100800', NGUOI_THUC_HIEN: '000123/HNO-CCHN' },
  ];
  rec.XML7 = [
    {
      MA_LK,
      SO_LUU_TRU: 'LT2025-0001',
      MA_YTE: 'YT000123',
      MA_KHOA_RV: 'K02',
      NGAY_VAO: '202510060800',
      NGAY_RA: '202510101000',
      CHAN_DOAN_RV: 'Tăng huyết áp vô căn',
      PP_DIEUTRI: 'Điều trị nội khoa',
      GHI_CHU: 'Tái khám sau 10 ngày',
      MA_TTDV: '0101234567',
      MA_BS: '000123/HNO-CCHN',
      TEN_BS: 'Trần Thị Bình',
      NGAY_CT: '20251010',
    },
  ];
  rec.XML8 = [
    {
      MA_LK,
      MA_LOAI_KCB: '03',
      NGAY_VAO: '202510060800',
      NGAY_RA: '202510101000',
      CHAN_DOAN_VAO: 'Theo dõi tăng huyết áp',
      CHAN_DOAN_RV: 'Tăng huyết áp vô căn',
      QT_BENHLY: 'Đau đầu 3 ngày trước vào viện, huyết áp 170/100 mmHg',
      TOMTAT_KQ: 'Glucose máu 5.6 mmol/L, điện tâm đồ nhịp xoang',
      PP_DIEUTRI: 'Điều trị nội khoa: Amlodipin 5mg',
      KET_QUA_DTRI: '1',
      GHI_CHU: 'Tiếp tục Amlodipin 5mg mỗi sáng, tái khám sau 10 ngày',
      MA_TTDV: '0101234567',
      NGAY_CT: '20251010',
    },
  ];
  rec.XML14 = [
    {
      MA_LK,
      SO_GIAYHEN_KL: 'HK2025-0001',
      MA_CSKCB: FIXTURE_MACSKCB,
      HO_TEN: x1.HO_TEN,
      NGAY_SINH: x1.NGAY_SINH,
      GIOI_TINH: x1.GIOI_TINH,
      MA_THE_BHYT: x1.MA_THE_BHYT,
      GT_THE_DEN: x1.GT_THE_DEN,
      NGAY_VAO: x1.NGAY_VAO,
      NGAY_VAO_NOI_TRU: x1.NGAY_VAO_NOI_TRU,
      NGAY_RA: x1.NGAY_RA,
      NGAY_HEN_KL: '202510200800',
      CHAN_DOAN_RV: x1.CHAN_DOAN_RV,
      MA_BENH_CHINH: x1.MA_BENH_CHINH,
      MA_DOITUONG_KCB: x1.MA_DOITUONG_KCB,
      MA_BAC_SI: '000123/HNO-CCHN',
      MA_TTDV: '0101234567',
      NGAY_CT: '20251010',
    },
  ];
  return priceRecord(rec);
}

/** An uninsured outpatient visit: no card, SO_CCCD as identity, MA_DOITUONG_KCB 9; money paid by the patient. */
export function uninsuredRecord(MA_LK = 'LK20251006003'): FixtureRecord {
  const rec = outpatientRecord(MA_LK);
  const x1 = rec.XML1[0];
  for (const k of ['MA_THE_BHYT', 'MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN']) x1[k] = '';
  x1.MA_DOITUONG_KCB = '9';
  for (const line of [...rec.XML2, ...rec.XML3]) {
    line.PHAM_VI = '3';
    line.TYLE_TT_BH = '0';
    line.MUC_HUONG = '0';
  }
  return priceRecord(rec);
}

/** Deep copy, so fixtures never share rows. */
export function cloneRecord(rec: FixtureRecord): FixtureRecord {
  return Object.fromEntries(Object.entries(rec).map(([t, rows]) => [t, rows.map((r) => ({ ...r }))]));
}

const d = (v: string | undefined): Decimal => (v === undefined || v === '' ? ZERO : dec(v));
/** a × p / 100, exact */
const percent = (a: Decimal, p: Decimal): Decimal => {
  const m = mul(a, p);
  return { units: m.units, scale: m.scale + 2 };
};

/**
 * Fills the money of every XML2/XML3 line (THANH_TIEN_BV, THANH_TIEN_BH, T_BNTT, T_BHTT, T_BNCCT, the four
 * other sources = 0) and the XML1 totals, from SO_LUONG, DON_GIA(_BV/_BH), TYLE_TT_DV, TYLE_TT_BH and MUC_HUONG.
 */
export function priceRecord(rec: FixtureRecord): FixtureRecord {
  const lines: { table: string; row: RowValues }[] = [];
  for (const table of ['XML2', 'XML3']) for (const row of rec[table] ?? []) lines.push({ table, row });
  for (const { table, row } of lines) {
    const q = d(row.SO_LUONG);
    const bv = table === 'XML2' ? mul(q, d(row.DON_GIA)) : percent(mul(q, d(row.DON_GIA_BV)), d(row.TYLE_TT_DV ?? '100'));
    const bhBase = table === 'XML2' ? mul(q, d(row.DON_GIA)) : percent(mul(q, d(row.DON_GIA_BH)), d(row.TYLE_TT_DV ?? '100'));
    const bv2 = roundHalfUp(bv, 2);
    const bh2 = roundHalfUp(percent(bhBase, d(row.TYLE_TT_BH)), 2);
    const bhtt = roundHalfUp(percent(bh2, d(row.MUC_HUONG)), 2);
    row.THANH_TIEN_BV = money2(bv2);
    row.THANH_TIEN_BH = money2(bh2);
    row.T_NGUONKHAC_NSNN = '0';
    row.T_NGUONKHAC_VTNN = '0';
    row.T_NGUONKHAC_VTTN = '0';
    row.T_NGUONKHAC_CL = '0';
    row.T_NGUONKHAC = '0';
    row.T_BNTT = money2(sub(bv2, bh2));
    row.T_BHTT = money2(bhtt);
    row.T_BNCCT = money2(sub(bh2, bhtt));
  }
  const x1 = rec.XML1?.[0];
  if (x1) {
    const total = (f: string, pick: (t: string, r: RowValues) => boolean = () => true) =>
      money2(sum(lines.filter((l) => pick(l.table, l.row)).map((l) => d(l.row[f]))));
    x1.T_THUOC = total('THANH_TIEN_BV', (t) => t === 'XML2');
    x1.T_VTYT = total('THANH_TIEN_BV', (t, r) => t === 'XML3' && (r.MA_NHOM === '10' || r.MA_NHOM === '11'));
    x1.T_TONGCHI_BV = total('THANH_TIEN_BV');
    x1.T_TONGCHI_BH = total('THANH_TIEN_BH');
    x1.T_BNTT = total('T_BNTT');
    x1.T_BNCCT = total('T_BNCCT');
    x1.T_BHTT = money2(sub(d(x1.T_TONGCHI_BH), d(x1.T_BNCCT)));
    x1.T_NGUONKHAC = total('T_NGUONKHAC');
    // QĐ 130 Bảng 1 T_BHTT_GDV: T_BHTT of the XML2/XML3 lines paid fee-for-service (MA_PTTT 1)
    x1.T_BHTT_GDV = total('T_BHTT', (_t, r) => r.MA_PTTT === '1');
  }
  return rec;
}

const TABLE_ORDER = ['XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML6', 'XML7', 'XML8', 'XML9', 'XML10', 'XML11', 'XML13', 'XML14', 'XML15'];

export interface EnvelopeFixtureOptions {
  layout?: LayoutId;
  MACSKCB?: string;
  NGAYLAP?: string;
  /** tables to leave out entirely */
  omit?: string[];
}

/** The whole GIAMDINHHS envelope (unsigned, base64 inner documents) for one or more records. */
export function envelopeXml(records: FixtureRecord[], options: EnvelopeFixtureOptions = {}): string {
  const layout = getLayout(options.layout ?? '3176');
  return buildEnvelope({
    MACSKCB: options.MACSKCB ?? FIXTURE_MACSKCB,
    NGAYLAP: options.NGAYLAP ?? '20251010',
    hoso: records.map((rec) => ({
      files: TABLE_ORDER.filter((t) => rec[t] && rec[t].length > 0 && !options.omit?.includes(t)).map((t) => ({
        loaiHoSo: t,
        content: serializeTable(layout.tables.get(t)!, rec[t], { cdataFields: CDATA_FIELDS }),
      })),
    })),
  });
}

/** A valid XML0 check-in row for the outpatient base record: first cost = the exam. */
export function checkinRow(overrides: RowValues = {}): RowValues {
  const p = patient();
  return {
    MA_LK: 'LK20251006001',
    STT: '1',
    MA_BN: p.MA_BN,
    HO_TEN: p.HO_TEN,
    SO_CCCD: p.SO_CCCD,
    NGAY_SINH: p.NGAY_SINH,
    GIOI_TINH: p.GIOI_TINH,
    MA_THE_BHYT: p.MA_THE_BHYT,
    MA_DKBD: p.MA_DKBD,
    GT_THE_TU: p.GT_THE_TU,
    GT_THE_DEN: p.GT_THE_DEN,
    MA_DOITUONG_KCB: '1.1',
    NGAY_VAO: '202510060800',
    MA_LOAI_KCB: '01',
    MA_CSKCB: FIXTURE_MACSKCB,
    MA_DICH_VU: '02.1896',
    TEN_DICH_VU: 'Khám Nội',
    NGAY_YL: '202510060810',
    ...overrides,
  };
}

/** The XML0 document (CHI_TIEU_TRANG_THAI_KCB with an empty CHUKYDONVI). */
export function checkinXml(rows: RowValues[], layout: LayoutId = '3176'): string {
  return serializeTable(getLayout(layout).tables.get('XML0')!, rows, { cdataFields: CDATA_FIELDS, withChukydonvi: true });
}

export function fixture(name: string, xml: string, options?: CheckOptions, expectAtLeast?: number): RuleFixture {
  return { name, xml, options, expectAtLeast };
}
