import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTestPki } from '../../generators/pki/test-pki.ts';
import { signEnveloped } from '../../generators/pki/sign.ts';
import { main as cli } from '../../simulator/cli.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { RegistryError, SCHEMA_VERSION, Store, md5Upper, type NewSubmission } from '../../simulator/store.ts';
import { DEMO, authHeaders, envelope, form, makePortal, submitFields, takeToken } from './helpers.ts';

const made: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-store-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function sub(i: number): NewSubmission {
  const bytes = Buffer.from(`<GIAMDINHHS>${i}</GIAMDINHHS>`);
  return {
    endpoint: 'guiHoSoXmlQD4750', username: '52001_BV', maCSKCB: '52001', loaiHoSo: '130', maTinh: '52', contentType: 'application/json', clientIp: '127.0.0.1',
    rawBody: bytes, fileBytes: bytes, fileSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), receivedAt: new Date().toISOString(), thoiGianTiepNhan: '20260101000000',
    maKetQua: '200', thongDiep: 'Tiếp nhận thành công', status: 'pending', envelopeResult: { ok: true },
  };
}

describe('Store', () => {
  it('migrates a fresh file once and records the schema version', async () => {
    const dir = tmp();
    const a = Store.open(dir);
    expect((await a.schemaVersion())).toBe(SCHEMA_VERSION);
    a.close();
    const b = Store.open(dir);
    expect((b.db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(SCHEMA_VERSION);
    expect(b.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(b.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    b.close();
  });

  it('migration 10 keeps the catalogue versions stored under 8 (ids and rows) and then accepts the departments kind', async () => {
    const dir = tmp();
    const a = Store.open(dir);
    await seedIfEmpty(a);
    // back to schema 9: the table as migration 8 made it, with one stored version
    a.db.exec(`DROP TABLE catalogue_versions;
      CREATE TABLE catalogue_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
        kind TEXT NOT NULL CHECK (kind IN ('staff', 'equipment', 'drugs', 'services', 'supplies')), effective_from TEXT NOT NULL, source TEXT NOT NULL,
        sha256 TEXT NOT NULL, row_count INTEGER NOT NULL, entries TEXT NOT NULL, imported_by TEXT NOT NULL, imported_at TEXT NOT NULL);
      CREATE INDEX catalogue_versions_facility ON catalogue_versions(ma_cskcb, kind, effective_from);
      DROP TABLE IF EXISTS rate_counters; -- made by migration 11, which runs again after this rollback
      DELETE FROM schema_version WHERE version >= 10;`);
    a.db.prepare("INSERT INTO catalogue_versions (id, ma_cskcb, kind, effective_from, source, sha256, row_count, entries, imported_by, imported_at) VALUES (7, '52001', 'drugs', '20250101', 'thuoc.csv', 'ab', 1, ?, '52001_BV', '2026-01-01T00:00:00Z')")
      .run(JSON.stringify([{ code: '40.17', from: '20250101', price: '450' }]));
    expect(() => a.db.prepare("INSERT INTO catalogue_versions (ma_cskcb, kind, effective_from, source, sha256, row_count, entries, imported_by, imported_at) VALUES ('52001', 'departments', '20250101', 'k.csv', 'cd', 1, '[]', 'x', 'y')").run()).toThrow(/CHECK/);
    await a.close();
    const b = Store.open(dir);
    expect(await b.schemaVersion()).toBe(SCHEMA_VERSION);
    const kept = await b.listCatalogueVersions('52001');
    expect(kept.map((v) => [v.id, v.kind, v.source])).toEqual([[7, 'drugs', 'thuoc.csv']]);
    expect((await b.catalogueVersionsOf('52001'))[0].entries).toEqual([{ code: '40.17', from: '20250101', price: '450' }]);
    b.db.prepare("INSERT INTO catalogue_versions (ma_cskcb, kind, effective_from, source, sha256, row_count, entries, imported_by, imported_at) VALUES ('52001', 'departments', '20250101', 'k.csv', 'cd', 1, '[]', 'x', 'y')").run();
    expect((await b.listCatalogueVersions('52001')).map((v) => v.kind).sort()).toEqual(['departments', 'drugs']);
    await b.close();
  });

  it('group-commits writes queued in one tick and never reuses a maGiaoDich after reopening', async () => {
    const dir = tmp();
    const a = Store.open(dir);
    const first = await Promise.all([1, 2, 3].map((i) => a.addSubmission(sub(i))));
    expect(first.map((r) => r.id)).toEqual([1, 2, 3]);
    // delete the newest row: AUTOINCREMENT must still not hand its id out again
    a.db.prepare('DELETE FROM submissions WHERE id = 3').run();
    a.close();
    const b = Store.open(dir);
    const next = await b.addSubmission(sub(4));
    expect(next.id).toBe(4);
    expect(next.maGiaoDich).toMatch(/^0000000004[0-9A-F]{6}$/);
    expect(new Set([...first.map((r) => r.maGiaoDich), next.maGiaoDich]).size).toBe(4);
    expect((await b.getSubmission(first[0].maGiaoDich))!.fileBytes!.toString()).toBe('<GIAMDINHHS>1</GIAMDINHHS>');
    b.close();
  });

  it('one failing write in a batch does not fail its neighbours', async () => {
    const s = new Store(':memory:');
    const results = await Promise.allSettled([s.addSubmission(sub(1)), s.write(() => { throw new Error('boom'); }), s.addSubmission(sub(2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await s.countSubmissions()).total).toBe(2);
  });

  it('registry: accounts store MD5 upper-case; duplicates and unknown facilities are refused', async () => {
    const s = new Store(':memory:');
    await seedIfEmpty(s);
    expect((await s.getAccount('52001_bv'))!.passwordMd5).toBe(md5Upper('sskdt-demo'));
    expect((await s.getAccount('52015_BV'))!.locked).toBe(true);
    await expect(s.addFacility({ maCSKCB: '52001', ten: 'dup' })).rejects.toThrow(RegistryError);
    await expect(s.addAccount({ username: 'X_BV', maCSKCB: '99999', password: 'p' })).rejects.toThrow(/no facility/);
    await expect(s.addFacility({ maCSKCB: '5200', ten: 'short' })).rejects.toThrow(/5 characters/);
  });

  it('registry: the seed registers the test-PKI certificate of each demo facility; cert-add parses PEM', async () => {
    const s = new Store(':memory:');
    await seedIfEmpty(s);
    const certs = await s.listCertificates('52001');
    expect(certs).toHaveLength(1);
    expect(certs[0].subject).toMatch(/52001|Bình Định/);
    await expect(s.addCertificate('52001', 'not a pem')).rejects.toThrow(/PEM/);
  });
});

describe('CLI facility add|list|cert-add', () => {
  it('adds, lists and registers a certificate; bad usage exits 3, registry refusals exit 1', async () => {
    const dir = tmp();
    const pki = loadTestPki();
    const pem = path.join(dir, 'c.pem');
    fs.writeFileSync(pem, pki.facilities['52002'].certPem);
    const quiet = { write: process.stdout.write, ewrite: process.stderr.write };
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await cli('facility', ['add', '52099', '--name', 'Phòng khám demo', '--data-dir', dir])).toBe(0);
      expect(await cli('facility', ['add', '52099', '--name', 'again', '--data-dir', dir])).toBe(1);
      expect(await cli('facility', ['cert-add', '52099', pem, '--data-dir', dir])).toBe(0);
      expect(await cli('facility', ['cert-add', '52099', path.join(dir, 'missing.pem'), '--data-dir', dir])).toBe(3);
      expect(await cli('facility', ['add', '--data-dir', dir])).toBe(3);
      expect(await cli('facility', ['frobnicate'])).toBe(3);
      expect(await cli('facility', ['list', '--bogus-flag'])).toBe(3);
      expect(await cli('facility', [])).toBe(3);
      expect(await cli('facility', ['--help'])).toBe(0);
      expect(await cli('facility', ['add', '--help'])).toBe(0);
    } finally {
      process.stdout.write = quiet.write;
      process.stderr.write = quiet.ewrite;
    }
    const s = Store.open(dir);
    expect((await s.getAccount('52099_BV'))!.maCSKCB).toBe('52099');
    expect((await s.listCertificates('52099'))).toHaveLength(1);
    expect((await s.getFacility('52001'))).toBeDefined(); // seeded on first open
    s.close();
  });
});

describe('signature mode (sync results)', () => {
  const pki = loadTestPki();
  const send = async (p: Awaited<ReturnType<typeof makePortal>>, xml: string) => {
    const key = await takeToken(p);
    const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(xml)), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key) } });
    return (await res.json()) as { maKetQua: string; thongDiep: string; maGiaoDich: string };
  };

  it('required: an unsigned package gets the configured reject code; one signed with the registered certificate does not', async () => {
    const p = await makePortal({ results: 'sync', signatureMode: 'required', signatureRejectCode: '125' });
    const unsigned = await send(p, envelope());
    expect(unsigned.maKetQua).toBe('125');
    const signed = signEnveloped(envelope(), pki.facilities[DEMO.maCSKCB].keyPem, pki.facilities[DEMO.maCSKCB].certPem);
    const ok = await send(p, signed);
    expect(ok.maKetQua).toBe('200');
    const result = (await p.store.getSubmission(ok.maGiaoDich))!.checkResult as { findings: { ruleId: string; outcome: string }[] };
    expect(result.findings.filter((f) => f.ruleId.startsWith('SIG.') && f.outcome === 'fail')).toEqual([]);
  });
});

describe('Store with a writer thread', () => {
  it('commits in the writer thread, is readable here at once, and closes cleanly', async () => {
    const dir = tmp();
    const s = Store.open(dir);
    await s.useWriterThread();
    const rows = await Promise.all([1, 2, 3, 4].map((i) => s.addSubmission(sub(i))));
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect((await s.getSubmission(rows[3].maGiaoDich))!.fileBytes!.toString()).toBe('<GIAMDINHHS>4</GIAMDINHHS>');
    await s.setCheckResult(rows[0].id, { summary: 'x' });
    expect((await s.getSubmissionById(rows[0].id))!.status).toBe('done');
    await s.addToken({ idToken: 't1', accessToken: 'a', username: '52001_BV', ip: '::1', issuedAt: 1, expiresAt: 2 });
    expect((await s.getToken('t1'))!.accessToken).toBe('a');
    await s.closeAsync();
    const again = Store.open(dir);
    expect((await again.countSubmissions())).toMatchObject({ total: 4, done: 1, pending: 3 });
    again.close();
  });
});
