/**
 * Test helpers: a ParsedPackage with just what the signature verifier reads (envelope, envelopeText, kind,
 * MACSKCB), built with the strict parser, so these tests do not wait for conformance/envelope.
 */
import type { ParsedPackage } from '../../conformance/model.ts';
import { child, parseXml, textOf } from '../../conformance/xml/parse.ts';

export function packageFromXml(xml: string): ParsedPackage {
  const envelope = parseXml(xml);
  const kind = envelope.root.name === 'CHI_TIEU_TRANG_THAI_KCB' ? 'CHECKIN' : 'GIAMDINHHS';
  let MACSKCB: string | undefined;
  if (kind === 'GIAMDINHHS') {
    const donvi = child(envelope.root, 'THONGTINDONVI');
    const ma = donvi && child(donvi, 'MACSKCB');
    MACSKCB = ma ? textOf(ma) : undefined;
  } else {
    const list = child(envelope.root, 'DSACH_TRANG_THAI_KCB');
    const row = list && child(list, 'TRANG_THAI_KCB');
    const ma = row && child(row, 'MA_CSKCB');
    MACSKCB = ma ? textOf(ma) : undefined;
  }
  // Only the fields the signature code reads are meaningful here.
  return {
    kind,
    envelopeText: xml,
    envelope,
    MACSKCB,
    hoso: [],
    signature: { signatureCount: 0, signed: false },
    sha256: '',
    bytes: Buffer.byteLength(xml),
  } as unknown as ParsedPackage;
}
