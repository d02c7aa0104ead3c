/**
 * The citizen's health-book view (Sổ sức khỏe điện tử on VNeID) of a submission, and what it will lack.
 *
 * `projectHealthBook(pkg, meta)` gives one entry per HOSO with the four groups of QĐ 31/QĐ-BYT Điều 2 khoản 3:
 *   (a) administrative — (b) history — (c) per-visit facts — (d) record summary and documents.
 * Every value says where it came from (table, field, row) and the confidence of that mapping, taken from
 * conformance/pilot/health-book-mapping.json (QĐ 2733 PL02; 'source' = stated in the source, 'inferred' = our
 * reading). Values stay strings exactly as sent.
 *
 * `missingHealthBookItems(pkg)` lists, per HOSO, the health-book items that will be empty on VNeID and why.
 * `healthBookKeys(entry)` gives the lookup keys (personal ID, each card number) for the portal's
 * GET /api/sim/so-suc-khoe/{soDinhDanh | maThe}.
 */
import { createRequire } from 'node:module';
import { decodePackage } from './envelope/decode.ts';
import type { HoSo, ParsedPackage, Row } from './model.ts';
import { rowsOf as sharedRowsOf } from './pilot/rule-helpers.ts';

const require = createRequire(import.meta.url);

export type MappingConfidence = 'source' | 'inferred';

export interface HealthBookMappingRow {
  group: string;
  field_no: number | null;
  field_vi: string;
  display: string | null;
  xml_table: string | null;
  xml_field: string | null;
  required_for_health_book: boolean | null;
  confidence: MappingConfidence;
  note: string;
}

let mappingCache: HealthBookMappingRow[] | undefined;

/** The PL02 mapping as shipped (data, with its confidence per row). */
export function healthBookMapping(): HealthBookMappingRow[] {
  mappingCache ??= require('./pilot/health-book-mapping.json') as HealthBookMappingRow[];
  return mappingCache;
}

/** Fields of a mapping row ('A;B' → ['A','B']); [] when the row has no XML field. */
const fieldsCache = new WeakMap<HealthBookMappingRow, string[]>();

export function mappingFields(row: HealthBookMappingRow): string[] {
  const hit = fieldsCache.get(row);
  if (hit) return hit;
  const fields = !row.xml_field || !row.xml_table || !/^XML\d+$/.test(row.xml_table) ? [] : row.xml_field.split(';').map((f) => f.trim()).filter((f) => /^[A-Z0-9_]+$/.test(f));
  fieldsCache.set(row, fields);
  return fields;
}

/** The mapping row of a table field, if the mapping names it. */
export function mappingOf(table: string, field: string): HealthBookMappingRow | undefined {
  return healthBookMapping().find((r) => r.xml_table === table && mappingFields(r).includes(field));
}

// ---------------------------------------------------------------- projection types

export interface SourceRef {
  table: string;
  field?: string;
  /** 0-based row index in the table (list tables) */
  row?: number;
  STT?: string;
}

/** One displayed value with its provenance. */
export interface HealthBookValue {
  value: string | null;
  source: SourceRef | null;
  confidence: MappingConfidence;
  /** why it is empty or how it was derived */
  note?: string;
}

/** One line of a list (drug, procedure, result, clinical-course entry). */
export interface HealthBookLine {
  source: SourceRef;
  confidence: MappingConfidence;
  fields: Record<string, string | null>;
}

/** A document shown on VNeID (discharge paper, referral, appointment, summary …). */
export interface HealthBookDocument {
  present: boolean;
  source: SourceRef;
  confidence: MappingConfidence;
  fields: Record<string, string | null>;
  note?: string;
}

