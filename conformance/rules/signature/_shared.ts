/**
 * Shared plumbing of the signature rules: one verification per (package, options), each rule reports the
 * check with its own code. Not a rule module (the group's index.ts lists the rules).
 */
import type { CheckOptions, ParsedPackage } from '../../model.ts';
import type { Citation } from '../../result.ts';
import { type SignatureCheckCode, type VerifyOutcome, verifyEnvelopedSignature } from '../../signature/verify.ts';
import type { Rule, RuleContext, RuleMeta } from '../contract.ts';

/** One verification per package and per set of signature-relevant options (the engine may copy options per rule). */
interface CacheEntry {
  mode: string;
  facility?: string;
  receivedAt?: string;
  registry: CheckOptions['registry'];
  expiryDays?: number;
  outcome: VerifyOutcome;
}
const cache = new WeakMap<ParsedPackage, CacheEntry[]>();

/** Default mode when the options say nothing: verify a signature when there is one. */
export const DEFAULT_SIGNATURE_MODE = 'verify-if-present';

export function signatureOutcome(ctx: RuleContext): VerifyOutcome {
  const { pkg, options } = ctx;
  const mode = options.signatureMode ?? DEFAULT_SIGNATURE_MODE;
  const facility = options.facility ?? pkg.MACSKCB;
  const expiryDays = options.thresholds?.['SIG.CERT.EXPIRY_WARNING_DAYS'];
  let entries = cache.get(pkg);
  if (!entries) cache.set(pkg, (entries = []));
  for (const e of entries) {
    if (e.mode === mode && e.facility === facility && e.receivedAt === options.receivedAt && e.registry === options.registry && e.expiryDays === expiryDays) return e.outcome;
  }
  const at = options.receivedAt !== undefined ? new Date(options.receivedAt) : undefined;
  if (at && Number.isNaN(at.getTime())) throw new Error(`options.receivedAt is not a date: ${options.receivedAt}`);
  const outcome = verifyEnvelopedSignature(pkg, {
    mode,
    facility,
    registeredCerts: options.registry ? (facility ? options.registry.certificatesFor(facility) : []) : undefined,
    trustAnchors: options.registry?.trustAnchors,
    at,
    expiryWarningDays: expiryDays,
  });
  entries.push({ mode, facility, receivedAt: options.receivedAt, registry: options.registry, expiryDays, outcome });
  return outcome;
}

// ---- citations
export const CITE_2733: Citation = {
  decision: 'QĐ 2733/QĐ-BYT',
  clause: 'Phụ lục 01, Điều 4 khoản 3 (cơ sở có chữ ký số, chứng thư số để ký dữ liệu trước khi gửi)',
  source: 'conformance/pilot/pilot-conditions.json#C2',
};
export const CITE_1245: Citation = {
  decision: 'CV 1245/BHXH-CNTT (hướng dẫn liên thông QĐ 4750)',
  clause: 'mục 3.4: thẻ CHUKYDONVI chứa chữ ký số của đơn vị, giải thuật ký SHA256',
  source: 'docs/portal-api.md §3',
};
export const CITE_PROFILE: Citation = {
  decision: 'Hồ sơ chữ ký của nhà cung cấp (Inventec SignXml130, qlbv) — W3C XMLDSig enveloped',
  clause: 'Reference URI="" + enveloped-signature, C14N 20010315, RSA-SHA256, SHA-256, KeyInfo/X509Certificate; chữ ký trong /GIAMDINHHS/CHUKYDONVI',
  source: 'docs/portal-api.md §3',
};

const join = (a: Citation, b: Citation): Citation => ({
  decision: `${a.decision}; ${b.decision}`,
  clause: `${a.clause}; ${b.clause}`,
  source: [a.source, b.source].filter(Boolean).join('; '),
});
export const CITE_2733_1245 = join(CITE_2733, CITE_1245);
export const CITE_1245_PROFILE = join(CITE_1245, CITE_PROFILE);

export interface SignatureRuleMeta extends Omit<RuleMeta, 'id' | 'tables' | 'fields' | 'messages' | 'severity' | 'since'> {
  id: SignatureCheckCode;
  /** short name of what is checked, for the message: vi, en */
  what: { vi: string; en: string };
}

