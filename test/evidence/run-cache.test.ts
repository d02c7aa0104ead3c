/**
 * What certification runs keep between requests and restarts: the judgement of each submission (cert_judgements)
 * and the evidence bundle of a finished run (a file in the data folder, its SHA-256 in cert_bundles).
 * - A judgement read back equals one made afresh, for the run's status and for its bundle; a new submission
 *   in an open run, a waiver and finishing the run are seen at once, and only the new submission is judged.
 * - Two downloads of a bundle are byte-identical and the second does not build it again (the build counter),
 *   also after a restart; a damaged or missing stored bundle is reported and built again, never served.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEncounter } from '../../generators/encounters.ts';
import { isMutant, mutate } from '../../generators/mutants.ts';
import { buildPackage } from '../../generators/package.ts';
import { packageSeed, Rng } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';
import { verifyBundle } from '../../reports/evidence/verify.ts';
import { BUNDLE_DIR, RunBundles } from '../../simulator/certification/bundles.ts';
import { importDemoCatalogues } from '../../simulator/catalogues.ts';
import { loadOrCreateLabKey } from '../../simulator/certification/lab-key.ts';
import { CertificationService } from '../../simulator/certification/service.ts';
import { loadTrustAnchors } from '../../simulator/checker.ts';
import { headersFor, makePortal, type TestPortal } from '../simulator/helpers.ts';
import { tempDir } from './helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function portal(): Promise<TestPortal & { dataDir: string }> {
  const dataDir = tempDir('sskdt-run-cache-');
  dirs.push(dataDir);
  return { ...(await makePortal({ results: "sync", dataDir })), dataDir };
}

/** A new service over the same store: what a restarted portal has (nothing in memory). */
const restarted = (p: TestPortal) => new CertificationService({ store: p.store, clock: () => p.clock.now, trustAnchors: () => loadTrustAnchors(p.config) });

async function send(p: TestPortal, h: Record<string, string>, scenario: number, i: number, mistake?: string): Promise<string> {
  const e = buildEncounter(SCENARIOS[scenario], new Rng(packageSeed(SCENARIOS[scenario].id, 'run-cache', i)), { layout: '3176', facility: '52001' });
  const m = mistake ? mutate(e, mistake) : undefined;
  const bytes = m && isMutant(m) && m.kind === 'GIAMDINHHS' ? m.bytes : buildPackage(e).envelope;
  p.clock.now += 1000;
  const res = await p.request('/api/qd130/guiHoSoXmlQD3176', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...h },
    body: JSON.stringify({ username: '52001_BV', loaiHoSo: '130', maTinh: '52', maCSKCB: '52001', fileHSBase64: Buffer.from(bytes).toString('base64') }),
  });
  const body = (await res.json()) as { maKetQua: string; maGiaoDich: string };
  expect(body.maKetQua).toBe('200');
  return body.maGiaoDich;
}

async function openRun(p: TestPortal, h: Record<string, string>): Promise<string> {
  const res = await p.request('/api/sim/cert/runs', { method: 'POST', headers: { 'Content-Type': 'application/json', ...h }, body: '{}' });
  expect(res.status).toBe(201);
  return ((await res.json()) as { run: { id: string } }).run.id;
}

