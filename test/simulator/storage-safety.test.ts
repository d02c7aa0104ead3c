/**
 * Storage safety (issue 11 item 5): refused bodies kept as size + hash + 64 KB, a byte quota per account,
 * stored findings capped and paged, PRAGMA quick_check at start-up, the stored hash checked on read, failed
 * result writes retried without a restart, friendly start-up errors.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { configWith } from '../../simulator/config.ts';
import { createPortal } from '../../simulator/app.ts';
import { CheckScheduler, capFindings } from '../../simulator/checker.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store } from '../../simulator/store.ts';
import { explainOpenError, openStoreSafely, StoreOpenError, startupErrorText } from '../../simulator/store-safety.ts';
import { startPortal } from '../../simulator/main.ts';
import { DEMO, authHeaders, envelope, form, headersFor, makePortal, submitFields, takeToken, type TestPortal } from './helpers.ts';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-storage-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function submit(p: TestPortal, xml: string) {
  const key = await takeToken(p);
  const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(xml)), headers: { ...FORM, ...authHeaders(key) } });
  return (await res.json()) as { maKetQua: string; maGiaoDich: string; thongDiep: string };
}

/** A file store seeded like the served portal, with a portal over it. */
async function filePortal(dir: string, overrides = {}) {
  const store = Store.open(dir);
  (await seedIfEmpty(store));
  const portal = createPortal({ store, config: configWith({ workers: 0, dataDir: dir, ...overrides }), defaultIp: '10.0.0.1' });
  const p: TestPortal = { ...portal, store, clock: { now: Date.now() }, request: async (u, init) => portal.app.request(`http://portal.test${u}`, init) };
  return p;
}

describe('refused bodies: size, hash and the first 64 KB', () => {
  it('a refused 400 KB submission keeps 64 KB of its body and of its file, its full size and SHA-256', async () => {
    const p = await makePortal();
    const xml = envelope({ MACSKCB: '52002', padTo: 400_000 });
    const answer = await submit(p, xml);
    expect(answer.maKetQua).toBe('205');
    const sub = (await p.store.getSubmission(answer.maGiaoDich))!;
    expect(sub.status).toBe('rejected');
    expect(sub.rawBody!.byteLength).toBe(64 * 1024);
    expect(sub.fileBytes!.byteLength).toBe(64 * 1024);
    expect(sub.fileSize).toBe(Buffer.byteLength(xml));
    expect(sub.sha256).toBe(createHash('sha256').update(xml).digest('hex'));
    expect(sub.integrity).toBe('partial');
    expect((sub.envelopeResult as { stored: Record<string, number> }).stored).toEqual({ bodyBytes: expect.any(Number), keptBodyBytes: 65536, fileBytes: Buffer.byteLength(xml), keptFileBytes: 65536 });
    // the first 64 KB are the file's first 64 KB
    expect(sub.fileBytes!.toString('latin1')).toBe(Buffer.from(xml).subarray(0, 65536).toString('latin1'));
  });

  it('an accepted submission is stored whole', async () => {
    const p = await makePortal();
    const xml = envelope({ padTo: 200_000 });
    const answer = await submit(p, xml);
    expect(answer.maKetQua).toBe('200');
    const sub = (await p.store.getSubmission(answer.maGiaoDich))!;
    expect(sub.fileBytes!.byteLength).toBe(Buffer.byteLength(xml));
    expect(sub.integrity).toBe('ok');
  });
});

describe('byte quota per account', () => {
  it('over SSKDT_ACCOUNT_QUOTA_BYTES: maKetQua 507, nothing stored; other accounts go on; a restart counts what is stored', async () => {
    const dir = path.join(tmp, 'quota');
    const p = await filePortal(dir, { accountQuotaBytes: 40_000 });
    const first = await submit(p, envelope());
    expect(first.maKetQua).toBe('200');
    const used = (await p.store.bytesStoredBy(DEMO.username));
    expect(used).toBeGreaterThan(0);
    // enough for one more small one, not for a 30 KB one
    const big = await submit(p, envelope({ padTo: 30_000 }));
    expect(big.maKetQua).toBe('507');
    expect(big.maGiaoDich).toBe('');
    expect(big.thongDiep).toMatch(/SSKDT_ACCOUNT_QUOTA_BYTES/);
    expect((await p.store.countSubmissions()).total).toBe(1);
    expect((await p.store.bytesStoredBy(DEMO.username))).toBe(used);
    p.store.close();

    // a new process starts from what is stored, not from zero
    const q = await filePortal(dir, { accountQuotaBytes: used + 10 });
    expect((await submit(q, envelope())).maKetQua).toBe('507');
    q.store.close();
    const unlimited = await filePortal(dir, { accountQuotaBytes: 0 });
    expect((await submit(unlimited, envelope({ padTo: 30_000 }))).maKetQua).toBe('200');
    unlimited.store.close();
  });
});

