/**
 * `sskdt-lab catalogue import|list|demo` and `sskdt-lab check --catalogue`, run as a user runs them: files written by
 * `catalogue demo --out` import into the store and judge generated packages offline; a bad row refuses the whole
 * import (exit 1, file:line [column] CODE) and the offline check (exit 3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './run-cli.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-catalogue-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sskdt-lab catalogue', () => {
  it('demo --out writes every kind in CSV and XLSX; import stores them as versions; list shows them', { timeout: 120_000 }, async () => {
    const files = path.join(dir, 'files');
    const demo = await run(dir, ['catalogue', 'demo', '--facility', '52001', '--out', files]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(fs.readdirSync(files).sort()).toEqual(['staff', 'equipment', 'drugs', 'services', 'supplies', 'departments'].flatMap((k) => [`52001-${k}.csv`, `52001-${k}.xlsx`]).sort());

    const data = path.join(dir, 'data');
    const csvs = fs.readdirSync(files).filter((f) => f.endsWith('.csv')).map((f) => path.join(files, f));
    const imp = await run(dir, ['catalogue', 'import', '--facility', '52001', '--data-dir', data, '--effective', '20200101', ...csvs]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/stored 6 catalogue version\(s\) for 52001/);
    const xlsx = await run(dir, ['catalogue', 'import', '--facility', '52001', '--data-dir', data, path.join(files, '52001-drugs.xlsx')]);
    expect(xlsx.code, xlsx.stderr).toBe(0);

    const list = await run(dir, ['catalogue', 'list', '--facility', '52001', '--data-dir', data, '--json']);
    expect(list.code).toBe(0);
    const versions = JSON.parse(list.stdout) as { kind: string; rows: number; source: string }[];
    expect(versions.map((v) => v.kind).sort()).toEqual(['departments', 'drugs', 'drugs', 'equipment', 'services', 'staff', 'supplies']);
    expect(versions.find((v) => v.source === '52001-drugs.xlsx')?.rows).toBe(versions.find((v) => v.source === '52001-drugs.csv')?.rows);

    const demoStore = await run(dir, ['catalogue', 'demo', '--data-dir', path.join(dir, 'data-demo')]);
    expect(demoStore.code, demoStore.stderr).toBe(0);
    expect(demoStore.stdout).toMatch(/stored 30 demo catalogue version\(s\)/);
  });

  it('a bad row refuses the whole import (exit 1) naming file, line, column and code; bad usage exits 3', { timeout: 60_000 }, async () => {
    const good = path.join(dir, 'tb.csv');
    fs.writeFileSync(good, 'MA_MAY,TEN_TB,TU_NGAY\nXN.1.52001.1,Máy xét nghiệm,20250101\n');
    const bad = path.join(dir, 'nv.csv');
    fs.writeFileSync(bad, 'MACCHN,HO_TEN,TU_NGAY,DEN_NGAY\n001/BĐ-CCHN,Nguyễn Văn An,20250101,20241231\n');
    const data = path.join(dir, 'data-bad');
    const r = await run(dir, ['catalogue', 'import', '--facility', '52001', '--data-dir', data, good, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing stored');
    expect(r.stderr).toContain('nv.csv:2 [DEN_NGAY] CATALOGUE.DATE_ORDER');
    const list = await run(dir, ['catalogue', 'list', '--data-dir', data]);
    expect(list.stdout).toContain('no catalogues stored');
    expect((await run(dir, ['catalogue', 'import', '--data-dir', data, good])).code).toBe(3);
    expect((await run(dir, ['catalogue', 'import', '--facility', '52001', '--kind', 'beds', '--data-dir', data, good])).code).toBe(3);
    expect((await run(dir, ['catalogue', 'import', '--facility', '52999', '--data-dir', data, good])).code).toBe(1);
  });
});

describe('sskdt-lab check --catalogue', () => {
  it('judges generated packages with the catalogue files: zero failures; a changed price fails; a bad file is bad usage', { timeout: 180_000 }, async () => {
    const files = path.join(dir, 'check-files');
    expect((await run(dir, ['catalogue', 'demo', '--facility', '52001', '--out', files])).code).toBe(0);
    for (const f of fs.readdirSync(files)) if (f.endsWith('.xlsx')) fs.rmSync(path.join(files, f));
    const gen = path.join(dir, 'gen');
    const g = await run(dir, ['generate', '--scenario', 'noitru-bhyt,kham-bhyt', '--seed', '3', '--count', '1', '--facility', '52001', '--out', gen]);
    expect(g.code, g.stderr).toBe(0);
    const checked = await run(dir, ['check', gen, '--profile', 'strict', '--test-pki', '--catalogue', files, '--jobs', '1', '--quiet', '--findings', 'all', '--out', path.join(dir, 'rep')]);
    expect(checked.code, checked.stderr + checked.stdout).toBe(0);
    // byRule lists the rules with a problem (fail, warning, error, skip): without the catalogues the ten are skipped,
    // with them none is listed
    const problemRules = (out: string) => (JSON.parse(fs.readFileSync(path.join(dir, out, 'summary.json'), 'utf8')) as { byRule: { ruleId: string }[] }).byRule.map((r) => r.ruleId).filter((id) => id.startsWith('CATALOGUE.'));
    expect(problemRules('rep')).toEqual([]);
    const without = await run(dir, ['check', gen, '--profile', 'strict', '--test-pki', '--jobs', '1', '--quiet', '--out', path.join(dir, 'rep-without')]);
    expect(without.code).toBe(0);
    expect(problemRules('rep-without')).toHaveLength(11);
    const report = fs.readdirSync(path.join(dir, 'rep'), { recursive: true }).find((f) => String(f).includes('noitru') && String(f).endsWith('.xml.json') && !String(f).includes('checkin'))!;
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'rep', String(report)), 'utf8')) as { summary: { byRule: Record<string, { pass: number; skip: number }> } };
    expect(result.summary.byRule['CATALOGUE.SERVICE.PRICE'].pass).toBeGreaterThan(0);
    expect(result.summary.byRule['CATALOGUE.SERVICE.PRICE'].skip).toBe(0);

    // the exam's price list raised: every generated exam now fails CATALOGUE.SERVICE.PRICE
    const services = path.join(files, '52001-services.csv');
    fs.writeFileSync(services, fs.readFileSync(services, 'utf8').replace(/,Khám Nội,50600,/, ',Khám Nội,51000,'));
    const raised = await run(dir, ['check', gen, '--profile', 'strict', '--test-pki', '--catalogue', files, '--jobs', '1', '--quiet']);
    expect(raised.code).toBe(1);
    expect(raised.stderr + raised.stdout).toContain('CATALOGUE.SERVICE.PRICE');

    fs.writeFileSync(path.join(files, 'bad.csv'), 'MA_THUOC,TEN_THUOC,DON_GIA,TU_NGAY,MA_CSKCB\n40.1,X,abc,20250101,52001\n');
    const bad = await run(dir, ['check', gen, '--catalogue', files, '--quiet']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('bad.csv:2 [DON_GIA] CATALOGUE.PRICE');
  });
});
