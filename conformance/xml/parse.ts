/**
 * A strict, small XML parser for untrusted BHYT documents.
 *
 * Why our own: the QĐ 130 documents are DTD-free data documents. Refusing any DOCTYPE outright removes
 * entity expansion and external fetches by construction (no billion laughs, no XXE), the scanner keeps
 * exact source offsets (needed for line numbers, C14N and signature-wrapping checks), and it is several
 * times faster than a general parser (see bench/parsers.ts for the measured comparison with
 * fast-xml-parser and libxml2-wasm).
 *
 * Supported: elements, attributes, namespaces as plain attributes, text, CDATA, comments, processing
 * instructions, the five predefined entities and character references. Refused with XmlParseError:
 * DOCTYPE/DTD, undeclared entities, mismatched tags, duplicate attributes, several roots, depth over the
 * limit, text outside the root, character references to surrogates or non-characters, `--` inside a comment,
 * element or attribute prefixes without an in-scope `xmlns:` declaration (Namespaces in XML 1.0, as libxml2
 * and .NET's XmlDocument refuse them), more attributes on one element than `maxAttributes`.
 */

export interface XmlAttr {
  name: string;
  /** value after entity decoding and attribute-value normalisation of whitespace chars */
  value: string;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  attrs: XmlAttr[];
  children: XmlNode[];
  /** 1-based line and column of '<' */
  line: number;
  col: number;
  /** source offsets: start of '<' of the start tag, end = index after '>' of the end tag (or of '/>') */
  start: number;
  end: number;
  parent: XmlElement | null;
}

export interface XmlText {
  kind: 'text';
  /** decoded text (entities and char refs resolved; CDATA content as-is) */
  value: string;
  cdata: boolean;
  line: number;
  col: number;
  start: number;
  end: number;
}

export interface XmlComment {
  kind: 'comment';
  value: string;
  start: number;
  end: number;
}

export interface XmlPI {
  kind: 'pi';
  target: string;
  data: string;
  start: number;
  end: number;
}

export type XmlNode = XmlElement | XmlText | XmlComment | XmlPI;

export interface XmlDocument {
  /** source text (after BOM removal) */
  source: string;
  root: XmlElement;
  /** nodes before/after the root (comments, PIs); the XML declaration is not a node */
  prolog: XmlNode[];
  epilog: XmlNode[];
  /** XML declaration attributes if any */
  declaration?: { version?: string; encoding?: string; standalone?: string };
  /** maps an offset to 1-based line/column */
  position(offset: number): { line: number; col: number };
}

export type XmlErrorCode =
  | 'XML_EMPTY'
  | 'XML_DTD_FORBIDDEN'
  | 'XML_ENTITY_UNKNOWN'
  | 'XML_TAG_MISMATCH'
  | 'XML_UNCLOSED'
  | 'XML_SYNTAX'
  | 'XML_DEPTH_LIMIT'
  | 'XML_SIZE_LIMIT'
  | 'XML_MULTIPLE_ROOTS'
  | 'XML_TEXT_OUTSIDE_ROOT'
  | 'XML_DUPLICATE_ATTRIBUTE'
  | 'XML_BAD_CHAR'
  | 'XML_ENCODING'
  | 'XML_NAMESPACE'
  | 'XML_ATTRIBUTE_LIMIT';

export class XmlParseError extends Error {
  constructor(
    readonly code: XmlErrorCode,
    message: string,
    readonly line: number,
    readonly col: number,
    readonly offset: number,
  ) {
    super(`${message} (line ${line}, column ${col})`);
    this.name = 'XmlParseError';
  }
}

export interface ParseOptions {
  /** maximum element nesting depth (libxml2's default is 256; BHYT documents need < 10) */
  maxDepth?: number;
  /** maximum source length in characters */
  maxLength?: number;
  /** maximum attributes on one element (QĐ 130 elements carry a handful; a hostile file 200,000) */
  maxAttributes?: number;
  /**
   * The UTF-8 bytes the input was decoded from (a leading BOM may be among them). When given, the check for
   * characters XML forbids scans these bytes, several times faster than a regex over the text; only when they
   * may hold one does the text itself get searched (for the same refusal, at the same place).
   */
  utf8?: Uint8Array;
}

