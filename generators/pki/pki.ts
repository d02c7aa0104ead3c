/**
 * Test PKI for the simulator: a root CA, per-facility signing certificates and PKCS#12 export, with
 * node-forge (X.509 issuance is not in node:crypto). RSA keys come from node:crypto (fast, native).
 *
 * Everything issued here is test material for the sskdt-lab simulator. The CA name says so
 * ("KHÔNG DÙNG THẬT" = not for real use) so a certificate can never be mistaken for a real one.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export const TEST_CA_NAME = 'sskdt-lab Test CA — KHÔNG DÙNG THẬT';

/** OID of the LDAP `UID` attribute (Vietnamese CAs put MST:/CMND:/… identifiers there). */
const OID_UID = '0.9.2342.19200300.100.1.1';

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

export interface CaOptions {
  commonName?: string;
  organization?: string;
  validFrom?: Date;
  validTo?: Date;
  keyBits?: number;
  /** reuse a key (PEM) instead of generating one */
  keyPem?: string;
  /** issue the CA certificate with another CA (intermediate); self-signed when absent */
  issuer?: KeyAndCert;
}

export interface FacilityCertOptions {
  ca: KeyAndCert;
  /** 5-character facility code (MA_CSKCB), e.g. '52001' */
  facilityCode: string;
  facilityName: string;
  /** province name for ST, e.g. 'Bình Định' */
  province?: string;
  validFrom?: Date;
  validTo?: Date;
  keyBits?: number;
  keyPem?: string;
  /** key usage bits; default digitalSignature + nonRepudiation (the profile of Vietnamese signing certificates) */
  keyUsage?: { digitalSignature?: boolean; nonRepudiation?: boolean; keyEncipherment?: boolean; keyCertSign?: boolean };
}

const utf8 = (value: string) => ({ valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class, value });

function newKeyPem(bits: number): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A positive serial of 16 random bytes, hex (the leading nibble kept < 8 so the DER INTEGER is positive). */
function newSerial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  b[0] |= 0x10;
  return b.toString('hex');
}

/**
 * The subject of a parsed certificate, usable as the issuer of a new one. forge hands back UTF8String
 * values as raw UTF-8 bytes; setting them again as-is would encode them twice.
 */
function issuerAttributesOf(certPem: string): forge.pki.CertificateField[] {
  const cert = forge.pki.certificateFromPem(certPem);
  return cert.subject.attributes.map((a) => {
    const tag = a.valueTagClass as unknown as number;
    if (tag === (forge.asn1.Type.UTF8 as unknown as number) && typeof a.value === 'string') {
      return { type: a.type, valueTagClass: a.valueTagClass, value: forge.util.decodeUtf8(a.value) };
    }
    return { type: a.type, valueTagClass: a.valueTagClass, value: a.value };
  });
}

function keysFrom(keyPem: string): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const privateKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  return { privateKey, publicKey };
}

function defaultWindow(years: number): { from: Date; to: Date } {
  const from = new Date();
  from.setUTCHours(0, 0, 0, 0);
  const to = new Date(from);
  to.setUTCFullYear(to.getUTCFullYear() + years);
  return { from, to };
}

/** Creates a CA certificate (self-signed root, or an intermediate when `issuer` is given). */
export function createCa(opts: CaOptions = {}): KeyAndCert {
  const keyPem = opts.keyPem ?? newKeyPem(opts.keyBits ?? 2048);
  const { privateKey, publicKey } = keysFrom(keyPem);
  const win = defaultWindow(20);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = newSerial();
  cert.validity.notBefore = opts.validFrom ?? win.from;
  cert.validity.notAfter = opts.validTo ?? win.to;
  const subject = [
    { shortName: 'C', value: 'VN' },
    { shortName: 'O', ...utf8(opts.organization ?? 'sskdt-lab (mô phỏng)') },
    { shortName: 'CN', ...utf8(opts.commonName ?? TEST_CA_NAME) },
  ];
  cert.setSubject(subject);
  let signingKey = privateKey;
  if (opts.issuer) {
    cert.setIssuer(issuerAttributesOf(opts.issuer.certPem));
    signingKey = keysFrom(opts.issuer.keyPem).privateKey;
  } else cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(signingKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** Issues a facility's signing certificate: subject C=VN, ST, O=CN=facility name, UID=MA_CSKCB:<code>. */
export function createFacilityCertificate(opts: FacilityCertOptions): KeyAndCert {
  if (!/^[0-9A-Za-z]{5}$/.test(opts.facilityCode)) throw new Error(`facility code must have 5 characters, got "${opts.facilityCode}"`);
  const keyPem = opts.keyPem ?? newKeyPem(opts.keyBits ?? 2048);
  const { publicKey } = keysFrom(keyPem);
  const caKey = keysFrom(opts.ca.keyPem).privateKey;
  const win = defaultWindow(3);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = newSerial();
  cert.validity.notBefore = opts.validFrom ?? win.from;
  cert.validity.notAfter = opts.validTo ?? win.to;
  cert.setSubject([
    { shortName: 'C', value: 'VN' },
    { shortName: 'ST', ...utf8(opts.province ?? 'Bình Định') },
    { shortName: 'O', ...utf8(opts.facilityName) },
    { shortName: 'CN', ...utf8(opts.facilityName) },
    { type: OID_UID, ...utf8(`MA_CSKCB:${opts.facilityCode}`) },
  ]);
  cert.setIssuer(issuerAttributesOf(opts.ca.certPem));
  const ku = opts.keyUsage ?? { digitalSignature: true, nonRepudiation: true };
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', critical: true, ...ku },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

export interface Pkcs12Options {
  keyPem: string;
  certPem: string;
  /** CA certificates to include (the chain up to the root) */
  chainPems?: string[];
  password: string;
  friendlyName?: string;
  /** 'aes256' (default; OpenSSL 3 reads it) or '3des' for old Windows/Java key stores */
  algorithm?: 'aes256' | '3des';
}

/** PKCS#12 (.p12/.pfx) for a vendor's HIS test setup, as DER bytes. */
export function exportPkcs12(opts: Pkcs12Options): Uint8Array {
  const key = forge.pki.privateKeyFromPem(opts.keyPem);
  const certs = [opts.certPem, ...(opts.chainPems ?? [])].map((p) => forge.pki.certificateFromPem(p));
  // forge encodes an explicitly undefined friendlyName and crashes: only pass it when set.
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, opts.password, {
    algorithm: opts.algorithm ?? 'aes256',
    ...(opts.friendlyName !== undefined ? { friendlyName: opts.friendlyName } : {}),
  });
  const der = forge.asn1.toDer(asn1).getBytes();
  return Uint8Array.from(Buffer.from(der, 'binary'));
}
