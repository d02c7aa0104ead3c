/**
 * Simulator-only catalogue routes (the same services as `sskdt-lab catalogue`), with the portal's token headers:
 *
 *   GET  /api/sim/catalogue                    versions of every facility the caller may read (its own; a reviewer: its province)
 *   GET  /api/sim/catalogue/{maCSKCB}          versions of one facility (rows not included)
 *   POST /api/sim/catalogue/{maCSKCB}          multipart: file (one or more .csv/.xlsx), effective (yyyymmdd), kind
 *
 * A facility reads and imports its own catalogues; the reviewer of its province reads them; a facility the caller
 * may not read answers 404 exactly as one that does not exist (simulator/access.ts). A bad file answers 400 with
 * every problem (file, line, column, code, message, message_vi) and stores nothing.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isCatalogueKind } from '../../conformance/catalogues/import.ts';
import { canRead, scopeOf } from '../access.ts';
import { CatalogueImportError, CatalogueServiceError, importCatalogues } from '../catalogues.ts';
import { labError, type LabRouteDeps } from './reports.ts';

/** All files of one import together (the template files of a big hospital are a few MB). */
export const MAX_CATALOGUE_UPLOAD = 20 * 1024 * 1024;

export function registerCatalogueRoutes(app: Hono, deps: LabRouteDeps): void {
  const { store } = deps;

  app.get('/api/sim/catalogue', async (c) => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const scope = scopeOf(who.principal);
    if (scope === 'all') return labError(c, 403, 'ACCESS.CATALOGUE', `${who.principal.username} reads no facility's catalogues (staff lists are personal data)`);
    const versions = [];
    for (const v of await store.listCatalogueVersions()) if (canRead(who.principal, { maCSKCB: v.maCSKCB, maTinh: (await store.getFacility(v.maCSKCB))?.maTinh })) versions.push(v);
    return c.json({ simulatorOnly: true, versions });
  });

  const facilityFor = async (c: Context) => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const code = c.req.param('maCSKCB') ?? '';
    const facility = await store.getFacility(code);
    if (!facility || !canRead(who.principal, facility)) return labError(c, 404, 'CATALOGUE.FACILITY_UNKNOWN', `no facility ${code} among those ${who.principal.username} may read`, 'maCSKCB');
    return { facility, principal: who.principal };
  };

  app.get('/api/sim/catalogue/:maCSKCB', async (c) => {
    const a = await facilityFor(c);
    if (a instanceof Response) return a;
    return c.json({ simulatorOnly: true, maCSKCB: a.facility.maCSKCB, versions: await store.listCatalogueVersions(a.facility.maCSKCB) });
  });

  app.post(
    '/api/sim/catalogue/:maCSKCB',
    bodyLimit({ maxSize: MAX_CATALOGUE_UPLOAD, onError: (c) => labError(c, 413, 'CATALOGUE.TOO_LARGE', `the upload is over the limit of ${MAX_CATALOGUE_UPLOAD} bytes`, 'file') }),
    async (c) => {
      const a = await facilityFor(c);
      if (a instanceof Response) return a;
      if (a.principal.role !== 'facility') return labError(c, 403, 'ACCESS.CATALOGUE', `only facility ${a.facility.maCSKCB}'s own account imports its catalogues`, 'maCSKCB');
      const body = await c.req.parseBody({ all: true });
      const raw = body.file;
      const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((f): f is File => typeof f !== 'string');
      if (list.length === 0) return labError(c, 400, 'CATALOGUE.NO_FILES', 'multipart field "file" (one or more .csv/.xlsx catalogue files) is required', 'file');
      const one = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
      const effective = one(body.effective);
      const kind = one(body.kind);
      if (effective !== undefined && !/^\d{8}$/.test(effective)) return labError(c, 400, 'CATALOGUE.EFFECTIVE', `effective must be yyyymmdd, got "${effective}"`, 'effective');
      if (kind !== undefined && !isCatalogueKind(kind)) return labError(c, 400, 'CATALOGUE.KIND', `kind must be staff, equipment, drugs, services, supplies or departments, got "${kind}"`, 'kind');
      try {
        const files = await Promise.all(list.map(async (f) => ({ name: f.name || 'upload', bytes: new Uint8Array(await f.arrayBuffer()) })));
        const versions = await importCatalogues(store, { maCSKCB: a.facility.maCSKCB, files, by: a.principal.username, now: new Date(deps.clock()), effectiveFrom: effective, kind: kind as never, offThread: true });
        return c.json({ simulatorOnly: true, maCSKCB: a.facility.maCSKCB, versions }, 201);
      } catch (e) {
        if (e instanceof CatalogueImportError) return c.json({ simulatorOnly: true, error: { code: 'CATALOGUE.IMPORT', message: `nothing stored: ${e.issues.length} problem(s) in the files`, location: 'file', issues: e.issues } }, 400);
        if (e instanceof CatalogueServiceError) return labError(c, e.status, e.code, e.message);
        throw e;
      }
    },
  );
}
