/**
 * Code lists ("danh mục") as versioned data: each JSON file in this folder names its source decision,
 * effective dates, confidence and the fields it applies to (see README.md and index.json). This module
 * loads them lazily, picks the list in force for a reference date and answers membership questions.
 * Special syntaxes that are not plain lists (MA_KHOA per QĐ 1804, non-canonical MA_DOITUONG_KCB `02`)
 * live here too, so the field rules stay data-driven.
 */
import { createRequire } from 'node:module';
import { compactCodes, compactColumn, compactList, readCompactList, type CompactList, type RawListFile } from './compact.ts';

const require = createRequire(import.meta.url);

interface IndexEntry {
  file: string;
  name: string;
  /** the list's name and source in Vietnamese, for messages (name/document may carry English notes) */
  name_vi: string;
  fields: string[];
  document: string;
  document_vi: string;
  effective_from: string | null;
  effective_to: string | null;
  confidence: 'high' | 'medium';
  count: number;
}

interface RawList {
  name: string;
  fields: string[];
  source: { document: string; date?: string; appendix?: string };
  effective_from: string | null;
  effective_to: string | null;
  applies_to_data_from?: string;
  confidence: 'high' | 'medium';
  format?: string;
  codes: { code: string }[];
}

export interface CodeList {
  file: string;
  name: string;
  /** source decision, e.g. 'QĐ 3276/QĐ-BYT' */
  document: string;
  /** name and source in Vietnamese (messages never carry the English notes of `name`/`document`) */
  name_vi: string;
  document_vi: string;
  appendix?: string;
  /** yyyymmdd or null (open) */
  from: string | null;
  to: string | null;
  confidence: 'high' | 'medium';
  codes: ReadonlySet<string>;
}

const ymd = (iso: string | null | undefined): string | null => (iso ? iso.replaceAll('-', '') : null);

let indexCache: IndexEntry[] | null = null;
function index(): IndexEntry[] {
  indexCache ??= (require('./index.json') as { files: IndexEntry[] }).files;
  return indexCache;
}

/** Where the build writes the compact lists (see ./compact.ts); absent when running from the sources. */
const COMPACT_DIR = new URL('./compact/', import.meta.url);
const compactCache = new Map<string, { compact: CompactList; codes?: string[] }>();

/** One list in its compact form: the build's file, or (from the sources) derived from the JSON. */
function compactOf(file: string): { compact: CompactList; codes?: string[] } {
  let hit = compactCache.get(file);
  if (!hit) {
    const compact = readCompactList(COMPACT_DIR, file) ?? compactList(require(`./${file}`) as RawListFile, file);
    hit = { compact };
    compactCache.set(file, hit);
  }
  return hit;
}

/** The codes of a list in file order; one array shared by the code set and the parent units (hashed once). */
function codesOf(file: string): string[] {
  const hit = compactOf(file);
  return (hit.codes ??= compactCodes(hit.compact));
}

function metaOf(file: string): Omit<RawList, 'codes'> {
  return compactOf(file).compact.meta as Omit<RawList, 'codes'>;
}

/** Validity of a list (yyyymmdd or null) without building its code set. */
function rangeOf(file: string): { from: string | null; to: string | null } {
  const raw = metaOf(file);
  // A list whose data rules apply before its signing date (QĐ 3276: data from 01/07/2025) starts then.
  return { from: ymd(raw.applies_to_data_from ?? raw.effective_from), to: ymd(raw.effective_to) };
}

const listCache = new Map<string, CodeList>();

/** Loads one list file (relative to this folder) once. */
export function loadList(file: string): CodeList {
  // the read is a function of its own: it reads JSON objects of several shapes, and in listInForce's optimised
  // code a list read first after optimisation threw that code away
  return listCache.get(file) ?? readList(file);
}

function readList(file: string): CodeList {
  const raw = metaOf(file);
  const entry = index().find((e) => e.file === file);
  const { from, to } = rangeOf(file);
  const list: CodeList = {
    file,
    name: raw.name,
    document: raw.source.document,
    name_vi: entry?.name_vi ?? raw.name,
    document_vi: entry?.document_vi ?? raw.source.document,
    appendix: raw.source.appendix,
    from,
    to,
    confidence: raw.confidence,
    codes: new Set(codesOf(file)),
  };
  listCache.set(file, list);
  return list;
}

let byField: Map<string, IndexEntry[]> | null = null;

