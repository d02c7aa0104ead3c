/**
 * Signed fixture documents for the signature rules, built once at import from the committed test PKI
 * (generators/pki/test-pki/*.pem, read as data: conformance/ imports no code from generators/) with the
 * signer in conformance/signature/sign.ts. About a dozen RSA signatures, made on first use (not at import).
 */
import { readFileSync } from 'node:fs';
import type { CheckOptions } from '../../model.ts';
import { signEnveloped } from '../../signature/sign.ts';
import type { RuleFixture } from '../contract.ts';

const PKI_DIR = new URL('../../../generators/pki/test-pki/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(name, PKI_DIR), 'utf8');
const pair = (name: string) => ({ keyPem: pem(`${name}.key.pem`), certPem: pem(`${name}.cert.pem`) });

export const pki = {
  ca: pem('ca.cert.pem'),
  f52001: pair('facility-52001'),
  f52002: pair('facility-52002'),
  expired: pair('expired-52001'),
  noSigning: pair('nosign-52001'),
  rogue: pair('rogue-52001'),
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const XML1 = `<?xml version="1.0" encoding="utf-8"?>
<TONG_HOP>
  <MA_LK>KB2603190001</MA_LK>
  <STT>1</STT>
  <MA_BN>BN0001</MA_BN>
  <HO_TEN>NGUYỄN THỊ HỒNG ĐÀO</HO_TEN>
  <SO_CCCD>052190001234</SO_CCCD>
  <NGAY_SINH>199001150000</NGAY_SINH>
  <GIOI_TINH>2</GIOI_TINH>
  <MA_CSKCB>52001</MA_CSKCB>
  <NGAY_VAO>202603190800</NGAY_VAO>
  <NGAY_RA>202603191030</NGAY_RA>
</TONG_HOP>
`;

/** A small GIAMDINHHS envelope in the official template's shape (xsi/xsd namespaces on the root). */
export function envelopeXml(extraInDonVi = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<GIAMDINHHS xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <THONGTINDONVI>
    <MACSKCB>52001</MACSKCB>${extraInDonVi}
  </THONGTINDONVI>
  <THONGTINHOSO>
    <NGAYLAP>20260319</NGAYLAP>
    <SOLUONGHOSO>1</SOLUONGHOSO>
    <DANHSACHHOSO>
      <HOSO>
        <FILEHOSO>
          <LOAIHOSO>XML1</LOAIHOSO>
          <NOIDUNGFILE>${b64(XML1)}</NOIDUNGFILE>
        </FILEHOSO>
      </HOSO>
    </DANHSACHHOSO>
  </THONGTINHOSO>
  <CHUKYDONVI/>
</GIAMDINHHS>
`;
}

/** An XML0 check-in document (CHI_TIEU_TRANG_THAI_KCB with CHUKYDONVI after the list). */
export function checkinXml(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<CHI_TIEU_TRANG_THAI_KCB>
  <DSACH_TRANG_THAI_KCB>
    <TRANG_THAI_KCB>
      <MA_LK>KB2603190001</MA_LK>
      <STT>1</STT>
      <MA_BN>BN0001</MA_BN>
      <HO_TEN>NGUYỄN THỊ HỒNG ĐÀO</HO_TEN>
      <SO_CCCD>052190001234</SO_CCCD>
      <NGAY_SINH>199001150000</NGAY_SINH>
      <GIOI_TINH>2</GIOI_TINH>
      <MA_CSKCB>52001</MA_CSKCB>
      <NGAY_VAO>202603190800</NGAY_VAO>
    </TRANG_THAI_KCB>
  </DSACH_TRANG_THAI_KCB>
  <CHUKYDONVI/>
</CHI_TIEU_TRANG_THAI_KCB>
`;
}

/**
 * Registry of the fixtures: 52001 registered its valid, expired, no-signing and rogue certificates. Fixtures run
 * in the certification profile ('strict'), where the medium-confidence profile checks fail rather than warn.
 */
function options(mode: CheckOptions['signatureMode'] = 'required', registered: string[] = [pki.f52001.certPem]): CheckOptions {
  return {
    profile: 'strict',
    signatureMode: mode,
    facility: '52001',
    receivedAt: '2026-03-19T10:32:45+07:00',
    registry: { certificatesFor: (f) => (f === '52001' ? registered : []), trustAnchors: [pki.ca] },
  };
}

const signWith = (xml: string, kp: { keyPem: string; certPem: string }, c14n: 'inclusive' | 'exclusive' = 'inclusive') => signEnveloped(xml, kp.keyPem, kp.certPem, { c14n });

/** The signed documents and the fixture makers, built on first use (RSA signing is not free; see lazyFixtures). */
function buildFx() {
  const unsigned = envelopeXml();
  const signed = signWith(unsigned, pki.f52001);
  const signedExclusive = signWith(unsigned, pki.f52001, 'exclusive');
  const signedCheckin = signWith(checkinXml(), pki.f52001);
  const sigBlock = signed.slice(signed.indexOf('<Signature '), signed.indexOf('</Signature>') + '</Signature>'.length);

  function replaceOnce(text: string, from: string, to: string): string {
    const i = text.indexOf(from);
    if (i === -1) throw new Error(`fixture: "${from}" not found`);
    return text.slice(0, i) + to + text.slice(i + from.length);
  }

  return {
    signed: (): RuleFixture => ({ name: 'signed by the registered 52001 certificate (inclusive C14N)', xml: signed, options: options() }),
    signedExclusive: (): RuleFixture => ({ name: 'signed with exclusive C14N', xml: signedExclusive, options: options() }),
    signedCheckin: (): RuleFixture => ({ name: 'XML0 check-in signed in CHI_TIEU_TRANG_THAI_KCB/CHUKYDONVI', xml: signedCheckin, options: options() }),
    modeOff: (): RuleFixture => ({ name: 'unsigned, signature mode off', xml: unsigned, options: options('off') }),
    unsignedRequired: (): RuleFixture => ({ name: 'unsigned in required mode', xml: unsigned, options: options('required'), expectAtLeast: 1 }),
    /** a copy of the Signature smuggled into THONGTINDONVI/DU_PHONG (wrapping) */
    wrapped: (): RuleFixture => ({
      name: 'second Signature hidden in THONGTINDONVI/DU_PHONG (wrapping)',
      xml: replaceOnce(signed, '<MACSKCB>52001</MACSKCB>', `<MACSKCB>52001</MACSKCB><DU_PHONG>${sigBlock}</DU_PHONG>`),
      options: options(),
      expectAtLeast: 1,
    }),
    /** the only Signature moved out of CHUKYDONVI */
    moved: (): RuleFixture => ({
      name: 'Signature moved from CHUKYDONVI into THONGTINDONVI/DU_PHONG',
      xml: replaceOnce(replaceOnce(signed, sigBlock, ''), '<MACSKCB>52001</MACSKCB>', `<MACSKCB>52001</MACSKCB><DU_PHONG>${sigBlock}</DU_PHONG>`),
      options: options(),
      expectAtLeast: 1,
    }),
    objectContent: (): RuleFixture => ({
      name: 'Signature carries an Object with content',
      xml: replaceOnce(signed, '</KeyInfo>', '</KeyInfo><Object><THONGTINHOSO><SOLUONGHOSO>42</SOLUONGHOSO></THONGTINHOSO></Object>'),
      options: options(),
      expectAtLeast: 1,
    }),
    idReference: (): RuleFixture => ({ name: 'Reference URI="#HS1" (Id-based)', xml: replaceOnce(signed, '<Reference URI="">', '<Reference URI="#HS1">'), options: options(), expectAtLeast: 1 }),
    xpathTransform: (): RuleFixture => ({
      name: 'an XPath transform instead of enveloped-signature',
      xml: replaceOnce(signed, 'http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/TR/1999/REC-xpath-19991116'),
      options: options(),
      expectAtLeast: 1,
    }),
    rsaSha1: (): RuleFixture => ({
      name: 'SignatureMethod rsa-sha1',
      xml: replaceOnce(signed, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'),
      options: options(),
      expectAtLeast: 1,
    }),
    tamperedDate: (): RuleFixture => ({ name: 'NGAYLAP changed after signing', xml: replaceOnce(signed, '<NGAYLAP>20260319</NGAYLAP>', '<NGAYLAP>20260318</NGAYLAP>'), options: options(), expectAtLeast: 1 }),
    whitespace: (): RuleFixture => ({ name: 'one space added between elements after signing', xml: replaceOnce(signed, '<SOLUONGHOSO>', ' <SOLUONGHOSO>'), options: options(), expectAtLeast: 1 }),
    /** 52002's key, 52001's certificate in KeyInfo */
    wrongKey: (): RuleFixture => ({ name: 'signed with another key than the KeyInfo certificate', xml: signEnveloped(unsigned, pki.f52002.keyPem, pki.f52001.certPem), options: options(), expectAtLeast: 1 }),
    unregistered: (): RuleFixture => ({ name: 'signed by 52002, submitted as 52001', xml: signWith(unsigned, pki.f52002), options: options(), expectAtLeast: 1 }),
    expired: (): RuleFixture => ({ name: 'expired certificate (registered)', xml: signWith(unsigned, pki.expired), options: options('required', [pki.expired.certPem]), expectAtLeast: 1 }),
    rogue: (): RuleFixture => ({ name: 'certificate from a rogue CA copying the trusted name (registered)', xml: signWith(unsigned, pki.rogue), options: options('required', [pki.rogue.certPem]), expectAtLeast: 1 }),
    noSigningUsage: (): RuleFixture => ({ name: 'certificate keyUsage keyEncipherment only (registered)', xml: signWith(unsigned, pki.noSigning), options: options('required', [pki.noSigning.certPem]), expectAtLeast: 1 }),
  };
}

let built: ReturnType<typeof buildFx> | undefined;

/** Fixture makers for the signature rules: `fx.signed()`, `fx.tamperedDate()`, … (signed on first call). */
export const fx: ReturnType<typeof buildFx> = new Proxy({} as ReturnType<typeof buildFx>, {
  get: (_target, name) => (built ??= buildFx())[name as keyof ReturnType<typeof buildFx>],
});
