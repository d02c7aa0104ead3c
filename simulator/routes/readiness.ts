/**
 * Simulator-only readiness routes (the same services as `sskdt-lab readiness`), with the portal's token
 * headers. A facility reads its own readiness, registers its runs and uploads its documents; the reviewer
 * of its province does the same and decides. A facility the caller may not read answers 404, as one that
 * does not exist (simulator/access.ts).
 *
 *   GET    /api/sim/readiness/{maCSKCB}                         conditions C1–C13, runs, documents, decisions
 *   POST   /api/sim/readiness/{maCSKCB}/runs                    multipart: bundle (the evidence zip), or manifest + signature
 *   POST   /api/sim/readiness/{maCSKCB}/evidence                multipart: condition, title, file
 *   GET    /api/sim/readiness/{maCSKCB}/evidence/{id}           the document as uploaded (attachment)
 *   DELETE /api/sim/readiness/{maCSKCB}/evidence/{id}           withdraw (kept, with who and when)
 *   POST   /api/sim/readiness/{maCSKCB}/decisions               JSON {verdict: approved|refused, note}; reviewers only
 *   GET    /api/sim/readiness/{maCSKCB}/decisions/{id}.{json|p7s|pdf}
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { canAddEvidence, canDecide, canReadFacility } from '../lab-actor.ts';
import { loadOrCreateLabKey, type LabKey } from '../certification/lab-key.ts';
import {
  addEvidence,
  computeReadiness,
  decide,
  DEFAULT_EVIDENCE_LIMITS,
  getDecision,
  getEvidence,
  ReadinessError,
  registerBundle,
  registerRun,
  withdrawEvidence,
  type EvidenceLimits,
} from '../certification/readiness.ts';
import type { Facility } from '../store.ts';
import { labError, type LabRouteDeps } from './reports.ts';

export interface ReadinessRouteDeps extends LabRouteDeps {
  /** the data folder holding the lab's signing key (created there on first use) */
  dataDir: string;
  limits?: EvidenceLimits;
}

/** Multipart overhead allowed on top of the file itself (boundaries, the other fields). */
const FORM_OVERHEAD = 64 * 1024;

