/**
 * Offline certification (`cert run`): the plan over `generate --scenario all` exports of 52001 passes; one
 * scenario removed fails naming it; a mutant fails naming the rule; stray, duplicate and other-facility files
 * are named, never dropped; waivers show as waived; bundles are byte-identical for the same --at, verify with
 * `sskdt-lab verify` and OpenSSL, mask personal data unless --unmasked; JUnit validates against junit.xsd.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QD2733_PILOT_PLAN } from '../../conformance/plans/index.ts';
import { bundleFiles, writeBundle } from '../../reports/evidence/bundle.ts';
import { verifyBundle } from '../../reports/evidence/verify.ts';
import { loadOrCreateLabKey, type LabKey } from '../../simulator/certification/lab-key.ts';
import { runOffline, type OfflineRunOptions } from '../../simulator/certification/offline.ts';
import { parseWaivers } from '../../simulator/certification/waivers.ts';
import { demoCatalogueSet } from '../../generators/catalogues.ts';
import { run } from '../cli/run-cli.ts';
import { validateWithXsd } from '../xsd/validate.ts';
import { copyFolder, generate, tempDir, testRegistry } from './helpers.ts';

const AT = new Date('2026-11-21T02:00:00Z');
let root: string;
let all: string;
let mutant: string;
let deptMutant: string;
let labKey: LabKey;
const facility = { maCSKCB: '52001', name: 'Bệnh viện Đa khoa tỉnh Bình Định (dữ liệu demo)', maTinh: '52' };
const junitXsd = fs.readFileSync(fileURLToPath(new URL('../../reports/evidence/junit.xsd', import.meta.url)), 'utf8');

function offline(folder: string, extra: Partial<OfflineRunOptions> = {}) {
  return runOffline({ folder, facility, plan: QD2733_PILOT_PLAN, at: AT, registry: testRegistry(), registrySource: 'test PKI', ranBy: 'test', ...extra });
}

function unzipAll(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      z.on('entry', (e: yauzl.Entry) => z.openReadStream(e, (e2, s) => {
        if (e2 || !s) return reject(e2);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => {
          out.set(e.fileName, Buffer.concat(chunks));
          z.readEntry();
        });
      }));
      z.on('end', () => resolve(out));
      z.readEntry();
    });
  });
}

beforeAll(async () => {
  root = tempDir('sskdt-cert-');
  all = path.join(root, 'all');
  mutant = path.join(root, 'mutant');
  await generate(all, ['--scenario', 'all', '--seed', '7', '--count', '1']);
  await generate(mutant, ['--scenario', 'noitru-bhyt', '--seed', '7', '--count', '1', '--mutate', 'CROSS.T_THUOC.SUM']);
  deptMutant = path.join(root, 'dept-mutant');
  await generate(deptMutant, ['--scenario', 'noitru-bhyt', '--seed', '7', '--count', '1', '--mutate', 'CATALOGUE.DEPARTMENT']);
  labKey = loadOrCreateLabKey(path.join(root, 'data'));
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('offline certification run', () => {
  it('passes over generate --scenario all for 52001, every required scenario passed, conditions evidenced', () => {
    const o = offline(all);
    expect(o.verdict.reasons).toEqual([]);
    expect(o.verdict.verdict).toBe('pass');
    for (const s of o.verdict.scenarios.filter((x) => x.required)) expect(s.state, s.id).toBe('passed');
    expect(o.verdict.conditions.find((c) => c.id === 'C2')?.state).toBe('evidenced');
    expect(o.verdict.conditions.find((c) => c.id === 'C6')?.state).toBe('not-automated');
    expect(o.inventory.ignored.map((i) => i.file)).toEqual(['manifest.json']);
    expect(o.run.plan).toMatchObject({ id: 'qd2733-pilot', version: QD2733_PILOT_PLAN.version });
  });

  it('fails naming the missing scenario when its files are removed', () => {
    const folder = path.join(root, 'without-tuxa-vienphi');
    copyFolder(all, folder, (n) => !n.startsWith('tuxa-vienphi-'));
    const o = offline(folder);
    expect(o.verdict.verdict).toBe('fail');
    expect(o.verdict.scenarios.find((s) => s.id === 'tuxa-vienphi')?.state).toBe('not-started');
    expect(o.verdict.reasons.map((r) => r.en)).toEqual([expect.stringContaining('Required scenario tuxa-vienphi')]);
  });

  it('fails naming the rule when a mutant is among the exports', () => {
    const folder = path.join(root, 'with-mutant');
    copyFolder(all, folder);
    copyFolder(mutant, path.join(folder, 'mutant'));
    const o = offline(folder);
    expect(o.verdict.verdict).toBe('fail');
    expect(o.verdict.failingRules.map((f) => f.ruleId)).toContain('CROSS.T_THUOC.SUM');
    expect(o.verdict.reasons.some((r) => r.en.includes('CROSS.T_THUOC.SUM'))).toBe(true);
    const j = o.verdict.submissions.find((s) => s.id.startsWith('mutant/'))!;
    expect(j.verdict).toBe('fail');
  });

  it('shows a waived failure as waived, never pass, and records the waiver in the manifest', async () => {
    const folder = path.join(root, 'with-mutant');
    const waivers = parseWaivers([{ ruleId: 'CROSS.T_THUOC.SUM', reason: 'Lỗi làm tròn đã được BHXH tỉnh chấp nhận', approver: 'SYT_52 Nguyễn Reviewer', expiresAt: '2027-01-01' }], AT);
    const o = offline(folder, { waivers });
    expect(o.verdict.verdict).toBe('pass');
    expect(o.verdict.failingRules).toEqual([expect.objectContaining({ ruleId: 'CROSS.T_THUOC.SUM', state: 'waived', waiver: 'W1' })]);
    expect(o.verdict.submissions.find((s) => s.id.startsWith('mutant/'))?.verdict).toBe('waived');
    const { manifest } = bundleFiles(o, { labKey });
    const m = JSON.parse(manifest.toString('utf8'));
    expect(m.waivers).toEqual([expect.objectContaining({ id: 'W1', ruleId: 'CROSS.T_THUOC.SUM', approver: 'SYT_52 Nguyễn Reviewer', applied: true })]);
    expect(m.verdict.failingRules).toEqual([expect.objectContaining({ ruleId: 'CROSS.T_THUOC.SUM', state: 'waived' })]);
    // expired: no longer applies
    const expired = offline(folder, { waivers: parseWaivers([{ ruleId: 'CROSS.T_THUOC.SUM', reason: 'tạm chấp nhận', approver: 'SYT_52', expiresAt: '2026-11-01' }], AT) });
    expect(expired.verdict.verdict).toBe('fail');
    expect(expired.verdict.waiversUnused).toEqual(['W1']);
  });

  it('names non-XML files, duplicates and another facility\'s files instead of dropping them', async () => {
    const folder = path.join(root, 'messy');
    copyFolder(all, folder);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'ghi chú');
    fs.writeFileSync(path.join(folder, 'fake.xml'), 'PK\u0003\u0004 not xml');
    fs.copyFileSync(path.join(all, 'kham-bhyt-7-0.xml'), path.join(folder, 'kham-bhyt-copy.xml'));
    await generate(path.join(folder, 'other'), ['--scenario', 'kham-bhyt', '--seed', '7', '--count', '1', '--facility', '52002']);
    const o = offline(folder);
    expect(o.inventory.ignored.map((i) => i.file)).toEqual(expect.arrayContaining(['notes.txt', 'fake.xml', 'manifest.json', 'other/manifest.json']));
    expect(o.inventory.duplicates).toEqual([{ file: 'kham-bhyt-copy.xml', sameAs: 'kham-bhyt-7-0.xml' }]);
    expect(o.inventory.otherFacility.map((x) => x.facility)).toEqual(['52002', '52002']);
    expect(o.inventory.filesSeen).toBe(o.inventory.judged + o.inventory.ignored.length + o.inventory.duplicates.length + o.inventory.otherFacility.length);
    expect(o.verdict.verdict).toBe('pass');
    const html = bundleFiles(o, { labKey }).files.find((f) => f.path === 'report.html')!.bytes.toString('utf8');
    for (const name of ['notes.txt', 'fake.xml', 'kham-bhyt-copy.xml', 'other/kham-bhyt-7-0.xml']) expect(html).toContain(name);
  });
});

describe('evidence bundle', () => {
  it('is byte-identical for the same files and --at, and verifies with our verifier', async () => {
    const a = await writeBundle(offline(all), { labKey });
    const b = await writeBundle(offline(all), { labKey });
    expect(a.equals(b)).toBe(true);
    const v = await verifyBundle(a, labKey.certPem);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.manifest).toMatchObject({ facility: '52001', verdict: 'pass', plan: `qd2733-pilot@${QD2733_PILOT_PLAN.version}` });
  });

  it('keeps the submissions byte for byte, and says so in the manifest', async () => {
    const o = offline(all);
    const files = await unzipAll(await writeBundle(o, { labKey }));
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest.evidencePolicy.submissionsKeptAsReceived).toBe(true);
    const entry = manifest.submissions.find((s: { id: string }) => s.id === 'kham-bhyt-7-0.xml');
    expect(files.get(entry.file)!.equals(fs.readFileSync(path.join(all, 'kham-bhyt-7-0.xml')))).toBe(true);
    expect(Object.keys(manifest.versions)).toEqual(['tool', 'engineVersion', 'resultSchemaVersion', 'catalogue', 'codelists', 'rulePack', 'plan']);
  });

  it('masks personal data in the reports by default and not with --unmasked', async () => {
    const folder = path.join(root, 'id-mutant');
    await generate(folder, ['--scenario', 'kham-bhyt', '--seed', '7', '--count', '1', '--mutate', 'PILOT.IDENTITY.CARD_FORMAT']);
    const o = offline(folder);
    const sub = o.submissions.find((s) => s.result?.summary.byRule['PILOT.IDENTITY.CARD_FORMAT']?.fail)!;
    const quoted = sub.result!.findings.find((f) => f.ruleId === 'PILOT.IDENTITY.CARD_FORMAT' && f.outcome === 'fail')!.actual!;
    expect(sub.personalValues).toContain(quoted);
    const masked = await unzipAll(await writeBundle(o, { labKey }));
    const unmasked = await unzipAll(await writeBundle(o, { labKey, unmasked: true }));
    const reports = (m: Map<string, Buffer>) => [...m].filter(([k]) => !k.startsWith('submissions/') && k !== 'manifest.p7s').map(([, v]) => v.toString('utf8')).join('\n');
    for (const v of o.submissions.flatMap((s) => s.personalValues)) expect(reports(masked)).not.toContain(v);
    expect(reports(masked)).toContain('***');
    expect(reports(unmasked)).toContain(quoted);
    // the submissions are the evidence: kept as received in both copies
    const original = fs.readFileSync(path.join(folder, sub.id));
    expect([...masked].some(([k, v]) => k.startsWith('submissions/') && v.equals(original))).toBe(true);
    expect(JSON.parse(masked.get('manifest.json')!.toString('utf8')).evidencePolicy.personalDataMaskedInReports).toBe(true);
    expect(JSON.parse(unmasked.get('manifest.json')!.toString('utf8')).evidencePolicy.personalDataMaskedInReports).toBe(false);
  });

  it('writes JUnit that validates against the Ant/Jenkins JUnit schema, a failing scenario as <failure>', async () => {
    for (const folder of [all, path.join(root, 'with-mutant'), path.join(root, 'without-tuxa-vienphi')]) {
      const junit = bundleFiles(offline(folder), { labKey }).files.find((f) => f.path === 'junit.xml')!.bytes.toString('utf8');
      expect(validateWithXsd(junitXsd, junit)).toEqual({ valid: true, errors: [] });
    }
    const junit = bundleFiles(offline(path.join(root, 'without-tuxa-vienphi')), { labKey }).files.find((f) => f.path === 'junit.xml')!.bytes.toString('utf8');
    expect(junit).toMatch(/<testcase name="tuxa-vienphi: [^"]*" classname="certification\.qd2733-pilot\.scenario" time="0">\s*<failure/);
    expect(validateWithXsd(junitXsd, junit.replace('<testsuite id="0"', '<testsuite id="x"')).valid).toBe(false);
  });

  it('verifies with plain OpenSSL after unzipping', async () => {
    const files = await unzipAll(await writeBundle(offline(all), { labKey }));
    const d = tempDir('sskdt-openssl-');
    for (const name of ['manifest.json', 'manifest.p7s']) fs.writeFileSync(path.join(d, name), files.get(name)!);
    fs.writeFileSync(path.join(d, 'lab.pem'), labKey.certPem);
    const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'PEM', '-in', 'manifest.p7s', '-content', 'manifest.json', '-CAfile', 'lab.pem', '-purpose', 'any', '-out', '/dev/null'], { cwd: d, encoding: 'utf8' });
    expect(r.stderr).toContain('Verification successful');
    expect(r.status).toBe(0);
  });
});

describe('sskdt-lab cert run (CLI)', () => {
  it('judges with the facility catalogues when given: a department outside them fails CATALOGUE.DEPARTMENT, without them the rule skips', async () => {
    const rules = (o: ReturnType<typeof offline>) => o.verdict.failingRules.map((f) => f.ruleId);
    const without = offline(deptMutant);
    expect(rules(without)).not.toContain('CATALOGUE.DEPARTMENT');
    expect(without.catalogueSource).toBeUndefined();
    const catalogues = demoCatalogueSet(['52001']);
    const withIt = offline(deptMutant, { catalogues, catalogueSource: 'demo catalogues of 52001' });
    expect(rules(withIt)).toContain('CATALOGUE.DEPARTMENT');
    expect(withIt.verdict.reasons.some((r) => r.en.includes('CATALOGUE.DEPARTMENT'))).toBe(true);
    expect(withIt.catalogueSource).toBe('demo catalogues of 52001');
    const manifest = JSON.parse(bundleFiles(withIt, { labKey }).manifest.toString('utf8')) as { facility: { catalogueSource?: string } };
    expect(manifest.facility.catalogueSource).toBe('demo catalogues of 52001');
    // the generator's exports match its demo catalogues: loading them fails nothing
    const all52001 = offline(all, { catalogues, catalogueSource: 'demo' });
    expect(all52001.verdict.reasons).toEqual([]);
    expect(all52001.submissions.flatMap((s) => s.result?.findings ?? []).filter((f) => f.ruleId.startsWith('CATALOGUE.') && f.outcome === 'fail')).toEqual([]);
  });

  // six CLI runs in a row (each a whole certification run): ~46 s alone, over the default minute on a busy machine
  it('cert run --catalogue reads catalogue files like check --catalogue (a bad file is bad usage); without it the data folder\'s stored catalogues are used', async () => {
    const files = path.join(root, 'catalogue-files');
    const demo = await run(process.cwd(), ['catalogue', 'demo', '--facility', '52001', '--out', files]);
    expect(demo.code, demo.stderr).toBe(0);
    const data = path.join(root, 'cli-cat-data');
    const args = (extra: string[]) => ['cert', 'run', '--facility', '52001', '--from', deptMutant, '--out', path.join(root, 'cli-cat.zip'), '--at', AT.toISOString(), '--data-dir', data, '--json', ...extra];
    const failing = (stdout: string) => (JSON.parse(stdout) as { verdict: { failingRules: { ruleId: string }[] } }).verdict.failingRules.map((f) => f.ruleId);
    const none = await run(process.cwd(), args([]));
    expect(none.code).toBe(1);
    expect(failing(none.stdout)).not.toContain('CATALOGUE.DEPARTMENT');
    const given = await run(process.cwd(), args(['--catalogue', files]));
    expect(given.code).toBe(1);
    expect(failing(given.stdout)).toContain('CATALOGUE.DEPARTMENT');
    // stored in the data folder: used without --catalogue
    const imp = await run(process.cwd(), ['catalogue', 'import', '--facility', '52001', '--data-dir', data, path.join(files, '52001-departments.csv')]);
    expect(imp.code, imp.stderr).toBe(0);
    const stored = await run(process.cwd(), args([]));
    expect(failing(stored.stdout)).toContain('CATALOGUE.DEPARTMENT');
    const bad = path.join(root, 'bad-khoa.csv');
    fs.writeFileSync(bad, 'MA_KHOA,TEN_KHOA,TU_NGAY\nK01,Khoa Khám bệnh,2020-01-01\n');
    const usage = await run(process.cwd(), args(['--catalogue', bad]));
    expect(usage.code).toBe(3);
    expect(usage.stderr).toContain('bad-khoa.csv:2 [TU_NGAY] CATALOGUE.DATE');
  }, 240_000);

  it('exits 0 with a bundle for a passing facility, 1 naming the missing scenario, 3 for bad usage', async () => {
    const data = path.join(root, 'cli-data');
    const out = path.join(root, 'cli.zip');
    const ok = await run(process.cwd(), ['cert', 'run', '--facility', '52001', '--from', all, '--out', out, '--at', AT.toISOString(), '--data-dir', data]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^PASS {2}facility 52001/);
    const verified = await run(process.cwd(), ['verify', out, '--data-dir', data]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^VALID/);
    const failing = await run(process.cwd(), ['cert', 'run', '--facility', '52001', '--from', path.join(root, 'without-tuxa-vienphi'), '--out', path.join(root, 'cli-fail.zip'), '--at', AT.toISOString(), '--data-dir', data]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('tuxa-vienphi');
    const usage = await run(process.cwd(), ['cert', 'run', '--facility', '52001', '--out', out]);
    expect(usage.code).toBe(3);
    expect(usage.stderr).toContain('--from');
    const badAt = await run(process.cwd(), ['cert', 'run', '--facility', '52001', '--from', all, '--out', out, '--at', 'yesterday']);
    expect(badAt.code).toBe(3);
  });
});
