/**
 * `npm start`: serves the portal simulator on PORT (default 8130, 127.0.0.1) with its SQLite store in
 * DATA_DIR (default ./data), created, migrated and seeded with the Bình Định demo registry on first start.
 * Prints `LISTENING <url>` once it accepts connections (the restart test and bench read it).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadConfig, type SimConfig } from './config.ts';
import { createPortal } from './app.ts';
import { InlineChecker, type Checker } from './checker.ts';
import { demoAccounts, DEFAULT_SEED_FILE, readSeed, seedIfEmpty } from './seed.ts';
import { Store, type PortalStore } from './store.ts';
import { openStore } from './store-open.ts';
import path from 'node:path';
import { explainOpenError, startupErrorText } from './store-safety.ts';
import { WorkerPool } from './workers.ts';
import { createLogger, PortalMetrics, type Logger } from './observability.ts';

export interface RunningPortal {
  url: string;
  port: number;
  store: PortalStore;
  close(): Promise<void>;
}

export async function startPortal(config: SimConfig = loadConfig(), log: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<RunningPortal> {
  // SQLite: a read-only folder, a file that is not a database or a damaged one: a StoreOpenError saying what to do.
  const store = await openStore({ ...config, quickCheck: config.quickCheck });
  const seedFile = config.seedFile ?? DEFAULT_SEED_FILE;
  let seeded: boolean;
  try {
    seeded = await seedIfEmpty(store, seedFile);
    if (config.writerThread && store instanceof Store) await store.useWriterThread();
  } catch (err) {
    await store.close();
    throw store instanceof Store ? explainOpenError(err, path.resolve(config.dataDir), store.file) : err;
  }
  const pool = config.workers > 0 ? new WorkerPool(config.workers, { gateTimeLimitMs: config.gateTimeLimitMs, checkTimeLimitMs: config.checkTimeLimitMs }) : undefined;
  await pool?.warmUp();
  const checker: Checker = pool ?? new InlineChecker();
  const logger: Logger = createLogger(config.logLevel);
  let backlog = () => 0;
  const metrics = new PortalMetrics({ processMetrics: true, queueDepth: () => backlog(), checksPending: () => store.countSubmissions().then((c) => c.pending) });
  const portal = createPortal({ store, config, checker, logger, metrics });
  backlog = () => portal.scheduler.backlog;
  const resumed = await portal.scheduler.resumePending();

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: portal.app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;

  log(`sskdt-lab portal simulator (NOT the real BHXH portal) — store ${store.location} (schema v${await store.schemaVersion()}${seeded ? ', seeded with demo data' : ''})`);
  log(`writes: ${store.engine === 'postgres' ? 'PostgreSQL (acknowledged after COMMIT; instances share the database)' : `${config.writerThread ? 'writer thread' : 'event loop'} (WAL, synchronous=FULL, group commit)`}; checks: ${config.workers > 0 ? `${config.workers} worker thread(s)` : 'inline'}, results ${config.results}, signature ${config.signatureMode}${resumed ? `, ${resumed} pending check(s) resumed` : ''}`);
  if (seeded || (await store.getAccount('52001_BV'))) {
    for (const a of demoAccounts(readSeed(seedFile)))
      log(`  demo account ${a.username} / ${a.password}${a.locked ? ' (locked → 403)' : ''} — ${a.role === 'facility' ? a.maCSKCB : a.role === 'reviewer' ? `reviewer of province ${a.maTinh}` : 'trainer'} ${a.ten}`);
  }
  log(`OpenAPI: ${url}/doc`);
  log(`LISTENING ${url}`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting; give requests in progress 5 s to finish, then drop what is left (nothing acknowledged is lost).
      const force = setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 5000);
      await new Promise<void>((r) => server.close(() => r()));
      clearTimeout(force);
      portal.scheduler.stop();
      await checker.close();
      await store.close();
      logger.flush();
    })());
  return { url, port, store, close };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  let running: RunningPortal;
  try {
    running = await startPortal();
  } catch (err) {
    // what is wrong and what to do, not a stack trace
    process.stderr.write(startupErrorText(err) + '\n');
    process.exit(1);
  }
  let signals = 0;
  const stop = (sig: string) => {
    if (++signals > 1) process.exit(1);
    process.stdout.write(`${sig}: stopping (committing queued writes)…\n`);
    running.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
