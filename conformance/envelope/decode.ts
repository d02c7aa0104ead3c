/**
 * Untrusted bytes → ParsedPackage. Each step refuses bad input with an EnvelopeError carrying a stable code
 * (ENVELOPE.<CODE>) and a location (envelope or inner document, line/col), so the result can say exactly
 * what was wrong and where:
 *   size gate → UTF-8 (fatal decoder, BOM allowed) → strict XML (conformance/xml/parse.ts) → root →
 *   envelope structure → each NOIDUNGFILE: strict base64 → UTF-8 → XML → table root → rows.
 * Problems that do not stop reading (SOLUONGHOSO mismatch, unknown LOAIHOSO, XML12 in a package, the XML13
 * layout differing from the endpoint, stray elements outside rows) become `notices`, turned into findings by
 * checkPackage, so one bad count does not hide every field verdict.
 */
import { sniffFileType } from './file-type.ts';
import { createHash } from 'node:crypto';
import { getLayout, type Layout, type TableSpec } from '../catalogue/catalogue.ts';
import { isCalendarDate } from '../datetime.ts';
import { layoutFromEndpoint, recogniseXml13, selectLayout, type LayoutChoice } from '../layout.ts';
import type { FieldValue, HoSo, ParsedPackage, Row, SignatureSite, TableFile } from '../model.ts';
import type { LayoutId, Location } from '../result.ts';
import { XmlParseError, child, childElements, localName, parseXml, textOf, type XmlDocument, type XmlElement } from '../xml/parse.ts';

export { layoutFromEndpoint, recogniseXml13 };

export type EnvelopeCode =
  | 'SIZE'
  | 'EMPTY'
  | 'ENCODING'
  | 'FILE_TYPE'
  | 'XML'
  | 'ROOT'
  | 'STRUCTURE'
  | 'SOLUONGHOSO'
  | 'LOAIHOSO'
  | 'LOAIHOSO_XML12'
  | 'BASE64'
  | 'TABLE_ROOT'
  | 'LAYOUT_MISMATCH'
  | 'LAYOUT_GUESSED'
  | 'MACSKCB'
  | 'NGAYLAP';

export class EnvelopeError extends Error {
  /** 'ENVELOPE.<CODE>', also the finding's ruleId */
  readonly code: string;
  readonly location: Location;
  readonly message_vi: string;
  /** byte or character offset where known (base64 character, UTF-8 byte) */
  readonly offset?: number;
  constructor(code: EnvelopeCode, message_en: string, message_vi: string, location: Location, offset?: number) {
    super(message_en);
    this.name = 'EnvelopeError';
    this.code = `ENVELOPE.${code}`;
    this.location = location;
    this.message_vi = message_vi;
    this.offset = offset;
  }
}

/** A problem found while decoding that does not stop reading; checkPackage lists it as a finding. */
export interface EnvelopeNotice {
  /** ruleId, e.g. 'ENVELOPE.SOLUONGHOSO' or 'XML2.STRUCTURE.UNKNOWN_ELEMENT' */
  ruleId: string;
  outcome: 'fail' | 'warning';
  message_vi: string;
  message_en: string;
  actual?: string;
  expected?: string;
  location: Location;
}

/** What decodePackage returns: the shared ParsedPackage plus the non-fatal notices (additive). */
export interface DecodedPackage extends ParsedPackage {
  notices: EnvelopeNotice[];
  /** set when a bare table document was accepted (DecodeOptions.allowBareTable): its table id */
  bareTable?: string;
}

export interface DecodeOptions {
  kind?: 'GIAMDINHHS' | 'CHECKIN';
  endpoint?: string;
  layout?: LayoutId;
  maxBytes?: number;
  maxDepth?: number;
  /** maximum number of rows over all table documents (default DEFAULT_MAX_ROWS) */
  maxRows?: number;
  /** maximum number of tags ('<') over the envelope and all table documents (default DEFAULT_MAX_MARKUP) */
  maxMarkup?: number;
  /**
   * accept a bare table document (e.g. an XML1 <TONG_HOP> file on its own, for the CLI): it becomes a package
   * of one HOSO with that table, marked `bareTable` (Result.subject.kind 'TABLE'). Off by default.
   */
  allowBareTable?: boolean;
  /** filled with milliseconds spent: `decode` (size gate, UTF-8, base64, envelope XML) and `parse` (tables → rows) */
  timings?: Record<string, number>;
}

/** 32 MiB: a large inpatient stay with thousands of XML2/XML3 rows stays far below it. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
/**
 * 1.5 million tags ('<': start, end, self-closing) per package. A dense legitimate table needs about two tags per
 * ~40 bytes of text, so this allows well over 20 MB of table text, while a flood of tiny elements (`<X/>` × millions,
 * each costing a tree node) is refused before it is parsed.
 */
export const DEFAULT_MAX_MARKUP = 1_500_000;
/**
 * 100,000 rows per package: a 32 MiB package of real rows holds about 25,000; the cap bounds the field-rule work
 * of a flood of empty rows (each costs every field's checks).
 */
export const DEFAULT_MAX_ROWS = 100_000;
/** BHYT documents nest at most 5 levels; 64 leaves room for signatures (ds:Signature/…/X509Data…). */
export const DEFAULT_MAX_DEPTH = 64;

/* ------------------------------------------------------------------ base64 */

const B64_CLEAN = /^[A-Za-z0-9+/]*={0,2}$/;
const B64_WS_ALL = /[ \t\r\n]+/g;
const B64_VALUE: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
})();

