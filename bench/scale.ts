/**
 * Scale bench: the same load against one SQLite instance, one PostgreSQL instance and two PostgreSQL
 * instances on one database (the load generator spreads requests round-robin over the instances), each
 * started as a child process (the real entry point). Prints submits/s, p50/p99 latency of the
 * acknowledgement, and checks/s (field checks stored per second from the start of the load until the
 * backlog drained, at most --drain seconds).
 *
 *   npm run bench:scale [-- --connections 20 --duration 8 --size 20000 --drain 60]
 *
 * PostgreSQL: SSKDT_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres, may create
 * databases); each configuration gets a fresh database, dropped afterwards. Loopback only; every loop is
 * bounded in time. On two cores expect no linear gain: the figures show that it works and what
 * PostgreSQL costs.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPortalProcess } from '../test/simulator/portal-process.ts';
import { freshPgDatabase, pgUnavailable } from '../test/simulator/store-engines.ts';
import { xml1Envelope } from './packages.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '20' },
    duration: { type: 'string', default: '8' },
    size: { type: 'string', default: '20000' },
    drain: { type: 'string', default: '60' },
  },
});
const connections = Number(values.connections);
const durationMs = Math.min(Number(values.duration), 30) * 1000;
const drainMs = Math.min(Number(values.drain), 120) * 1000;
const MD5 = createHash('md5').update('sskdt-demo').digest('hex').toUpperCase();

const children: ChildProcess[] = [];
async function start(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  return startPortalProcess({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-scale-')), ...env }, children);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function run(label: string, urls: string[]): Promise<void> {
  const tok = (await (await fetch(`${urls[0]}/api/token/take`, { method: 'POST', body: new URLSearchParams({ username: '52001_BV', password: MD5 }) })).json()) as { APIKey: { access_token: string; id_token: string } };
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accessToken: tok.APIKey.access_token, tokenId: tok.APIKey.id_token, passwordHash: MD5 };
  const body = new URLSearchParams({ username: '52001_BV', loaiHoSo: '130', maTinh: '52', maCSKCB: '52001', fileHSBase64: Buffer.from(xml1Envelope(Number(values.size), 'SCALE')).toString('base64') }).toString();
  const stats = async () => (await (await fetch(`${urls[0]}/api/sim/stats`, { headers })).json()) as { total: number; pending: number; done: number };
  // warm-up (not measured)
  for (const u of urls) await Promise.all(Array.from({ length: 5 }, () => fetch(`${u}/api/qd130/guiHoSoXmlQD4750`, { method: 'POST', headers, body }).then((r) => r.text())));
  const before = await stats();
  const latencies: number[] = [];
  let acked = 0;
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const u = urls[next++ % urls.length];
        const s = performance.now();
        try {
          const r = (await (await fetch(`${u}/api/qd130/guiHoSoXmlQD4750`, { method: 'POST', headers, body })).json()) as { maKetQua: string };
          if (r.maKetQua === '200') {
            acked++;
            latencies.push(performance.now() - s);
          } else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  const loadS = (performance.now() - t0) / 1000;
  let after = await stats();
  while (after.pending > 0 && performance.now() - t0 < durationMs + drainMs) {
    await new Promise((r) => setTimeout(r, 250));
    after = await stats();
  }
  const checkedS = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const checks = after.done - before.done;
  console.log(
    `${label.padEnd(26)} ${(acked / loadS).toFixed(0).padStart(5)} submits/s  p50 ${pct(latencies, 50).toFixed(0).padStart(4)} ms  p99 ${pct(latencies, 99).toFixed(0).padStart(5)} ms  ` +
      `${(checks / checkedS).toFixed(0).padStart(4)} checks/s (${checks} checked in ${checkedS.toFixed(1)} s${after.pending ? `, ${after.pending} still pending` : ''})${failed ? `  ${failed} not acknowledged` : ''}`,
  );
}

console.log(`node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${connections} connections, ${durationMs / 1000} s, ~${values.size} B envelopes`);
try {
  const sqlite = await start({});
  await run('SQLite, 1 instance', [sqlite.url]);
  await stop(sqlite.child);
  const unavailable = await pgUnavailable();
  if (unavailable) {
    console.log(`PostgreSQL configurations not run: ${unavailable}`);
  } else {
    for (const n of [1, 2]) {
      const db = await freshPgDatabase('sskdt_scale');
      try {
        const instances = [];
        for (let i = 0; i < n; i++) instances.push(await start({ DATABASE_URL: db.url }));
        await run(`PostgreSQL, ${n} instance${n > 1 ? 's' : ''}`, instances.map((x) => x.url));
        for (const x of instances) await stop(x.child);
      } finally {
        await db.drop();
      }
    }
  }
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
