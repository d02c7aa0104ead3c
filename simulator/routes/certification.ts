/**
 * Simulator-only certification routes (the same services as `sskdt-lab cert …` and `sskdt-lab submissions`):
 *
 *   POST /api/sim/cert/runs                 {"facility"?: "52001", "plan"?: "qd2733-pilot"} → 201 the run
 *   GET  /api/sim/cert/runs[?facility=]     the runs the caller may read
 *   GET  /api/sim/cert/runs/{id}            progress per scenario, verdict, judged submissions
 *   POST /api/sim/cert/runs/{id}/finish     closes the run → its final verdict
 *   POST /api/sim/cert/runs/{id}/waivers    {"ruleId", "reason", "expiresAt", "maLk"?, "submission"?} (the province's reviewer)
 *   GET  /api/sim/cert/runs/{id}/bundle[?unmasked=true]   the signed evidence zip of a finished run
 *   GET  /api/sim/submissions[?facility=&since=&verdict=&page=&pageSize=]   a facility's submissions with verdicts
 *
 * Credentials: the portal's token headers (accessToken, tokenId, passwordHash), as for submissions. A
 * facility opens, reads and finishes its own runs; the reviewer of its province may too, and alone grants
 * waivers. Another facility's run answers 404, exactly like a run that does not exist (simulator/access.ts).
 * Errors: JSON `{ error: { code, message, location? } }`.
 */
import type { Context, Hono } from 'hono';
import { canRead, type Principal } from '../access.ts';
import { CertificationError, type CertificationService } from '../certification/service.ts';
import { ListInputError, listSubmissions, parseListQuery } from '../certification/submissions.ts';
import type { RunBundles } from '../certification/bundles.ts';
import type { RunRecord } from '../../reports/evidence/model.ts';
import { labError, type LabRouteDeps } from './reports.ts';

export interface CertificationRouteDeps extends LabRouteDeps {
  certification: CertificationService;
  /** finished runs' evidence bundles, built once and checked on every read */
  bundles: RunBundles;
  /** the data folder holding the lab's signing key */
  dataDir: string;
}

const MAX_JSON_BODY = 64 * 1024;