function base64Error(message_en: string, message_vi: string, offset: number): never {
  throw new EnvelopeError('BASE64', `${message_en} (character offset ${offset})`, `${message_vi} (vị trí ký tự ${offset})`, {}, offset);
}

/** Slow path, only on failure: find the first offending character offset in the original text. */
function explainBase64(text: string): never {
  let n = 0;
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) continue;
    if (c === 0x3d) {
      pad++;
      if (pad > 2) base64Error("more than two '=' padding characters", "quá hai ký tự đệm '='", i);
      n++;
      continue;
    }
    if (c >= 128 || B64_VALUE[c] < 0) {
      // '-' and '_' are base64url (RFC 4648 §5), a common client-library default: name it so the fix is obvious.
      const url = text[i] === '-' || text[i] === '_';
      base64Error(
        `character '${text[i]}' is not in the base64 alphabet${url ? " (base64url? use standard base64 with '+' and '/')" : ''}`,
        `ký tự '${text[i]}' không thuộc bảng mã base64${url ? " (base64url? cần base64 chuẩn với '+' và '/')" : ''}`,
        i,
      );
    }
    if (pad > 0) base64Error("data after '=' padding", "còn dữ liệu sau ký tự đệm '='", i);
    n++;
  }
  return base64Error(`base64 length ${n} is not a multiple of 4 (truncated or badly padded)`, `độ dài base64 ${n} không chia hết cho 4 (bị cắt hoặc đệm sai)`, text.length);
}

/**
 * Strict base64 (RFC 4648 §4 alphabet, padding required, no URL-safe chars). Spaces, tabs and line breaks
 * are tolerated because real exports wrap NOIDUNGFILE at 76 characters. Throws EnvelopeError ENVELOPE.BASE64
 * with the character offset.
 */
