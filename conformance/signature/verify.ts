/**
 * Verification of the CHUKYDONVI enveloped XMLDSig signature (profile: docs/portal-api.md §3).
 *
 * Order matters (defence against signature wrapping): the structural policy runs first and gates the
 * cryptography — exactly one Signature in the whole document, as the child of the root's CHUKYDONVI,
 * exactly one Reference with URI="" (so the signed node-set is the document actually read), no
 * Object content — then the digest (SHA-256 over C14N of the document minus the Signature), the
 * SignatureValue (RSA-SHA256 over C14N of SignedInfo), then the certificate (registered for the facility,
 * valid at receipt, chaining to a trust anchor, key usage).
 *
 * Reads only pkg.envelope, pkg.kind and pkg.MACSKCB (pkg.envelope.source is the text the offsets refer to), and
 * pkg.envelopeText/envelopeBytes when present (the digest then hashes the received bytes, same result).
 * Nothing here reads the clock: the time of receipt comes in as `at`.
 *
 * Accepted canonicalisations: inclusive C14N 1.0 (the vendor profile and .NET SignedXml default) and
 * exclusive C14N 1.0 (what xml-crypto/xmlsec users often pick); both without comments.
 */
import { X509Certificate, createHash, verify as cryptoVerify } from 'node:crypto';
import { createRequire } from 'node:module';
import type forge from 'node-forge';
import type { ParsedPackage } from '../model.ts';
import type { XmlElement } from '../xml/parse.ts';
import { textOf } from '../xml/parse.ts';
import { type C14nMode, c14nModeFor, canonicalDocumentParts, canonicalizeSubtree } from './c14n.ts';
import {
  ALG_ENVELOPED,
  ALG_RSA_SHA256,
  ALG_SHA256,
  SIGNATURE_HOLDER,
  attr,
  dsigChildren,
  elementChildren,
  findSignatures,
  isDsig,
  signatureHolders,
} from './profile.ts';

export type SignatureCheckCode =
  | 'SIG.PRESENT'
  | 'SIG.COUNT'
  | 'SIG.LOCATION'
  | 'SIG.STRUCTURE'
  | 'SIG.REFERENCE.URI'
  | 'SIG.TRANSFORMS'
  | 'SIG.ALGORITHMS'
  | 'SIG.DIGEST'
  | 'SIG.VALUE'
  | 'SIG.CERT.REGISTERED'
  | 'SIG.CERT.VALIDITY'
  | 'SIG.CERT.CHAIN'
  | 'SIG.CERT.KEYUSAGE';

export const SIGNATURE_CHECK_CODES: readonly SignatureCheckCode[] = [
  'SIG.PRESENT',
  'SIG.COUNT',
  'SIG.LOCATION',
  'SIG.STRUCTURE',
  'SIG.REFERENCE.URI',
  'SIG.TRANSFORMS',
  'SIG.ALGORITHMS',
  'SIG.DIGEST',
  'SIG.VALUE',
  'SIG.CERT.REGISTERED',
  'SIG.CERT.VALIDITY',
  'SIG.CERT.CHAIN',
  'SIG.CERT.KEYUSAGE',
];

export type SignatureMode = 'off' | 'verify-if-present' | 'required';

export interface SignatureCheck {
  code: SignatureCheckCode;
  outcome: 'pass' | 'fail' | 'warning' | 'not-applicable' | 'skip';
  /** line/col in the envelope of the element concerned */
  line?: number;
  col?: number;
  actual?: string;
  expected?: string;
  detail_vi: string;
  detail_en: string;
}

export interface VerifyOptions {
  mode: SignatureMode;
  /** the submitting facility (portal account); falls back to pkg.MACSKCB */
  facility?: string;
  /** PEM certificates registered for the facility; undefined = no registry configured (check skipped) */
  registeredCerts?: readonly string[];
  /** PEM CA certificates; undefined = no trust store configured (check skipped) */
  trustAnchors?: readonly string[];
  /** time of receipt; undefined = validity check skipped */
  at?: Date;
  /** warn when the certificate expires within this many days of `at` (QĐ 2733 C2 evidence); default 30, 0 = off */
  expiryWarningDays?: number;
}

export interface VerifyOutcome {
  checks: SignatureCheck[];
  /** true when the SignatureValue verified and no check failed (warnings allowed) */
  valid: boolean;
  /** SHA-256 fingerprint (hex, colon-separated as Node prints it) of the KeyInfo certificate, if read */
  certificateFingerprint?: string;
  certificateSubject?: string;
}

// ---------------------------------------------------------------- certificate helpers (cached)

interface CertInfo {
  x509: X509Certificate;
  notBefore: number;
  notAfter: number;
  isCa: boolean;
  /** keyUsage bits, or undefined when the extension is absent */
  keyUsage?: { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean };
}

/**
 * Parsed certificates by their exact text (PEM, or the base64 of X509Certificate): registry and trust-store
 * PEMs are the same string objects from one package to the next, so keying by the string itself (not a
 * prefixed copy) lets V8 reuse its hash. null = not a readable certificate.
 */
const CACHE_LIMIT = 2048;
const pemCache = new Map<string, CertInfo | null>();
const base64Cache = new Map<string, CertInfo | null>();

const OID_KEY_USAGE = '2.5.29.15';

let forgeAsn1: typeof forge | undefined;

/**
 * forge's ASN.1 reader alone (lib/asn1 and lib/util, ~10 ms), loaded when a certificate is first read:
 * all of node-forge (ciphers, TLS) took ~90 ms of every CLI start-up.
 */