describe('certification judgements kept in the store', () => {
  it('a run read back after a restart equals one judged afresh, and sees a new submission, a waiver and the finish at once', { timeout: 120_000 }, async () => {
    const p = await portal();
    p.certification.prejudgeAfterMs = undefined; // counted exactly here; the background judging has its own test
    const h = await headersFor(p, '52001_BV');
    const run = await openRun(p, h);
    const ids = [await send(p, h, 0, 0), await send(p, h, 1, 0, 'XML1.SO_CCCD.FORMAT'), await send(p, h, 2, 1, 'CROSS.T_THUOC.SUM')];

    const first = (await p.certification.status(run));
    expect(first.submissions.map((s) => s.id)).toEqual(ids);
    const judgedBefore = p.certification.evaluations;
    expect(judgedBefore).toBe(3);
    expect((p.store.db.prepare('SELECT COUNT(*) AS n FROM cert_judgements').get() as { n: number }).n).toBe(3);

    // after a restart: read from the store, nothing judged again, the same status
    const after = restarted(p);
    expect((await after.status(run))).toEqual(first);
    expect(after.evaluations).toBe(0);
    // …and the same as judging afresh with nothing stored
    p.store.db.prepare('DELETE FROM cert_judgements').run();
    const fresh = restarted(p);
    expect((await fresh.status(run))).toEqual(first);
    expect(fresh.evaluations).toBe(3);

    // a new submission in the open run: judged (only it), counted, kept
    const fourth = await send(p, h, 3, 0);
    const withNew = (await after.status(run));
    expect(withNew.submissions.map((s) => s.id)).toEqual([...ids, fourth]);
    expect(after.evaluations).toBe(1);
    expect((await restarted(p).status(run))).toEqual(withNew);

    // a waiver for a rule that fails: the verdict changes at once, nothing is judged again
    const failing = withNew.verdict.failingRules.find((f) => f.state === 'fail');
    expect(failing, JSON.stringify(withNew.verdict.failingRules)).toBeDefined();
    (await after.addWaiver(run, { ruleId: failing!.ruleId, reason: 'Đang sửa phần mềm, đã có kế hoạch', expiresAt: '2026-12-31T16:59:59Z' }, 'SYT_52'));
    const waived = (await after.status(run));
    expect(waived.verdict.failingRules.find((f) => f.ruleId === failing!.ruleId)?.state).toBe('waived');
    expect(after.evaluations).toBe(1);
    const again = restarted(p);
    expect((await again.status(run))).toEqual(waived);
    expect(again.evaluations).toBe(0);

    // finishing: the verdict is the one judged at the finish time; the bundle's model equals a fresh one
    p.clock.now += 1000;
    const finished = (await after.finish(run, '52001_BV'));
    expect(finished.run.status).toBe('finished');
    // (timings of the check are measured, not judged: the bundle leaves them out)
    const untimed = (o: Awaited<ReturnType<CertificationService['outcome']>>) => ({ ...o, submissions: o.submissions.map((s) => ({ ...s, result: s.result && { ...s.result, timings: {} } })) });
    const outcome = (await restarted(p).outcome(run));
    p.store.db.prepare('DELETE FROM cert_judgements').run();
    expect(untimed((await restarted(p).outcome(run)))).toEqual(untimed(outcome));
    expect(outcome.verdict).toEqual(finished.verdict);

    // a judgement made with other inputs (here: a changed digest) is not used but made again
    p.store.db.prepare("UPDATE cert_judgements SET inputs = 'stale' WHERE ma_giao_dich = ?").run(ids[1]);
    const stale = restarted(p);
    expect((await stale.status(run))).toEqual((await after.status(run)));
    expect(stale.evaluations).toBe(1);
    expect((p.store.db.prepare('SELECT inputs FROM cert_judgements WHERE ma_giao_dich = ?').get(ids[1]) as { inputs: string }).inputs).not.toBe('stale');
  });
});

describe('an open run judged as its submissions arrive', () => {
  it('once intake pauses, the new submissions of an open run are judged and stored in the background, each once', { timeout: 120_000 }, async () => {
    const p = await portal();
    expect(p.certification.prejudgeAfterMs).toBeGreaterThan(0);
    const h = await headersFor(p, '52001_BV');
    const run = await openRun(p, h);
    for (let i = 0; i < 6; i++) await send(p, h, i, 0, i % 2 ? 'XML1.SO_CCCD.FORMAT' : undefined);
    await p.certification.whenPrejudged();
    expect(p.certification.evaluations).toBe(6);
    expect((p.store.db.prepare('SELECT COUNT(*) AS n FROM cert_judgements').get() as { n: number }).n).toBe(6);
    // the first view (here after a restart) judges nothing
    const after = restarted(p);
    const status = (await after.status(run));
    expect(after.evaluations).toBe(0);
    expect(status.submissions).toHaveLength(6);
    expect((await p.certification.status(run))).toEqual(status);
    expect(p.certification.evaluations).toBe(6);
  });
});

