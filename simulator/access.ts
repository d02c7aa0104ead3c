/**
 * Who is asking, and may they read this? One place for both, so every read of a submission, a health book
 * or a run (API routes and pages alike) is decided the same way.
 *
 * - `Principal`: the signed-in account as the rest of the simulator sees it — a facility (its own records),
 *   a reviewer of a province (Sở Y tế: every facility of that province) or a trainer (runs the lab, reads
 *   no personal data).
 * - `canRead(principal, record)`: the one access check. Callers answer 404 when it says no, exactly as for
 *   a record that does not exist, so another facility's maGiaoDich or a person's ID number reveals nothing
 *   (Nghị định 13/2023: personal health data only to its facility or the province's reviewer).
 * - `createTokenAuth`: turns the portal's token headers (the same `accessToken`, `tokenId`, `passwordHash` a
 *   HIS sends with a submission) into a Principal.
 * - `SignInBackoff`: failed sign-ins slow down per username and per caller address; token/take uses it and
 *   so does the web sign-in (one instance per portal, `Portal.signInBackoff`).
 * - `RateLimiter`: a per-account budget for lookups by personal ID or card number.
 * Both count in memory on SQLite (one process) and in the `rate_counters` table on PostgreSQL, where several
 * instances share one store: each change there is one UPSERT, so two instances see one count.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { SimConfig } from './config.ts';
import type { Account, PortalStore, SqlClient } from './store.ts';

export type Principal =
  | { role: 'facility'; maCSKCB: string; username: string }
  | { role: 'reviewer'; maTinh: string; username: string }
  | { role: 'trainer'; username: string };

/** What the access check needs to know about a stored record: whose facility it belongs to. */
export interface OwnedRecord {
  maCSKCB: string;
  /** the facility's province; defaults to the first two characters of maCSKCB (the code's province part) */
  maTinh?: string;
}

export function principalOf(account: Account): Principal {
  if (account.role === 'reviewer') return { role: 'reviewer', maTinh: account.maTinh ?? '', username: account.username };
  if (account.role === 'trainer') return { role: 'trainer', username: account.username };
  return { role: 'facility', maCSKCB: account.maCSKCB, username: account.username };
}

export function provinceOf(record: OwnedRecord): string {
  return record.maTinh ?? record.maCSKCB.slice(0, 2);
}

/**
 * The access check for every read of stored data. A facility reads its own records, a reviewer the records
 * of its province's facilities; a trainer and an anonymous caller read none.
 */
export function canRead(principal: Principal | undefined, record: OwnedRecord): boolean {
  if (!principal || !record.maCSKCB) return false;
  if (principal.role === 'facility') return principal.maCSKCB === record.maCSKCB;
  if (principal.role === 'reviewer') return principal.maTinh !== '' && principal.maTinh === provinceOf(record);
  return false;
}

/** What a principal may see in counts (no personal data): a facility, a province or everything. */
export type Scope = { maCSKCB: string } | { maTinh: string } | 'all';
export function scopeOf(principal: Principal): Scope {
  if (principal.role === 'facility') return { maCSKCB: principal.maCSKCB };
  if (principal.role === 'reviewer') return { maTinh: principal.maTinh };
  return 'all';
}

// ---- token verification ---------------------------------------------------------------------------------

export type AuthResult = { ok: true; account: Account; principal: Principal } | { ok: false; reason: string };

