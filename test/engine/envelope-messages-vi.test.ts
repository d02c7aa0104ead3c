/**
 * A HIS that sends broken XML reads the portal's answer in Vietnamese: the parser's refusal is translated
 * (meaning + the exact names it found), and the position is said once, by the location, not twice.
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { gateSubmission } from '../../simulator/envelope-gate.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function envelopeFinding(xml: string) {
  const r = checkPackage(enc(xml));
  expect(r.findings[0].ruleId).toBe('ENVELOPE.XML');
  return r.findings[0];
}

function gate(xml: string) {
  return gateSubmission({
    endpoint: 'guiHoSoXmlQD3176',
    base64: Buffer.from(xml).toString('base64'),
    fromForm: false,
    accountFacility: '52001',
    maxFileBytes: 1 << 20,
    maxDepth: 64,
    formSpaceToPlus: true,
  });
}

describe('XML parse errors in Vietnamese', () => {
  it('a DOCTYPE is refused with a Vietnamese reason, the code and one position', () => {
    const f = envelopeFinding('<?xml version="1.0"?>\n<!DOCTYPE GIAMDINHHS [<!ENTITY x "y">]>\n<GIAMDINHHS>&x;</GIAMDINHHS>');
    expect(f.message_vi).toContain('không chấp nhận DOCTYPE/DTD');
    expect(f.message_vi).not.toContain('is not allowed');
    expect(f.message_vi).toContain('[XML_DTD_FORBIDDEN]');
    expect(f.message_vi).not.toMatch(/\(line \d+, column \d+\)/);
    expect(f.location).toMatchObject({ line: 2, col: 1 });
    expect(f.message_en).toContain('DOCTYPE/DTD is not allowed');
  });

  it('a truncated document names the unclosed element and the line it opened on', () => {
    const f = envelopeFinding('<GIAMDINHHS>\n<THONGTINDONVI>\n<MACSKCB>52001</MACSKCB>');
    expect(f.message_vi).toContain('phần tử <THONGTINDONVI> mở ở dòng 2 không được đóng (tài liệu bị cắt cụt?)');
  });

  it('a document cut inside a start tag names the tag', () => {
    const f = envelopeFinding('<GIAMDINHHS>\n<THONGTINDONVI>\n<MA_BEN');
    expect(f.message_vi).toContain('thẻ mở <MA_BEN> chưa kết thúc (tài liệu bị cắt cụt?)');
  });

  it('a mismatched end tag names both tags', () => {
    const f = envelopeFinding('<GIAMDINHHS>\n<A></B>\n</GIAMDINHHS>');
    expect(f.message_vi).toContain('thẻ đóng </B> không khớp với thẻ mở <A> ở dòng 2');
  });

  it('a check-in sent to the submission endpoint is told where it belongs', () => {
    const out = gate('<?xml version="1.0"?>\n<CHI_TIEU_TRANG_THAI_KCB/>');
    expect(out.maKetQua).toBe('205');
    expect(out.message).toContain('phần tử gốc <CHI_TIEU_TRANG_THAI_KCB>; cần <GIAMDINHHS> (bản tin check-in XML0 gửi tới checkInKcbQd4750/checkInKcbQd3176)');
  });

  it('a base64url body is named as such', () => {
    const out = gateSubmission({ endpoint: 'guiHoSoXmlQD3176', base64: 'PEdJQU1ESU5ISFM-', fromForm: false, accountFacility: '52001', maxFileBytes: 1 << 20, maxDepth: 64, formSpaceToPlus: true });
    expect(out.maKetQua).toBe('205');
    expect(out.message).toContain("ký tự '-' không thuộc bảng mã base64 (base64url? cần base64 chuẩn với '+' và '/')");
  });

  it('the portal gate says it once: thongDiep has the Vietnamese reason and "dòng, cột" only once', () => {
    const out = gate('hello world');
    expect(out.maKetQua).toBe('205');
    expect(out.message).toContain('có văn bản nằm ngoài phần tử gốc');
    expect(out.message).not.toContain('line 1');
    expect(out.message.match(/dòng 1, cột 1/g)).toHaveLength(1);
  });
});