export interface HealthBookEntry {
  schema: 'sskdt-lab/health-book-entry@1';
  MA_LK: string | null;
  MACSKCB: string | null;
  maGiaoDich: string | null;
  receivedAt: string | null;
  /** newest-first ordering key: NGAY_RA (else NGAY_VAO) as sent, yyyymmddHHMM */
  sortKey: string;
  keys: { soDinhDanh: string | null; maThe: string[] };
  /** (a) QĐ 31 Đ2 k3 a */
  administrative: Record<string, HealthBookValue>;
  /** (b) QĐ 31 Đ2 k3 b */
  history: Record<string, HealthBookValue>;
  /** (c) QĐ 31 Đ2 k3 c */
  visit: {
    facts: Record<string, HealthBookValue>;
    diagnosis: { text: HealthBookValue; icd10Main: HealthBookValue; icd10Secondary: string[]; yhct: HealthBookValue };
    results: HealthBookLine[];
    drugs: HealthBookLine[];
    procedures: HealthBookLine[];
    clinicalCourse: HealthBookLine[];
  };
  /** (d) QĐ 31 Đ2 k3 d */
  documents: {
    recordSummary: HealthBookDocument;
    dischargePaper: HealthBookDocument;
    referral: HealthBookDocument;
    reExamAppointment: HealthBookDocument;
    testResults: HealthBookDocument;
    sickLeave: HealthBookDocument;
    birthCertificates: HealthBookDocument[];
  };
  /** the items this entry will show empty (same as missingHealthBookItems for this HOSO) */
  missing: MissingHealthBookItem[];
}

// ---------------------------------------------------------------- reading helpers

function text(row: Row | undefined, field: string): string | null {
  const v = row?.values.get(field);
  if (!v || !v.present || v.empty || v.value.trim() === '') return null;
  return v.value;
}

/** The rows of a table (every file of it, in order), read-only: the shared helper, without a copy per call. */
const rowsOf = sharedRowsOf;

function valueOf(row: Row | undefined, table: string, field: string, fallbackNote?: string): HealthBookValue {
  const m = mappingOf(table, field);
  const value = text(row, field);
  return {
    value,
    source: { table, field },
    confidence: m?.confidence ?? 'inferred',
    note: value === null ? (fallbackNote ?? (row ? 'không có dữ liệu trong hồ sơ' : `hồ sơ không gửi ${table}`)) : m ? undefined : 'không có trong bảng ánh xạ PL02; suy luận',
  };
}

function noSource(note: string, confidence: MappingConfidence = 'inferred'): HealthBookValue {
  return { value: null, source: null, confidence, note };
}

function lines(h: HoSo, table: string, fields: string[], filter: (r: Row) => boolean = () => true): HealthBookLine[] {
  const confidence = fields.map((f) => mappingOf(table, f)?.confidence).includes('source') ? 'source' : 'inferred';
  return rowsOf(h, table)
    .filter(filter)
    .map((r) => ({ source: { table, row: r.index, STT: r.STT }, confidence, fields: Object.fromEntries(fields.map((f) => [f, text(r, f)])) }));
}

function documentOf(h: HoSo, table: string, fields: string[], confidence: MappingConfidence, note?: string): HealthBookDocument {
  const row = rowsOf(h, table)[0];
  return { present: !!row, source: { table }, confidence, fields: Object.fromEntries(fields.map((f) => [f, text(row, f)])), note: row ? undefined : (note ?? `hồ sơ không gửi ${table}`) };
}

const VISIT_TYPE_NAMES: Record<string, string> = {
  '01': 'Khám bệnh',
  '02': 'Điều trị ngoại trú',
  '03': 'Điều trị nội trú',
  '04': 'Điều trị nội trú ban ngày',
  '05': 'Điều trị ngoại trú bệnh dài ngày (khám, lĩnh thuốc)',
  '06': 'Lưu tại trạm y tế / phòng khám đa khoa khu vực',
  '07': 'Nhận thuốc theo hẹn',
  '08': 'Điều trị ngoại trú bệnh dài ngày (có DVKT/thuốc)',
  '09': 'Điều trị nội trú dưới 4 giờ',
  '10': 'Các trường hợp khác',
  '11': 'KCB lưu động',
  '12': 'KCB tại nhà',
  '13': 'Y học gia đình',
  '14': 'KCB từ xa',
  '15': 'Khám sức khỏe định kỳ',
  '16': 'Khám sàng lọc',
};

const SUMMARY_TYPES = new Set(['03', '04', '06']);
const PROCEDURE_GROUPS = new Set(['8', '18']);
const INSURED_ONLY = new Set(['MA_THE_BHYT', 'MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN']);

// ---------------------------------------------------------------- missing items

export interface MissingHealthBookItem {
  group: string;
  field_vi: string;
  table: string | null;
  fields: string[];
  confidence: MappingConfidence;
  /** 'no-xml-source': no XML 130 field feeds it; 'table-not-sent': the table is absent; 'empty': sent but blank */
  reason: 'no-xml-source' | 'table-not-sent' | 'empty';
  note: string;
}

