/**
 * The web workspace's view of who is signed in: the portal's accounts and roles (simulator/access.ts:
 * facility, reviewer of a province, trainer), signed in with the account's password, and the one access
 * check (`canRead`) applied to facilities for the lists.
 */
import { createHash } from 'node:crypto';
import { canRead, principalOf as principalOfAccount, type Principal } from '../access.ts';
import type { Store } from '../store.ts';

export type { Principal };

const md5Upper = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

/** The principal of an account that may sign in now (exists, not locked); used to re-read a session each request. */
export function principalOf(store: Store, username: string): Principal | undefined {
  const account = store.getAccount(username);
  return account && !account.locked ? principalOfAccount(account) : undefined;
}

/** Checks the plain password typed in the sign-in form against the account's stored MD5 (as token/take does). */
export function authenticate(store: Store, username: string, password: string): Principal | undefined {
  const account = store.getAccount(username);
  if (!account || account.locked || md5Upper(password) !== account.passwordMd5.toUpperCase()) return undefined;
  return principalOfAccount(account);
}

/** canRead for a facility code (its province from the registry). */
export function canReadFacility(store: Store, p: Principal, maCSKCB: string): boolean {
  return canRead(p, { maCSKCB, maTinh: store.getFacility(maCSKCB)?.maTinh });
}

/** The facilities whose records the principal may read (lists filter with it; the same check as every read). */
export function readableFacilities(store: Store, p: Principal): { maCSKCB: string; ten: string }[] {
  return store
    .listFacilities()
    .filter((f) => canRead(p, { maCSKCB: f.maCSKCB, maTinh: f.maTinh }))
    .map((f) => ({ maCSKCB: f.maCSKCB, ten: f.ten }));
}
