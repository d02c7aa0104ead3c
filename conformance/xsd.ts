/**
 * XSD export from the catalogue, so vendors can validate in their own stacks (xmllint, .NET, Java).
 * One schema per table and layout, plus the GIAMDINHHS envelope. Generated, never hand-edited.
 *
 * - Every field is an xs:element; minOccurs 1 only for `required: yes` (conditional → 0, since the
 *   condition cannot be expressed in XSD 1.0).
 * - A present-but-empty element is accepted for optional fields (real exports write `<DU_PHONG/>`), not
 *   for required ones.
 * - Facets: maxLength in characters; the type as a digit pattern (date8, datetime12, number, decimal with
 *   '.'); the catalogue's `format` regex translated from JavaScript to XSD syntax. Facets at different
 *   derivation steps must all hold (XSD ANDs them), so type and format are separate restriction steps.
 * - `strict` keeps catalogue order (xs:sequence); `lenient` accepts any order (xs:all), because real exports
 *   reorder elements and the engine reports order only as a warning.
 *
 * What XSD cannot say (and the engine still checks): real calendar dates, conditional presence,
 * code lists, cross-table rules, signatures.
 */
import { getLayout, ALL_TABLES, type FieldSpec, type TableSpec } from './catalogue/catalogue.ts';
import type { LayoutId } from './result.ts';
import { MAX_ITEMS } from './rules/field/conditions.ts';

export type XsdVariant = 'strict' | 'lenient';

/** Digit patterns per catalogue type (XSD syntax; `[0-9]` because XSD `\d` is any Unicode digit). */
export const TYPE_PATTERNS: Record<FieldSpec['type'], string | null> = {
  string: null,
  number: '[0-9]+',
  decimal: '-?[0-9]+(\\.[0-9]+)?',
  date8: '[0-9]{8}',
  datetime12: '[0-9]{12}',
  'date8|datetime12': '[0-9]{8}|[0-9]{12}',
};

const NON_BLANK = '[\\s\\S]*[^ \\t\\r\\n][\\s\\S]*';

export class XsdPatternError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`cannot translate /${source}/ to an XSD pattern: ${message}`);
    this.name = 'XsdPatternError';
  }
}

/**
 * Translates a catalogue (JavaScript, `u` flag) regex into one or more XSD patterns that must ALL match.
 * XSD patterns are implicitly anchored, have no lookaround, no lazy quantifiers, no backreferences and a
 * Unicode `\d`; anything we cannot translate exactly throws XsdPatternError rather than exporting a schema
 * that disagrees with the engine.
 *
 * One JavaScript-only construct is translated: a leading negative lookahead of zeros, `^(?!0{n})…`
 * ("not n leading zeros"), becomes the extra pattern `0{0,n-1}([^0][\s\S]*)?`.
 */
export function jsRegexToXsdPatterns(source: string): string[] {
  let body = source;
  if (!body.startsWith('^') || !body.endsWith('$') || body.endsWith('\\$')) {
    throw new XsdPatternError(source, 'the catalogue regex must be anchored with ^…$ (XSD patterns always match the whole value)');
  }
  body = body.slice(1, -1);
  const extra: string[] = [];
  const lookahead = /^\(\?!0\{(\d+)\}\)/.exec(body);
  if (lookahead) {
    const n = Number(lookahead[1]);
    if (n < 1) throw new XsdPatternError(source, 'empty lookahead');
    extra.push(`0{0,${n - 1}}([^0][\\s\\S]*)?`);
    body = body.slice(lookahead[0].length);
  }
  return [translateBody(source, body), ...extra];
}