export interface MissingBySubmission {
  hoso: number;
  MA_LK: string | null;
  items: MissingHealthBookItem[];
}

/**
 * Rows of a list table that a mapping item is about: procedure codes/times only for surgery and procedure
 * lines (XML3 MA_NHOM 8/18); XML4 values/units only for lab results and descriptions/conclusions only for
 * imaging and functional tests (group of the XML3 line with the same MA_DICH_VU; unknown group counts for both).
 */
export function relevantRows(m: HealthBookMappingRow, rows: readonly Row[], h?: HoSo, xml3Groups?: () => Map<string, string>): readonly Row[] {
  if (m.xml_table === 'XML3' && m.group.includes('Phẫu thuật') && !m.field_vi.startsWith('Tên')) {
    return rows.filter((r) => PROCEDURE_GROUPS.has((text(r, 'MA_NHOM') ?? '').trim()));
  }
  if (m.xml_table === 'XML4' && h) {
    const fields = mappingFields(m);
    const groups = xml3Groups ? xml3Groups() : xml3GroupsOf(h);
    const groupOf = (r: Row) => groups.get(text(r, 'MA_DICH_VU') ?? '');
    if (fields.includes('GIA_TRI')) return rows.filter((r) => groupOf(r) === undefined || groupOf(r) === '1');
    if (fields.includes('KET_LUAN')) return rows.filter((r) => groupOf(r) === undefined || groupOf(r) === '2' || groupOf(r) === '3');
  }
  return rows;
}

/** MA_NHOM by MA_DICH_VU of the XML3 lines (the last line of a code wins). */
function xml3GroupsOf(h: HoSo): Map<string, string> {
  const groups = new Map<string, string>();
  for (const r of rowsOf(h, 'XML3')) {
    const code = text(r, 'MA_DICH_VU');
    if (code) groups.set(code, (text(r, 'MA_NHOM') ?? '').trim());
  }
  return groups;
}

/** The required mapping rows with their fields and whether they are insured-only, worked out once (the mapping is fixed data). */
let requiredCache: { m: HealthBookMappingRow; fields: string[]; insuredOnly: boolean }[] | undefined;
function requiredItems(): { m: HealthBookMappingRow; fields: string[]; insuredOnly: boolean }[] {
  requiredCache ??= healthBookMapping()
    .filter((m) => m.required_for_health_book === true)
    .map((m) => {
      const fields = mappingFields(m);
      return { m, fields, insuredOnly: fields.every((f) => INSURED_ONLY.has(f)) };
    });
  return requiredCache;
}

/** The health-book items of one HOSO with their state: present, or missing with a reason. */
export function healthBookItemStates(h: HoSo): { mapping: HealthBookMappingRow; state: 'present' | 'not-applicable' | MissingHealthBookItem['reason'] }[] {
  const x1 = rowsOf(h, 'XML1')[0];
  const insured = text(x1, 'MA_THE_BHYT') !== null;
  const out: { mapping: HealthBookMappingRow; state: 'present' | 'not-applicable' | MissingHealthBookItem['reason'] }[] = [];
  // the XML3 groups of this HOSO, built at most once for its XML4 items
  let groups: Map<string, string> | undefined;
  const xml3Groups = () => (groups ??= xml3GroupsOf(h));
  for (const { m, fields, insuredOnly } of requiredItems()) {
    if (!fields.length || !m.xml_table) {
      out.push({ mapping: m, state: 'no-xml-source' });
      continue;
    }
    if (!insured && insuredOnly) {
      out.push({ mapping: m, state: 'not-applicable' });
      continue;
    }
    const rows = rowsOf(h, m.xml_table);
    if (!rows.length) {
      out.push({ mapping: m, state: 'table-not-sent' });
      continue;
    }
    const relevant = relevantRows(m, rows, h, xml3Groups);
    if (!relevant.length) {
      out.push({ mapping: m, state: 'not-applicable' });
      continue;
    }
    const filled = relevant.some((r) => fields.some((f) => text(r, f) !== null));
    out.push({ mapping: m, state: filled ? 'present' : 'empty' });
  }
  return out;
}

