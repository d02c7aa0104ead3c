/**
 * The synchronous envelope gate of the portal: what decides maKetQua 205 / 1001 before a submission is
 * acknowledged (docs/portal-api.md §2: synchronous codes only for envelope-level problems).
 *
 * Decoding and XML parsing belong to the engine (conformance/envelope/decode.ts → decodePackage, which uses
 * the one strict parser conformance/xml/parse.ts). This module only adds what is the portal's business:
 * the size limit (1001), the form-body '+' leniency, the expected root per endpoint and the checks
 * against the caller's account (MACSKCB of the file = the account's facility).
 */
import { createHash } from 'node:crypto';
import type { Location } from '../conformance/result.ts';
import { decodeBase64Strict, decodePackage, EnvelopeError, xmlErrorMessageVi } from '../conformance/envelope/decode.ts';
import { parseXml, XmlParseError, child, type XmlElement } from '../conformance/xml/parse.ts';

export type SubmitEndpoint = 'guiHoSoXmlQD130' | 'guiHoSoXmlQD4750' | 'guiHoSoXmlQD3176' | 'checkInKcbQd4750' | 'checkInKcbQd3176';

export interface GateInput {
  endpoint: SubmitEndpoint;
  /** fileHSBase64 exactly as received */
  base64: string;
  /** the body was form-urlencoded (a '+' may have turned into ' ') */
  fromForm: boolean;
  /** facility of the token's account */
  accountFacility: string;
  maxFileBytes: number;
  maxDepth: number;
  formSpaceToPlus: boolean;
}

export interface GateSummary {
  kind: 'GIAMDINHHS' | 'CHECKIN';
  MACSKCB?: string;
  NGAYLAP?: string;
  SOLUONGHOSO?: string;
  hoso: number;
  /** LOAIHOSO of every FILEHOSO, per HOSO (check-in: ['XML0']) */
  tables: string[][];
  /** check-in rows */
  rows?: number;
  layout?: string;
}

export interface GateOutcome {
  maKetQua: '200' | '205' | '1001';
  /** machine code: OK, or the EnvelopeError / gate code (e.g. ENVELOPE_BASE64, GATE_MACSKCB_MISMATCH) */
  code: string;
  /** Vietnamese message for thongDiep (empty on success) */
  message: string;
  location?: Location;
  fileBytes: Uint8Array | null;
  fileSize: number;
  sha256: string;
  summary?: GateSummary;
}

export function kindOf(endpoint: string): 'GIAMDINHHS' | 'CHECKIN' {
  return endpoint.startsWith('checkIn') ? 'CHECKIN' : 'GIAMDINHHS';
}

