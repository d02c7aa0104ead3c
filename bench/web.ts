/**
 * Server time of the web workspace's pages on demo data: a seeded in-memory portal receives every pilot
 * scenario (valid and with one mistake each) for two facilities through the portal's own API, then each page
 * is requested repeatedly in-process (app.request: no network, no browser) and its time printed (median,
 * p95, max). Target: every page under 200 ms. A certification run is open for each facility while the data
 * is sent; 52001's is finished and registered for readiness, 52002's stays open (the live page). Then the
 * portal is restarted (a new one over the same store and data folder) and the first view of each run and the
 * first bundle download are timed once before the repeated requests.
 *
 *   npm run bench:web [-- --rounds 20 --count 2]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMutant, mutate } from '../generators/mutants.ts';
import { buildEncounter } from '../generators/encounters.ts';
import { buildPackage } from '../generators/package.ts';
import { packageSeed, Rng } from '../generators/random.ts';
import { SCENARIOS } from '../generators/scenarios.ts';
import { createPortal } from '../simulator/app.ts';
import { configWith } from '../simulator/config.ts';
import { seedIfEmpty } from '../simulator/seed.ts';
import { Store } from '../simulator/store.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, count: { type: 'string', default: '2' } } });
const rounds = Number(values.rounds);
const count = Number(values.count);

const store = new Store(':memory:');
await seedIfEmpty(store);
const dataDir = mkdtempSync(join(tmpdir(), 'sskdt-bench-web-'));
const portal = createPortal({ store, config: configWith({ workers: 0, results: 'sync', dataDir }) });
let request = (path: string, init?: RequestInit) => portal.app.request(`http://bench.test${path}`, init);
const md5 = createHash('md5').update('sskdt-demo').digest('hex');

async function token(username: string) {
  const r = (await (await request('/api/token/take', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `username=${username}&password=${md5}` })).json()) as { APIKey: { access_token: string; id_token: string } };
  return r.APIKey;
}

const MISTAKES = ['XML1.SO_CCCD.FORMAT', 'CROSS.T_THUOC.SUM', 'XML2.MA_THUOC.REQUIRED', 'CROSS.DOCUMENT.XML7'];
const ids: string[] = [];
let t0 = performance.now();
const runs: Record<string, string> = {};
for (const facility of ['52001', '52002']) {
  const username = `${facility}_BV`;
  const key = await token(username);
  const opened = await request('/api/sim/cert/runs', { method: 'POST', headers: { 'Content-Type': 'application/json', accessToken: key.access_token, tokenId: key.id_token, passwordHash: md5 }, body: '{}' });
  runs[facility] = ((await opened.json()) as { run: { id: string } }).run.id;
  for (const spec of SCENARIOS) {
    for (let i = 0; i < count; i++) {
      const e = buildEncounter(spec, new Rng(packageSeed(spec.id, 'bench-web', i)), { layout: '3176', facility });
      const m = i % 2 === 1 ? mutate(e, MISTAKES[(i + spec.id.length) % MISTAKES.length]) : undefined;
      const bytes = m && isMutant(m) && m.kind === 'GIAMDINHHS' ? m.bytes : buildPackage(e).envelope;
      const res = await request('/api/qd130/guiHoSoXmlQD3176', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', accessToken: key.access_token, tokenId: key.id_token, passwordHash: md5 },
        body: JSON.stringify({ username, loaiHoSo: '130', maTinh: '52', maCSKCB: facility, fileHSBase64: Buffer.from(bytes).toString('base64') }),
      });
      ids.push(((await res.json()) as { maGiaoDich: string }).maGiaoDich);
    }
  }
}
console.log(`demo data: ${ids.length} submissions checked in ${Math.round(performance.now() - t0)} ms`);

async function cookie(username: string): Promise<string> {
  const r = await request('/dang-nhap', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://bench.test' }, body: `username=${username}&password=sskdt-demo` });
  return r.headers.get('set-cookie')!.split(';')[0];
}
const facility = await cookie('52001_BV');
const form = (c: string): RequestInit => ({ method: 'POST', headers: { cookie: c, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://bench.test' }, body: '' });
for (const [path, what] of [[`/chung-nhan/${runs['52001']}/ket-thuc`, 'finish'], [`/chung-nhan/${runs['52001']}/dang-ky`, 'register']] as const) {
  t0 = performance.now();
  const r = await request(path, form(facility));
  if (r.status !== 303) throw new Error(`${what}: HTTP ${r.status}`);
  console.log(`${what} 52001's run (${ids.length / 2} submissions): ${Math.round(performance.now() - t0)} ms`);
}
// A restart: a second portal over the same store (as `sskdt-lab serve` started again), so nothing the first
// one held in memory (judged submissions, built bundles) helps; only what the store and data folder keep.
// what the running portal does in the background once intake pauses: the open run's new submissions judged
t0 = performance.now();
await portal.certification.whenPrejudged();
console.log(`background judging of the open run finished ${Math.round(performance.now() - t0)} ms after registering`);
portal.scheduler.stop();
const restarted = createPortal({ store, config: configWith({ workers: 0, results: 'sync', dataDir }) });
request = (path: string, init?: RequestInit) => restarted.app.request(`http://bench.test${path}`, init);
console.log('restarted: the pages below are served by a new portal over the same store and data folder');
const first: [string, string][] = [
  ['run, finished: first view after restart', `/chung-nhan/${runs['52001']}`],
  ['run, open (Department): first view', `/chung-nhan/${runs['52002']}`],
  ['bundle download: first after restart', `/chung-nhan/${runs['52001']}/goi-bang-chung.zip`],
];
const reviewer = await cookie('SYT_52');
for (const [name, path] of first) {
  t0 = performance.now();
  const c0 = process.cpuUsage();
  const res = await request(path, { headers: { cookie: path.includes('52002') ? reviewer : facility } });
  await res.arrayBuffer();
  const c1 = process.cpuUsage(c0);
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
  console.log(`${name.padEnd(44)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms wall ${((c1.user + c1.system) / 1000).toFixed(1).padStart(8)} ms cpu`);
}
const bundle = Buffer.from(await (await request(`/chung-nhan/${runs['52001']}/goi-bang-chung.zip`, { headers: { cookie: facility } })).arrayBuffer());
const upload = () => {
  const f = new FormData();
  f.set('bundle', new File([bundle], 'goi.zip', { type: 'application/zip' }));
  return f;
};
const department = await cookie('SYT_52');
const trainer = await cookie('TRAINER_52');
const own = ids.slice(0, ids.length / 2);
const ownSubs = await Promise.all(own.map(async (id) => (await store.getSubmission(id))!));
const biggest = ownSubs.sort((a, b) => b.fileSize - a.fileSize)[0].maGiaoDich;
const failing = ownSubs.find((s) => (s.checkResult as { summary: { verdict: string } }).summary.verdict === 'fail')!.maGiaoDich;

const pages: { name: string; path: string; cookie?: string; init?: RequestInit; body?: () => FormData }[] = [
  { name: 'sign-in', path: '/dang-nhap' },
  { name: 'submissions (facility)', path: '/ho-so', cookie: facility },
  { name: 'submissions (Department, page 2)', path: '/ho-so?page=2', cookie: department },
  { name: 'submission, failing', path: `/ho-so/${failing}`, cookie: facility },
  { name: 'submission, largest file', path: `/ho-so/${biggest}`, cookie: facility },
  { name: 'submission, all stored verdicts', path: `/ho-so/${failing}?outcome=all`, cookie: facility },
  { name: 'health book', path: `/so-suc-khoe/${biggest}`, cookie: facility },
  { name: 'report HTML download', path: `/ho-so/${failing}/bao-cao.html`, cookie: facility },
  { name: 'province board', path: '/tinh', cookie: department },
  { name: 'certification runs', path: '/chung-nhan', cookie: facility },
  { name: 'run, finished', path: `/chung-nhan/${runs['52001']}`, cookie: facility },
  { name: 'run, open (Department)', path: `/chung-nhan/${runs['52002']}`, cookie: department },
  { name: 'readiness (facility)', path: '/san-sang/52001', cookie: facility },
  { name: 'readiness (Department)', path: '/san-sang/52001', cookie: department },
  { name: 'bundle verify form', path: '/kiem-tra-goi', cookie: facility },
  { name: `bundle download (${Math.round(bundle.length / 1024)} KB)`, path: `/chung-nhan/${runs['52001']}/goi-bang-chung.zip`, cookie: facility },
  { name: 'bundle verify upload', path: '/kiem-tra-goi', cookie: facility, init: { method: 'POST', headers: { Origin: 'http://bench.test' } }, body: upload },
  { name: 'playground form', path: '/thuc-hanh', cookie: trainer },
  {
    name: 'playground run (noitru + mistake)',
    path: '/thuc-hanh',
    cookie: trainer,
    init: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://bench.test' }, body: 'source=scenario&scenario=noitru-bhyt&seed=1&layout=3176&facility=52001&rule=XML1.SO_CCCD.FORMAT' },
  },
  { name: '/doc viewer', path: '/doc', init: { headers: { accept: 'text/html' } } },
];

// Wall time suffers when the machine is shared; CPU time of this process (user + system) per request is
// printed beside it as the figure that does not depend on other tenants.
console.log(`${'page'.padEnd(36)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)} ${'cpu med'.padStart(8)}  bytes   (ms)`);
for (const p of pages) {
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const headers = { ...(p.init?.headers as Record<string, string> | undefined), ...(p.cookie ? { cookie: p.cookie } : {}) };
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = await request(p.path, { ...p.init, headers, ...(p.body ? { body: p.body() } : {}) });
    const body = await res.arrayBuffer();
    times.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
    if (res.status !== 200) throw new Error(`${p.name}: HTTP ${res.status}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(`${p.name.padEnd(36)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)} ${times[times.length - 1].toFixed(1).padStart(8)} ${cpu[Math.floor(cpu.length / 2)].toFixed(1).padStart(8)}  ${bytes}`);
}
restarted.scheduler.stop();
store.close();
rmSync(dataDir, { recursive: true, force: true });
