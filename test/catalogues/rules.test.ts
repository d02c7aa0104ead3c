/**
 * CATALOGUE.* rules through checkPackage: skip (with the reason) without catalogues or without the kind needed,
 * pass on claims that match, fail (strict) / warn (default) on mismatches, and the version in force on the line's
 * date decides (a price list replaced later still judges the visits before it).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { CatalogueSet, FacilityCatalogues, type CatalogueData } from '../../conformance/catalogues/model.ts';
import type { Finding } from '../../conformance/result.ts';
import { fixtureCatalogueData, fixtureCatalogues } from '../../conformance/rules/catalogue/fixtures.ts';
import { envelopeXml, inpatientRecord, outpatientRecord, priceRecord } from '../../conformance/rules/fixtures-kit.ts';
import { ruleModules } from '../../conformance/rules/registry.ts';

const IDS = ruleModules().map((m) => m.rule.meta.id).filter((id) => id.startsWith('CATALOGUE.'));
const bytes = (xml: string) => new TextEncoder().encode(xml);
const catalogueFindings = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith('CATALOGUE.'));
const check = (xml: string, opts: Parameters<typeof checkPackage>[1] = {}) => checkPackage(bytes(xml), { findings: 'all', ...opts });

describe('CATALOGUE rules', () => {
  it('are eleven, one per module', () => {
    expect(IDS.sort()).toEqual(
      [
        'CATALOGUE.DEPARTMENT',
        'CATALOGUE.DRUG.KNOWN',
        'CATALOGUE.DRUG.PRICE',
        'CATALOGUE.MA_MAY.REGISTERED',
        'CATALOGUE.MA_TTDV.REGISTERED',
        'CATALOGUE.PRACTITIONER.LICENSED',
        'CATALOGUE.PRACTITIONER.REGISTERED',
        'CATALOGUE.SERVICE.KNOWN',
        'CATALOGUE.SERVICE.PRICE',
        'CATALOGUE.SUPPLY.KNOWN',
        'CATALOGUE.SUPPLY.PRICE',
      ].sort(),
    );
  });

  it('skip with the reason when no catalogues are given, never fail', () => {
    const r = check(envelopeXml([outpatientRecord(), inpatientRecord()]), { profile: 'strict' });
    const fs = catalogueFindings(r.findings);
    expect(new Set(fs.map((f) => f.ruleId))).toEqual(new Set(IDS));
    expect(fs.every((f) => f.outcome === 'skip')).toBe(true);
    expect(fs[0].reason).toContain('no facility catalogues were given');
    expect(fs[0].message_vi).toContain('chưa nạp danh mục của cơ sở');
    expect(r.summary.counts.fail).toBe(0);
  });

  it('skip, naming the facility, when the catalogues are another facility’s or lack the kind', () => {
    const other = new CatalogueSet(fixtureCatalogueData().map((v) => ({ ...v, facility: '52001' })));
    const fs = catalogueFindings(check(envelopeXml([outpatientRecord()]), { profile: 'strict', catalogues: other }).findings);
    expect(fs.every((f) => f.outcome === 'skip' && /facility 01001/.test(f.reason ?? ''))).toBe(true);
    const staffOnly = new CatalogueSet(fixtureCatalogueData(['staff']));
    const gs = catalogueFindings(check(envelopeXml([outpatientRecord()]), { profile: 'strict', catalogues: staffOnly }).findings);
    expect(gs.filter((f) => f.ruleId === 'CATALOGUE.PRACTITIONER.REGISTERED').every((f) => f.outcome === 'pass')).toBe(true);
    const drug = gs.find((f) => f.ruleId === 'CATALOGUE.DRUG.KNOWN')!;
    expect(drug.outcome).toBe('skip');
    expect(drug.reason).toBe('no drugs catalogue loaded for facility 01001');
  });

  it('pass on records that match the catalogues, every rule with verdicts', () => {
    const r = check(envelopeXml([outpatientRecord(), inpatientRecord()]), { profile: 'strict', catalogues: fixtureCatalogues() });
    const fs = catalogueFindings(r.findings);
    expect(fs.filter((f) => f.outcome !== 'pass')).toEqual([]);
    expect(new Set(fs.map((f) => f.ruleId))).toEqual(new Set(IDS));
  });

  it('fail in the strict profile and warn in the default one (medium confidence), with the line and a message that says what to write', () => {
    const rec = outpatientRecord();
    rec.XML2[0].DON_GIA = '1300';
    priceRecord(rec);
    rec.XML3[1].MA_MAY = 'XN.1.01001.999';
    const xml = envelopeXml([rec]);
    const strict = catalogueFindings(check(xml, { profile: 'strict', catalogues: fixtureCatalogues() }).findings).filter((f) => f.outcome !== 'pass');
    expect(strict.map((f) => `${f.ruleId} ${f.outcome} ${f.location.table}.${f.location.field}`)).toEqual(['CATALOGUE.MA_MAY.REGISTERED fail XML3.MA_MAY', 'CATALOGUE.DRUG.PRICE fail XML2.DON_GIA']);
    const price = strict[1];
    expect(price.actual).toBe('1300');
    expect(price.expected).toBe('1234.565');
    expect(price.location.line).toBeGreaterThan(0);
    expect(price.message_vi).toContain('khác giá trong danh mục cơ sở 01001 ngày 06/10/2025');
    expect(price.message_en).toContain('bill the unit price declared to BHXH');
    const lenient = catalogueFindings(check(xml, { catalogues: fixtureCatalogues() }).findings).filter((f) => f.outcome !== 'pass');
    expect(lenient.map((f) => f.outcome)).toEqual(['warning', 'warning']);
  });

  it('CATALOGUE.DEPARTMENT: every MA_KHOA item (XML1 list, XML2/XML3 lines, XML7 MA_KHOA_RV) is a declared department in force; a sub-code or .Dxx ward counts as its department', () => {
    const rec = inpatientRecord();
    const dept = (r: ReturnType<typeof inpatientRecord>, data = fixtureCatalogueData()) =>
      catalogueFindings(check(envelopeXml([r]), { profile: 'strict', catalogues: new CatalogueSet(data) }).findings).filter((f) => f.ruleId === 'CATALOGUE.DEPARTMENT');
    const ok = dept(rec);
    expect(ok.length).toBeGreaterThan(2);
    expect(ok.every((f) => f.outcome === 'pass')).toBe(true);
    expect(new Set(ok.map((f) => f.location.table))).toEqual(new Set(Object.keys(rec).filter((t) => ['XML1', 'XML2', 'XML3', 'XML7'].includes(t))));
    rec.XML1[0].MA_KHOA = 'K01;K48';
    rec.XML3[0].MA_KHOA = 'K02.D35';
    const bad = dept(rec).filter((f) => f.outcome !== 'pass');
    expect(bad.map((f) => `${f.outcome} ${f.location.table}.${f.location.field} ${f.actual}`)).toEqual(['fail XML1.MA_KHOA K48']);
    expect(bad[0].message_vi).toContain('không có trong danh mục khoa/phòng cơ sở 01001');
    expect(bad[0].message_en).toContain('write the department code declared to BHXH');
    // a department whose row ended before the line's date
    const ended = fixtureCatalogueData().map((v) => (v.kind === 'departments' ? { ...v, entries: v.entries.map((e) => (e.code === 'K02' ? { ...e, to: '20250131' } : e)) } : v));
    const gone = dept(inpatientRecord(), ended).filter((f) => f.outcome !== 'pass');
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((f) => f.actual?.startsWith('K02') && /declared only 01\/01\/2025–31\/01\/2025/.test(f.message_en))).toBe(true);
    // without a department catalogue: skip naming the kind
    const none = dept(inpatientRecord(), fixtureCatalogueData(['staff']));
    expect(none.map((f) => [f.outcome, f.reason])).toEqual([['skip', 'no departments catalogue loaded for facility 01001']]);
  });

  it('judge each line by the version in force on its date', () => {
    const base = fixtureCatalogueData();
    const drugs = base.find((v) => v.kind === 'drugs')!;
    // a new drug list from 01/10/2025 raises Amlodipin to 1300; the old one (from 01/01/2025) stays for earlier visits
    const raised = { ...drugs, effectiveFrom: '20251001', seq: 99, entries: drugs.entries.map((e) => (e.code === '40.227' ? { ...e, price: '1300', from: '20251001' } : e)) };
    const set = new CatalogueSet([...base, raised]);
    const fc = set.forFacility('01001')!;
    expect(fc.versionOn('drugs', '20250930')?.version.seq).toBe(drugs.seq);
    expect(fc.versionOn('drugs', '20251001')?.version.seq).toBe(99);
    expect(fc.versionOn('drugs', '20241231')).toBeUndefined();

    const oct = outpatientRecord(); // NGAY_YL 06/10/2025: the raised list applies
    const verdicts = (rec: ReturnType<typeof outpatientRecord>) =>
      catalogueFindings(check(envelopeXml([rec]), { profile: 'strict', catalogues: set }).findings).filter((f) => f.ruleId === 'CATALOGUE.DRUG.PRICE' && f.location.row === 0).map((f) => f.outcome);
    expect(verdicts(oct)).toEqual(['fail']);
    oct.XML2[0].DON_GIA = '1300';
    expect(verdicts(priceRecord(oct))).toEqual(['pass']);
    const sept = outpatientRecord();
    sept.XML2[0].NGAY_YL = '202509150930';
    expect(verdicts(sept)).toEqual(['pass']);
  });

  it('skip (once per record) a line dated before any version, and respect each row’s TU_NGAY/DEN_NGAY', () => {
    const data: CatalogueData = fixtureCatalogueData().map((v) => (v.kind === 'equipment' ? { ...v, effectiveFrom: '20251101' } : v));
    const fs = catalogueFindings(check(envelopeXml([outpatientRecord()]), { profile: 'strict', catalogues: new CatalogueSet(data) }).findings).filter((f) => f.ruleId === 'CATALOGUE.MA_MAY.REGISTERED');
    expect(fs.map((f) => f.outcome)).toEqual(['skip']);
    expect(fs[0].reason).toContain('applies from 01/11/2025, after 06/10/2025');
    const fc = new FacilityCatalogues('01001', fixtureCatalogueData(['staff']));
    const v = fc.versionOn('staff', '20251006')!;
    expect(v.entries('000789/HNO-CCHN')[0].to).toBe('20191231');
    expect(v.entriesByAnyId('0101234567').map((e) => e.code)).toEqual(['GD-01001']);
  });
});
