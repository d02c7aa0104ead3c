/**
 * The web workspace's session: a signed cookie (HMAC, Hono's setSignedCookie) holding the username and an
 * expiry; HttpOnly, SameSite=Lax, Secure when served over HTTPS. The account is read again on every
 * request, so a locked account loses its session at once. The reading language is a plain cookie.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { PortalStore } from '../store.ts';
import { principalOf, type Principal } from './principal.ts';
import type { Lang } from './ui.tsx';

const SESSION_COOKIE = 'sskdt_web';
const LANG_COOKIE = 'sskdt_lang';
export const SESSION_HOURS = 8;

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

export async function startSession(c: Context, secret: string, p: Principal, now: number): Promise<void> {
  const expires = now + SESSION_HOURS * 3600_000;
  await setSignedCookie(c, SESSION_COOKIE, `${p.username}|${expires}`, secret, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/', maxAge: SESSION_HOURS * 3600 });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
}

export async function sessionPrincipal(c: Context, secret: string, store: PortalStore, now: number): Promise<Principal | undefined> {
  const value = await getSignedCookie(c, secret, SESSION_COOKIE);
  if (!value) return undefined;
  const sep = value.lastIndexOf('|');
  const username = value.slice(0, sep);
  const expires = Number(value.slice(sep + 1));
  if (sep <= 0 || !(expires > now)) return undefined;
  return await principalOf(store, username);
}

/** `?lang=en|vi` switches and remembers; otherwise the remembered choice; Vietnamese by default. */
export function readLang(c: Context): Lang {
  const asked = c.req.query('lang');
  if (asked === 'en' || asked === 'vi') {
    setCookie(c, LANG_COOKIE, asked, { sameSite: 'Lax', path: '/', maxAge: 365 * 24 * 3600, secure: secure(c) });
    return asked;
  }
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'vi';
}
