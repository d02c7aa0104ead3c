/**
 * FROZEN reference copy of conformance/signature/c14n.ts as it was before the batch-speed fast paths of
 * 2026-12 (issue 10), kept only as the oracle of test/signature/verify-differential.test.ts. Do not edit
 * or optimise: the test proves the current verifier gives the same checks on many mutated documents.
 */
/**
 * Canonical XML 1.0 (inclusive, W3C REC 2001-03-15) and Exclusive XML Canonicalization 1.0, both without
 * comments, over the tree of conformance/xml/parse.ts.
 *
 * Why our own: XMLDSig verification needs two canonical forms per package (the document minus the
 * Signature element, and SignedInfo with the namespaces it inherits). xml-crypto does this through
 * xmldom and is about 3× too slow for the portal's target; libxml2-wasm would mean a second parse of
 * untrusted input. Byte-for-byte agreement with libxml2 and xml-crypto is proved in
 * test/signature/c14n.test.ts.
 *
 * The parser keeps what an XML processor would normalise (CR, CRLF); canonical XML is defined on the
 * XPath data model, where line endings are already LF. So text and attribute values that contain a CR in
 * the source are re-read from the exact source offsets and normalised here, which keeps `&#xD;`
 * (a real CR, emitted as `&#xD;`) apart from a literal CR (a line ending, emitted as LF).
 */
import type { XmlDocument, XmlElement, XmlNode, XmlText } from '../../../conformance/xml/parse.ts';

export type C14nMode = 'inclusive' | 'exclusive';

export const C14N_INCLUSIVE = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const C14N_INCLUSIVE_WITH_COMMENTS = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
export const C14N_EXCLUSIVE = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const C14N_EXCLUSIVE_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';

export interface C14nOptions {
  mode: C14nMode;
  /** an element left out with its subtree (the enveloped-signature transform) */
  exclude?: XmlElement;
  /** exclusive mode only: the InclusiveNamespaces PrefixList ('#default' for the default namespace) */
  inclusivePrefixes?: readonly string[];
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** prefix → namespace URI; '' is the default namespace ('' URI = no default). */
type NsMap = Map<string, string>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes entity and character references of text the parser has already validated. */
function decodeRefs(raw: string): string {
  if (raw.indexOf('&') === -1) return raw;
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (_m, ref: string) => {
    if (ref.charCodeAt(0) === 0x23 /* # */) {
      return String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    }
    return PREDEFINED[ref] ?? '';
  });
}

