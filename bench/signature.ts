/**
 * CHUKYDONVI signing and verification throughput on a ~50 KB GIAMDINHHS envelope: ours (strict parser +
 * own C14N + node:crypto) against xml-crypto 6 (xmldom), in the same run. Prints figures, asserts nothing.
 *
 *   node --import tsx bench/signature.ts [seconds-per-case]
 */
import { X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { DOMParser } from '@xmldom/xmldom';
import { verifyEnvelopedSignature } from '../conformance/signature/verify.ts';
import { canonicalizeDocument } from '../conformance/signature/c14n.ts';
import { findSignatures } from '../conformance/signature/profile.ts';
import { parseXml } from '../conformance/xml/parse.ts';
import { signEnveloped } from '../generators/pki/sign.ts';
import { loadTestPki } from '../generators/pki/test-pki.ts';
import { buildEnvelope } from '../generators/serialize.ts';
import { checkPackage } from '../conformance/check.ts';
import { validPackageXml } from '../test/fixtures/valid.ts';

const seconds = Number(process.argv[2] ?? 2);
const pki = loadTestPki();
const { keyPem, certPem } = pki.facilities['52001'];
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

// ---- a ~50 KB envelope: XML1 + XML2 with drug lines + XML3, base64 in NOIDUNGFILE, as real exports
const xml1 = `<?xml version="1.0" encoding="utf-8"?>\n<TONG_HOP>\n  <MA_LK>NT2603190001</MA_LK>\n  <STT>1</STT>\n  <HO_TEN>NGUYỄN THỊ HỒNG ĐÀO</HO_TEN>\n  <MA_CSKCB>52001</MA_CSKCB>\n  <NGAY_VAO>202603150800</NGAY_VAO>\n  <NGAY_RA>202603191030</NGAY_RA>\n</TONG_HOP>\n`;
const line = (i: number, tag: string) =>
  `    <${tag}>\n      <MA_LK>NT2603190001</MA_LK>\n      <STT>${i + 1}</STT>\n      <MA_THUOC>40.${100 + i}</MA_THUOC>\n      <TEN_THUOC>Paracetamol 500mg viên nén bao phim số ${i}</TEN_THUOC>\n      <DON_VI_TINH>Viên</DON_VI_TINH>\n      <HAM_LUONG>500mg</HAM_LUONG>\n      <LIEU_DUNG>Uống 1 viên/lần × 3 lần/ngày, sau ăn</LIEU_DUNG>\n      <SO_LUONG>10</SO_LUONG>\n      <DON_GIA_BV>1250.000</DON_GIA_BV>\n      <THANH_TIEN_BV>12500.00</THANH_TIEN_BV>\n      <NGAY_YL>202603150900</NGAY_YL>\n    </${tag}>\n`;
const table = (root: string, list: string, row: string, n: number) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<${root}>\n  <${list}>\n${Array.from({ length: n }, (_, i) => line(i, row)).join('')}  </${list}>\n</${root}>\n`;
const unsigned = buildEnvelope({
  MACSKCB: '52001',
  NGAYLAP: '20260319',
  hoso: [
    {
      files: [
        { loaiHoSo: 'XML1', content: xml1 },
        { loaiHoSo: 'XML2', content: table('CHITIEU_CHITIET_THUOC', 'DSACH_CHI_TIET_THUOC', 'CHI_TIET_THUOC', 55) },
        { loaiHoSo: 'XML3', content: table('CHITIEU_CHITIET_DVKT_VTYT', 'DSACH_CHI_TIET_DVKT', 'CHI_TIET_DVKT', 25) },
      ],
    },
  ],
});

/** Operations per second of fn over `secs` (after a short warm-up). */
function rate(fn: () => unknown, secs: number): number {
  for (let i = 0; i < 5; i++) fn();
  let n = 0;
  const start = performance.now();
  const until = start + secs * 1000;
  while (performance.now() < until) {
    fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

function bench(name: string, fn: () => unknown): number {
  for (let i = 0; i < 20; i++) fn(); // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 10; i++) fn();
    n += 10;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSec = n / (Number(elapsed) / 1e9);
  console.log(`${name.padEnd(58)} ${perSec.toFixed(0).padStart(7)} /s   ${(1000 / perSec).toFixed(3)} ms/op`);
  return perSec;
}

// ---- sign
const oursSigned = signEnveloped(unsigned, keyPem, certPem);
const xcSign = () => {
  const sig = new SignedXml({ privateKey: keyPem, publicCert: certPem });
  sig.signatureAlgorithm = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  sig.canonicalizationAlgorithm = C14N;
  sig.addReference({ xpath: '/*', isEmptyUri: true, transforms: [ENVELOPED, C14N], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  sig.computeSignature(unsigned, { location: { reference: "/*/*[local-name(.)='CHUKYDONVI']", action: 'append' } });
  return sig.getSignedXml();
};
const xcSigned = xcSign();

const opts = { mode: 'required' as const, registeredCerts: [certPem], trustAnchors: [pki.caCertPem], at: new Date('2026-03-19T03:32:45Z') };
const pkgOf = (xml: string) => ({ envelope: parseXml(xml), kind: 'GIAMDINHHS' as const, MACSKCB: '52001' });
for (const [label, s] of [['ours', oursSigned], ['xml-crypto', xcSigned]] as const) {
  if (!verifyEnvelopedSignature(pkgOf(s), opts).valid) throw new Error(`bench setup: ${label} signature does not verify with ours`);
}

// xml-crypto verification with the same policy and chain checks as the measurements note (§3)
const ca = new X509Certificate(pki.caCertPem);
const xcVerify = (xml: string): boolean => {
  const dom = new DOMParser().parseFromString(xml, 'text/xml');
  const sigs = dom.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
  if (sigs.length !== 1) return false;
  const sigEl = sigs[0];
  if (sigEl.parentNode?.nodeName !== 'CHUKYDONVI' || sigEl.parentNode.parentNode !== dom.documentElement) return false;
  const refs = sigEl.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Reference');
  if (refs.length !== 1 || refs[0].getAttribute('URI') !== '') return false;
  const certB64 = sigEl.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'X509Certificate')[0].textContent!.replace(/\s+/g, '');
  const leaf = new X509Certificate(Buffer.from(certB64, 'base64'));
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey) || !ca.ca) return false;
  const sx = new SignedXml({ publicCert: leaf.toString(), getCertFromKeyInfo: () => null });
  sx.loadSignature(sigEl as unknown as Node);
  return sx.checkSignature(xml);
};
if (!xcVerify(oursSigned) || !xcVerify(xcSigned)) throw new Error('bench setup: xml-crypto does not verify');

console.log(`envelope: ${Buffer.byteLength(oursSigned)} bytes signed (${Buffer.byteLength(unsigned)} unsigned); ${seconds}s per case; node ${process.version}`);
const sOurs = bench('sign — ours (parse + C14N + RSA-SHA256)', () => signEnveloped(unsigned, keyPem, certPem));
const sXc = bench('sign — xml-crypto 6', xcSign);
const preParsed = pkgOf(oursSigned);
const doc = preParsed.envelope;
const sig = findSignatures(doc)[0];
bench('  C14N of the document minus Signature (ours)', () => canonicalizeDocument(doc, { mode: 'inclusive', exclude: sig }));
bench('  strict parse of the signed envelope (ours)', () => parseXml(oursSigned));
const vOurs = bench('verify — ours, on the parsed package (as in the engine)', () => verifyEnvelopedSignature(preParsed, opts));
const vOursParse = bench('verify — ours, parse + verify', () => verifyEnvelopedSignature(pkgOf(oursSigned), opts));
const vXc = bench('verify — xml-crypto 6 (policy + chain + checkSignature)', () => xcVerify(oursSigned));
console.log(`ratio ours/xml-crypto: sign ×${(sOurs / sXc).toFixed(1)}, verify ×${(vOurs / vXc).toFixed(1)} (parse+verify ×${(vOursParse / vXc).toFixed(1)})`);

// ---- the whole engine (decode + field + cross + signature + pilot rules) on a signed ~50 KB valid package
let rows = 4;
let pkgXml = '';
for (;;) {
  pkgXml = validPackageXml({ tables: { XML1: 1, XML2: rows, XML3: rows, XML4: Math.max(1, rows >> 2), XML5: Math.max(1, rows >> 3), XML7: 1, XML8: 1 } });
  if (Buffer.byteLength(pkgXml) >= 50_000) break;
  rows = Math.ceil(rows * 1.3);
}
const signedPkg = new TextEncoder().encode(signEnveloped(pkgXml, keyPem, certPem));
const registry = { certificatesFor: () => [certPem], trustAnchors: [pki.caCertPem] };
const base = { findings: 'problems' as const, receivedAt: '2026-08-10T03:00:00Z', registry };
const probe = checkPackage(signedPkg, { ...base, signatureMode: 'required' });
const sigFindings = probe.findings.filter((f) => f.ruleId.startsWith('SIG.'));
if (sigFindings.length > 0) throw new Error(`bench setup: signature findings on the valid package: ${sigFindings.map((f) => f.ruleId).join(', ')}`);
console.log(`\ncheckPackage on a signed valid package of ${signedPkg.byteLength} bytes (findings 'problems'):`);
// Alternate the two cases in short rounds and keep each one's best round: the machine is shared.
const rounds = 5;
let off = 0;
let on = 0;
for (let r = 0; r < rounds; r++) {
  off = Math.max(off, rate(() => checkPackage(signedPkg, { ...base, signatureMode: 'off' }), seconds / rounds));
  on = Math.max(on, rate(() => checkPackage(signedPkg, { ...base, signatureMode: 'required' }), seconds / rounds));
}
console.log(`${'checkPackage — signature off (best of 5 rounds)'.padEnd(58)} ${off.toFixed(0).padStart(7)} /s   ${(1000 / off).toFixed(3)} ms/op`);
console.log(`${'checkPackage — signature required (best of 5 rounds)'.padEnd(58)} ${on.toFixed(0).padStart(7)} /s   ${(1000 / on).toFixed(3)} ms/op`);
console.log(`signature verification adds ${(1000 / on - 1000 / off).toFixed(3)} ms per package`);