export function decodeBase64Strict(text: string): Uint8Array {
  // Unwrapped text (the usual): decoded once and compared with its re-encoding, as below, but without searching
  // it for whitespace first. The length test keeps wrapped text (Node's decoder skips whitespace, so it decodes
  // to fewer bytes than its length implies) from paying for an encoding that cannot match.
  const whole = Buffer.from(text, 'base64');
  if (text.length === Math.ceil(whole.length / 3) * 4 && whole.toString('base64') === text) return new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength);
  // four single-character searches are much cheaper than one character-class regex over the whole text
  const wrapped = text.indexOf('\n') !== -1 || text.indexOf(' ') !== -1 || text.indexOf('\r') !== -1 || text.indexOf('\t') !== -1;
  const clean = wrapped ? text.replace(B64_WS_ALL, '') : text;
  // Fast path: Node's decoder is lenient, but a text that its encoder gives back exactly is strict, padded,
  // canonical base64 (checked this way it costs ~0.01 ms per 40 KB instead of ~0.1 ms for the regex).
  // Anything else takes the checks below, which name the problem and its offset.
  const fast = Buffer.from(clean, 'base64');
  if (fast.toString('base64') === clean) return new Uint8Array(fast.buffer, fast.byteOffset, fast.byteLength);
  if (!B64_CLEAN.test(clean) || clean.length % 4 !== 0) explainBase64(text);
  if (clean.length > 0) {
    // Non-canonical encodings (non-zero bits in the last, padded symbol) are refused: two different texts
    // must not decode to the same bytes in a signed document.
    const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
    if (pad > 0) {
      const last = B64_VALUE[clean.charCodeAt(clean.length - 1 - pad)];
      const mask = pad === 2 ? 0x0f : 0x03;
      if ((last & mask) !== 0) {
        base64Error('non-canonical base64: unused bits before the padding are not zero', 'base64 không chuẩn: các bit thừa trước ký tự đệm khác 0', text.lastIndexOf(clean[clean.length - 1 - pad]));
      }
    }
  }
  const buf = Buffer.from(clean, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/* ------------------------------------------------------------------ UTF-8 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Byte offset of the first invalid UTF-8 sequence (slow path, only on failure). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need > n - 1) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function decodeUtf8(bytes: Uint8Array, where: Location, what_en: string, what_vi: string): string {
  // A PDF, ZIP, Office file or image is named as such, not reported as a bad UTF-8 byte.
  const type = sniffFileType(bytes);
  if (type) {
    throw new EnvelopeError('FILE_TYPE', `${what_en} is a ${type.en}, not an XML document`, `${what_vi} là ${type.vi}, không phải tài liệu XML`, where, 0);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    // Windows exports sometimes write UTF-16: say so instead of pointing at byte 0.
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    if (utf16) {
      throw new EnvelopeError('ENCODING', `${what_en} is UTF-16 (byte order mark ${bytes[0] === 0xff ? 'FF FE' : 'FE FF'}); the standard requires UTF-8`, `${what_vi} mã hóa UTF-16 (BOM ${bytes[0] === 0xff ? 'FF FE' : 'FE FF'}); chuẩn yêu cầu UTF-8`, where, 0);
    }
    throw new EnvelopeError(
      'ENCODING',
      `${what_en} is not valid UTF-8 (byte offset ${at}); the standard requires UTF-8`,
      `${what_vi} không phải UTF-8 hợp lệ (byte thứ ${at}); chuẩn yêu cầu UTF-8`,
      where,
      at,
    );
  }
}

/** What each parser refusal means, in Vietnamese (the portal answers a HIS in Vietnamese). */
const XML_ERROR_VI: Record<XmlParseError['code'], string> = {
  XML_EMPTY: 'tài liệu rỗng, không có phần tử gốc',
  XML_DTD_FORBIDDEN: 'không chấp nhận DOCTYPE/DTD (không mở rộng thực thể, không tải tài nguyên bên ngoài)',
  XML_ENTITY_UNKNOWN: 'tham chiếu thực thể chưa khai báo (không chấp nhận DTD và thực thể tự định nghĩa)',
  XML_TAG_MISMATCH: 'thẻ đóng không khớp với thẻ mở',
  XML_UNCLOSED: 'thẻ chưa được đóng (tài liệu bị cắt cụt?)',
  XML_SYNTAX: 'sai cú pháp XML',
  XML_DEPTH_LIMIT: 'các phần tử lồng nhau quá sâu',
  XML_SIZE_LIMIT: 'tài liệu vượt giới hạn kích thước',
  XML_MULTIPLE_ROOTS: 'có hơn một phần tử gốc',
  XML_TEXT_OUTSIDE_ROOT: 'có văn bản nằm ngoài phần tử gốc (nội dung không phải XML?)',
  XML_DUPLICATE_ATTRIBUTE: 'thuộc tính bị lặp',
  XML_BAD_CHAR: 'ký tự không được phép trong XML',
  XML_ENCODING: 'bảng mã khai báo không phải UTF-8',
  XML_NAMESPACE: 'sai không gian tên (tiền tố chưa khai báo hoặc khai báo không hợp lệ)',
  XML_ATTRIBUTE_LIMIT: 'phần tử có quá nhiều thuộc tính',
};

/** Vietnamese text of a parser refusal: the meaning, then the parser's exact detail (names, limits), no position (the location carries it). */
export function xmlErrorMessageVi(e: XmlParseError): string {
  const detail = e.message.replace(/ \(line \d+, column \d+\)$/, '');
  const unclosed = /^element <([^>]+)> opened at line (\d+) is never closed/.exec(detail);
  if (unclosed) return `phần tử <${unclosed[1]}> mở ở dòng ${unclosed[2]} không được đóng (tài liệu bị cắt cụt?)`;
  const mismatch = /^end tag <\/([^>]+)> does not match <([^>]+)> opened at line (\d+)/.exec(detail);
  if (mismatch) return `thẻ đóng </${mismatch[1]}> không khớp với thẻ mở <${mismatch[2]}> ở dòng ${mismatch[3]}`;
  const startTag = /^unterminated start tag <([^>]+)>$/.exec(detail);
  if (startTag) return `thẻ mở <${startTag[1]}> chưa kết thúc (tài liệu bị cắt cụt?)`;
  // These details only repeat the meaning in English; the others carry names or limits worth keeping.
  if (e.code === 'XML_DTD_FORBIDDEN' || e.code === 'XML_EMPTY' || detail === 'text outside the root element') return XML_ERROR_VI[e.code];
  return `${XML_ERROR_VI[e.code] ?? 'sai cú pháp XML'} (${detail})`;
}

/** `bytes`: the UTF-8 the text was decoded from (the parser looks for forbidden characters in them). */
function parseStrict(text: string, bytes: Uint8Array, where: Location, maxDepth: number, what_en: string, what_vi: string): XmlDocument {
  try {
    return parseXml(text, { maxDepth, utf8: bytes });
  } catch (e) {
    if (e instanceof XmlParseError) {
      throw new EnvelopeError(
        'XML',
        `${what_en} is not well-formed XML: ${e.message} [${e.code}]`,
        `${what_vi} không phải XML hợp lệ: ${xmlErrorMessageVi(e)} [${e.code}]`,
        { ...where, line: e.line, col: e.col },
        e.offset,
      );
    }
    throw e;
  }
}

/* ------------------------------------------------------------------ rows */

const XML_WS_ONLY = /^[ \t\r\n]*$/;

/**
 * Whether each element name of the previous row is a catalogue field, by position: the rows of a table repeat
 * the same names (the same strings, see parseXml), so a row usually answers from here instead of the catalogue map.
 */
interface KnownNames {
  names: string[];
  known: boolean[];
}

function readRow(table: string, index: number, el: XmlElement, spec: TableSpec, memo: KnownNames): Row {
  const values = new Map<string, FieldValue>();
  const elementOrder: string[] = [];
  const unknownElements: Row['unknownElements'] = [];
  const duplicateElements: Row['duplicateElements'] = [];
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c.kind !== 'element') continue;
    const name = c.name;
    const k = elementOrder.length;
    elementOrder.push(name);
    let known: boolean;
    if (memo.names[k] === name) known = memo.known[k];
    else {
      known = spec.byName.has(name);
      memo.names[k] = name;
      memo.known[k] = known;
    }
    if (!known) unknownElements.push({ name, line: c.line, col: c.col });
    if (values.has(name)) {
      duplicateElements.push({ name, line: c.line, col: c.col });
      continue;
    }
    let value = '';
    let cdata = false;
    const cc = c.children;
    if (cc.length === 1 && cc[0].kind === 'text') {
      value = cc[0].value;
      cdata = cc[0].cdata;
    } else if (cc.length > 0) {
      for (let k = 0; k < cc.length; k++) {
        const t = cc[k];
        if (t.kind === 'text') {
          value += t.value;
          if (t.cdata) cdata = true;
        }
      }
    }
    // empty = no text or only XML whitespace (space, tab, CR, LF); tested only when the first character is one
    const c0 = value.charCodeAt(0);
    const empty = value.length === 0 || ((c0 === 0x20 || c0 === 0x09 || c0 === 0x0a || c0 === 0x0d) && XML_WS_ONLY.test(value));
    values.set(name, { name, value, present: true, empty, line: c.line, col: c.col, cdata });
  }
  // MA_LK and STT are set (undefined when absent) so that every row has one hidden class
  return { table, index, line: el.line, col: el.col, values, elementOrder, unknownElements, duplicateElements, MA_LK: values.get('MA_LK')?.value, STT: values.get('STT')?.value, element: el };
}

