/**
 * Simulator-only report routes (the same services as `sskdt-lab report`):
 *
 *   GET /api/sim/reports/six-monthly?period=2026-H2[&province=52][&facility=52001][&format=json|csv|xlsx]
 *
 * Credentials: the portal's token headers (accessToken, tokenId, passwordHash). A facility account gets its
 * own facility's report (province and facility default to its own); a province's reviewer gets the province
 * (or one of its facilities). Errors: JSON `{ error: { code, message, location } }` with 400 (malformed
 * input), 401 (no or bad credentials), 403 (the province-wide report asked by someone not its reviewer), 404
 * (nothing registered by that code, or a facility the caller may not read: the same answer, as in access.ts).
 */
import type { Context, Hono } from 'hono';
import { canReadFacility, canReadProvince, homeProvince, type Principal } from '../lab-actor.ts';
import { ReportInputError, sixMonthlyReportFor } from '../reporting/six-monthly.ts';
import type { PortalStore } from '../store.ts';
import { sixMonthlyCsv, sixMonthlyXlsx } from '../../reports/evidence/six-monthly.ts';

export interface LabRouteDeps {
  store: PortalStore;
  /** the caller, from the request's credentials, or why there is none */
  principal(c: Context): Promise<{ ok: true; principal: Principal } | { ok: false; reason: string }>;
  clock: () => number;
}

export function labError(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 500, code: string, message: string, location?: string) {
  return c.json({ simulatorOnly: true, error: { code, message, ...(location ? { location } : {}) } }, status);
}

export function registerReportRoutes(app: Hono, deps: LabRouteDeps): void {
  const { store } = deps;
  app.get('/api/sim/reports/six-monthly', async (c) => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const actor = who.principal;
    // An empty parameter is an absent one (never a way around the facility scope).
    const q = (n: string) => c.req.query(n)?.trim() || undefined;
    const format = q('format') ?? 'json';
    if (!['json', 'csv', 'xlsx'].includes(format)) return labError(c, 400, 'REPORT.FORMAT', `format must be json, csv or xlsx, got "${format}"`, 'format');
    const period = q('period');
    if (!period) return labError(c, 400, 'REPORT.PERIOD', 'period is required (YYYY-H1 or YYYY-H2)', 'period');
    const maTinh = q('province') ?? homeProvince(actor);
    if (!maTinh) return labError(c, 400, 'REPORT.PROVINCE', 'province is required', 'province');
    const maCSKCB = q('facility') ?? (actor.role === 'facility' ? actor.maCSKCB : undefined);
    if (maCSKCB !== undefined) {
      const f = await store.getFacility(maCSKCB);
      if (f && !canReadFacility(actor, f)) return labError(c, 404, 'REPORT.FACILITY_UNKNOWN', `no facility ${maCSKCB} among those ${actor.username} may read`, 'facility');
    } else if (!canReadProvince(actor, maTinh)) {
      return labError(c, 403, 'ACCESS.PROVINCE', `${actor.username} may not read province ${maTinh}'s report (a reviewer of that province may)`, 'province');
    }
    try {
      const report = await sixMonthlyReportFor(store, { period, maTinh, ...(maCSKCB ? { maCSKCB } : {}), now: new Date(deps.clock()) });
      const name = `bao-cao-6-thang-${report.period.id}-${maCSKCB ?? maTinh}`;
      if (format === 'csv') return c.body(sixMonthlyCsv(report), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
      if (format === 'xlsx') {
        const bytes = await sixMonthlyXlsx(report);
        return c.body(new Uint8Array(bytes), 200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${name}.xlsx"` });
      }
      return c.json({ simulatorOnly: true, ...report });
    } catch (e) {
      if (e instanceof ReportInputError) return labError(c, e.notFound ? 404 : 400, e.code, e.message, e.location);
      throw e;
    }
  });
}
