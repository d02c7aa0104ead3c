/**
 * Opens the store the settings name: the embedded SQLite file `<dataDir>/sskdt-lab.sqlite` (the default),
 * or a PostgreSQL database when DATABASE_URL is a postgres:// URL (several portal instances share it).
 */
import type { PortalStore } from './store.ts';
import { openStoreSafely } from './store-safety.ts';

export interface StoreSettings {
  /** DATA_DIR: folder of the SQLite file (and of the lab key) */
  dataDir: string;
  /** DATABASE_URL: postgres://user@host:port/db; unset = SQLite in dataDir */
  databaseUrl?: string;
  /** SQLite: run PRAGMA quick_check when opening (SSKDT_QUICK_CHECK) */
  quickCheck?: boolean;
  /** SSKDT_PG_POOL: connections per instance (default 10) */
  poolSize?: number;
}

export async function openStore(settings: StoreSettings): Promise<PortalStore> {
  if (settings.databaseUrl) {
    const { PgStore } = await import('./store-pg.ts');
    return PgStore.open(settings.databaseUrl, { max: settings.poolSize ?? (Number(process.env.SSKDT_PG_POOL) || undefined) });
  }
  // a read-only folder, a file that is not a database or a damaged one: a StoreOpenError saying what to do
  return openStoreSafely(settings.dataDir, { quickCheck: settings.quickCheck });
}

/** A database URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
