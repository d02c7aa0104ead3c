// A PDF, ZIP, Office file or image sent instead of the XML is named as such (ENVELOPE.FILE_TYPE), at the
// envelope and inside NOIDUNGFILE, instead of "not valid UTF-8".
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { sniffFileType } from '../../conformance/envelope/file-type.ts';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('file type sniffing', () => {
  it.each([
    ['PDF document', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj')],
    ['ZIP archive', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], 'data.txt')],
    ['Word document (.docx, a ZIP archive)', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0], '[Content_Types].xml…word/document.xml')],
    ['Excel workbook (.xlsx, a ZIP archive)', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0], '[Content_Types].xml…xl/workbook.xml')],
    ['legacy Office document (.doc/.xls)', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])],
    ['PNG image', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['JPEG image', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF')],
  ])('names a %s at the envelope (ENVELOPE.FILE_TYPE, not ENCODING)', (name, file) => {
    expect(sniffFileType(file)?.en).toBe(name);
    // sniffFileType answers a document starting with '<' at once: no signature may start with it
    expect(file[0]).not.toBe(0x3c);
    const r = checkPackage(file);
    expect(r.summary.verdict).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'ENVELOPE.FILE_TYPE', outcome: 'fail', location: { table: 'ENVELOPE' } });
    expect(r.findings[0].message_en).toContain(`is a ${name}, not an XML document`);
    expect(r.findings[0].message_vi).toMatch(/không phải tài liệu XML/);
  });

  it('names a PDF sent base64-encoded in NOIDUNGFILE, with the table', () => {
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n', 'latin1').toString('base64');
    const env = `<?xml version="1.0" encoding="utf-8"?><GIAMDINHHS><THONGTINDONVI><MACSKCB>52001</MACSKCB></THONGTINDONVI><THONGTINHOSO><NGAYLAP>20260319</NGAYLAP><SOLUONGHOSO>1</SOLUONGHOSO><DANHSACHHOSO><HOSO><FILEHOSO><LOAIHOSO>XML1</LOAIHOSO><NOIDUNGFILE>${pdf}</NOIDUNGFILE></FILEHOSO></HOSO></DANHSACHHOSO></THONGTINHOSO><CHUKYDONVI/></GIAMDINHHS>`;
    const f = checkPackage(new TextEncoder().encode(env)).findings.find((x) => x.ruleId === 'ENVELOPE.FILE_TYPE');
    expect(f?.message_en).toMatch(/PDF document, not an XML document/);
    expect(f?.location.table).toBe('XML1');
  });

  it('leaves XML, text and UTF-16 to the other checks', () => {
    expect(sniffFileType(new TextEncoder().encode('<?xml version="1.0"?><GIAMDINHHS/>'))).toBeUndefined();
    expect(sniffFileType(new TextEncoder().encode('BMW service report'))).toBeUndefined();
    expect(checkPackage(new Uint8Array([0xff, 0xfe, 0x3c, 0x00])).findings[0].ruleId).toBe('ENVELOPE.ENCODING');
  });
});