const normaliseEol = (s: string): string => (s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n'));

function escapeText(s: string): string {
  if (!/[&<>\r]/.test(s)) return s;
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

function escapeAttr(s: string): string {
  if (!/[&<"\t\n\r]/.test(s)) return s;
  return s.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : c === '\t' ? '&#x9;' : c === '\n' ? '&#xA;' : '&#xD;',
  );
}

/** Text content as the XPath data model sees it (line endings normalised, references resolved). */
function textValue(node: XmlText, src: string): string {
  if (node.value.indexOf('\r') === -1) return node.value;
  if (node.cdata) return normaliseEol(node.value);
  return decodeRefs(normaliseEol(src.slice(node.start, node.end)));
}

/** Index just after the '>' of an element's start tag (quote-aware). */
function startTagEnd(src: string, el: XmlElement): number {
  let quote = 0;
  for (let i = el.start + 1; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i + 1;
  }
  return src.length;
}

interface Attr {
  name: string;
  value: string;
}

/**
 * Attribute values as the data model sees them. The parser applies attribute-value normalisation on the
 * raw text, which turns a literal CRLF into two spaces; an XML processor normalises CRLF to LF first (one
 * space). Only start tags holding a CR are re-read.
 */
function attributesOf(el: XmlElement, src: string): Attr[] {
  if (el.attrs.length === 0) return el.attrs;
  const end = startTagEnd(src, el);
  const tag = src.slice(el.start, end);
  if (tag.indexOf('\r') === -1) return el.attrs;
  const out: Attr[] = [];
  // XML whitespace only: U+FEFF and other characters JS counts as \s can be part of a name.
  const re = /([^ \t\r\n=<>/]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/g;
  re.lastIndex = 1 + el.name.length;
  for (let m = re.exec(tag); m; m = re.exec(tag)) {
    const raw = m[2] ?? m[3] ?? '';
    out.push({ name: m[1], value: decodeRefs(normaliseEol(raw).replace(/[\t\n]/g, ' ')) });
  }
  return out;
}

const prefixOf = (qname: string): string => {
  const i = qname.indexOf(':');
  return i === -1 ? '' : qname.slice(0, i);
};
const localOf = (qname: string): string => {
  const i = qname.indexOf(':');
  return i === -1 ? qname : qname.slice(i + 1);
};

/** Namespace declarations made on the element itself (prefix → URI, '' = default). */
function declarationsOf(attrs: readonly Attr[]): NsMap | null {
  let decls: NsMap | null = null;
  for (const a of attrs) {
    if (a.name === 'xmlns') (decls ??= new Map()).set('', a.value);
    else if (a.name.startsWith('xmlns:')) (decls ??= new Map()).set(a.name.slice(6), a.value);
  }
  return decls;
}

/** The namespaces in scope at an element (from the element and all its ancestors). */
export function inScopeNamespaces(el: XmlElement, src?: string): NsMap {
  const chain: XmlElement[] = [];
  for (let e: XmlElement | null = el; e; e = e.parent) chain.push(e);
  const map: NsMap = new Map();
  for (let i = chain.length - 1; i >= 0; i--) {
    const decls = declarationsOf(src === undefined ? chain[i].attrs : attributesOf(chain[i], src));
    if (decls) for (const [p, u] of decls) map.set(p, u);
  }
  return map;
}

/** Namespace URI of an element's (or a prefixed name's) prefix, '' when unbound / no default. */
export function namespaceOf(el: XmlElement, qname: string = el.name): string {
  const prefix = prefixOf(qname);
  if (prefix === 'xml') return XML_NS;
  for (let e: XmlElement | null = el; e; e = e.parent) {
    const decl = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
    for (const a of e.attrs) if (a.name === decl) return a.value;
  }
  return '';
}

/**
 * Output: literal pieces, and ranges of the source proved equal, character for character, to the canonical
 * form they stand for. Most of a generated envelope is already canonical (no attributes, no references, no
 * CR), so the document minus the Signature comes out as a few source slices instead of thousands of small
 * strings, and is hashed without being joined (see canonicalDocumentPieces).
 */
interface Ctx {
  src: string;
  mode: C14nMode;
  exclude?: XmlElement;
  inclusivePrefixes: Set<string>;
  out: string[];
  /** the pending source range [spanStart, spanEnd) not yet pushed to out; spanEnd = -1 when none */
  spanStart: number;
  spanEnd: number;
}

function flushSpan(ctx: Ctx): void {
  if (ctx.spanEnd > ctx.spanStart) ctx.out.push(ctx.src.slice(ctx.spanStart, ctx.spanEnd));
  ctx.spanStart = ctx.spanEnd = -1;
}

function emit(ctx: Ctx, piece: string): void {
  if (ctx.spanEnd !== -1) flushSpan(ctx);
  ctx.out.push(piece);
}

/** Emits src[start, end), which the caller has proved equal to the canonical piece it replaces. */
function emitSource(ctx: Ctx, start: number, end: number): void {
  if (start === ctx.spanEnd) {
    ctx.spanEnd = end;
    return;
  }
  if (ctx.spanEnd !== -1) flushSpan(ctx);
  ctx.spanStart = start;
  ctx.spanEnd = end;
}

/** Emits a canonical piece standing for src[start, end): as that source range when equal to it, else as a literal. */
function emitAt(ctx: Ctx, piece: string, start: number, end: number): void {
  if (piece.length === end - start && piece === ctx.src.slice(start, end)) emitSource(ctx, start, end);
  else emit(ctx, piece);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** src.startsWith(s, at) for short s (element names): the builtin costs ~0.2 µs a call. */
function occursAt(src: string, s: string, at: number): boolean {
  if (at + s.length > src.length) return false;
  for (let i = 0; i < s.length; i++) if (src.charCodeAt(at + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** True when the end tag in the source is exactly `</name>` (not `</name >`, not a self-closing start tag). */
function plainEndTag(src: string, el: XmlElement): boolean {
  const at = el.end - el.name.length - 3;
  return at > el.start && src.charCodeAt(at) === 0x3c && src.charCodeAt(at + 1) === 0x2f && src.charCodeAt(el.end - 1) === 0x3e && occursAt(src, el.name, at + 2);
}

/**
 * `settled`: every namespace in parentScope has already been rendered by an output ancestor (true below the
 * apex and for a document's root, false for a subtree's apex, which must render what it inherits).
 */
function renderElement(ctx: Ctx, el: XmlElement, parentScope: NsMap, rendered: NsMap, inheritedXmlAttrs: Attr[] | null, settled: boolean): void {
  const { src } = ctx;
  if (settled && ctx.mode === 'inclusive' && el.attrs.length === 0 && inheritedXmlAttrs === null) {
    // No attributes and no declarations: the scope is the parent's, and every inherited namespace was rendered
    // by an ancestor (each element renders what differs between its scope and what its ancestors rendered),
    // so the canonical start tag is `<name>` and the children see the same scope and rendered maps.
    const nameEnd = el.start + 1 + el.name.length;
    if (src.charCodeAt(el.start) === 0x3c && src.charCodeAt(nameEnd) === 0x3e && occursAt(src, el.name, el.start + 1)) emitSource(ctx, el.start, nameEnd + 1);
    else emit(ctx, `<${el.name}>`);
    renderChildren(ctx, el.children, parentScope, rendered);
    if (plainEndTag(src, el)) emitSource(ctx, el.end - el.name.length - 3, el.end);
    else emit(ctx, `</${el.name}>`);
    return;
  }
  const attrs = attributesOf(el, src);
  const decls = declarationsOf(attrs);
  let scope = parentScope;
  if (decls) {
    scope = new Map(parentScope);
    for (const [p, u] of decls) scope.set(p, u);
  }

  // Namespace nodes to output.
  const nsOut: [string, string][] = [];
  const renderIfNew = (prefix: string, uri: string) => {
    if ((rendered.get(prefix) ?? '') !== uri) nsOut.push([prefix, uri]);
  };
  if (ctx.mode === 'inclusive') {
    // Settled with no declarations here: the scope is the parent's and all of it was rendered (as in the
    // fast path above), nothing to output.
    if (!settled || decls) {
      for (const [p, u] of scope) {
        if (p === 'xml') continue;
        if (p === '') renderIfNew('', u);
        else if (u !== '') renderIfNew(p, u);
      }
      // No default namespace in scope but an output ancestor rendered one: undeclare it.
      if (!scope.has('') && (rendered.get('') ?? '') !== '') nsOut.push(['', '']);
    }
  } else {
    const used = new Set<string>();
    used.add(prefixOf(el.name));
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const p = prefixOf(a.name);
      if (p !== '' && p !== 'xml') used.add(p);
    }
    for (const p of ctx.inclusivePrefixes) if (p === '' || scope.has(p)) used.add(p);
    for (const p of used) {
      const uri = scope.get(p) ?? '';
      if (p !== '' && uri === '') continue;
      renderIfNew(p, uri);
    }
  }
  let childRendered = rendered;
  if (nsOut.length > 0) {
    childRendered = new Map(rendered);
    for (const [p, u] of nsOut) childRendered.set(p, u);
    nsOut.sort((a, b) => compareStrings(a[0], b[0]));
  }

  // Ordinary attributes, sorted by (namespace URI, local name).
  let plain: { uri: string; local: string; name: string; value: string }[] = [];
  for (const a of attrs) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    const p = prefixOf(a.name);
    const uri = p === '' ? '' : p === 'xml' ? XML_NS : (scope.get(p) ?? '');
    plain.push({ uri, local: localOf(a.name), name: a.name, value: a.value });
  }
  if (inheritedXmlAttrs) {
    for (const a of inheritedXmlAttrs) {
      if (!plain.some((x) => x.name === a.name)) plain.push({ uri: XML_NS, local: localOf(a.name), name: a.name, value: a.value });
    }
  }
  if (plain.length > 1) plain = plain.sort((a, b) => compareStrings(a.uri, b.uri) || compareStrings(a.local, b.local));

  let tag = `<${el.name}`;
  for (const [p, u] of nsOut) tag += `${p === '' ? ' xmlns="' : ` xmlns:${p}="`}${escapeAttr(u)}"`;
  for (const a of plain) tag += ` ${a.name}="${escapeAttr(a.value)}"`;
  tag += '>';
  emitAt(ctx, tag, el.start, el.start + tag.length);
  renderChildren(ctx, el.children, scope, childRendered);
  if (plainEndTag(src, el)) emitSource(ctx, el.end - el.name.length - 3, el.end);
  else emit(ctx, `</${el.name}>`);
}

/** Same as !/[&<>\r]/.test(s) (escapeText leaves s unchanged and it holds no CR). */
const nothingToEscape = (s: string): boolean => s.indexOf('>') === -1 && s.indexOf('&') === -1 && s.indexOf('<') === -1 && s.indexOf('\r') === -1;

function renderChildren(ctx: Ctx, children: readonly XmlNode[], scope: NsMap, rendered: NsMap): void {
  for (const c of children) {
    if (c.kind === 'element') {
      if (c !== ctx.exclude) renderElement(ctx, c, scope, rendered, null, true);
    } else if (c.kind === 'text') {
      const v = c.value;
      // Canonical text is escapeText(textValue(c)); with no CR and nothing to escape that is the value itself,
      // and the value is the source range when it equals it (no references, not CDATA). indexOf and === run
      // at memchr/memcmp speed on the large base64 text nodes, a regex or startsWith at a fifth of it.
      if (!c.cdata && v.length === c.end - c.start && nothingToEscape(v) && v === ctx.src.slice(c.start, c.end)) emitSource(ctx, c.start, c.end);
      else emit(ctx, escapeText(textValue(c, ctx.src)));
    } else if (c.kind === 'pi') {
      emit(ctx, renderPI(c.target, c.data));
    }
    // comments: dropped (without-comments variants only)
  }
}

function renderPI(target: string, data: string): string {
  return data === '' ? `<?${target}?>` : `<?${target} ${normaliseEol(data)}?>`;
}

function makeCtx(doc: XmlDocument, opts: C14nOptions): Ctx {
  const prefixes = new Set<string>();
  if (opts.mode === 'exclusive') for (const p of opts.inclusivePrefixes ?? []) prefixes.add(p === '#default' ? '' : p);
  return { src: doc.source, mode: opts.mode, exclude: opts.exclude, inclusivePrefixes: prefixes, out: [], spanStart: -1, spanEnd: -1 };
}

/**
 * Canonical form of a whole document (no XML declaration, no DTD, comments dropped, PIs outside the root
 * separated by LF), optionally without one element's subtree (enveloped-signature transform).
 */
export function canonicalizeDocument(doc: XmlDocument, opts: C14nOptions): string {
  return canonicalDocumentPieces(doc, opts).join('');
}

/**
 * The canonical form of canonicalizeDocument as pieces whose concatenation is that string: mostly slices of
 * the source (no copy), for hashing piece by piece (see sha256OfPieces).
 */
export function canonicalDocumentPieces(doc: XmlDocument, opts: C14nOptions): string[] {
  const ctx = makeCtx(doc, opts);
  for (const n of doc.prolog) if (n.kind === 'pi') emit(ctx, `${renderPI(n.target, n.data)}\n`);
  if (doc.root !== opts.exclude) renderElement(ctx, doc.root, new Map(), new Map(), null, true);
  for (const n of doc.epilog) if (n.kind === 'pi') emit(ctx, `\n${renderPI(n.target, n.data)}`);
  flushSpan(ctx);
  return ctx.out;
}

/**
 * Canonical form of one element's subtree as a document subset (e.g. SignedInfo): the apex carries every
 * namespace in scope (inclusive) or every visibly used one (exclusive), and in inclusive mode the xml:*
 * attributes it inherits from its ancestors.
 */
export function canonicalizeSubtree(doc: XmlDocument, apex: XmlElement, opts: C14nOptions): string {
  const ctx = makeCtx(doc, opts);
  // The ancestors' attributes, read once: their declarations make the apex's parent scope (outermost first,
  // as inScopeNamespaces), their xml:* attributes are inherited (nearest first).
  const ancestorAttrs: Attr[][] = [];
  for (let e = apex.parent; e; e = e.parent) ancestorAttrs.push(attributesOf(e, doc.source));
  const parentScope: NsMap = new Map();
  for (let i = ancestorAttrs.length - 1; i >= 0; i--) {
    const decls = declarationsOf(ancestorAttrs[i]);
    if (decls) for (const [p, u] of decls) parentScope.set(p, u);
  }
  let inherited: Attr[] | null = null;
  if (opts.mode === 'inclusive') {
    for (const attrs of ancestorAttrs) {
      for (const a of attrs) {
        if (a.name.startsWith('xml:') && !(inherited ??= []).some((x) => x.name === a.name)) inherited.push(a);
      }
    }
  }
  renderElement(ctx, apex, parentScope, new Map(), inherited, false);
  flushSpan(ctx);
  return ctx.out.join('');
}

/** Maps a CanonicalizationMethod / Transform algorithm URI to a mode; undefined if not supported. */
export function c14nModeFor(algorithm: string): C14nMode | undefined {
  if (algorithm === C14N_INCLUSIVE) return 'inclusive';
  if (algorithm === C14N_EXCLUSIVE) return 'exclusive';
  return undefined;
}
