/**
 * Readiness per facility: conditions from a registered (signed) certification run and uploaded documents;
 * a reviewer's approval writes a decision whose signature verifies with plain OpenSSL and whose PDF text
 * (pdftotext, Debian poppler-utils) carries the facility name and the verdict with their diacritics.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDetached, verifyDetached } from '../../reports/evidence/cms.ts';
import { loadOrCreateLabKey, type LabKey } from '../../simulator/certification/lab-key.ts';
import { addEvidence, computeReadiness, decide, getDecision, ReadinessError, registerRun, withdrawEvidence } from '../../simulator/certification/readiness.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store } from '../../simulator/store.ts';

/**
 * pdftotext comes from Debian's poppler-utils (.ci/run installs it). Without it the PDF-text test is skipped,
 * saying why, except under CI, where it runs and fails.
 */
const PDFTOTEXT = spawnSync('pdftotext', ['-v']).error === undefined;
if (!PDFTOTEXT && !process.env.CI) console.warn('[readiness.test] pdftotext not found (apt-get install poppler-utils): the decision PDF text test is skipped');

let dir: string;
let labKey: LabKey;
/** the approved decision of the approval test, for the PDF text test after it */
let approvedDecision: Awaited<ReturnType<typeof decide>> | undefined;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-readiness-'));
  labKey = loadOrCreateLabKey(path.join(dir, 'data'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const AUTOMATED = ['C1', 'C2', 'C3', 'C7', 'C8', 'C10', 'C13'];
const NOW = new Date('2026-12-02T03:04:05.678Z');

/** An evidence-bundle manifest as the certification run writes it (the fields readiness reads), signed. */
export function signedManifest(key: LabKey, o: { facility?: string; verdict?: string; runId?: string; conditions?: Record<string, string> } = {}) {
  const conditions = o.conditions ?? Object.fromEntries([...AUTOMATED.map((c) => [c, 'evidenced']), ['C5', 'not-automated'], ['C12', 'not-automated']]);
  const manifest = Buffer.from(
    JSON.stringify(
      {
        format: 'sskdt-lab certification evidence bundle',
        formatVersion: 1,
        run: { id: o.runId ?? 'RUN-52001-1', mode: 'offline', status: 'finished', openedAt: '2026-11-30T01:00:00.000Z', finishedAt: '2026-11-30T02:00:00.000Z' },
        facility: { maCSKCB: o.facility ?? '52001' },
        versions: { plan: { id: 'qd2733-pilot', version: '1.0.0', sha256: 'a'.repeat(64) } },
        verdict: { verdict: o.verdict ?? 'pass', conditions: Object.entries(conditions).map(([id, state]) => ({ id, check_kind: 'automated', state, scenarios: [] })) },
      },
      null,
      2,
    ) + '\n',
  );
  return { manifest, signaturePem: signDetached(manifest, key.keyPem, key.certPem, new Date('2026-11-30T02:00:00Z')) };
}

async function freshStore(): Promise<Store> {
  const store = new Store(':memory:');
  await seedIfEmpty(store);
  return store;
}

const pdf = (content: string) => Buffer.from(`%PDF-1.4\n% ${content}\n`, 'utf8');

async function fillDocuments(store: Store) {
  for (const [c, title] of [
    ['C4', 'Tài khoản Cổng 52001_BV, mã liên thông 52001'],
    ['C5', 'Hồ sơ cấp độ 2 HIS số 15/BV'],
    ['C6', 'Quy chế số 12/QĐ-BV ngày 01/11/2026'],
    ['C11', 'Biên bản rà soát phân quyền ngày 20/11/2026'],
    ['C12', 'Báo cáo 6 tháng 2026-H2'],
  ] as const) {
    await addEvidence(store, { maCSKCB: '52001', conditionId: c, title, fileName: `${c}.pdf`, content: pdf(title), by: '52001_BV', now: NOW });
  }
}

async function caught(f: () => unknown): Promise<ReadinessError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof ReadinessError) return e;
    throw e;
  }
  throw new Error('expected a ReadinessError');
}

