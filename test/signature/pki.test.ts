/** The test PKI: certificates are well-formed, UTF-8 subjects survive, PKCS#12 loads in OpenSSL, chains work. */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { verifyEnvelopedSignature } from '../../conformance/signature/verify.ts';
import { envelopeXml } from '../../conformance/rules/signature/_fixtures.ts';
import { TEST_CA_NAME, createCa, createFacilityCertificate, exportPkcs12 } from '../../generators/pki/pki.ts';
import { signEnveloped } from '../../generators/pki/sign.ts';
import { loadTestPki } from '../../generators/pki/test-pki.ts';
import { packageFromXml } from './helpers.ts';

const pki = loadTestPki();

describe('committed test PKI', () => {
  it('has the CA and the five demo facilities, with Vietnamese subjects intact', () => {
    const ca = new X509Certificate(pki.caCertPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain(`CN=${TEST_CA_NAME}`);
    expect(Object.keys(pki.facilities).sort()).toEqual(['52001', '52002', '52003', '52010', '52015']);
    for (const [code, kp] of Object.entries(pki.facilities)) {
      const leaf = new X509Certificate(kp.certPem);
      expect(leaf.subject).toContain(`UID=MA_CSKCB:${code}`);
      expect(leaf.subject).toContain('ST=Bình Định');
      expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
      expect(leaf.ca).toBe(false);
      expect(leaf.checkPrivateKey(createPrivateKey(kp.keyPem))).toBe(true);
    }
  });
  it('the rogue leaf names the CA but is not signed by it; the expired one expired in 2024', () => {
    const ca = new X509Certificate(pki.caCertPem);
    const rogue = new X509Certificate(pki.rogue.certPem);
    expect(rogue.checkIssued(ca)).toBe(true);
    expect(rogue.verify(ca.publicKey)).toBe(false);
    expect(new X509Certificate(pki.expired.certPem).validTo).toContain('2024');
  });
  it('the PKCS#12 files open with the public password (forge and OpenSSL)', async () => {
    const { readFileSync } = await import('node:fs');
    const { TEST_PKI_DIR } = await import('../../generators/pki/test-pki.ts');
    const pfx = readFileSync(`${TEST_PKI_DIR}/facility-52001.p12`);
    expect(() => createSecureContext({ pfx, passphrase: 'sskdt-lab' })).not.toThrow();
    expect(() => createSecureContext({ pfx, passphrase: 'wrong' })).toThrow();
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), 'sskdt-lab');
    expect(p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]!.length).toBe(2);
  });
});

describe('runtime issuance (portal)', () => {
  it('root → intermediate → facility leaf: verifies with the intermediate in X509Data; exportPkcs12 round-trips', () => {
    const root = createCa({ commonName: 'sskdt-lab Runtime Root — KHÔNG DÙNG THẬT' });
    const intermediate = createCa({ commonName: 'sskdt-lab Runtime Issuing CA', issuer: root });
    const leaf = createFacilityCertificate({ ca: intermediate, facilityCode: '52099', facilityName: 'Phòng khám Thử Nghiệm Tây Sơn' });
    const inter = new X509Certificate(intermediate.certPem);
    expect(inter.checkIssued(new X509Certificate(root.certPem))).toBe(true);
    expect(new X509Certificate(leaf.certPem).subject).toContain('O=Phòng khám Thử Nghiệm Tây Sơn');

    const signed = signEnveloped(envelopeXml().replace('>52001<', '>52099<'), leaf.keyPem, leaf.certPem);
    const opts = { mode: 'required' as const, registeredCerts: [leaf.certPem], trustAnchors: [root.certPem], at: new Date() };
    const without = verifyEnvelopedSignature(packageFromXml(signed), opts);
    expect(without.checks.find((c) => c.code === 'SIG.CERT.CHAIN')!.outcome).toBe('fail');
    // KeyInfo is not signed: adding the intermediate certificate keeps the signature valid.
    const withIntermediate = signed.replace('</X509Certificate>', `</X509Certificate><X509Certificate>${inter.raw.toString('base64')}</X509Certificate>`);
    const out = verifyEnvelopedSignature(packageFromXml(withIntermediate), opts);
    expect(out.checks.filter((c) => c.outcome !== 'pass')).toEqual([]);

    const p12 = exportPkcs12({ ...leaf, chainPems: [intermediate.certPem, root.certPem], password: 'pw', algorithm: '3des' });
    expect(() => createSecureContext({ pfx: Buffer.from(p12), passphrase: 'pw' })).not.toThrow();
  });
  it('refuses a facility code that is not 5 characters', () => {
    expect(() => createFacilityCertificate({ ca: { keyPem: pki.caKeyPem, certPem: pki.caCertPem }, facilityCode: '5201', facilityName: 'x', keyPem: pki.facilities['52001'].keyPem })).toThrow(/5 characters/);
  });
});
