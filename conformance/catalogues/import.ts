/**
 * Reading a facility's catalogue files (CSV or XLSX, columns as BHXH's catalogue templates name them: Mẫu số
 * 01/DM departments, 02/DM staff, 03/DM drugs, 04/DM supplies, 05/DM services, 06/DM equipment; see docs/catalogues.md) into
 * catalogue versions. Bytes in, data out: no storage. A file with any bad row is refused as a whole, and so is a
 * set of files with any bad file: every problem is listed with file, line, column and code
 * (CatalogueImportError), and nothing is returned to be stored.
 *
 * Lines: the spreadsheet row (XLSX), or the CSV record number counting the header as 1 (the same as the text
 * line unless a quoted cell holds a line break).
 */
import { parseString } from '@fast-csv/parse';
import { isCalendarDate } from '../datetime.ts';
import { parseDecimal } from '../decimal.ts';
import { CATALOGUE_KINDS, type CatalogueEntry, type CatalogueKind, type CatalogueVersion } from './model.ts';

export interface ImportIssue {
  file: string;
  /** 1-based line (spreadsheet row); 0 when the problem is the file itself */
  line: number;
  column?: string;
  /** stable code, e.g. CATALOGUE.DATE */
  code: string;
  message: string;
  message_vi: string;
}

export class CatalogueImportError extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(issues.slice(0, 5).map(formatIssue).join('\n') + (issues.length > 5 ? `\n… and ${issues.length - 5} more problems` : ''));
    this.name = 'CatalogueImportError';
  }
}

export function formatIssue(i: ImportIssue): string {
  return `${i.file}:${i.line}${i.column ? ` [${i.column}]` : ''} ${i.code}: ${i.message}`;
}

/** The columns of each kind (BHXH template header codes); the first ones are required. */
export const COLUMNS: Record<CatalogueKind, { required: string[]; optional: string[]; key: string }> = {
  staff: { key: 'MACCHN', required: ['MACCHN', 'HO_TEN', 'TU_NGAY'], optional: ['MA_BHXH', 'SO_DINH_DANH', 'NGAYCAP_CCHN', 'NOICAP_CCHN', 'MA_KHOA', 'CHUCDANH_NN', 'PHAMVI_CM', 'DEN_NGAY', 'MA_CSKCB'] },
  equipment: { key: 'MA_MAY', required: ['MA_MAY', 'TEN_TB', 'TU_NGAY'], optional: ['KY_HIEU', 'CONGTY_SX', 'NUOC_SX', 'NAM_SX', 'NAM_SD', 'SO_LUU_HANH', 'DEN_NGAY', 'MA_CSKCB'] },
  drugs: { key: 'MA_THUOC', required: ['MA_THUOC', 'TEN_THUOC', 'DON_GIA', 'TU_NGAY'], optional: ['TEN_HOAT_CHAT', 'DON_VI_TINH', 'HAM_LUONG', 'DUONG_DUNG', 'SO_DANG_KY', 'DON_GIA_BH', 'TT_THAU', 'DEN_NGAY', 'MA_CSKCB'] },
  services: { key: 'MA_DICH_VU', required: ['MA_DICH_VU', 'TEN_DICH_VU', 'DON_GIA', 'TU_NGAY'], optional: ['GIA_THANH_TOAN', 'QD_PD_GIA', 'DEN_NGAY', 'MA_CSKCB'] },
  supplies: { key: 'MA_VAT_TU', required: ['MA_VAT_TU', 'TEN_VAT_TU', 'DON_GIA', 'TU_NGAY'], optional: ['NHOM_VAT_TU', 'MA_HIEU', 'DON_VI_TINH', 'DON_GIA_BH', 'TT_THAU', 'DEN_NGAY', 'MA_CSKCB'] },
  departments: { key: 'MA_KHOA', required: ['MA_KHOA', 'TEN_KHOA', 'TU_NGAY'], optional: ['DEN_NGAY', 'MA_CSKCB'] },
};

/** Which kind a header names, most specific first (a drug file may also carry MA_DICH_VU, MA_DVKT). */
const DETECT: [string, CatalogueKind][] = [
  ['MACCHN', 'staff'],
  ['MA_MAY', 'equipment'],
  ['MA_THUOC', 'drugs'],
  ['MA_VAT_TU', 'supplies'],
  ['MA_DICH_VU', 'services'],
  // last: a staff file may carry MA_KHOA (the practitioner's department)
  ['MA_KHOA', 'departments'],
];

