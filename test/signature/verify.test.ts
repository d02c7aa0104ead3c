/**
 * The verifier accepts correct CHUKYDONVI signatures (ours and xml-crypto's) and refuses tampering,
 * wrapping, Id references, wrong algorithms and bad certificates. xml-crypto is the independent oracle.
 */
import { SignedXml } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { type SignatureCheckCode, type VerifyOptions, verifyEnvelopedSignature } from '../../conformance/signature/verify.ts';
import { XmlParseError } from '../../conformance/xml/parse.ts';
import { EnvelopeError, decodePackage } from '../../conformance/envelope/decode.ts';
import { signEnveloped } from '../../generators/pki/sign.ts';
import { loadTestPki } from '../../generators/pki/test-pki.ts';
import { checkinXml, envelopeXml } from '../../conformance/rules/signature/_fixtures.ts';
import { packageFromXml } from './helpers.ts';

const pki = loadTestPki();
const f1 = pki.facilities['52001'];
const f2 = pki.facilities['52002'];
const AT = new Date('2026-03-19T03:32:45Z');
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

const opts = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  mode: 'required',
  registeredCerts: [f1.certPem],
  trustAnchors: [pki.caCertPem],
  at: AT,
  ...over,
});
const verify = (xml: string, over: Partial<VerifyOptions> = {}) => verifyEnvelopedSignature(packageFromXml(xml), opts(over));
const outcomeOf = (xml: string, code: SignatureCheckCode, over: Partial<VerifyOptions> = {}) => verify(xml, over).checks.find((c) => c.code === code)!;
const failed = (xml: string, over: Partial<VerifyOptions> = {}) =>
  verify(xml, over)
    .checks.filter((c) => c.outcome === 'fail')
    .map((c) => c.code);

