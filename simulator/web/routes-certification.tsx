/** @jsxImportSource hono/jsx */
/**
 * Pages for certification runs, readiness and bundle verification, mounted by `mountWeb`. Thin like the
 * other pages: each handler resolves the session, reads through simulator/services/certification.ts (the
 * API's services behind the one access check) or calls the readiness service, and renders. What the
 * principal may not read answers 404. Every form posts through Hono's csrf middleware; uploads have body
 * limits before they are read. After a successful post the page redirects (post/redirect/get) with `?ok=`.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { DEFAULT_PLAN } from '../../conformance/plans/index.ts';
import { DEFAULT_VERIFY_LIMITS, verifyBundle } from '../../reports/evidence/verify.ts';
import { canDecide } from '../lab-actor.ts';
import { describeCertificate, loadOrCreateLabKey, type LabKey } from '../certification/lab-key.ts';
import { addEvidence, decide, DEFAULT_EVIDENCE_LIMITS, getDecision, getEvidence, ReadinessError, registerBundle, withdrawEvidence } from '../certification/readiness.ts';
import type { RunBundles } from '../certification/bundles.ts';
import { CertificationError, type CertificationService } from '../certification/service.ts';
import { bundleOf, progressOf, readinessFor, readinessState, recordedVerdict, registerRunForReadiness, runFor, runsFor } from '../services/certification.ts';
import type { PortalStore } from '../store.ts';
import { progressText, RunListPage, RunPage, SCENARIO_STATE } from './pages/certification.tsx';
import { ReadinessPage } from './pages/readiness.tsx';
import { VerifyBundlePage } from './pages/verify.tsx';
import { readableFacilities, type Principal } from './principal.ts';
import { tr, type Lang, type PageContext } from './ui.tsx';

type Status = 200 | 400 | 403 | 404 | 409 | 413;
type Signed = PageContext & { principal: Principal };

export interface PageKit {
  html(c: Context, node: JSX.Element, status?: Status): Response | Promise<Response>;
  notFound(c: Context, ctx: PageContext): Response | Promise<Response>;
  signedIn(roles: Principal['role'][] | undefined, handler: (c: Context, ctx: Signed) => Response | Promise<Response>): (c: Context) => Promise<Response>;
  contextOf(c: Context): Promise<PageContext>;
  pageHeaders: MiddlewareHandler;
  downloadHeaders: MiddlewareHandler;
  sameOrigin: MiddlewareHandler;
}

export interface CertificationPageDeps {
  store: PortalStore;
  certification: CertificationService;
  bundles: RunBundles;
  /** the data folder holding the lab's signing key */
  dataDir: string;
  clock: () => number;
}

/** Upload overhead on top of the file itself (multipart boundaries, the other fields). */
const FORM_OVERHEAD = 64 * 1024;
/** Bundles uploaded to be verified or registered: the API's limit for a registered bundle. */
const MAX_BUNDLE_BYTES = Math.min(DEFAULT_EVIDENCE_LIMITS.maxBundleBytes, DEFAULT_VERIFY_LIMITS.maxBundleBytes);

const NOTICES: Record<string, [string, string]> = {
  started: ['Đã mở lượt chứng nhận. Hãy gửi hồ sơ lên Cổng; tiến độ cập nhật bên dưới.', 'The run is open. Send records to the portal; progress updates below.'],
  finished: ['Đã kết thúc lượt. Kết luận ở bên dưới.', 'The run is finished. Its verdict is below.'],
  registered: ['Đã đăng ký lượt chứng nhận vào hồ sơ sẵn sàng (gói bằng chứng đã được kiểm tra chữ ký và từng tệp).', 'The run is registered for readiness (its bundle’s signature and every file were verified).'],
  waived: ['Đã cấp miễn trừ; quy tắc được miễn trừ hiện là “Được miễn trừ”.', 'The waiver is granted; the waived rule shows as “Waived”.'],
  uploaded: ['Đã tải lên tài liệu.', 'The document is uploaded.'],
  withdrawn: ['Đã rút tài liệu (vẫn được lưu kèm người rút và thời điểm).', 'The document is withdrawn (kept, with who and when).'],
  decided: ['Đã ghi quyết định, có chữ ký số của phòng lab.', 'The decision is recorded and signed by the lab.'],
};