function translateBody(source: string, body: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const n = body[i + 1];
      if (n === undefined) throw new XsdPatternError(source, 'trailing backslash');
      i++;
      if (n === 'd') out += inClass ? '0-9' : '[0-9]';
      else if (n === 'D') {
        if (inClass) throw new XsdPatternError(source, '\\D inside a character class');
        out += '[^0-9]';
      } else if (n === 'w') out += inClass ? 'A-Za-z0-9_' : '[A-Za-z0-9_]';
      else if (n === 'W') {
        if (inClass) throw new XsdPatternError(source, '\\W inside a character class');
        out += '[^A-Za-z0-9_]';
      } else if (n === 's' || n === 'S') {
        // JS \s also matches NBSP and other Unicode spaces; XSD \s only space, tab, CR, LF.
        throw new XsdPatternError(source, `\\${n} differs between JavaScript and XSD`);
      } else if ('bBkcxu0123456789pP'.includes(n)) {
        throw new XsdPatternError(source, `JavaScript-only or ambiguous escape \\${n}`);
      } else if ('.\\?*+{}()[]|^$-/'.includes(n)) {
        // `/` and `$` need no escape in XSD; the rest are escaped the same way.
        out += n === '/' || n === '$' ? n : `\\${n}`;
      } else if (n === 'n' || n === 'r' || n === 't') {
        out += `\\${n}`;
      } else {
        throw new XsdPatternError(source, `unknown escape \\${n}`);
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') throw new XsdPatternError(source, 'nested "[" (class subtraction syntax differs)');
      out += c;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        out += c;
        if (body[i + 1] === '^') {
          out += '^';
          i++;
        }
        if (body[i + 1] === ']') throw new XsdPatternError(source, 'empty or "]"-first character class');
        break;
      case '(':
        if (body[i + 1] === '?') {
          if (body[i + 2] === ':') {
            out += '(';
            i += 2;
          } else throw new XsdPatternError(source, 'lookaround or named group (no XSD equivalent)');
        } else out += c;
        break;
      case '^':
      case '$':
        throw new XsdPatternError(source, `anchor "${c}" inside the pattern (a literal character in XSD)`);
      case '*':
      case '+':
      case '?':
      case '}':
        out += c;
        if (body[i + 1] === '?') throw new XsdPatternError(source, 'lazy quantifier');
        break;
      default:
        out += c;
    }
  }
  if (inClass) throw new XsdPatternError(source, 'unterminated character class');
  return out;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function doc(text: string, indent: string): string {
  return `${indent}<xs:annotation><xs:documentation>${esc(text)}</xs:documentation></xs:annotation>\n`;
}

/** `p` repeated as `;`-separated items, as the engine checks multi-value fields item by item. */
function perItem(p: string, sep: string): string {
  const s = sep.replace(/[.\\?*+{}()[\]|^$-]/g, '\\$&');
  return `(${p})(${s}(${p}))*`;
}

/** The anonymous simple type of one field: (empty, if optional) ∪ (string ∩ maxLength ∩ type ∩ format). */
function fieldType(f: FieldSpec, indent: string): string {
  const sep = f.multiValueSeparator;
  const steps: string[][] = [];
  const first: string[] = [];
  if (f.required === 'yes') first.push('<xs:minLength value="1"/>');
  // a percentage sized by its integer digits (MUC_HUONG): the size is part of the digit pattern, not a character count
  if (f.maxLength !== null && f.lengthCounts !== 'integer_part') first.push(`<xs:maxLength value="${f.maxLength}"/>`);
  // The engine tests the type of each item of a multi-value field.
  const typePattern = TYPE_PATTERNS[f.type] && (sep ? perItem(TYPE_PATTERNS[f.type]!, sep) : TYPE_PATTERNS[f.type]);
  if (typePattern) first.push(`<xs:pattern value="${esc(typePattern)}"/>`);
  steps.push(first);
  // patterns of one step are alternatives (XSD ORs them): the size pattern is a step of its own
  if (f.maxLength !== null && f.lengthCounts === 'integer_part') steps.push([`<xs:pattern value="${esc(`-?[0-9]{1,${f.maxLength}}(\\.[0-9]+)?`)}"/>`]);
  // A required value must have a non-blank character (the engine treats whitespace-only as empty).
  if (f.required === 'yes' && !typePattern) steps.push([`<xs:pattern value="${esc(NON_BLANK)}"/>`]);
  const maxItems = MAX_ITEMS[`${f.table}.${f.name}`];
  if (f.formatSource) {
    const patterns = jsRegexToXsdPatterns(f.formatSource);
    // Like the engine: a multi-value field whose format describes one item is checked item by item.
    const itemWise = !!sep && !f.formatSource.includes(sep);
    if (itemWise && patterns.length > 1) throw new XsdPatternError(f.formatSource, 'lookahead in a per-item format');
    for (const p of patterns) steps.push([`<xs:pattern value="${esc(itemWise ? perItem(p, sep!) : p)}"/>`]);
  }
  if (sep && (f.formatSource || maxItems)) {
    // The engine's format rule also refuses empty items and more items than the standard allows.
    const s = sep.replace(/[.\\?*+{}()[\]|^$-]/g, '\\$&');
    steps.push([`<xs:pattern value="${esc(`[^${s}]+(${s}[^${s}]+)${maxItems ? `{0,${maxItems - 1}}` : '*'}`)}"/>`]);
  }
  // Build nested restrictions: innermost is the first step on xs:string.
  let inner = `<xs:restriction base="xs:string">${steps[0].join('')}</xs:restriction>`;
  for (const step of steps.slice(1)) inner = `<xs:restriction><xs:simpleType>${inner}</xs:simpleType>${step.join('')}</xs:restriction>`;
  const valueType = `<xs:simpleType>${inner}</xs:simpleType>`;
  if (f.required === 'yes') return `${indent}${valueType}\n`;
  // Optional fields may be present and empty (or whitespace only), as real exports write them.
  return `${indent}<xs:simpleType><xs:union><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[ \\t\\r\\n]*"/></xs:restriction></xs:simpleType>${valueType}</xs:union></xs:simpleType>\n`;
}

