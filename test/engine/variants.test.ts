/** What real exports contain: BOM, CDATA, with and without XML declaration, wrapped base64; envelope notices. */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { decodeBase64Strict, decodePackage, EnvelopeError } from '../../conformance/envelope/decode.ts';
import { buildEnvelope } from '../../generators/serialize.ts';
import { utf8, validPackageXml, validTableXml } from '../fixtures/valid.ts';

const BOM = '\uFEFF';

function envelopeWith(inner: Record<string, string>, extra: Partial<Parameters<typeof buildEnvelope>[0]> = {}): string {
  return buildEnvelope({ MACSKCB: '79024', NGAYLAP: '20260810', hoso: [{ files: Object.entries(inner).map(([loaiHoSo, content]) => ({ loaiHoSo, content })) }], ...extra });
}

describe('accepted variants', () => {
  it('UTF-8 BOM on the envelope and on inner documents', () => {
    const xml = BOM + envelopeWith({ XML1: BOM + validTableXml('XML1') });
    const p = decodePackage(utf8(xml));
    expect(p.hoso[0].files[0].rows[0].values.get('HO_TEN')?.value).toBe('Nguyễn Văn Ánh – khám');
    expect(p.envelopeText.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('the envelope with and without its XML declaration, and with CRLF line ends', () => {
    const xml = envelopeWith({ XML1: validTableXml('XML1') });
    const without = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
    expect(without.startsWith('<GIAMDINHHS')).toBe(true);
    for (const text of [xml, without, xml.replace(/\n/g, '\r\n')]) {
      const r = checkPackage(utf8(text), { findings: 'problems' });
      expect(r.subject.kind).toBe('GIAMDINHHS');
      expect(r.summary.byTable.XML1.pass).toBeGreaterThan(50);
    }
  });

  it('inner documents with and without the XML declaration', () => {
    for (const declaration of [true, false]) {
      const p = decodePackage(utf8(envelopeWith({ XML1: validTableXml('XML1', 1, { serialize: { declaration } }) })));
      expect(p.hoso[0].files[0].doc.declaration === undefined).toBe(!declaration);
      expect(p.hoso[0].files[0].rows.length).toBe(1);
    }
  });

  it('CDATA values are kept exactly (markup characters included) and flagged', () => {
    const text = 'Sốt <38.5°C> & ho';
    const inner = validTableXml('XML1', 1, { overrides: { XML1: { CHAN_DOAN_RV: text } }, serialize: { cdataFields: new Set(['CHAN_DOAN_RV']) } });
    const p = decodePackage(utf8(envelopeWith({ XML1: inner })));
    const v = p.hoso[0].files[0].rows[0].values.get('CHAN_DOAN_RV')!;
    expect(v).toMatchObject({ value: text, cdata: true, present: true, empty: false });
    expect(v.line).toBeGreaterThan(1);
  });

  it('single-line (not pretty) documents keep exact columns', () => {
    const p = decodePackage(utf8(envelopeWith({ XML2: validTableXml('XML2', 2, { serialize: { pretty: false } }) })));
    const row = p.hoso[0].files[0].rows[1];
    expect(row.values.get('STT')).toMatchObject({ value: '2', line: 1 });
    expect(row.values.get('STT')!.col).toBeGreaterThan(100);
  });

  it('base64 wrapped at 76 characters with CRLF is accepted', () => {
    const raw = Buffer.from(validTableXml('XML1'), 'utf8').toString('base64');
    const wrapped = raw.replace(/(.{76})/g, '$1\r\n');
    expect(Buffer.from(decodeBase64Strict(wrapped)).toString('utf8')).toContain('<TONG_HOP>');
  });

  it('absent vs empty elements are distinguished', () => {
    const inner = validTableXml('XML1', 1, { overrides: { XML1: { GHI_CHU: '', DU_PHONG: undefined } } });
    const row = decodePackage(utf8(envelopeWith({ XML1: inner }))).hoso[0].files[0].rows[0];
    expect(row.values.get('GHI_CHU')).toMatchObject({ present: true, empty: true, value: '' });
    expect(row.values.has('DU_PHONG')).toBe(false);
  });
});

describe('strict base64', () => {
  it.each([
    ['bad alphabet', 'PD94bWwg*mVyc2lvbj0=', 8],
    ['url-safe alphabet', 'PD94-bWw=', 4],
    ['bad length', 'PD94bWw', 7],
    ['data after padding', 'PD8=PD8=', 4],
    ['three pad chars', 'PD===', 4],
  ])('%s → ENVELOPE.BASE64 with the offset', (_n, text, offset) => {
    try {
      decodeBase64Strict(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvelopeError);
      expect((e as EnvelopeError).code).toBe('ENVELOPE.BASE64');
      expect((e as EnvelopeError).offset).toBe(offset);
    }
  });
  it('accepts exactly canonical padded base64 (whitespace aside), wrapped or not, and decodes it as Node does', () => {
    // the whole contract in a few lines: the alphabet, padding to a multiple of 4, zero bits before the padding
    const canonical = (clean: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(clean) && clean.length % 4 === 0 && Buffer.from(clean, 'base64').toString('base64') === clean;
    let seed = 11;
    const r = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pieces = ['=', '==', '-', '_', '*', ' ', '\n', '\r\n', '\t', 'A', 'é'];
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256)));
      let text = bytes.toString('base64');
      if (r() < 0.3) text = text.replace(/(.{8})/g, r() < 0.5 ? '$1\n' : '$1\r\n');
      if (r() < 0.5) {
        const at = Math.floor(r() * (text.length + 1));
        text = r() < 0.5 ? text.slice(0, at) + pieces[Math.floor(r() * pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      }
      const clean = text.replace(/[ \t\r\n]+/g, '');
      let out: Uint8Array | undefined;
      try {
        out = decodeBase64Strict(text);
      } catch (e) {
        expect((e as EnvelopeError).code).toBe('ENVELOPE.BASE64');
      }
      expect([text, out !== undefined]).toEqual([text, canonical(clean)]);
      if (out) {
        accepted++;
        expect(Buffer.from(out).equals(Buffer.from(clean, 'base64'))).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(1000);
  });
  it('non-canonical padding bits are refused', () => {
    expect(() => decodeBase64Strict('PD9=')).toThrow(/non-canonical/);
    expect(Buffer.from(decodeBase64Strict('PD8=')).toString()).toBe('<?');
  });
});

describe('envelope notices (reading continues)', () => {
  it('SOLUONGHOSO differing from the HOSO count fails ENVELOPE.SOLUONGHOSO but fields are still checked', () => {
    const xml = envelopeWith({ XML1: validTableXml('XML1') }, { SOLUONGHOSO: '2' });
    const r = checkPackage(utf8(xml), { findings: 'problems' });
    expect(r.findings.find((f) => f.ruleId === 'ENVELOPE.SOLUONGHOSO')).toMatchObject({ outcome: 'fail', actual: '2', expected: '1', location: { document: 'envelope' } });
    expect(r.summary.byTable.XML1.pass).toBeGreaterThan(50);
  });
  it('an unknown LOAIHOSO fails and its file is skipped; XML12 is read with a warning', () => {
    const xml = envelopeWith({ XML1: validTableXml('XML1'), XML99: '<x/>', XML12: validTableXml('XML12') });
    const r = checkPackage(utf8(xml), { findings: 'problems' });
    expect(r.findings.find((f) => f.ruleId === 'ENVELOPE.LOAIHOSO')).toMatchObject({ outcome: 'fail', actual: 'XML99' });
    expect(r.findings.find((f) => f.ruleId === 'ENVELOPE.LOAIHOSO_XML12')).toMatchObject({ outcome: 'warning' });
    expect(r.summary.byTable.XML12.total).toBeGreaterThan(0);
  });
  it('a table document whose root does not match its LOAIHOSO is refused with the table location', () => {
    const r = checkPackage(utf8(envelopeWith({ XML2: validTableXml('XML3') })));
    expect(r.findings[0]).toMatchObject({ ruleId: 'ENVELOPE.TABLE_ROOT', outcome: 'fail', location: { table: 'XML2', hoso: 0 } });
  });
  it('a missing list element is reported', () => {
    const r = checkPackage(utf8(envelopeWith({ XML2: '<CHITIEU_CHITIET_THUOC><X/></CHITIEU_CHITIET_THUOC>' })), { findings: 'problems' });
    expect(r.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['XML2.STRUCTURE.LIST_MISSING', 'XML2.STRUCTURE.UNKNOWN_ELEMENT']));
  });
  it('two HOSO are checked separately, locations carry the hoso index', () => {
    const xml = validPackageXml({ tables: { XML1: 1 }, hosoCount: 2, overrides: { XML1: { SO_CCCD: 'bad' } } });
    const r = checkPackage(utf8(xml), { findings: 'problems' });
    const hoso = r.findings.filter((f) => f.ruleId === 'XML1.SO_CCCD.FORMAT').map((f) => f.location.hoso);
    expect(hoso).toEqual([0, 1]);
  });
});

describe('bare table documents and encodings', () => {
  it('a bare XML1 document is refused by default and accepted with allowBareTable (subject kind TABLE)', () => {
    const bytes = utf8(validTableXml('XML1'));
    expect(checkPackage(bytes).findings[0].ruleId).toBe('ENVELOPE.ROOT');
    const r = checkPackage(bytes, { allowBareTable: true, findings: 'problems' });
    expect(r.subject.kind).toBe('TABLE');
    expect(r.summary.byTable.XML1.pass).toBeGreaterThan(50);
    expect(r.layout.reason).toMatch(/^bare XML1 document/);
  });
  it('UTF-16 is named as such', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x61, 0x00]);
    expect(checkPackage(bytes).findings[0]).toMatchObject({ ruleId: 'ENVELOPE.ENCODING' });
    expect(checkPackage(bytes).findings[0].message_en).toMatch(/UTF-16/);
  });
});
