/**
 * Serialisation of tables, the GIAMDINHHS envelope and the XML0 check-in, from the catalogue's element
 * names, wrappers and order. It lives in conformance/ so the engine's rule fixtures and the generators share
 * one writer (conformance/ imports nothing from generators/).
 */
import type { TableSpec } from '../catalogue/catalogue.ts';

export type RowValues = Record<string, string | undefined>;

export interface SerializeOptions {
  /** write `<?xml version="1.0" encoding="utf-8"?>` (real exports do both) */
  declaration?: boolean;
  /** write these fields as CDATA (vendors do it for free text) */
  cdataFields?: ReadonlySet<string>;
  /** newline + indent between elements; false gives one line */
  pretty?: boolean;
  /** for XML0: append `<CHUKYDONVI/>` inside the root after the list (the signer fills it) */
  withChukydonvi?: boolean;
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cdata(value: string): string {
  // A literal "]]>" must be split across two CDATA sections.
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/**
 * Writes one table document. Fields come out in catalogue order; a field whose value is `undefined` is
 * omitted, '' gives an empty element. Keys not in the catalogue are appended after the known fields
 * (mutants use that to inject unknown elements).
 */
export function serializeTable(spec: TableSpec, rows: readonly RowValues[], options: SerializeOptions = {}): string {
  const nl = options.pretty === false ? '' : '\n';
  const ind = (n: number) => (options.pretty === false ? '' : '  '.repeat(n));
  const rowXml = (row: RowValues, depth: number): string => {
    const parts: string[] = [];
    const emit = (name: string, value: string | undefined) => {
      if (value === undefined) return;
      if (value === '') parts.push(`${ind(depth)}<${name}/>`);
      else if (options.cdataFields?.has(name)) parts.push(`${ind(depth)}<${name}>${cdata(value)}</${name}>`);
      else parts.push(`${ind(depth)}<${name}>${escapeText(value)}</${name}>`);
    };
    for (const f of spec.fields) emit(f.name, row[f.name]);
    for (const key of Object.keys(row)) if (!spec.byName.has(key)) emit(key, row[key]);
    return parts.join(nl);
  };
  const out: string[] = [];
  if (options.declaration !== false) out.push('<?xml version="1.0" encoding="utf-8"?>');
  if (spec.recordMode === 'single') {
    if (rows.length !== 1) throw new RangeError(`${spec.table} holds exactly one record, got ${rows.length}`);
    out.push(`<${spec.root}>`, rowXml(rows[0], 1), `</${spec.root}>`);
  } else {
    out.push(`<${spec.root}>`, `${ind(1)}<${spec.listElement}>`);
    for (const row of rows) out.push(`${ind(2)}<${spec.rowElement}>`, rowXml(row, 3), `${ind(2)}</${spec.rowElement}>`);
    out.push(`${ind(1)}</${spec.listElement}>`);
    if (options.withChukydonvi) out.push(`${ind(1)}<CHUKYDONVI/>`);
    out.push(`</${spec.root}>`);
  }
  return out.filter((s) => s !== '').join(nl) + nl;
}

export interface EnvelopeFile {
  /** LOAIHOSO value: XML1 … XML15 */
  loaiHoSo: string;
  /** inner document text (UTF-8) */
  content: string;
}

export interface EnvelopeInput {
  MACSKCB: string;
  /** yyyymmdd */
  NGAYLAP: string;
  hoso: { files: EnvelopeFile[] }[];
  /** override SOLUONGHOSO (mutants); defaults to hoso.length */
  SOLUONGHOSO?: string;
  /** the BHXH sample envelope declares xsi/xsd namespaces on the root */
  namespaces?: boolean;
}

export function toBase64Utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The GIAMDINHHS envelope with base64 NOIDUNGFILE and an empty CHUKYDONVI (to be signed). */
export function buildEnvelope(input: EnvelopeInput): string {
  const ns = input.namespaces === false ? '' : ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';
  const lines: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<GIAMDINHHS${ns}>`,
    `  <THONGTINDONVI>`,
    `    <MACSKCB>${escapeText(input.MACSKCB)}</MACSKCB>`,
    `  </THONGTINDONVI>`,
    `  <THONGTINHOSO>`,
    `    <NGAYLAP>${escapeText(input.NGAYLAP)}</NGAYLAP>`,
    `    <SOLUONGHOSO>${escapeText(input.SOLUONGHOSO ?? String(input.hoso.length))}</SOLUONGHOSO>`,
    `    <DANHSACHHOSO>`,
  ];
  for (const h of input.hoso) {
    lines.push('      <HOSO>');
    for (const f of h.files) {
      lines.push(`        <FILEHOSO>`, `          <LOAIHOSO>${escapeText(f.loaiHoSo)}</LOAIHOSO>`, `          <NOIDUNGFILE>${toBase64Utf8(f.content)}</NOIDUNGFILE>`, `        </FILEHOSO>`);
    }
    lines.push('      </HOSO>');
  }
  lines.push('    </DANHSACHHOSO>', '  </THONGTINHOSO>', '  <CHUKYDONVI/>', '</GIAMDINHHS>');
  return lines.join('\n') + '\n';
}

/** The XML0 check-in document (CHI_TIEU_TRANG_THAI_KCB with CHUKYDONVI inside its root). */
export function buildCheckin(spec: TableSpec, rows: readonly RowValues[], options: Omit<SerializeOptions, 'withChukydonvi'> = {}): string {
  if (spec.table !== 'XML0') throw new RangeError(`buildCheckin needs the XML0 spec, got ${spec.table}`);
  return serializeTable(spec, rows, { ...options, withChukydonvi: true });
}
