/**
 * The store engines a contract test runs against: the embedded SQLite store, and PostgreSQL on a fresh
 * database created for the test file (and dropped after it). PostgreSQL is reached through
 * SSKDT_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres, an account that may create
 * databases). When it cannot be reached the PostgreSQL run is skipped with the reason printed — except
 * under CI, where it fails.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgStore } from '../../simulator/store-pg.ts';
import { Store, type PortalStore } from '../../simulator/store.ts';

export const PG_ADMIN_URL = process.env.SSKDT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** null when reachable, else why not. */
export async function pgUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return `PostgreSQL not reachable at ${PG_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')}: ${(e as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates a fresh database; returns its URL and a function that drops it. */
export async function freshPgDatabase(prefix = 'sskdt_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** a new, empty store (PostgreSQL: on this file's database, emptied first) */
  open(): Promise<PortalStore>;
  /** a second store on the same data as the last open() (another instance) */
  openAnother(): Promise<PortalStore>;
}

/** Empties every table of a PostgreSQL database (the schema stays). */
async function truncateAll(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'`);
    if (r.rows.length) await c.query(`TRUNCATE ${r.rows.map((x: { tablename: string }) => `"${x.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await c.end();
  }
}

export function sqliteEngine(tmpFile: () => string): Engine {
  let file = '';
  return {
    name: 'sqlite',
    open: async () => new Store((file = tmpFile())),
    openAnother: async () => new Store(file),
  };
}

export function postgresEngine(url: () => string): Engine {
  return {
    name: 'postgres',
    open: async () => {
      await truncateAll(url()).catch(() => {}); // first open: no tables yet
      return PgStore.open(url(), { max: 4 });
    },
    openAnother: async () => PgStore.open(url(), { max: 4 }),
  };
}