/**
 * Rows of one table document. list mode: root/list/row (the check-in also carries CHUKYDONVI in the root);
 * single mode: the root is the row. Anything else in the wrappers becomes a STRUCTURE notice.
 */
/** Rows left in the package's budget (DecodeOptions.maxRows); shared by all table documents of one package. */
interface RowBudget {
  left: number;
  limit: number;
}

function readRows(doc: XmlDocument, spec: TableSpec, hoso: number | undefined, notices: EnvelopeNotice[], budget: RowBudget): Row[] {
  const root = doc.root;
  const table = spec.table;
  const memo: KnownNames = { names: [], known: [] };
  if (spec.recordMode === 'single') return [readRow(table, 0, root, spec, memo)];
  const rows: Row[] = [];
  let lists = 0;
  // stray elements in the wrappers: one notice per table document, naming the first and counting all
  const stray: XmlElement[] = [];
  for (const c of root.children) {
    if (c.kind !== 'element') continue;
    if (c.name === spec.listElement) {
      lists++;
      if (lists > 1) {
        notices.push(structureNotice(table, 'DUPLICATE_ELEMENT', 'fail', c, hoso, `phần tử danh sách <${c.name}> lặp lại`, `list element <${c.name}> repeated`));
      }
      for (const r of c.children) {
        if (r.kind !== 'element') continue;
        if (r.name !== spec.rowElement) {
          stray.push(r);
          continue;
        }
        if (--budget.left < 0) {
          throw new EnvelopeError(
            'STRUCTURE',
            `more than ${budget.limit} rows in the package (one visit never needs that many; refused to bound the work)`,
            `gói có hơn ${budget.limit} dòng (một lượt KCB không cần nhiều như vậy; từ chối để giới hạn tải)`,
            { hoso, table, document: table, line: r.line, col: r.col },
          );
        }
        rows.push(readRow(table, rows.length, r, spec, memo));
      }
    } else if (c.name === 'CHUKYDONVI' || localName(c.name) === 'Signature') {
      // signature container; read by the signature rules
    } else {
      stray.push(c);
    }
  }
  if (stray.length > 0) {
    const first = stray[0];
    const names = [...new Set(stray.slice(0, 50).map((e) => e.name))].slice(0, 10).join(', ');
    notices.push(
      structureNotice(
        table,
        'UNKNOWN_ELEMENT',
        'fail',
        first,
        hoso,
        `${stray.length} phần tử không thuộc cấu trúc <${spec.root}>/<${spec.listElement}>/<${spec.rowElement}>: ${names}`,
        `${stray.length} element(s) outside the <${spec.root}>/<${spec.listElement}>/<${spec.rowElement}> structure: ${names}`,
        names,
        `<${spec.rowElement}> rows only`,
      ),
    );
  }
  if (lists === 0) {
    notices.push({
      ruleId: `${table}.STRUCTURE.LIST_MISSING`,
      outcome: 'fail',
      message_vi: `Thiếu phần tử danh sách <${spec.listElement}> trong <${spec.root}>`,
      message_en: `List element <${spec.listElement}> missing in <${spec.root}>`,
      expected: `<${spec.root}><${spec.listElement}><${spec.rowElement}>…`,
      location: { hoso, table, document: table, line: root.line, col: root.col },
    });
  }
  return rows;
}

function structureNotice(
  table: string,
  code: 'UNKNOWN_ELEMENT' | 'DUPLICATE_ELEMENT',
  outcome: 'fail' | 'warning',
  el: XmlElement,
  hoso: number | undefined,
  vi: string,
  en: string,
  actual?: string,
  expected?: string,
): EnvelopeNotice {
  return { ruleId: `${table}.STRUCTURE.${code}`, outcome, message_vi: vi, message_en: en, actual, expected, location: { hoso, table, document: table, line: el.line, col: el.col } };
}

/* ------------------------------------------------------------------ layout */

interface RawFile {
  hoso: number;
  fileIndex: number;
  loaiHoSo: string;
  table: string;
  envelopeLine: number;
  text: string;
  doc: XmlDocument;
}

function firstValue(doc: XmlDocument, spec: TableSpec, field: string): string | undefined {
  const rowEl = spec.recordMode === 'single' ? doc.root : child(child(doc.root, spec.listElement ?? '') ?? doc.root, spec.rowElement);
  if (!rowEl) return undefined;
  const el = child(rowEl, field);
  const v = el ? textOf(el).trim() : '';
  return v === '' ? undefined : v;
}