describe('evidence bundles of finished runs kept in the data folder', () => {
  it('two downloads are byte-identical and built once (also after a restart); a damaged or missing file is reported and built again', { timeout: 120_000 }, async () => {
    const p = await portal();
    const h = await headersFor(p, '52001_BV');
    const run = await openRun(p, h);
    await send(p, h, 0, 0);
    await send(p, h, 1, 0, 'XML1.SO_CCCD.FORMAT');
    p.clock.now += 1000;
    expect((await p.request(`/api/sim/cert/runs/${run}/finish`, { method: 'POST', headers: h })).status).toBe(200);

    const download = async (query = '') => {
      const res = await p.request(`/api/sim/cert/runs/${run}/bundle${query}`, { headers: h });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
      return bytes;
    };
    const one = await download();
    expect(p.bundles.builds).toBe(1);
    const two = await download();
    expect(two.equals(one)).toBe(true);
    expect(p.bundles.builds).toBe(1);
    const verified = await verifyBundle(one, loadOrCreateLabKey(p.dataDir).certPem);
    expect(verified.ok, verified.problems.join('; ')).toBe(true);

    // the unmasked copy is its own file, built once too
    const unmasked = await download('?unmasked=true');
    expect(unmasked.equals(one)).toBe(false);
    expect((await download('?unmasked=true')).equals(unmasked)).toBe(true);
    expect(p.bundles.builds).toBe(2);
    const rows = p.store.db.prepare('SELECT variant, file, size, sha256 FROM cert_bundles WHERE run_id = ? ORDER BY variant').all(run) as { variant: string; file: string; size: number; sha256: string }[];
    expect(rows.map((r) => [r.variant, r.size])).toEqual([['masked', one.byteLength], ['unmasked', unmasked.byteLength]]);

    // a restart: the stored file is served, nothing is built
    const damaged: string[] = [];
    const bundles = () => new RunBundles({ store: p.store, certification: restarted(p), dataDir: p.dataDir, labKey: () => loadOrCreateLabKey(p.dataDir), trustAnchors: () => loadTrustAnchors(p.config), onDamaged: (i) => damaged.push(i.reason) });
    const b = bundles();
    expect((await b.bytes(run)).equals(one)).toBe(true);
    expect(b.builds).toBe(0);

    // one changed byte in the stored file: reported, built again, the intact bytes served; the file is repaired
    const file = path.join(p.dataDir, BUNDLE_DIR, rows[0].file);
    const bad = Buffer.from(fs.readFileSync(file));
    bad[bad.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bad);
    expect((await b.bytes(run)).equals(one)).toBe(true);
    expect(b.builds).toBe(1);
    expect(b.damaged).toBe(1);
    expect(damaged[0]).toMatch(/SHA-256/);
    expect(fs.readFileSync(file).equals(one)).toBe(true);

    // a missing file, and a truncated one: the same
    fs.rmSync(file);
    expect((await b.bytes(run)).equals(one)).toBe(true);
    fs.truncateSync(file, 100);
    expect((await b.bytes(run)).equals(one)).toBe(true);
    expect([b.builds, b.damaged]).toEqual([3, 3]);
    expect(damaged[1]).toMatch(/cannot open/);
    expect(damaged[2]).toMatch(/size 100/);

    // what the bundle was built from changes (another lab key): built again, not the stale file
    const other = tempDir('sskdt-run-cache-key-');
    dirs.push(other);
    const rekeyed = new RunBundles({ store: p.store, certification: restarted(p), dataDir: p.dataDir, labKey: () => loadOrCreateLabKey(other), trustAnchors: () => loadTrustAnchors(p.config) });
    const signedByOther = await rekeyed.bytes(run);
    expect(rekeyed.builds).toBe(1);
    expect(signedByOther.equals(one)).toBe(false);
    expect((await verifyBundle(signedByOther, loadOrCreateLabKey(other).certPem)).ok).toBe(true);
  });

  it('judges with the facility\'s stored catalogues when it has them; a new import makes the judgements stale', { timeout: 120_000 }, async () => {
    const p = await portal();
    p.certification.prejudgeAfterMs = undefined;
    const h = await headersFor(p, '52001_BV');
    const run = await openRun(p, h);
    const id = await send(p, h, 1, 0, 'CATALOGUE.DEPARTMENT');
    const rules = async () => (await p.certification.status(run)).verdict.failingRules.map((f) => f.ruleId);
    // no catalogues stored: the CATALOGUE.* rules skip, the department is not judged
    expect(await rules()).not.toContain('CATALOGUE.DEPARTMENT');
    expect(p.certification.evaluations).toBe(1);
    // the facility's catalogues stored: judged again with them (the stored judgement is stale), the rule fails
    await importDemoCatalogues(p.store, ['52001'], '52001_BV', new Date(p.clock.now));
    expect(await rules()).toContain('CATALOGUE.DEPARTMENT');
    expect(p.certification.evaluations).toBe(2);
    p.clock.now += 1000;
    await p.certification.finish(run, '52001_BV');
    const outcome = await p.certification.outcome(run);
    expect(outcome.catalogueSource).toMatch(/^the portal's stored catalogues of 52001: 6 version\(s\) \(departments, drugs, equipment, services, staff, supplies\)/);
    const finding = outcome.submissions.find((s) => s.id === id)!.result!.findings.find((f) => f.ruleId === 'CATALOGUE.DEPARTMENT' && f.outcome === 'fail');
    expect(finding?.actual).toBe('K48');
    // read back after a restart: the same, nothing judged again
    const after = restarted(p);
    expect((await after.status(run)).verdict.failingRules.map((f) => f.ruleId)).toContain('CATALOGUE.DEPARTMENT');
    expect(after.evaluations).toBe(0);
  });
});