function fieldElement(f: FieldSpec, indent: string): string {
  const note = [
    `${f.order}. ${f.description_vi}`,
    `type ${f.type}${f.maxLength !== null ? `, max ${f.maxLength}` : ''}, required ${f.required}${f.condition_vi ? ` (${f.condition_vi})` : ''}`,
    f.formatSource ? `format ${f.formatSource}` : '',
    `since QĐ ${f.since}; confidence ${f.confidence}${f.overlay ? `; overlay ${f.overlay.by}: ${f.overlay.evidence_en}` : ''}`,
    `source: ${f.source}`,
  ]
    .filter(Boolean)
    .join(' | ');
  return (
    `${indent}<xs:element name="${f.name}" minOccurs="${f.required === 'yes' ? 1 : 0}">\n` +
    doc(note, indent + '  ') +
    fieldType(f, indent + '  ') +
    `${indent}</xs:element>\n`
  );
}

function rowContent(spec: TableSpec, variant: XsdVariant, indent: string): string {
  const group = variant === 'strict' ? 'xs:sequence' : 'xs:all';
  return `${indent}<${group}>\n${spec.fields.map((f) => fieldElement(f, indent + '  ')).join('')}${indent}</${group}>\n`;
}

const CHUKYDONVI = (indent: string, minOccurs: 0 | 1) =>
  `${indent}<xs:element name="CHUKYDONVI" minOccurs="${minOccurs}">\n` +
  doc('Chữ ký số của đơn vị (XMLDSig enveloped, SHA-256). Any content; checked by the signature rules, not by XSD.', indent + '  ') +
  `${indent}  <xs:complexType mixed="true"><xs:sequence><xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence><xs:anyAttribute namespace="##any" processContents="skip"/></xs:complexType>\n` +
  `${indent}</xs:element>\n`;

function header(title: string, layout: LayoutId, variant: XsdVariant, overlay1931: boolean): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<!-- Generated by sskdt-lab (conformance/xsd.ts) from conformance/catalogue/xml-fields.json. Do not edit. -->\n` +
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="unqualified" version="${layout}${overlay1931 ? '+1931' : ''}-${variant}">\n` +
    doc(
      `${title}. Layout QĐ ${layout}${overlay1931 ? ' + QĐ 1931' : ''} (QĐ 130/QĐ-BYT as amended), variant ${variant}` +
        `${variant === 'lenient' ? ' (any element order)' : ' (catalogue element order)'}. Not checked by XSD: calendar dates, conditional presence, code lists, cross-table rules, signatures.`,
      '  ',
    )
  );
}

/**
 * The XSD 1.0 lexical grammar of base64Binary as a pattern (alphabet, padding only at the end, zero unused
 * bits), because libxml2 on its own skips some characters outside the alphabet (it accepts "!!!!"). The engine
 * (decodeBase64Strict) is as strict: canonical padding, whitespace anywhere tolerated.
 */
const B64 = '[A-Za-z0-9+/]';
const BASE64_PATTERN = `((${B64} ?){4})*((${B64} ?){3}${B64}|(${B64} ?){2}[AEIMQUYcgkosw048] ?=|${B64} ?[AQgw] ?= ?=)`;

export interface XsdOptions {
  /** QĐ 1931 overlay (MUC_HUONG max 4); default true */
  overlay1931?: boolean;
}

/** The XSD of one table document (XML0 … XML15), or of the envelope for table 'GIAMDINHHS'. */
export function generateXsd(table: string, layout: LayoutId, variant: XsdVariant = 'strict', options: XsdOptions = {}): string {
  const overlay1931 = options.overlay1931 ?? true;
  if (table === 'GIAMDINHHS') return generateEnvelopeXsd(layout, variant, options);
  const spec = getLayout(layout, overlay1931).tables.get(table);
  if (!spec) throw new Error(`unknown table "${table}" (expected XML0 … XML15 or GIAMDINHHS)`);
  let out = header(`${spec.table}: ${spec.name_vi}`, layout, variant, overlay1931);
  if (spec.recordMode === 'single' || !spec.listElement) {
    out += `  <xs:element name="${spec.root}">\n    <xs:complexType>\n${rowContent(spec, variant, '      ')}    </xs:complexType>\n  </xs:element>\n`;
  } else {
    out +=
      `  <xs:element name="${spec.root}">\n    <xs:complexType>\n      <xs:sequence>\n` +
      `        <xs:element name="${spec.listElement}">\n          <xs:complexType>\n            <xs:sequence>\n` +
      `              <xs:element name="${spec.rowElement}" type="${spec.rowElement}_Type" minOccurs="1" maxOccurs="unbounded"/>\n` +
      `            </xs:sequence>\n          </xs:complexType>\n        </xs:element>\n` +
      (spec.table === 'XML0' ? CHUKYDONVI('        ', 0) : '') +
      `      </xs:sequence>\n    </xs:complexType>\n  </xs:element>\n` +
      `  <xs:complexType name="${spec.rowElement}_Type">\n${rowContent(spec, variant, '    ')}  </xs:complexType>\n`;
  }
  return out + `</xs:schema>\n`;
}