describe('stored findings: capped, worst first, paged', () => {
  it('capFindings keeps the worst outcomes in their order and says how many were listed', () => {
    const r = { findings: [{ outcome: 'pass', n: 0 }, { outcome: 'warning', n: 1 }, { outcome: 'fail', n: 2 }, { outcome: 'pass', n: 3 }, { outcome: 'fail', n: 4 }, { outcome: 'error', n: 5 }] };
    const capped = capFindings(r, 3);
    expect(capped.findings.map((f) => f.n)).toEqual([2, 4, 5]);
    expect(capped.findingsTruncated).toEqual({ listed: 6, kept: 3 });
    expect(capFindings(r, 10)).toBe(r);
  });

  it('a check with more findings than SSKDT_MAX_STORED_FINDINGS stores that many (fails first) with exact counts; ketqua pages them', async () => {
    const p = await makePortal({ maxStoredFindings: 10 });
    const answer = await submit(p, envelope({ hoso: 3 }));
    await p.scheduler.whenIdle();
    const result = (await p.store.getSubmission(answer.maGiaoDich))!.checkResult as { findings: { outcome: string }[]; summary: { counts: { fail: number; warning: number } } };
    expect(result.findings).toHaveLength(10);
    expect(result.findings.every((f) => f.outcome === 'fail')).toBe(true);
    // the counts stay those of the whole check
    expect(result.summary.counts.fail).toBeGreaterThan(10);
    expect(result.summary.counts.warning).toBeGreaterThan(0);

    const h = await headersFor(p, DEMO.username);
    const page = (await (await p.request(`/api/sim/ketqua/${answer.maGiaoDich}?findingsOffset=8&findingsLimit=5`, { headers: h })).json()) as { check: { result: { findings: unknown[]; findingsPage: unknown } } };
    expect(page.check.result.findings).toHaveLength(2);
    expect(page.check.result.findingsPage).toEqual({ offset: 8, limit: 5, stored: 10 });
  });
});

/** Writes a store with one accepted submission to `dir`, closes it (WAL checkpointed) and returns its maGiaoDich. */
async function storeWithOneSubmission(dir: string): Promise<string> {
  const p = await filePortal(dir);
  const answer = await submit(p, envelope());
  expect(answer.maKetQua).toBe('200');
  await p.scheduler.whenIdle();
  p.store.close();
  return answer.maGiaoDich;
}

describe('the stored hash is checked when a file is read back', () => {
  it('bytes changed on disk (in a copy of the database file): reported as damaged, never served', async () => {
    const dir = path.join(tmp, 'hash-src');
    const maGiaoDich = await storeWithOneSubmission(dir);
    const copyDir = path.join(tmp, 'hash-copy');
    fs.mkdirSync(copyDir, { recursive: true });
    const file = path.join(copyDir, 'sskdt-lab.sqlite');
    fs.copyFileSync(path.join(dir, 'sskdt-lab.sqlite'), file);
    // the decoded envelope is stored as plain UTF-8: change one digit of its NGAYLAP (a date that still parses)
    const bytes = fs.readFileSync(file);
    const marker = Buffer.from('<NGAYLAP>20260319');
    let changed = 0;
    for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + 1)) {
      bytes[at + marker.length - 1] = 0x38; // '9' → '8'
      changed++;
    }
    expect(changed).toBeGreaterThan(0);
    fs.writeFileSync(file, bytes);

    const store = openStoreSafely(copyDir); // quick_check does not see changed blob content: only the hash does
    const sub = (await store.getSubmission(maGiaoDich))!;
    expect(sub.integrity).toBe('mismatch');
    expect(sub.fileBytes).toBeNull();
    // what a certification run reads goes through the same check
    expect((await store.submissionsInWindow(sub.maCSKCB, '0000', '9999')).find((w) => w.maGiaoDich === maGiaoDich)).toMatchObject({ integrity: 'mismatch', fileBytes: null });
    const portal = createPortal({ store, config: configWith({ workers: 0 }), defaultIp: '10.0.0.1' });
    const p: TestPortal = { ...portal, store, clock: { now: Date.now() }, request: async (u, init) => portal.app.request(`http://portal.test${u}`, init) };
    const h = await headersFor(p, DEMO.username);
    const withFile = await p.request(`/api/sim/ketqua/${maGiaoDich}?file=1`, { headers: h });
    expect(withFile.status).toBe(500);
    const body = (await withFile.json()) as { code: string; file: { base64?: string; integrity: string } };
    expect(body.code).toBe('STORED_FILE_DAMAGED');
    expect(body.file.base64).toBeUndefined();
    const view = (await (await p.request(`/api/sim/ketqua/${maGiaoDich}`, { headers: h })).json()) as { file: { integrity: string; code: string } };
    expect(view.file).toMatchObject({ integrity: 'mismatch', code: 'STORED_FILE_DAMAGED' });
    const book = await p.request(`/api/sim/so-suc-khoe/${maGiaoDich}`, { headers: h });
    expect(book.status).toBe(500);
    expect(await book.text()).toMatch(/SHA-256/);
    store.close();
    // the original is untouched and reads back as ok
    const original = Store.open(dir);
    expect((await original.getSubmission(maGiaoDich))!.integrity).toBe('ok');
    original.close();
  });
});