/** Descriptive Vietnamese headers (without diacritics, lower case) accepted for the template codes. */
const ALIASES: Record<string, string> = {
  'ma cchn': 'MACCHN',
  'so cchn': 'MACCHN',
  'so chung chi hanh nghe': 'MACCHN',
  'ho ten': 'HO_TEN',
  'ho va ten': 'HO_TEN',
  'ma bhxh': 'MA_BHXH',
  'ma so bhxh': 'MA_BHXH',
  'so dinh danh': 'SO_DINH_DANH',
  'ngay cap cchn': 'NGAYCAP_CCHN',
  'ma may': 'MA_MAY',
  'ten thiet bi': 'TEN_TB',
  'ma thuoc': 'MA_THUOC',
  'ten thuoc': 'TEN_THUOC',
  'so dang ky': 'SO_DANG_KY',
  'ma dich vu': 'MA_DICH_VU',
  'ten dich vu': 'TEN_DICH_VU',
  'ma vat tu': 'MA_VAT_TU',
  'ten vat tu': 'TEN_VAT_TU',
  'ma hieu': 'MA_HIEU',
  'don gia': 'DON_GIA',
  'don gia bh': 'DON_GIA_BH',
  'gia thanh toan': 'GIA_THANH_TOAN',
  'tu ngay': 'TU_NGAY',
  'den ngay': 'DEN_NGAY',
  'ma khoa': 'MA_KHOA',
  'ten khoa': 'TEN_KHOA',
  'ten khoa phong': 'TEN_KHOA',
  'ma cskcb': 'MA_CSKCB',
  'ma co so': 'MA_CSKCB',
};

function headerName(raw: string): string {
  const t = raw.replace(/^\uFEFF/, '').trim();
  const code = t.toUpperCase();
  if (/^[A-Z0-9_.]+$/.test(code)) return code;
  const plain = t
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return ALIASES[plain] ?? code;
}

export interface ReadOptions {
  /** the facility the files belong to: rows without MA_CSKCB get it; rows naming another facility are refused */
  facility?: string;
  /** force the kind instead of recognising it from the header */
  kind?: CatalogueKind;
  /** yyyymmdd the version applies from (default: the earliest TU_NGAY of its rows) */
  effectiveFrom?: string;
  /** most problems listed (the rest are counted) */
  maxIssues?: number;
}

/** One file read: a version per facility its rows name (seq 0: the store numbers versions). */
export interface ReadFile {
  file: string;
  kind: CatalogueKind;
  versions: CatalogueVersion[];
  rows: number;
}

/** Cells of a sheet: the header row and data rows with their line numbers, all text. */
interface Sheet {
  header: { line: number; cells: string[] };
  rows: { line: number; cells: string[] }[];
}

const FACILITY_RE = /^[0-9A-Z]{5}$/;

function issue(file: string, line: number, code: string, message: string, message_vi: string, column?: string): ImportIssue {
  return { file, line, ...(column ? { column } : {}), code, message, message_vi };
}