describe('readiness per facility', () => {
  it('computes C1–C13 from a passed run and uploaded documents, naming what is missing', async () => {
    const store = await freshStore();
    const empty = await computeReadiness(store, '52001');
    expect(empty.ready).toBe(false);
    expect(empty.run).toBeNull();
    expect(empty.missing[0].en).toMatch(/No passed certification run/);
    expect(empty.conditions.map((c) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C12', 'C13']);

    const failed = signedManifest(labKey, { verdict: 'fail', runId: 'RUN-FAILED' });
    await registerRun(store, { maCSKCB: '52001', ...failed, by: 'SYT_52', labCertPem: labKey.certPem, now: NOW });
    expect((await computeReadiness(store, '52001')).run).toBeNull(); // a failed run is listed, never counted

    const passed = signedManifest(labKey);
    const run = await registerRun(store, { maCSKCB: '52001', ...passed, by: '52001_BV', labCertPem: labKey.certPem, now: NOW });
    const afterRun = await computeReadiness(store, '52001');
    expect(afterRun.run?.runId).toBe('RUN-52001-1');
    expect(afterRun.runs).toHaveLength(2);
    const state = (r: typeof afterRun, id: string) => r.conditions.find((c) => c.id === id)!.state;
    for (const c of AUTOMATED) expect(state(afterRun, c)).toBe('met');
    expect(state(afterRun, 'C5')).toBe('missing'); // not automated by the plan: a document is needed
    expect(afterRun.missing.map((m) => m.en.slice(0, 3))).toEqual(['C4 ', 'C5 ', 'C6 ', 'C11', 'C12']);
    // registering the same manifest again changes nothing
    expect((await registerRun(store, { maCSKCB: '52001', ...passed, by: '52001_BV', labCertPem: labKey.certPem, now: NOW })).id).toBe(run.id);

    await fillDocuments(store);
    const ready = await computeReadiness(store, '52001');
    expect(ready.missing).toEqual([]);
    expect(ready.ready).toBe(true);
    expect(ready.conditions.find((c) => c.id === 'C6')!.documents[0]).toMatchObject({ title: 'Quy chế số 12/QĐ-BV ngày 01/11/2026', uploadedBy: '52001_BV', uploadedAt: NOW.toISOString() });
    expect(state(ready, 'C9')).toBe('missing'); // not required: BHXH's duty
    expect(ready.conditions.find((c) => c.id === 'C9')!.required).toBe(false);

    // withdrawing a document brings the condition back to missing (the record stays, with who and when)
    const c6 = ready.evidence.find((e) => e.conditionId === 'C6')!;
    await withdrawEvidence(store, { maCSKCB: '52001', id: c6.id, by: '52001_BV', now: NOW });
    const after = await computeReadiness(store, '52001');
    expect(state(after, 'C6')).toBe('missing');
    expect(after.evidence.find((e) => e.id === c6.id)!.withdrawnBy).toBe('52001_BV');
    store.close();
  });

  it('refuses bad input with a code: unknown facility, oversize or quota-busting upload, bad condition, forged run', async () => {
    const store = await freshStore();
    expect(await caught(() => computeReadiness(store, '99999'))).toMatchObject({ code: 'READINESS.FACILITY_UNKNOWN', status: 404, location: 'facility' });
    const big = Buffer.alloc(1025, 1);
    const limits = { maxFileBytes: 1024, maxFilesPerFacility: 2, maxBytesPerFacility: 1500, maxManifestBytes: 1 << 20, maxBundleBytes: 1 << 20 };
    const add = (over: Partial<Parameters<typeof addEvidence>[1]>) => () =>
      addEvidence(store, { maCSKCB: '52001', conditionId: 'C6', title: 'Quy chế', fileName: 'q.pdf', content: pdf('x'), by: '52001_BV', now: NOW, limits, ...over });
    expect(await caught(add({ content: big }))).toMatchObject({ code: 'READINESS.EVIDENCE_TOO_LARGE', status: 413, location: 'file' });
    expect(await caught(add({ conditionId: 'C99' }))).toMatchObject({ code: 'READINESS.CONDITION_UNKNOWN', status: 400 });
    expect(await caught(add({ conditionId: 'C1' }))).toMatchObject({ code: 'READINESS.CONDITION_AUTOMATED' });
    expect(await caught(add({ title: '  ' }))).toMatchObject({ code: 'READINESS.TITLE' });
    expect(await caught(add({ maCSKCB: '99999' }))).toMatchObject({ code: 'READINESS.FACILITY_UNKNOWN' });
    await add({ content: Buffer.alloc(1000, 2) })();
    expect(await caught(add({ content: Buffer.alloc(600, 3) }))).toMatchObject({ code: 'READINESS.EVIDENCE_QUOTA', status: 413 });
    await add({})();
    expect(await caught(add({}))).toMatchObject({ code: 'READINESS.EVIDENCE_QUOTA' }); // count
    // nothing was stored by the refusals
    expect((await computeReadiness(store, '52001')).evidence).toHaveLength(2);

    const good = signedManifest(labKey);
    const other = loadOrCreateLabKey(path.join(dir, 'other-lab'));
    const forged = signedManifest(other);
    expect(await caught(() => registerRun(store, { maCSKCB: '52001', ...forged, by: 'x', labCertPem: labKey.certPem, now: NOW }))).toMatchObject({ code: 'READINESS.RUN_SIGNATURE' });
    const changed = Buffer.from(good.manifest);
    changed[changed.indexOf('pass')] = 'P'.charCodeAt(0);
    expect(await caught(() => registerRun(store, { maCSKCB: '52001', manifest: changed, signaturePem: good.signaturePem, by: 'x', labCertPem: labKey.certPem, now: NOW }))).toMatchObject({ code: 'READINESS.RUN_SIGNATURE' });
    expect(await caught(() => registerRun(store, { maCSKCB: '52002', ...good, by: 'x', labCertPem: labKey.certPem, now: NOW }))).toMatchObject({ code: 'READINESS.RUN_FACILITY' });
    const notManifest = Buffer.from('{"hello":1}');
    expect(await caught(() => registerRun(store, { maCSKCB: '52001', manifest: notManifest, signaturePem: signDetached(notManifest, labKey.keyPem, labKey.certPem), by: 'x', labCertPem: labKey.certPem, now: NOW }))).toMatchObject({ code: 'READINESS.RUN_MANIFEST' });
    expect((await computeReadiness(store, '52001')).runs).toHaveLength(0);
    store.close();
  });

  it('approval writes a decision that OpenSSL verifies and whose PDF text keeps its diacritics; approving too early is refused', async () => {
    const store = await freshStore();
    const reviewer = { username: 'SYT_52', maTinh: '52' };
    await expect(decide(store, { maCSKCB: '52001', verdict: 'approved', reviewer, labKey, now: NOW })).rejects.toMatchObject({ code: 'READINESS.NOT_READY', status: 409 });
    await expect(decide(store, { maCSKCB: '52001', verdict: 'refused', reviewer, labKey, now: NOW })).rejects.toMatchObject({ code: 'READINESS.NOTE' });
    const refused = await decide(store, { maCSKCB: '52001', verdict: 'refused', note: 'Thiếu quy chế sử dụng Sổ SKĐT', reviewer, labKey, now: NOW });
    expect(refused.decision.verdict).toBe('refused');

    const run = signedManifest(labKey);
    await registerRun(store, { maCSKCB: '52001', ...run, by: '52001_BV', labCertPem: labKey.certPem, now: NOW });
    await fillDocuments(store);
    const d = await decide(store, { maCSKCB: '52001', verdict: 'approved', note: 'Đủ điều kiện; rà soát lại sau 6 tháng', reviewer, labKey, now: NOW });
    expect(d.id).toBe('QD-52001-20261202-002');
    expect(d.decision.certificationRun?.manifestSha256).toBe((await computeReadiness(store, '52001')).run!.manifestSha256);
    expect(d.decision.decidedAt).toBe('2026-12-02T03:04:05.000Z');
    expect(verifyDetached(d.json, d.p7s, labKey.certPem)).toMatchObject({ ok: true, signingTime: '2026-12-02T03:04:05.000Z' });
    expect((await getDecision(store, '52001', d.id))!.json.equals(d.json)).toBe(true);
    expect((await computeReadiness(store, '52001')).decisions.map((x) => x.verdict)).toEqual(['refused', 'approved']);

    const out = fs.mkdtempSync(path.join(dir, 'decision-'));
    fs.writeFileSync(path.join(out, 'decision.json'), d.json);
    fs.writeFileSync(path.join(out, 'decision.p7s'), d.p7s);
    fs.writeFileSync(path.join(out, 'lab.pem'), labKey.certPem);
    fs.writeFileSync(path.join(out, 'decision.pdf'), d.pdf);
    const openssl = (content: string) =>
      execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'PEM', '-in', 'decision.p7s', '-content', content, '-CAfile', 'lab.pem', '-purpose', 'any', '-out', os.devNull], { cwd: out, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(() => openssl('decision.json')).not.toThrow();
    const tampered = Buffer.from(d.json);
    tampered[tampered.indexOf('approved')] = 'A'.charCodeAt(0);
    fs.writeFileSync(path.join(out, 'tampered.json'), tampered);
    expect(() => openssl('tampered.json')).toThrow();

    // the same decision renders to the same bytes
    const { renderDecisionPdf } = await import('../../reports/evidence/readiness-pdf.ts');
    expect((await renderDecisionPdf(d.decision, { jsonSha256: d.jsonSha256 })).equals(d.pdf)).toBe(true);
    approvedDecision = d;
    store.close();
  });

  it.skipIf(!PDFTOTEXT && !process.env.CI)('the decision PDF text (pdftotext) carries the facility, the verdict and the evidence with their diacritics', () => {
    const d = approvedDecision!;
    expect(d).toBeDefined();
    const out = fs.mkdtempSync(path.join(dir, 'pdf-'));
    fs.writeFileSync(path.join(out, 'decision.pdf'), d.pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', 'decision.pdf', '-'], { cwd: out }).toString('utf8').normalize('NFC');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Bệnh viện Đa khoa tỉnh Bình Định (dữ liệu demo)');
    expect(flat).toContain('KẾT LUẬN: ĐẠT — đủ điều kiện triển khai thí điểm Sổ sức khỏe điện tử');
    expect(flat).toContain('QUYẾT ĐỊNH ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG');
    expect(flat).toContain('Quy chế số 12/QĐ-BV ngày 01/11/2026');
    expect(flat).toContain(d.decision.certificationRun!.manifestSha256);
  });
});

describe('readiness through the API', () => {
  it('facility registers its run and documents, the reviewer approves, files download; others get 404/403; oversize is 413', async () => {
    const { makePortal, headersFor } = await import('./helpers.ts');
    const dataDir = fs.mkdtempSync(path.join(dir, 'portal-'));
    const p = await makePortal({ dataDir });
    const portalKey = loadOrCreateLabKey(dataDir); // the key the portal signs with (created in its data folder)
    const facility = await headersFor(p, '52001_BV');
    const reviewer = await headersFor(p, 'SYT_52');
    const other = await headersFor(p, '52002_BV');
    const multipart = (fields: Record<string, string | Blob>, name?: string) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) typeof v === 'string' ? fd.append(k, v) : fd.append(k, v, name ?? `${k}.bin`);
      return fd;
    };
    const call = (method: string, url: string, headers: Record<string, string>, body?: BodyInit) => p.request(url, { method, headers, ...(body ? { body } : {}) });
    const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; location?: string } }).error;

    const run = signedManifest(portalKey);
    const reg = await call('POST', '/api/sim/readiness/52001/runs', facility, multipart({ manifest: new Blob([run.manifest]), signature: run.signaturePem }));
    expect(reg.status).toBe(201);
    const forged = signedManifest(loadOrCreateLabKey(path.join(dir, 'forger')));
    const bad = await call('POST', '/api/sim/readiness/52001/runs', facility, multipart({ manifest: new Blob([forged.manifest]), signature: forged.signaturePem }));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('READINESS.RUN_SIGNATURE');

    for (const c of ['C4', 'C5', 'C6', 'C11', 'C12']) {
      const res = await call('POST', '/api/sim/readiness/52001/evidence', facility, multipart({ condition: c, title: `Tài liệu ${c} — số 7/QĐ`, file: new Blob([pdf(c)]) }, `${c} quyết định.pdf`));
      expect(res.status, c).toBe(201);
    }
    const big = await call('POST', '/api/sim/readiness/52001/evidence', facility, multipart({ condition: 'C6', title: 'quá lớn', file: new Blob([Buffer.alloc(10 * 1024 * 1024 + 1, 0x41)]) }));
    expect(big.status).toBe(413);
    expect(await errorOf(big)).toMatchObject({ code: 'READINESS.EVIDENCE_TOO_LARGE', location: 'file' });

    const readiness = (await (await call('GET', '/api/sim/readiness/52001', facility)).json()) as { ready: boolean; evidence: { id: number; fileName: string; uploadedBy: string }[] };
    expect(readiness.ready).toBe(true);
    expect(readiness.evidence).toHaveLength(5);
    expect(readiness.evidence[0]).toMatchObject({ fileName: 'C4 quyết định.pdf', uploadedBy: '52001_BV' });
    const doc = await call('GET', `/api/sim/readiness/52001/evidence/${readiness.evidence[0].id}`, reviewer);
    expect(doc.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await doc.arrayBuffer()).equals(pdf('C4'))).toBe(true);

    // another facility sees nothing; the facility itself cannot decide; an unknown facility is 404
    expect((await call('GET', '/api/sim/readiness/52001', other)).status).toBe(404);
    expect((await call('GET', '/api/sim/readiness/99999', reviewer)).status).toBe(404);
    expect((await call('GET', '/api/sim/readiness/52001', {})).status).toBe(401);
    const self = await call('POST', '/api/sim/readiness/52001/decisions', { ...facility, 'Content-Type': 'application/json' }, JSON.stringify({ verdict: 'approved' }));
    expect(self.status).toBe(403);
    expect((await errorOf(self)).code).toBe('ACCESS.REVIEWER_ONLY');
    const badVerdict = await call('POST', '/api/sim/readiness/52001/decisions', { ...reviewer, 'Content-Type': 'application/json' }, JSON.stringify({ verdict: 'ok' }));
    expect((await errorOf(badVerdict)).code).toBe('READINESS.VERDICT');
    const notReady = await call('POST', '/api/sim/readiness/52002/decisions', { ...reviewer, 'Content-Type': 'application/json' }, JSON.stringify({ verdict: 'approved' }));
    expect(notReady.status).toBe(409);
    expect(((await notReady.json()) as { error: { code: string; details: unknown[] } }).error).toMatchObject({ code: 'READINESS.NOT_READY', details: expect.any(Array) });

    const approved = await call('POST', '/api/sim/readiness/52001/decisions', { ...reviewer, 'Content-Type': 'application/json' }, JSON.stringify({ verdict: 'approved', note: 'Đạt' }));
    expect(approved.status).toBe(201);
    const body = (await approved.json()) as { decision: { id: string; decidedBy: { username: string } }; files: { json: string; signature: string; pdf: string } };
    expect(body.decision.decidedBy.username).toBe('SYT_52');
    const json = Buffer.from(await (await call('GET', body.files.json, facility)).arrayBuffer());
    const p7s = await (await call('GET', body.files.signature, facility)).text();
    expect(verifyDetached(json, p7s, portalKey.certPem).ok).toBe(true);
    const pdfRes = await call('GET', body.files.pdf, reviewer);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdfRes.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call('GET', body.files.pdf, other)).status).toBe(404);
    p.store.close();
  });
});

