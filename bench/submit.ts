/**
 * Load test of durable submissions: 50 concurrent clients post a ~50 KB GIAMDINHHS envelope (form-encoded,
 * as qlbv/Guzzle does) to guiHoSoXmlQD4750 for 10 s, then checks that the store holds exactly the
 * acknowledged submissions.
 *
 *   npm run bench:submit                       # starts the portal in a child process (temp DATA_DIR)
 *   npm run bench:submit -- --url http://127.0.0.1:8130 [--connections 50] [--duration 10] [--size 50000] [--rate 300]
 *
 * Closed loop (default), 50 connections: latency ≈ 50 / throughput (Little's law), so p99 < 100 ms needs
 * > 500 req/s. `--rate 300` offers a fixed 300 req/s instead and shows the latency at that load.
 *
 * Env for the started portal passes through (e.g. SSKDT_WORKERS=1, SSKDT_RESULTS=sync). Loopback only.
 *
 * After the load: the check backlog when intake stopped and how fast it drains (watched for --drain-seconds),
 * against the engine's rate on the same package in one thread; and what one stored result weighs (as the
 * JSON the API answers, and as the store keeps it: head + compact blob) against the package.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { startPortalProcess } from '../test/simulator/portal-process.ts';
import { xml1Envelope } from './packages.ts';
import { checkPackage } from '../conformance/check.ts';
import { storedResult } from '../simulator/stored-result.ts';

// autocannon ships no types; the part used here:
interface Histogram { average: number; p50: number; p90: number; p99: number; min: number; max: number }
interface AutocannonResult { requests: Histogram; latency: Histogram; '2xx': number; non2xx: number; errors: number; timeouts: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    size: { type: 'string', default: '50000' },
    /** offered load in requests/s over all connections (autocannon overallRate); default: as fast as answered */
    rate: { type: 'string' },
    /** after the load: how long to watch the check backlog drain (seconds) */
    'drain-seconds': { type: 'string', default: '20' },
    username: { type: 'string', default: '52001_BV' },
    password: { type: 'string', default: 'sskdt-demo' },
  },
});
const connections = Number(values.connections);
const duration = Math.min(Number(values.duration), 10);
const targetSize = Number(values.size);

function md5Upper(s: string): Promise<string> {
  return import('node:crypto').then((c) => c.createHash('md5').update(s).digest('hex').toUpperCase());
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? folderBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return total;
}

async function startPortal(): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-'));
  return { ...(await startPortalProcess({ DATA_DIR: dataDir }, [])), dataDir };
}

const started = values.url ? undefined : await startPortal();
const url = (values.url ?? started!.url).replace(/\/$/, '');
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(url)) throw new Error(`loopback only: ${url}`);

