/** checkPackage as a whole: exact counts in both findings modes, purity, profiles, envelope errors as results. */
import { describe, expect, it } from 'vitest';
import { checkPackage, checkParsed, FIXED_CHECKED_AT } from '../../conformance/check.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { RESULT_SCHEMA_VERSION, summarize } from '../../conformance/result.ts';
import { runRule } from '../../conformance/rules/contract.ts';
import { fieldRules } from '../../conformance/rules/field/index.ts';
import { utf8, validPackage, validPackageXml } from '../fixtures/valid.ts';

const broken = () => utf8(validPackageXml({ tables: { XML1: 1, XML2: 3, XML3: 2 }, overrides: { XML1: { SO_CCCD: '12' }, XML2: { DON_GIA: '1,5', MA_NHOM: '4', TT_THAU: undefined } } }));

describe('findings modes', () => {
  it("'all' lists every verdict; 'problems' lists only problems; summaries are identical", () => {
    const all = checkPackage(broken(), { findings: 'all' });
    const problems = checkPackage(broken(), { findings: 'problems' });
    expect(all.findingsIncluded).toBe('all');
    expect(problems.findingsIncluded).toBe('problems');
    expect(all.summary).toEqual(problems.summary);
    expect(all.findings.length).toBe(all.summary.counts.total);
    expect(summarize(all.findings)).toEqual(all.summary);
    expect(problems.findings.every((f) => ['fail', 'warning', 'error', 'skip'].includes(f.outcome))).toBe(true);
    const c = all.summary.counts;
    expect(c.pass + c.fail + c.warning + c['not-applicable'] + c.skip + c.error).toBe(c.total);
    expect(all.summary.verdict).toBe('fail');
  });
  it("default is 'all'; passes carry constant messages and a location", () => {
    const r = checkPackage(validPackage({ tables: { XML1: 1 } }));
    const pass = r.findings.find((f) => f.ruleId === 'XML1.SO_CCCD.FORMAT' && f.outcome === 'pass');
    expect(pass).toMatchObject({ message_en: 'XML1.SO_CCCD: in the required format', location: { table: 'XML1', field: 'SO_CCCD', row: 0, MA_LK: 'LK20260810001' } });
  });
});

describe('result shape and purity', () => {
  it('same bytes and options give the same result; checkedAt from options, else a fixed value', () => {
    const a = checkPackage(broken(), { receivedAt: '2026-08-10T03:00:00Z', findings: 'problems' });
    const b = checkPackage(broken(), { receivedAt: '2026-08-10T03:00:00Z', findings: 'problems' });
    expect({ ...a, timings: {} }).toEqual({ ...b, timings: {} });
    expect(a.checkedAt).toBe('2026-08-10T03:00:00Z');
    expect(checkPackage(broken()).checkedAt).toBe(FIXED_CHECKED_AT);
    expect(a.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(a.subject).toMatchObject({ kind: 'GIAMDINHHS', MACSKCB: '79024', MA_LK: ['LK20260810001'] });
    expect(a.subject.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const k of ['decode', 'parse', 'field', 'crossTable', 'signature', 'pilot']) expect(a.timings[k]).toBeGreaterThanOrEqual(0);
  });
  it('checkParsed on a decoded package equals checkPackage', () => {
    const pkg = decodePackage(broken());
    const r = checkParsed(pkg, { findings: 'problems' });
    expect(r.summary).toEqual(checkPackage(broken(), { findings: 'problems' }).summary);
  });
  it('profile: medium-confidence failures are warnings by default, failures in strict', () => {
    // XML2 SO_DANG_KY presence is an interpretation of QĐ 4210 (medium): a drug line without it
    const bytes = utf8(validPackageXml({ tables: { XML1: 1, XML2: 1 }, overrides: { XML2: { MA_NHOM: '4', MA_THUOC: '40.150', SO_DANG_KY: undefined } } }));
    const id = 'XML2.SO_DANG_KY.REQUIRED';
    expect(checkPackage(bytes, { findings: 'problems' }).findings.find((f) => f.ruleId === id)).toMatchObject({ outcome: 'warning', confidence: 'medium' });
    expect(checkPackage(bytes, { profile: 'strict', findings: 'problems' }).findings.find((f) => f.ruleId === id)).toMatchObject({ outcome: 'fail' });
  });
  it('a field rule run alone through runRule gives the same verdicts as the engine', () => {
    const pkg = decodePackage(broken());
    const rule = fieldRules('4750').find((r) => r.meta.id === 'XML1.SO_CCCD.FORMAT')!;
    const out = runRule(rule, pkg, { findings: 'problems' });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ outcome: 'fail', actual: '12', ruleId: 'XML1.SO_CCCD.FORMAT' });
    expect(out[0].message_en).toContain('"12"');
  });
});