export function registerCertificationRoutes(app: Hono, deps: CertificationRouteDeps): void {
  const { store, certification } = deps;
  const facilityRecord = async (maCSKCB: string) => ({ maCSKCB, maTinh: (await store.getFacility(maCSKCB))?.maTinh });
  const mayRead = async (p: Principal, run: RunRecord) => canRead(p, await facilityRecord(run.facility.maCSKCB));

  async function jsonBody(c: Context): Promise<Record<string, unknown> | Response> {
    const text = await c.req.text();
    if (text.length > MAX_JSON_BODY) return labError(c, 413, 'CERT.BODY_SIZE', `the body is over ${MAX_JSON_BODY} bytes`);
    if (text.trim() === '') return {};
    try {
      const v = JSON.parse(text) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) return labError(c, 400, 'CERT.BODY', 'the body must be a JSON object');
      return v as Record<string, unknown>;
    } catch (e) {
      return labError(c, 400, 'CERT.BODY', `the body is not JSON: ${(e as Error).message}`);
    }
  }

  const fail = (c: Context, e: unknown) => {
    if (e instanceof CertificationError) return labError(c, e.status, e.code, e.message);
    throw e;
  };

  app.post('/api/sim/cert/runs', async (c) => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const p = who.principal;
    const facility = typeof body.facility === 'string' ? body.facility : p.role === 'facility' ? p.maCSKCB : undefined;
    if (!facility) return labError(c, 400, 'CERT.FACILITY', 'facility is required', 'facility');
    if (!canRead(p, await facilityRecord(facility))) return labError(c, 404, 'CERT.FACILITY_UNKNOWN', `no facility ${facility} among those ${p.username} may certify`, 'facility');
    try {
      return c.json({ simulatorOnly: true, run: await certification.start(facility, p.username, typeof body.plan === 'string' ? body.plan : undefined) }, 201);
    } catch (e) {
      return fail(c, e);
    }
  });

  app.get('/api/sim/cert/runs', async (c) => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const p = who.principal;
    const facility = c.req.query('facility')?.trim() || undefined;
    const scope = facility ? { maCSKCB: facility } : p.role === 'facility' ? { maCSKCB: p.maCSKCB } : p.role === 'reviewer' ? { maTinh: p.maTinh } : undefined;
    if (!scope) return c.json({ simulatorOnly: true, runs: [] });
    const runs: RunRecord[] = [];
    for (const r of await certification.list(scope)) if (await mayRead(p, r)) runs.push(r);
    return c.json({ simulatorOnly: true, runs });
  });

  const withRun = (handler: (c: Context, p: Principal, run: RunRecord) => Response | Promise<Response>) => async (c: Context) => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const run = await certification.get(c.req.param('id') ?? '');
    if (!run || !(await mayRead(who.principal, run))) return labError(c, 404, 'CERT.RUN_UNKNOWN', `no run ${c.req.param('id')}`);
    try {
      return await handler(c, who.principal, run);
    } catch (e) {
      return fail(c, e);
    }
  };

  app.get('/api/sim/cert/runs/:id', withRun(async (c, _p, run) => c.json({ simulatorOnly: true, ...(await certification.status(run.id)) })));

  app.post('/api/sim/cert/runs/:id/finish', withRun(async (c, p, run) => c.json({ simulatorOnly: true, ...(await certification.finish(run.id, p.username)) })));

  app.post('/api/sim/cert/runs/:id/waivers', withRun(async (c, p, run) => {
    if (p.role !== 'reviewer') return labError(c, 403, 'ACCESS.WAIVER', 'only the reviewer of the facility\'s province (Sở Y tế) grants waivers');
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    try {
      return c.json({ simulatorOnly: true, waiver: await certification.addWaiver(run.id, body, p.username) }, 201);
    } catch (e) {
      return fail(c, e);
    }
  }));

  app.get('/api/sim/cert/runs/:id/bundle', withRun(async (c, p, run) => {
    const unmasked = c.req.query('unmasked') === 'true' || c.req.query('unmasked') === '1';
    if (unmasked && !(p.role === 'facility' && p.maCSKCB === run.facility.maCSKCB)) return labError(c, 403, 'ACCESS.UNMASKED', 'the unmasked copy is for the facility itself', 'unmasked');
    try {
      const zip = await deps.bundles.get(run.id, unmasked);
      return c.body(zip.stream(), 200, { 'Content-Type': 'application/zip', 'Content-Length': String(zip.size), 'Content-Disposition': `attachment; filename="${run.id}${unmasked ? '-unmasked' : ''}.zip"` });
    } catch (e) {
      return fail(c, e);
    }
  }));

  app.get('/api/sim/submissions', async (c) => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const p = who.principal;
    const q = (n: string) => c.req.query(n)?.trim() || undefined;
    const facility = q('facility') ?? (p.role === 'facility' ? p.maCSKCB : undefined);
    if (!facility) return labError(c, 400, 'LIST.FACILITY', 'facility is required', 'facility');
    if (!(await store.getFacility(facility)) || !canRead(p, await facilityRecord(facility))) return labError(c, 404, 'LIST.FACILITY_UNKNOWN', `no facility ${facility} among those ${p.username} may read`, 'facility');
    try {
      return c.json({ simulatorOnly: true, ...(await listSubmissions(store, facility, parseListQuery({ since: q('since'), verdict: q('verdict'), page: q('page'), pageSize: q('pageSize') }))) });
    } catch (e) {
      if (e instanceof ListInputError) return labError(c, 400, 'LIST.QUERY', e.message, e.location);
      throw e;
    }
  });
}