function noticeOf(c: Context, lang: Lang): string | undefined {
  const n = NOTICES[c.req.query('ok') ?? ''];
  return n ? tr(lang, n[0], n[1]) : undefined;
}

/** A refusal of a service, said to the reader: a short Vietnamese/English lead, then the service's code and message. */
function refusalText(lang: Lang, e: CertificationError | ReadinessError): string {
  const missing = e instanceof ReadinessError && Array.isArray(e.details) ? (e.details as { vi?: string; en?: string }[]).filter((m) => m && typeof m.vi === 'string') : [];
  if (missing.length > 0) return `${tr(lang, 'Chưa thể phê duyệt, còn thiếu', 'Cannot approve yet; missing')}: ${missing.map((m) => tr(lang, m.vi!, m.en ?? m.vi!)).join('; ')} (${e.code})`;
  const message = e instanceof ReadinessError && e.message_vi ? tr(lang, e.message_vi, e.message) : e.message;
  return `${tr(lang, 'Không thực hiện được', 'Not done')} (${e.code}): ${message}`;
}

export function mountCertificationPages(app: Hono, deps: CertificationPageDeps, kit: PageKit): void {
  const { store, certification, clock } = deps;
  const { html, notFound, signedIn, pageHeaders, downloadHeaders, sameOrigin } = kit;
  let labKey: LabKey | undefined;
  const key = () => (labKey ??= loadOrCreateLabKey(deps.dataDir));
  const now = () => new Date(clock());
  const limits = DEFAULT_EVIDENCE_LIMITS;
  const tooLarge = (max: number) => async (c: Context) => {
    const ctx = await kit.contextOf(c);
    return c.text(tr(ctx.lang, `Tệp vượt giới hạn ${Math.round(max / 1024 / 1024)} MB.`, `The file is over the ${Math.round(max / 1024 / 1024)} MB limit.`), 413);
  };
  const isRefusal = (e: unknown): e is CertificationError | ReadinessError => e instanceof CertificationError || e instanceof ReadinessError;

  // ---- certification runs ------------------------------------------------------------------------
  const listPage = async (c: Context, ctx: Signed, error?: string, status: Status = 200) => {
    const runs = (await runsFor(certification, store, ctx.principal)).map((run) => ({ run, verdict: recordedVerdict(run) }));
    return html(
      c,
      <RunListPage
        ctx={ctx}
        runs={runs}
        facilities={await readableFacilities(store, ctx.principal)}
        plan={{ id: DEFAULT_PLAN.id, version: DEFAULT_PLAN.version, title: tr(ctx.lang, DEFAULT_PLAN.title_vi, DEFAULT_PLAN.title_en), required: DEFAULT_PLAN.scenarios.filter((s) => s.required).length }}
        error={error}
      />,
      status,
    );
  };
  app.get('/chung-nhan', pageHeaders, signedIn(['facility', 'reviewer'], (c, ctx) => listPage(c, ctx)));
  app.post(
    '/chung-nhan',
    pageHeaders,
    sameOrigin,
    bodyLimit({ maxSize: 16 * 1024, onError: tooLarge(16 * 1024) }),
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const form = await c.req.parseBody();
      const p = ctx.principal;
      const facility = typeof form.facility === 'string' && form.facility ? form.facility : p.role === 'facility' ? p.maCSKCB : '';
      if (!(await readableFacilities(store, p)).some((f) => f.maCSKCB === facility)) return notFound(c, ctx);
      try {
        const run = await certification.start(facility, p.username);
        return c.redirect(`/chung-nhan/${encodeURIComponent(run.id)}?ok=started`, 303);
      } catch (e) {
        if (isRefusal(e)) return listPage(c, ctx, refusalText(ctx.lang, e), e.status === 409 ? 409 : 400);
        throw e;
      }
    }),
  );

  const runPage = async (c: Context, ctx: Signed, id: string, error?: string, status: Status = 200) => {
    const run = await runFor(certification, store, ctx.principal, id);
    if (!run) return notFound(c, ctx);
    const st = await certification.status(run.id);
    const registered = run.status === 'finished' && ((await readinessFor(store, ctx.principal, run.facility.maCSKCB))?.runs.some((r) => r.runId === run.id) ?? false);
    return html(
      c,
      <RunPage
        ctx={ctx}
        status={st}
        progress={progressOf(st)}
        portalUrl={new URL(c.req.url).origin}
        mayUnmask={ctx.principal.role === 'facility' && ctx.principal.maCSKCB === run.facility.maCSKCB}
        registered={registered}
        mayWaive={ctx.principal.role === 'reviewer' && canDecide(ctx.principal, { maCSKCB: run.facility.maCSKCB, maTinh: run.facility.maTinh ?? run.facility.maCSKCB.slice(0, 2) })}
        failingRules={st.verdict.failingRules.filter((f) => f.state === 'fail').map((f) => f.ruleId)}
        notice={error ? undefined : noticeOf(c, ctx.lang)}
        error={error}
      />,
      status,
    );
  };
  app.get('/chung-nhan/:id', pageHeaders, signedIn(['facility', 'reviewer'], (c, ctx) => runPage(c, ctx, c.req.param('id') ?? '')));

  /** Live progress of a run: an event whenever the figures change; the page works without it (reload). */
  app.get(
    '/chung-nhan/:id/su-kien',
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const run = await runFor(certification, store, ctx.principal, c.req.param('id') ?? '');
      if (!run) return c.text('Not Found', 404);
      return streamSSE(c, async (stream) => {
        let last = '';
        for (let i = 0; i < 1200 && !stream.aborted; i++) {
          let p;
          try {
            p = progressOf(await certification.status(run.id));
          } catch (e) {
            if (isRefusal(e)) return;
            throw e;
          }
          const data = JSON.stringify({
            done: p.done,
            total: p.total,
            finished: p.finished,
            text: progressText(ctx.lang, p),
            scenarios: p.scenarios.map((s) => ({ id: s.id, cls: SCENARIO_STATE[s.state]?.cls ?? 'none', label: tr(ctx.lang, SCENARIO_STATE[s.state]?.vi ?? s.state, SCENARIO_STATE[s.state]?.en ?? s.state), count: `${s.submissions} / ${s.passing}` })),
          });
          if (data !== last) {
            await stream.writeSSE({ event: 'progress', data });
            last = data;
          }
          if (p.finished) return;
          await stream.sleep(1000);
        }
      });
    }),
  );

  app.post(
    '/chung-nhan/:id/ket-thuc',
    pageHeaders,
    sameOrigin,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const run = await runFor(certification, store, ctx.principal, c.req.param('id') ?? '');
      if (!run) return notFound(c, ctx);
      try {
        await certification.finish(run.id, ctx.principal.username);
      } catch (e) {
        if (isRefusal(e)) return runPage(c, ctx, run.id, refusalText(ctx.lang, e), 409);
        throw e;
      }
      return c.redirect(`/chung-nhan/${encodeURIComponent(run.id)}?ok=finished`, 303);
    }),
  );

  /** A waiver (the reviewer of the facility's province, while the run is open): CertificationService.addWaiver. */
  app.post(
    '/chung-nhan/:id/mien-tru',
    pageHeaders,
    sameOrigin,
    bodyLimit({ maxSize: 16 * 1024, onError: tooLarge(16 * 1024) }),
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const run = await runFor(certification, store, ctx.principal, c.req.param('id') ?? '');
      if (!run) return notFound(c, ctx);
      const p = ctx.principal;
      if (p.role !== 'reviewer') return runPage(c, ctx, run.id, tr(ctx.lang, 'Miễn trừ do Sở Y tế của tỉnh cấp.', 'Waivers are granted by the province’s Department of Health.'), 403);
      const form = await c.req.parseBody();
      const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
      const expires = str('expiresAt');
      try {
        await certification.addWaiver(
          run.id,
          // a date alone expires at the end of that day in Vietnam (UTC+7)
          { ruleId: str('ruleId'), reason: str('reason'), expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T23:59:59+07:00` : expires, ...(str('maLk') ? { maLk: str('maLk') } : {}) },
          p.username,
        );
      } catch (e) {
        if (isRefusal(e)) return runPage(c, ctx, run.id, refusalText(ctx.lang, e), e.status === 409 ? 409 : 400);
        throw e;
      }
      return c.redirect(`/chung-nhan/${encodeURIComponent(run.id)}?ok=waived#waivers-h`, 303);
    }),
  );

  app.get(
    '/chung-nhan/:id/goi-bang-chung.zip',
    downloadHeaders,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const run = await runFor(certification, store, ctx.principal, c.req.param('id') ?? '');
      if (!run || run.status !== 'finished') return notFound(c, ctx);
      const unmasked = c.req.query('unmasked') === '1';
      // the unmasked copy is the facility's own (as the API's ACCESS.UNMASKED)
      if (unmasked && !(ctx.principal.role === 'facility' && ctx.principal.maCSKCB === run.facility.maCSKCB)) return notFound(c, ctx);
      const zip = await bundleOf(deps.bundles, run.id, unmasked);
      return c.body(zip.stream(), 200, { 'Content-Type': 'application/zip', 'Content-Length': String(zip.size), 'Content-Disposition': `attachment; filename="${run.id}${unmasked ? '-unmasked' : ''}.zip"`, 'X-Content-Type-Options': 'nosniff' });
    }),
  );

  app.post(
    '/chung-nhan/:id/dang-ky',
    pageHeaders,
    sameOrigin,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const run = await runFor(certification, store, ctx.principal, c.req.param('id') ?? '');
      if (!run) return notFound(c, ctx);
      try {
        await registerRunForReadiness(deps.bundles, store, run, ctx.principal.username, key(), now());
      } catch (e) {
        if (isRefusal(e)) return runPage(c, ctx, run.id, refusalText(ctx.lang, e), e.status === 409 ? 409 : 400);
        throw e;
      }
      return c.redirect(`/san-sang/${encodeURIComponent(run.facility.maCSKCB)}?ok=registered`, 303);
    }),
  );

  // ---- bundle verification -----------------------------------------------------------------------
  const verifyPage = (c: Context, ctx: PageContext, extra: Partial<Parameters<typeof VerifyBundlePage>[0]> = {}, status: Status = 200) =>
    html(c, <VerifyBundlePage ctx={ctx} maxBytes={MAX_BUNDLE_BYTES} labFingerprint={describeCertificate(key().certPem).fingerprintSha256} {...extra} />, status);
  app.get('/kiem-tra-goi', pageHeaders, signedIn(undefined, (c, ctx) => verifyPage(c, ctx)));
  app.post(
    '/kiem-tra-goi',
    pageHeaders,
    sameOrigin,
    bodyLimit({ maxSize: MAX_BUNDLE_BYTES + FORM_OVERHEAD, onError: tooLarge(MAX_BUNDLE_BYTES) }),
    signedIn(undefined, async (c, ctx) => {
      const body = await c.req.parseBody();
      const file = body.bundle;
      if (!(file instanceof File) || file.size === 0) return verifyPage(c, ctx, { error: tr(ctx.lang, 'Chưa chọn tệp .zip.', 'No .zip file chosen.') }, 400);
      const bytes = Buffer.from(await file.arrayBuffer());
      const result = await verifyBundle(bytes, key().certPem, { ...DEFAULT_VERIFY_LIMITS, maxBundleBytes: MAX_BUNDLE_BYTES });
      return verifyPage(c, ctx, { result, fileName: file.name, size: bytes.byteLength });
    }),
  );

  // ---- readiness ---------------------------------------------------------------------------------
  app.get(
    '/san-sang',
    pageHeaders,
    signedIn(['facility', 'reviewer'], (c, ctx) => {
      const p = ctx.principal;
      return c.redirect(p.role === 'facility' ? `/san-sang/${encodeURIComponent(p.maCSKCB)}` : '/tinh#facilities', 303);
    }),
  );

  const readinessPage = async (c: Context, ctx: Signed, maCSKCB: string, error?: string, status: Status = 200) => {
    const r = await readinessFor(store, ctx.principal, maCSKCB);
    if (!r) return notFound(c, ctx);
    const runLinks = new Set((await runsFor(certification, store, ctx.principal)).filter((run) => run.facility.maCSKCB === maCSKCB).map((run) => run.id));
    return html(
      c,
      <ReadinessPage
        ctx={ctx}
        r={r}
        state={readinessState(r).state}
        runLinks={runLinks}
        mayDecide={canDecide(ctx.principal, r.facility)}
        maxFileBytes={limits.maxFileBytes}
        maxBundleBytes={MAX_BUNDLE_BYTES}
        notice={error ? undefined : noticeOf(c, ctx.lang)}
        error={error}
      />,
      status,
    );
  };
  app.get('/san-sang/:ma', pageHeaders, signedIn(['facility', 'reviewer'], (c, ctx) => readinessPage(c, ctx, c.req.param('ma') ?? '')));

  /** A POST on a facility's readiness: 404 unless readable; a service refusal re-renders the page with it. */
  const readinessAction = (action: (c: Context, ctx: Signed, maCSKCB: string) => Promise<string | Response>) =>
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const ma = c.req.param('ma') ?? '';
      if (!(await readinessFor(store, ctx.principal, ma))) return notFound(c, ctx);
      try {
        const done = await action(c, ctx, ma);
        return typeof done === 'string' ? c.redirect(`/san-sang/${encodeURIComponent(ma)}?ok=${done}`, 303) : done;
      } catch (e) {
        if (isRefusal(e)) return readinessPage(c, ctx, ma, refusalText(ctx.lang, e), e.status === 413 ? 413 : e.status === 409 ? 409 : e.status === 404 ? 404 : 400);
        throw e;
      }
    });

  app.post(
    '/san-sang/:ma/tai-lieu',
    pageHeaders,
    sameOrigin,
    bodyLimit({ maxSize: limits.maxFileBytes + FORM_OVERHEAD, onError: tooLarge(limits.maxFileBytes) }),
    readinessAction(async (c, ctx, ma) => {
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw new ReadinessError('READINESS.EVIDENCE_EMPTY', 'no file chosen', 'file', 400, undefined, 'chưa chọn tệp');
      await addEvidence(store, {
        maCSKCB: ma,
        conditionId: typeof form.condition === 'string' ? form.condition.trim().toUpperCase() : '',
        title: typeof form.title === 'string' ? form.title : '',
        fileName: file.name,
        content: new Uint8Array(await file.arrayBuffer()),
        by: ctx.principal.username,
        now: now(),
        limits,
      });
      return 'uploaded';
    }),
  );
  app.post(
    '/san-sang/:ma/tai-lieu/:id/rut',
    pageHeaders,
    sameOrigin,
    readinessAction(async (c, ctx, ma) => {
      await withdrawEvidence(store, { maCSKCB: ma, id: Number(c.req.param('id')), by: ctx.principal.username, now: now() });
      return 'withdrawn';
    }),
  );
  app.get(
    '/san-sang/:ma/tai-lieu/:id',
    downloadHeaders,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const ma = c.req.param('ma') ?? '';
      const item = (await readinessFor(store, ctx.principal, ma)) ? await getEvidence(store, ma, Number(c.req.param('id'))) : undefined;
      if (!item) return notFound(c, ctx);
      // always an attachment, never rendered: the content is whatever was uploaded
      return c.body(new Uint8Array(item.content), 200, {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(item.fileName)}`,
        'X-Content-Type-Options': 'nosniff',
      });
    }),
  );
  app.post(
    '/san-sang/:ma/luot',
    pageHeaders,
    sameOrigin,
    bodyLimit({ maxSize: MAX_BUNDLE_BYTES + FORM_OVERHEAD, onError: tooLarge(MAX_BUNDLE_BYTES) }),
    readinessAction(async (c, ctx, ma) => {
      const form = await c.req.parseBody();
      const file = form.bundle;
      if (!(file instanceof File) || file.size === 0) throw new ReadinessError('READINESS.RUN_BUNDLE', 'no .zip chosen', 'bundle', 400, undefined, 'chưa chọn tệp .zip');
      await registerBundle(store, { maCSKCB: ma, bundle: Buffer.from(await file.arrayBuffer()), by: ctx.principal.username, labCertPem: key().certPem, now: now(), limits });
      return 'registered';
    }),
  );
  app.post(
    '/san-sang/:ma/quyet-dinh',
    pageHeaders,
    sameOrigin,
    bodyLimit({ maxSize: 64 * 1024, onError: tooLarge(64 * 1024) }),
    readinessAction(async (c, ctx, ma) => {
      const p = ctx.principal;
      const facility = (await store.getFacility(ma))!;
      if (p.role !== 'reviewer' || !canDecide(p, facility)) {
        return readinessPage(c, ctx, ma, tr(ctx.lang, 'Quyết định là việc của Sở Y tế của tỉnh.', 'A decision is the act of the province’s Department of Health.'), 403);
      }
      const form = await c.req.parseBody();
      const verdict = form.verdict === 'approved' || form.verdict === 'refused' ? form.verdict : undefined;
      if (!verdict) throw new ReadinessError('READINESS.VERDICT', 'choose approve or refuse', 'verdict', 400, undefined, 'hãy chọn phê duyệt hoặc từ chối');
      const note = typeof form.note === 'string' ? form.note : undefined;
      const d = await decide(store, { maCSKCB: ma, verdict, ...(note ? { note } : {}), reviewer: { username: p.username, maTinh: p.maTinh }, labKey: key(), now: now() });
      return c.redirect(`/san-sang/${encodeURIComponent(ma)}?ok=decided#decision-${encodeURIComponent(d.id)}`, 303);
    }),
  );
  app.get(
    '/san-sang/:ma/quyet-dinh/:file',
    downloadHeaders,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const ma = c.req.param('ma') ?? '';
      const m = /^(.+)\.(json|p7s|pdf)$/.exec(c.req.param('file') ?? '');
      const d = m && (await readinessFor(store, ctx.principal, ma)) ? await getDecision(store, ma, m[1]) : undefined;
      if (!m || !d) return notFound(c, ctx);
      const headers = { 'Content-Disposition': `attachment; filename="${d.id}.${m[2]}"`, 'X-Content-Type-Options': 'nosniff' };
      if (m[2] === 'json') return c.body(new Uint8Array(d.json), 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
      if (m[2] === 'p7s') return c.body(d.p7s, 200, { ...headers, 'Content-Type': 'application/pkcs7-signature' });
      return c.body(new Uint8Array(d.pdf), 200, { ...headers, 'Content-Type': 'application/pdf' });
    }),
  );
}