/** Reads several files; all or nothing (throws CatalogueImportError listing every problem of every file). */
export async function readCatalogueFiles(files: { name: string; bytes: Uint8Array }[], options: ReadOptions = {}): Promise<ReadFile[]> {
  const issues: ImportIssue[] = [];
  const out: ReadFile[] = [];
  if (files.length === 0) throw new CatalogueImportError([issue('(none)', 0, 'CATALOGUE.NO_FILES', 'no catalogue files given', 'không có tệp danh mục nào')]);
  for (const f of files) {
    try {
      out.push(await readCatalogueFile(f.name, f.bytes, options));
    } catch (e) {
      if (e instanceof CatalogueImportError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (issues.length) throw new CatalogueImportError(cap(issues, options.maxIssues));
  return out;
}

function cap(issues: ImportIssue[], max = 200): ImportIssue[] {
  if (issues.length <= max) return issues;
  const rest = issues.length - max;
  return [...issues.slice(0, max), issue(issues[max].file, 0, 'CATALOGUE.MORE', `${rest} more problems not listed`, `còn ${rest} lỗi khác không liệt kê`)];
}

/** Reads one file (.csv or .xlsx); throws CatalogueImportError when anything in it is wrong. */
export async function readCatalogueFile(name: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadFile> {
  const lower = name.toLowerCase();
  let sheet: Sheet;
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) sheet = await readCsv(name, bytes);
  else if (lower.endsWith('.xlsx')) sheet = await readXlsx(name, bytes);
  else throw new CatalogueImportError([issue(name, 0, 'CATALOGUE.FORMAT', 'a catalogue file must be .csv or .xlsx', 'tệp danh mục phải là .csv hoặc .xlsx')]);
  return toVersions(name, sheet, options);
}

async function readCsv(file: string, bytes: Uint8Array): Promise<Sheet> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CatalogueImportError([issue(file, 0, 'CATALOGUE.ENCODING', 'the file is not UTF-8 text (save the CSV as "CSV UTF-8")', 'tệp không phải văn bản UTF-8 (lưu CSV dạng "CSV UTF-8")')]);
  }
  text = text.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const delimiter = [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
  const records = await new Promise<string[][]>((resolve, reject) => {
    const rows: string[][] = [];
    parseString<string[], string[]>(text, { delimiter, headers: false, ignoreEmpty: false, trim: false })
      .on('error', reject)
      .on('data', (r: string[]) => rows.push(r))
      .on('end', () => resolve(rows));
  }).catch((e: Error) => {
    throw new CatalogueImportError([issue(file, 0, 'CATALOGUE.CSV', `not a readable CSV file: ${e.message}`, `không đọc được tệp CSV: ${e.message}`)]);
  });
  const nonEmpty = records.map((cells, i) => ({ line: i + 1, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) throw new CatalogueImportError([issue(file, 0, 'CATALOGUE.EMPTY', 'the file has no header row', 'tệp không có dòng tiêu đề')]);
  return { header: nonEmpty[0], rows: nonEmpty.slice(1) };
}

async function readXlsx(file: string, bytes: Uint8Array): Promise<Sheet> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new CatalogueImportError([issue(file, 0, 'CATALOGUE.XLSX', `not a readable .xlsx workbook: ${(e as Error).message}`, `không đọc được tệp .xlsx: ${(e as Error).message}`)]);
  }
  // the first sheet whose first non-empty row names a catalogue column
  for (const ws of wb.worksheets) {
    const rows: { line: number; cells: string[] }[] = [];
    // (ws.columnCount walks every row: read it once, not per row)
    const columns = ws.columnCount;
    ws.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      const width = Math.max(row.cellCount, columns);
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
      if (cells.some((x) => x.trim() !== '')) rows.push({ line, cells });
    });
    if (rows.length === 0) continue;
    const names = rows[0].cells.map(headerName);
    if (DETECT.some(([k]) => names.includes(k))) return { header: rows[0], rows: rows.slice(1) };
  }
  throw new CatalogueImportError([issue(file, 0, 'CATALOGUE.KIND', `no sheet has a header naming ${DETECT.map(([k]) => k).join(', ')}`, `không có trang tính nào có tiêu đề ${DETECT.map(([k]) => k).join(', ')}`)]);
}