/**
 * The GIAMDINHHS envelope: THONGTINDONVI/MACSKCB, THONGTINHOSO (NGAYLAP yyyymmdd, SOLUONGHOSO,
 * DANHSACHHOSO/HOSO+/FILEHOSO+ with LOAIHOSO XML1…XML15 and NOIDUNGFILE as base64), then CHUKYDONVI.
 * The inner tables are validated separately with their own schema after base64 decoding. SOLUONGHOSO and
 * LOAIHOSO are xs:token (surrounding whitespace ignored, as the engine trims them); whether SOLUONGHOSO
 * equals the number of HOSO is an engine check.
 */
export function generateEnvelopeXsd(layout: LayoutId, variant: XsdVariant = 'strict', options: XsdOptions = {}): string {
  const overlay1931 = options.overlay1931 ?? true;
  const loaiHoSo = [...getLayout(layout, overlay1931).byLoaiHoSo.keys()];
  const group = variant === 'strict' ? 'xs:sequence' : 'xs:all';
  return (
    header('GIAMDINHHS: hồ sơ gửi cổng tiếp nhận dữ liệu giám định BHYT', layout, variant, overlay1931) +
    `  <xs:element name="GIAMDINHHS">\n    <xs:complexType>\n      <xs:sequence>\n` +
    `        <xs:element name="THONGTINDONVI">\n          <xs:complexType><${group}>\n` +
    `            <xs:element name="MACSKCB"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9A-Z]{5}"/></xs:restriction></xs:simpleType></xs:element>\n` +
    `          </${group}></xs:complexType>\n        </xs:element>\n` +
    `        <xs:element name="THONGTINHOSO">\n          <xs:complexType><${group}>\n` +
    `            <xs:element name="NGAYLAP"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9]{8}"/></xs:restriction></xs:simpleType></xs:element>\n` +
    `            <xs:element name="SOLUONGHOSO"><xs:simpleType><xs:restriction base="xs:token"><xs:pattern value="[0-9]+"/></xs:restriction></xs:simpleType></xs:element>\n` +
    `            <xs:element name="DANHSACHHOSO">\n              <xs:complexType><xs:sequence>\n` +
    `                <xs:element name="HOSO" maxOccurs="unbounded">\n                  <xs:complexType><xs:sequence>\n` +
    `                    <xs:element name="FILEHOSO" maxOccurs="unbounded">\n                      <xs:complexType><${group}>\n` +
    `                        <xs:element name="LOAIHOSO"><xs:simpleType><xs:restriction base="xs:token">${loaiHoSo.map((v) => `<xs:enumeration value="${esc(v)}"/>`).join('')}</xs:restriction></xs:simpleType></xs:element>\n` +
    `                        <xs:element name="NOIDUNGFILE"><xs:simpleType><xs:restriction base="xs:base64Binary"><xs:minLength value="1"/><xs:pattern value="${esc(BASE64_PATTERN)}"/></xs:restriction></xs:simpleType></xs:element>\n` +
    `                      </${group}></xs:complexType>\n                    </xs:element>\n` +
    `                  </xs:sequence></xs:complexType>\n                </xs:element>\n` +
    `              </xs:sequence></xs:complexType>\n            </xs:element>\n` +
    `          </${group}></xs:complexType>\n        </xs:element>\n` +
    CHUKYDONVI('        ', 0) +
    `      </xs:sequence>\n      <xs:anyAttribute namespace="##any" processContents="skip"/>\n    </xs:complexType>\n  </xs:element>\n` +
    `</xs:schema>\n`
  );
}

/** Every schema of a layout: file name (`XML1.xsd`, `GIAMDINHHS.xsd`, `XML1.lenient.xsd` …) → text. */
export function generateAllXsd(layout: LayoutId, options: XsdOptions = {}): Map<string, string> {
  const out = new Map<string, string>();
  for (const variant of ['strict', 'lenient'] as const) {
    const suffix = variant === 'strict' ? '' : '.lenient';
    out.set(`GIAMDINHHS${suffix}.xsd`, generateEnvelopeXsd(layout, variant, options));
    for (const t of ALL_TABLES) out.set(`${t}${suffix}.xsd`, generateXsd(t, layout, variant, options));
  }
  return out;
}
