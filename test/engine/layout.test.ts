/** Layout selection: endpoint, XML13 content recognition, forced layout, QĐ 1931 by visit date. */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { layoutFromEndpoint } from '../../conformance/layout.ts';
import { utf8, validCheckinXml, validPackageXml } from '../fixtures/valid.ts';

const pkg4750xml13 = () => utf8(validPackageXml({ layout: '4750', tables: { XML1: 1, XML13: 1 } }));
const pkg3176xml13 = () => utf8(validPackageXml({ layout: '3176', tables: { XML1: 1, XML13: 1 } }));
const plain = (date?: string) => utf8(validPackageXml({ tables: { XML1: 1, XML2: 1 }, date }));

describe('layout from the endpoint', () => {
  it('maps endpoint names', () => {
    expect(layoutFromEndpoint('guiHoSoXmlQD3176')).toBe('3176');
    expect(layoutFromEndpoint('checkInKcbQd3176')).toBe('3176');
    expect(layoutFromEndpoint('guiHoSoXmlQD4750')).toBe('4750');
    expect(layoutFromEndpoint('guiHoSoXmlQD130')).toBe('4750');
    expect(layoutFromEndpoint(undefined)).toBeUndefined();
  });
  it('without XML13 the endpoint decides; without endpoint the decision in force on the visit date', () => {
    expect(decodePackage(plain(), { endpoint: 'guiHoSoXmlQD3176' }).layout.id).toBe('3176');
    expect(decodePackage(plain(), { endpoint: 'guiHoSoXmlQD4750' }).layout.id).toBe('4750');
    const none = decodePackage(plain());
    expect(none.layout.id).toBe('3176');
    expect(none.layoutReason).toMatch(/from the visit date/);
    expect(none.notices.map((n) => n.ruleId)).not.toContain('ENVELOPE.LAYOUT_GUESSED');
  });
});

describe('layout from the content (XML13)', () => {
  it('recognises the 3176 XML13 (MA_CSKCB_DI, TINH_TRANG_CT) without an endpoint', () => {
    const p = decodePackage(pkg3176xml13());
    expect(p.layout.id).toBe('3176');
    expect(p.layoutReason).toMatch(/XML13 uses the 3176 structure/);
  });
  it('a 4750 XML13 sent to the 3176 endpoint is checked as 4750, with a warning, not a failure', () => {
    const r = checkPackage(pkg4750xml13(), { endpoint: 'guiHoSoXmlQD3176', findings: 'problems' });
    expect(r.layout.id).toBe('4750');
    expect(r.layout.reason).toMatch(/although the endpoint guiHoSoXmlQD3176 names 3176/);
    const w = r.findings.find((f) => f.ruleId === 'ENVELOPE.LAYOUT_MISMATCH');
    expect(w).toMatchObject({ outcome: 'warning', location: { table: 'XML13' } });
    expect(r.findings.filter((f) => f.ruleId.startsWith('XML13.') && f.outcome === 'fail')).toEqual([]);
  });
  it('the same package checked as 3176 by force reports the 4750 elements as unknown', () => {
    const r = checkPackage(pkg4750xml13(), { layout: '3176', findings: 'problems' });
    expect(r.layout.reason).toMatch(/forced/);
    expect(r.findings.some((f) => f.ruleId === 'XML13.STRUCTURE.UNKNOWN_ELEMENT' && /MA_NOI_DI/.test(f.actual ?? ''))).toBe(true);
  });
});

describe('QĐ 1931 overlay by visit date', () => {
  it('visits ending from 2026-07-01 allow MUC_HUONG of 4 characters; earlier ones 3', () => {
    const after = decodePackage(plain('20260701'));
    expect(after.layout.overlay1931).toBe(true);
    expect(after.layout.tables.get('XML2')!.byName.get('MUC_HUONG')!.maxLength).toBe(4);
    const before = decodePackage(plain('20260630'));
    expect(before.layout.overlay1931).toBe(false);
    expect(before.layout.tables.get('XML2')!.byName.get('MUC_HUONG')!.maxLength).toBe(3);
    expect(before.layoutReason).toMatch(/overlay off: XML1 NGAY_RA 20260630 < 20260701/);
  });
  it('MUC_HUONG of 4 digits fails LENGTH before 1931 and passes after; a decimal such as "80.5" passes on both sides', () => {
    const mk = (date: string, value: string) => utf8(validPackageXml({ tables: { XML1: 1, XML2: 1 }, date, overrides: { XML2: { MUC_HUONG: value } } }));
    // the size counts the digits before the decimal point (a percentage: 47.5, 80.5, 100.00 are within 3)
    const lengthFails = (date: string, value: string) => checkPackage(mk(date, value), { profile: 'strict', findings: 'problems' }).findings.filter((f) => f.ruleId.startsWith('XML2.MUC_HUONG.') || f.explains?.includes('XML2.MUC_HUONG.LENGTH'));
    expect(lengthFails('20260630', '1000').map((f) => f.ruleId)).toEqual(['XML2.MUC_HUONG.LENGTH']);
    expect(lengthFails('20260702', '1000')).toEqual([]);
    for (const date of ['20260630', '20260702']) expect(lengthFails(date, '80.5'), date).toEqual([]);
  });
  it('a check-in uses its own NGAY_VAO', () => {
    expect(decodePackage(utf8(validCheckinXml(1, { date: '20260520' }))).layout.overlay1931).toBe(false);
    expect(decodePackage(utf8(validCheckinXml(1, { date: '20260820' })), { endpoint: 'checkInKcbQd3176' }).layout.id).toBe('3176');
  });
});

describe('QĐ 1931 per HOSO', () => {
  it('a package with visits on both sides of 2026-07-01 applies MUC_HUONG max 3 and 4 to each HOSO', async () => {
    const { buildEnvelope } = await import('../../generators/serialize.ts');
    const { validTableXml } = await import('../fixtures/valid.ts');
    const hoso = (date: string) => ({ files: ['XML1', 'XML2'].map((t) => ({ loaiHoSo: t, content: validTableXml(t, 1, { date, overrides: { XML2: { MUC_HUONG: '1000' } } }) })) });
    const xml = buildEnvelope({ MACSKCB: '79024', NGAYLAP: '20260810', hoso: [hoso('20260810'), hoso('20260610')] });
    const r = checkPackage(utf8(xml), { profile: 'strict', findings: 'problems' });
    expect(r.findings.filter((f) => (f.ruleId === 'XML2.MUC_HUONG.LENGTH' || f.explains?.includes('XML2.MUC_HUONG.LENGTH'))).map((f) => f.location.hoso)).toEqual([1]);
  });
});
