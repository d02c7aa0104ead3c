/**
 * A seeded fuzzer for the untrusted-input path, differential against libxml2 (libxml2-wasm).
 *
 * Inputs (deterministic from the seed): random XML documents built to hit the parser's traps, valid packages
 * (an inpatient stay from the rule fixture kit) mutated in the envelope or inside a NOIDUNGFILE table, and
 * the hostile corpus (DTDs, entities, deep nesting, many attributes) mutated the same way.
 *
 * For every input:
 * - no crash: our parser either returns a document or throws XmlParseError (anything else is a crash);
 *   packages also go through the portal's envelope gate and the whole engine (`checkPackage`), which must
 *   answer a verdict or a coded refusal;
 * - no hang: each input's work is timed against a budget (`hangMs`);
 * - libxml2 agrees on well-formedness (our deliberate refusals — DTD, non-UTF-8 encoding, depth, attribute
 *   and size limits — are counted as `policyRefusals`, not disagreements, when libxml2 accepts);
 * - when both accept, every element's name, attribute values and text agree, and our C14N (inclusive and
 *   exclusive) equals libxml2's byte for byte.
 *
 * `npm run fuzz -- --seed N --count M` runs it (bench/fuzz.ts); test/fuzz/fuzz.test.ts runs a small seeded run.
 */
import { performance } from 'node:perf_hooks';
import { XmlC14NMode, XmlDocument as LibDoc, XmlCData, XmlElement as LibElement, type XmlNode, XmlText } from 'libxml2-wasm';
import { checkPackage } from '../conformance/check.ts';
import { envelopeXml, inpatientRecord, outpatientRecord, priceRecord } from '../conformance/rules/fixtures-kit.ts';
import { canonicalizeDocument } from '../conformance/signature/c14n.ts';
import { parseXml, XmlParseError, type XmlElement, type XmlErrorCode } from '../conformance/xml/parse.ts';
import { gateSubmission } from '../simulator/envelope-gate.ts';

/** mulberry32: small, fast, reproducible */
export function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Our refusals that are policy, not well-formedness: libxml2 may accept these documents. */
const POLICY_CODES: ReadonlySet<XmlErrorCode> = new Set(['XML_DTD_FORBIDDEN', 'XML_ENCODING', 'XML_DEPTH_LIMIT', 'XML_ATTRIBUTE_LIMIT', 'XML_SIZE_LIMIT']);

/** Fragments that sit on a parser's edge: each either must be refused or must survive unchanged. */
const HAZARDS = [
  '&#xD800;', '&#xDFFF;', '&#xFFFE;', '&#xFFFF;', '&#0;', '&#x10FFFF;', '&#x110000;', '&#65;', '&#x1F600;', '&#xD;', '&#9;',
  '<!-- a -- b -->', '<!---->', '<!-- x --->', '--', '<!--', '-->', ']]>', '<![CDATA[x]]>', '<![CDATA[', '&amp;', '&lt;', '&bogus;', '&', '&#;', '&#x;',
  '<x:y/>', '<x:y xmlns:x="urn:x"/>', ' p:a="1"', ' xmlns:p=""', ' xmlns:p="urn:p"', ' xmlns="urn:d"', ' xmlns:xml="urn:bad"', ' xml:lang="vi"', ' xmlns:xmlns="urn:x"',
  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instanse"', ' a="1" a="2"', " b='x'", ' c="<"', ' d="&quot;"',
  '<!DOCTYPE r>', '<!ENTITY e "x">', '<?pi data?>', '<?xml version="1.0"?>', '<?XML x?>', '<? x?>', '<?a:b x?>',
  '\u00A0', '\u0085', '\u2028', '\uFEFF', '\u0001', '\t', '\r\n', '\r', 'Đ', 'ữ', '😀', '×', '\u0300', '·', '<', '>', '/', '"', "'", '=', ':',
  '</', '/>', '<a>', '</a>', '<T/>', '<1/>', '<-a/>', '<.a/>', '<a\u0300/>', '<\u00B7a/>',
];