describe('PRAGMA quick_check and friendly start-up errors', () => {
  it('a copy whose header was overwritten is refused with a clear message (not a database)', async () => {
    const dir = path.join(tmp, 'qc-src');
    await storeWithOneSubmission(dir);
    const bad = path.join(tmp, 'qc-header');
    fs.mkdirSync(bad);
    const bytes = fs.readFileSync(path.join(dir, 'sskdt-lab.sqlite'));
    Buffer.from('not a database!!').copy(bytes, 0);
    fs.writeFileSync(path.join(bad, 'sskdt-lab.sqlite'), bytes);
    let err: unknown;
    try {
      openStoreSafely(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as StoreOpenError).code).toBe('STORE_CORRUPT');
    expect(startupErrorText(err)).toMatch(/is damaged.*restore/s);
  });

  it('a copy with a damaged b-tree page fails quick_check and is refused naming the problems', async () => {
    const dir = path.join(tmp, 'qc-src2');
    await storeWithOneSubmission(dir);
    const bad = path.join(tmp, 'qc-page');
    fs.mkdirSync(bad);
    const bytes = fs.readFileSync(path.join(dir, 'sskdt-lab.sqlite'));
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    // damage every b-tree page after the schema page: its page type byte and cell count become nonsense
    let damaged = 0;
    for (let off = pageSize; off + pageSize <= bytes.length; off += pageSize) {
      if ([0x02, 0x05, 0x0a, 0x0d].includes(bytes[off])) {
        bytes[off + 3] = 0xff;
        bytes[off + 4] = 0xff;
        damaged++;
      }
    }
    expect(damaged).toBeGreaterThan(0);
    fs.writeFileSync(path.join(bad, 'sskdt-lab.sqlite'), bytes);
    let err: StoreOpenError | undefined;
    try {
      openStoreSafely(bad);
    } catch (e) {
      err = e as StoreOpenError;
    }
    expect(err?.code).toBe('STORE_CORRUPT');
    expect(err!.details.length).toBeGreaterThan(0);
  });

  it('DATA_DIR that is a file, and a folder that cannot be written, are explained (no stack trace)', async () => {
    const notADir = path.join(tmp, 'a-file');
    fs.writeFileSync(notADir, 'x');
    await expect(startPortal(configWith({ dataDir: notADir, port: 0, workers: 0 }), () => {})).rejects.toMatchObject({ code: 'STORE_NOT_A_FOLDER' });

    // read-only folder, simulated (tests may run as root, whom permissions do not stop)
    const ro = explainOpenError(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }), '/srv/lab', '/srv/lab/sskdt-lab.sqlite');
    expect(ro.code).toBe('STORE_READONLY');
    expect(ro.message).toMatch(/not writable.*DATA_DIR/);
    const eacces = explainOpenError(Object.assign(new Error("EACCES: permission denied, mkdir '/srv/lab'"), { code: 'EACCES' }), '/srv/lab', '/srv/lab/sskdt-lab.sqlite');
    expect(eacces.code).toBe('STORE_READONLY');
    if (process.getuid?.() !== 0) {
      // and for real where permissions apply
      const real = path.join(tmp, 'ro');
      fs.mkdirSync(real);
      fs.chmodSync(real, 0o555);
      expect(() => openStoreSafely(real)).toThrow(StoreOpenError);
    }
  });

  it('npm start on a damaged store prints what is wrong and exits 1, without a stack trace', async () => {
    const bad = path.join(tmp, 'qc-header');
    const main = fileURLToPath(new URL('../../simulator/main.ts', import.meta.url));
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', main], { env: { ...process.env, DATA_DIR: bad, PORT: '0', SSKDT_WORKERS: '0' }, timeout: 60_000 });
    const failed = await run.then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed!.stderr).toMatch(/^sskdt-lab: The store .* is damaged/);
    expect(failed!.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('a check whose result write failed is retried without a restart', () => {
  it('the first write fails (simulated disk full): the check runs again and its result is stored', async () => {
    const first = CheckScheduler.RETRY_FIRST_MS;
    CheckScheduler.RETRY_FIRST_MS = 5;
    try {
      const p = await makePortal();
      const real = p.store.setCheckResult.bind(p.store);
      const spy = vi.spyOn(p.store, 'setCheckResult').mockImplementationOnce(() => Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })));
      spy.mockImplementation(real);
      const answer = await submit(p, envelope());
      expect(answer.maKetQua).toBe('200');
      // wait for the retry (no timing assertion: only that it happens)
      for (let i = 0; i < 500 && (await p.store.getSubmission(answer.maGiaoDich))!.status === 'pending'; i++) await new Promise((r) => setTimeout(r, 10));
      const sub = (await p.store.getSubmission(answer.maGiaoDich))!;
      expect(sub.status).toBe('done');
      expect(spy).toHaveBeenCalledTimes(2);
      expect(await p.metrics.text()).toMatch(/^sskdt_check_result_write_retries_total 1$/m);
    } finally {
      CheckScheduler.RETRY_FIRST_MS = first;
    }
  });
});