/** Index entries of the lists that apply to `TABLE.FIELD` (several when the list changed over time). */
export function listsForField(key: string): { file: string; from: string | null; to: string | null; confidence: 'high' | 'medium'; name: string; document: string; name_vi: string; document_vi: string }[] {
  if (!byField) {
    byField = new Map();
    for (const e of index()) for (const f of e.fields) (byField.get(f) ?? byField.set(f, []).get(f)!).push(e);
  }
  const out: { file: string; from: string | null; to: string | null; confidence: 'high' | 'medium'; name: string; document: string; name_vi: string; document_vi: string }[] = [];
  // a loop, not map(): an optimised map() returns a HOLEY array, a second hidden class for the callers' loops
  for (const e of byField.get(key) ?? []) out.push({ file: e.file, from: ymd(e.effective_from), to: ymd(e.effective_to), confidence: e.confidence, name: e.name, document: e.document, name_vi: e.name_vi, document_vi: e.document_vi });
  return out;
}

export interface ListChoice {
  list: CodeList;
  /** true when the reference date is outside every list's validity (then the nearest list is used) */
  outOfRange: boolean;
  /** true when no reference date was known (the open-ended, newest list is used) */
  undated: boolean;
}

/**
 * The list in force for `TABLE.FIELD` on `refDate` (yyyymmdd). Without a date, the open-ended list; outside
 * every range, the nearest one (flagged, so the verdict can say so).
 */
export function listInForce(key: string, refDate: string | undefined): ListChoice | undefined {
  const field = listsInForceOf(key);
  if (!field) return undefined;
  if (!refDate) return { list: loadList(field.openFile), outOfRange: false, undated: true };
  // Chosen on the lists' dates alone: only the list in force is loaded (communes before 2025-07-01 are 10,035
  // codes a worker with only later visits never needs). The dates are the data-applicability start, as loadList.
  const ranges = field.ranges;
  for (const r of ranges) if ((r.from === null || r.from <= refDate) && (r.to === null || refDate <= r.to)) return { list: loadList(r.file), outOfRange: false, undated: false };
  return { list: loadList(nearestRange(ranges, refDate).file), outOfRange: true, undated: false };
}

/** The range nearest to a date outside all of them (a function of its own: rare, kept out of listInForce's code). */
function nearestRange(ranges: readonly ListRange[], refDate: string): ListRange {
  let best = ranges[0];
  let bestGap = Infinity;
  for (const r of ranges) {
    const gap = r.from && refDate < r.from ? Number(r.from) - Number(refDate) : r.to && refDate > r.to ? Number(refDate) - Number(r.to) : 0;
    if (gap < bestGap) (best = r), (bestGap = gap);
  }
  return best;
}

/**
 * Per field, its candidate lists and their dates, resolved once (the engine asks for every value of every file).
 * One hidden class for every field's object, its array and its ranges (listInForce runs hot in a cold worker:
 * a ranges array from an optimised map() was HOLEY, and a second map threw its optimised code away).
 */
interface FieldLists {
  ranges: ListRange[];
  /** the open-ended list (else the last), used without a reference date */
  openFile: string;
}
interface ListRange {
  file: string;
  from: string | null;
  to: string | null;
}
const fieldListsCache = new Map<string, FieldLists | null>();
function listsInForceOf(key: string): FieldLists | null {
  const field = fieldListsCache.get(key);
  return field === undefined ? resolveFieldLists(key) : field;
}

/** A field's lists, resolved on its first look-up (out of listInForce's inlined code). */
function resolveFieldLists(key: string): FieldLists | null {
  const cands = listsForField(key);
  const ranges: ListRange[] = [];
  for (const c of cands) {
    const r = rangeOf(c.file);
    ranges.push({ file: c.file, from: r.from, to: r.to });
  }
  const field = cands.length === 0 ? null : { ranges, openFile: (cands.find((c) => c.to === null) ?? cands[cands.length - 1]).file };
  fieldListsCache.set(key, field);
  return field;
}

/* ------------------------------------------------------------------ administrative units */

/** Per list that records parent units: the position of each code that has one (into the compact columns). */
const parentCache = new Map<string, { at: Map<string, number>; provinces?: string[]; districts?: string[] }>();

/**
 * The parent units of a commune/district code in a list that records them (ma_xa_*: province_code and, before
 * 2025-07-01, district_code; ma_huyen: province_code). Undefined when the list records none.
 */
