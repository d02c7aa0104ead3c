/**
 * End to end, as the "done when" reads: start the portal, open a run for 52001, replay generated
 * packages for every required scenario, finish, build the bundle, verify it with `sskdt-lab verify` and with
 * `openssl cms`, then change one byte in each file of the bundle in turn and see verification fail every time.
 * Also: a submission before the run does not count, another facility cannot see the run, the facility lists
 * its submissions page by page, and the CLI reads the same run.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../reports/evidence/verify.ts';
import { configWith } from '../../simulator/config.ts';
import { startPortal, type RunningPortal } from '../../simulator/main.ts';
import { run } from '../cli/run-cli.ts';
import { tempDir } from './helpers.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
let root: string;
let dataDir: string;
let portal: RunningPortal;

async function token(username: string) {
  const r = await fetch(`${portal.url}/api/token/take`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: md5('sskdt-demo') }) });
  const body = (await r.json()) as { APIKey: { access_token: string; id_token: string } };
  return { accessToken: body.APIKey.access_token, tokenId: body.APIKey.id_token, passwordHash: md5('sskdt-demo') };
}

function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
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

async function zipOf(files: Iterable<[string, Buffer]>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, bytes] of files) z.addBuffer(bytes, name);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  root = tempDir('sskdt-e2e-');
  dataDir = path.join(root, 'data');
  portal = await startPortal(configWith({ port: 0, host: '127.0.0.1', dataDir, workers: 0 }), () => {});
}, 120_000);
afterAll(async () => {
  await portal?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('certification end to end (portal, run, replay, bundle, verify)', () => {
  it('certifies 52001 online and its bundle verifies with sskdt-lab and OpenSSL, and fails for any changed byte', { timeout: 600_000 }, async () => {
    const h52001 = await token('52001_BV');
    const json = { ...h52001, 'Content-Type': 'application/json' };

    // before the run: a refused submission that must not count
    const early = await fetch(`${portal.url}/api/qd130/guiHoSoXmlQD3176`, { method: 'POST', headers: { ...h52001, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: '52001_BV', loaiHoSo: '130', maTinh: '52', maCSKCB: '52001', fileHSBase64: '@@not base64@@' }) });
    expect(((await early.json()) as { maKetQua: string }).maKetQua).not.toBe('200');
    await new Promise((r) => setTimeout(r, 5)); // received_at has millisecond resolution: the run opens strictly after

    const opened = await fetch(`${portal.url}/api/sim/cert/runs`, { method: 'POST', headers: json, body: JSON.stringify({}) });
    expect(opened.status).toBe(201);
    const runId = ((await opened.json()) as { run: { id: string } }).run.id;
    expect((await fetch(`${portal.url}/api/sim/cert/runs`, { method: 'POST', headers: json, body: '{}' })).status).toBe(409);

    const before = (await (await fetch(`${portal.url}/api/sim/cert/runs/${runId}`, { headers: h52001 })).json()) as { verdict: { verdict: string; scenarios: { state: string }[] } };
    expect(before.verdict.verdict).toBe('fail');
    expect(before.verdict.scenarios.every((s) => s.state === 'not-started')).toBe(true);

    const replay = await run(root, ['replay', '--portal', portal.url, '--facility', '52001', '--password', 'sskdt-demo', '--scenario', 'all', '--count', '1', '--seed', '5', '--quiet']);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);

    // another facility sees nothing of this run
    const h52002 = await token('52002_BV');
    expect((await fetch(`${portal.url}/api/sim/cert/runs/${runId}`, { headers: h52002 })).status).toBe(404);
    expect((await fetch(`${portal.url}/api/sim/cert/runs/${runId}`)).status).toBe(401);

    const progress = (await (await fetch(`${portal.url}/api/sim/cert/runs/${runId}`, { headers: h52001 })).json()) as { verdict: { verdict: string; reasons: unknown[]; scenarios: { id: string; state: string; required: boolean }[] }; submissions: unknown[] };
    expect(progress.verdict.reasons).toEqual([]);
    expect(progress.verdict.scenarios.filter((s) => s.required && s.state !== 'passed')).toEqual([]);
    expect(progress.submissions).toHaveLength(44);

    // the CLI reads the same run from the data folder
    const cliStatus = await run(root, ['cert', 'status', runId, '--data-dir', dataDir]);
    expect(cliStatus.code).toBe(0);
    expect(cliStatus.stdout).toContain(`run ${runId}`);

    const finished = await fetch(`${portal.url}/api/sim/cert/runs/${runId}/finish`, { method: 'POST', headers: h52001 });
    expect(((await finished.json()) as { verdict: { verdict: string } }).verdict.verdict).toBe('pass');
    expect((await fetch(`${portal.url}/api/sim/cert/runs/${runId}/finish`, { method: 'POST', headers: h52001 })).status).toBe(409);

    // the facility's submissions, page by page, with verdicts (the refused one included)
    const page = (await (await fetch(`${portal.url}/api/sim/submissions?pageSize=10&page=2`, { headers: h52001 })).json()) as { total: number; pages: number; items: { verdict: string }[] };
    expect(page).toMatchObject({ total: 45, pages: 5 });
    expect(page.items).toHaveLength(10);
    const rejected = (await (await fetch(`${portal.url}/api/sim/submissions?verdict=rejected`, { headers: h52001 })).json()) as { total: number };
    expect(rejected.total).toBe(1);
    expect((await fetch(`${portal.url}/api/sim/submissions?facility=52001`, { headers: h52002 })).status).toBe(404);
    expect((await fetch(`${portal.url}/api/sim/submissions?verdict=maybe`, { headers: h52001 })).status).toBe(400);

    // the bundle: twice the same bytes; verify with sskdt-lab and with plain OpenSSL
    const res = await fetch(`${portal.url}/api/sim/cert/runs/${runId}/bundle`, { headers: h52001 });
    expect(res.status).toBe(200);
    const zip = Buffer.from(await res.arrayBuffer());
    const again = Buffer.from(await (await fetch(`${portal.url}/api/sim/cert/runs/${runId}/bundle`, { headers: h52001 })).arrayBuffer());
    expect(zip.equals(again)).toBe(true);
    const bundleFile = path.join(root, 'bundle.zip');
    fs.writeFileSync(bundleFile, zip);
    const verified = await run(root, ['verify', bundleFile, '--data-dir', dataDir]);
    expect(verified.stdout).toMatch(/^VALID/);
    expect(verified.code).toBe(0);

    const labPem = (await run(root, ['key', 'show', '--data-dir', dataDir])).stdout;
    expect(labPem).toContain('-----BEGIN CERTIFICATE-----');
    const files = await unzip(zip);
    const dir = path.join(root, 'unzipped');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), files.get('manifest.json')!);
    fs.writeFileSync(path.join(dir, 'manifest.p7s'), files.get('manifest.p7s')!);
    fs.writeFileSync(path.join(dir, 'lab.pem'), labPem);
    const openssl = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'PEM', '-in', 'manifest.p7s', '-content', 'manifest.json', '-CAfile', 'lab.pem', '-purpose', 'any', '-out', 'verified.json'], { cwd: dir, encoding: 'utf8' });
    expect(openssl.stderr).toContain('Verification successful');
    expect(openssl.status).toBe(0);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ run: { id: runId, mode: 'online', status: 'finished' }, facility: { maCSKCB: '52001' }, verdict: { verdict: 'pass' } });
    // every listed digest matches (what openssl leaves to the reader)
    for (const f of manifest.files as { path: string; sha256: string }[]) expect(createHash('sha256').update(files.get(f.path)!).digest('hex')).toBe(f.sha256);

    // one changed byte in each file in turn: never valid
    const trusted = fs.readFileSync(path.join(dir, 'lab.pem'), 'utf8');
    for (const [name, bytes] of files) {
      const changed = Buffer.from(bytes);
      changed[Math.floor(bytes.length / 2)] ^= 0x04;
      const v = await verifyBundle(await zipOf([...files].map(([n, b]) => [n, n === name ? changed : b])), trusted);
      expect(v.ok, name).toBe(false);
    }
    const tampered = path.join(root, 'tampered.zip');
    const sub = [...files.keys()].find((n) => n.startsWith('submissions/'))!;
    fs.writeFileSync(tampered, await zipOf([...files].map(([n, b]) => [n, n === sub ? Buffer.concat([b, Buffer.from(' ')]) : b])));
    const bad = await run(root, ['verify', tampered, '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`changed file: ${sub}`);
  });
});
