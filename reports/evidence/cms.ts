/**
 * Detached CMS (PKCS#7 SignedData) signatures over evidence files, readable by plain OpenSSL:
 *
 *   openssl cms -verify -binary -inform PEM -in manifest.p7s -content manifest.json -CAfile lab.pem -purpose any
 *
 * Signing uses node-forge's pkcs7 (already a dependency for the test PKI; synchronous; RSA PKCS#1 v1.5 is
 * deterministic, so a fixed signing time gives byte-identical signatures). forge does not implement
 * verification, so `verifyDetached` walks the structure with forge's ASN.1 decoder and checks the RSA
 * signature with node:crypto; the suite cross-checks both directions against `openssl cms`. pkijs would verify
 * too, but only asynchronously through WebCrypto, and it would be a second ASN.1 stack next to forge's.
 */
import { X509Certificate, createHash, verify as cryptoVerify } from 'node:crypto';
import forge from 'node-forge';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

const DIGESTS: Record<string, 'sha256' | 'sha384' | 'sha512'> = { [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };
const SIGNATURE_ALGORITHMS = new Set<string>([OID.rsaEncryption, OID.sha256WithRSA, OID.sha384WithRSA, OID.sha512WithRSA]);

/** A signature file larger than this is not one of ours (a lab signature with its certificate is ~3 KiB). */
export const MAX_SIGNATURE_BYTES = 256 * 1024;

const toBinary = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('binary');

/**
 * A detached CMS signature (PEM, `-----BEGIN PKCS7-----`) over `content` with SHA-256 and RSA, carrying the
 * signer's certificate and the signed attributes contentType, messageDigest and signingTime. With
 * `signingTime` given, the same inputs always give the same bytes.
 */
export function signDetached(content: Uint8Array, keyPem: string, certPem: string, signingTime?: Date): string {
  const certificate = forge.pki.certificateFromPem(certPem);
  const key = forge.pki.privateKeyFromPem(keyPem);
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(toBinary(content));
  p7.addCertificate(certificate);
  p7.addSigner({
    key,
    certificate,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest },
      // forge fills in "now" when the value is absent; a Date is what it expects (its typings say string)
      { type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()) as unknown as string },
    ],
  });
  p7.sign({ detached: true });
  return forge.pkcs7.messageToPem(p7).replace(/\r\n/g, '\n');
}

export interface DetachedSigner {
  subject: string;
  serialNumber: string;
  fingerprintSha256: string;
}

export interface DetachedVerification {
  ok: boolean;
  /** why the signature is not valid (English; the CLI prints it as is) */
  reason?: string;
  /** the same reason in Vietnamese, for the Department's reviewer (the verification page, the CLI's second line) */
  reason_vi?: string;
  /** the certificate that signed, when it could be identified */
  signer?: DetachedSigner;
  /** the signed signingTime attribute, ISO 8601 */
  signingTime?: string;
  digestAlgorithm?: string;
}

type Node = forge.asn1.Asn1;

/** A reason the signature is refused, in English (the message) and Vietnamese: every refusal reaches a reader. */
class CmsError extends Error {
  constructor(
    message: string,
    readonly vi: string,
  ) {
    super(message);
  }
}

function isUniversal(node: Node | undefined, type: number, constructed: boolean): node is Node {
  return !!node && node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === type && node.constructed === constructed;
}

function seq(node: Node | undefined, what: string): Node[] {
  if (!isUniversal(node, forge.asn1.Type.SEQUENCE, true)) throw new CmsError(`malformed CMS structure: ${what} is not a SEQUENCE`, `cấu trúc CMS không đúng: ${what} không phải SEQUENCE`);
  return node.value as Node[];
}

function set(node: Node | undefined, what: string): Node[] {
  if (!isUniversal(node, forge.asn1.Type.SET, true)) throw new CmsError(`malformed CMS structure: ${what} is not a SET`, `cấu trúc CMS không đúng: ${what} không phải SET`);
  return node.value as Node[];
}