describe('sskdt-lab readiness', () => {
  it('registers a run and a document, shows readiness, and a reviewer decides into files OpenSSL verifies', async () => {
    const { run } = await import('../cli/run-cli.ts');
    const work = fs.mkdtempSync(path.join(dir, 'cli-'));
    const dataDir = path.join(work, 'data');
    const store = Store.open(dataDir);
    await seedIfEmpty(store);
    for (const c of ['C4', 'C5', 'C11', 'C12']) (await addEvidence(store, { maCSKCB: '52001', conditionId: c, title: `Tài liệu ${c}`, fileName: `${c}.pdf`, content: pdf(c), by: '52001_BV', now: NOW }));
    store.close();
    const key = loadOrCreateLabKey(dataDir);
    const m = signedManifest(key);
    fs.writeFileSync(path.join(work, 'manifest.json'), m.manifest);
    fs.writeFileSync(path.join(work, 'manifest.p7s'), m.signaturePem);
    fs.writeFileSync(path.join(work, 'quy-che.pdf'), pdf('quy chế'));

    const added = await run(work, ['readiness', 'add-run', '--facility', '52001', '--manifest', 'manifest.json', '--signature', 'manifest.p7s', '--data-dir', 'data']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('registered run RUN-52001-1 (pass, qd2733-pilot@1.0.0) for 52001');
    const doc = await run(work, ['readiness', 'add-evidence', '--facility', '52001', '--condition', 'c6', '--title', 'Quy chế số 12/QĐ-BV', '--file', 'quy-che.pdf', '--by', 'Nguyễn Văn Bình (52001)', '--data-dir', 'data']);
    expect(doc.code).toBe(0);
    expect(doc.stdout).toMatch(/added document #5 for C6 of 52001: "Quy chế số 12\/QĐ-BV" .* by Nguyễn Văn Bình \(52001\)/);
    const show = await run(work, ['readiness', 'show', '--facility', '52001', '--data-dir', 'data']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('SẴN SÀNG / READY');

    const notReviewer = await run(work, ['readiness', 'decide', '--facility', '52001', '--verdict', 'approved', '--reviewer', '52001_BV', '--data-dir', 'data']);
    expect(notReviewer.code).toBe(1);
    expect(notReviewer.stderr).toContain('READINESS.REVIEWER');
    const decided = await run(work, ['readiness', 'decide', '--facility', '52001', '--verdict', 'approved', '--reviewer', 'SYT_52', '--note', 'Đủ điều kiện', '--out', 'decision', '--data-dir', 'data']);
    expect(decided.stderr).toBe('');
    expect(decided.code).toBe(0);
    const id = /decision (QD-52001-\d{8}-001):/.exec(decided.stdout)![1];
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'PEM', '-in', `${id}.p7s`, '-content', `${id}.json`, '-CAfile', 'lab.pem', '-purpose', 'any', '-out', os.devNull], { cwd: path.join(work, 'decision'), stdio: 'pipe' });
    expect(fs.readFileSync(path.join(work, 'decision', `${id}.pdf`)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const unknown = await run(work, ['readiness', 'show', '--facility', '99999', '--data-dir', 'data']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('READINESS.FACILITY_UNKNOWN');
  }, 180_000); // spawns the CLI several times: minutes on a busy shared machine
});

describe('readiness from a real certification bundle', () => {
  it('an offline run over generate --scenario all, registered as its bundle, evidences the automated conditions; the decision cites its manifest digest', async () => {
    const { createHash } = await import('node:crypto');
    const { QD2733_PILOT_PLAN } = await import('../../conformance/plans/index.ts');
    const { writeBundle } = await import('../../reports/evidence/bundle.ts');
    const { readZip, DEFAULT_VERIFY_LIMITS } = await import('../../reports/evidence/verify.ts');
    const { runOffline } = await import('../../simulator/certification/offline.ts');
    const { generate, testRegistry } = await import('../evidence/helpers.ts');
    const { makePortal, headersFor } = await import('./helpers.ts');
    const work = fs.mkdtempSync(path.join(dir, 'bundle-'));
    const dataDir = path.join(work, 'data');
    const portalKey = loadOrCreateLabKey(dataDir);
    await generate(path.join(work, 'gen'), ['--scenario', 'all', '--seed', '8', '--count', '1']);
    const outcome = runOffline({ folder: path.join(work, 'gen'), facility: { maCSKCB: '52001', maTinh: '52' }, plan: QD2733_PILOT_PLAN, at: new Date('2026-11-21T02:00:00Z'), registry: testRegistry(), registrySource: 'test PKI', ranBy: 'test' });
    expect(outcome.verdict.verdict).toBe('pass');
    const bundle = await writeBundle(outcome, { labKey: portalKey });
    const manifestSha = createHash('sha256').update((await readZip(bundle, DEFAULT_VERIFY_LIMITS)).entries.get('manifest.json')!).digest('hex');

    const p = await makePortal({ dataDir });
    const facility = await headersFor(p, '52001_BV');
    const reviewer = await headersFor(p, 'SYT_52');
    const upload = (b: Buffer) => {
      const fd = new FormData();
      fd.append('bundle', new Blob([new Uint8Array(b)]), 'bundle.zip');
      return p.request('/api/sim/readiness/52001/runs', { method: 'POST', headers: facility, body: fd });
    };
    const tampered = Buffer.from(bundle);
    tampered[Math.floor(tampered.length / 2)] ^= 0xff;
    const bad = await upload(tampered);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('READINESS.RUN_BUNDLE');
    const ok = await upload(bundle);
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { run: { manifestSha256: string; verdict: string } }).run).toMatchObject({ manifestSha256: manifestSha, verdict: 'pass' });

    const r = await computeReadiness(p.store, '52001');
    const evidenced = outcome.verdict.conditions.filter((c) => c.state === 'evidenced').map((c) => c.id);
    expect(evidenced).toEqual(expect.arrayContaining(['C1', 'C2', 'C3', 'C7', 'C8', 'C10']));
    for (const id of evidenced) expect(r.conditions.find((c) => c.id === id)!.state).toBe('met');
    for (const c of r.conditions.filter((x) => x.required && x.state === 'missing')) {
      await addEvidence(p.store, { maCSKCB: '52001', conditionId: c.id, title: `Tài liệu ${c.id}`, fileName: `${c.id}.pdf`, content: pdf(c.id), by: '52001_BV', now: NOW });
    }
    const res = await p.request('/api/sim/readiness/52001/decisions', { method: 'POST', headers: { ...reviewer, 'Content-Type': 'application/json' }, body: JSON.stringify({ verdict: 'approved' }) });
    expect(res.status).toBe(201);
    const d = ((await res.json()) as { decision: { certificationRun: { manifestSha256: string; runId: string } } }).decision;
    expect(d.certificationRun).toMatchObject({ manifestSha256: manifestSha, runId: outcome.run.id });
    p.store.close();
  }, 240_000);
});

describe('readiness policy wording', () => {
  it('every condition note has a Vietnamese version for the Vietnamese pages', async () => {
    const { READINESS_POLICY } = await import('../../conformance/plans/readiness-policy.ts');
    const noted = READINESS_POLICY.filter((c) => c.note);
    expect(noted.length).toBeGreaterThan(0);
    for (const c of noted) {
      expect(c.note_vi, c.id).toBeTruthy();
      expect(c.note_vi, c.id).toMatch(/[àáảãạăâđêôơư]/);
    }
  });
});
