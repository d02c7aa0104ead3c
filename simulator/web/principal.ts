/**
 * Who is signed in to the web workspace, and the one access check every page read goes through.
 *
 * Roles: `facility` (a portal account such as 52001_BV: its own facility only), `reviewer` (a Department of
 * Health officer: every facility of the province) and `trainer` (runs the playground; sees no facility's
 * data). Facility accounts are the portal's own (same store, same MD5 password check); the Department and
 * trainer demo accounts are listed here with the same demo password.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store.ts';

export type Role = 'facility' | 'reviewer' | 'trainer';

export type Principal =
  | { role: 'facility'; username: string; maCSKCB: string; maTinh: string; displayName: string }
  | { role: 'reviewer'; username: string; maTinh: string; displayName: string }
  | { role: 'trainer'; username: string; maTinh: string; displayName: string };

/** Department of Health and trainer demo accounts (synthetic; password `sskdt-demo`, as the facilities'). */
export const STAFF_ACCOUNTS: readonly { username: string; role: 'reviewer' | 'trainer'; maTinh: string; displayName: string; password: string }[] = [
  { username: 'SYT_52', role: 'reviewer', maTinh: '52', displayName: 'Sở Y tế Bình Định (dữ liệu demo)', password: 'sskdt-demo' },
  { username: 'TRAINER_52', role: 'trainer', maTinh: '52', displayName: 'Giảng viên tập huấn Bình Định (dữ liệu demo)', password: 'sskdt-demo' },
];

const md5Upper = (s: string) => createHash('md5').update(s).digest('hex').toUpperCase();

/** Resolves a username to its principal (no password check): used to re-read a session's account each request. */
export function principalOf(store: Store, username: string): Principal | undefined {
  const staff = STAFF_ACCOUNTS.find((a) => a.username.toLowerCase() === username.toLowerCase());
  if (staff) return { role: staff.role, username: staff.username, maTinh: staff.maTinh, displayName: staff.displayName };
  const account = store.getAccount(username);
  if (!account || account.locked) return undefined;
  const facility = store.getFacility(account.maCSKCB);
  return { role: 'facility', username: account.username, maCSKCB: account.maCSKCB, maTinh: facility?.maTinh ?? account.maCSKCB.slice(0, 2), displayName: facility?.ten ?? account.maCSKCB };
}

/** Checks a plain password (the web form sends it in plain text over the session's origin; the store keeps MD5). */
export function authenticate(store: Store, username: string, password: string): Principal | undefined {
  const staff = STAFF_ACCOUNTS.find((a) => a.username.toLowerCase() === username.toLowerCase());
  if (staff) return password === staff.password ? principalOf(store, staff.username) : undefined;
  const account = store.getAccount(username);
  if (!account || account.locked || md5Upper(password) !== account.passwordMd5.toUpperCase()) return undefined;
  return principalOf(store, account.username);
}

/**
 * The one access check: may this principal read the data of facility `maCSKCB` (its submissions, health
 * books, certification runs)? A facility reads only itself, a reviewer the facilities of its province, a
 * trainer nobody's. Callers answer 404 on false so nothing about other facilities leaks.
 */
export function canReadFacility(store: Store, p: Principal, maCSKCB: string): boolean {
  if (p.role === 'facility') return p.maCSKCB === maCSKCB;
  if (p.role === 'reviewer') return (store.getFacility(maCSKCB)?.maTinh ?? maCSKCB.slice(0, 2)) === p.maTinh;
  return false;
}

/** The facilities a principal may read (list pages filter with it; the same rule as canReadFacility). */
export function readableFacilities(store: Store, p: Principal): string[] {
  if (p.role === 'facility') return [p.maCSKCB];
  if (p.role === 'reviewer') return store.listFacilities().filter((f) => f.maTinh === p.maTinh).map((f) => f.maCSKCB);
  return [];
}

/**
 * Sign-in back-off per username and per address: after 5 failures a 60 s wait, doubling with each further
 * failure; a success clears the username's count. Answered like a wrong password plus Retry-After.
 */
export class SignInBackoff {
  private readonly failures = new Map<string, { count: number; until: number }>();
  constructor(private readonly clock: () => number = Date.now, private readonly freeAttempts = 5, private readonly baseMs = 60_000) {}

  /** milliseconds to wait before another attempt for this username or address (0 = go ahead) */
  waitMs(username: string, ip: string): number {
    const now = this.clock();
    return Math.max(0, ...[`u:${username.toLowerCase()}`, `ip:${ip}`].map((k) => (this.failures.get(k)?.until ?? 0) - now));
  }

  failed(username: string, ip: string): void {
    for (const k of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const f = this.failures.get(k) ?? { count: 0, until: 0 };
      f.count++;
      if (f.count >= this.freeAttempts) f.until = this.clock() + this.baseMs * 2 ** (f.count - this.freeAttempts);
      this.failures.set(k, f);
    }
  }

  succeeded(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }
}