describe('bad input becomes a result, never an exception', () => {
  it.each([
    ['empty', new Uint8Array(0), 'ENVELOPE.EMPTY'],
    ['not XML', utf8('hello'), 'ENVELOPE.XML'],
    ['wrong root', utf8('<?xml version="1.0"?><HOSO/>'), 'ENVELOPE.ROOT'],
    ['missing THONGTINHOSO', utf8('<GIAMDINHHS><THONGTINDONVI><MACSKCB>79024</MACSKCB></THONGTINDONVI></GIAMDINHHS>'), 'ENVELOPE.STRUCTURE'],
  ])('%s → %s', (_n, bytes, code) => {
    const r = checkPackage(bytes);
    expect(r.summary.verdict).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: code, outcome: 'fail', severity: 'error' });
    expect(r.findings[0].message_vi.length).toBeGreaterThan(5);
    expect(r.findings[0].message_en.length).toBeGreaterThan(5);
    expect(r.findings[0].citation.decision).toBeTruthy();
    expect(r.subject.kind).toBe('UNKNOWN');
  });
  it('the expected document kind is enforced when given', () => {
    const r = checkPackage(validPackage({ tables: { XML1: 1 } }), { kind: 'CHECKIN' });
    expect(r.findings[0]).toMatchObject({ ruleId: 'ENVELOPE.ROOT' });
    expect(r.findings[0].message_en).toMatch(/CHI_TIEU_TRANG_THAI_KCB/);
  });
});

describe('internal errors', () => {
  it('a rule that throws gives an error finding (never a pass), counted in the summary', async () => {
    const { runListed } = await import('../../conformance/check.ts');
    const { SummaryBuilder } = await import('../../conformance/result.ts');
    const rule = fieldRules('4750')[0];
    const crashing = { meta: { ...rule.meta, id: 'TEST.CRASH', tables: ['XML1'] }, check: () => { throw new TypeError('boom'); } };
    const sb = new SummaryBuilder();
    const out: import('../../conformance/result.ts').Finding[] = [];
    runListed(crashing, decodePackage(broken()), {}, false, sb, out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ ruleId: 'TEST.CRASH', outcome: 'error', reason: 'TypeError: boom', location: { table: 'XML1' } });
    expect(sb.summary().verdict).toBe('fail');
  });
});

describe('every ruleId a Result carries is known to the registry', () => {
  it('field, structure, envelope, notice, truncation and hand-written ids all have metadata', async () => {
    const { ruleMeta } = await import('../../conformance/rules/registry.ts');
    const { buildEnvelope } = await import('../../generators/serialize.ts');
    const { validTableXml } = await import('../fixtures/valid.ts');
    const inputs: Uint8Array[] = [
      broken(),
      utf8('<GIAMDINHHS/>'),
      utf8('<x><!DOCTYPE a></x>'),
      utf8(buildEnvelope({ MACSKCB: 'x', NGAYLAP: '2026', SOLUONGHOSO: '9', hoso: [{ files: [{ loaiHoSo: 'XML99', content: '<a/>' }, { loaiHoSo: 'XML12', content: validTableXml('XML12') }, { loaiHoSo: 'XML2', content: '<CHITIEU_CHITIET_THUOC><Z/></CHITIEU_CHITIET_THUOC>' }] }] })),
    ];
    const unknown = new Set<string>();
    for (const bytes of inputs) for (const f of checkPackage(bytes, { maxListedPerRule: 1 }).findings) if (!ruleMeta(f.ruleId)) unknown.add(f.ruleId);
    expect([...unknown]).toEqual([]);
  });
});