const TEXT = ['a', ' ', '\t', '\n', '\r\n', '\r', '&amp;', '&lt;', '&gt;', '>', '&#13;', '&#xA;', '&#9;', '"', "'", 'Đ', 'ữ', '😀', '&#x1F600;', ']]'];
const ATTR = ['v', ' ', '\t', '\n', '\r\n', '&amp;', '&lt;', '>', '&#13;', '&#10;', '&#9;', '&quot;', "'", 'ế'];
const PREFIXES = ['', 'a', 'b', 'ds'];
const URIS = ['urn:x', 'urn:y', 'http://www.w3.org/2000/09/xmldsig#'];

/** A random, mostly well-formed document with namespaces, references, CDATA, comments and PIs. */
export function randomDocument(r: () => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const text = (n: number) => Array.from({ length: n }, () => pick(TEXT)).join('');
  const attrValue = () => Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(ATTR)).join('');
  let id = 0;
  const element = (depth: number, declared: Set<string>): string => {
    const scope = new Set(declared);
    const decls: string[] = [];
    for (const p of PREFIXES) {
      if (r() < 0.15) {
        decls.push(p === '' ? ` xmlns="${r() < 0.2 ? '' : pick(URIS)}"` : ` xmlns:${p}="${pick(URIS)}"`);
        if (p !== '') scope.add(p);
      }
    }
    const usable = [...scope];
    const prefix = usable.length > 0 && r() < 0.4 ? `${pick(usable)}:` : '';
    const name = `${prefix}${r() < 0.25 ? 'T' : 'e'}${id++}`;
    const attrs: string[] = [];
    const nAttrs = Math.floor(r() * 4);
    for (let i = 0; i < nAttrs; i++) {
      const ap = usable.length > 0 && r() < 0.3 ? `${pick(usable)}:` : r() < 0.1 ? 'xml:' : '';
      const an = ap === 'xml:' ? pick(['lang', 'space']) : `${pick(['z', 'b', 'a', 'k'])}${i}`;
      const v = ap === 'xml:' && an === 'space' ? 'preserve' : attrValue();
      attrs.push(` ${ap}${an}=${r() < 0.5 ? `"${v.replace(/"/g, '&quot;')}"` : `'${v.replace(/'/g, '&apos;')}'`}`);
    }
    const open = `<${name}${decls.join('')}${attrs.join('')}`;
    if (depth > 4 || r() < 0.2) return `${open}/>`;
    const parts: string[] = [];
    const nKids = 1 + Math.floor(r() * 4);
    for (let i = 0; i < nKids; i++) {
      const k = r();
      if (k < 0.45) parts.push(element(depth + 1, scope));
      else if (k < 0.75) parts.push(text(1 + Math.floor(r() * 6)).replace(/]]>/g, ']] >'));
      else if (k < 0.85) parts.push(`<![CDATA[${text(3).replace(/&[#\w]+;/g, '&')}]]>`);
      else if (k < 0.93) parts.push('<!-- c -->');
      else parts.push(`<?p${id} d\r\n?>`);
    }
    return `${open}>${parts.join('')}</${name}>`;
  };
  const prolog = r() < 0.5 ? '<?xml version="1.0" encoding="utf-8"?>\r\n<?top x?>\n<!-- c -->\n' : '';
  return `${r() < 0.1 ? '\ufeff' : ''}${prolog}${element(0, new Set())}${r() < 0.3 ? '\n<?tail?>\n' : ''}`;
}

/** One to three edits: a hazard inserted, a range deleted, duplicated or truncated, a character replaced. */
export function mutateText(text: string, r: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (out.length + 1));
    const k = r();
    if (k < 0.45) out = out.slice(0, at) + HAZARDS[Math.floor(r() * HAZARDS.length)] + out.slice(at);
    else if (k < 0.65) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 12));
    else if (k < 0.8) {
      const len = 1 + Math.floor(r() * 40);
      out = out.slice(0, at) + out.slice(at, at + len) + out.slice(at);
    } else if (k < 0.95) out = out.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x80)) + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  // Inputs arrive as UTF-8 bytes: an edit that split a surrogate pair becomes U+FFFD, as decoding would make it.
  return Buffer.from(out, 'utf8').toString('utf8');
}