function asn1Reader(): typeof forge {
  if (!forgeAsn1) {
    const load = createRequire(import.meta.url);
    load('node-forge/lib/asn1');
    load('node-forge/lib/util');
    forgeAsn1 = load('node-forge/lib/forge') as typeof forge;
  }
  return forgeAsn1;
}

/** keyUsage bits read from the DER with forge's ASN.1 reader (node:crypto exposes only extended key usage). */
function readKeyUsage(der: Buffer): CertInfo['keyUsage'] {
  const lib = asn1Reader();
  const cert = lib.asn1.fromDer(lib.util.createBuffer(der.toString('binary')));
  const tbs = (cert.value as forge.asn1.Asn1[])[0];
  for (const part of tbs.value as forge.asn1.Asn1[]) {
    // extensions: [3] EXPLICIT SEQUENCE OF Extension
    if (part.tagClass !== lib.asn1.Class.CONTEXT_SPECIFIC || part.type !== 3) continue;
    const seq = (part.value as forge.asn1.Asn1[])[0];
    for (const ext of seq.value as forge.asn1.Asn1[]) {
      const fields = ext.value as forge.asn1.Asn1[];
      if (lib.asn1.derToOid(fields[0].value as string) !== OID_KEY_USAGE) continue;
      const octets = fields[fields.length - 1].value as string;
      const bitString = lib.asn1.fromDer(octets);
      const bytes = bitString.value as string; // first byte = unused bits
      const b0 = bytes.length > 1 ? bytes.charCodeAt(1) : 0;
      return { digitalSignature: (b0 & 0x80) !== 0, nonRepudiation: (b0 & 0x40) !== 0, keyCertSign: (b0 & 0x04) !== 0 };
    }
  }
  return undefined;
}

function certInfo(cache: Map<string, CertInfo | null>, key: string, make: () => X509Certificate): CertInfo | null {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let info: CertInfo | null = null;
  try {
    const x509 = make();
    info = {
      x509,
      notBefore: Date.parse(x509.validFrom),
      notAfter: Date.parse(x509.validTo),
      isCa: x509.ca,
      keyUsage: readKeyUsage(x509.raw),
    };
  } catch {
    info = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, info);
  return info;
}

const isBase64 = (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0;

const certFromPem = (pem: string) => certInfo(pemCache, pem, () => new X509Certificate(pem));

/** The last X509Certificate text read, compared in full: envelopes in a batch mostly carry the same one. */
let lastBase64: string | undefined;
let lastBase64Info: CertInfo | null = null;

/** The certificate in an X509Certificate text (whitespace removed), null when not strict base64 or not a certificate. */
function certFromBase64(b64: string): CertInfo | null {
  if (b64 === lastBase64) return lastBase64Info;
  if (!isBase64(b64)) return null;
  const info = certInfo(base64Cache, b64, () => new X509Certificate(Buffer.from(b64, 'base64')));
  lastBase64 = b64;
  lastBase64Info = info;
  return info;
}

/** The last X509Certificate element text read and that text without whitespace. */
let lastCertText: string | undefined;
let lastCertClean = '';

/** An X509Certificate element's text without whitespace (\s, as before); the last one is remembered, compared in full. */
function certificateText(text: string): string {
  if (text !== lastCertText) {
    lastCertClean = text.replace(/\s+/g, '');
    lastCertText = text;
  }
  return lastCertClean;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * d.toISOString() computed from the time value (the builtin took ~1–4 µs a call in the verifier's profile).
 * Years outside 0000–9999 (±YYYYYY form) and invalid dates (RangeError) are left to the builtin.
 */
export function isoString(d: Date): string {
  const t = d.getTime();
  if (!(t >= -62_167_219_200_000 && t <= 253_402_300_799_999)) return d.toISOString();
  const days = Math.floor(t / 86_400_000);
  let ms = t - days * 86_400_000;
  // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian like Date)
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const mi = Math.floor(ms / 60_000);
  ms -= mi * 60_000;
  const sec = Math.floor(ms / 1000);
  ms -= sec * 1000;
  const yyyy = year < 10 ? `000${year}` : year < 100 ? `00${year}` : year < 1000 ? `0${year}` : `${year}`;
  const mmm = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : `${ms}`;
  return `${yyyy}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}.${mmm}Z`;
}

function validAt(info: CertInfo, at: Date): boolean {
  const t = at.getTime();
  return t >= info.notBefore && t <= info.notAfter;
}

/**
 * issuedBy verdicts per (subject, issuer) certificate object. Each CertInfo stands for one exact certificate
 * text, and the verdict depends on nothing else (names and signature; time is checked by the caller), so a
 * different certificate can never reuse it. Bounded: the subject's entry is dropped with it, and its map of
 * issuers is cleared past ISSUERS_LIMIT (issuers can come from the package's own X509Data).
 */
const issuedByCache = new WeakMap<CertInfo, Map<CertInfo, boolean>>();
const ISSUERS_LIMIT = 64;

/** True when `issuer` really issued `subject`: names match AND the signature verifies with the issuer's key. */
function issuedBy(subject: CertInfo, issuer: CertInfo): boolean {
  let verdicts = issuedByCache.get(subject);
  const hit = verdicts?.get(issuer);
  if (hit !== undefined) return hit;
  let verdict: boolean;
  try {
    verdict = subject.x509.checkIssued(issuer.x509) && subject.x509.verify(issuer.x509.publicKey);
  } catch {
    verdict = false;
  }
  if (!verdicts) issuedByCache.set(subject, (verdicts = new Map()));
  else if (verdicts.size >= ISSUERS_LIMIT) verdicts.clear();
  verdicts.set(issuer, verdict);
  return verdict;
}

// ---------------------------------------------------------------- verification

/**
 * Base64 SHA-256 of the UTF-8 encoding of pieces.join('') without joining them. Encoding piece by piece
 * gives the same bytes unless a surrogate pair is split between two pieces (possible only with lone
 * surrogates in the source): then the pieces are joined first.
 */
export function sha256OfPieces(pieces: readonly string[]): string {
  let endsHigh = false; // the pieces so far end with a high surrogate
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    const first = piece.charCodeAt(0);
    if (endsHigh && first >= 0xdc00 && first <= 0xdfff) return createHash('sha256').update(pieces.join(''), 'utf8').digest('base64');
    const last = piece.charCodeAt(piece.length - 1);
    endsHigh = last >= 0xd800 && last <= 0xdbff;
  }
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece, 'utf8');
  return hash.digest('base64');
}


/**
 * UTF-8 length of src[from, to), as Node encodes it (a lone surrogate as U+FFFD, 3 bytes). Buffer.byteLength of
 * the slice (a view, not a copy) counts ~3× faster than a charCodeAt loop here.
 */
const utf8Length = (src: string, from: number, to: number): number => (from === to ? 0 : Buffer.byteLength(src.slice(from, to), 'utf8'));

/** True when offset `at` falls between the two halves of a surrogate pair. */
const splitsPair = (src: string, at: number): boolean => at > 0 && at < src.length && (src.charCodeAt(at) & 0xfc00) === 0xdc00 && (src.charCodeAt(at - 1) & 0xfc00) === 0xd800;

/**
 * Base64 SHA-256 of the canonical document given as parts (canonicalDocumentParts: literals, and source
 * ranges as offset pairs), equal to sha256OfPieces of the same pieces. With `bytes`, the UTF-8 the source was
 * decoded from (`lead` bytes before the source's first character: a BOM the decoder or the parser dropped),
 * the ranges are hashed from those bytes instead of encoding the text again (a generated envelope is mostly
 * one range). Byte offsets are counted from the start up to the longest range and from the end back to it,
 * so only the text outside that range is scanned (the Signature, the root's start tag, the prolog).
 */
export function sha256OfCanonicalParts(src: string, parts: readonly (string | number)[], bytes?: Uint8Array, lead = 0): string {
  if (bytes) {
    const digest = hashFromBytes(src, parts, bytes, lead);
    if (digest !== undefined) return digest;
  }
  const pieces: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === 'string') pieces.push(p);
    else pieces.push(src.slice(p, parts[++i] as number));
  }
  return sha256OfPieces(pieces);
}