function missingOf(h: HoSo): MissingHealthBookItem[] {
  const x1 = rowsOf(h, 'XML1')[0];
  const type = (text(x1, 'MA_LOAI_KCB') ?? '').trim();
  const items: MissingHealthBookItem[] = [];
  for (const { mapping: m, state } of healthBookItemStates(h)) {
    if (state === 'present' || state === 'not-applicable') continue;
    let note = m.note;
    if (state === 'table-not-sent') {
      note =
        m.xml_table === 'XML8' && !SUMMARY_TYPES.has(type)
          ? `Bảng 8 không gửi: bảng kiểm tra BHXH chỉ nhận XML8 khi MA_LOAI_KCB là 03/04/06 (lượt này ${type || '?'}); CV 4395 yêu cầu tối thiểu Bảng 1 và Bảng 8 — mâu thuẫn chưa giải quyết`
          : `${m.xml_table} không có trong hồ sơ`;
    } else if (state === 'empty') note = `${m.xml_table} có nhưng ${mappingFields(m).join(', ')} để trống`;
    items.push({ group: m.group, field_vi: m.field_vi, table: m.xml_table && /^XML\d+$/.test(m.xml_table) ? m.xml_table : null, fields: mappingFields(m), confidence: m.confidence, reason: state, note });
  }
  return items;
}

/** Per submission (HOSO), the health-book items that will be empty on VNeID, with the reason. */
export function missingHealthBookItems(pkg: ParsedPackage): MissingBySubmission[] {
  return pkg.hoso.map((h) => ({ hoso: h.index, MA_LK: text(rowsOf(h, 'XML1')[0], 'MA_LK'), items: missingOf(h) }));
}

// ---------------------------------------------------------------- projection

