import { createHash } from 'node:crypto';
/**
 * Check results in the store (simulator/stored-result.ts, store migration 7): a Result stored and read back
 * equals the Result checked (messages and citations rendered again from the rule metadata), is no larger than
 * the package it describes, and the store's queries (verdict, problem rule, the board's rule counts) read the
 * compact rows as they read full ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getLayout } from '../../conformance/catalogue/catalogue.ts';
import { checkPackage } from '../../conformance/check.ts';
import type { Result } from '../../conformance/result.ts';
import { buildEnvelope, serializeTable } from '../../generators/serialize.ts';
import { InlineChecker, runCheckJob } from '../../simulator/checker.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store, type NewSubmission } from '../../simulator/store.ts';
import { storedResult } from '../../simulator/stored-result.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});
async function openStore(): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-stored-result-'));
  made.push(dir);
  const store = Store.open(dir);
  (await seedIfEmpty(store));
  return store;
}

/** bench:submit's package: ~`size` bytes of HOSO whose XML1 has a handful of fields, so thousands of failures. */
function sparseEnvelope(size: number): Uint8Array {
  const spec = getLayout('4750').tables.get('XML1')!;
  const hoso = [];
  let xml = '';
  for (let i = 0; xml.length < size; i++) {
    const inner = serializeTable(spec, [{ MA_LK: `BENCH${String(i).padStart(6, '0')}`, STT: '1', MA_BN: `BN${i}`, HO_TEN: 'NGUYỄN VĂN AN', NGAY_SINH: '198003150000', GIOI_TINH: '1', MA_THE_BHYT: 'DN4520000000001', MA_CSKCB: '52001', NGAY_VAO: '202603190800', NGAY_RA: '202603191000', CHAN_DOAN_RV: 'Viêm phế quản cấp', MA_BENH_CHINH: 'J20.9', T_TONGCHI: '150000.00' }]);
    hoso.push({ files: [{ loaiHoSo: 'XML1', content: inner }] });
    xml = buildEnvelope({ MACSKCB: '52001', NGAYLAP: '20260319', hoso });
  }
  return new TextEncoder().encode(xml);
}

function submission(bytes: Uint8Array, checkResult?: unknown): NewSubmission {
  return {
    endpoint: 'guiHoSoXmlQD4750', username: '52001_BV', maCSKCB: '52001', loaiHoSo: '130', maTinh: '52', contentType: 'application/json', clientIp: '127.0.0.1',
    rawBody: bytes, fileBytes: bytes, fileSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), receivedAt: '2026-03-19T10:00:00.000Z', thoiGianTiepNhan: '20260319100000',
    maKetQua: '200', thongDiep: 'Tiếp nhận thành công', status: checkResult === undefined ? 'pending' : 'done', envelopeResult: { ok: true }, checkResult,
  };
}

const storedBytes = (store: Store, id: number) =>
  store.db.prepare('SELECT length(CAST(check_result AS BLOB)) + IFNULL(length(check_compact), 0) AS n FROM submissions WHERE id = ?').get(id) as { n: number };