export function parentsOf(file: string, code: string): { province?: string; district?: string } | undefined {
  let parents = parentCache.get(file);
  if (!parents) {
    const { compact } = compactOf(file);
    const codes = codesOf(file);
    parents = { at: new Map(), provinces: compactColumn(compact, 'province'), districts: compactColumn(compact, 'district') };
    // '' in a column is "not given"; a later duplicate code with parents wins, as a Map built in file order
    for (let i = 0; i < codes.length; i++) if (parents.provinces?.[i] || parents.districts?.[i]) parents.at.set(codes[i], i);
    parentCache.set(file, parents);
  }
  const i = parents.at.get(code);
  if (i === undefined) return undefined;
  return { province: parents.provinces?.[i] || undefined, district: parents.districts?.[i] || undefined };
}

/* ------------------------------------------------------------------ partial lists */

/**
 * Lists known to be partial (the data file says so): a value outside them that has the list's format is
 * "unverified" (a warning), not an error. MA_QUOCTICH: only 000 (Việt Nam) is confirmed from TT 07/2016 PL2.
 */
export const PARTIAL_LISTS: Record<string, { format: RegExp; vi: string; en: string; prefixLength?: number; prefix_vi?: string; prefix_en?: string }> = {
  // QĐ 34/2020/QĐ-TTg: only levels 1–2 are available as data (see the file's notes_en). A deeper code under a
  // listed level-2 group passes, saying so; anything else well-formed is a warning, never a failure.
  'ma_nghe_nghiep_qd34.json': {
    format: /^\d{1,5}$/,
    prefixLength: 2,
    vi: 'không thuộc các nhóm nghề cấp 1–2 của Danh mục nghề nghiệp Việt Nam (QĐ 34/2020/QĐ-TTg). Ghi mã nghề theo danh mục, ví dụ 22 (nhà chuyên môn bậc cao về sức khỏe) hoặc 52 (nhân viên bán hàng); không có nghề nghiệp thì ghi 00000',
    en: 'not under a level-1/2 group of the Vietnamese occupation classification (QĐ 34/2020/QĐ-TTg). Write the occupation code of the classification, e.g. 22 (health professionals) or 52 (sales workers); with no occupation write 00000',
    prefix_vi: 'thuộc một nhóm nghề cấp 2 của QĐ 34/2020/QĐ-TTg; chỉ kiểm tra được đến cấp 2 (danh mục cấp 3–5 chưa có dạng dữ liệu)',
    prefix_en: 'under a level-2 group of QĐ 34/2020/QĐ-TTg; checked to level 2 only (levels 3–5 not available as data)',
  },
  'ma_quoctich.json': {
    format: /^\d{3}$/,
    vi: 'danh mục TT 07/2016/TT-BCA PL2 chỉ xác nhận được mã 000 (Việt Nam); mã khác chưa kiểm chứng được. Hãy ghi mã quốc tịch theo TT 07/2016/TT-BCA Phụ lục 2 (người Việt Nam ghi 000)',
    en: 'only 000 (Viet Nam) is confirmed from TT 07/2016/TT-BCA PL2; other codes cannot be verified. Write the nationality code of TT 07/2016/TT-BCA Appendix 2 (000 for Viet Nam)',
  },
};

/**
 * True when `code` is not itself listed but lies under a listed upper level of a hierarchical partial list
 * (occupations: a 3–5 digit code under a listed level-2 group). The engine passes such a code, saying it was
 * checked to the listed levels only; the mutation operators must therefore never take one as "outside the list".
 */
export function underListedGroup(file: string, codes: ReadonlySet<string>, code: string): boolean {
  const partial = PARTIAL_LISTS[file];
  const pl = partial?.prefixLength;
  return !!pl && code.length > pl && partial.format.test(code) && codes.has(code.slice(0, pl));
}

/* ------------------------------------------------------------------ MA_KHOA (QĐ 1804/QĐ-BYT PL02) */

interface MaKhoaSyntax {
  base_codes_regex: string;
  unit_code_regex: string;
}

let khoa: { base: RegExp; unit: RegExp; codes: ReadonlySet<string>; list: CodeList } | null = null;
function maKhoaData() {
  if (!khoa) {
    const syntax = compactOf('ma_khoa.json').compact.meta.syntax as MaKhoaSyntax;
    const list = loadList('ma_khoa.json');
    khoa = { base: new RegExp(syntax.base_codes_regex), unit: new RegExp(syntax.unit_code_regex), codes: list.codes, list };
  }
  return khoa;
}