const DEFAULT_MAX_DEPTH = 256;
export const DEFAULT_MAX_ATTRIBUTES = 256;
const DEFAULT_MAX_LENGTH = 64 * 1024 * 1024;

// XML 1.0 (fifth edition) NameStartChar and NameChar, as libxml2 and .NET apply them.
const NAME_START_CHARS = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHARS = `${NAME_START_CHARS}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
const NAME_START = new RegExp(`^[${NAME_START_CHARS}]`, 'u');
const ASCII_NAME_RE = /^[A-Za-z_:][A-Za-z0-9_:.-]*$/;
const FULL_NAME_RE = new RegExp(`^[${NAME_START_CHARS}][${NAME_CHARS}]*$`, 'u');
/** XML 1.0 Name; the common all-ASCII name is decided by a simpler pattern. */
const NAME_RE = { test: (name: string) => ASCII_NAME_RE.test(name) || FULL_NAME_RE.test(name) };
/** NAME_START on the character at `at`, with the ASCII letters decided without a regex. */
function isNameStartAt(src: string, at: number): boolean {
  const c = src.charCodeAt(at);
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a) return true;
  if (c < 0x80 || c !== c) return false; // c !== c: NaN past the end
  return NAME_START.test(src.slice(at, at + 2));
}
/** ASCII_NAME_RE by character code: bit 1 = may start a name, bit 2 = may continue one. */
const ASCII_NAME_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z_:]/.test(ch)) t[c] |= 1;
    if (/[A-Za-z0-9_:.-]/.test(ch)) t[c] |= 2;
  }
  return t;
})();
/** Slots of the per-document table of element names (a power of two). */
const NAME_TABLE_SIZE = 256;
/**
 * Whitespace-only text between tags ("\n" + indentation) as shared strings by length: a pretty-printed table
 * document has one such node per element, each otherwise its own copy.
 */
const INDENT_TEXT: string[] = [];
for (let n = 1; n <= 64; n++) INDENT_TEXT.push('\n' + ' '.repeat(n - 1));
const NO_PREFIXES: string[] = [];
/** The attributes of every element without any: one frozen empty array (nothing may add to a parsed tree). */
const NO_ATTRS = Object.freeze([]) as unknown as XmlAttr[];
/**
 * Adds a child node. The first child gets an array of its own size: a push onto an empty array reserves 17
 * slots, and most elements of a table document (its fields) hold a single text node.
 */
function appendChild(parent: XmlElement, node: XmlNode): void {
  if (parent.children.length === 0) parent.children = [node];
  else parent.children.push(node);
}
/** Only spaces (U+0020) from `from` up to `to`. */
function isIndent(src: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (src.charCodeAt(k) !== 0x20) return false;
  return true;
}
/** XML whitespace (S): space, tab, CR, LF only — not U+00A0 or other Unicode spaces. */
function isSpaceAt(src: string, at: number): boolean {
  const c = src.charCodeAt(at);
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}
const XML_SPACE_ONLY = /^[ \t\r\n]*$/;
/** XMLDecl: version, then optional encoding and standalone, in that order (XML 1.0 §2.8). */
const XML_DECL_RE = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"(1\.[0-9]*)"|'(1\.[0-9]*)')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"([A-Za-z][A-Za-z0-9._-]*)"|'([A-Za-z][A-Za-z0-9._-]*)'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(yes|no)"|'(yes|no)'))?[ \t\r\n]*\?>/;
/** Declarations XML_DECL_RE reads as version 1.0, encoding utf-8 / UTF-8 (each ends at its first '?>'). */
const USUAL_DECL = ['<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="UTF-8"?>'];
// Chars not allowed in XML 1.0 documents (C0 controls except TAB, LF, CR).
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** bytes[j] starts a character BAD_CHAR matches: a C0 control but TAB, LF, CR, or U+FFFE/U+FFFF (EF BF BE/BF). */
function badCharAt(bytes: Uint8Array, j: number): boolean {
  const c = bytes[j];
  return c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c === 0xef && bytes[j + 1] === 0xbf && (bytes[j + 2] & 0xfe) === 0xbe;
}

/**
 * Whether UTF-8 bytes may hold a character BAD_CHAR matches; false means none. In UTF-8 a byte below 0x20
 * is always that character (never part of a longer sequence), and U+FFFE/U+FFFF are EF BF BE/EF BF BF.
 * Four bytes at a time: a word is looked at byte by byte only if one of its bytes is below 0x20 or is 0xEF
 * (the classic "has a byte less than n" test, exact for n ≤ 128); in a table document about one word in 25.
 */
export function mayHoldBadChar(input: Uint8Array): boolean {
  // Read through a plain Uint8Array view: a Node Buffer (the file as read) and a Uint8Array (a decoded
  // NOIDUNGFILE) have two hidden classes, and the optimised scan, having seen one, was thrown away at the other.
  const n = input.byteLength;
  const off = input.byteOffset;
  const bytes = new Uint8Array(input.buffer, off, n);
  let i = 0;
  const head = Math.min(n, (4 - (off & 3)) & 3);
  for (; i < head; i++) if (badCharAt(bytes, i)) return true;
  const words = (n - i) >> 2;
  if (words > 0) {
    const w = new Int32Array(bytes.buffer, off + i, words);
    for (let k = 0; k < words; k++) {
      const x = w[k];
      const y = x ^ 0xefefefef;
      if ((((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) {
        for (let j = i + 4 * k, e = j + 4; j < e; j++) if (badCharAt(bytes, j)) return true;
      }
    }
    i += words * 4;
  }
  for (; i < n; i++) if (badCharAt(bytes, i)) return true;
  return false;
}

function lineIndex(src: string): number[] {
  const starts = [0];
  let i = src.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = src.indexOf('\n', i + 1);
  }
  return starts;
}

function makePosition(src: string): (offset: number) => { line: number; col: number } {
  // The scanner asks for positions in increasing order, so count newlines forward from the last answer;
  // only a backward request (errors, later look-ups) pays for the full line index.
  // Each newline is looked for once in all (a document on one line must not make this quadratic).
  let lastOffset = 0;
  let lastLine = 1;
  let lastLineStart = 0;
  let nextNewline = -2; // -2: not looked up yet; -1: none left
  let starts: number[] | null = null;
  return (offset: number) => {
    if (offset >= lastOffset) {
      if (nextNewline === -2) nextNewline = src.indexOf('\n');
      while (nextNewline !== -1 && nextNewline < offset) {
        lastLine++;
        lastLineStart = nextNewline + 1;
        nextNewline = src.indexOf('\n', nextNewline + 1);
      }
      lastOffset = offset;
      return { line: lastLine, col: offset - lastLineStart + 1 };
    }
    starts ??= lineIndex(src);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  };
}

/** XML 1.0 §2.11: a processor passes CRLF and lone CR to the application as LF. Offsets keep the source form. */
function normalizeLineEnds(raw: string): string {
  return raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML 1.0 Char production: what a character reference may name (no surrogates, no U+FFFE/U+FFFF). */
function isXmlChar(cp: number): boolean {
  if (cp < 0x20) return cp === 0x9 || cp === 0xa || cp === 0xd;
  if (cp <= 0xd7ff) return true;
  if (cp < 0xe000) return false;
  if (cp <= 0xfffd) return true;
  return cp >= 0x10000 && cp <= 0x10ffff;
}

const XML_NS_URI = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS_URI = 'http://www.w3.org/2000/xmlns/';

/** Parses a complete document. Throws XmlParseError with line and column on any problem. */
export function parseXml(input: string, options: ParseOptions = {}): XmlDocument {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const maxAttributes = options.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES;
  const src = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const position = makePosition(src);
  const fail = (code: XmlErrorCode, message: string, offset: number): never => {
    const { line, col } = position(offset);
    throw new XmlParseError(code, message, line, col, offset);
  };
  if (src.length > maxLength) fail('XML_SIZE_LIMIT', `document is ${src.length} characters, over the limit of ${maxLength}`, 0);
  if (src.trim().length === 0) fail('XML_EMPTY', 'empty document', 0);
  const bad = options.utf8 && !mayHoldBadChar(options.utf8) ? null : BAD_CHAR.exec(src);
  if (bad) fail('XML_BAD_CHAR', `character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);

  const decode = (raw: string, at: number): string => {
    if (raw.indexOf('&') === -1) return raw;
    return raw.replace(/&([^;&\s<]*);?/g, (m, name: string, idx: number) => {
      if (!m.endsWith(';')) fail('XML_SYNTAX', `'&' must start an entity reference ending with ';'`, at + idx);
      if (name.startsWith('#x')) {
        const hex = name.slice(2);
        if (!/^[0-9A-Fa-f]+$/.test(hex)) fail('XML_SYNTAX', `bad character reference &${name};`, at + idx);
        const cp = hex.length > 8 ? Infinity : parseInt(hex, 16);
        if (!isXmlChar(cp)) fail('XML_BAD_CHAR', `character reference &${name}; is not an XML character`, at + idx);
        return String.fromCodePoint(cp);
      }
      if (name.startsWith('#')) {
        const dec = name.slice(1);
        if (!/^[0-9]+$/.test(dec)) fail('XML_SYNTAX', `bad character reference &${name};`, at + idx);
        const cp = dec.length > 10 ? Infinity : parseInt(dec, 10);
        if (!isXmlChar(cp)) fail('XML_BAD_CHAR', `character reference &${name}; is not an XML character`, at + idx);
        return String.fromCodePoint(cp);
      }
      const v = PREDEFINED[name];
      if (v === undefined) fail('XML_ENTITY_UNKNOWN', `undeclared entity &${name}; (DTDs and custom entities are refused)`, at + idx);
      return v;
    });
  };

  let pos = 0;
  let declaration: XmlDocument['declaration'];
  // XML declaration only at the very start.
  if (src.startsWith('<?xml') && isSpaceAt(src, 5)) {
    const end = src.indexOf('?>');
    if (end === -1) fail('XML_UNCLOSED', 'unterminated XML declaration', 0);
    // Nearly every document opens with one of two declarations: what the regex would read from them, without it.
    const usual = src.startsWith(USUAL_DECL[0]) ? 'utf-8' : src.startsWith(USUAL_DECL[1]) ? 'UTF-8' : undefined;
    if (usual !== undefined) declaration = { version: '1.0', encoding: usual };
    else {
      const m = XML_DECL_RE.exec(src.slice(0, end + 2));
      if (!m) fail('XML_SYNTAX', `malformed XML declaration (expected <?xml version="1.0" encoding="utf-8"?>)`, 0);
      declaration = { version: m![1] ?? m![2] };
      if (m![3] ?? m![4]) declaration.encoding = m![3] ?? m![4];
      if (m![5] ?? m![6]) declaration.standalone = m![5] ?? m![6];
      const enc = declaration.encoding?.toLowerCase();
      if (enc && enc !== 'utf-8' && enc !== 'utf8') fail('XML_ENCODING', `encoding "${declaration.encoding}" is not supported; the standard requires UTF-8`, 0);
    }
    pos = end + 2;
  }

  const prolog: XmlNode[] = [];
  const epilog: XmlNode[] = [];
  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  const len = src.length;

  // Namespace prefixes in scope: prefix → the URIs bound by the open elements that declare it (innermost
  // last). Elements without prefixed names or xmlns: attributes (nearly all of a QĐ 130 document) cost one
  // indexOf(':') per name.
  const prefixesInScope = new Map<string, string[]>();
  const nsDeclaredBy = new Map<XmlElement, string[]>();
  let declaredHere: string[] = [];
  const undeclare = (prefixes: string[]) => {
    for (const p of prefixes) prefixesInScope.get(p)!.pop();
  };
  const uriOf = (prefix: string): string | undefined => {
    if (prefix === 'xml') return XML_NS_URI;
    const uris = prefixesInScope.get(prefix);
    return uris && uris.length ? uris[uris.length - 1] : undefined;
  };
  /** Namespaces in XML 1.0 well-formedness: every prefix declared, no reserved prefix misused, no empty prefixed declaration. */
  const checkNamespaces = (name: string, attrs: XmlAttr[], at: number) => {
    declaredHere = [];
    for (const a of attrs) {
      if (a.name.charCodeAt(0) !== 0x78 /* x */ || !a.name.startsWith('xmlns')) continue;
      if (a.name === 'xmlns') {
        if (a.value === XML_NS_URI || a.value === XMLNS_NS_URI) fail('XML_NAMESPACE', `the default namespace may not be "${a.value}"`, at);
        continue;
      }
      if (!a.name.startsWith('xmlns:')) continue;
      const prefix = a.name.slice(6);
      if (prefix === '' || prefix.includes(':')) fail('XML_NAMESPACE', `invalid namespace declaration "${a.name}" in <${name}>`, at);
      if (prefix === 'xmlns') fail('XML_NAMESPACE', `the prefix "xmlns" may not be declared (in <${name}>)`, at);
      if ((prefix === 'xml') !== (a.value === XML_NS_URI)) fail('XML_NAMESPACE', `the prefix "xml" is bound to ${XML_NS_URI} and no other prefix may be (in <${name}>)`, at);
      if (a.value === XMLNS_NS_URI) fail('XML_NAMESPACE', `${XMLNS_NS_URI} may not be bound to a prefix (in <${name}>)`, at);
      if (a.value === '') fail('XML_NAMESPACE', `the prefix "${prefix}" may not be undeclared (xmlns:${prefix}="") in XML 1.0`, at);
      declaredHere.push(prefix);
      const uris = prefixesInScope.get(prefix);
      if (uris) uris.push(a.value);
      else prefixesInScope.set(prefix, [a.value]);
    }
    const checkName = (qname: string, what: string) => {
      const colon = qname.indexOf(':');
      if (colon === -1) return;
      const prefix = qname.slice(0, colon);
      const local = qname.slice(colon + 1);
      // Both parts are NCNames: each must start with a name-start character (not a digit, '-', '.', '·').
      if (prefix === '' || local === '' || local.includes(':') || !NAME_START.test(local.slice(0, 2))) fail('XML_NAMESPACE', `"${qname}" is not a valid qualified name (${what})`, at);
      if (what !== 'element' && prefix === 'xmlns') return;
      if (prefix === 'xmlns') fail('XML_NAMESPACE', `an element may not have the prefix "xmlns" (<${qname}>)`, at);
      const uri = uriOf(prefix);
      if (uri === undefined) fail('XML_NAMESPACE', `namespace prefix "${prefix}" of ${what === 'element' ? `<${qname}>` : `attribute "${qname}" in <${name}>`} is not declared`, at);
      return uri;
    };
    checkName(name, 'element');
    let expanded: Set<string> | null = null;
    for (const a of attrs) {
      const uri = checkName(a.name, 'attribute');
      if (uri === undefined || a.name.startsWith('xmlns:')) continue;
      // Two prefixes bound to one URI make p:a and q:a the same attribute (Namespaces in XML 1.0 §6.3).
      const key = `${uri} ${a.name.slice(a.name.indexOf(':') + 1)}`;
      expanded ??= new Set();
      if (expanded.has(key)) fail('XML_DUPLICATE_ATTRIBUTE', `attribute "${a.name}" in <${name}> repeats another attribute of the same namespace ${uri}`, at);
      expanded.add(key);
    }
  };

  const pushNode = (node: XmlNode, offset: number) => {
    const top = stack[stack.length - 1];
    if (top) appendChild(top, node);
    else if (node.kind === 'text') {
      if (!XML_SPACE_ONLY.test(node.value)) fail('XML_TEXT_OUTSIDE_ROOT', 'text outside the root element', offset);
    } else if (node.kind === 'element') {
      if (root) fail('XML_MULTIPLE_ROOTS', `a second root element <${node.name}> after <${root.name}>`, offset);
    } else (root ? epilog : prolog).push(node);
  };

  // Line and column of the nodes, counted forward without an object per node (position() answers the rest).
  let line = 1;
  let lineStart = 0;
  let nextNewline = src.indexOf('\n');
  const lineAt = (offset: number) => {
    while (nextNewline !== -1 && nextNewline < offset) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = src.indexOf('\n', nextNewline + 1);
    }
  };
  // Next ']]>', '&' and CR at or after the scan position (len: none left; -1: to be looked up), so a text node
  // is not searched three times over: each part of the source is searched once per character in all.
  let nextCdataEnd = -1;
  let nextAmp = -1;
  let nextCr = -1;
  // Element names of this document, each sliced once: later occurrences are the same string (cheaper map look-ups
  // and end-tag comparisons downstream). Direct-mapped by a hash of the name, so a document of a million
  // distinct names costs no more than slicing each.
  const names: (string | undefined)[] = new Array(NAME_TABLE_SIZE);

  while (pos < len) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt === -1 ? len : lt;
    if (textEnd > pos) {
      if (stack.length > 0) {
        if (nextCdataEnd < pos) {
          nextCdataEnd = src.indexOf(']]>', pos);
          if (nextCdataEnd === -1) nextCdataEnd = len;
        }
        if (nextCdataEnd < textEnd) fail('XML_SYNTAX', "']]>' is not allowed in text", nextCdataEnd);
        if (nextAmp < pos) {
          nextAmp = src.indexOf('&', pos);
          if (nextAmp === -1) nextAmp = len;
        }
        if (nextCr < pos) {
          nextCr = src.indexOf('\r', pos);
          if (nextCr === -1) nextCr = len;
        }
        let value: string;
        if (nextAmp < textEnd || nextCr < textEnd) value = decode(normalizeLineEnds(src.slice(pos, textEnd)), pos);
        else if (textEnd - pos <= INDENT_TEXT.length && src.charCodeAt(pos) === 0x0a && isIndent(src, pos + 1, textEnd)) value = INDENT_TEXT[textEnd - pos - 1];
        else value = src.slice(pos, textEnd);
        lineAt(pos);
        appendChild(stack[stack.length - 1], { kind: 'text', value, cdata: false, line, col: pos - lineStart + 1, start: pos, end: textEnd });
      } else {
        const raw = src.slice(pos, textEnd);
        if (!XML_SPACE_ONLY.test(raw)) fail('XML_TEXT_OUTSIDE_ROOT', 'text outside the root element', pos + raw.search(/[^ \t\r\n]/));
      }
    }
    if (lt === -1) break;
    pos = lt;
    const next = src.charCodeAt(pos + 1);
    if (next === 0x2f /* / */) {
      // The usual case, the end tag of the open element, is matched in place; anything else takes the general path.
      const open = stack.length > 0 ? stack[stack.length - 1] : undefined;
      if (open !== undefined && src.startsWith(open.name, pos + 2)) {
        let k = pos + 2 + open.name.length;
        while (k < len && isSpaceAt(src, k)) k++;
        if (src.charCodeAt(k) === 0x3e /* > */) {
          stack.pop();
          open.end = k + 1;
          if (nsDeclaredBy.size !== 0) {
            const declared = nsDeclaredBy.get(open);
            if (declared) {
              undeclare(declared);
              nsDeclaredBy.delete(open);
            }
          }
          pos = k + 1;
          continue;
        }
      }
      const gt = src.indexOf('>', pos);
      if (gt === -1) fail('XML_UNCLOSED', 'unterminated end tag', pos);
      const name = src.slice(pos + 2, gt).replace(/[ \t\r\n]+$/, '');
      const top = stack.pop();
      if (!top) fail('XML_SYNTAX', `end tag </${name}> without a start tag`, pos);
      else if (top.name !== name) fail('XML_TAG_MISMATCH', `end tag </${name}> does not match <${top.name}> opened at line ${top.line}`, pos);
      else {
        top.end = gt + 1;
        const declared = nsDeclaredBy.get(top);
        if (declared) {
          undeclare(declared);
          nsDeclaredBy.delete(top);
        }
      }
      pos = gt + 1;
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (src.startsWith('<!--', pos)) {
        const end = src.indexOf('-->', pos + 4);
        if (end === -1) fail('XML_UNCLOSED', 'unterminated comment', pos);
        const dashes = src.indexOf('--', pos + 4);
        if (dashes < end) fail('XML_SYNTAX', "'--' is not allowed inside a comment", dashes);
        if (src.charCodeAt(end - 1) === 0x2d && end - 1 >= pos + 4) fail('XML_SYNTAX', "a comment may not end with '--->'", end - 1);
        pushNode({ kind: 'comment', value: src.slice(pos + 4, end), start: pos, end: end + 3 }, pos);
        pos = end + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', pos)) {
        if (stack.length === 0) fail('XML_TEXT_OUTSIDE_ROOT', 'CDATA outside the root element', pos);
        const end = src.indexOf(']]>', pos + 9);
        if (end === -1) fail('XML_UNCLOSED', 'unterminated CDATA section', pos);
        lineAt(pos);
        appendChild(stack[stack.length - 1], { kind: 'text', value: normalizeLineEnds(src.slice(pos + 9, end)), cdata: true, line, col: pos - lineStart + 1, start: pos, end: end + 3 });
        pos = end + 3;
        continue;
      }
      if (src.startsWith('<!DOCTYPE', pos) || src.startsWith('<!ENTITY', pos)) {
        fail('XML_DTD_FORBIDDEN', 'DOCTYPE/DTD is not allowed (no entity expansion, no external fetches)', pos);
      }
      fail('XML_SYNTAX', "unexpected '<!'", pos);
    }
    if (next === 0x3f /* ? */) {
      const end = src.indexOf('?>', pos + 2);
      if (end === -1) fail('XML_UNCLOSED', 'unterminated processing instruction', pos);
      const body = src.slice(pos + 2, end);
      const m = /^([^ \t\r\n]+)(?:[ \t\r\n]+([\s\S]*))?$/.exec(body);
      const target = m?.[1] ?? '';
      if (target.toLowerCase() === 'xml') fail('XML_SYNTAX', 'XML declaration allowed only at the very start of the document', pos);
      if (!NAME_RE.test(target) || target.includes(':')) fail('XML_SYNTAX', `invalid processing instruction target "${target}"`, pos);
      pushNode({ kind: 'pi', target, data: m?.[2] ?? '', start: pos, end: end + 2 }, pos);
      pos = end + 2;
      continue;
    }
    // start tag
    let i = pos + 1;
    let name: string | undefined;
    let prefixed = false;
    // An ASCII name is checked as it is scanned and looked up in the document's names by a hash of its characters.
    let c = src.charCodeAt(i);
    if (c < 0x80 && (ASCII_NAME_CLASS[c] & 1) !== 0) {
      let hash = 0;
      do {
        if (c === 0x3a) prefixed = true;
        hash = (Math.imul(hash, 31) + c) | 0;
        c = src.charCodeAt(++i);
      } while (c < 0x80 && (ASCII_NAME_CLASS[c] & 2) !== 0);
      if (i >= len || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) {
        const slot = hash & (NAME_TABLE_SIZE - 1);
        const known = names[slot];
        if (known !== undefined && known.length === i - pos - 1 && src.startsWith(known, pos + 1)) name = known;
        else name = names[slot] = src.slice(pos + 1, i);
      }
    } else if (!isNameStartAt(src, pos + 1)) fail('XML_SYNTAX', `'<' not followed by a valid element name`, pos);
    if (name === undefined) {
      while (i < len) {
        c = src.charCodeAt(i);
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
        i++;
      }
      name = src.slice(pos + 1, i);
      if (!NAME_RE.test(name)) fail('XML_SYNTAX', `invalid element name "${name}"`, pos);
      prefixed = name.indexOf(':') !== -1;
    }
    let attrs = NO_ATTRS;
    // Names seen so far on this element: a Set once there are more than a few (an array scan is quadratic).
    let attrNames: Set<string> | null = null;
    let selfClosing = false;
    for (;;) {
      while (i < len && isSpaceAt(src, i)) i++;
      if (i >= len) fail('XML_UNCLOSED', `unterminated start tag <${name}>`, pos);
      const c = src[i];
      if (c === '>') {
        i++;
        break;
      }
      if (c === '/') {
        if (src[i + 1] !== '>') fail('XML_SYNTAX', `expected '/>' in <${name}>`, i);
        selfClosing = true;
        i += 2;
        break;
      }
      const eq = src.indexOf('=', i);
      if (eq === -1) fail('XML_SYNTAX', `attribute without value in <${name}>`, i);
      const attrName = src.slice(i, eq).replace(/[ \t\r\n]+$/, '');
      if (!NAME_RE.test(attrName)) fail('XML_SYNTAX', `invalid attribute name "${attrName}" in <${name}>`, i);
      if (attrs.length >= maxAttributes) fail('XML_ATTRIBUTE_LIMIT', `more than ${maxAttributes} attributes on <${name}>`, i);
      if (attrNames) {
        if (attrNames.has(attrName)) fail('XML_DUPLICATE_ATTRIBUTE', `duplicate attribute "${attrName}" in <${name}>`, i);
        attrNames.add(attrName);
      } else {
        if (attrs.some((a) => a.name === attrName)) fail('XML_DUPLICATE_ATTRIBUTE', `duplicate attribute "${attrName}" in <${name}>`, i);
        if (attrs.length >= 8) attrNames = new Set([...attrs.map((a) => a.name), attrName]);
      }
      let q = eq + 1;
      while (q < len && isSpaceAt(src, q)) q++;
      const quote = src[q];
      if (quote !== '"' && quote !== "'") fail('XML_SYNTAX', `attribute "${attrName}" value must be quoted`, q);
      const close = src.indexOf(quote, q + 1);
      if (close === -1) fail('XML_UNCLOSED', `unterminated attribute value for "${attrName}"`, q);
      const raw = src.slice(q + 1, close);
      if (raw.indexOf('<') !== -1) fail('XML_SYNTAX', `'<' is not allowed in attribute "${attrName}"`, q + 1 + raw.indexOf('<'));
      // Attribute-value normalisation (XML 1.0 §2.11 + §3.3.3): a line end (CRLF, CR or LF) and a tab each
      // become one space before references are decoded (so &#xD; stays a CR).
      if (attrs === NO_ATTRS) attrs = [];
      attrs.push({ name: attrName, value: decode(raw.replace(/\r\n?|[\t\n]/g, ' '), q + 1) });
      i = close + 1;
      if (i < len && !isSpaceAt(src, i) && src[i] !== '/' && src[i] !== '>') fail('XML_SYNTAX', `expected whitespace between attributes in <${name}>`, i);
    }
    // Without attributes or a prefix there is nothing to check or declare.
    if (attrs.length === 0 && !prefixed) declaredHere = NO_PREFIXES;
    else checkNamespaces(name, attrs, pos);
    lineAt(pos);
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    const el: XmlElement = { kind: 'element', name, attrs, children: [], line, col: pos - lineStart + 1, start: pos, end: i, parent };
    if (parent) appendChild(parent, el);
    else {
      if (root) fail('XML_MULTIPLE_ROOTS', `a second root element <${name}> after <${root.name}>`, pos);
      root = el;
    }
    // Depth counts the new element, self-closing or not.
    if (stack.length + 1 > maxDepth) fail('XML_DEPTH_LIMIT', `nesting deeper than ${maxDepth} elements`, pos);
    if (!selfClosing) {
      stack.push(el);
      if (declaredHere.length) nsDeclaredBy.set(el, declaredHere);
    } else if (declaredHere.length) undeclare(declaredHere);
    pos = i;
  }
  if (stack.length > 0) {
    const top = stack[stack.length - 1];
    fail('XML_UNCLOSED', `element <${top.name}> opened at line ${top.line} is never closed (document truncated?)`, len);
  }
  if (!root) return fail('XML_EMPTY', 'no root element', 0);
  return { source: src, root, prolog, epilog, declaration, position };
}

/** Concatenated text of an element's direct text children (CDATA included). */
export function textOf(el: XmlElement): string {
  let out = '';
  for (const c of el.children) if (c.kind === 'text') out += c.value;
  return out;
}

/** Child elements of an element, optionally by name. */
export function childElements(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

/** First child element with the given name, or undefined. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.kind === 'element' && c.name === name) return c;
  return undefined;
}

/** Local name without prefix. */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}
