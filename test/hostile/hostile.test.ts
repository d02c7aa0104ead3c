/**
 * Hostile inputs: each gives a clear ENVELOPE.* finding with a location, without crashing or expanding
 * anything (speed is measured in bench/, not asserted here; vitest's timeout still guards against hangs).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { decodeBase64Strict, decodePackage, EnvelopeError } from '../../conformance/envelope/decode.ts';
import { buildEnvelope } from '../../generators/serialize.ts';
import { utf8, validTableXml } from '../fixtures/valid.ts';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<GIAMDINHHS>&lol9;</GIAMDINHHS>`;

const QUADRATIC = `<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "${'x'.repeat(50_000)}">]><GIAMDINHHS>${'&a;'.repeat(50_000)}</GIAMDINHHS>`;
const QUADRATIC_NO_DTD = `<GIAMDINHHS>${'&a;'.repeat(100_000)}</GIAMDINHHS>`;
const XXE = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><GIAMDINHHS>&xxe;</GIAMDINHHS>`;
const XXE_PARAMETER = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]><GIAMDINHHS/>`;
const DEEP = `<GIAMDINHHS>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</GIAMDINHHS>`;

function envelope(inner: string, loai = 'XML1', raw?: string): string {
  const xml = buildEnvelope({ MACSKCB: '79024', NGAYLAP: '20260810', hoso: [{ files: [{ loaiHoSo: loai, content: inner }] }] });
  return raw === undefined ? xml : xml.replace(/<NOIDUNGFILE>[^<]*<\/NOIDUNGFILE>/, `<NOIDUNGFILE>${raw}</NOIDUNGFILE>`);
}

function expectFinding(bytes: Uint8Array, ruleId: string, match?: RegExp) {
  const r = checkPackage(bytes);
  expect(r.summary.verdict).toBe('fail');
  expect(r.findings[0].ruleId).toBe(ruleId);
  if (match) expect(`${r.findings[0].message_en}`).toMatch(match);
  expect(r.findings[0].message_vi).toBeTruthy();
  return r.findings[0];
}

describe('outer document', () => {
  it('billion laughs: DTD refused, nothing expanded', () => {
    const f = expectFinding(utf8(BILLION_LAUGHS), 'ENVELOPE.XML', /DOCTYPE\/DTD is not allowed/);
    expect(f.location).toMatchObject({ line: 2, col: 1, document: 'envelope' });
  });
  it('quadratic blow-up with a DTD: refused', () => {
    expectFinding(utf8(QUADRATIC), 'ENVELOPE.XML', /XML_DTD_FORBIDDEN/);
  });
  it('quadratic blow-up without a DTD: undeclared entity refused at its position', () => {
    const f = expectFinding(utf8(QUADRATIC_NO_DTD), 'ENVELOPE.XML', /undeclared entity &a;/);
    expect(f.location.col).toBe(13);
  });
  it('external entity (XXE) and external parameter entity: refused, no file or network access', () => {
    expectFinding(utf8(XXE), 'ENVELOPE.XML', /XML_DTD_FORBIDDEN/);
    expectFinding(utf8(XXE_PARAMETER), 'ENVELOPE.XML', /XML_DTD_FORBIDDEN/);
  });
  it('50 MB document: refused by the size gate before decoding', () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    big.set(utf8('<GIAMDINHHS>'), 0);
    expectFinding(big, 'ENVELOPE.SIZE', /over the limit of 33554432/);
    // a smaller limit from the options applies too
    expect(checkPackage(utf8(envelope(validTableXml('XML1'))), { limits: { maxBytes: 1000 } }).findings[0].ruleId).toBe('ENVELOPE.SIZE');
  });
  it('depth 10,000: refused by the depth limit', () => {
    expectFinding(utf8(DEEP), 'ENVELOPE.XML', /nesting deeper than 64/);
  });
  it('truncated document: unclosed element named, with its line', () => {
    const full = envelope(validTableXml('XML1'));
    expectFinding(utf8(full.slice(0, Math.floor(full.length * 0.6))), 'ENVELOPE.XML', /never closed \(document truncated\?\)|unterminated/);
  });
  it('invalid UTF-8: byte offset reported', () => {
    const bytes = utf8('<GIAMDINHHS>abc</GIAMDINHHS>');
    const bad = new Uint8Array([...bytes.slice(0, 13), 0xc3, 0x28, ...bytes.slice(13)]);
    const f = expectFinding(bad, 'ENVELOPE.ENCODING', /byte offset 13/);
    expect(f.location.document).toBe('envelope');
  });
  it('non-UTF-8 declared encoding is refused', () => {
    expectFinding(utf8('<?xml version="1.0" encoding="windows-1258"?><GIAMDINHHS/>'), 'ENVELOPE.XML', /not supported/);
  });
  it('wrong root', () => {
    expectFinding(utf8('<TONG_HOP><MA_LK>1</MA_LK></TONG_HOP>'), 'ENVELOPE.ROOT', /<TONG_HOP>/);
  });
  it('bad base64 of a whole upload (fileHSBase64): ENVELOPE.BASE64 with offset', () => {
    const good = Buffer.from(envelope(validTableXml('XML1'))).toString('base64');
    const bad = `${good.slice(0, 40)}$${good.slice(41)}`;
    expect(() => decodeBase64Strict(bad)).toThrow(EnvelopeError);
    try {
      decodeBase64Strict(bad);
    } catch (e) {
      expect((e as EnvelopeError).code).toBe('ENVELOPE.BASE64');
      expect((e as EnvelopeError).offset).toBe(40);
    }
    expect(() => decodeBase64Strict(good.slice(0, -3))).toThrow(/not a multiple of 4/);
  });
});

describe('inner documents (NOIDUNGFILE)', () => {
  const loc = { hoso: 0, table: 'XML1', document: 'XML1' };
  it('bad base64: location names the table and the HOSO', () => {
    const f = expectFinding(utf8(envelope('', 'XML1', 'PD94bWwg!!!')), 'ENVELOPE.BASE64', /NOIDUNGFILE of XML1 \(HOSO 1\)/);
    expect(f.location).toMatchObject({ hoso: 0, table: 'XML1' });
    expectFinding(utf8(envelope('', 'XML1', '')), 'ENVELOPE.BASE64', /empty/);
  });
  it('invalid UTF-8 inside', () => {
    const raw = Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]).toString('base64');
    const f = expectFinding(utf8(envelope('', 'XML1', raw)), 'ENVELOPE.ENCODING', /byte offset 3/);
    expect(f.location).toMatchObject(loc);
  });
  it.each([
    ['billion laughs', BILLION_LAUGHS.replaceAll('GIAMDINHHS', 'TONG_HOP'), /XML_DTD_FORBIDDEN/],
    ['XXE', XXE.replaceAll('GIAMDINHHS', 'TONG_HOP'), /XML_DTD_FORBIDDEN/],
    ['depth 10,000', DEEP.replaceAll('GIAMDINHHS', 'TONG_HOP'), /XML_DEPTH_LIMIT/],
    ['truncated', validTableXml('XML1').slice(0, 300), /XML_UNCLOSED/],
  ])('%s inside XML1: ENVELOPE.XML with the inner line/col', (_n, inner, re) => {
    const f = expectFinding(utf8(envelope(inner)), 'ENVELOPE.XML', re);
    expect(f.location).toMatchObject(loc);
    expect(f.location.line).toBeGreaterThanOrEqual(1);
  });
  it('wrong inner root', () => {
    expectFinding(utf8(envelope('<GIAMDINHHS/>')), 'ENVELOPE.TABLE_ROOT', /catalogue root for XML1 is <TONG_HOP>/);
  });
  it('decodePackage itself throws EnvelopeError (the portal catches it)', () => {
    expect(() => decodePackage(utf8(envelope(DEEP.replaceAll('GIAMDINHHS', 'TONG_HOP'))))).toThrow(EnvelopeError);
  });
});

describe('element floods', () => {
  it('100,000 stray elements in a row give one finding per row and rule, with exact names and count', () => {
    const inner = `<TONG_HOP><MA_LK>1</MA_LK>${'<X/>'.repeat(100_000)}</TONG_HOP>`;
    const r = checkPackage(utf8(envelope(inner)), { findings: 'problems' });
    const unknown = r.findings.filter((f) => f.ruleId === 'XML1.STRUCTURE.UNKNOWN_ELEMENT');
    expect(unknown).toHaveLength(1);
    expect(unknown[0].message_en).toMatch(/^XML1: 100000 element\(s\) not fields/);
    const dup = r.findings.filter((f) => f.ruleId === 'XML1.STRUCTURE.DUPLICATE_ELEMENT');
    expect(dup).toHaveLength(1);
    expect(dup[0].message_en).toMatch(/99999 element\(s\) repeated/);
    expect(r.summary.byRule['XML1.STRUCTURE.UNKNOWN_ELEMENT'].fail).toBe(1);
  });
  it('a flood over the tag budget is refused before parsing (ENVELOPE.XML, XML_MARKUP_LIMIT), also inside NOIDUNGFILE', () => {
    const inner = `<TONG_HOP><MA_LK>1</MA_LK>${'<X/>'.repeat(1_600_000)}</TONG_HOP>`;
    const f = expectFinding(utf8(envelope(inner)), 'ENVELOPE.XML', /more than 1500000 tags.*XML_MARKUP_LIMIT/);
    expect(f.location).toMatchObject({ table: 'XML1', hoso: 0 });
    expect(checkPackage(utf8(envelope(validTableXml('XML1'))), { maxMarkup: 50 }).findings[0].ruleId).toBe('ENVELOPE.XML');
  });
  it('the tag budget refuses the same document as counting every document would, at every limit', () => {
    // Documents are counted only once their lengths could overflow what is left: the refusal must still come at
    // the first document whose tags push the package's total over the limit.
    const tables = [validTableXml('XML1'), validTableXml('XML2', 3), validTableXml('XML3', 2)];
    const xml = buildEnvelope({ MACSKCB: '79024', NGAYLAP: '20260810', hoso: [{ files: tables.map((content, i) => ({ loaiHoSo: `XML${i + 1}`, content })) }] });
    const tags = (s: string) => s.split('<').length - 1;
    const counts = [tags(xml), ...tables.map(tags)];
    const total = counts.reduce((a, b) => a + b, 0);
    const limits = [0, 1, counts[0] - 1, counts[0], counts[0] + 1, counts[0] + counts[1], counts[0] + counts[1] + 1, total - 1, total, total + 1, 10 * total];
    for (let limit = 0; limit <= total + 2; limit += 7) limits.push(limit);
    for (const limit of limits) {
      let refusedAt = -1;
      for (let i = 0, sum = 0; i < counts.length && refusedAt === -1; i++) if ((sum += counts[i]) > limit) refusedAt = i;
      let error: unknown;
      try {
        decodePackage(utf8(xml), { maxMarkup: limit });
      } catch (e) {
        error = e;
      }
      if (refusedAt === -1) expect(error, `limit ${limit}`).toBeUndefined();
      else {
        expect(error, `limit ${limit}`).toBeInstanceOf(EnvelopeError);
        expect((error as EnvelopeError).message, `limit ${limit}`).toMatch(/XML_MARKUP_LIMIT/);
        expect((error as EnvelopeError).location.table, `limit ${limit}`).toBe(refusedAt === 0 ? 'ENVELOPE' : `XML${refusedAt}`);
      }
    }
  });
  it('100,000 stray elements in a list give one notice per table document', () => {
    const inner = `<CHITIEU_CHITIET_THUOC><DSACH_CHI_TIET_THUOC>${'<Y/>'.repeat(100_000)}</DSACH_CHI_TIET_THUOC></CHITIEU_CHITIET_THUOC>`;
    const r = checkPackage(utf8(envelope(inner, 'XML2')), { findings: 'problems' });
    const unknown = r.findings.filter((f) => f.ruleId === 'XML2.STRUCTURE.UNKNOWN_ELEMENT');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ actual: 'Y', location: { table: 'XML2', hoso: 0 } });
  });
});

describe('finding floods', () => {
  it('20,000 empty rows: counts exact, listing capped per rule with one truncation marker per rule', () => {
    const inner = `<CHITIEU_CHITIET_THUOC><DSACH_CHI_TIET_THUOC>${'<CHI_TIET_THUOC/>'.repeat(20_000)}</DSACH_CHI_TIET_THUOC></CHITIEU_CHITIET_THUOC>`;
    const r = checkPackage(utf8(envelope(inner, 'XML2')), { findings: 'problems', maxListedPerRule: 1000 });
    expect(r.summary.byRule['XML2.MA_THUOC.REQUIRED'].fail).toBe(20_000);
    expect(r.findings.filter((f) => f.ruleId === 'XML2.MA_THUOC.REQUIRED')).toHaveLength(1000);
    const marker = r.findings.find((f) => f.ruleId === 'ENGINE.LISTING_TRUNCATED' && f.message_en.includes('XML2.MA_THUOC.REQUIRED'));
    expect(marker).toMatchObject({ outcome: 'skip', actual: '19000' });
    expect(r.summary.byRule['ENGINE.LISTING_TRUNCATED']).toBeUndefined();
  });
  it('more rows than the row budget: refused with ENVELOPE.STRUCTURE and the table location', () => {
    const inner = `<CHITIEU_CHITIET_THUOC><DSACH_CHI_TIET_THUOC>${'<CHI_TIET_THUOC/>'.repeat(101)}</DSACH_CHI_TIET_THUOC></CHITIEU_CHITIET_THUOC>`;
    const r = checkPackage(utf8(envelope(inner, 'XML2')), { maxRows: 100 });
    expect(r.findings[0]).toMatchObject({ ruleId: 'ENVELOPE.STRUCTURE', location: { table: 'XML2', hoso: 0 } });
    expect(r.findings[0].message_en).toMatch(/more than 100 rows/);
  });
  it('the total cap applies too', () => {
    const inner = `<CHITIEU_CHITIET_THUOC><DSACH_CHI_TIET_THUOC>${'<CHI_TIET_THUOC/>'.repeat(2_000)}</DSACH_CHI_TIET_THUOC></CHITIEU_CHITIET_THUOC>`;
    const r = checkPackage(utf8(envelope(inner, 'XML2')), { findings: 'problems', maxListed: 5000 });
    expect(r.findings.filter((f) => f.ruleId !== 'ENGINE.LISTING_TRUNCATED').length).toBe(5000);
  });
});