/** A spreadsheet cell as text: dates as yyyymmdd, formulas by their result, rich text joined. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `${v.getUTCFullYear()}${String(v.getUTCMonth() + 1).padStart(2, '0')}${String(v.getUTCDate()).padStart(2, '0')}`;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

function toVersions(file: string, sheet: Sheet, options: ReadOptions): ReadFile {
  const issues: ImportIssue[] = [];
  const names = sheet.header.cells.map(headerName);
  const hl = sheet.header.line;
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    if (n === '') return;
    if (seen.has(n)) issues.push(issue(file, hl, 'CATALOGUE.HEADER_DUPLICATE', `column ${n} appears twice (columns ${seen.get(n)! + 1} and ${i + 1})`, `cột ${n} xuất hiện hai lần (cột ${seen.get(n)! + 1} và ${i + 1})`, n));
    else seen.set(n, i);
  });
  const kind = options.kind ?? DETECT.find(([k]) => seen.has(k))?.[1];
  if (!kind) throw new CatalogueImportError([issue(file, hl, 'CATALOGUE.KIND', `the header names none of ${DETECT.map(([k]) => k).join(', ')}: which catalogue is it?`, `tiêu đề không có cột nào trong ${DETECT.map(([k]) => k).join(', ')}: đây là danh mục nào?`)]);
  const cols = COLUMNS[kind];
  for (const c of cols.required) if (!seen.has(c)) issues.push(issue(file, hl, 'CATALOGUE.COLUMN_MISSING', `the ${kind} catalogue needs a column ${c}`, `danh mục thiếu cột bắt buộc ${c}`, c));
  const facilityGiven = options.facility;
  if (facilityGiven !== undefined && !FACILITY_RE.test(facilityGiven)) issues.push(issue(file, 0, 'CATALOGUE.FACILITY', `facility code must be 5 characters [0-9A-Z], got "${facilityGiven}"`, `mã cơ sở phải gồm 5 ký tự [0-9A-Z], nhận "${facilityGiven}"`));
  if (!seen.has('MA_CSKCB') && facilityGiven === undefined) issues.push(issue(file, hl, 'CATALOGUE.FACILITY_MISSING', 'no MA_CSKCB column and no facility given (--facility)', 'không có cột MA_CSKCB và không chỉ định cơ sở (--facility)', 'MA_CSKCB'));
  if (issues.length) throw new CatalogueImportError(issues);

  const get = (cells: string[], c: string): string => {
    const i = seen.get(c);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const byFacility = new Map<string, CatalogueEntry[]>();
  const keys = new Map<string, number>();
  let rowCount = 0;
  for (const { line, cells } of sheet.rows) {
    rowCount++;
    const bad = (code: string, column: string | undefined, en: string, vi: string) => issues.push(issue(file, line, code, en, vi, column));
    if (cells.length > names.length && cells.slice(names.length).some((c) => c.trim() !== '')) bad('CATALOGUE.EXTRA_CELLS', undefined, `the row has ${cells.length} cells, the header ${names.length}`, `dòng có ${cells.length} ô, tiêu đề có ${names.length} cột`);
    for (const c of cols.required) if (get(cells, c) === '') bad('CATALOGUE.REQUIRED', c, `${c} is empty`, `${c} bị bỏ trống`);
    const date = (c: string): string | undefined => {
      const v = get(cells, c);
      if (v === '') return undefined;
      if (!/^\d{8}$/.test(v) || !isCalendarDate(v)) {
        bad('CATALOGUE.DATE', c, `${c} = "${v}" is not a date written yyyymmdd`, `${c} = "${v}" không phải ngày dạng yyyymmdd`);
        return undefined;
      }
      return v;
    };
    const from = date('TU_NGAY');
    const to = date('DEN_NGAY');
    if (from && to && to < from) bad('CATALOGUE.DATE_ORDER', 'DEN_NGAY', `DEN_NGAY ${to} is before TU_NGAY ${from}`, `DEN_NGAY ${to} trước TU_NGAY ${from}`);
    const licensedFrom = kind === 'staff' ? date('NGAYCAP_CCHN') : undefined;
    const money = (c: string): string | undefined => {
      const v = get(cells, c);
      if (v === '') return undefined;
      const d = parseDecimal(v);
      if (d === null || d.units < 0n) {
        bad('CATALOGUE.PRICE', c, `${c} = "${v}" is not a price (digits, '.' for decimals, no currency sign or thousands separator)`, `${c} = "${v}" không phải đơn giá (chữ số, dấu '.' thập phân, không ký hiệu tiền, không dấu phân cách hàng nghìn)`);
        return undefined;
      }
      return v;
    };
    const price = kind === 'drugs' || kind === 'services' || kind === 'supplies' ? money('DON_GIA') : undefined;
    const priceBh = kind === 'services' ? money('GIA_THANH_TOAN') : kind === 'drugs' || kind === 'supplies' ? money('DON_GIA_BH') : undefined;
    let facility = get(cells, 'MA_CSKCB') || facilityGiven || '';
    if (!FACILITY_RE.test(facility)) bad('CATALOGUE.FACILITY', 'MA_CSKCB', `MA_CSKCB = "${facility}" is not a 5-character facility code`, `MA_CSKCB = "${facility}" không phải mã cơ sở 5 ký tự`);
    else if (facilityGiven !== undefined && facility !== facilityGiven) bad('CATALOGUE.FACILITY', 'MA_CSKCB', `the row belongs to facility ${facility}, not ${facilityGiven}`, `dòng thuộc cơ sở ${facility}, không phải ${facilityGiven}`);
    const code = get(cells, cols.key);
    const variant = kind === 'drugs' ? get(cells, 'SO_DANG_KY') : kind === 'supplies' ? get(cells, 'MA_HIEU') : '';
    if (code !== '' && from) {
      const k = `${facility}|${code}|${variant}|${from}`;
      const first = keys.get(k);
      if (first !== undefined) bad('CATALOGUE.DUPLICATE', cols.key, `${cols.key} ${code}${variant ? ` (${variant})` : ''} from ${from} is already on line ${first}`, `${cols.key} ${code}${variant ? ` (${variant})` : ''} từ ${from} đã có ở dòng ${first}`);
      else keys.set(k, line);
    }
    if (issues.length > (options.maxIssues ?? 200)) break;
    if (code === '' || !from) continue;
    const ids = kind === 'staff' ? ['MA_BHXH', 'SO_DINH_DANH'].map((c) => get(cells, c)).filter((x) => x !== '') : [];
    const name = get(cells, COLUMNS[kind].required[1]);
    const entry: CatalogueEntry = { code, from, line, ...(name ? { name } : {}), ...(to ? { to } : {}), ...(ids.length ? { ids } : {}), ...(licensedFrom ? { licensedFrom } : {}), ...(price ? { price } : {}), ...(priceBh ? { priceBh } : {}), ...(variant ? { variant } : {}) };
    const list = byFacility.get(facility);
    if (list) list.push(entry);
    else byFacility.set(facility, [entry]);
  }
  if (rowCount === 0) issues.push(issue(file, hl, 'CATALOGUE.EMPTY', 'the file has a header but no rows', 'tệp có tiêu đề nhưng không có dòng dữ liệu'));
  const eff = options.effectiveFrom;
  if (eff !== undefined && (!/^\d{8}$/.test(eff) || !isCalendarDate(eff))) issues.push(issue(file, 0, 'CATALOGUE.EFFECTIVE', `the effective date must be yyyymmdd, got "${eff}"`, `ngày hiệu lực phải dạng yyyymmdd, nhận "${eff}"`));
  if (issues.length) throw new CatalogueImportError(cap(issues, options.maxIssues));
  const versions: CatalogueVersion[] = [...byFacility].map(([facility, entries]) => ({
    facility,
    kind,
    effectiveFrom: eff ?? entries.reduce((m, e) => (e.from < m ? e.from : m), entries[0].from),
    seq: 0,
    source: file,
    entries,
  }));
  return { file, kind, versions, rows: rowCount };
}

export function isCatalogueKind(s: string): s is CatalogueKind {
  return (CATALOGUE_KINDS as readonly string[]).includes(s);
}

/** The header of a kind's CSV/XLSX (required then optional columns), for templates and the demo files. */
export function templateHeader(kind: CatalogueKind): string[] {
  return [...COLUMNS[kind].required, ...COLUMNS[kind].optional];
}

/** Catalogue rows as the template's cells (for writing demo files and exports). */
export function entryCells(kind: CatalogueKind, facility: string, e: CatalogueEntry): Record<string, string> {
  const c: Record<string, string> = { [COLUMNS[kind].key]: e.code, [COLUMNS[kind].required[1]]: e.name ?? '', TU_NGAY: e.from, DEN_NGAY: e.to ?? '', MA_CSKCB: facility };
  if (kind === 'staff') {
    if (e.ids?.[0]) c.MA_BHXH = e.ids[0];
    if (e.ids?.[1]) c.SO_DINH_DANH = e.ids[1];
    if (e.licensedFrom) c.NGAYCAP_CCHN = e.licensedFrom;
  }
  if (e.price !== undefined) c.DON_GIA = e.price;
  if (e.priceBh !== undefined) c[kind === 'services' ? 'GIA_THANH_TOAN' : 'DON_GIA_BH'] = e.priceBh;
  if (e.variant) c[kind === 'drugs' ? 'SO_DANG_KY' : 'MA_HIEU'] = e.variant;
  return c;
}