/** The bytes path of sha256OfCanonicalParts; undefined when it does not apply (then the text is hashed). */
function hashFromBytes(src: string, parts: readonly (string | number)[], bytes: Uint8Array, lead: number): string | undefined {
  // the longest range: its two byte offsets are reached from either end of the document
  let longest = -1;
  let longestLength = -1;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === 'string') {
      // a literal that could complete a surrogate pair with its neighbour: leave it to the text path
      if (p.length > 0 && ((p.charCodeAt(0) & 0xfc00) === 0xdc00 || (p.charCodeAt(p.length - 1) & 0xfc00) === 0xd800)) return undefined;
      continue;
    }
    const end = parts[++i] as number;
    if (splitsPair(src, p) || splitsPair(src, end)) return undefined;
    if (end - p > longestLength) {
      longest = i - 1;
      longestLength = end - p;
    }
  }
  if (longest < 0 || bytes.length - lead < src.length) return undefined;
  const offsets: number[] = new Array(parts.length);
  let char = 0;
  let byte = lead;
  for (let i = 0; i <= longest; i++) {
    const p = parts[i];
    if (typeof p === 'string') continue;
    byte += utf8Length(src, char, p);
    char = p;
    offsets[i] = byte;
  }
  char = src.length;
  byte = bytes.length;
  for (let i = parts.length - 1; i > longest; i--) {
    const p = parts[i];
    if (typeof p === 'string') continue;
    byte -= utf8Length(src, p, char);
    char = p;
    offsets[i] = byte;
  }
  // Both counts must meet on the longest range: its length in bytes is at least its length in characters, and
  // its first and last characters are the bytes found there (only checked when ASCII; else the text path).
  const start = parts[longest] as number;
  const end = parts[longest + 1] as number;
  const b0 = offsets[longest];
  const b1 = offsets[longest + 1];
  const first = src.charCodeAt(start);
  const last = src.charCodeAt(end - 1);
  if (b1 - b0 < end - start || first >= 0x80 || last >= 0x80 || bytes[b0] !== first || bytes[b1 - 1] !== last) return undefined;
  const hash = createHash('sha256');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === 'string') {
      if (p.length > 0) hash.update(p, 'utf8');
    } else {
      hash.update(bytes.subarray(offsets[i], offsets[i + 1]));
      i++;
    }
  }
  return hash.digest('base64');
}

/**
 * The bytes pkg.envelope's source was decoded from and how many bytes precede its first character, when the
 * package carries them and they belong to this document (else undefined: the digest hashes the text).
 */