function chooseLayout(files: RawFile[], opts: DecodeOptions, any4750: Layout, ngayLap?: string): LayoutChoice {
  const xml13 = files.find((f) => f.table === 'XML13');
  // QĐ 1931 applies to visits ending on/after 2026-07-01: NGAY_RA of XML1 (or XML0), else NGAY_VAO.
  let visitDate: string | undefined;
  let visitDateFrom: string | undefined;
  for (const f of files) {
    if (f.table !== 'XML1' && f.table !== 'XML0') continue;
    const spec = any4750.tables.get(f.table)!;
    const ra = firstValue(f.doc, spec, 'NGAY_RA');
    const vao = firstValue(f.doc, spec, 'NGAY_VAO');
    const d = ra ?? vao;
    if (d && /^\d{8}/.test(d)) {
      visitDate = d.slice(0, 8);
      visitDateFrom = `${f.table} ${ra ? 'NGAY_RA' : 'NGAY_VAO'}`;
      break;
    }
  }
  const choice = selectLayout({ forced: opts.layout, endpoint: opts.endpoint, xml13Root: xml13?.doc.root, visitDate, visitDateFrom, ngayLap: ngayLap && /^\d{8}$/.test(ngayLap) ? ngayLap : undefined });
  return { ...choice, mismatch: choice.mismatch && xml13 ? { ...choice.mismatch, hoso: xml13.hoso, line: xml13.doc.root.line, col: xml13.doc.root.col } : undefined };
}

/* ------------------------------------------------------------------ package */

function envLoc(el?: XmlElement): Location {
  return el ? { table: 'ENVELOPE', document: 'envelope', line: el.line, col: el.col } : { table: 'ENVELOPE', document: 'envelope' };
}

function countSignatures(el: XmlElement): number {
  let n = localName(el.name) === 'Signature' ? 1 : 0;
  for (const c of el.children) if (c.kind === 'element') n += countSignatures(c);
  return n;
}

function requireChild(parent: XmlElement, name: string): XmlElement {
  const el = child(parent, name);
  if (!el) {
    throw new EnvelopeError('STRUCTURE', `<${parent.name}> has no <${name}>`, `<${parent.name}> thiếu phần tử <${name}>`, envLoc(parent));
  }
  return el;
}

const LOAIHOSO_RE = /^XML(1[0-5]|[1-9])$/;

/**
 * Decodes and parses a submission. Throws EnvelopeError for input that cannot be read; everything that can be
 * read is returned with `notices` for the non-fatal problems.
 */