try {
  const passwordMd5 = await md5Upper(values.password!);
  const tokenRes = await fetch(`${url}/api/token/take`, { method: 'POST', body: new URLSearchParams({ username: values.username!, password: passwordMd5 }) });
  const token = (await tokenRes.json()) as { maKetQua: string; APIKey: { access_token: string; id_token: string } };
  if (token.maKetQua !== '200') throw new Error(`token: ${JSON.stringify(token)}`);
  const xml = xml1Envelope(targetSize, 'BENCH');
  const body = new URLSearchParams({ username: values.username!, loaiHoSo: '130', maTinh: '52', maCSKCB: '52001', fileHSBase64: Buffer.from(xml).toString('base64') }).toString();
  // Warm-up (not measured): JIT, connection setup, SQLite pages.
  const warmHeaders = { 'content-type': 'application/x-www-form-urlencoded', accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash: passwordMd5 };
  for (let i = 0; i < 4; i++) await Promise.all(Array.from({ length: 10 }, () => fetch(`${url}/api/qd130/guiHoSoXmlQD4750`, { method: 'POST', headers: warmHeaders, body }).then((r) => r.text())));
  // simulator-only reads need the same token headers as a submission
  const simHeaders = { accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash: passwordMd5 };
  const statsBefore = (await (await fetch(`${url}/api/sim/stats`, { headers: simHeaders })).json()) as { total: number; cpuMs: number; eventLoopActiveMs: number; eventLoopIdleMs: number };

  let acked = 0;
  let refused = 0;
  const ids = new Set<string>();
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 10,
    ...(values.rate ? { overallRate: Number(values.rate) } : {}),
    requests: [
      {
        method: 'POST',
        path: '/api/qd130/guiHoSoXmlQD4750',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash: passwordMd5 },
        body,
        onResponse: (status: number, resBody: string) => {
          if (status !== 200) return;
          try {
            const r = JSON.parse(resBody) as { maKetQua: string; maGiaoDich: string };
            if (r.maKetQua === '200') {
              acked++;
              ids.add(r.maGiaoDich);
            } else refused++;
          } catch {
            refused++;
          }
        },
      },
    ],
  });
  const statsAfter = (await (await fetch(`${url}/api/sim/stats`, { headers: simHeaders })).json()) as { total: number; pending: number; checkBacklog: number; cpuMs: number; eventLoopActiveMs: number; eventLoopIdleMs: number };
  const cpuPerSubmit = (statsAfter.cpuMs - statsBefore.cpuMs) / Math.max(1, statsAfter.total - statsBefore.total);
  const loopActive = statsAfter.eventLoopActiveMs - statsBefore.eventLoopActiveMs;
  const loopShare = loopActive / Math.max(1, loopActive + statsAfter.eventLoopIdleMs - statsBefore.eventLoopIdleMs);
  const loopPerSubmit = loopActive / Math.max(1, statsAfter.total - statsBefore.total);
  const stored = statsAfter.total - statsBefore.total;
  // Every acknowledged id must be in the store. Requests still in flight when the run stopped are stored
  // but their answers were dropped by the load generator, so stored may exceed acknowledged by at most
  // one per connection.
  const all = [...ids];
  let found = 0;
  for (let i = 0; i < all.length; i += 16) {
    const res = await Promise.all(all.slice(i, i + 16).map((id) => fetch(`${url}/api/sim/ketqua/${id}`, { headers: simHeaders }).then((r) => (r.body?.cancel(), r.status))));
    found += res.filter((st) => st === 200).length;
  }
  const ok = found === acked && ids.size === acked && stored >= acked && stored - acked <= connections;
  const lines = [
    `bench:submit — ${connections} connections${values.rate ? `, offered ${values.rate} req/s` : ', closed loop'}, ${duration} s, envelope ${xml.length} B (form body ${body.length} B), ${os.availableParallelism()} cores, Node ${process.version}`,
    `requests/s  avg ${result.requests.average.toFixed(1)}  (p50 ${result.requests.p50}, min ${result.requests.min})`,
    `latency ms  p50 ${result.latency.p50}  p90 ${result.latency.p90}  p99 ${result.latency.p99}  max ${result.latency.max}`,
    `responses   2xx ${result['2xx']}  non-2xx ${result.non2xx}  errors ${result.errors}  timeouts ${result.timeouts}`,
    `durable     acknowledged ${acked} (unique ids ${ids.size}), refused ${refused}; found in store ${found}/${acked}; stored ${stored} (in flight at stop: ${stored - acked}) → ${ok ? 'OK' : 'MISMATCH'}`,
    `cpu         ${cpuPerSubmit.toFixed(2)} ms of portal CPU (all threads) per stored submission → at most ~${Math.round((os.availableParallelism() * 1000) / cpuPerSubmit)}/s on ${os.availableParallelism()} idle cores`,
    `event loop  busy ${(loopShare * 100).toFixed(0)} % of the run, ${loopPerSubmit.toFixed(2)} ms per stored submission (main thread; gates, commits and checks run in other threads)`,
    `load        ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min load average of the machine after the run)`,
    `checks      pending after the run ${statsAfter.pending} (backlog ${statsAfter.checkBacklog}; field checks run in worker threads after the answer)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');

  // The checks after the answers: how many wait, and how fast the portal works them off once intake stops.
  const drainFor = Number(values['drain-seconds']);
  const backlogAtStop = statsAfter.pending;
  const drainStart = performance.now();
  let pendingNow = backlogAtStop;
  while (pendingNow > 0 && performance.now() - drainStart < drainFor * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    pendingNow = ((await (await fetch(`${url}/api/sim/stats`, { headers: simHeaders })).json()) as { pending: number }).pending;
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const drainRate = (backlogAtStop - pendingNow) / Math.max(drainSeconds, 1e-9);
  // What one stored result weighs: as the portal answers it (the JSON Result) and in the compact form
  // (conformance/result-compact.ts), against the package itself.
  let resultJsonBytes = 0;
  for (const id of all.slice(0, 200)) {
    const k = (await (await fetch(`${url}/api/sim/ketqua/${id}`, { headers: simHeaders })).json()) as { check: { status: string; result?: unknown } };
    if (k.check.status === 'done' && k.check.result) {
      resultJsonBytes = Buffer.byteLength(JSON.stringify(k.check.result));
      break;
    }
  }
  const dataDirBytes = started ? folderBytes(started.dataDir) : undefined;
  if (started) {
    started.child.kill('SIGTERM');
    await new Promise((r) => started.child.once('exit', r));
  }
  // The engine alone on the same package, in this process, one thread, after the portal stopped (bench:check's measure).
  const pkgBytes = new TextEncoder().encode(xml);
  const engineOptions = { endpoint: 'guiHoSoXmlQD4750', findings: 'problems' as const, receivedAt: new Date().toISOString() };
  let engineResult = checkPackage(pkgBytes, engineOptions);
  for (let i = 0; i < 3; i++) engineResult = checkPackage(pkgBytes, engineOptions);
  let n = 0;
  const e0 = performance.now();
  while (performance.now() - e0 < 3000) {
    engineResult = checkPackage(pkgBytes, engineOptions);
    n++;
  }
  const engineRate = n / ((performance.now() - e0) / 1000);
  const storedForm = storedResult(engineResult);
  const compactBytes = Buffer.byteLength(storedForm.head) + storedForm.compact.byteLength;
  process.stdout.write(
    [
      `backlog     ${backlogAtStop} checks pending when intake stopped; ${pendingNow} after watching ${drainSeconds.toFixed(1)} s → drain ${drainRate.toFixed(1)} checks/s`,
      `engine      ${engineRate.toFixed(1)} packages/s checking the same package in one thread (bench:check's measure) → drain / engine ${(drainRate / engineRate).toFixed(2)} (target ≥ 0.5)`,
      `stored      package ${pkgBytes.byteLength} B; its result as JSON ${resultJsonBytes || '? (none checked yet)'} B (${(resultJsonBytes / pkgBytes.byteLength).toFixed(1)}× the package); stored (JSON head + compact blob, simulator/stored-result.ts) ${compactBytes} B (${(compactBytes / pkgBytes.byteLength).toFixed(2)}× the package, target ≤ 1)${dataDirBytes !== undefined ? `; data folder ${(dataDirBytes / 1e6).toFixed(0)} MB` : ''}`,
    ].join('\n') + '\n',
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  if (started) {
    if (started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGTERM');
      await new Promise((r) => started.child.once('exit', r));
    }
    fs.rmSync(started.dataDir, { recursive: true, force: true });
  }
}
