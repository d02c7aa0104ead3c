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
import type { XmlDocument, XmlElement, XmlNode, XmlText } from '../xml/parse.ts';

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

interface Ctx {
  src: string;
  mode: C14nMode;
  exclude?: XmlElement;
  inclusivePrefixes: Set<string>;
  out: string[];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function renderElement(ctx: Ctx, el: XmlElement, parentScope: NsMap, rendered: NsMap, inheritedXmlAttrs: Attr[] | null): void {
  const { src, out } = ctx;
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
    for (const [p, u] of scope) {
      if (p === 'xml') continue;
      if (p === '') renderIfNew('', u);
      else if (u !== '') renderIfNew(p, u);
    }
    // No default namespace in scope but an output ancestor rendered one: undeclare it.
    if (!scope.has('') && (rendered.get('') ?? '') !== '') nsOut.push(['', '']);
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

  out.push('<', el.name);
  for (const [p, u] of nsOut) out.push(p === '' ? ' xmlns="' : ` xmlns:${p}="`, escapeAttr(u), '"');
  for (const a of plain) out.push(' ', a.name, '="', escapeAttr(a.value), '"');
  out.push('>');
  renderChildren(ctx, el.children, scope, childRendered);
  out.push('</', el.name, '>');
}

function renderChildren(ctx: Ctx, children: readonly XmlNode[], scope: NsMap, rendered: NsMap): void {
  for (const c of children) {
    if (c.kind === 'element') {
      if (c !== ctx.exclude) renderElement(ctx, c, scope, rendered, null);
    } else if (c.kind === 'text') {
      ctx.out.push(escapeText(textValue(c, ctx.src)));
    } else if (c.kind === 'pi') {
      ctx.out.push(renderPI(c.target, c.data));
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
  return { src: doc.source, mode: opts.mode, exclude: opts.exclude, inclusivePrefixes: prefixes, out: [] };
}

/**
 * Canonical form of a whole document (no XML declaration, no DTD, comments dropped, PIs outside the root
 * separated by LF), optionally without one element's subtree (enveloped-signature transform).
 */
export function canonicalizeDocument(doc: XmlDocument, opts: C14nOptions): string {
  const ctx = makeCtx(doc, opts);
  for (const n of doc.prolog) if (n.kind === 'pi') ctx.out.push(renderPI(n.target, n.data), '\n');
  if (doc.root !== opts.exclude) renderElement(ctx, doc.root, new Map(), new Map(), null);
  for (const n of doc.epilog) if (n.kind === 'pi') ctx.out.push('\n', renderPI(n.target, n.data));
  return ctx.out.join('');
}

/**
 * Canonical form of one element's subtree as a document subset (e.g. SignedInfo): the apex carries every
 * namespace in scope (inclusive) or every visibly used one (exclusive), and in inclusive mode the xml:*
 * attributes it inherits from its ancestors.
 */
export function canonicalizeSubtree(doc: XmlDocument, apex: XmlElement, opts: C14nOptions): string {
  const ctx = makeCtx(doc, opts);
  const parentScope = apex.parent ? inScopeNamespaces(apex.parent, doc.source) : new Map<string, string>();
  let inherited: Attr[] | null = null;
  if (opts.mode === 'inclusive') {
    for (let e = apex.parent; e; e = e.parent) {
      for (const a of attributesOf(e, doc.source)) {
        if (a.name.startsWith('xml:') && !(inherited ??= []).some((x) => x.name === a.name)) inherited.push(a);
      }
    }
  }
  renderElement(ctx, apex, parentScope, new Map(), inherited);
  return ctx.out.join('');
}

/** Maps a CanonicalizationMethod / Transform algorithm URI to a mode; undefined if not supported. */
export function c14nModeFor(algorithm: string): C14nMode | undefined {
  if (algorithm === C14N_INCLUSIVE) return 'inclusive';
  if (algorithm === C14N_EXCLUSIVE) return 'exclusive';
  return undefined;
}