/** Hostile documents (the corpus of test/hostile, smaller): each must be refused with a code or parsed safely. */
function hostileCorpus(): string[] {
  return [
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">]><GIAMDINHHS>&lol1;</GIAMDINHHS>',
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><GIAMDINHHS>&xxe;</GIAMDINHHS>',
    `<GIAMDINHHS>${'&a;'.repeat(200)}</GIAMDINHHS>`,
    `<GIAMDINHHS>${'<a>'.repeat(300)}${'</a>'.repeat(300)}</GIAMDINHHS>`,
    `<GIAMDINHHS${Array.from({ length: 300 }, (_, i) => ` a${i}="${i}"`).join('')}/>`,
    `<GIAMDINHHS${Array.from({ length: 20 }, (_, i) => ` a${i % 10}="${i}"`).join('')}/>`,
    '<GIAMDINHHS xmlns:p="urn:p" xmlns:q="urn:p" p:a="1" q:a="2"/>',
    '<GIAMDINHHS><THONGTINDONVI><MACSKCB>52001</MACSKCB></THONGTINDONVI><!-- -- --></GIAMDINHHS>',
    '<GIAMDINHHS>&#xD800;&#xDC00;</GIAMDINHHS>',
    '<GIAMDINHHS><x:y/></GIAMDINHHS>',
  ];
}

/** Valid packages as bases for mutation: an inpatient and an outpatient stay (the rule fixture kit). */
function basePackages(): string[] {
  return [envelopeXml([priceRecord(inpatientRecord())]), envelopeXml([priceRecord(outpatientRecord())])];
}

export type InputKind = 'random-xml' | 'package-envelope' | 'package-table' | 'hostile';

export interface FuzzInput {
  index: number;
  kind: InputKind;
  /** the XML text compared with libxml2 (for package-table: the mutated inner table) */
  xml: string;
  /** the whole package for the gate and the engine (package and hostile inputs) */
  packageBytes?: Uint8Array;
}

/** The inputs of a run, one at a time (a 100,000-input run never holds them all). */
export function* fuzzInputs(seed: number, count: number): Generator<FuzzInput> {
  const r = rng(seed);
  const bases = basePackages();
  const hostile = hostileCorpus();
  const enc = new TextEncoder();
  for (let index = 0; index < count; index++) {
    const k = r();
    if (k < 0.4) {
      const doc = randomDocument(r);
      yield { index, kind: 'random-xml', xml: r() < 0.8 ? mutateText(doc, r) : doc };
    } else if (k < 0.65) {
      const xml = mutateText(bases[Math.floor(r() * bases.length)], r);
      yield { index, kind: 'package-envelope', xml, packageBytes: enc.encode(xml) };
    } else if (k < 0.9) {
      // Mutate one table inside its NOIDUNGFILE (base64), so the inner parser sees the damage.
      const base = bases[Math.floor(r() * bases.length)];
      const contents = [...base.matchAll(/<NOIDUNGFILE>([^<]*)<\/NOIDUNGFILE>/g)];
      const target = contents[Math.floor(r() * contents.length)];
      const inner = mutateText(Buffer.from(target[1], 'base64').toString('utf8'), r);
      const pkg = base.slice(0, target.index!) + `<NOIDUNGFILE>${Buffer.from(inner, 'utf8').toString('base64')}</NOIDUNGFILE>` + base.slice(target.index! + target[0].length);
      yield { index, kind: 'package-table', xml: inner, packageBytes: enc.encode(pkg) };
    } else {
      const xml = r() < 0.3 ? hostile[Math.floor(r() * hostile.length)] : mutateText(hostile[Math.floor(r() * hostile.length)], r);
      yield { index, kind: 'hostile', xml, packageBytes: enc.encode(xml) };
    }
  }
}