function ctx(node: Node | undefined, tag: number, what: string): Node[] {
  if (!isContext(node, tag) || !node!.constructed) throw new CmsError(`malformed CMS structure: ${what} is missing`, `cấu trúc CMS không đúng: thiếu ${what}`);
  return node!.value as Node[];
}

function oidOf(node: Node | undefined, what: string): string {
  if (!isUniversal(node, forge.asn1.Type.OID, false) || typeof node.value !== 'string') throw new CmsError(`malformed CMS structure: ${what} is not an OID`, `cấu trúc CMS không đúng: ${what} không phải OID`);
  return forge.asn1.derToOid(node.value);
}

/** A small non-negative INTEGER (versions); `any` accepts any INTEGER (serial numbers) and returns -1. */
function intOf(node: Node | undefined, what: string, any = false): number {
  if (!isUniversal(node, forge.asn1.Type.INTEGER, false) || typeof node.value !== 'string' || node.value.length === 0) {
    throw new CmsError(`malformed CMS structure: ${what} is not an INTEGER`, `cấu trúc CMS không đúng: ${what} không phải INTEGER`);
  }
  if (any) return -1;
  if (node.value.length > 1) throw new CmsError(`malformed CMS structure: ${what} is out of range`, `cấu trúc CMS không đúng: ${what} nằm ngoài phạm vi cho phép`);
  return node.value.charCodeAt(0);
}

/** The OID of an AlgorithmIdentifier whose parameters are absent or NULL. */
function algorithmOf(node: Node | undefined, what: string): string {
  const parts = seq(node, what);
  if (parts.length < 1 || parts.length > 2) throw new CmsError(`malformed CMS structure: ${what} has ${parts.length} parts`, `cấu trúc CMS không đúng: ${what} có ${parts.length} thành phần`);
  if (parts.length === 2 && !(isUniversal(parts[1], forge.asn1.Type.NULL, false) && parts[1].value === '')) {
    throw new CmsError(`malformed CMS structure: ${what} has parameters other than NULL`, `cấu trúc CMS không đúng: ${what} có tham số khác NULL`);
  }
  return oidOf(parts[0], what);
}

/**
 * The DER inside a PEM block, read strictly: only the PKCS7/CMS armour, base64 lines and line ends, and
 * base64 in its one canonical spelling, so no changed character of the file decodes to the same bytes.
 */
function strictPem(text: string): Buffer {
  const m = /^-----BEGIN (PKCS7|CMS)-----\r?\n((?:[A-Za-z0-9+/=]{1,76}\r?\n)+)-----END \1-----(\r?\n)?$/.exec(text);
  if (!m) throw new CmsError('the signature is not a PEM PKCS7/CMS block', 'chữ ký không phải một khối PEM PKCS7/CMS');
  const b64 = m[2].replace(/\r?\n/g, '');
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.toString('base64') !== b64) throw new CmsError('the signature\'s base64 is not canonical', 'mã base64 của chữ ký không ở dạng chuẩn');
  return bytes;
}

function isContext(node: Node | undefined, tag: number): boolean {
  return !!node && node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === tag;
}

/**
 * forge's DER decoder with its options object (its typings only know the older boolean argument).
 * BIT STRINGs stay opaque so re-encoding a parsed node gives back the exact bytes.
 */
const fromDer = (bytes: Buffer, wholeInput: boolean): Node =>
  (forge.asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: object) => Node)(
    forge.util.createBuffer(bytes.toString('binary')),
    { strict: true, decodeBitStrings: false, parseAllBytes: wholeInput },
  );

const der = (node: Node) => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');

function describe(x: X509Certificate): DetachedSigner {
  return { subject: x.subject.replace(/\n/g, ', '), serialNumber: x.serialNumber, fingerprintSha256: x.fingerprint256 };
}

