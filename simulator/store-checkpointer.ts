/**
 * The store's checkpointer thread (see Store.useWriterThread): copies committed WAL frames into the
 * database file with PASSIVE checkpoints, which never block the writer or the readers.
 */
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database((workerData as { file: string }).file);
db.pragma('busy_timeout = 0');
const INTERVAL_MS = 250;

function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY or a concurrent checkpoint: try again at the next tick.
  }
  setTimeout(checkpoint, INTERVAL_MS);
}
setTimeout(checkpoint, INTERVAL_MS);