function sourceBytes(pkg: Partial<Pick<ParsedPackage, 'envelope' | 'envelopeText' | 'envelopeBytes'>>): { bytes: Uint8Array; lead: number } | undefined {
  const bytes = pkg.envelopeBytes;
  const text = pkg.envelopeText;
  const src = pkg.envelope?.source;
  if (!bytes || text === undefined || src === undefined) return undefined;
  // envelopeText is the bytes decoded without a leading BOM; the parser drops one more U+FEFF if the text starts with it
  let lead = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (src !== text) {
    if (text.charCodeAt(0) !== 0xfeff || text.length !== src.length + 1 || text.slice(1) !== src) return undefined;
    lead += 3;
  }
  return { bytes, lead };
}

export function verifyEnvelopedSignature(pkg: Pick<ParsedPackage, 'envelope' | 'kind' | 'MACSKCB'> & Partial<Pick<ParsedPackage, 'envelopeText' | 'envelopeBytes'>>, opts: VerifyOptions): VerifyOutcome {
  const checks: SignatureCheck[] = [];
  const doc = pkg.envelope;
  const add = (code: SignatureCheckCode, outcome: SignatureCheck['outcome'], detail_en: string, detail_vi: string, at?: XmlElement, extra?: Partial<SignatureCheck>) => {
    // Same keys in the same order as { code, outcome, detail_en, detail_vi, ...(at && { line, col }), ...extra },
    // without the object spreads (slow while the verifier is still cold).
    const check: SignatureCheck = { code, outcome, detail_en, detail_vi };
    if (at) {
      check.line = at.line;
      check.col = at.col;
    }
    if (extra) Object.assign(check, extra);
    checks.push(check);
  };
  /**
   * The policy gate closed: the signature cannot be accepted. SIG.VALUE fails (no valid signature was
   * established) so the verdict stays a failure even if a profile downgrades the medium-confidence policy
   * rules to warnings; the remaining checks are skipped.
   */
  const gateClosed = (detail_en: string, detail_vi: string) => {
    add('SIG.VALUE', 'fail', `signature not accepted: ${detail_en}`, `chữ ký không được chấp nhận: ${detail_vi}`, sig);
    rest('skip', detail_en, detail_vi);
  };
  /** every code not yet reported gets the same outcome (used when a gate closes) */
  const rest = (outcome: 'not-applicable' | 'skip', detail_en: string, detail_vi: string) => {
    const done = new Set(checks.map((c) => c.code));
    for (const code of SIGNATURE_CHECK_CODES) if (!done.has(code)) add(code, outcome, detail_en, detail_vi);
  };
  const finish = (): VerifyOutcome => ({
    checks,
    valid: checks.some((c) => c.code === 'SIG.VALUE' && c.outcome === 'pass') && checks.every((c) => c.outcome !== 'fail'),
  });

  if (opts.mode === 'off') {
    rest('not-applicable', 'signature verification is off for this facility/session', 'không kiểm tra chữ ký số (chế độ tắt)');
    return finish();
  }

  // ---- presence, count, location (the anti-wrapping gate)
  const signatures = findSignatures(doc);
  const holders = signatureHolders(doc);
  if (signatures.length === 0) {
    const container = holders[0];
    if (opts.mode === 'required') {
      add('SIG.PRESENT', 'fail', `no XMLDSig Signature in ${SIGNATURE_HOLDER}: the document is unsigned`, `không có chữ ký số (Signature) trong ${SIGNATURE_HOLDER}: hồ sơ chưa được ký`, container ?? doc.root, {
        expected: `<${SIGNATURE_HOLDER}><Signature …/></${SIGNATURE_HOLDER}>`,
      });
    } else {
      add('SIG.PRESENT', 'warning', `the document is unsigned (${SIGNATURE_HOLDER} is empty); accepted in verify-if-present mode`, `hồ sơ chưa ký số (${SIGNATURE_HOLDER} rỗng); chấp nhận ở chế độ chỉ kiểm tra khi có chữ ký`, container ?? doc.root);
    }
    rest('not-applicable', 'no signature to check', 'không có chữ ký để kiểm tra');
    return finish();
  }
  add('SIG.PRESENT', 'pass', 'a Signature is present', 'có chữ ký số', signatures[0]);

  const holder = holders.length === 1 ? holders[0] : undefined;
  // Point at the intruder: the first Signature outside CHUKYDONVI, else the second one.
  const intruder = signatures.find((s) => s.parent !== holder) ?? signatures[1];
  if (signatures.length !== 1) {
    add('SIG.COUNT', 'fail', `${signatures.length} Signature elements in the document; exactly one is allowed (signature wrapping)`, `có ${signatures.length} phần tử Signature trong tài liệu; chỉ được có đúng một (nguy cơ tấn công bọc chữ ký)`, intruder, {
      actual: String(signatures.length),
      expected: '1',
    });
  } else add('SIG.COUNT', 'pass', 'exactly one Signature', 'đúng một chữ ký', signatures[0]);

  const sig = signatures.find((s) => s.parent === holder) ?? signatures[0];
  const rootOk = pkg.kind === 'CHECKIN' ? doc.root.name === 'CHI_TIEU_TRANG_THAI_KCB' : doc.root.name === 'GIAMDINHHS';
  const wherePath = `/${doc.root.name}/${SIGNATURE_HOLDER}`;
  const locationProblem: { en: string; vi: string } | undefined = !rootOk
    ? { en: `root element is <${doc.root.name}>`, vi: `phần tử gốc là <${doc.root.name}>` }
    : holders.length !== 1
      ? { en: `${holders.length} ${SIGNATURE_HOLDER} elements under the root`, vi: `có ${holders.length} phần tử ${SIGNATURE_HOLDER} dưới phần tử gốc` }
      : signatures.some((s) => s.parent !== holders[0])
        ? { en: `a Signature is not a child of ${wherePath}`, vi: `có Signature không nằm trực tiếp trong ${wherePath}` }
        : elementChildren(holders[0]).length !== 1
          ? { en: `${SIGNATURE_HOLDER} holds other elements besides the Signature`, vi: `${SIGNATURE_HOLDER} chứa phần tử khác ngoài Signature` }
          : undefined;
  const misplaced = intruder ?? sig;
  if (locationProblem) {
    add('SIG.LOCATION', 'fail', `the Signature must be the only child of ${wherePath}: ${locationProblem.en}`, `chữ ký phải là phần tử con duy nhất của ${wherePath}: ${locationProblem.vi}`, misplaced, {
      expected: wherePath,
    });
  } else add('SIG.LOCATION', 'pass', `Signature at ${wherePath}`, `chữ ký nằm tại ${wherePath}`, sig);

  if (checks.some((c) => c.outcome === 'fail')) {
    gateClosed('not verified: the signature placement policy failed (anti-wrapping gate)', 'không kiểm tra tiếp: vị trí/số lượng chữ ký không đúng quy định (chống tấn công bọc chữ ký)');
    return finish();
  }

  // ---- structure: SignedInfo, SignatureValue, KeyInfo/X509Data/X509Certificate, no Object content
  const structureProblems: { msg: string; vi: string; at: XmlElement }[] = [];
  const kids = elementChildren(sig);
  const signedInfos = dsigChildren(sig, 'SignedInfo');
  const sigValues = dsigChildren(sig, 'SignatureValue');
  const keyInfos = dsigChildren(sig, 'KeyInfo');
  if (signedInfos.length !== 1) structureProblems.push({ msg: `${signedInfos.length} SignedInfo elements (expected 1)`, vi: `có ${signedInfos.length} phần tử SignedInfo (cần đúng 1)`, at: sig });
  if (sigValues.length !== 1) structureProblems.push({ msg: `${sigValues.length} SignatureValue elements (expected 1)`, vi: `có ${sigValues.length} phần tử SignatureValue (cần đúng 1)`, at: sig });
  if (keyInfos.length !== 1) structureProblems.push({ msg: `${keyInfos.length} KeyInfo elements (expected 1 with the X509Certificate)`, vi: `có ${keyInfos.length} phần tử KeyInfo (cần đúng 1, chứa X509Certificate)`, at: sig });
  for (const k of kids) {
    if (isDsig(k, 'Object')) {
      if (k.children.some((c) => c.kind === 'element' || (c.kind === 'text' && c.value.trim() !== ''))) {
        structureProblems.push({ msg: 'an Object element carries content (not allowed in this profile)', vi: 'phần tử Object có nội dung (hồ sơ chữ ký không cho phép)', at: k });
      }
    } else if (!isDsig(k, 'SignedInfo') && !isDsig(k, 'SignatureValue') && !isDsig(k, 'KeyInfo')) {
      structureProblems.push({ msg: `unexpected element <${k.name}> in Signature`, vi: `phần tử lạ <${k.name}> trong Signature`, at: k });
    }
  }
  const signedInfo = signedInfos[0];
  const certTexts: string[] = [];
  if (keyInfos.length === 1) {
    const x509Datas = dsigChildren(keyInfos[0], 'X509Data');
    for (const d of x509Datas) for (const c of dsigChildren(d, 'X509Certificate')) certTexts.push(certificateText(textOf(c)));
    if (certTexts.length === 0) structureProblems.push({ msg: 'KeyInfo has no X509Data/X509Certificate', vi: 'KeyInfo không có X509Data/X509Certificate', at: keyInfos[0] });
  }
  const leafInfo = certTexts.length > 0 ? certFromBase64(certTexts[0]) : null;
  if (certTexts.length > 0 && !leafInfo) structureProblems.push({ msg: 'the X509Certificate is not a readable DER certificate', vi: 'X509Certificate không phải chứng thư DER đọc được', at: keyInfos[0] });
  const sigValueText = sigValues.length === 1 ? textOf(sigValues[0]).replace(/\s+/g, '') : '';
  if (sigValues.length === 1 && (!isBase64(sigValueText) || sigValueText === '')) structureProblems.push({ msg: 'SignatureValue is not base64', vi: 'SignatureValue không phải base64', at: sigValues[0] });

  // Reference, transforms and algorithms are read from SignedInfo.
  let references: XmlElement[] = [];
  let canonMethod: XmlElement | undefined;
  let sigMethod: XmlElement | undefined;
  if (signedInfo) {
    references = dsigChildren(signedInfo, 'Reference');
    canonMethod = dsigChildren(signedInfo, 'CanonicalizationMethod')[0];
    sigMethod = dsigChildren(signedInfo, 'SignatureMethod')[0];
    for (const k of elementChildren(signedInfo)) {
      if (!isDsig(k, 'Reference') && !isDsig(k, 'CanonicalizationMethod') && !isDsig(k, 'SignatureMethod')) {
        structureProblems.push({ msg: `unexpected element <${k.name}> in SignedInfo`, vi: `phần tử lạ <${k.name}> trong SignedInfo`, at: k });
      }
    }
    if (!canonMethod || !sigMethod) structureProblems.push({ msg: 'SignedInfo lacks CanonicalizationMethod or SignatureMethod', vi: 'SignedInfo thiếu CanonicalizationMethod hoặc SignatureMethod', at: signedInfo });
  }
  if (structureProblems.length > 0) {
    const p = structureProblems[0];
    add('SIG.STRUCTURE', 'fail', `malformed Signature: ${structureProblems.map((x) => x.msg).join('; ')}`, `cấu trúc Signature không đúng: ${structureProblems.map((x) => x.vi).join('; ')}`, p.at);
  } else add('SIG.STRUCTURE', 'pass', 'Signature has SignedInfo, SignatureValue and KeyInfo/X509Certificate', 'Signature có đủ SignedInfo, SignatureValue, KeyInfo/X509Certificate', sig);

  // ---- the single Reference URI=""
  const reference = references[0];
  if (!signedInfo) {
    add('SIG.REFERENCE.URI', 'skip', 'no SignedInfo to read', 'không có SignedInfo', sig);
  } else if (references.length !== 1) {
    add('SIG.REFERENCE.URI', 'fail', `${references.length} Reference elements; exactly one Reference URI="" is allowed`, `có ${references.length} phần tử Reference; chỉ được có đúng một Reference URI=""`, references[1] ?? signedInfo, {
      actual: String(references.length),
      expected: '1',
    });
  } else {
    const uri = attr(reference, 'URI');
    if (uri === '') add('SIG.REFERENCE.URI', 'pass', 'Reference URI="" (whole document)', 'Reference URI="" (toàn bộ tài liệu)', reference);
    else {
      add('SIG.REFERENCE.URI', 'fail', uri === undefined ? 'Reference has no URI attribute; URI="" is required' : `Reference URI="${uri}": only URI="" (the whole document) is accepted, no Id-based references`, uri === undefined ? 'Reference thiếu thuộc tính URI; yêu cầu URI=""' : `Reference URI="${uri}": chỉ chấp nhận URI="" (toàn bộ tài liệu), không dùng tham chiếu theo Id`, reference, {
        actual: uri === undefined ? '(absent)' : uri,
        expected: '""',
      });
    }
  }

  // ---- transforms: enveloped-signature, optionally followed by one C14N (without comments)
  let referenceMode: C14nMode = 'inclusive';
  let inclusivePrefixes: string[] | undefined;
  if (!reference) {
    add('SIG.TRANSFORMS', 'skip', 'no single Reference to read', 'không có Reference duy nhất để kiểm tra', signedInfo ?? sig);
  } else {
    const transformsEls = dsigChildren(reference, 'Transforms');
    // a loop, not map(): map's result has another hidden class once map is optimised (this code deoptimised)
    const transforms = transformsEls.length === 1 ? dsigChildren(transformsEls[0], 'Transform') : undefined;
    const algs: string[] = [];
    if (transforms !== undefined) for (const t of transforms) algs.push(attr(t, 'Algorithm') ?? '');
    const tailMode = algs.length === 2 ? c14nModeFor(algs[1]) : undefined;
    const ok = transformsEls.length === 1 && algs[0] === ALG_ENVELOPED && (algs.length === 1 || (algs.length === 2 && tailMode !== undefined));
    if (ok) {
      if (tailMode) {
        referenceMode = tailMode;
        if (tailMode === 'exclusive') inclusivePrefixes = readInclusivePrefixes(transforms![1]);
      }
      const list = algs.join(', ');
      add('SIG.TRANSFORMS', 'pass', `transforms: ${list}`, `các phép biến đổi: ${list}`, transformsEls[0]);
    } else {
      add('SIG.TRANSFORMS', 'fail', `transforms must be enveloped-signature, optionally followed by one C14N (without comments); got [${algs.join(', ') || 'none'}]`, `phép biến đổi phải là enveloped-signature, có thể kèm một phép C14N (không chú thích); nhận được [${algs.join(', ') || 'không có'}]`, transformsEls[0] ?? reference, {
        actual: algs.join(' ') || '(none)',
        expected: `${ALG_ENVELOPED} [+ C14N]`,
      });
    }
  }

  // ---- algorithms
  const signedInfoMode = canonMethod ? c14nModeFor(attr(canonMethod, 'Algorithm') ?? '') : undefined;
  const digestMethodEl = reference ? dsigChildren(reference, 'DigestMethod')[0] : undefined;
  if (!signedInfo || !canonMethod || !sigMethod || !reference) {
    add('SIG.ALGORITHMS', 'skip', 'SignedInfo incomplete', 'SignedInfo không đầy đủ', signedInfo ?? sig);
  } else {
    const bad: string[] = [];
    const badAt: XmlElement[] = [];
    if (!signedInfoMode) (bad.push(`CanonicalizationMethod ${attr(canonMethod, 'Algorithm')}`), badAt.push(canonMethod));
    if (attr(sigMethod, 'Algorithm') !== ALG_RSA_SHA256) (bad.push(`SignatureMethod ${attr(sigMethod, 'Algorithm')}`), badAt.push(sigMethod));
    if (!digestMethodEl || attr(digestMethodEl, 'Algorithm') !== ALG_SHA256) (bad.push(`DigestMethod ${digestMethodEl ? attr(digestMethodEl, 'Algorithm') : '(absent)'}`), badAt.push(digestMethodEl ?? reference));
    if (bad.length > 0) {
      add('SIG.ALGORITHMS', 'fail', `algorithms outside the profile (C14N 2001 or exc-C14N, RSA-SHA256, SHA-256): ${bad.join('; ')}`, `thuật toán không đúng quy định (C14N 2001 hoặc exc-C14N, RSA-SHA256, SHA-256): ${bad.join('; ')}`, badAt[0], {
        actual: bad.join('; '),
        expected: `${ALG_RSA_SHA256}, ${ALG_SHA256}`,
      });
    } else add('SIG.ALGORITHMS', 'pass', 'RSA-SHA256, SHA-256, C14N', 'RSA-SHA256, SHA-256, C14N', signedInfo);
  }

  if (checks.some((c) => c.outcome === 'fail' || c.outcome === 'skip')) {
    gateClosed('not verified: the signature does not follow the profile (see the failed policy checks)', 'không kiểm tra tiếp: chữ ký không đúng hồ sơ kỹ thuật quy định (xem các lỗi cấu trúc)');
    return finish();
  }
  const leaf = leafInfo!;

  // ---- digest
  const digestValueEl = dsigChildren(reference, 'DigestValue')[0];
  const expectedDigest = digestValueEl ? textOf(digestValueEl).replace(/\s+/g, '') : '';
  const fromBytes = sourceBytes(pkg);
  const actualDigest = sha256OfCanonicalParts(doc.source, canonicalDocumentParts(doc, { mode: referenceMode, exclude: sig, inclusivePrefixes }), fromBytes?.bytes, fromBytes?.lead);
  if (digestValueEl && actualDigest === expectedDigest) add('SIG.DIGEST', 'pass', 'the SHA-256 digest of the document matches', 'giá trị băm SHA-256 của tài liệu khớp', digestValueEl);
  else {
    add('SIG.DIGEST', 'fail', 'the document was changed after signing: its SHA-256 digest does not match DigestValue', 'tài liệu đã bị thay đổi sau khi ký: giá trị băm SHA-256 không khớp DigestValue', digestValueEl ?? reference, {
      actual: actualDigest,
      expected: expectedDigest,
    });
  }

  // ---- SignatureValue over C14N(SignedInfo)
  const canonicalSignedInfo = canonicalizeSubtree(doc, signedInfo, {
    mode: signedInfoMode!,
    inclusivePrefixes: signedInfoMode === 'exclusive' ? readInclusivePrefixes(canonMethod!) : undefined,
  });
  let signatureOk = false;
  try {
    signatureOk = leaf.x509.publicKey.asymmetricKeyType === 'rsa' && cryptoVerify('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), leaf.x509.publicKey, Buffer.from(sigValueText, 'base64'));
  } catch {
    signatureOk = false;
  }
  if (signatureOk) add('SIG.VALUE', 'pass', 'RSA-SHA256 SignatureValue verifies with the KeyInfo certificate', 'giá trị chữ ký RSA-SHA256 hợp lệ với chứng thư trong KeyInfo', sigValues[0]);
  else add('SIG.VALUE', 'fail', 'SignatureValue does not verify with the KeyInfo certificate (SignedInfo changed or another key signed)', 'giá trị chữ ký không hợp lệ với chứng thư trong KeyInfo (SignedInfo bị sửa hoặc ký bằng khóa khác)', sigValues[0]);

  // ---- certificate: registered for the facility
  const keyInfoEl = keyInfos[0];
  const facility = opts.facility ?? pkg.MACSKCB;
  const fingerprint = leaf.x509.fingerprint256;
  if (opts.registeredCerts === undefined) {
    add('SIG.CERT.REGISTERED', 'skip', 'no certificate registry configured', 'chưa cấu hình danh sách chứng thư đã đăng ký', keyInfoEl);
  } else if (!facility) {
    add('SIG.CERT.REGISTERED', 'fail', 'the submitting facility is unknown (no account, no MACSKCB)', 'không xác định được cơ sở gửi (không có tài khoản, không có MACSKCB)', keyInfoEl);
  } else {
    const registered = opts.registeredCerts.some((pem) => certFromPem(pem)?.x509.fingerprint256 === fingerprint);
    if (registered) add('SIG.CERT.REGISTERED', 'pass', `certificate registered for facility ${facility}`, `chứng thư đã đăng ký cho cơ sở ${facility}`, keyInfoEl);
    else {
      add('SIG.CERT.REGISTERED', 'fail', `the signing certificate is not registered for facility ${facility} (${leaf.x509.subject.replace(/\n/g, ', ')})`, `chứng thư ký số chưa được đăng ký cho cơ sở ${facility} (${leaf.x509.subject.replace(/\n/g, ', ')})`, keyInfoEl, {
        actual: fingerprint,
        expected: `a certificate registered for ${facility}`,
      });
    }
  }

  // ---- validity at receipt
  if (!opts.at) {
    add('SIG.CERT.VALIDITY', 'skip', 'no time of receipt given', 'không có thời điểm tiếp nhận', keyInfoEl);
  } else if (validAt(leaf, opts.at)) {
    const daysLeft = Math.floor((leaf.notAfter - opts.at.getTime()) / 86_400_000);
    const warnDays = opts.expiryWarningDays ?? 30;
    if (daysLeft < warnDays) {
      add('SIG.CERT.VALIDITY', 'warning', `certificate expires in ${daysLeft} day(s) (${leaf.x509.validTo}); renew and register the new one`, `chứng thư sẽ hết hạn sau ${daysLeft} ngày (${leaf.x509.validTo}); cần gia hạn và đăng ký chứng thư mới`, keyInfoEl, {
        actual: leaf.x509.validTo,
      });
    } else {
      const atIso = isoString(opts.at);
      add('SIG.CERT.VALIDITY', 'pass', `certificate valid at ${atIso}`, `chứng thư còn hiệu lực tại ${atIso}`, keyInfoEl);
    }
  } else {
    const atIso = isoString(opts.at); // throws on an invalid date, as before
    add('SIG.CERT.VALIDITY', 'fail', `certificate not valid at ${atIso} (valid ${leaf.x509.validFrom} – ${leaf.x509.validTo})`, `chứng thư không còn/chưa có hiệu lực tại ${atIso} (hiệu lực ${leaf.x509.validFrom} – ${leaf.x509.validTo})`, keyInfoEl, {
      actual: atIso,
      expected: `${leaf.x509.validFrom} – ${leaf.x509.validTo}`,
    });
  }

  // ---- chain to a trust anchor (intermediates may come in X509Data)
  if (opts.trustAnchors === undefined) {
    add('SIG.CERT.CHAIN', 'skip', 'no trust store configured', 'chưa cấu hình kho chứng thư gốc tin cậy', keyInfoEl);
  } else {
    const anchors = opts.trustAnchors.map(certFromPem).filter((x): x is CertInfo => x !== null);
    const intermediates = certTexts.slice(1).map(certFromBase64).filter((x): x is CertInfo => x !== null);
    const problem = chainProblem(leaf, anchors, intermediates, opts.at);
    if (!problem) add('SIG.CERT.CHAIN', 'pass', 'certificate chains to a trusted CA', 'chứng thư được cấp bởi CA tin cậy', keyInfoEl);
    else add('SIG.CERT.CHAIN', 'fail', `certificate does not chain to a trusted CA: ${problem.en}`, `chứng thư không được cấp bởi CA tin cậy: ${problem.vi}`, keyInfoEl, { actual: leaf.x509.issuer.replace(/\n/g, ', ') });
  }

  // ---- key usage
  const ku = leaf.keyUsage;
  if (ku && (ku.digitalSignature || ku.nonRepudiation)) add('SIG.CERT.KEYUSAGE', 'pass', 'keyUsage allows signing', 'mục đích sử dụng khóa cho phép ký số', keyInfoEl);
  else {
    add('SIG.CERT.KEYUSAGE', 'fail', ku ? 'keyUsage has neither digitalSignature nor nonRepudiation' : 'the certificate has no keyUsage extension', ku ? 'mục đích sử dụng khóa không có digitalSignature hoặc nonRepudiation' : 'chứng thư không có phần mở rộng keyUsage', keyInfoEl, {
      expected: 'digitalSignature | nonRepudiation',
    });
  }

  const outcome = finish();
  outcome.certificateFingerprint = fingerprint;
  outcome.certificateSubject = leaf.x509.subject;
  return outcome;
}

/** Why the chain fails, or undefined when it reaches an anchor (max 4 intermediates). */
function chainProblem(leaf: CertInfo, anchors: CertInfo[], intermediates: CertInfo[], at: Date | undefined): { en: string; vi: string } | undefined {
  if (anchors.length === 0) return { en: 'the trust store is empty', vi: 'kho chứng thư gốc tin cậy rỗng' };
  let current = leaf;
  const used = new Set<CertInfo>();
  for (let depth = 0; depth < 5; depth++) {
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) {
      if (!anchor.isCa) return { en: 'the issuing certificate is not a CA (basicConstraints cA=false)', vi: 'chứng thư cấp không phải CA (basicConstraints cA=false)' };
      if (at && !validAt(anchor, at)) return { en: 'the trusted CA certificate is not valid at the time of receipt', vi: 'chứng thư CA tin cậy không có hiệu lực tại thời điểm tiếp nhận' };
      return undefined;
    }
    const next = intermediates.find((c) => !used.has(c) && issuedBy(current, c));
    if (!next) {
      const nameMatch = anchors.some((a) => current.x509.checkIssued(a.x509));
      return nameMatch ? { en: 'the issuer name matches a trusted CA but its signature does not verify (rogue CA)', vi: 'tên tổ chức cấp trùng một CA tin cậy nhưng chữ ký của nó không hợp lệ (CA giả mạo)' } : { en: 'no trusted CA issued it', vi: 'không do CA tin cậy nào cấp' };
    }
    if (!next.isCa) return { en: 'an intermediate certificate is not a CA', vi: 'một chứng thư trung gian không phải CA' };
    if (next.keyUsage && !next.keyUsage.keyCertSign) return { en: 'an intermediate certificate may not sign certificates', vi: 'một chứng thư trung gian không được phép cấp chứng thư' };
    if (at && !validAt(next, at)) return { en: 'an intermediate certificate is not valid at the time of receipt', vi: 'một chứng thư trung gian không có hiệu lực tại thời điểm tiếp nhận' };
    used.add(next);
    current = next;
  }
  return { en: 'the chain is too long', vi: 'chuỗi chứng thư quá dài' };
}

/** The PrefixList of an exclusive C14N method/transform's InclusiveNamespaces child. */
function readInclusivePrefixes(el: XmlElement): string[] | undefined {
  for (const c of el.children) {
    if (c.kind === 'element' && (c.name === 'InclusiveNamespaces' || c.name.endsWith(':InclusiveNamespaces'))) {
      const list = attr(c, 'PrefixList');
      return list ? list.trim().split(/\s+/) : [];
    }
  }
  return undefined;
}
