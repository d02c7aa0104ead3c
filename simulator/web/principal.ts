/**
 * The web workspace's view of who is signed in: the portal's accounts and roles (simulator/access.ts:
 * facility, reviewer of a province, trainer), signed in with the account's password, and the one access
 * check (`canRead`) applied to facilities for the lists.
 */
import { createHash } from 'node:crypto';
import { canRead, principalOf as principalOfAccount, type Principal } from '../access.ts';
import type { PortalStore } from '../store.ts';

export type { Principal };

const md5Upper = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

/** The principal of an account that may sign in now (exists, not locked); used to re-read a session each request. */
export async function principalOf(store: PortalStore, username: string): Promise<Principal | undefined> {
  const account = await store.getAccount(username);
  return account && !account.locked ? principalOfAccount(account) : undefined;
}

/** Checks the plain password typed in the sign-in form against the account's stored MD5 (as token/take does). */
export async function authenticate(store: PortalStore, username: string, password: string): Promise<Principal | undefined> {
  const account = await store.getAccount(username);
  if (!account || account.locked || md5Upper(password) !== account.passwordMd5.toUpperCase()) return undefined;
  return principalOfAccount(account);
}

/** canRead for a facility code (its province from the registry). */
export async function canReadFacility(store: PortalStore, p: Principal, maCSKCB: string): Promise<boolean> {
  return canRead(p, { maCSKCB, maTinh: (await store.getFacility(maCSKCB))?.maTinh });
}

/** The facilities whose records the principal may read (lists filter with it; the same check as every read). */
export async function readableFacilities(store: PortalStore, p: Principal): Promise<{ maCSKCB: string; ten: string }[]> {
  return (await store.listFacilities())
    .filter((f) => canRead(p, { maCSKCB: f.maCSKCB, maTinh: f.maTinh }))
    .map((f) => ({ maCSKCB: f.maCSKCB, ten: f.ten }));
}
