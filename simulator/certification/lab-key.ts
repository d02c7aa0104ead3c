/**
 * The lab's own signing key: a self-signed RSA certificate that signs evidence (the `manifest.json` of a
 * certification bundle, readiness decisions). Created in the data folder on first use and reused after,
 * so every bundle a lab installation writes verifies against the same `lab.pem`.
 *
 * The key never leaves the data folder; the certificate is public (`sskdt-lab key show`) and is what a
 * Department of Health reviewer gives `openssl cms -verify -CAfile`.
 */
import { X509Certificate, createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

/** Files inside the data folder (relative names, so the folder can move). */
export const LAB_KEY_FILE = 'lab-signing-key.pem';
export const LAB_CERT_FILE = 'lab-signing-cert.pem';

/**
 * ASCII on purpose: node-forge re-encodes the issuer of a CMS SignerInfo from its parsed form and garbles
 * UTF-8 names there, after which OpenSSL cannot find the signer. "KHONG DUNG THAT" = not for real use.
 */
export const LAB_CERT_COMMON_NAME = 'sskdt-lab evidence signing - lab test key (KHONG DUNG THAT)';

export interface LabKey {
  keyPem: string;
  certPem: string;
  /** SHA-256 of the certificate's DER, upper-case hex pairs joined by ':' (as `openssl x509 -fingerprint -sha256`) */
  fingerprintSha256: string;
  /** the same digest as plain lower-case hex (for manifests) */
  certificateSha256: string;
  subject: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** true when this call created the key (first use of the data folder) */
  created: boolean;
}

function createSelfSigned(now: Date): { keyPem: string; certPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x10; // positive DER INTEGER of full length
  cert.serialNumber = serial.toString('hex');
  const from = new Date(now);
  from.setUTCHours(0, 0, 0, 0);
  from.setUTCDate(from.getUTCDate() - 1); // a day of slack for clocks behind ours
  const to = new Date(from);
  to.setUTCFullYear(to.getUTCFullYear() + 10);
  cert.validity.notBefore = from;
  cert.validity.notAfter = to;
  const name = [
    { shortName: 'C', value: 'VN' },
    { shortName: 'O', value: 'sskdt-lab' },
    { shortName: 'CN', value: LAB_CERT_COMMON_NAME },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  // Self-signed and its own trust anchor: a CA certificate that may also sign content, so
  // `openssl cms -verify -CAfile lab.pem` accepts it with its default chain checks.
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true, keyCertSign: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** Facts about a certificate PEM, for `key show`, manifests and decisions. */
export function describeCertificate(certPem: string): Omit<LabKey, 'keyPem' | 'certPem' | 'created'> {
  const x = new X509Certificate(certPem);
  const hex = createHash('sha256').update(x.raw).digest('hex');
  return {
    fingerprintSha256: x.fingerprint256,
    certificateSha256: hex,
    subject: x.subject.replace(/\n/g, ', '),
    serialNumber: x.serialNumber,
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
  };
}

/** Writes a file only if it does not exist yet (another process may be creating the key at the same time). */
function writeNew(file: string, content: string, mode: number): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  try {
    fs.linkSync(tmp, file); // fails with EEXIST when another process won the race
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * The lab's signing key and certificate from `dataDir`, created there on first use (RSA 3072, self-signed,
 * valid ten years). A key without its certificate (or the reverse) is an error, never silently replaced:
 * replacing it would make every bundle signed before unverifiable with the published certificate.
 */
export function loadOrCreateLabKey(dataDir: string, now: Date = new Date()): LabKey {
  const keyFile = path.join(dataDir, LAB_KEY_FILE);
  const certFile = path.join(dataDir, LAB_CERT_FILE);
  let created = false;
  const hasKey = fs.existsSync(keyFile);
  const hasCert = fs.existsSync(certFile);
  if (hasKey !== hasCert) {
    throw new Error(
      `the lab signing key is incomplete in the data folder: ${hasKey ? LAB_CERT_FILE : LAB_KEY_FILE} is missing ` +
        `(${hasKey ? LAB_KEY_FILE : LAB_CERT_FILE} is there); restore it from a backup, or remove both to create a new key`,
    );
  }
  if (!hasKey) {
    fs.mkdirSync(dataDir, { recursive: true });
    const fresh = createSelfSigned(now);
    try {
      // The certificate is written last: a reader that finds it also finds the key.
      writeNew(keyFile, fresh.keyPem, 0o600);
      writeNew(certFile, fresh.certPem, 0o644);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // another process created it first: use theirs (below)
    }
  }
  const keyPem = fs.readFileSync(keyFile, 'utf8');
  const certPem = fs.readFileSync(certFile, 'utf8');
  // The pair must belong together: a certificate from another key would make every signature fail verification.
  const x = new X509Certificate(certPem);
  const pubFromKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const pubFromCert = forge.pki.publicKeyFromPem(x.publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey;
  if (pubFromKey.n.compareTo(pubFromCert.n) !== 0) {
    throw new Error(`${LAB_CERT_FILE} does not belong to ${LAB_KEY_FILE} in the data folder`);
  }
  return { keyPem, certPem, created, ...describeCertificate(certPem) };
}
