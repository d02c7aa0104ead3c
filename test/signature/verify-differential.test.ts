/**
 * The verifier with its fast paths (C14N cursors, hashing from the received bytes, certificate text memo, …)
 * gives exactly the checks of the frozen reference verifier (test/signature/reference/, the code before those
 * fast paths) on signed documents and on many seeded mutations of them: broken and valid signatures, BOM, CRLF,
 * references, CDATA, non-ASCII and astral text, swapped certificates, policy violations. Each variant is checked
 * as a package from the real decoder (bytes kept) and as one from the parser alone (text only), under several
 * option sets.
 */
import { describe, expect, it } from 'vitest';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { ParsedPackage } from '../../conformance/model.ts';
import { type VerifyOptions, isoString, verifyEnvelopedSignature } from '../../conformance/signature/verify.ts';
import { checkinXml, envelopeXml } from '../../conformance/rules/signature/_fixtures.ts';
import { signEnveloped } from '../../generators/pki/sign.ts';
import { loadTestPki } from '../../generators/pki/test-pki.ts';
import { packageFromXml } from './helpers.ts';
import { verifyEnvelopedSignature as referenceVerify } from './reference/verify.ts';
// mulberry32: failures reproduce from the seed
import { rng } from '../../generators/fuzz.ts';

const pki = loadTestPki();
const f1 = pki.facilities['52001'];
const f2 = pki.facilities['52002'];
const DS = 'http://www.w3.org/2000/09/xmldsig#';


const certBase64 = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

function bases(): { name: string; xml: string }[] {
  const env = envelopeXml('\n    <TEN_CSKCB>Bệnh viện Đa khoa tỉnh Bình Định 😀 &amp; &#x1F600; <![CDATA[a > b]]></TEN_CSKCB>');
  const signed = signEnveloped(env, f1.keyPem, f1.certPem);
  const out = [
    { name: 'envelope', xml: signed },
    { name: 'envelope exclusive', xml: signEnveloped(env, f1.keyPem, f1.certPem, { c14n: 'exclusive' }) },
    { name: 'envelope plain', xml: signEnveloped(envelopeXml(), f1.keyPem, f1.certPem) },
    { name: 'check-in', xml: signEnveloped(checkinXml(), f1.keyPem, f1.certPem) },
    { name: 'check-in 52002', xml: signEnveloped(checkinXml(), f2.keyPem, f2.certPem) },
    { name: 'expired', xml: signEnveloped(env, pki.expired.keyPem, pki.expired.certPem) },
    { name: 'no signing usage', xml: signEnveloped(env, pki.noSigning.keyPem, pki.noSigning.certPem) },
    { name: 'rogue', xml: signEnveloped(env, pki.rogue.keyPem, pki.rogue.certPem) },
    { name: 'BOM', xml: `\ufeff${signed}` },
    { name: 'two BOMs', xml: `\ufeff\ufeff${signed}` },
    { name: 'BOM + CRLF signed', xml: `\ufeff${signEnveloped(env.replace(/\n/g, '\r\n'), f1.keyPem, f1.certPem)}` },
    { name: 'unsigned', xml: env },
  ];
  // an intermediate certificate in X509Data (the chain has to skip or use it)
  out.push({ name: 'extra X509Certificate', xml: signed.replace('</X509Data>', `<X509Certificate>${certBase64(pki.caCertPem)}</X509Certificate></X509Data>`) });
  return out;
}

