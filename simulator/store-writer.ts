/**
 * The store's writer thread (see Store.useWriterThread): owns all durable writes of the served portal on
 * its own SQLite connection, group-commits them, and answers each request after its COMMIT.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from './store.ts';

if (!parentPort) throw new Error('store-writer.ts must run in a worker thread');
const port = parentPort;
let store: Store;
try {
  store = new Store((workerData as { file: string }).file);
  // The checkpointer thread keeps the WAL short; 65536 pages (1 GiB) is only a safety net.
  store.db.pragma('wal_autocheckpoint = 65536');
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: (err as Error).message });
  throw err;
}

port.on('message', (m: { id: number; op: 'addSubmission' | 'addToken' | 'setCheckResult' | 'close'; args: unknown[] }) => {
  let p: Promise<unknown>;
  switch (m.op) {
    case 'addSubmission':
      p = store.addSubmission(m.args[0] as Parameters<Store['addSubmission']>[0]);
      break;
    case 'addToken':
      p = store.addToken(m.args[0] as Parameters<Store['addToken']>[0]);
      break;
    case 'setCheckResult':
      p = store.setCheckResult(m.args[0] as number, m.args[1], m.args[2] as Parameters<Store['setCheckResult']>[2], m.args[3] as string[] | undefined);
      break;
    case 'close':
      p = store.close();
      break;
  }
  p.then(
    (value) => port.postMessage({ id: m.id, ok: true, value }),
    (err: Error) => port.postMessage({ id: m.id, ok: false, error: err.message }),
  );
});
