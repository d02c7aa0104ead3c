/**
 * Opening the store safely at start-up: a friendly refusal instead of a stack trace when the data folder is
 * read-only or missing, the file is not a database or damaged (`PRAGMA quick_check`), or the schema is newer
 * than this simulator. Self-contained: it wraps Store.open and reads nothing else of the store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Store } from './store.ts';

export type StoreOpenProblem = 'STORE_READONLY' | 'STORE_NOT_A_FOLDER' | 'STORE_CORRUPT' | 'STORE_NEWER_SCHEMA' | 'STORE_DISK_FULL' | 'STORE_OPEN_FAILED';

/** A start-up refusal: `message` is for a person (what is wrong, what to do); `code` is stable. */
export class StoreOpenError extends Error {
  constructor(
    readonly code: StoreOpenProblem,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** At most this many quick_check problems are named in the refusal. */
const MAX_PROBLEMS = 5;

/**
 * Opens `<dataDir>/sskdt-lab.sqlite` like Store.open and, with `quickCheck` (default on), runs
 * `PRAGMA quick_check`; any failure becomes a StoreOpenError naming the folder or file and what to do.
 */
export function openStoreSafely(dataDir: string, opts: { quickCheck?: boolean } = {}): Store {
  const file = path.resolve(dataDir, 'sskdt-lab.sqlite');
  let store: Store;
  try {
    store = Store.open(dataDir);
  } catch (err) {
    throw explainOpenError(err, path.resolve(dataDir), file);
  }
  if (opts.quickCheck !== false) {
    let problems: string[];
    try {
      problems = quickCheck(store);
    } catch (err) {
      store.close();
      throw explainOpenError(err, path.resolve(dataDir), file);
    }
    if (problems.length) {
      store.close();
      throw corrupt(file, problems);
    }
  }
  return store;
}

/** `PRAGMA quick_check` (O(N), no index cross-check): [] when the file is sound, else SQLite's problem lines. */
export function quickCheck(store: Store): string[] {
  const rows = store.db.pragma(`quick_check(${MAX_PROBLEMS})`) as { quick_check: string }[];
  const lines = rows.map((r) => r.quick_check);
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

function corrupt(file: string, problems: string[]): StoreOpenError {
  return new StoreOpenError(
    'STORE_CORRUPT',
    `The store ${file} is damaged (PRAGMA quick_check found ${problems.length >= MAX_PROBLEMS ? `${MAX_PROBLEMS} or more problems` : `${problems.length} problem(s)`}). ` +
      `The simulator will not serve from it: stored files could be wrong. Stop every process using it, keep a copy, then restore ` +
      `a backup, or move the file (and its -wal/-shm files) aside to start with an empty store (sqlite3 "${path.basename(file)}" ".recover" can save what is readable).`,
    problems,
  );
}

/** Maps an error from opening/migrating the store to a StoreOpenError (unknown errors are kept as their message). */
export function explainOpenError(err: unknown, dir: string, file: string): StoreOpenError {
  if (err instanceof StoreOpenError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  const msg = e.message ?? String(err);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || (code === 'SQLITE_CANTOPEN' && !writable(dir)))
    return new StoreOpenError('STORE_READONLY', `The data folder ${dir} is not writable (${code || msg}): the store needs to write ${path.basename(file)} and its journal there. Give this user write access to the folder, or point DATA_DIR (--data-dir) at a writable folder.`);
  if (code === 'ENOTDIR' || code === 'EEXIST' || (code === 'SQLITE_CANTOPEN' && isFile(dir)))
    return new StoreOpenError('STORE_NOT_A_FOLDER', `DATA_DIR ${dir} is not a folder (${code}): point DATA_DIR (--data-dir) at a folder; the store file is created inside it.`);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT'))
    return corrupt(file, [`${code}: ${msg}`]);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return new StoreOpenError('STORE_DISK_FULL', `The disk holding ${dir} is full (${code}): free space, then start again (nothing acknowledged is lost).`);
  if (/newer than this simulator/.test(msg)) return new StoreOpenError('STORE_NEWER_SCHEMA', `${msg}: this store was written by a newer sskdt-lab; update sskdt-lab or point DATA_DIR at another folder.`);
  return new StoreOpenError('STORE_OPEN_FAILED', `Cannot open the store ${file}: ${code ? `${code}: ` : ''}${msg}`);
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The text printed for a start-up failure: the message and the named problems, no stack trace. */
export function startupErrorText(err: unknown): string {
  if (err instanceof StoreOpenError) return [`sskdt-lab: ${err.message}`, ...err.details.map((d) => `  - ${d}`)].join('\n');
  const e = err as { code?: string; message?: string; port?: number };
  if (e.code === 'EADDRINUSE') return `sskdt-lab: the port is already in use (${e.message}); stop the other server or set PORT to a free port.`;
  if (e.code === 'EACCES' && /listen/.test(e.message ?? '')) return `sskdt-lab: not allowed to listen there (${e.message}); use a PORT above 1024.`;
  if ((err as Error)?.name === 'ConfigError') return `sskdt-lab: bad setting: ${e.message}`;
  return `sskdt-lab: could not start: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
}