export interface TokenAuthDeps {
  store: PortalStore;
  config: SimConfig;
  clock: () => number;
  clientIp: (c: Context) => string;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createTokenAuth(deps: TokenAuthDeps) {
  const { store, config, clock, clientIp } = deps;
  const passwordMatches = (given: string, account: Account) => (config.md5StrictCase ? given === account.passwordMd5 : given.toUpperCase() === account.passwordMd5);

  /** Token check shared by every authenticated route: token exists, not expired, IP, password hash, account state. */
  const verify = async (c: Context, accessToken?: string, tokenId?: string, passwordHash?: string, username?: string): Promise<AuthResult> => {
    if (!accessToken || !tokenId) return { ok: false, reason: 'thiếu accessToken/tokenId' };
    const t = await store.getToken(tokenId);
    if (!t || !safeEqual(t.accessToken, accessToken)) return { ok: false, reason: 'token không hợp lệ' };
    if (clock() >= t.expiresAt) return { ok: false, reason: 'token đã hết hạn' };
    if (config.tokenIpBinding && t.ip !== clientIp(c)) return { ok: false, reason: 'token được cấp cho địa chỉ IP khác' };
    const account = await store.getAccount(t.username);
    if (!account) return { ok: false, reason: 'tài khoản không tồn tại' };
    if (account.locked) return { ok: false, reason: 'tài khoản đã bị khóa' };
    if (!passwordHash || !passwordMatches(passwordHash, account)) return { ok: false, reason: 'passwordHash không đúng' };
    if (username !== undefined && username.toLowerCase() !== account.username.toLowerCase()) return { ok: false, reason: 'username không khớp với token' };
    return { ok: true, account, principal: principalOf(account) };
  };

  /** The caller of a simulator-only read: the token headers of a submission (`accessToken`, `tokenId`, `passwordHash`). */
  const fromHeaders = (c: Context): Promise<AuthResult> => verify(c, c.req.header('accessToken'), c.req.header('tokenId'), c.req.header('passwordHash'));

  return { verify, fromHeaders, passwordMatches };
}
export type TokenAuth = ReturnType<typeof createTokenAuth>;

// ---- shared counters ------------------------------------------------------------------------------------

/** Where counters live when they are shared: the store's SQL (PostgreSQL) and the counter's scope (a row prefix). */
export interface SharedCounters {
  sql: SqlClient;
  scope: string;
}

/** The shared counters of a store: PostgreSQL only (SQLite serves one process, whose memory is the count). */
export function sharedCountersOf(store: Pick<PortalStore, 'engine' | 'sql'> | undefined, scope: string): SharedCounters | undefined {
  return store && store.engine === 'postgres' ? { sql: store.sql, scope } : undefined;
}

/** Stale rows are deleted now and then (every this many writes of one process), not on every request. */
const PRUNE_EVERY = 500;

// ---- sign-in back-off -----------------------------------------------------------------------------------

export interface BackoffOptions {
  /** failures of one username before it is held back */
  failuresPerUsername: number;
  /** failures from one address before it is held back (higher: one NAT may carry several HIS) */
  failuresPerAddress: number;
  /** first hold-back; doubles with each further failure */
  baseMs: number;
  maxMs: number;
  /** keys remembered at most (oldest forgotten first), so a flood of made-up usernames cannot grow memory */
  maxKeys?: number;
}

interface FailureRecord {
  failures: number;
  until: number;
  last: number;
}

/**
 * Back-off after failed sign-ins, counted separately per username and per caller address: after N failures
 * the key is held back for baseMs, doubling with each further failure up to maxMs. While held back a sign-in
 * is answered like a wrong password (plus Retry-After) without looking at the password, so guessing gains
 * nothing; a success clears the username's count (not the address's: one valid account must not reset the
 * counter of a guesser sharing its address).
 *
 * With `shared` (PostgreSQL) the records are rows of `rate_counters`: a failure is one
 * INSERT … ON CONFLICT DO UPDATE per key, so failures recorded by any instance hold back sign-in on all.
 */
export class SignInBackoff {
  private readonly records = new Map<string, FailureRecord>();
  private readonly maxKeys: number;
  private writes = 0;
  constructor(
    private readonly opts: BackoffOptions,
    private readonly shared?: SharedCounters,
  ) {
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  static fromConfig(
    config: Pick<SimConfig, 'signInFailuresPerUsername' | 'signInFailuresPerAddress' | 'signInBackoffSeconds' | 'signInBackoffMaxSeconds'>,
    store?: Pick<PortalStore, 'engine' | 'sql'>,
  ): SignInBackoff {
    return new SignInBackoff(
      {
        failuresPerUsername: config.signInFailuresPerUsername,
        failuresPerAddress: config.signInFailuresPerAddress,
        baseMs: config.signInBackoffSeconds * 1000,
        maxMs: config.signInBackoffMaxSeconds * 1000,
      },
      sharedCountersOf(store, 'signin'),
    );
  }

  private keys(username: string, address: string): [string, number][] {
    return [
      [`u:${username.toLowerCase()}`, this.opts.failuresPerUsername],
      [`a:${address}`, this.opts.failuresPerAddress],
    ];
  }

  private holdBack(failures: number, threshold: number): number {
    return Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** Math.min(30, failures - threshold));
  }

  /** Milliseconds until a sign-in for this username from this address is looked at again; 0 = go ahead. */
  async heldBackFor(username: string, address: string, now: number): Promise<number> {
    const keys = this.keys(username, address).map(([k]) => k);
    if (this.shared) {
      const row = await this.shared.sql.get<{ until: number | string | null }>(
        'SELECT MAX(until_ms) AS until FROM rate_counters WHERE scope = ? AND key IN (?, ?) AND until_ms > ?',
        [this.shared.scope, keys[0], keys[1], now],
      );
      return row?.until == null ? 0 : Math.max(0, Number(row.until) - now);
    }
    let wait = 0;
    for (const key of keys) {
      const r = this.records.get(key);
      if (r && r.until > now) wait = Math.max(wait, r.until - now);
    }
    return wait;
  }

  async recordFailure(username: string, address: string, now: number): Promise<void> {
    if (this.shared) return this.recordSharedFailure(username, address, now);
    for (const [key, threshold] of this.keys(username, address)) {
      let r = this.records.get(key);
      // A count with no failure for a whole maximum hold-back is forgotten.
      if (r && now - r.last > this.opts.maxMs && r.until <= now) r = undefined;
      r ??= { failures: 0, until: 0, last: now };
      r.failures++;
      r.last = now;
      if (threshold > 0 && r.failures >= threshold) r.until = now + this.holdBack(r.failures, threshold);
      this.records.delete(key); // re-insert: Map order = least recently failed first
      this.records.set(key, r);
    }
    while (this.records.size > this.maxKeys) this.records.delete(this.records.keys().next().value as string);
  }

