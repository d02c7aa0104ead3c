/**
 * TEMPORARY stand-in for conformance/envelope/decode.ts (being written by another engineer) with the
 * same exported names, so envelope-gate.ts switches with a one-line import change. It parses only with
 * conformance/xml/parse.ts and fills just the part of ParsedPackage the gate reads.
 */
import type { Location } from '../conformance/result.ts';
import { getLayout, type Layout } from '../conformance/catalogue/catalogue.ts';
import { child, childElements, parseXml, textOf, XmlParseError, type XmlDocument, type XmlElement } from '../conformance/xml/parse.ts';

export class EnvelopeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly location: Location,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

const B64 = /^[A-Za-z0-9+/]$/;

export function decodeBase64Strict(text: string): Uint8Array {
  let clean = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' || ch === '\n' || ch === '\t') continue;
    if (ch === '=' || B64.test(ch)) {
      clean += ch;
      continue;
    }
    throw new EnvelopeError('ENVELOPE_BASE64', `ký tự không hợp lệ "${ch === ' ' ? 'dấu cách' : ch}" tại vị trí ${i + 1}`, { table: 'ENVELOPE' });
  }
  const pad = clean.indexOf('=');
  if (clean.length % 4 !== 0 || (pad !== -1 && (pad < clean.length - 2 || !/^=+$/.test(clean.slice(pad)))))
    throw new EnvelopeError('ENVELOPE_BASE64', `độ dài ${clean.length} hoặc dấu '=' không đúng quy tắc base64`, { table: 'ENVELOPE' });
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

interface StandinRow {
  index: number;
  values: Map<string, { value: string; line: number; col: number }>;
  MA_LK?: string;
}
interface StandinFile {
  table: string;
  rows: StandinRow[];
}
export interface StandinPackage {
  kind: 'GIAMDINHHS' | 'CHECKIN';
  envelope: XmlDocument;
  MACSKCB?: string;
  NGAYLAP?: string;
  SOLUONGHOSO?: string;
  hoso: { files: StandinFile[] }[];
  layout: Layout;
}

function utf8(bytes: Uint8Array, document: string, loc: Location): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EnvelopeError('ENVELOPE_ENCODING', `${document} không phải văn bản UTF-8`, loc);
  }
}

function parse(text: string, document: string, maxDepth: number, loc: Location): XmlDocument {
  try {
    return parseXml(text, { maxDepth });
  } catch (err) {
    if (err instanceof XmlParseError)
      throw new EnvelopeError('ENVELOPE_XML', `${document} không phải XML hợp lệ: ${err.message.replace(/ \(line \d+, column \d+\)$/, '')}`, { ...loc, line: err.line, col: err.col, document });
    throw err;
  }
}

function rowsOf(root: XmlElement, listElement: string | null, rowElement: string): StandinRow[] {
  const rowEls = listElement ? childElements(child(root, listElement) ?? root, rowElement) : [root];
  return rowEls.map((r, index) => {
    const values = new Map<string, { value: string; line: number; col: number }>();
    for (const c of childElements(r)) if (!values.has(c.name)) values.set(c.name, { value: textOf(c), line: c.line, col: c.col });
    return { index, values, MA_LK: values.get('MA_LK')?.value };
  });
}

export function decodePackage(bytes: Uint8Array, opts: { kind?: 'GIAMDINHHS' | 'CHECKIN'; endpoint?: string; layout?: '4750' | '3176'; maxBytes?: number; maxDepth?: number }): StandinPackage {
  const maxDepth = opts.maxDepth ?? 64;
  const layout = getLayout(opts.layout ?? '4750');
  const text = utf8(bytes, 'envelope', { table: 'ENVELOPE' });
  const envelope = parse(text, 'envelope', maxDepth, { table: 'ENVELOPE' });
  const root = envelope.root;
  if (root.name === 'CHI_TIEU_TRANG_THAI_KCB') {
    const spec = layout.tables.get('XML0')!;
    const rows = rowsOf(root, spec.listElement, spec.rowElement);
    return { kind: 'CHECKIN', envelope, MACSKCB: rows[0]?.values.get('MA_CSKCB')?.value, hoso: [{ files: [{ table: 'XML0', rows }] }], layout };
  }
  if (root.name !== 'GIAMDINHHS') return { kind: opts.kind ?? 'GIAMDINHHS', envelope, hoso: [], layout };
  const don = child(root, 'THONGTINDONVI');
  const ths = child(root, 'THONGTINHOSO');
  const hosoEls = ths ? childElements(child(ths, 'DANHSACHHOSO') ?? ths, 'HOSO') : [];
  const hoso = hosoEls.map((h, hi) => ({
    files: childElements(h, 'FILEHOSO').map((f) => {
      const loaiEl = child(f, 'LOAIHOSO');
      const loai = loaiEl ? textOf(loaiEl).trim() : '';
      const loc: Location = { hoso: hi, table: 'ENVELOPE', field: 'LOAIHOSO', line: (loaiEl ?? f).line, col: (loaiEl ?? f).col, document: 'envelope' };
      const spec = layout.byLoaiHoSo.get(loai);
      if (!spec) throw new EnvelopeError('ENVELOPE_LOAIHOSO_UNKNOWN', `LOAIHOSO "${loai}" không thuộc XML1…XML15`, loc);
      const nd = child(f, 'NOIDUNGFILE');
      const ndLoc: Location = { hoso: hi, table: spec.table, field: 'NOIDUNGFILE', line: (nd ?? f).line, col: (nd ?? f).col, document: 'envelope' };
      let inner: Uint8Array;
      try {
        inner = decodeBase64Strict(nd ? textOf(nd).trim() : '');
      } catch (err) {
        throw new EnvelopeError('ENVELOPE_NOIDUNGFILE_BASE64', `NOIDUNGFILE của ${spec.table} không phải base64 hợp lệ: ${(err as Error).message}`, ndLoc);
      }
      const doc = parse(utf8(inner, spec.table, ndLoc), spec.table, maxDepth, { hoso: hi, table: spec.table });
      if (doc.root.name !== spec.root)
        throw new EnvelopeError('ENVELOPE_TABLE_ROOT', `${spec.table} phải có thẻ gốc <${spec.root}>, nhận được <${doc.root.name}>`, { hoso: hi, table: spec.table, line: doc.root.line, col: doc.root.col, document: spec.table });
      return { table: spec.table, rows: rowsOf(doc.root, spec.listElement, spec.rowElement) };
    }),
  }));
  const t = (el: XmlElement | undefined, name: string) => {
    const c = el ? child(el, name) : undefined;
    return c ? textOf(c) : undefined;
  };
  return { kind: 'GIAMDINHHS', envelope, MACSKCB: t(don, 'MACSKCB'), NGAYLAP: t(ths, 'NGAYLAP'), SOLUONGHOSO: t(ths, 'SOLUONGHOSO'), hoso, layout };
}