interface XcOptions {
  c14n?: string;
  transforms?: string[];
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  prefix?: string;
  xpath?: string;
  isEmptyUri?: boolean;
}
function signWithXmlCrypto(xml: string, key: string, cert: string, o: XcOptions = {}): string {
  const sig = new SignedXml({ privateKey: key, publicCert: cert });
  sig.signatureAlgorithm = o.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  sig.canonicalizationAlgorithm = o.c14n ?? C14N;
  sig.addReference({
    xpath: o.xpath ?? '/*',
    isEmptyUri: o.isEmptyUri ?? true,
    transforms: o.transforms ?? [ENVELOPED, o.c14n ?? C14N],
    digestAlgorithm: o.digestAlgorithm ?? 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { prefix: o.prefix, location: { reference: "/*/*[local-name(.)='CHUKYDONVI']", action: 'append' } });
  return sig.getSignedXml();
}
function xmlCryptoVerifies(signed: string, cert: string): boolean {
  const sx = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
  const m = /<(?:ds:)?Signature[\s>][\s\S]*<\/(?:ds:)?Signature>/.exec(signed)!;
  sx.loadSignature(m[0]);
  return sx.checkSignature(signed);
}

const unsigned = envelopeXml();
const signed = signEnveloped(unsigned, f1.keyPem, f1.certPem);
const sigBlock = signed.slice(signed.indexOf('<Signature '), signed.indexOf('</Signature>') + 12);

describe('accepts correct signatures', () => {
  it('ours, inclusive C14N (the vendor profile): every check passes', () => {
    const out = verify(signed);
    expect(out.valid).toBe(true);
    expect(out.checks.map((c) => c.outcome)).toEqual(Array(13).fill('pass'));
    expect(out.certificateSubject).toContain('MA_CSKCB:52001');
  });
  it('ours, exclusive C14N, and the XML0 check-in', () => {
    expect(verify(signEnveloped(unsigned, f1.keyPem, f1.certPem, { c14n: 'exclusive' })).valid).toBe(true);
    const checkin = signEnveloped(checkinXml(), f1.keyPem, f1.certPem);
    const out = verifyEnvelopedSignature(packageFromXml(checkin), opts());
    expect(out.valid).toBe(true);
  });
  it('ours with a BOM and CRLF line endings', () => {
    const crlf = '\ufeff' + unsigned.replace(/\n/g, '\r\n');
    const s = signEnveloped(crlf, f1.keyPem, f1.certPem);
    expect(s.charCodeAt(0)).toBe(0xfeff);
    expect(verify(s).valid).toBe(true);
    expect(xmlCryptoVerifies(s.slice(1), f1.certPem)).toBe(true);
  });
  it('xml-crypto verifies ours (inclusive and exclusive)', () => {
    expect(xmlCryptoVerifies(signed, f1.certPem)).toBe(true);
    expect(xmlCryptoVerifies(signEnveloped(unsigned, f1.keyPem, f1.certPem, { c14n: 'exclusive' }), f1.certPem)).toBe(true);
  });
  it('ours verifies xml-crypto (inclusive, exclusive, ds: prefix, enveloped transform only)', () => {
    for (const o of [{}, { c14n: EXC_C14N }, { prefix: 'ds' }, { transforms: [ENVELOPED] }] as XcOptions[]) {
      const s = signWithXmlCrypto(unsigned, f1.keyPem, f1.certPem, o);
      const out = verify(s);
      expect(out.checks.filter((c) => c.outcome !== 'pass')).toEqual([]);
    }
  });
  it('signing is deterministic for a fixed key, and the Id derives from the content', () => {
    expect(signEnveloped(unsigned, f1.keyPem, f1.certPem)).toBe(signed);
    const other = signEnveloped(envelopeXml('<DU_PHONG/>'), f1.keyPem, f1.certPem);
    expect(/Id="([^"]+)"/.exec(other)![1]).not.toBe(/Id="([^"]+)"/.exec(signed)![1]);
  });
  it('creates CHUKYDONVI as the last child when it is missing', () => {
    const s = signEnveloped(unsigned.replace('  <CHUKYDONVI/>\n', ''), f1.keyPem, f1.certPem);
    expect(s).toMatch(/<CHUKYDONVI><Signature [^]*<\/Signature><\/CHUKYDONVI><\/GIAMDINHHS>/);
    expect(verify(s).valid).toBe(true);
  });
});

describe('refuses', () => {
  it('a tampered byte in NOIDUNGFILE', () => {
    const i = signed.indexOf('<NOIDUNGFILE>') + 20;
    const tampered = signed.slice(0, i) + (signed[i] === 'A' ? 'B' : 'A') + signed.slice(i + 1);
    expect(failed(tampered)).toEqual(['SIG.DIGEST']);
    expect(xmlCryptoVerifies(tampered, f1.certPem)).toBe(false);
  });
  it('a whitespace change (re-indenting after signing)', () => {
    expect(failed(signed.replace('<SOLUONGHOSO>', ' <SOLUONGHOSO>'))).toEqual(['SIG.DIGEST']);
    expect(failed(signed.replace('</THONGTINHOSO>\n', '</THONGTINHOSO>\n\n'))).toEqual(['SIG.DIGEST']);
  });
  it('a second Signature (wrapping): policy fails, crypto is skipped', () => {
    const wrapped = signed.replace('<MACSKCB>52001</MACSKCB>', `<MACSKCB>52001</MACSKCB><DU_PHONG>${sigBlock}</DU_PHONG>`);
    const out = verify(wrapped);
    expect(out.valid).toBe(false);
    const count = out.checks.find((c) => c.code === 'SIG.COUNT')!;
    expect(count.outcome).toBe('fail');
    expect(count.line).toBe(4); // the smuggled copy, on the MACSKCB line
    expect(out.checks.find((c) => c.code === 'SIG.DIGEST')!.outcome).toBe('skip');
    // the gate makes SIG.VALUE fail, so a lenient profile downgrading policy rules cannot accept it
    expect(out.checks.find((c) => c.code === 'SIG.VALUE')!.outcome).toBe('fail');
  });
  it('the signed document moved inside DU_PHONG under a forged root (XSW)', () => {
    const original = signed.slice(signed.indexOf('<GIAMDINHHS'));
    const forged = (withSig: boolean) =>
      `<?xml version="1.0" encoding="utf-8"?>\n<GIAMDINHHS><THONGTINDONVI><MACSKCB>52001</MACSKCB><DU_PHONG>${original.trim()}</DU_PHONG></THONGTINDONVI>` +
      `<THONGTINHOSO><NGAYLAP>20260319</NGAYLAP><SOLUONGHOSO>42</SOLUONGHOSO></THONGTINHOSO><CHUKYDONVI>${withSig ? sigBlock : ''}</CHUKYDONVI></GIAMDINHHS>`;
    expect(failed(forged(false))).toEqual(['SIG.LOCATION', 'SIG.VALUE']);
    expect(failed(forged(true))).toEqual(['SIG.COUNT', 'SIG.LOCATION', 'SIG.VALUE']);
  });
  it('an Id-based Reference URI="#HS1" that xml-crypto alone would accept', () => {
    const withId = unsigned.replace('<THONGTINHOSO>', '<THONGTINHOSO Id="HS1">');
    const s = signWithXmlCrypto(withId, f1.keyPem, f1.certPem, { xpath: "//*[@Id='HS1']", isEmptyUri: false, transforms: [EXC_C14N] });
    expect(xmlCryptoVerifies(s, f1.certPem)).toBe(true);
    const uri = outcomeOf(s, 'SIG.REFERENCE.URI');
    expect(uri.outcome).toBe('fail');
    expect(uri.actual).toBe('#HS1');
    expect(verify(s).valid).toBe(false);
  });
  it('wrong algorithms (rsa-sha1 / sha1 digest)', () => {
    const s = signWithXmlCrypto(unsigned, f1.keyPem, f1.certPem, {
      signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    });
    const alg = outcomeOf(s, 'SIG.ALGORITHMS');
    expect(alg.outcome).toBe('fail');
    expect(alg.actual).toContain('rsa-sha1');
    expect(alg.actual).toContain('DigestMethod');
  });
  it('C14N with comments and extra transforms', () => {
    expect(failed(signWithXmlCrypto(unsigned, f1.keyPem, f1.certPem, { c14n: `${C14N}#WithComments` }))).toEqual(['SIG.TRANSFORMS', 'SIG.ALGORITHMS', 'SIG.VALUE']);
    expect(failed(signed.replace(`<Transform Algorithm="${ENVELOPED}" />`, `<Transform Algorithm="${ENVELOPED}" /><Transform Algorithm="${ENVELOPED}" />`))).toEqual(['SIG.TRANSFORMS', 'SIG.VALUE']);
  });
  it('a modified SignedInfo or SignatureValue, or another key', () => {
    expect(failed(signed.replace('<Reference URI="">', '<Reference URI="" Type="x">'))).toEqual(['SIG.VALUE']);
    const v = signed.indexOf('<SignatureValue>') + 16;
    expect(failed(signed.slice(0, v) + (signed[v] === 'A' ? 'B' : 'A') + signed.slice(v + 1))).toEqual(['SIG.VALUE']);
    expect(failed(signEnveloped(unsigned, f2.keyPem, f1.certPem))).toEqual(['SIG.VALUE']);
  });
  it('an unregistered certificate (52002 signing for 52001), and an unknown facility', () => {
    expect(failed(signEnveloped(unsigned, f2.keyPem, f2.certPem))).toEqual(['SIG.CERT.REGISTERED']);
    expect(failed(signed, { registeredCerts: [] })).toEqual(['SIG.CERT.REGISTERED']);
  });
  it('an expired certificate even when registered', () => {
    const s = signEnveloped(unsigned, pki.expired.keyPem, pki.expired.certPem);
    expect(failed(s, { registeredCerts: [pki.expired.certPem] })).toEqual(['SIG.CERT.VALIDITY']);
  });
  it('a rogue-CA certificate that copies the trusted CA name, even when registered', () => {
    const s = signEnveloped(unsigned, pki.rogue.keyPem, pki.rogue.certPem);
    const chain = outcomeOf(s, 'SIG.CERT.CHAIN', { registeredCerts: [pki.rogue.certPem] });
    expect(chain.outcome).toBe('fail');
    expect(chain.detail_en).toContain('rogue CA');
    expect(failed(s, { registeredCerts: [pki.rogue.certPem] })).toEqual(['SIG.CERT.CHAIN']);
  });
  it('a certificate whose keyUsage does not allow signing', () => {
    const s = signEnveloped(unsigned, pki.noSigning.keyPem, pki.noSigning.certPem);
    expect(failed(s, { registeredCerts: [pki.noSigning.certPem] })).toEqual(['SIG.CERT.KEYUSAGE']);
  });
  it('an Object carrying content, and a KeyInfo without certificate', () => {
    expect(failed(signed.replace('</KeyInfo>', '</KeyInfo><Object><X>1</X></Object>'))).toEqual(['SIG.STRUCTURE', 'SIG.VALUE']);
    expect(failed(signed.replace(/<X509Certificate>[^<]*<\/X509Certificate>/, ''))).toEqual(['SIG.STRUCTURE', 'SIG.VALUE']);
  });
  it('hostile deep nesting is refused by the parser gate before any crypto', () => {
    const deep = signed.replace('<MACSKCB>52001</MACSKCB>', `<MACSKCB>52001</MACSKCB>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`);
    let err: unknown;
    try {
      packageFromXml(deep);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XmlParseError);
    expect((err as XmlParseError).code).toBe('XML_DEPTH_LIMIT');
    // the real decoder refuses it too, with an envelope error and a line
    expect(() => decodePackage(new TextEncoder().encode(deep))).toThrow(EnvelopeError);
  });
});

describe('modes', () => {
  it("'required' fails an unsigned document; 'verify-if-present' warns; 'off' makes everything not applicable", () => {
    const req = verify(unsigned);
    expect(req.checks.find((c) => c.code === 'SIG.PRESENT')!.outcome).toBe('fail');
    expect(req.valid).toBe(false);
    const vip = verify(unsigned, { mode: 'verify-if-present' });
    expect(vip.checks.find((c) => c.code === 'SIG.PRESENT')!.outcome).toBe('warning');
    expect(vip.checks.filter((c) => c.code !== 'SIG.PRESENT').every((c) => c.outcome === 'not-applicable')).toBe(true);
    expect(verify(signed, { mode: 'off' }).checks.every((c) => c.outcome === 'not-applicable')).toBe(true);
    // a present signature is verified in verify-if-present mode too
    expect(failed(signed.replace('<SOLUONGHOSO>', ' <SOLUONGHOSO>'), { mode: 'verify-if-present' })).toEqual(['SIG.DIGEST']);
  });
  it('skips the registry, trust and time checks when they are not configured', () => {
    const out = verify(signed, { registeredCerts: undefined, trustAnchors: undefined, at: undefined });
    const skipped = out.checks.filter((c) => c.outcome === 'skip').map((c) => c.code);
    expect(skipped).toEqual(['SIG.CERT.REGISTERED', 'SIG.CERT.VALIDITY', 'SIG.CERT.CHAIN']);
  });
  it('warns 30 days before expiry (QĐ 2733 C2) without failing', () => {
    const out = verify(signed, { at: new Date('2039-12-20T00:00:00Z') });
    expect(out.checks.find((c) => c.code === 'SIG.CERT.VALIDITY')!.outcome).toBe('warning');
    expect(out.valid).toBe(true);
  });
});

describe('certificate caches (parsed certificates, the last X509Certificate text, issuer verdicts) never carry a verdict over', () => {
  const certText = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
  const withCert = (xml: string, texts: string[]) =>
    xml.replace(/<X509Certificate>[^<]*<\/X509Certificate>/, texts.map((t) => `<X509Certificate>${t}</X509Certificate>`).join(''));

  it('the same certificate over different signed content: the digest and the signature value are checked each time', () => {
    expect(verify(signed).valid).toBe(true);
    const i = signed.indexOf('<NOIDUNGFILE>') + 20;
    const tampered = signed.slice(0, i) + (signed[i] === 'A' ? 'B' : 'A') + signed.slice(i + 1);
    expect(failed(tampered)).toEqual(['SIG.DIGEST']);
    // SignedInfo changed (DigestValue of other content) with the same certificate: the RSA check fails
    const other = signEnveloped(envelopeXml('<DU_PHONG/>'), f1.keyPem, f1.certPem);
    const otherDigest = /<DigestValue>([^<]*)</.exec(other)![1];
    const swappedDigest = signed.replace(/<DigestValue>[^<]*</, `<DigestValue>${otherDigest}<`);
    expect(failed(swappedDigest)).toEqual(['SIG.DIGEST', 'SIG.VALUE']);
    expect(verify(signed).valid).toBe(true);
  });

  it("another facility's certificate swapped into KeyInfo after the right one was read: SignatureValue fails", () => {
    expect(verify(signed).valid).toBe(true);
    const swapped = withCert(signed, [certText(f2.certPem)]);
    expect(failed(swapped, { registeredCerts: [f1.certPem, f2.certPem] })).toEqual(['SIG.VALUE']);
    expect(failed(swapped)).toEqual(['SIG.VALUE', 'SIG.CERT.REGISTERED']);
  });

  it('the same certificate text with whitespace, then broken base64, then not a certificate', () => {
    const text = certText(f1.certPem);
    expect(verify(withCert(signed, [text.replace(/(.{64})/g, '$1\n')])).valid).toBe(true);
    expect(failed(withCert(signed, [`${text.slice(0, -4)}*${text.slice(-3)}`]))).toEqual(['SIG.STRUCTURE', 'SIG.VALUE']);
    // same names and key, other bytes (its own signature broken): not the registered one, not issued by the CA
    expect(failed(withCert(signed, [`${text.slice(0, -4)}AAAA`]))).toEqual(['SIG.CERT.REGISTERED', 'SIG.CERT.CHAIN']);
    expect(failed(withCert(signed, ['AAAA']))).toEqual(['SIG.STRUCTURE', 'SIG.VALUE']);
    expect(verify(signed).valid).toBe(true);
  });

  it('validity is evaluated at each time of receipt, for the same cached certificate', () => {
    const at = (iso: string) => outcomeOf(signed, 'SIG.CERT.VALIDITY', { at: new Date(iso) }).outcome;
    expect(at('2026-03-19T00:00:00Z')).toBe('pass');
    expect(at('2041-01-01T00:00:00Z')).toBe('fail');
    expect(at('2039-12-20T00:00:00Z')).toBe('warning');
    expect(at('2024-06-01T00:00:00Z')).toBe('fail');
    expect(at('2026-03-19T00:00:00Z')).toBe('pass');
  });

  it('issuer verdicts: a rogue CA with the trusted name is not taken for the trusted one, and back', () => {
    const rogueSigned = signEnveloped(unsigned, pki.rogue.keyPem, pki.rogue.certPem);
    for (let round = 0; round < 2; round++) {
      expect(outcomeOf(signed, 'SIG.CERT.CHAIN').outcome).toBe('pass');
      expect(outcomeOf(signed, 'SIG.CERT.CHAIN', { trustAnchors: [pki.rogue.caCertPem] }).outcome).toBe('fail');
      expect(outcomeOf(rogueSigned, 'SIG.CERT.CHAIN', { registeredCerts: [pki.rogue.certPem] }).outcome).toBe('fail');
      expect(outcomeOf(rogueSigned, 'SIG.CERT.CHAIN', { registeredCerts: [pki.rogue.certPem], trustAnchors: [pki.rogue.caCertPem] }).outcome).toBe('pass');
      // the rogue CA offered as an intermediate does not help the real leaf or the rogue leaf reach the real CA
      expect(outcomeOf(withCert(signed, [certText(f1.certPem), certText(pki.rogue.caCertPem)]), 'SIG.CERT.CHAIN').outcome).toBe('pass');
      expect(outcomeOf(withCert(rogueSigned, [certText(pki.rogue.certPem), certText(pki.rogue.caCertPem)]), 'SIG.CERT.CHAIN', { registeredCerts: [pki.rogue.certPem] }).outcome).toBe('fail');
    }
  });

  it('the trusted CA expired at the time of receipt fails the chain, valid at another time passes, same certificates', () => {
    const chain = (iso: string) => outcomeOf(signed, 'SIG.CERT.CHAIN', { at: new Date(iso) });
    expect(chain('2026-03-19T00:00:00Z').outcome).toBe('pass');
    const late = chain('2200-01-01T00:00:00Z');
    expect(late.outcome).toBe('fail');
    expect(late.detail_en).toContain('trusted CA certificate is not valid');
    expect(chain('2026-03-19T00:00:00Z').outcome).toBe('pass');
  });
});
