/**
 * A table document checked on its own (CLI: an exported XML1…XML15 file): the field rules and the rules that
 * live inside the table still run, and the rules that compare it with the rest of the HOSO or read the
 * envelope are skipped with a reason, never failed (a correct table must not fail for what it cannot contain).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage } from '../../generators/package.ts';
import { Rng, packageSeed } from '../../generators/random.ts';
import { scenarioById } from '../../generators/scenarios.ts';

function tablesOf(scenario: string) {
  const e = buildEncounter(scenarioById(scenario)!, new Rng(packageSeed(scenario, 'bare', 0)), { layout: '3176' });
  const text = Buffer.from(buildPackage(e, { unsigned: true }).envelope).toString('utf8');
  const tables = [...text.matchAll(/<LOAIHOSO>(XML\d+)<\/LOAIHOSO>\s*<NOIDUNGFILE>([^<]*)<\/NOIDUNGFILE>/g)].map((m) => ({ table: m[1], bytes: Buffer.from(m[2], 'base64') }));
  return { e, tables };
}

describe('bare table documents', () => {
  for (const scenario of ['noitru-vienphi', 'chuyentuyen-bhyt', 'taikham-bhyt']) {
    it(`every table of a valid ${scenario} package passes on its own`, () => {
      const { e, tables } = tablesOf(scenario);
      expect(tables.length).toBeGreaterThan(3);
      for (const { table, bytes } of tables) {
        const r = checkPackage(bytes, { allowBareTable: true, receivedAt: e.receivedAt, endpoint: 'guiHoSoXmlQD3176', findings: 'problems' });
        expect(r.subject.kind).toBe('TABLE');
        const problems = r.findings.filter((f) => f.outcome === 'fail' || f.outcome === 'error' || f.outcome === 'warning').map((f) => `${table}: ${f.ruleId}`);
        expect(problems).toEqual([]);
      }
    });
  }

  it('says why a whole-package rule was skipped, and still catches what lies inside the table', () => {
    const { e, tables } = tablesOf('noitru-vienphi');
    const xml1 = tables.find((t) => t.table === 'XML1')!.bytes.toString('utf8');
    const r = checkPackage(Buffer.from(xml1), { allowBareTable: true, receivedAt: e.receivedAt, findings: 'problems' });
    const sum = r.findings.find((f) => f.ruleId === 'CROSS.T_THUOC.SUM')!;
    expect(sum.outcome).toBe('skip');
    expect(sum.reason).toContain('XML1 được kiểm tra riêng lẻ: quy tắc cần cả gói hồ sơ (GIAMDINHHS)');
    expect(r.summary.byRule['SIG.PRESENT']).toMatchObject({ skip: 1, fail: 0, warning: 0 });
    const negative = checkPackage(Buffer.from(xml1.replace(/<T_THUOC>([^<]*)<\/T_THUOC>/, '<T_THUOC>-1.00</T_THUOC>')), { allowBareTable: true, receivedAt: e.receivedAt, findings: 'problems' });
    // the negative amount fails once: T_THUOC.FORMAT ("a non-negative amount"), which explains CROSS.MONEY.NEGATIVE
    expect(negative.findings.filter((f) => f.outcome === 'fail').flatMap((f) => [f.ruleId, ...(f.explains ?? [])])).toContain('CROSS.MONEY.NEGATIVE');
  });

  it('a whole package is unaffected: the same rules still fail there', () => {
    const { e } = tablesOf('noitru-vienphi');
    const text = Buffer.from(buildPackage(e, { unsigned: true }).envelope).toString('utf8');
    // drop XML2 from the package: T_THUOC no longer adds up
    const without = text.replace(/<FILEHOSO>\s*<LOAIHOSO>XML2<\/LOAIHOSO>\s*<NOIDUNGFILE>[^<]*<\/NOIDUNGFILE>\s*<\/FILEHOSO>/, '');
    expect(without).not.toBe(text);
    const r = checkPackage(Buffer.from(without), { receivedAt: e.receivedAt, findings: 'problems' });
    expect(r.findings.filter((f) => f.outcome === 'fail').map((f) => f.ruleId)).toContain('CROSS.T_THUOC.SUM');
  });
});
