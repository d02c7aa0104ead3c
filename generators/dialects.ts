/**
 * HIS export dialects: the same valid encounter written in the styles seen in real GIAMDINHHS exports
 * (shared/spec README, "observed in real exports", two HIS export styles of one hospital, 2026). Every dialect
 * is valid; the property and fidelity tests run every dialect of every scenario, so a rule that fails one of
 * them is a false failure on real data.
 *
 * A dialect changes only how the bytes are written, never the values: BOM or not, the inner `<?xml?>`
 * declaration or not, CDATA text, line breaks or one line, the `xmlns:xsi="…XMLSchema instance"` typo on the
 * envelope root, and element order variants (XML1 `T_VTYT` before `T_THUOC`; XML3 `MA_VAT_TU` right after
 * `TEN_DICH_VU`).
 */
import type { TableSpec } from '../conformance/catalogue/catalogue.ts';

export interface Dialect {
  name: string;
  description_en: string;
  /** UTF-8 BOM before the envelope / check-in and before every inner table document */
  bom?: boolean;
  /** inner table documents without `<?xml version="1.0" encoding="utf-8"?>` */
  noInnerDeclaration?: boolean;
  /** every non-empty text value written as CDATA (not only free text) */
  cdataAll?: boolean;
  /** no line breaks or indentation inside the table documents */
  oneLine?: boolean;
  /** the namespace typo of one HIS: xmlns:xsi="http://www.w3.org/2001/XMLSchema instance" (a space, not a hyphen) */
  xsiTypo?: boolean;
  /** element order of the other HIS: XML1 T_VTYT before T_THUOC, XML3 MA_VAT_TU right after TEN_DICH_VU */
  reordered?: boolean;
}

export const DIALECTS: readonly Dialect[] = [
  { name: 'catalogue', description_en: 'catalogue order, declarations, line breaks, CDATA for free text (the default)' },
  { name: 'bom', description_en: 'UTF-8 BOM before the envelope and every inner document', bom: true },
  { name: 'no-declaration', description_en: 'inner table documents without an XML declaration', noInnerDeclaration: true },
  { name: 'cdata', description_en: 'every text value as CDATA', cdataAll: true },
  { name: 'one-line', description_en: 'table documents on one line', oneLine: true },
  { name: 'xsi-typo', description_en: 'envelope root with xmlns:xsi="http://www.w3.org/2001/XMLSchema instance"', xsiTypo: true },
  { name: 'reordered', description_en: 'XML1 T_VTYT before T_THUOC; XML3 MA_VAT_TU right after TEN_DICH_VU', reordered: true },
  // the two export styles of the real hospital, as combinations
  { name: 'his-a', description_en: 'export style A: BOM, no inner declaration, CDATA, one line, reordered elements, xsi typo', bom: true, noInnerDeclaration: true, cdataAll: true, oneLine: true, reordered: true, xsiTypo: true },
  { name: 'his-b', description_en: 'export style B: no BOM, declarations, catalogue order, CDATA text', cdataAll: true },
];

export const DEFAULT_DIALECT = DIALECTS[0];

export function dialectByName(name: string): Dialect | undefined {
  return DIALECTS.find((d) => d.name === name);
}

/** `a,b` / `all` → dialects; throws with the known names on an unknown one. */
export function selectDialects(selector: string): Dialect[] {
  if (selector === 'all') return [...DIALECTS];
  return selector.split(',').map((n) => {
    const d = dialectByName(n.trim());
    if (!d) throw new Error(`unknown dialect "${n}" (known: ${DIALECTS.map((x) => x.name).join(', ')}, all)`);
    return d;
  });
}

/** Moves `name` to just before / after `anchor` in the field order (a copy of the spec; values untouched). */
function moved(spec: TableSpec, name: string, anchor: string, where: 'before' | 'after'): TableSpec {
  const fields = spec.fields.filter((f) => f.name !== name);
  const f = spec.fields.find((x) => x.name === name);
  const at = fields.findIndex((x) => x.name === anchor);
  if (!f || at < 0) return spec;
  fields.splice(where === 'before' ? at : at + 1, 0, f);
  return { ...spec, fields };
}

/** The table spec in the element order of the dialect. */
export function orderedSpec(spec: TableSpec, dialect: Dialect): TableSpec {
  if (!dialect.reordered) return spec;
  if (spec.table === 'XML1') return moved(spec, 'T_VTYT', 'T_THUOC', 'before');
  if (spec.table === 'XML3') return moved(spec, 'MA_VAT_TU', 'TEN_DICH_VU', 'after');
  return spec;
}

/** Every field of a spec (CDATA for all text values). */
export function allFieldNames(spec: TableSpec): ReadonlySet<string> {
  return new Set(spec.fields.map((f) => f.name));
}

const BOM = '\uFEFF';

/** The inner document text as the dialect writes it (BOM before it when asked). */
export function innerText(text: string, dialect: Dialect): string {
  return dialect.bom ? BOM + text : text;
}

/** The envelope text before signing: the xsi namespace typo on the root. */
export function envelopeDialect(text: string, dialect: Dialect): string {
  if (!dialect.xsiTypo) return text;
  return text.replace('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', 'xmlns:xsi="http://www.w3.org/2001/XMLSchema instance"');
}

/** The signed outer bytes: a BOM before them when asked (a BOM is not part of the signed XML text). */
export function outerBytes(bytes: Uint8Array, dialect: Dialect): Uint8Array {
  if (!dialect.bom) return bytes;
  const out = new Uint8Array(bytes.byteLength + 3);
  out.set([0xef, 0xbb, 0xbf], 0);
  out.set(bytes, 3);
  return out;
}
