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
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { SimConfig } from './config.ts';
import type { Account, PortalStore } from './store.ts';

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
 */
export class SignInBackoff {
  private readonly records = new Map<string, FailureRecord>();
  private readonly maxKeys: number;
  constructor(private readonly opts: BackoffOptions) {
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  static fromConfig(config: Pick<SimConfig, 'signInFailuresPerUsername' | 'signInFailuresPerAddress' | 'signInBackoffSeconds' | 'signInBackoffMaxSeconds'>): SignInBackoff {
    return new SignInBackoff({
      failuresPerUsername: config.signInFailuresPerUsername,
      failuresPerAddress: config.signInFailuresPerAddress,
      baseMs: config.signInBackoffSeconds * 1000,
      maxMs: config.signInBackoffMaxSeconds * 1000,
    });
  }

  private keys(username: string, address: string): [string, number][] {
    return [
      [`u:${username.toLowerCase()}`, this.opts.failuresPerUsername],
      [`a:${address}`, this.opts.failuresPerAddress],
    ];
  }

  /** Milliseconds until a sign-in for this username from this address is looked at again; 0 = go ahead. */
  heldBackFor(username: string, address: string, now: number): number {
    let wait = 0;
    for (const [key] of this.keys(username, address)) {
      const r = this.records.get(key);
      if (r && r.until > now) wait = Math.max(wait, r.until - now);
    }
    return wait;
  }

  recordFailure(username: string, address: string, now: number): void {
    for (const [key, threshold] of this.keys(username, address)) {
      let r = this.records.get(key);
      // A count with no failure for a whole maximum hold-back is forgotten.
      if (r && now - r.last > this.opts.maxMs && r.until <= now) r = undefined;
      r ??= { failures: 0, until: 0, last: now };
      r.failures++;
      r.last = now;
      if (threshold > 0 && r.failures >= threshold) r.until = now + Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** Math.min(30, r.failures - threshold));
      this.records.delete(key); // re-insert: Map order = least recently failed first
      this.records.set(key, r);
    }
    while (this.records.size > this.maxKeys) this.records.delete(this.records.keys().next().value as string);
  }

  recordSuccess(username: string): void {
    this.records.delete(`u:${username.toLowerCase()}`);
  }
}

// ---- per-account rate limit -----------------------------------------------------------------------------

/** A token bucket per key: `perMinute` requests a minute, bursts up to the same number. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one request from the key's budget; returns 0 when allowed, else the milliseconds until one is. */
  take(key: string, now: number): number {
    if (this.perMinute <= 0) return 0;
    const rate = this.perMinute / 60_000;
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
}