export interface Disagreement {
  index: number;
  kind: InputKind;
  what: 'well-formedness' | 'text' | 'c14n';
  detail: string;
  xml: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  byKind: Record<InputKind, number>;
  /** both parsers accepted / both refused / we refused by policy while libxml2 accepted */
  bothAccepted: number;
  bothRefused: number;
  policyRefusals: number;
  /**
   * libxml2 refuses a namespace declaration whose value is not an RFC 3986 URI reference (e.g. with a space).
   * Namespaces in XML makes that no well-formedness constraint and .NET's XmlDocument accepts it, so we do
   * too (a HIS with a sloppy xmlns:xsi must keep passing); counted here, apart from the disagreements.
   */
  libxml2NamespaceUriRefusals: number;
  /** libxml2's C14N fails on a relative namespace URI (C14N 1.0 leaves that form undefined); ours canonicalises it */
  libxml2C14nRefusals: number;
  /**
   * libxml2's C14N writes a namespace URI holding '&', '<' or '"' unescaped (c14n.c prints ns->href raw); C14N
   * 1.0 §2.3 processes namespace nodes like attributes, escaped, as ours does. Counted apart from disagreements.
   */
  libxml2C14nUnescapedNamespaces: number;
  c14nCompared: number;
  packagesChecked: number;
  crashes: { index: number; kind: InputKind; error: string; xml: string }[];
  hangs: { index: number; kind: InputKind; ms: number }[];
  disagreements: Disagreement[];
  /** totals (crashes, hangs and disagreements keep at most `keep` examples each) */
  counts: { crashes: number; hangs: number; disagreements: number };
  slowestMs: number;
  elapsedMs: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** one input's work over this is a hang (default 2000 ms) */
  hangMs?: number;
  /** run the gate and the whole engine on package inputs (default true) */
  engine?: boolean;
  /** keep at most this many examples of each problem (default 20) */
  keep?: number;
  onProgress?: (done: number, report: FuzzReport) => void;
}

const GATE_LIMITS = { maxFileBytes: 20 * 1024 * 1024, maxDepth: 64 };

/**
 * libxml2-wasm returns every string through Emscripten's UTF8ToString, which hands strings of more than 16
 * UTF-8 bytes to a default `new TextDecoder()` — and that decoder drops a leading U+FEFF (its byte order mark
 * handling). libxml2 itself keeps the character, as XML 1.0 says (U+FEFF is a Char; only at the start of the
 * entity is it a byte order mark): `<r><![CDATA[\uFEFFTheo dõi tăng]]></r>` reads back as "Theo dõi tăng"
 * while `<r><![CDATA[\uFEFFTheo]]></r>` keeps it. So where the input holds a U+FEFF, ask libxml2 itself for the
 * value's length in characters through XPath (a number: no string crosses the binding) and put back the U+FEFF
 * the binding dropped. Exported for its test.
 */
export function libxml2String(node: XmlNode, decoded: string, expr: string, inputHasFeff: boolean): string {
  if (!inputHasFeff) return decoded;
  const length = node.eval(`string-length(${expr})`);
  return typeof length === 'number' && length === [...decoded].length + 1 ? `\ufeff${decoded}` : decoded;
}

/** libxml2's view: every element's name, attributes and direct text, in document order. */
export function libView(el: LibElement, out: string[], feff = false): void {
  out.push(`<${libxml2String(el, el.name, 'local-name()', feff)}`);
  const attrs = el.attrs.map((a) => `${a.prefix ? `${a.prefix}:` : ''}${libxml2String(a, a.name, 'local-name()', feff)}=${JSON.stringify(libxml2String(a, a.value, '.', feff))}`).sort();
  out.push(...attrs);
  let text = '';
  // XPath, not firstChild/next: libxml2-wasm's processing-instruction node has no `next`, which would end the walk.
  for (const c of el.find('node()')) {
    if (c instanceof XmlText || c instanceof XmlCData) text += libxml2String(c, c.content, '.', feff);
    else if (c instanceof LibElement) {
      if (text) out.push(`#${JSON.stringify(text)}`);
      text = '';
      libView(c, out, feff);
    }
  }
  if (text) out.push(`#${JSON.stringify(text)}`);
  out.push('>');
}