describe('stored check results', () => {
  const pkg = sparseEnvelope(50_000);
  const options = { endpoint: 'guiHoSoXmlQD4750', findings: 'problems' as const, receivedAt: '2026-03-19T10:00:00.000Z' };
  const result: Result = checkPackage(pkg, options);

  it('the package has thousands of listed failures (what made stored results 40× the package)', () => {
    expect(result.summary.counts.fail).toBeGreaterThan(1000);
    expect(result.findings.length).toBeGreaterThan(1000);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeGreaterThan(10 * pkg.byteLength);
  });

  it('a Result stored through setCheckResult reads back equal, serialised identically, and no larger than the package', async () => {
    const store = await openStore();
    const { id } = await store.addSubmission(submission(pkg));
    await store.setCheckResult(id, result, 'done');
    const read = (await store.getSubmissionById(id))!.checkResult;
    expect(read).toEqual(result);
    expect(JSON.stringify(read) === JSON.stringify(result)).toBe(true);
    const { n } = storedBytes(store, id);
    expect(n).toBeLessThanOrEqual(pkg.byteLength);
    expect(store.db.prepare('SELECT check_compact IS NOT NULL AS c FROM submissions WHERE id = ?').get(id)).toEqual({ c: 1 });
    store.close();
  });

  it('the form the check worker builds (forStore) is what the store writes, and a sync-mode insert stores it too', async () => {
    const store = await openStore();
    const outcome = await runCheckJob({ bytes: pkg, options, certificates: {}, trustAnchors: [], forStore: 'only' });
    expect(outcome.ok && outcome.result === undefined && outcome.stored !== undefined).toBe(true);
    if (!outcome.ok) return;
    const a = await store.addSubmission(submission(pkg));
    await store.setCheckResult(a.id, outcome.stored, 'done');
    const b = await store.addSubmission(submission(pkg, storedResult(result)));
    // another run of the same check: equal but for the timings
    const same = (r: unknown) => JSON.stringify({ ...(r as Result), timings: {} });
    for (const id of [a.id, b.id]) expect(same((await store.getSubmissionById(id))!.checkResult) === same(result)).toBe(true);
    store.close();
  });

  it('every verdict listed (findings all) reads back equal as well', async () => {
    const store = await openStore();
    const small = sparseEnvelope(5_000);
    const full = checkPackage(small, { ...options, findings: 'all' });
    expect(full.findings.some((f) => f.outcome === 'pass')).toBe(true);
    const { id } = await store.addSubmission(submission(small, full));
    expect(JSON.stringify((await store.getSubmissionById(id))!.checkResult) === JSON.stringify(full)).toBe(true);
    store.close();
  });

  it('an engine error record and a row written before migration 7 (full JSON) read as before', async () => {
    const store = await openStore();
    const err = await store.addSubmission(submission(pkg, { engineError: 'boom' }));
    expect((await store.getSubmissionById(err.id))!.checkResult).toEqual({ engineError: 'boom' });
    const old = await store.addSubmission(submission(pkg));
    store.db.prepare(`UPDATE submissions SET check_result = ?, check_compact = NULL, status = 'done' WHERE id = ?`).run(JSON.stringify(result), old.id);
    expect((await store.getSubmissionById(old.id))!.checkResult).toEqual(result);
    store.close();
  });

  it('lists filter compact and full rows alike by verdict and by problem rule; the board reads rule counts', async () => {
    const store = await openStore();
    const failing = result.findings.find((f) => f.outcome === 'fail')!.ruleId;
    const compact = await store.addSubmission(submission(pkg, result));
    const full = await store.addSubmission(submission(pkg));
    store.db.prepare(`UPDATE submissions SET check_result = ?, status = 'done' WHERE id = ?`).run(JSON.stringify(result), full.id);
    const clean = await store.addSubmission(submission(pkg, { ...result, summary: { ...result.summary, verdict: 'pass', byRule: {} }, findings: [] }));
    const ids = async (q: Parameters<Store['listSubmissions']>[0]) => (await store.listSubmissions(q)).rows.map((r) => r.id).sort();
    expect(await ids({ limit: 10, verdict: 'fail' })).toEqual([compact.id, full.id]);
    expect(await ids({ limit: 10, problemRule: failing })).toEqual([compact.id, full.id]);
    expect(await ids({ limit: 10, problemRule: 'NO.SUCH.RULE' })).toEqual([]);
    const row = (await store.listSubmissions({ limit: 10 })).rows.find((r) => r.id === compact.id)!;
    expect([row.verdict, row.fails, row.warnings]).toEqual([result.summary.verdict, result.summary.counts.fail, result.summary.counts.warning]);
    expect((await store.listSubmissions({ limit: 10 })).rows.find((r) => r.id === clean.id)!.verdict).toBe('pass');
    // a hand-written rule that passed keeps its counts in the head (the province board reads them)
    const passed = Object.entries(result.summary.byRule).find(([id, c]) => id.startsWith('CROSS.') && c.pass > 0 && c.fail + c.warning + c.error === 0);
    expect(passed).toBeDefined();
    const counts = (await store.ruleCountsOfRecords(['52001'], [passed![0], failing]));
    const byId = new Map(counts.map((c) => [c.maGiaoDich, c]));
    for (const id of [compact.id, full.id]) {
      const c = byId.get((await store.getSubmissionById(id))!.maGiaoDich)!;
      expect(c.counts[passed![0]]?.pass).toBe(passed![1].pass);
      expect(c.counts[failing]?.fail).toBe(result.summary.byRule[failing].fail);
    }
    store.close();
  });

  it('the scheduler stores what the worker built: compact rows after a queue of checks', async () => {
    const store = await openStore();
    const { CheckScheduler } = await import('../../simulator/checker.ts');
    const { loadConfig } = await import('../../simulator/config.ts');
    const config = loadConfig({ ...process.env, SSKDT_CHECK_YIELD: '0' });
    const scheduler = new CheckScheduler(store, new InlineChecker(), config);
    const { id } = await store.addSubmission(submission(pkg));
    scheduler.enqueue(id);
    await scheduler.whenIdle();
    const row = store.db.prepare("SELECT status, check_compact IS NOT NULL AS c, json_extract(check_result, '$.stored') AS s FROM submissions WHERE id = ?").get(id);
    expect(row).toEqual({ status: 'done', c: 1, s: 'compact' });
    const read = (await store.getSubmissionById(id))!.checkResult as Result;
    expect(read.summary.counts).toEqual(result.summary.counts);
    store.close();
  });
});