function parseTime(node: Node): Date | undefined {
  if (typeof node.value !== 'string') return undefined;
  if (node.type === forge.asn1.Type.UTCTIME) return forge.asn1.utcTimeToDate(node.value);
  if (node.type === forge.asn1.Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(node.value);
  return undefined;
}

/** Hex of a DER INTEGER's content, without the sign-padding zero, upper case (as X509Certificate.serialNumber). */
function serialHex(node: Node): string {
  return normalSerial(Buffer.from(String(node.value), 'binary').toString('hex'));
}

/**
 * Verifies a detached CMS signature over `content`: structure, the signed messageDigest against the content,
 * the RSA signature over the signed attributes, and that the signer is `trustedCertPem` itself or a
 * certificate it issued. Never throws on bad input: `ok: false` with the reason.
 */
export function verifyDetached(content: Uint8Array, p7sPem: string, trustedCertPem: string): DetachedVerification {
  let trusted: X509Certificate;
  try {
    trusted = new X509Certificate(trustedCertPem);
  } catch (e) {
    return { ok: false, reason: `the trusted certificate cannot be read: ${(e as Error).message}`, reason_vi: `không đọc được chứng thư tin cậy: ${(e as Error).message}` };
  }
  try {
    if (p7sPem.length > MAX_SIGNATURE_BYTES) throw new CmsError(`the signature file is larger than ${MAX_SIGNATURE_BYTES} bytes`, `tệp chữ ký lớn hơn ${MAX_SIGNATURE_BYTES} byte`);
    const bytes = strictPem(p7sPem);
    let root: Node;
    try {
      root = fromDer(bytes, true);
    } catch (e) {
      throw new CmsError(`the signature is not valid DER: ${(e as Error).message}`, `chữ ký không phải DER hợp lệ: ${(e as Error).message}`);
    }
    // Every element is checked for its expected tag, so no changed byte of the signature goes unnoticed,
    // even in parts the verdict would not otherwise read.
    const [typeNode, wrapped, ...rest] = seq(root, 'ContentInfo');
    if (rest.length || oidOf(typeNode, 'contentType') !== OID.signedData) throw new CmsError('the signature is not a CMS SignedData', 'chữ ký không phải CMS SignedData');
    const [signedDataNode, ...wrappedRest] = ctx(wrapped, 0, 'SignedData wrapper');
    if (wrappedRest.length) throw new CmsError('malformed CMS structure: extra data after SignedData', 'cấu trúc CMS không đúng: có dữ liệu thừa sau SignedData');
    const signedData = seq(signedDataNode, 'SignedData');
    const version = intOf(signedData[0], 'SignedData version');
    if (version !== 1 && version !== 3) throw new CmsError(`unsupported SignedData version ${version}`, `không hỗ trợ SignedData phiên bản ${version}`);
    const digestAlgorithms = set(signedData[1], 'digestAlgorithms').map((a) => algorithmOf(a, 'digestAlgorithm'));
    const encap = seq(signedData[2], 'encapContentInfo');
    if (oidOf(encap[0], 'eContentType') !== OID.data) throw new CmsError('the signed content type is not "data"', 'loại nội dung được ký không phải "data"');
    if (encap.length > 1) throw new CmsError('the signature is not detached: it embeds content', 'chữ ký không ở dạng tách rời (detached): có nhúng nội dung');
    let index = 3;
    const certificates: X509Certificate[] = [];
    if (isContext(signedData[index], 0)) {
      for (const c of ctx(signedData[index], 0, 'certificates')) {
        try {
          certificates.push(new X509Certificate(der(c)));
        } catch {
          throw new CmsError('a certificate inside the signature cannot be read', 'không đọc được một chứng thư nằm trong chữ ký');
        }
      }
      index++;
    }
    // The signer's certificate travels inside the signature (as `openssl cms -sign` and the lab write it) and
    // is the one judged, so a changed byte there cannot fall back to the trusted certificate unnoticed.
    if (certificates.length !== 1) throw new CmsError(`expected the signer's certificate inside the signature, found ${certificates.length} certificates`, `chữ ký phải chứa đúng một chứng thư của bên ký, nhưng có ${certificates.length} chứng thư`);
    if (isContext(signedData[index], 1)) throw new CmsError('the signature carries CRLs, which the lab never writes', 'chữ ký có kèm danh sách thu hồi (CRL), điều phòng lab không bao giờ ghi');
    const signerInfos = set(signedData[index], 'signerInfos');
    if (signedData.length !== index + 1) throw new CmsError('malformed CMS structure: extra data after signerInfos', 'cấu trúc CMS không đúng: có dữ liệu thừa sau signerInfos');
    if (signerInfos.length !== 1) throw new CmsError(`expected exactly one signer, found ${signerInfos.length}`, `chữ ký phải có đúng một bên ký, nhưng có ${signerInfos.length}`);
    const si = seq(signerInfos[0], 'SignerInfo');
    if (si.length !== 6) throw new CmsError('malformed CMS structure: the SignerInfo must have signed attributes and no unsigned ones', 'cấu trúc CMS không đúng: SignerInfo phải có thuộc tính được ký và không có thuộc tính không được ký');
    const [siVersion, sid, digestAlgNode, maybeAttrs, sigAlgNode, signatureNode] = si;
    if (intOf(siVersion, 'SignerInfo version') !== 1) throw new CmsError('the signer is not identified by issuer and serial number', 'bên ký không được xác định bằng bên cấp và số sê-ri chứng thư');
    const sidParts = seq(sid, 'issuerAndSerialNumber');
    if (sidParts.length !== 2) throw new CmsError('the signer is not identified by issuer and serial number', 'bên ký không được xác định bằng bên cấp và số sê-ri chứng thư');
    seq(sidParts[0], 'issuer');
    intOf(sidParts[1], 'serial number', true);
    const wantedSerial = serialHex(sidParts[1]);
    const wantedIssuer = der(sidParts[0]);
    const signerCert = certificates.find((c) => normalSerial(c.serialNumber) === wantedSerial && issuerDer(c).equals(wantedIssuer));
    if (!signerCert) throw new CmsError('the certificate inside the signature is not the signer\'s', 'chứng thư nằm trong chữ ký không phải của bên ký');
    const digestOid = algorithmOf(digestAlgNode, 'digestAlgorithm');
    const digestName = DIGESTS[digestOid];
    if (!digestName) throw new CmsError(`unsupported digest algorithm ${digestOid}`, `không hỗ trợ thuật toán băm ${digestOid}`);
    if (digestAlgorithms.length !== 1 || digestAlgorithms[0] !== digestOid) throw new CmsError('the digestAlgorithms list does not match the signer\'s digest algorithm', 'danh sách digestAlgorithms không khớp thuật toán băm của bên ký');
    if (!isContext(maybeAttrs, 0)) throw new CmsError('the signature has no signed attributes (messageDigest is required)', 'chữ ký không có thuộc tính được ký (bắt buộc có messageDigest)');
    const sigAlg = algorithmOf(sigAlgNode, 'signatureAlgorithm');
    if (!SIGNATURE_ALGORITHMS.has(sigAlg)) throw new CmsError(`unsupported signature algorithm ${sigAlg}`, `không hỗ trợ thuật toán ký ${sigAlg}`);
    if (!isUniversal(signatureNode, forge.asn1.Type.OCTETSTRING, false) || typeof signatureNode.value !== 'string') {
      throw new CmsError('malformed CMS structure: the signature value is missing', 'cấu trúc CMS không đúng: thiếu giá trị chữ ký');
    }
    let messageDigest: Buffer | undefined;
    let contentType: string | undefined;
    let signingTime: Date | undefined;
    for (const attr of ctx(maybeAttrs, 0, 'signedAttrs')) {
      const parts = seq(attr, 'Attribute');
      if (parts.length !== 2) throw new CmsError('malformed CMS structure: a signed attribute is not a type and a value set', 'cấu trúc CMS không đúng: một thuộc tính được ký không gồm loại và tập giá trị');
      const type = oidOf(parts[0], 'attribute type');
      const vals = set(parts[1], 'attribute values');
      if (vals.length !== 1) throw new CmsError(`signed attribute ${type} must have exactly one value`, `thuộc tính được ký ${type} phải có đúng một giá trị`);
      if (type === OID.messageDigest) {
        if (!isUniversal(vals[0], forge.asn1.Type.OCTETSTRING, false)) throw new CmsError('the messageDigest attribute is not an OCTET STRING', 'thuộc tính messageDigest không phải OCTET STRING');
        messageDigest = Buffer.from(String(vals[0].value), 'binary');
      } else if (type === OID.contentType) contentType = oidOf(vals[0], 'contentType attribute');
      else if (type === OID.signingTime) {
        signingTime = parseTime(vals[0]);
        if (!signingTime || Number.isNaN(signingTime.getTime())) throw new CmsError('the signingTime attribute is not a time', 'thuộc tính signingTime không phải một thời điểm');
      }
    }
    if (contentType !== OID.data) throw new CmsError('the signed contentType attribute is missing or not "data"', 'thiếu thuộc tính contentType được ký, hoặc giá trị không phải "data"');
    if (!messageDigest) throw new CmsError('the signed messageDigest attribute is missing', 'thiếu thuộc tính messageDigest được ký');
    const signer = describe(signerCert);
    const actual = createHash(digestName).update(content).digest();
    const base = { signer, signingTime: signingTime?.toISOString(), digestAlgorithm: digestName };
    if (!actual.equals(messageDigest)) {
      return { ok: false, reason: 'the content does not match the signed digest (the file was changed after signing)', reason_vi: 'nội dung không khớp giá trị băm đã ký (tệp đã bị thay đổi sau khi ký)', ...base };
    }
    // The signature covers the DER of the attributes as a SET OF (tag 0x31), not as the [0] IMPLICIT field.
    const signedAttrs = der(maybeAttrs);
    signedAttrs[0] = 0x31;
    const signature = Buffer.from(signatureNode.value, 'binary');
    const good = cryptoVerify(digestName, signedAttrs, signerCert.publicKey, signature);
    if (!good) return { ok: false, reason: 'the signature value does not verify with the signer\'s key', reason_vi: 'giá trị chữ ký không hợp lệ với khóa của bên ký', ...base };
    const issuedByTrusted = Buffer.compare(signerCert.raw, trusted.raw) === 0
      || (signerCert.checkIssued(trusted) && signerCert.verify(trusted.publicKey));
    if (!issuedByTrusted) {
      return { ok: false, reason: `signed by a certificate the trusted certificate does not vouch for (${signer.subject}, SHA-256 ${signer.fingerprintSha256})`, reason_vi: `được ký bằng một chứng thư không phải chứng thư tin cậy và không do chứng thư tin cậy cấp (${signer.subject}, SHA-256 ${signer.fingerprintSha256})`, ...base };
    }
    // Validity is judged now, as `openssl cms -verify` does; the signingTime is the signer's own claim (an
    // offline bundle carries its --at reference time there), so it is reported, not judged.
    const now = new Date();
    if (now < new Date(signerCert.validFrom) || now > new Date(signerCert.validTo)) {
      return { ok: false, reason: `the signer's certificate is not valid now (valid ${new Date(signerCert.validFrom).toISOString()} – ${new Date(signerCert.validTo).toISOString()})`, reason_vi: `chứng thư của bên ký hiện không còn hoặc chưa có hiệu lực (hiệu lực ${new Date(signerCert.validFrom).toISOString()} – ${new Date(signerCert.validTo).toISOString()})`, ...base };
    }
    return { ok: true, ...base };
  } catch (e) {
    if (e instanceof CmsError) return { ok: false, reason: e.message, reason_vi: e.vi };
    return { ok: false, reason: `the signature cannot be read: ${(e as Error).message}`, reason_vi: `không đọc được chữ ký: ${(e as Error).message}` };
  }
}

const normalSerial = (hex: string) => hex.toUpperCase().replace(/^(00)+(?=[0-9A-F]{2})/, '');

/** DER of a certificate's issuer Name (TBSCertificate: optional [0] version, serial, signature algorithm, issuer). */
function issuerDer(cert: X509Certificate): Buffer {
  const root = fromDer(cert.raw, false);
  const tbs = seq(seq(root, 'Certificate')[0], 'tbsCertificate');
  return der(tbs[isContext(tbs[0], 0) ? 3 : 2]);
}