const sha256Hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Where a location points, in Vietnamese, for thongDiep. */
export function describeLocation(loc: Location | undefined): string {
  if (!loc) return '';
  const parts: string[] = [];
  if (loc.hoso !== undefined) parts.push(`HOSO ${loc.hoso + 1}`);
  if (loc.table && loc.table !== 'ENVELOPE') parts.push(loc.table);
  if (loc.field) parts.push(loc.field);
  if (loc.line !== undefined) parts.push(`dòng ${loc.line}${loc.col !== undefined ? `, cột ${loc.col}` : ''}${loc.document && loc.document !== 'envelope' ? ` của ${loc.document}` : ''}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function reject(code: string, message: string, location: Location | undefined, fileBytes: Uint8Array | null, fileSize: number, sha256: string, maKetQua: '205' | '1001' = '205'): GateOutcome {
  return { maKetQua, code, message: message + describeLocation(location), location, fileBytes, fileSize, sha256 };
}

/** Upper bound of the decoded size of a base64 text, without decoding it. */
export function decodedSizeUpperBound(base64: string): number {
  return Math.floor((base64.length * 3) / 4);
}

/** Normalises the transport quirks of a base64 parameter (form-body '+' → ' ' leniency). */
export function normaliseBase64(text: string, fromForm: boolean, formSpaceToPlus: boolean): string {
  return fromForm && formSpaceToPlus && text.includes(' ') ? text.replace(/ /g, '+') : text;
}

/** Decodes fileHSBase64 or answers 205/1001. */
export function decodeFileParam(input: Pick<GateInput, 'base64' | 'fromForm' | 'formSpaceToPlus' | 'maxFileBytes'>, paramName = 'fileHSBase64'): GateOutcome {
  const text = normaliseBase64(input.base64, input.fromForm, input.formSpaceToPlus);
  if (decodedSizeUpperBound(text.replace(/\s+/g, '')) > input.maxFileBytes) {
    const size = decodedSizeUpperBound(text);
    return reject('GATE_SIZE_LIMIT', `File size quá dài: khoảng ${size} byte, vượt giới hạn ${input.maxFileBytes} byte`, { table: 'ENVELOPE' }, null, size, sha256Hex(text), '1001');
  }
  if (text.trim() === '') return reject('GATE_FILE_EMPTY', `${paramName} rỗng`, { table: 'ENVELOPE' }, null, 0, sha256Hex(text));
  if (input.fromForm && !input.formSpaceToPlus) {
    // Strict form mode: a space is a '+' the client forgot to percent-encode (%2B); refuse it instead of guessing.
    const at = text.indexOf(' ');
    if (at !== -1) return reject('GATE_FORM_PLUS', `${paramName} chứa dấu cách tại vị trí ký tự ${at}: ký tự '+' của base64 phải được mã hóa %2B trong form`, { table: 'ENVELOPE' }, null, 0, sha256Hex(text));
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64Strict(text);
  } catch (err) {
    const e = err as { code?: string; message: string; message_vi?: string; location?: Location };
    return reject(e.code ?? 'ENVELOPE.BASE64', `${paramName} không phải base64 hợp lệ: ${e.message_vi ?? e.message}`, { table: 'ENVELOPE', ...e.location }, null, 0, sha256Hex(text));
  }
  if (bytes.byteLength > input.maxFileBytes) {
    return reject('GATE_SIZE_LIMIT', `File size quá dài: ${bytes.byteLength} byte, vượt giới hạn ${input.maxFileBytes} byte`, { table: 'ENVELOPE' }, null, bytes.byteLength, sha256Hex(bytes), '1001');
  }
  return { maKetQua: '200', code: 'OK', message: '', fileBytes: bytes, fileSize: bytes.byteLength, sha256: sha256Hex(bytes) };
}

/** The whole gate for a QĐ 130 submission or check-in. Pure and synchronous (runs inline or in a worker). */
export function gateSubmission(input: GateInput): GateOutcome {
  const decoded = decodeFileParam(input);
  if (decoded.maKetQua !== '200' || !decoded.fileBytes) return decoded;
  const bytes = decoded.fileBytes;
  const { sha256, fileSize } = decoded;
  const kind = kindOf(input.endpoint);
  let pkg;
  try {
    pkg = decodePackage(bytes, { kind, endpoint: input.endpoint, maxBytes: input.maxFileBytes, maxDepth: input.maxDepth });
  } catch (err) {
    if (err instanceof EnvelopeError) {
      const over = err.code === 'ENVELOPE.SIZE';
      return reject(err.code, err.message_vi, { table: 'ENVELOPE', document: 'envelope', ...err.location }, over ? null : bytes, fileSize, sha256, over ? '1001' : '205');
    }
    return reject('GATE_INTERNAL', `Không đọc được hồ sơ: ${(err as Error).message}`, { table: 'ENVELOPE' }, bytes, fileSize, sha256);
  }
  const expectedRoot = kind === 'CHECKIN' ? 'CHI_TIEU_TRANG_THAI_KCB' : 'GIAMDINHHS';
  const root = pkg.envelope.root;
  if (root.name !== expectedRoot) {
    return reject('GATE_WRONG_ROOT', `Thẻ gốc phải là <${expectedRoot}> cho ${input.endpoint}, nhận được <${root.name}>`, { table: 'ENVELOPE', line: root.line, col: root.col, document: 'envelope' }, bytes, fileSize, sha256);
  }
  // The engine reads past a wrong SOLUONGHOSO or an unknown LOAIHOSO (notices); the portal refuses them.
  for (const n of pkg.notices) {
    if (n.ruleId === 'ENVELOPE.SOLUONGHOSO' || n.ruleId === 'ENVELOPE.LOAIHOSO') {
      return reject(n.ruleId, n.message_vi, { table: 'ENVELOPE', document: 'envelope', ...n.location }, bytes, fileSize, sha256);
    }
  }
  const tables = pkg.hoso.map((h) => h.files.map((f) => f.table));
  const summary: GateSummary = { kind, MACSKCB: pkg.MACSKCB, NGAYLAP: pkg.NGAYLAP, SOLUONGHOSO: pkg.SOLUONGHOSO, hoso: pkg.hoso.length, tables, layout: pkg.layout.id };
  const duplicate = duplicatedEnvelopeElement(root, kind);
  if (duplicate) {
    return reject('GATE_DUPLICATE_ELEMENT', `Phần tử <${duplicate.name}> xuất hiện nhiều lần trong <${duplicate.parent}>; mỗi hồ sơ chỉ được có một`, { table: 'ENVELOPE', field: duplicate.name, line: duplicate.line, col: duplicate.col, document: 'envelope' }, bytes, fileSize, sha256);
  }
  if (kind === 'GIAMDINHHS') {
    const macskcbEl = findPath(root, ['THONGTINDONVI', 'MACSKCB']);
    if (pkg.MACSKCB !== input.accountFacility) {
      return reject('GATE_MACSKCB_MISMATCH', `MACSKCB trong hồ sơ là "${pkg.MACSKCB ?? ''}", không phải cơ sở của tài khoản (${input.accountFacility})`, { table: 'ENVELOPE', field: 'MACSKCB', line: macskcbEl?.line, col: macskcbEl?.col, document: 'envelope' }, bytes, fileSize, sha256);
    }
    const soLuongEl = findPath(root, ['THONGTINHOSO', 'SOLUONGHOSO']);
    if (String(pkg.hoso.length) !== (pkg.SOLUONGHOSO ?? '').trim()) {
      return reject('GATE_SOLUONGHOSO_MISMATCH', `SOLUONGHOSO là "${pkg.SOLUONGHOSO ?? ''}" nhưng DANHSACHHOSO có ${pkg.hoso.length} HOSO`, { table: 'ENVELOPE', field: 'SOLUONGHOSO', line: soLuongEl?.line, col: soLuongEl?.col, document: 'envelope' }, bytes, fileSize, sha256);
    }
    // A record names its facility in the inner tables too (XML1.MA_CSKCB, …): all must be the account's.
    for (let h = 0; h < pkg.hoso.length; h++) {
      for (const f of pkg.hoso[h].files) {
        for (const row of f.rows) {
          const v = row.values.get('MA_CSKCB');
          if (v && v.value.trim() !== input.accountFacility) {
            return reject('GATE_MACSKCB_MISMATCH', `${f.table}.MA_CSKCB là "${v.value}", không phải cơ sở của tài khoản (${input.accountFacility})`, { hoso: h, table: f.table, row: row.index, MA_LK: row.MA_LK, field: 'MA_CSKCB', line: v.line, col: v.col, document: f.table }, bytes, fileSize, sha256);
          }
        }
      }
    }
  } else {
    // Check-in: every row's MA_CSKCB must be the account's facility.
    const rows = pkg.hoso.flatMap((h) => h.files.flatMap((f) => f.rows));
    summary.rows = rows.length;
    for (const row of rows) {
      const v = row.values.get('MA_CSKCB');
      if (!v || !v.value.trim()) {
        return reject('GATE_MACSKCB_MISSING', `Hồ sơ check-in thiếu MA_CSKCB (phải là cơ sở của tài khoản, ${input.accountFacility})`, { table: 'XML0', row: row.index, MA_LK: row.MA_LK, field: 'MA_CSKCB', document: 'XML0' }, bytes, fileSize, sha256);
      }
      if (v.value.trim() !== input.accountFacility) {
        return reject('GATE_MACSKCB_MISMATCH', `MA_CSKCB của hồ sơ check-in là "${v.value}", không phải cơ sở của tài khoản (${input.accountFacility})`, { table: 'XML0', row: row.index, MA_LK: row.MA_LK, field: 'MA_CSKCB', line: v.line, col: v.col, document: 'XML0' }, bytes, fileSize, sha256);
      }
    }
  }
  return { maKetQua: '200', code: 'OK', message: '', fileBytes: bytes, fileSize, sha256, summary };
}

/** Envelope elements that must appear at most once where they are (the first would silently win otherwise). */
const SINGLE_ENVELOPE_CHILDREN: Record<string, readonly string[]> = {
  GIAMDINHHS: ['THONGTINDONVI', 'THONGTINHOSO', 'CHUKYDONVI'],
  THONGTINDONVI: ['MACSKCB'],
  THONGTINHOSO: ['NGAYLAP', 'SOLUONGHOSO', 'DANHSACHHOSO'],
  FILEHOSO: ['LOAIHOSO', 'NOIDUNGFILE'],
};

function duplicatedEnvelopeElement(root: XmlElement, kind: 'GIAMDINHHS' | 'CHECKIN'): { name: string; parent: string; line: number; col: number } | undefined {
  if (kind !== 'GIAMDINHHS') return undefined;
  const visit = (el: XmlElement, depth: number): { name: string; parent: string; line: number; col: number } | undefined => {
    const single = SINGLE_ENVELOPE_CHILDREN[el.name];
    if (single) {
      const seen = new Set<string>();
      for (const c of el.children) {
        if (c.kind !== 'element' || !single.includes(c.name)) continue;
        if (seen.has(c.name)) return { name: c.name, parent: el.name, line: c.line, col: c.col };
        seen.add(c.name);
      }
    }
    // The envelope is shallow (GIAMDINHHS/THONGTINHOSO/DANHSACHHOSO/HOSO/FILEHOSO); tables are base64 text.
    if (depth >= 5) return undefined;
    for (const c of el.children) {
      if (c.kind !== 'element') continue;
      const hit = visit(c, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  };
  return visit(root, 0);
}

function findPath(root: { children: unknown[] } & Parameters<typeof child>[0], names: string[]) {
  let el: ReturnType<typeof child> = root;
  for (const n of names) {
    if (!el) return undefined;
    el = child(el, n);
  }
  return el;
}

/** guiGiayToDienTu: loaiHs 60 = Giấy báo tử (root HSDLGBT), 61 = Giấy chứng sinh (root HSDLGCS). */
export const GIAY_TO_ROOTS: Record<string, string> = { '60': 'HSDLGBT', '61': 'HSDLGCS' };

export interface GiayToGateInput {
  loaiHs: string;
  base64: string;
  fromForm: boolean;
  formSpaceToPlus: boolean;
  maxFileBytes: number;
  maxDepth: number;
}
export type GiayToGateOutcome = GateOutcome & { root: string | null };

/** The answer when a gate ran over its time budget (the worker running it is replaced). */
export function gateTimeLimitOutcome(limitMs: number, base64Length: number): GateOutcome {
  return { maKetQua: '205', code: 'GATE_TIME_LIMIT', message: `Hồ sơ không được kiểm tra xong trong giới hạn thời gian ${limitMs} ms (SSKDT_GATE_TIME_LIMIT_MS)`, location: { table: 'ENVELOPE' }, fileBytes: null, fileSize: Math.floor((base64Length * 3) / 4), sha256: '' };
}

export function gateGiayTo(input: GiayToGateInput): GiayToGateOutcome {
  const expected = GIAY_TO_ROOTS[input.loaiHs];
  const decoded = decodeFileParam(input, 'fileBase64Str');
  if (decoded.maKetQua !== '200' || !decoded.fileBytes) return { ...decoded, root: null };
  const bytes = decoded.fileBytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ...reject('GATE_NOT_UTF8', 'Nội dung không phải văn bản UTF-8', { table: 'ENVELOPE' }, bytes, decoded.fileSize, decoded.sha256), root: null };
  }
  let rootName: string;
  try {
    const doc = parseXml(text, { maxDepth: input.maxDepth });
    rootName = doc.root.name;
    if (!expected) return { ...reject('GATE_LOAIHS_UNKNOWN', `loaiHs "${input.loaiHs}" không được hỗ trợ (60: giấy báo tử, 61: giấy chứng sinh)`, { table: 'ENVELOPE' }, bytes, decoded.fileSize, decoded.sha256), root: rootName };
    if (rootName !== expected) {
      return { ...reject('GATE_WRONG_ROOT', `Thẻ gốc phải là <${expected}> cho loaiHs ${input.loaiHs}, nhận được <${rootName}>`, { table: 'ENVELOPE', line: doc.root.line, col: doc.root.col, document: 'envelope' }, bytes, decoded.fileSize, decoded.sha256), root: rootName };
    }
  } catch (err) {
    if (err instanceof XmlParseError) return { ...reject(err.code, `Không phải XML hợp lệ: ${xmlErrorMessageVi(err)} [${err.code}]`, { table: 'ENVELOPE', line: err.line, col: err.col, document: 'envelope' }, bytes, decoded.fileSize, decoded.sha256), root: null };
    throw err;
  }
  return { ...decoded, root: rootName };
}