function projectOne(pkg: ParsedPackage, h: HoSo, meta: ProjectionMeta): HealthBookEntry {
  const x1 = rowsOf(h, 'XML1')[0];
  const x8 = rowsOf(h, 'XML8')[0];
  const v = (field: string, note?: string) => valueOf(x1, 'XML1', field, note);
  const cards = (text(x1, 'MA_THE_BHYT') ?? '').split(';').map((c) => c.trim()).filter(Boolean);
  const type = (text(x1, 'MA_LOAI_KCB') ?? '').trim();

  const hanThe = v('GT_THE_TU');
  const gtDen = text(x1, 'GT_THE_DEN');
  const administrative: Record<string, HealthBookValue> = {
    hoTen: v('HO_TEN'),
    ngaySinh: v('NGAY_SINH'),
    gioiTinh: v('GIOI_TINH'),
    danToc: v('MA_DANTOC'),
    quocTich: v('MA_QUOCTICH'),
    ngheNghiep: v('MA_NGHE_NGHIEP'),
    soDinhDanh: v('SO_CCCD'),
    dienThoai: v('DIEN_THOAI'),
    maTheBhyt: v('MA_THE_BHYT', cards.length ? undefined : 'người bệnh không dùng thẻ BHYT'),
    noiDangKyBanDau: v('MA_DKBD', cards.length ? undefined : 'người bệnh không dùng thẻ BHYT'),
    hanThe: { ...hanThe, value: hanThe.value === null && gtDen === null ? null : `${hanThe.value ?? ''}-${gtDen ?? ''}`, source: { table: 'XML1', field: 'GT_THE_TU;GT_THE_DEN' } },
    diaChi: v('DIA_CHI'),
    maTinh: v('MATINH_CU_TRU'),
    maHuyen: v('MAHUYEN_CU_TRU', 'không còn cấp huyện từ 01/07/2025'),
    maXa: v('MAXA_CU_TRU'),
    nguoiGiamHo: x8 && (text(x8, 'NGUOI_GIAM_HO') ?? text(x8, 'HO_TEN_CHA') ?? text(x8, 'HO_TEN_ME'))
      ? { value: text(x8, 'NGUOI_GIAM_HO') ?? text(x8, 'HO_TEN_CHA') ?? text(x8, 'HO_TEN_ME'), source: { table: 'XML8', field: 'NGUOI_GIAM_HO;HO_TEN_CHA;HO_TEN_ME' }, confidence: 'inferred', note: 'PL02 mục 1.3 không có trường XML; dùng tạm XML8' }
      : noSource('PL02 mục 1.3: không có trường XML (phối hợp C06)', 'source'),
    noiQuanLyHoSo: noSource('PL02 trường 9: không có trường XML 130/4750'),
  };

  const history: Record<string, HealthBookValue> = {
    diUng: noSource('Không có trường riêng trong XML 130/4750/3176 (QĐ 31 Đ2 k3 b)'),
    tienSuBenh: x8 && text(x8, 'QT_BENHLY') !== null
      ? { value: text(x8, 'QT_BENHLY'), source: { table: 'XML8', field: 'QT_BENHLY' }, confidence: 'inferred', note: 'chỉ có dạng văn bản tự do trong quá trình bệnh lý (XML8)' }
      : noSource('Không có trường riêng; chỉ có thể có trong XML8 QT_BENHLY (không gửi)'),
    tiemChung: noSource('Không thuộc XML 130; nguồn dữ liệu tiêm chủng riêng'),
  };

  const visitType = v('MA_LOAI_KCB');
  const facts: Record<string, HealthBookValue> = {
    coSoKcb: v('MA_CSKCB'),
    thoiGianVao: v('NGAY_VAO'),
    thoiGianVaoNoiTru: v('NGAY_VAO_NOI_TRU', 'không điều trị nội trú'),
    thoiGianRa: v('NGAY_RA'),
    hinhThucKcb: { ...visitType, note: VISIT_TYPE_NAMES[type] ?? visitType.note },
    lyDoDenKham: v('LY_DO_VV'),
    lyDoVaoNoiTru: v('LY_DO_VNT', 'không điều trị nội trú'),
    tinhTrangRaVien: v('MA_LOAI_RV'),
    ketQuaDieuTri: v('KET_QUA_DTRI'),
    khoa: v('MA_KHOA'),
    nhomMau: v('NHOM_MAU'),
    canNang: v('CAN_NANG'),
    chieuCao: noSource('XML 130/4750 không có trường chiều cao'),
  };
  const diagnosis = {
    text: v('CHAN_DOAN_RV'),
    icd10Main: v('MA_BENH_CHINH'),
    icd10Secondary: (text(x1, 'MA_BENH_KT') ?? '').split(';').map((c) => c.trim()).filter(Boolean),
    yhct: v('MA_BENH_YHCT', 'không có chẩn đoán y học cổ truyền'),
  };

  const entry: HealthBookEntry = {
    schema: 'sskdt-lab/health-book-entry@1',
    MA_LK: text(x1, 'MA_LK'),
    MACSKCB: pkg.MACSKCB ?? text(x1, 'MA_CSKCB'),
    maGiaoDich: meta.maGiaoDich ?? null,
    receivedAt: meta.receivedAt ?? null,
    sortKey: text(x1, 'NGAY_RA') ?? text(x1, 'NGAY_VAO') ?? '',
    keys: { soDinhDanh: text(x1, 'SO_CCCD')?.trim() ?? null, maThe: cards },
    administrative,
    history,
    visit: {
      facts,
      diagnosis,
      results: lines(h, 'XML4', ['MA_DICH_VU', 'MA_CHI_SO', 'TEN_CHI_SO', 'GIA_TRI', 'DON_VI_DO', 'MO_TA', 'KET_LUAN', 'NGAY_KQ', 'MA_BS_DOC_KQ']),
      drugs: lines(h, 'XML2', ['MA_THUOC', 'TEN_THUOC', 'HAM_LUONG', 'DANG_BAO_CHE', 'DUONG_DUNG', 'LIEU_DUNG', 'CACH_DUNG', 'SO_LUONG', 'DON_VI_TINH', 'NGAY_YL']),
      // services and procedures (not supply-only lines)
      procedures: lines(h, 'XML3', ['MA_DICH_VU', 'TEN_DICH_VU', 'MA_NHOM', 'MA_PTTT_QT', 'NGAY_YL', 'NGAY_TH_YL', 'NGAY_KQ'], (r) => text(r, 'MA_DICH_VU') !== null),
      clinicalCourse: lines(h, 'XML5', ['THOI_DIEM_DBLS', 'DIEN_BIEN_LS', 'GIAI_DOAN_BENH', 'HOI_CHAN', 'PHAU_THUAT']).map((l) => ({ ...l, confidence: 'inferred' as const })),
    },
    documents: {
      recordSummary: documentOf(h, 'XML8', ['CHAN_DOAN_VAO', 'CHAN_DOAN_RV', 'QT_BENHLY', 'TOMTAT_KQ', 'PP_DIEUTRI', 'KET_QUA_DTRI', 'GHI_CHU', 'NGAY_CT'], 'source', SUMMARY_TYPES.has(type) ? undefined : 'Bảng 8 chỉ gửi khi MA_LOAI_KCB 03/04/06 (bảng kiểm tra BHXH); CV 4395 yêu cầu với người không có BHYT'),
      dischargePaper: documentOf(h, 'XML7', ['SO_LUU_TRU', 'NGAY_VAO', 'NGAY_RA', 'CHAN_DOAN_RV', 'PP_DIEUTRI', 'GHI_CHU', 'SO_NGAY_NGHI', 'NGOAITRU_TUNGAY', 'NGOAITRU_DENNGAY', 'TEN_BS', 'NGAY_CT'], 'inferred'),
      referral: documentOf(h, 'XML13', ['SO_CHUYENTUYEN', 'GIAY_CHUYEN_TUYEN', 'MA_CSKCB_DEN', 'MA_NOI_DEN', 'MA_LYDO_CT', 'HUONG_DIEU_TRI', 'PHUONGTIEN_VC'], 'inferred'),
      reExamAppointment: (() => {
        const doc = documentOf(h, 'XML14', ['SO_GIAYHEN_KL', 'NGAY_HEN_KL', 'MA_BAC_SI', 'MA_TTDV', 'NGAY_CT'], 'inferred');
        if (!doc.present && text(x1, 'NGAY_TAI_KHAM')) return { ...doc, fields: { ...doc.fields, NGAY_TAI_KHAM: text(x1, 'NGAY_TAI_KHAM') }, source: { table: 'XML1', field: 'NGAY_TAI_KHAM' }, note: 'không có XML14; ngày hẹn lấy từ XML1 NGAY_TAI_KHAM' };
        return doc;
      })(),
      testResults: { present: rowsOf(h, 'XML4').length > 0, source: { table: 'XML4' }, confidence: 'source', fields: { soKetQua: String(rowsOf(h, 'XML4').length) }, note: rowsOf(h, 'XML4').length ? 'chi tiết ở visit.results' : 'hồ sơ không gửi XML4' },
      sickLeave: documentOf(h, 'XML11', ['SO_CT', 'SO_SERI', 'CHAN_DOAN_RV', 'SO_NGAY_NGHI', 'TU_NGAY', 'DEN_NGAY', 'NGAY_CT'], 'inferred', 'không cấp giấy nghỉ việc hưởng BHXH (XML11)'),
      birthCertificates: rowsOf(h, 'XML9').map((r) => ({
        present: true,
        source: { table: 'XML9', row: r.index },
        confidence: 'inferred' as const,
        fields: Object.fromEntries(['HO_TEN_CON', 'GIOI_TINH_CON', 'NGAY_SINH_CON', 'CAN_NANG_CON', 'NOI_SINH_CON', 'SO', 'QUYEN_SO', 'NGAY_CT'].map((f) => [f, text(r, f)])),
      })),
    },
    missing: missingOf(h),
  };
  return entry;
}