/** Date from which the QĐ 1804 department list applies (at the latest). */
export const MA_KHOA_QD1804_FROM = '20260801';

/** Loose syntax of a department code before QĐ 1804 (K + two digits, optional groups/sub-codes). */
const MA_KHOA_LOOSE = /^K\d{2}(?:\d{2})*(?:\.\d{1,2})?(?:\.D\d{2})?$/;

/**
 * One department code (no ';'): null when valid, else the reason. `full` checks each two-digit group and
 * sub-code against the QĐ 1804 list; otherwise syntax only.
 */
export function maKhoaProblem(code: string, full: boolean): { en: string; vi: string } | null {
  const d = maKhoaData();
  const p = (en: string, vi: string) => ({ en, vi });
  const syntax = p('syntax: K and two digits (two more digits per combined department), optionally .sub-code or .Dxx', 'sai cách viết: chữ K và 2 chữ số (thêm 2 chữ số cho mỗi khoa ghép), có thể kèm .mã chi tiết hoặc .Dxx');
  if (!(full ? d.unit : MA_KHOA_LOOSE).test(code)) return syntax;
  if (!full) return null;
  const m = /^K(\d{2}(?:\d{2})*)(\.\d{1,2})?(?:\.D(\d{2}))?$/.exec(code);
  if (!m) return syntax;
  const groups = m[1].match(/\d{2}/g) ?? [];
  for (const g of groups) if (!d.codes.has(`K${g}`)) return p(`K${g} is not a QĐ 1804 department code`, `K${g} không phải mã khoa của QĐ 1804`);
  if (m[2]) {
    if (groups.length !== 1) return p('a sub-code applies to a single department', 'mã chi tiết chỉ ghi sau mã của một khoa');
    if (!d.codes.has(`K${groups[0]}${m[2]}`)) return p(`K${groups[0]}${m[2]} is not a QĐ 1804 sub-code`, `K${groups[0]}${m[2]} không phải mã chi tiết của QĐ 1804`);
  }
  if (m[3] && !d.codes.has(`K${m[3]}`)) return p(`.D${m[3]}: K${m[3]} is not a QĐ 1804 department code`, `.D${m[3]}: K${m[3]} không phải mã khoa của QĐ 1804`);
  return null;
}

export function maKhoaList(): CodeList {
  return maKhoaData().list;
}

/* ------------------------------------------------------------------ NHOM_MAU */

/**
 * Blood group as real exports spell it (`O Rh+`, `O Rh(+)`, `o+`, `AB Rh âm`, `B dương`): the ABO group and the
 * Rh sign in one of the listed forms (`O+`). Returns the canonical listed code when `value` is such a spelling
 * of it (and not itself listed), else undefined. No official code list exists (QĐ 4750 only names the field).
 */
export function canonicalNhomMau(value: string, codes: ReadonlySet<string>): string | undefined {
  const m = /^\s*(AB|A|B|O|0)\s*(?:RH\s*)?(?:\(\s*)?(\+|-|−|DƯƠNG|DUONG|ÂM|AM|POS(?:ITIVE)?|NEG(?:ATIVE)?)?(?:\s*\))?\s*$/iu.exec(value.normalize('NFC').toUpperCase());
  if (!m) return undefined;
  const group = m[1] === '0' ? 'O' : m[1];
  const sign = m[2] === undefined ? '' : ['+', 'DƯƠNG', 'DUONG', 'POS', 'POSITIVE'].includes(m[2]) ? '+' : '-';
  const canon = `${group}${sign}`;
  return canon !== value && codes.has(canon) ? canon : undefined;
}

/* ------------------------------------------------------------------ MA_DOITUONG_KCB */

/**
 * QĐ 3276 writes codes exactly (`2`, `3.1`); some 2026 exports write `02`/`03.1`. Returns the canonical code
 * when `value` is a zero-padded form of a listed code, else undefined.
 */
export function canonicalDoiTuong(value: string, codes: ReadonlySet<string>): string | undefined {
  if (!value.startsWith('0')) return undefined;
  const canon = value.replace(/^0+(?=\d)/, '');
  return canon !== value && codes.has(canon) ? canon : undefined;
}

/* ------------------------------------------------------------------ ICD-10 */

/** QĐ 4469 ICD-10 list valid for episodes ending before this date; TT 06/2026 after (not available as data). */
export const ICD_TT06_FROM = '20260701';