/** Ours, in the same shape (namespace declarations are attributes in both). */
export function ourView(el: XmlElement, out: string[]): void {
  out.push(`<${el.name.slice(el.name.indexOf(':') + 1)}`);
  const attrs = el.attrs.filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:')).map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
  out.push(...attrs);
  let text = '';
  for (const c of el.children) {
    if (c.kind === 'text') text += c.value;
    else if (c.kind === 'element') {
      if (text) out.push(`#${JSON.stringify(text)}`);
      text = '';
      ourView(c, out);
    }
  }
  if (text) out.push(`#${JSON.stringify(text)}`);
  out.push('>');
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `ours ${a[i] ?? '(end)'} ≠ libxml2 ${b[i] ?? '(end)'} at item ${i}`;
  return 'same';
}

/**
 * libxml2's message lists every diagnostic; this input counts as "libxml2 refuses a namespace URI" when that
 * is among them and the rest are only warnings libxml2 also gives on documents it accepts (an xml:space value).
 */
function libxml2OnlyRefusesNamespaceUri(message: string): boolean {
  // The URI is quoted as written, so it may itself hold line ends: remove those diagnostics whole first.
  const rest = message.replace(/xmlns(:[^:\s]+)?: '[\s\S]*?' is not a valid URI/g, '');
  if (rest === message) return false;
  return rest.split('\n').every((l) => l.trim() === '' || /^Invalid value ".*" for xml:space/.test(l.trim()));
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const hangMs = options.hangMs ?? 2000;
  const keep = options.keep ?? 20;
  const engine = options.engine ?? true;
  const report: FuzzReport = {
    seed: options.seed,
    inputs: 0,
    byKind: { 'random-xml': 0, 'package-envelope': 0, 'package-table': 0, hostile: 0 },
    bothAccepted: 0,
    bothRefused: 0,
    policyRefusals: 0,
    libxml2NamespaceUriRefusals: 0,
    libxml2C14nRefusals: 0,
    libxml2C14nUnescapedNamespaces: 0,
    c14nCompared: 0,
    packagesChecked: 0,
    crashes: [],
    hangs: [],
    disagreements: [],
    counts: { crashes: 0, hangs: 0, disagreements: 0 },
    slowestMs: 0,
    elapsedMs: 0,
  };
  const started = performance.now();
  const disagree = (d: Disagreement) => {
    if (report.disagreements.length < keep) report.disagreements.push(d);
  };
  const counts = report.counts;
  for (const input of fuzzInputs(options.seed, options.count)) {
    report.inputs++;
    report.byKind[input.kind]++;
    const t0 = performance.now();
    // ours
    let ours: ReturnType<typeof parseXml> | undefined;
    let ourCode: XmlErrorCode | undefined;
    try {
      ours = parseXml(input.xml, { maxDepth: 256 });
    } catch (err) {
      if (err instanceof XmlParseError) ourCode = err.code;
      else {
        counts.crashes++;
        if (report.crashes.length < keep) report.crashes.push({ index: input.index, kind: input.kind, error: String((err as Error).stack ?? err), xml: input.xml.slice(0, 2000) });
      }
    }
    // libxml2 (it has no BOM handling for strings: the BOM is a byte-level matter)
    let lib: LibDoc | undefined;
    let libError: string | undefined;
    try {
      lib = LibDoc.fromString(input.xml.replace(/^\ufeff/, ''));
    } catch (err) {
      libError = (err as Error).message;
    }
    try {
      if (ours && lib) {
        report.bothAccepted++;
        const a: string[] = [];
        const b: string[] = [];
        ourView(ours.root, a);
        libView(lib.root, b, input.xml.includes('\ufeff'));
        if (a.join('\n') !== b.join('\n')) {
          counts.disagreements++;
          disagree({ index: input.index, kind: input.kind, what: 'text', detail: firstDifference(a, b), xml: input.xml.slice(0, 4000) });
        } else if (input.kind !== 'package-envelope' || input.index % 10 === 0) {
          // C14N on every small document and on every tenth package (packages are ~50 KB)
          for (const mode of ['inclusive', 'exclusive'] as const) {
            const mine = canonicalizeDocument(ours, { mode });
            let theirs: string;
            try {
              theirs = lib.canonicalizeToString({ mode: mode === 'inclusive' ? XmlC14NMode.XML_C14N_1_0 : XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 });
            } catch (err) {
              // C14N 1.0 §2: no canonical form for relative namespace URIs; libxml2 fails there by design.
              if (/xmlns(:[^=]+)?=["'](?![A-Za-z][A-Za-z0-9+.-]*:)[^"']/.test(input.xml)) {
                report.libxml2C14nRefusals++;
                break;
              }
              throw err;
            }
            if (mine !== theirs && /xmlns(:[^=\s]+)?[ \t\r\n]*=[ \t\r\n]*("[^"]*&|'[^']*&)/.test(input.xml) && mine.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&quot;/g, '"') === theirs.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&quot;/g, '"')) {
              report.libxml2C14nUnescapedNamespaces++;
              break;
            }
            if (mine !== theirs) {
              counts.disagreements++;
              let i = 0;
              while (i < mine.length && mine[i] === theirs[i]) i++;
              disagree({ index: input.index, kind: input.kind, what: 'c14n', detail: `${mode}: differs at ${i}: ours ${JSON.stringify(mine.slice(i, i + 60))} libxml2 ${JSON.stringify(theirs.slice(i, i + 60))}`, xml: input.xml.slice(0, 4000) });
              break;
            }
          }
          report.c14nCompared++;
        }
      } else if (!ours && !lib) {
        if (ourCode) report.bothRefused++;
      } else if (!ours && lib) {
        if (ourCode && POLICY_CODES.has(ourCode)) report.policyRefusals++;
        else if (ourCode) {
          counts.disagreements++;
          disagree({ index: input.index, kind: input.kind, what: 'well-formedness', detail: `we refuse (${ourCode}), libxml2 accepts`, xml: input.xml.slice(0, 4000) });
        }
      } else if (libxml2OnlyRefusesNamespaceUri(libError ?? '')) {
        report.libxml2NamespaceUriRefusals++;
      } else {
        counts.disagreements++;
        disagree({ index: input.index, kind: input.kind, what: 'well-formedness', detail: `we accept, libxml2 refuses: ${libError?.trim()}`, xml: input.xml.slice(0, 4000) });
      }
    } catch (err) {
      counts.crashes++;
      if (report.crashes.length < keep) report.crashes.push({ index: input.index, kind: input.kind, error: `comparison: ${String((err as Error).stack ?? err)}`, xml: input.xml.slice(0, 2000) });
    } finally {
      lib?.dispose();
    }
    // the portal's gate and the engine: a verdict or a coded refusal, never an exception
    if (engine && input.packageBytes) {
      try {
        const gate = gateSubmission({ endpoint: 'guiHoSoXmlQD4750', base64: Buffer.from(input.packageBytes).toString('base64'), fromForm: false, accountFacility: '01001', formSpaceToPlus: false, ...GATE_LIMITS });
        if (!/^(200|205|1001)$/.test(gate.maKetQua) || gate.code === 'GATE_INTERNAL') throw new Error(`gate answered ${gate.maKetQua} ${gate.code}: ${gate.message}`);
        const result = checkPackage(input.packageBytes);
        if (!result.summary?.verdict) throw new Error('engine returned no verdict');
        if (result.findings.some((f) => f.ruleId === 'ENGINE.INTERNAL' || /internal error/i.test(f.message_en ?? ''))) throw new Error(`engine internal error: ${result.findings.find((f) => f.ruleId === 'ENGINE.INTERNAL')?.message_en}`);
        report.packagesChecked++;
      } catch (err) {
        counts.crashes++;
        if (report.crashes.length < keep) report.crashes.push({ index: input.index, kind: input.kind, error: String((err as Error).stack ?? err), xml: input.xml.slice(0, 2000) });
      }
    }
    const ms = performance.now() - t0;
    report.slowestMs = Math.max(report.slowestMs, ms);
    if (ms > hangMs) {
      counts.hangs++;
      if (report.hangs.length < keep) report.hangs.push({ index: input.index, kind: input.kind, ms: Math.round(ms) });
    }
    if (options.onProgress && report.inputs % 1000 === 0) {
      report.elapsedMs = performance.now() - started;
      options.onProgress(report.inputs, report);
    }
  }
  report.elapsedMs = performance.now() - started;
  return report;
}