export function decodePackage(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedPackage {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (bytes.byteLength > maxBytes) {
    throw new EnvelopeError('SIZE', `document is ${bytes.byteLength} bytes, over the limit of ${maxBytes}`, `tài liệu ${bytes.byteLength} byte, vượt giới hạn ${maxBytes}`, envLoc());
  }
  if (bytes.byteLength === 0) throw new EnvelopeError('EMPTY', 'empty document', 'tài liệu rỗng', envLoc());
  const t0 = performance.now();
  let parseMs = 0;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const envelopeText = decodeUtf8(bytes, envLoc(), 'the document', 'Tài liệu');
  const markup: MarkupBudget = { left: opts.maxMarkup ?? DEFAULT_MAX_MARKUP, limit: opts.maxMarkup ?? DEFAULT_MAX_MARKUP, uncounted: [], uncountedLength: 0 };
  spendMarkup(envelopeText, markup, envLoc());
  const envelope = parseStrict(envelopeText, bytes, envLoc(), maxDepth, 'the document', 'Tài liệu');
  const rootName = envelope.root.name;
  const kind: 'GIAMDINHHS' | 'CHECKIN' | undefined = rootName === 'GIAMDINHHS' ? 'GIAMDINHHS' : rootName === 'CHI_TIEU_TRANG_THAI_KCB' ? 'CHECKIN' : undefined;
  const bareSpec = !kind && opts.allowBareTable && !opts.kind ? getLayout('4750', true).byRoot.get(rootName) : undefined;
  if (bareSpec && bareSpec.loaihoso) {
    return bareTablePackage(bareSpec.table, envelopeText, envelope, opts, sha256, bytes.byteLength, t0);
  }
  if (!kind || (opts.kind && opts.kind !== kind)) {
    const expected = opts.kind === 'CHECKIN' ? 'CHI_TIEU_TRANG_THAI_KCB' : opts.kind === 'GIAMDINHHS' ? 'GIAMDINHHS' : 'GIAMDINHHS or CHI_TIEU_TRANG_THAI_KCB';
    const expectedVi = expected.replace(' or ', ' hoặc ');
    // The usual cause: a check-in sent to a submission endpoint or the reverse; say where it belongs.
    const hint =
      kind === 'CHECKIN'
        ? [' (an XML0 check-in goes to checkInKcbQd4750/checkInKcbQd3176)', ' (bản tin check-in XML0 gửi tới checkInKcbQd4750/checkInKcbQd3176)']
        : kind === 'GIAMDINHHS'
          ? [' (a GIAMDINHHS package goes to guiHoSoXmlQD130/QD4750/QD3176)', ' (gói hồ sơ GIAMDINHHS gửi tới guiHoSoXmlQD130/QD4750/QD3176)']
          : ['', ''];
    throw new EnvelopeError('ROOT', `root element <${rootName}>; expected <${expected}>${hint[0]}`, `phần tử gốc <${rootName}>; cần <${expectedVi}>${hint[1]}`, envLoc(envelope.root));
  }
  const notices: EnvelopeNotice[] = [];
  const signature = {
    chukydonvi: child(envelope.root, 'CHUKYDONVI'),
    signatureCount: countSignatures(envelope.root),
    signed: false,
  };
  signature.signed = !!signature.chukydonvi && childElements(signature.chukydonvi).some((c) => localName(c.name) === 'Signature');
  const base = getLayout('4750', true);

  if (kind === 'CHECKIN') {
    const raw: RawFile = { hoso: 0, fileIndex: 0, loaiHoSo: '0', table: 'XML0', envelopeLine: 1, text: envelope.source, doc: envelope };
    const choice = chooseLayout([raw], opts, base);
    const spec = choice.layout.tables.get('XML0')!;
    const tp = performance.now();
    const rows = readRows(envelope, spec, 0, notices, rowBudget(opts));
    parseMs += performance.now() - tp;
    recordTimings(opts, t0, parseMs);
    const file: TableFile = { table: 'XML0', loaiHoSo: '0', fileIndex: 0, envelopeLine: 1, text: envelope.source, doc: envelope, spec, rows };
    const hoso: HoSo = { index: 0, line: envelope.root.line, files: [file], byTable: new Map([['XML0', file]]) };
    const MACSKCB = rows[0]?.values.get('MA_CSKCB')?.value;
    return decodedPackage({ kind, envelopeText, envelopeBytes: bytes, envelope, MACSKCB, NGAYLAP: undefined, SOLUONGHOSO: undefined, hoso: [hoso], signature, layout: choice.layout, layoutReason: choice.reason, sha256, bytes: bytes.byteLength, notices, bareTable: undefined });
  }

  // GIAMDINHHS
  const root = envelope.root;
  const donVi = requireChild(root, 'THONGTINDONVI');
  const maCsKcbEl = requireChild(donVi, 'MACSKCB');
  const thongTin = requireChild(root, 'THONGTINHOSO');
  const ngayLapEl = requireChild(thongTin, 'NGAYLAP');
  const soLuongEl = requireChild(thongTin, 'SOLUONGHOSO');
  const danhSach = requireChild(thongTin, 'DANHSACHHOSO');
  const MACSKCB = textOf(maCsKcbEl);
  const NGAYLAP = textOf(ngayLapEl);
  const SOLUONGHOSO = textOf(soLuongEl);
  if (!/^[0-9A-Z]{5}$/.test(MACSKCB)) {
    notices.push({ ruleId: 'ENVELOPE.MACSKCB', outcome: 'fail', message_vi: `MACSKCB "${MACSKCB}" không phải mã cơ sở KCB 5 ký tự`, message_en: `MACSKCB "${MACSKCB}" is not a 5-character facility code`, actual: MACSKCB, expected: '5 characters [0-9A-Z]', location: envLoc(maCsKcbEl) });
  }
  if (!/^\d{8}$/.test(NGAYLAP) || !isCalendarDate(NGAYLAP)) {
    notices.push({ ruleId: 'ENVELOPE.NGAYLAP', outcome: 'fail', message_vi: `NGAYLAP "${NGAYLAP}" không đúng định dạng yyyymmdd`, message_en: `NGAYLAP "${NGAYLAP}" is not a calendar date yyyymmdd`, actual: NGAYLAP, expected: 'yyyymmdd', location: envLoc(ngayLapEl) });
  }
  const hosoEls = childElements(danhSach, 'HOSO');
  // compared as a number: "01" and "1" both say one HOSO
  if (!/^\s*\d+\s*$/.test(SOLUONGHOSO) || Number(SOLUONGHOSO) !== hosoEls.length) {
    notices.push({
      ruleId: 'ENVELOPE.SOLUONGHOSO',
      outcome: 'fail',
      message_vi: `SOLUONGHOSO là "${SOLUONGHOSO}" nhưng gói có ${hosoEls.length} HOSO`,
      message_en: `SOLUONGHOSO is "${SOLUONGHOSO}" but the package holds ${hosoEls.length} HOSO`,
      actual: SOLUONGHOSO,
      expected: String(hosoEls.length),
      location: envLoc(soLuongEl),
    });
  }
  const rawFiles: RawFile[] = [];
  hosoEls.forEach((hosoEl, h) => {
    childElements(hosoEl, 'FILEHOSO').forEach((fileEl, fi) => {
      const loaiEl = child(fileEl, 'LOAIHOSO');
      const noiDungEl = child(fileEl, 'NOIDUNGFILE');
      if (!loaiEl || !noiDungEl) {
        throw new EnvelopeError('STRUCTURE', `FILEHOSO ${fi + 1} of HOSO ${h + 1} lacks <${loaiEl ? 'NOIDUNGFILE' : 'LOAIHOSO'}>`, `FILEHOSO thứ ${fi + 1} của HOSO thứ ${h + 1} thiếu <${loaiEl ? 'NOIDUNGFILE' : 'LOAIHOSO'}>`, { ...envLoc(fileEl), hoso: h });
      }
      const loai = textOf(loaiEl).trim();
      if (!LOAIHOSO_RE.test(loai)) {
        notices.push({
          ruleId: 'ENVELOPE.LOAIHOSO',
          outcome: 'fail',
          message_vi: `LOAIHOSO "${loai}" không phải bảng XML1–XML15; tệp không được kiểm tra${loai === 'XML0' ? ' (XML0 là bản tin check-in, gửi riêng tới API checkIn)' : ''}`,
          message_en: `LOAIHOSO "${loai}" is not one of XML1–XML15; the file was not checked${loai === 'XML0' ? ' (XML0 is the check-in message, sent alone to the checkIn API)' : ''}`,
          actual: loai,
          expected: 'XML1 … XML15',
          location: { ...envLoc(loaiEl), hoso: h },
        });
        return;
      }
      if (loai === 'XML12') {
        // XML12 (giám định y khoa) is not sent by HIS: CV 3190 gives it its own API (guiDuLieuGdykQd130) and
        // the 4750 guide says it is entered on the portal. We still read and check it, with a warning.
        notices.push({
          ruleId: 'ENVELOPE.LOAIHOSO_XML12',
          outcome: 'warning',
          message_vi: 'XML12 (giám định y khoa) không gửi trong gói GIAMDINHHS của HIS (CV 3190: API guiDuLieuGdykQd130); vẫn được kiểm tra',
          message_en: 'XML12 (medical assessment) is not sent in a HIS GIAMDINHHS package (CV 3190: its own API guiDuLieuGdykQd130); checked anyway',
          actual: loai,
          location: { ...envLoc(loaiEl), hoso: h },
        });
      }
      const where: Location = { hoso: h, table: loai, document: loai };
      const inner = decodeBase64Inner(textOf(noiDungEl), { ...where, line: noiDungEl.line, col: noiDungEl.col, document: 'envelope' });
      const text = decodeUtf8(inner, where, `NOIDUNGFILE of ${loai} (HOSO ${h + 1})`, `NOIDUNGFILE của ${loai} (HOSO thứ ${h + 1})`);
      const tp = performance.now();
      spendMarkup(text, markup, where);
      const doc = parseStrict(text, inner, where, maxDepth, `${loai} (HOSO ${h + 1})`, `${loai} (HOSO thứ ${h + 1})`);
      parseMs += performance.now() - tp;
      const spec = base.byLoaiHoSo.get(loai)!;
      if (doc.root.name !== spec.root) {
        throw new EnvelopeError(
          'TABLE_ROOT',
          `${loai} (HOSO ${h + 1}) has root <${doc.root.name}>; the catalogue root for ${loai} is <${spec.root}>`,
          `${loai} (HOSO thứ ${h + 1}) có phần tử gốc <${doc.root.name}>; danh mục quy định <${spec.root}>`,
          { ...where, line: doc.root.line, col: doc.root.col },
        );
      }
      rawFiles.push({ hoso: h, fileIndex: fi, loaiHoSo: loai, table: loai, envelopeLine: fileEl.line, text: doc.source, doc });
    });
  });
  const choice = chooseLayout(rawFiles, opts, base, NGAYLAP);
  if (choice.guessed) {
    const g = choice.guessed;
    notices.push({
      ruleId: 'ENVELOPE.LAYOUT_GUESSED',
      outcome: 'warning',
      message_vi: `Không có endpoint, không có XML13 và không đọc được ngày của lượt khám: bố cục ${g.layout} được ${g.basis === 'NGAYLAP' ? `suy ra từ NGAYLAP ${NGAYLAP}` : 'chọn mặc định'}, có thể không đúng. Khi kiểm tra ngoại tuyến hãy chỉ rõ endpoint (checkInKcbQd3176 / guiHoSoXmlQD3176) hoặc bố cục`,
      message_en: `No endpoint, no XML13 and no readable visit date: layout ${g.layout} ${g.basis === 'NGAYLAP' ? `inferred from NGAYLAP ${NGAYLAP}` : 'chosen by default'}, which may be wrong. When checking offline, give the endpoint or the layout`,
      actual: g.layout,
      location: { table: 'ENVELOPE', document: 'envelope' },
    });
  }
  if (choice.mismatch) {
    const m = choice.mismatch;
    notices.push({
      ruleId: 'ENVELOPE.LAYOUT_MISMATCH',
      outcome: 'warning',
      message_vi: `Gửi tới endpoint ${m.endpointLayout} nhưng XML13 dùng cấu trúc ${m.contentLayout} (${m.markers.join(', ')}); kiểm tra theo cấu trúc ${m.contentLayout}`,
      message_en: `Sent to a ${m.endpointLayout} endpoint but XML13 uses the ${m.contentLayout} structure (${m.markers.join(', ')}); checked as ${m.contentLayout}`,
      actual: m.contentLayout,
      expected: m.endpointLayout,
      location: { hoso: m.hoso, table: 'XML13', document: 'XML13', line: m.line, col: m.col },
    });
  }
  // A loop, not hosoEls.map(): once decodePackage is optimised, an inlined map() hands back a HOLEY array where the
  // interpreter's gives a PACKED one, and the new array map deoptimised every rule that walks pkg.hoso (measured:
  // ~30 rules and the field engine thrown away at once, mid-batch, then compiled again).
  const hoso: HoSo[] = [];
  for (let index = 0; index < hosoEls.length; index++) hoso.push({ index, line: hosoEls[index].line, files: [], byTable: new Map() });
  const tp = performance.now();
  const rowsBudget = rowBudget(opts);
  for (const f of rawFiles) {
    const spec = choice.layout.byLoaiHoSo.get(f.loaiHoSo)!;
    const rows = readRows(f.doc, spec, f.hoso, notices, rowsBudget);
    const file: TableFile = { table: f.table, loaiHoSo: f.loaiHoSo, fileIndex: f.fileIndex, envelopeLine: f.envelopeLine, text: f.text, doc: f.doc, spec, rows };
    const h = hoso[f.hoso];
    h.files.push(file);
    if (!h.byTable.has(f.table)) h.byTable.set(f.table, file);
  }
  parseMs += performance.now() - tp;
  recordTimings(opts, t0, parseMs);
  return decodedPackage({ kind, envelopeText, envelopeBytes: bytes, envelope, MACSKCB, NGAYLAP, SOLUONGHOSO, hoso, signature, layout: choice.layout, layoutReason: choice.reason, sha256, bytes: bytes.byteLength, notices, bareTable: undefined });
}

/**
 * Every package is built here, with every property set (undefined when the kind has none) in one order: check-ins,
 * envelopes and bare tables then share one hidden class, and the ~150 rules reading `pkg.hoso` stay monomorphic
 * (every property is named by the caller: a kind without one passes undefined). See test/engine/shapes.test.ts.
 */
function decodedPackage(p: { [K in keyof Required<DecodedPackage>]: DecodedPackage[K] }): DecodedPackage {
  return { kind: p.kind, envelopeText: p.envelopeText, envelopeBytes: p.envelopeBytes, envelope: p.envelope, MACSKCB: p.MACSKCB, NGAYLAP: p.NGAYLAP, SOLUONGHOSO: p.SOLUONGHOSO, hoso: p.hoso, signature: p.signature, layout: p.layout, layoutReason: p.layoutReason, sha256: p.sha256, bytes: p.bytes, notices: p.notices, bareTable: p.bareTable };
}

/** A bare table document as a package of one HOSO (GIAMDINHHS-shaped, without envelope fields). */
function bareTablePackage(table: string, envelopeText: string, envelope: XmlDocument, opts: DecodeOptions, sha256: string, byteLength: number, t0: number): DecodedPackage {
  const notices: EnvelopeNotice[] = [];
  const raw: RawFile = { hoso: 0, fileIndex: 0, loaiHoSo: table, table, envelopeLine: 1, text: envelope.source, doc: envelope };
  const choice = chooseLayout([raw], opts, getLayout('4750', true));
  const spec = choice.layout.tables.get(table)!;
  const tp = performance.now();
  const rows = readRows(envelope, spec, 0, notices, rowBudget(opts));
  recordTimings(opts, t0, performance.now() - tp);
  const file: TableFile = { table, loaiHoSo: table, fileIndex: 0, envelopeLine: 1, text: envelope.source, doc: envelope, spec, rows };
  const hoso: HoSo = { index: 0, line: envelope.root.line, files: [file], byTable: new Map([[table, file]]) };
  const signature = { chukydonvi: child(envelope.root, 'CHUKYDONVI'), signatureCount: countSignatures(envelope.root), signed: false };
  const MACSKCB = rows[0]?.values.get('MA_CSKCB')?.value;
  return decodedPackage({ kind: 'GIAMDINHHS', envelopeText, envelopeBytes: undefined, envelope, MACSKCB, NGAYLAP: undefined, SOLUONGHOSO: undefined, hoso: [hoso], signature, layout: choice.layout, layoutReason: `bare ${table} document; ${choice.reason}`, sha256, bytes: byteLength, notices, bareTable: table });
}

/** Tags ('<') left in a package's budget (DecodeOptions.maxMarkup), shared by the envelope and its table documents. */
interface MarkupBudget {
  /** the limit less the tags counted so far (documents in `uncounted` not yet subtracted) */
  left: number;
  limit: number;
  /** documents admitted without counting, and their total length */
  uncounted: string[];
  uncountedLength: number;
}

function countTags(text: string): number {
  let n = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) n++;
  return n;
}

