/**
 * `sskdt-lab/msw`: the portal simulator as msw 2 request handlers, so a HIS vendor can mock the BHXH
 * portal inside its own Node tests:
 *
 *   import { setupServer } from 'msw/node';
 *   import { createPortalHandlers } from 'sskdt-lab/msw';
 *   const server = setupServer(...createPortalHandlers({ baseUrl: 'https://egw.baohiemxahoi.gov.vn' }));
 *
 * Same behaviour as the served simulator (the same Hono app), backed by an in-memory SQLite store seeded
 * with the demo registry (52001_BV / sskdt-demo …). Field checks run in the test's own thread.
 */
import { http, type RequestHandler } from 'msw';
import { createPortal, type Portal } from './app.ts';
import { configWith, type SimConfig } from './config.ts';
import { seedIfEmpty } from './seed.ts';
import { Store, type PortalStore } from './store.ts';

export interface PortalHandlersOptions {
  /** where the HIS under test sends its requests (default the production host) */
  baseUrl?: string;
  /** settings (token TTL, auth failure policy, results mode …); defaults as the served simulator */
  config?: Partial<SimConfig>;
  /** milliseconds since the epoch (move it to expire tokens) */
  clock?: () => number;
  /** a store of your own (default: a fresh in-memory store) */
  store?: PortalStore;
  /** seed file for a fresh store (default the Bình Định demo registry) */
  seedFile?: string;
  /** caller IP seen by the portal (for the IP binding setting) */
  clientIp?: string;
}

export interface PortalMock {
  handlers: RequestHandler[];
  store: PortalStore;
  portal: Portal;
  /** resolves once the store is seeded (every handler waits for it too) */
  ready: Promise<void>;
  /** resolves when every queued field check has been stored */
  whenIdle(): Promise<void>;
  close(): void;
}

export const DEFAULT_BASE_URL = 'https://egw.baohiemxahoi.gov.vn';

export function createPortalMock(options: PortalHandlersOptions = {}): PortalMock {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const store = options.store ?? new Store(':memory:');
  // seeding is asynchronous (the store contract is); requests wait for it, so the API stays synchronous
  const ready = seedIfEmpty(store, options.seedFile ?? undefined).then(() => undefined);
  ready.catch(() => {});
  const portal = createPortal({ store, config: configWith({ workers: 0, ...options.config }), clock: options.clock, defaultIp: options.clientIp ?? '127.0.0.1' });
  const prefix = new URL(baseUrl);
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const handler = http.all(new RegExp(`^${escaped}(/|$)`), async ({ request }) => {
    await ready;
    const url = new URL(request.url);
    // The app routes on paths from '/': drop a path prefix of baseUrl (e.g. a reverse-proxy mount).
    const base = prefix.pathname.replace(/\/+$/, '');
    const path = base && url.pathname.startsWith(base) ? url.pathname.slice(base.length) || '/' : url.pathname;
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.clone().arrayBuffer();
    return portal.app.fetch(new Request(`http://portal.local${path}${url.search}`, { method: request.method, headers: request.headers, body }));
  });
  return {
    handlers: [handler],
    store,
    portal,
    ready,
    whenIdle: () => ready.then(() => portal.scheduler.whenIdle()),
    close: () => {
      portal.scheduler.stop();
      if (!options.store) void ready.finally(() => store.close());
    },
  };
}

/** The portal's behaviour as msw request handlers (spread them into setupServer). */
export function createPortalHandlers(options: PortalHandlersOptions = {}): RequestHandler[] {
  return createPortalMock(options).handlers;
}