export function registerReadinessRoutes(app: Hono, deps: ReadinessRouteDeps): void {
  const { store } = deps;
  const limits = deps.limits ?? DEFAULT_EVIDENCE_LIMITS;
  let labKey: LabKey | undefined;
  const key = () => (labKey ??= loadOrCreateLabKey(deps.dataDir));

  type Allowed = { facility: Facility; username: string; principal: Extract<Awaited<ReturnType<LabRouteDeps['principal']>>, { ok: true }>['principal'] };
  /** The caller and the facility, or the error response (401 no credentials, 404 unknown or not readable). */
  const facilityFor = async (c: Context): Promise<Allowed | Response> => {
    const who = await deps.principal(c);
    if (!who.ok) return labError(c, 401, 'AUTH_REQUIRED', who.reason);
    const code = c.req.param('maCSKCB') ?? '';
    const facility = await store.getFacility(code);
    if (!facility || !canReadFacility(who.principal, facility)) return labError(c, 404, 'READINESS.FACILITY_UNKNOWN', `no facility ${code} among those ${who.principal.username} may read`, 'facility');
    return { facility, username: who.principal.username, principal: who.principal };
  };
  const failed = (c: Context, e: unknown) => {
    if (e instanceof ReadinessError) {
      const res = labError(c, e.status, e.code, e.message, e.location);
      return e.details ? c.json({ simulatorOnly: true, error: { code: e.code, message: e.message, location: e.location, details: e.details } }, e.status) : res;
    }
    throw e;
  };
  const now = () => new Date(deps.clock());
  const tooLarge = (what: string, max: number) => (c: Context) =>
    labError(c, 413, what === 'file' ? 'READINESS.EVIDENCE_TOO_LARGE' : 'READINESS.RUN_TOO_LARGE', `the upload is over the limit of ${max} bytes`, what);

  app.get('/api/sim/readiness/:maCSKCB', async (c) => {
    const a = await facilityFor(c);
    if (a instanceof Response) return a;
    return c.json({ simulatorOnly: true, ...(await computeReadiness(store, a.facility.maCSKCB)) });
  });

  const formFile = async (c: Context, names: string[]): Promise<Record<string, string | File>> => {
    const body = await c.req.parseBody();
    const out: Record<string, string | File> = {};
    for (const n of names) {
      const v = body[n];
      if (v !== undefined && !Array.isArray(v)) out[n] = v as string | File;
    }
    return out;
  };
  const bytesOf = async (v: string | File | undefined): Promise<Uint8Array | undefined> =>
    v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v, 'utf8') : new Uint8Array(await v.arrayBuffer());

  app.post(
    '/api/sim/readiness/:maCSKCB/runs',
    bodyLimit({ maxSize: Math.max(limits.maxManifestBytes, limits.maxBundleBytes) + FORM_OVERHEAD, onError: tooLarge('bundle', Math.max(limits.maxManifestBytes, limits.maxBundleBytes)) }),
    async (c) => {
      const a = await facilityFor(c);
      if (a instanceof Response) return a;
      if (!canAddEvidence(a.principal, a.facility)) return labError(c, 403, 'ACCESS.EVIDENCE', `${a.username} may not register runs for ${a.facility.maCSKCB}`, 'facility');
      try {
        const form = await formFile(c, ['manifest', 'signature', 'bundle']);
        const bundle = await bytesOf(form.bundle);
        if (bundle) {
          const run = await registerBundle(store, { maCSKCB: a.facility.maCSKCB, bundle: Buffer.from(bundle), by: a.username, labCertPem: key().certPem, now: now(), limits });
          return c.json({ simulatorOnly: true, run }, 201);
        }
        const manifest = await bytesOf(form.manifest);
        const signature = await bytesOf(form.signature);
        if (!manifest) return labError(c, 400, 'READINESS.RUN_MANIFEST', 'multipart field "bundle" (the evidence zip) or "manifest" (its manifest.json) is required', 'manifest');
        if (!signature) return labError(c, 400, 'READINESS.RUN_SIGNATURE', 'multipart field "signature" (the bundle\'s manifest.p7s) is required', 'signature');
        const run = await registerRun(store, { maCSKCB: a.facility.maCSKCB, manifest, signaturePem: Buffer.from(signature).toString('latin1'), by: a.username, labCertPem: key().certPem, now: now(), limits });
        return c.json({ simulatorOnly: true, run }, 201);
      } catch (e) {
        return failed(c, e);
      }
    },
  );

  app.post(
    '/api/sim/readiness/:maCSKCB/evidence',
    bodyLimit({ maxSize: limits.maxFileBytes + FORM_OVERHEAD, onError: tooLarge('file', limits.maxFileBytes) }),
    async (c) => {
      const a = await facilityFor(c);
      if (a instanceof Response) return a;
      if (!canAddEvidence(a.principal, a.facility)) return labError(c, 403, 'ACCESS.EVIDENCE', `${a.username} may not add evidence for ${a.facility.maCSKCB}`, 'facility');
      try {
        const form = await formFile(c, ['condition', 'title', 'file']);
        if (!(form.file instanceof File)) return labError(c, 400, 'READINESS.EVIDENCE_EMPTY', 'multipart field "file" (the document) is required', 'file');
        const item = await addEvidence(store, {
          maCSKCB: a.facility.maCSKCB,
          conditionId: typeof form.condition === 'string' ? form.condition.trim().toUpperCase() : '',
          title: typeof form.title === 'string' ? form.title : '',
          fileName: form.file.name,
          content: new Uint8Array(await form.file.arrayBuffer()),
          by: a.username,
          now: now(),
          limits,
        });
        return c.json({ simulatorOnly: true, evidence: item }, 201);
      } catch (e) {
        return failed(c, e);
      }
    },
  );

  app.get('/api/sim/readiness/:maCSKCB/evidence/:id', async (c) => {
    const a = await facilityFor(c);
    if (a instanceof Response) return a;
    const item = await getEvidence(store, a.facility.maCSKCB, Number(c.req.param('id')));
    if (!item) return labError(c, 404, 'READINESS.EVIDENCE_UNKNOWN', `facility ${a.facility.maCSKCB} has no document ${c.req.param('id')}`, 'evidence');
    // Always an attachment, never rendered in the browser: the content is whatever was uploaded.
    return c.body(new Uint8Array(item.content), 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(item.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'X-Sskdt-Sha256': item.sha256,
    });
  });

  app.delete('/api/sim/readiness/:maCSKCB/evidence/:id', async (c) => {
    const a = await facilityFor(c);
    if (a instanceof Response) return a;
    if (!canAddEvidence(a.principal, a.facility)) return labError(c, 403, 'ACCESS.EVIDENCE', `${a.username} may not withdraw evidence of ${a.facility.maCSKCB}`, 'facility');
    try {
      return c.json({ simulatorOnly: true, evidence: await withdrawEvidence(store, { maCSKCB: a.facility.maCSKCB, id: Number(c.req.param('id')), by: a.username, now: now() }) });
    } catch (e) {
      return failed(c, e);
    }
  });

  app.post('/api/sim/readiness/:maCSKCB/decisions', bodyLimit({ maxSize: 64 * 1024, onError: (c) => labError(c, 413, 'READINESS.NOTE', 'the request is over 64 KiB', 'note') }), async (c) => {
    const a = await facilityFor(c);
    if (a instanceof Response) return a;
    if (!canDecide(a.principal, a.facility) || a.principal.role !== 'reviewer') {
      return labError(c, 403, 'ACCESS.REVIEWER_ONLY', `a readiness decision is the act of a reviewer of province ${a.facility.maTinh}; ${a.username} is not one`, 'facility');
    }
    let body: { verdict?: unknown; note?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return labError(c, 400, 'READINESS.BODY', 'the body must be JSON: {"verdict":"approved"|"refused","note":"…"}', 'body');
    }
    if (body.verdict !== 'approved' && body.verdict !== 'refused') return labError(c, 400, 'READINESS.VERDICT', 'verdict must be "approved" or "refused"', 'verdict');
    if (body.note !== undefined && typeof body.note !== 'string') return labError(c, 400, 'READINESS.NOTE', 'note must be a string', 'note');
    try {
      const d = await decide(store, { maCSKCB: a.facility.maCSKCB, verdict: body.verdict, ...(body.note ? { note: body.note } : {}), reviewer: { username: a.username, maTinh: a.principal.maTinh }, labKey: key(), now: now() });
      const base = `/api/sim/readiness/${a.facility.maCSKCB}/decisions/${d.id}`;
      return c.json({ simulatorOnly: true, decision: d.decision, jsonSha256: d.jsonSha256, files: { json: `${base}.json`, signature: `${base}.p7s`, pdf: `${base}.pdf` } }, 201);
    } catch (e) {
      return failed(c, e);
    }
  });

  app.get('/api/sim/readiness/:maCSKCB/decisions/:file', async (c) => {
    const a = await facilityFor(c);
    if (a instanceof Response) return a;
    const m = /^(.+)\.(json|p7s|pdf)$/.exec(c.req.param('file'));
    const d = m ? await getDecision(store, a.facility.maCSKCB, m[1]) : undefined;
    if (!m || !d) return labError(c, 404, 'READINESS.DECISION_UNKNOWN', `facility ${a.facility.maCSKCB} has no decision file ${c.req.param('file')} (<id>.json | .p7s | .pdf)`, 'decision');
    const disposition = `attachment; filename="${d.id}.${m[2]}"`;
    if (m[2] === 'json') return c.body(new Uint8Array(d.json), 200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': disposition });
    if (m[2] === 'p7s') return c.body(d.p7s, 200, { 'Content-Type': 'application/pkcs7-signature', 'Content-Disposition': disposition });
    return c.body(new Uint8Array(d.pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': disposition });
  });
}