/** What to do when a signature check fails or warns, appended to its message (messages end with what to do). */
const SIGNATURE_ADVICE: Record<string, { vi: string; en: string }> = {
  'SIG.PRESENT': { vi: 'hãy ký số hồ sơ bằng chứng thư của cơ sở trước khi gửi', en: 'sign the record with the facility certificate before sending' },
  'SIG.COUNT': { vi: 'hãy ký lại để tài liệu chỉ có đúng một chữ ký trong CHUKYDONVI', en: 'sign again so that the document holds exactly one signature in CHUKYDONVI' },
  'SIG.LOCATION': { vi: 'hãy đặt chữ ký là phần tử con duy nhất của CHUKYDONVI và ký lại', en: 'put the signature as the only child of CHUKYDONVI and sign again' },
  'SIG.STRUCTURE': { vi: 'hãy ký lại bằng phần mềm ký theo chuẩn XMLDSig', en: 'sign again with XMLDSig-conformant signing software' },
  'SIG.REFERENCE.URI': { vi: 'hãy ký toàn bộ tài liệu với Reference URI=""', en: 'sign the whole document with Reference URI=""' },
  'SIG.TRANSFORMS': { vi: 'hãy ký lại với phép biến đổi enveloped-signature', en: 'sign again with the enveloped-signature transform' },
  'SIG.ALGORITHMS': { vi: 'hãy ký lại với RSA-SHA256, SHA-256 và C14N', en: 'sign again with RSA-SHA256, SHA-256 and C14N' },
  'SIG.DIGEST': { vi: 'không sửa tài liệu sau khi ký; hãy ký lại bản cuối cùng', en: 'do not change the document after signing; sign the final version again' },
  'SIG.VALUE': { vi: 'hãy ký lại bằng khóa của chứng thư trong KeyInfo, không sửa SignedInfo sau khi ký', en: 'sign again with the key of the KeyInfo certificate and leave SignedInfo unchanged' },
  'SIG.CERT.REGISTERED': { vi: 'hãy ký bằng chứng thư đã đăng ký cho cơ sở hoặc đăng ký chứng thư này', en: 'sign with the certificate registered for the facility, or register this one' },
  'SIG.CERT.VALIDITY': { vi: 'hãy ký bằng chứng thư còn hiệu lực (gia hạn và đăng ký chứng thư mới)', en: 'sign with a valid certificate (renew and register the new one)' },
  'SIG.CERT.CHAIN': { vi: 'hãy ký bằng chứng thư do tổ chức cung cấp dịch vụ chứng thực chữ ký số được công nhận cấp', en: 'sign with a certificate issued by a recognised certification authority' },
  'SIG.CERT.KEYUSAGE': { vi: 'hãy ký bằng chứng thư có mục đích ký số (digitalSignature hoặc nonRepudiation)', en: 'sign with a certificate whose key usage allows signing (digitalSignature or nonRepudiation)' },
};

/** A rule reporting the verifier's check with the same code. */
export function signatureRule(m: SignatureRuleMeta): Rule {
  return {
    meta: {
      id: m.id,
      severity: 'error',
      scope: 'package',
      tables: ['ENVELOPE'],
      fields: ['CHUKYDONVI'],
      citation: m.citation,
      messages: { vi: `Chữ ký số (${m.what.vi}): {detail_vi}; ${SIGNATURE_ADVICE[m.id].vi}`, en: `Digital signature (${m.what.en}): {detail_en}; ${SIGNATURE_ADVICE[m.id].en}` },
      since: '2733',
      confidence: m.confidence,
      description_en: m.description_en,
    },
    check(ctx) {
      // A check resting on vendor practice (medium confidence) warns in the default profile and fails only in
      // 'strict'. It cannot let a bad signature through: SIG.VALUE (high) fails whenever the policy gate fails.
      const downgrade = m.confidence !== 'high' && ctx.options.profile !== 'strict';
      for (const c of signatureOutcome(ctx).checks) {
        if (c.code !== m.id) continue;
        const outcome = c.outcome === 'fail' && downgrade ? 'warning' : c.outcome;
        // a pass or not-applicable that is only counted (findings 'problems'): no report to build
        if (ctx.counted(outcome, 'ENVELOPE')) continue;
        ctx.report({
          outcome,
          severity: outcome === 'warning' ? 'warning' : undefined,
          location: { table: 'ENVELOPE', document: 'envelope', field: 'CHUKYDONVI', line: c.line, col: c.col },
          actual: c.actual,
          expected: c.expected,
          data: { detail_vi: c.detail_vi, detail_en: c.detail_en },
          reason: c.outcome === 'skip' || c.outcome === 'not-applicable' ? c.detail_en : undefined,
          reason_vi: c.outcome === 'skip' || c.outcome === 'not-applicable' ? c.detail_vi : undefined,
        });
      }
    },
  };
}
