/**
 * Fault injection plans (simulator/faults.ts) over the API, the same service as `sskdt-lab faults`:
 *
 *   GET    /api/sim/faults/{maCSKCB}   the plan, when and by whom it was set, what was injected so far
 *   PUT    /api/sim/faults/{maCSKCB}   set the plan (JSON body, FaultPlanSchema); answers it
 *   DELETE /api/sim/faults/{maCSKCB}   clear it
 *
 * Who: the facility itself (to test its own HIS), the reviewer of its province, a trainer (any facility: the
 * lab is theirs to run). Anyone else — another facility, another province — gets 404, as for every read of a
 * facility's records. Credentials: the portal's token headers.
 */
import type { Context, Hono } from 'hono';
import { canRead, type Principal } from '../access.ts';
import { clearFaultPlan, FaultPlanError, readFaultPlan, writeFaultPlan, type FaultInjector } from '../faults.ts';
import type { PortalStore } from '../store.ts';
import { labError } from './reports.ts';

export interface FaultRouteDeps {
  store: PortalStore;
  clock: () => number;
  principal(c: Context): Promise<{ ok: true; principal: Principal } | { ok: false; reason: string }>;
  faults: FaultInjector;
}

/** The facility's plan may be set by the facility itself, the reviewer of its province, or a trainer. */
export function canManageFaults(principal: Principal, facility: { maCSKCB: string; maTinh: string }): boolean {
  return principal.role === 'trainer' || canRead(principal, facility);
}

/** Plans are small: a body above this is refused before it is parsed. */
const MAX_PLAN_BYTES = 16 * 1024;

export function registerFaultRoutes(app: Hono, deps: FaultRouteDeps): void {
  const { store } = deps;
  const facilityFor = async (c: Context): Promise<{ principal: Principal; maCSKCB: string } | Response> => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const maCSKCB = c.req.param('maCSKCB') ?? '';
    const facility = await store.getFacility(maCSKCB);
    if (!facility || !canManageFaults(who.principal, facility)) return labError(c, 404, 'FAULTS.FACILITY_UNKNOWN', `no facility ${maCSKCB} among those ${who.principal.username} may manage`, 'maCSKCB');
    return { principal: who.principal, maCSKCB };
  };
  const view = async (maCSKCB: string) => {
    const stored = await readFaultPlan(store, maCSKCB);
    return { simulatorOnly: true, maCSKCB, ...(stored ? { plan: stored.plan, setAt: stored.setAt, setBy: stored.setBy } : { plan: null }), record: await deps.faults.record(maCSKCB) };
  };

  app.get('/api/sim/faults/:maCSKCB', async (c) => {
    const f = await facilityFor(c);
    if (f instanceof Response) return f;
    return c.json(await view(f.maCSKCB));
  });

  app.put('/api/sim/faults/:maCSKCB', async (c) => {
    const f = await facilityFor(c);
    if (f instanceof Response) return f;
    if (Number(c.req.header('content-length') ?? 0) > MAX_PLAN_BYTES) return labError(c, 413, 'FAULTS.TOO_LARGE', `a fault plan is at most ${MAX_PLAN_BYTES} bytes`);
    const text = await c.req.text();
    if (text.length > MAX_PLAN_BYTES) return labError(c, 413, 'FAULTS.TOO_LARGE', `a fault plan is at most ${MAX_PLAN_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return labError(c, 400, 'FAULTS.JSON', `the body is not JSON: ${(e as Error).message}`);
    }
    try {
      await writeFaultPlan(store, f.maCSKCB, body, f.principal.username, deps.clock());
    } catch (e) {
      if (e instanceof FaultPlanError) return labError(c, 400, 'FAULTS.PLAN', e.message);
      throw e;
    }
    return c.json(await view(f.maCSKCB));
  });

  app.delete('/api/sim/faults/:maCSKCB', async (c) => {
    const f = await facilityFor(c);
    if (f instanceof Response) return f;
    const had = await clearFaultPlan(store, f.maCSKCB);
    return c.json({ simulatorOnly: true, maCSKCB: f.maCSKCB, cleared: had });
  });
}