export interface ProjectionMeta {
  maGiaoDich?: string;
  receivedAt?: string;
  /** used only when bytes are given: the endpoint selects the layout like checkPackage does */
  endpoint?: string;
}

/**
 * One health-book entry per HOSO of an accepted submission (GIAMDINHHS only; a check-in has none).
 * Takes the parsed package, or the stored bytes (decoded here with decodePackage; throws EnvelopeError on
 * bytes that cannot be read).
 */
export function projectHealthBook(input: ParsedPackage | Uint8Array, meta: ProjectionMeta = {}): HealthBookEntry[] {
  const pkg = input instanceof Uint8Array ? decodePackage(input, { endpoint: meta.endpoint }) : input;
  if (pkg.kind !== 'GIAMDINHHS') return [];
  return pkg.hoso.filter((h) => rowsOf(h, 'XML1').length > 0).map((h) => projectOne(pkg, h, meta));
}

/** Lookup keys of an entry: the personal ID number and every card number (deduplicated, non-empty). */
export function healthBookKeys(entry: HealthBookEntry): string[] {
  const keys = [entry.keys.soDinhDanh, ...entry.keys.maThe].filter((k): k is string => !!k && k.trim() !== '');
  return [...new Set(keys)];
}

/** Newest first (by NGAY_RA, then receipt time), for the portal's list. */
export function sortNewestFirst(entries: HealthBookEntry[]): HealthBookEntry[] {
  return [...entries].sort((a, b) => (a.sortKey === b.sortKey ? (b.receivedAt ?? '').localeCompare(a.receivedAt ?? '') : b.sortKey.localeCompare(a.sortKey)));
}