const INSERTS = [' ', '\n', '\r\n', '\r', '\t', '&amp;', '&#xD;', '&#13;', '&gt;', '>', 'Đ', 'ữ', '😀', '<!-- c -->', '<?pi x?>', '<![CDATA[x]]>', '<e/>', '<e a="1" b=\'2\'/>', '\u00a0', '\u2028', '\ufeff'];
const SUBSTITUTES = ['A', 'z', '0', '+', '/', '=', ' ', '\n', '\r', '>', '<', '&', '"', ':', 'Đ', '😀'];
/** targeted edits: [from, to] applied to the first occurrence (or every one with `all`) */
const EDITS: [string | RegExp, string | ((m: string) => string)][] = [
  ['URI=""', 'URI="#x"'],
  ['URI=""', ''],
  ['<SignedInfo>', '<SignedInfo xml:lang="vi">'],
  ['<SignedInfo>', `<SignedInfo xmlns:p="urn:p" p:a="1">`],
  ['<Reference URI="">', '<Reference URI="" Id="r">'],
  ['http://www.w3.org/TR/2001/REC-xml-c14n-20010315', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  ['http://www.w3.org/TR/2001/REC-xml-c14n-20010315', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments'],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', `${DS}rsa-sha1`],
  ['http://www.w3.org/2001/04/xmlenc#sha256', `${DS}sha1`],
  [`${DS}enveloped-signature`, 'http://www.w3.org/TR/1999/REC-xpath-19991116'],
  [`<Transform Algorithm="${DS}enveloped-signature" />`, `<Transform Algorithm="${DS}enveloped-signature" /><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><InclusiveNamespaces xmlns="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xsi #default" /></Transform>`],
  [`<Transform Algorithm="${DS}enveloped-signature" />`, `<Transform Algorithm="${DS}enveloped-signature" /><Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315" />`],
  ['</KeyInfo>', '</KeyInfo><Object></Object>'],
  ['</KeyInfo>', '</KeyInfo><Object>x</Object>'],
  ['</KeyInfo>', '</KeyInfo><Foo/>'],
  ['<KeyInfo>', '<KeyInfo><KeyName>k</KeyName>'],
  [/<KeyInfo>[\s\S]*<\/KeyInfo>/, ''],
  [/<X509Certificate>[^<]*<\/X509Certificate>/, ''],
  [/<X509Certificate>[^<]*/, `<X509Certificate>${certBase64(f2.certPem)}`],
  [/<X509Certificate>[^<]*/, `<X509Certificate>${certBase64(pki.rogue.caCertPem)}`],
  [/<X509Certificate>[^<]*/, '<X509Certificate>QUJD'],
  [/<X509Certificate>[^<]*/, '<X509Certificate>not base64!'],
  [/<X509Certificate>([^<]{64})/, '<X509Certificate>$1\n   '],
  [/<SignatureValue>([^<]{64})/, '<SignatureValue>$1\r\n'],
  [/<SignatureValue>[^<]*/, '<SignatureValue>'],
  [/<SignatureValue>[^<]*/, '<SignatureValue>AAAA'],
  [/<DigestValue>[^<]*/, '<DigestValue>AAAA'],
  [/<DigestValue>([^<]*)/, '<DigestValue> $1 '],
  [/<DigestMethod [^>]*>/, ''],
  [/<Reference /, '<Reference URI=""><DigestValue/></Reference><Reference '],
  [/<Signature /, '<ds:Foo xmlns:ds="urn:x"/><Signature '],
  [/<Signature xmlns="[^"]*"/, '<Signature xmlns="urn:not-dsig"'],
  [/<Signature xmlns="[^"]*"/, `<ds:Signature xmlns:ds="${DS}"`],
  [/<CHUKYDONVI>/, '<CHUKYDONVI><X/>'],
  [/<CHUKYDONVI>[\s\S]*<\/CHUKYDONVI>/, (m: string) => `${m}${m}`],
  [/<CHUKYDONVI>([\s\S]*)<\/CHUKYDONVI>/, '<CHUKYDONVI></CHUKYDONVI><CHUKYDONVI>$1</CHUKYDONVI>'],
  [/(<MACSKCB>52001<\/MACSKCB>)/, '$1<DU_PHONG><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/></DU_PHONG>'],
  [/<MACSKCB>52001/, '<MACSKCB>52002'],
  [/<MACSKCB>52001<\/MACSKCB>/, ''],
  [/<NGAYLAP>20260319/, '<NGAYLAP>20260318'],
  [/\n/g, '\r\n'],
  [/></g, '>\n<'],
  [/<GIAMDINHHS /, '<GIAMDINHHS xml:space="preserve" '],
  [/<GIAMDINHHS /, '<GIAMDINHHS xmlns="urn:d" '],
  [/<GIAMDINHHS[^>]*>/, '<GIAMDINHHS>'],
  [/^<\?xml[^>]*>/, '<?xml version="1.0" encoding="utf-8"?><?pi a?><!-- c -->'],
  [/$/, '<!-- tail --><?tail?>'],
];

function mutate(xml: string, r: () => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const k = r();
  if (k < 0.35) {
    const [from, to] = pick(EDITS);
    return typeof to === 'function' ? xml.replace(from, to) : xml.replace(from, to);
  }
  // positions biased to the signature, where the verifier's logic is
  const sigAt = Math.max(0, xml.indexOf('<CHUKYDONVI'));
  const at = r() < 0.6 ? sigAt + Math.floor(r() * (xml.length - sigAt)) : Math.floor(r() * xml.length);
  if (k < 0.6) return xml.slice(0, at) + pick(INSERTS) + xml.slice(at);
  if (k < 0.85) return xml.slice(0, at) + pick(SUBSTITUTES) + xml.slice(at + 1);
  return xml.slice(0, at) + xml.slice(at + 1 + Math.floor(r() * 8));
}

const AT = new Date('2026-03-19T03:32:45Z');
const OPTION_SETS: VerifyOptions[] = [
  { mode: 'required', registeredCerts: [f1.certPem], trustAnchors: [pki.caCertPem], at: AT },
  { mode: 'verify-if-present', at: AT, facility: '52001' },
  { mode: 'required', registeredCerts: [f2.certPem, f1.certPem, 'not a pem'], trustAnchors: [pki.rogue.caCertPem, pki.caCertPem], at: new Date('2039-12-15T00:00:00Z'), expiryWarningDays: 60 },
  { mode: 'required', registeredCerts: [], trustAnchors: [], facility: '' },
  { mode: 'off' },
];

type Verify = typeof verifyEnvelopedSignature;
function run(verify: Verify, pkg: ParsedPackage, o: VerifyOptions): string {
  try {
    return JSON.stringify(verify(pkg, o));
  } catch (err) {
    return `threw ${(err as Error).message}`;
  }
}

function packages(xml: string): ParsedPackage[] {
  const out: ParsedPackage[] = [];
  try {
    out.push(decodePackage(Buffer.from(xml, 'utf8')));
  } catch {
    // not a package the decoder accepts: the parser-only package below still is checked
  }
  try {
    out.push(packageFromXml(xml));
  } catch {
    // not well-formed
  }
  return out;
}

describe('verifier differential: current vs frozen reference', () => {
  it('signed documents and 1,500 seeded mutations × decoder/parser packages × 5 option sets give identical outcomes', () => {
    const r = rng(20261203);
    const docs = bases();
    let compared = 0;
    let validSeen = 0;
    let digestFails = 0;
    for (let i = 0; i < 1500 + docs.length; i++) {
      const base = docs[i % docs.length];
      let xml = base.xml;
      if (i >= docs.length) {
        xml = mutate(xml, r);
        if (r() < 0.3) xml = mutate(xml, r);
      }
      for (const pkg of packages(xml)) {
        for (const o of OPTION_SETS) {
          const want = run(referenceVerify as Verify, pkg, o);
          const got = run(verifyEnvelopedSignature, pkg, o);
          if (got !== want) expect(got, `${base.name} #${i}\n${xml}`).toBe(want);
          compared++;
          if (want.includes('"valid":true')) validSeen++;
          if (want.includes('"code":"SIG.DIGEST","outcome":"fail"')) digestFails++;
        }
      }
    }
    // the mutations reach every stage: valid signatures, digest failures, and many comparisons overall
    expect(compared).toBeGreaterThan(8000);
    expect(validSeen).toBeGreaterThan(300);
    expect(digestFails).toBeGreaterThan(300);
  });
});

describe('isoString', () => {
  it('equals Date.prototype.toISOString on 200,000 times, the edges of 0000–9999, and throws like it on an invalid date', () => {
    const r = rng(7);
    const times: number[] = [0, -1, 1, 86_399_999, 86_400_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15, 951_782_400_000, 4_107_542_400_000];
    for (let i = 0; i < 200_000; i++) times.push(Math.round((r() * 2 - 1) * (i % 2 ? 8.64e15 : 2e12)));
    const wrong: string[] = [];
    for (const t of times) {
      const d = new Date(t);
      if (isoString(d) !== d.toISOString()) wrong.push(`${t}: ${isoString(d)} ≠ ${d.toISOString()}`);
    }
    expect(wrong).toEqual([]);
    expect(() => isoString(new Date(Number.NaN))).toThrow(RangeError);
  });
});