/**
 * Counts tags before parsing; refuses a package whose documents hold more than the limit in total. A tag takes
 * at least one character, so while the documents' lengths fit in what is left none can overflow it: they are
 * counted only once a document could (the refusal comes at the same document as counting each one would).
 */
function spendMarkup(text: string, budget: MarkupBudget, where: Location): void {
  if (budget.uncountedLength + text.length <= budget.left) {
    budget.uncounted.push(text);
    budget.uncountedLength += text.length;
    return;
  }
  for (const t of budget.uncounted) budget.left -= countTags(t);
  budget.uncounted = [];
  budget.uncountedLength = 0;
  budget.left -= countTags(text);
  if (budget.left < 0) {
    // reported like the depth limit: an XML-level refusal of the document (ENVELOPE.XML)
    throw new EnvelopeError(
      'XML',
      `more than ${budget.limit} tags in the package, refused before parsing (a flood of elements) [XML_MARKUP_LIMIT]`,
      `gói có hơn ${budget.limit} thẻ XML, từ chối trước khi phân tích (quá nhiều phần tử) [XML_MARKUP_LIMIT]`,
      where,
    );
  }
}

function rowBudget(opts: DecodeOptions): RowBudget {
  const limit = opts.maxRows ?? DEFAULT_MAX_ROWS;
  return { left: limit, limit };
}

function recordTimings(opts: DecodeOptions, t0: number, parseMs: number): void {
  if (!opts.timings) return;
  opts.timings.decode = (opts.timings.decode ?? 0) + (performance.now() - t0 - parseMs);
  opts.timings.parse = (opts.timings.parse ?? 0) + parseMs;
}

function decodeBase64Inner(text: string, where: Location): Uint8Array {
  if (text.trim() === '') {
    throw new EnvelopeError('BASE64', `NOIDUNGFILE of ${where.table} is empty`, `NOIDUNGFILE của ${where.table} rỗng`, where);
  }
  try {
    return decodeBase64Strict(text);
  } catch (e) {
    if (e instanceof EnvelopeError) {
      throw new EnvelopeError('BASE64', `NOIDUNGFILE of ${where.table} (HOSO ${(where.hoso ?? 0) + 1}): ${e.message}`, `NOIDUNGFILE của ${where.table} (HOSO thứ ${(where.hoso ?? 0) + 1}): ${e.message_vi}`, where, e.offset);
    }
    throw e;
  }
}