  /** The same rule as in memory, as one atomic UPSERT per key (the count and the hold-back in one statement). */
  private async recordSharedFailure(username: string, address: string, now: number): Promise<void> {
    const { sql, scope } = this.shared!;
    const { baseMs, maxMs } = this.opts;
    for (const [key, threshold] of this.keys(username, address)) {
      const firstUntil = threshold > 0 && 1 >= threshold ? now + this.holdBack(1, threshold) : 0;
      // $3 now, $4 threshold, $5 baseMs, $6 maxMs; a count idle for a whole maximum hold-back starts again
      const failures = `(CASE WHEN $3::bigint - rate_counters.at_ms > $6::bigint AND rate_counters.until_ms <= $3::bigint THEN 1 ELSE rate_counters.n + 1 END)`;
      await sql.run(
        `INSERT INTO rate_counters (scope, key, n, at_ms, until_ms) VALUES ($1, $2, 1, $3::bigint, $7::bigint)
         ON CONFLICT (scope, key) DO UPDATE SET
           n = ${failures},
           at_ms = GREATEST(rate_counters.at_ms, $3::bigint),
           until_ms = CASE WHEN $4::int > 0 AND ${failures} >= $4::int
             THEN $3::bigint + LEAST($6::double precision, $5::double precision * power(2, LEAST(30, ${failures} - $4::int)))::bigint
             ELSE rate_counters.until_ms END`,
        [scope, key, now, threshold, baseMs, maxMs, firstUntil],
      );
    }
    if (++this.writes % PRUNE_EVERY === 0) {
      await sql.run('DELETE FROM rate_counters WHERE scope = ? AND at_ms < ? AND until_ms <= ?', [scope, now - maxMs, now]);
    }
  }

  async recordSuccess(username: string): Promise<void> {
    const key = `u:${username.toLowerCase()}`;
    if (this.shared) {
      await this.shared.sql.run('DELETE FROM rate_counters WHERE scope = ? AND key = ?', [this.shared.scope, key]);
      return;
    }
    this.records.delete(key);
  }
}

// ---- per-account rate limit -----------------------------------------------------------------------------

/**
 * A token bucket per key: `perMinute` requests a minute, bursts up to the same number. With `shared`
 * (PostgreSQL) the bucket is a row of `rate_counters`, refilled and taken from in one UPSERT, so a budget
 * spent on one instance is spent on all.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private writes = 0;
  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = 100_000,
    private readonly shared?: SharedCounters,
  ) {}

  /** A limiter counting in the store's `rate_counters` on PostgreSQL (scope: which budget), in memory otherwise. */
  static forStore(perMinute: number, store: Pick<PortalStore, 'engine' | 'sql'> | undefined, scope: string): RateLimiter {
    return new RateLimiter(perMinute, undefined, sharedCountersOf(store, scope));
  }

  /** Takes one request from the key's budget; returns 0 when allowed, else the milliseconds until one is. */
  async take(key: string, now: number): Promise<number> {
    if (this.perMinute <= 0) return 0;
    const rate = this.perMinute / 60_000;
    if (this.shared) return this.takeShared(key, now, rate);
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / rate);
  }

  /**
   * Refill and take in one statement: `n` = tokens after this request, `until_ms` = when this request may be
   * retried (now when it was allowed). $3 now, $4 perMinute, $5 rate (tokens per ms).
   */
  private async takeShared(key: string, now: number, rate: number): Promise<number> {
    const { sql, scope } = this.shared!;
    const refilled = `LEAST($4::double precision, rate_counters.n + GREATEST(0, $3::bigint - rate_counters.at_ms) * $5::double precision)`;
    const row = await sql.get<{ until: number | string }>(
      `INSERT INTO rate_counters (scope, key, n, at_ms, until_ms) VALUES ($1, $2, $4::double precision - 1, $3::bigint, $3::bigint)
       ON CONFLICT (scope, key) DO UPDATE SET
         n = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
         at_ms = GREATEST(rate_counters.at_ms, $3::bigint),
         until_ms = CASE WHEN ${refilled} >= 1 THEN $3::bigint ELSE $3::bigint + CEIL((1 - ${refilled}) / $5::double precision)::bigint END
       RETURNING until_ms AS until`,
      [scope, key, now, this.perMinute, rate],
    );
    if (++this.writes % PRUNE_EVERY === 0) {
      // a bucket idle for a minute is full again: the same as no row
      await sql.run('DELETE FROM rate_counters WHERE scope = ? AND at_ms < ?', [scope, now - 60_000]);
    }
    return Math.max(0, Number(row!.until) - now);
  }
}
