/** @jsxImportSource hono/jsx */
/**
 * The web workspace, mounted on the portal app by `mountWeb` (one line in app.ts). Pages are thin: each
 * handler resolves the session, calls a service function (simulator/services/) that applies the access
 * check, and renders. Unsafe methods pass Hono's csrf middleware (Origin / Sec-Fetch-Site); every page gets
 * Hono's secureHeaders with a Content-Security-Policy that allows only this origin's stylesheet and script.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { streamSSE } from 'hono/streaming';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { ruleMeta } from '../../conformance/rules/registry.ts';
import { renderHtml } from '../../reports/html.ts';
import { renderJson } from '../../reports/json.ts';
import { renderJunit } from '../../reports/junit.ts';
import { renderSarif } from '../../reports/sarif.ts';
import type { Checker } from '../checker.ts';
import type { SimConfig } from '../config.ts';
import type { SubmitEndpoint } from '../envelope-gate.ts';
import { mutationChoices, PLAYGROUND_ENDPOINTS, PLAYGROUND_MAX_BYTES, runPlayground, scenarioChoices, type PlaygroundInput, type PlaygroundOutcome } from '../services/playground.ts';
import type { PortalStore } from '../store.ts';
import { decodedPackageOf, healthBookFor, healthBookForOffLoop, listSubmissionsFor, resultOf, submissionFor, type SubmissionFilter } from '../services/submissions.ts';
import { CSS, JS } from './assets.ts';
import { DocPage } from './pages/doc.tsx';
import { provinceBoardFor } from '../services/province-board.ts';
import { ProvinceBoardPage } from './pages/province.tsx';
import { SixMonthlySection } from './pages/six-monthly.tsx';
import { sixMonthlyReportFor } from '../reporting/six-monthly.ts';
import { sixMonthlyCsv, sixMonthlyXlsx } from '../../reports/evidence/six-monthly.ts';
import { PlaygroundPage, type PlaygroundForm } from './pages/playground.tsx';
import { HealthBookPage, HealthBookSearchPage } from './pages/healthbook.tsx';
import { SignInPage } from './pages/signin.tsx';
import { SubmissionPage, type FindingFilter } from './pages/submission.tsx';
import { SubmissionListPage } from './pages/submissions.tsx';
import type { SignInBackoff } from '../access.ts';
import { authenticate, readableFacilities, type Principal } from './principal.ts';
import { endSession, readLang, sessionPrincipal, startSession } from './session.ts';
import { Layout, tr, type PageContext } from './ui.tsx';
import type { CertificationService } from '../certification/service.ts';
import type { RunBundles } from '../certification/bundles.ts';
import { mountCertificationPages } from './routes-certification.tsx';

export interface WebDeps {
  store: PortalStore;
  config: SimConfig;
  clock: () => number;
  /** HMAC key of the session cookie (the portal's token secret, kept in the store) */
  secret: () => Promise<string>;
  version: string;
  openApi: Record<string, unknown>;
  clientIp: (c: Context) => string;
  /** the portal's sign-in back-off (token/take and the web sign-in count failures together) */
  backoff: SignInBackoff;
  /** runs checks for the playground (the portal's worker pool when served) */
  checker: Checker;
  /** certification runs (the same service as the API's /api/sim/cert routes) */
  certification: CertificationService;
  /** finished runs' evidence bundles (the same store of built bundles as the API's) */
  bundles: RunBundles;
}

const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: 'same-origin',
});
// Downloads are files, never rendered in the page's origin with scripts (the HTML report carries its own CSP).
const downloadHeaders = secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], sandbox: [] } as never });
const sameOrigin = csrf();

const VERDICTS = new Set(['pass', 'warning', 'fail']);
const STATUSES = new Set(['pending', 'done', 'rejected']);
const KINDS = new Set(['record', 'checkin', 'paper']);
const OUTCOMES = new Set(['pass', 'fail', 'warning', 'not-applicable', 'skip', 'error', 'all']);

/** Only local paths as a post-sign-in target (no open redirect). */
/** Pasted XML is shown back in the form: keep at most the playground's limit. */
function pastedText(text: string): string {
  return text.length > PLAYGROUND_MAX_BYTES ? text.slice(0, PLAYGROUND_MAX_BYTES) : text;
}

/** Where a role starts: a facility its submissions, the Department its board, a trainer the playground. */
function homeOf(p: Principal): string {
  return p.role === 'trainer' ? '/thuc-hanh' : p.role === 'reviewer' ? '/tinh' : '/ho-so';
}

/** The current half-year (Vietnam time) and the three before it, newest first: YYYY-H1 | YYYY-H2. */
function recentPeriods(now: number): string[] {
  const d = new Date(now + 7 * 3600_000);
  let year = d.getUTCFullYear();
  let half = d.getUTCMonth() < 6 ? 1 : 2;
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    out.push(`${year}-H${half}`);
    if (half === 2) half = 1;
    else {
      half = 2;
      year--;
    }
  }
  return out;
}

function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function mountWeb(app: Hono, deps: WebDeps): void {
  const { store, clock, secret } = deps;
  const { backoff } = deps;

  const contextOf = async (c: Context): Promise<PageContext> => {
    const url = new URL(c.req.url);
    url.searchParams.delete('lang');
    return { lang: readLang(c), principal: await sessionPrincipal(c, await secret(), store, clock()), here: url.pathname + url.search };
  };
  const html = (c: Context, node: JSX.Element, status: 200 | 400 | 403 | 404 | 409 | 413 | 429 = 200) => c.html(`<!doctype html>${String(node)}`, status);
  const notFound = (c: Context, ctx: PageContext) =>
    html(
      c,
      <Layout ctx={ctx} title={tr(ctx.lang, 'Không tìm thấy', 'Not found')} section="submissions">
        <h1>{tr(ctx.lang, 'Không tìm thấy', 'Not found')}</h1>
        <p>{tr(ctx.lang, 'Không có trang hoặc hồ sơ này, hoặc tài khoản của bạn không được xem.', 'There is no such page or record, or your account may not see it.')}</p>
      </Layout>,
      404,
    );

  /** Pages that need a signed-in principal (optionally of some roles): redirect to sign-in otherwise. */
  const signedIn =
    (roles: Principal['role'][] | undefined, handler: (c: Context, ctx: PageContext & { principal: Principal }) => Response | Promise<Response>) =>
    async (c: Context) => {
      const ctx = await contextOf(c);
      if (!ctx.principal) return c.redirect(`/dang-nhap?next=${encodeURIComponent(ctx.here)}`, 303);
      if (roles && !roles.includes(ctx.principal.role)) return notFound(c, ctx);
      return handler(c, ctx as PageContext & { principal: Principal });
    };

  app.get('/web/app.css', (c) => c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }));
  app.get('/web/app.js', (c) => c.body(JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }));

  app.get('/', pageHeaders, async (c) => {
    const ctx = await contextOf(c);
    if (!ctx.principal) return c.redirect('/dang-nhap', 303);
    return c.redirect(homeOf(ctx.principal), 303);
  });

  // ---- sign-in ---------------------------------------------------------------------------------
  app.get('/dang-nhap', pageHeaders, async (c) => html(c, <SignInPage ctx={await contextOf(c)} next={safeNext(c.req.query('next'))} />));
  app.post('/dang-nhap', pageHeaders, sameOrigin, async (c) => {
    const ctx = await contextOf(c);
    const form = await c.req.parseBody();
    const username = String(form.username ?? '').trim().slice(0, 100);
    const password = String(form.password ?? '').slice(0, 200);
    const next = safeNext(String(form.next ?? ''));
    const ip = deps.clientIp(c);
    const wrong = tr(ctx.lang, 'Sai tên đăng nhập hoặc mật khẩu.', 'Wrong username or password.');
    const wait = await backoff.heldBackFor(username, ip, clock());
    if (wait > 0) {
      // Answered like a wrong password (nothing tells a guesser whether the account exists), plus Retry-After.
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return html(c, <SignInPage ctx={ctx} next={next} username={username} error={`${wrong} ${tr(ctx.lang, `Thử lại sau ${Math.ceil(wait / 1000)} giây.`, `Try again in ${Math.ceil(wait / 1000)} s.`)}`} />, 429);
    }
    const principal = await authenticate(store, username, password);
    if (!principal) {
      await backoff.recordFailure(username, ip, clock());
      return html(c, <SignInPage ctx={ctx} next={next} username={username} error={wrong} />, 400);
    }
    await backoff.recordSuccess(principal.username);
    await startSession(c, await secret(), principal, clock());
    return c.redirect(next === '/' ? homeOf(principal) : next, 303);
  });
  app.post('/dang-xuat', sameOrigin, (c) => {
    endSession(c);
    return c.redirect('/dang-nhap', 303);
  });

  // ---- submissions -----------------------------------------------------------------------------
  app.get(
    '/ho-so',
    pageHeaders,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const q = (k: string, allowed: Set<string>) => (allowed.has(c.req.query(k) ?? '') ? c.req.query(k) : undefined);
      const filter: SubmissionFilter = {
        verdict: q('verdict', VERDICTS) as SubmissionFilter['verdict'],
        status: q('status', STATUSES) as SubmissionFilter['status'],
        kind: q('kind', KINDS) as SubmissionFilter['kind'],
        facility: c.req.query('facility') || undefined,
        rule: /^[A-Z0-9_.]{3,80}$/.test(c.req.query('rule') ?? '') ? c.req.query('rule') : undefined,
        month: /^\d{4}-\d{2}$/.test(c.req.query('month') ?? '') ? c.req.query('month') : undefined,
        page: Number(c.req.query('page')) || 1,
      };
      const list = await listSubmissionsFor(store, ctx.principal, filter);
      const facilities = await readableFacilities(store, ctx.principal);
      return html(c, <SubmissionListPage ctx={ctx} filter={filter} list={list} facilities={facilities} />);
    }),
  );

  app.get(
    '/ho-so/:maGiaoDich',
    pageHeaders,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const sub = await submissionFor(store, ctx.principal, (c.req.param('maGiaoDich') ?? ''));
      if (!sub) return notFound(c, ctx);
      const outcome = c.req.query('outcome');
      const filter: FindingFilter = {
        table: c.req.query('table') || undefined,
        outcome: outcome && OUTCOMES.has(outcome) ? (outcome as FindingFilter['outcome']) : undefined,
        rule: c.req.query('rule') || undefined,
        xml: c.req.query('xml') || undefined,
      };
      return html(c, <SubmissionPage ctx={ctx} sub={sub} result={resultOf(sub)} pkg={decodedPackageOf(sub)} filter={filter} facilityName={(await store.getFacility(sub.maCSKCB))?.ten} />);
    }),
  );

  /** Live progress of a pending submission's check (server-sent events; the page works without them). */
  app.get(
    '/ho-so/:maGiaoDich/su-kien',
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const id = (c.req.param('maGiaoDich') ?? '');
      if (!(await submissionFor(store, ctx.principal, id))) return c.text('Not Found', 404);
      return streamSSE(c, async (stream) => {
        for (let i = 0; i < 600 && !stream.aborted; i++) {
          const sub = await store.getSubmission(id);
          const done = !sub || sub.status !== 'pending';
          await stream.writeSSE({ event: 'status', data: JSON.stringify({ done, text: done ? tr(ctx.lang, 'Đã có kết quả; đang tải lại…', 'Checked; reloading…') : tr(ctx.lang, 'Đang kiểm tra…', 'Checking…') }) });
          if (done) return;
          await stream.sleep(250);
        }
      });
    }),
  );

  app.get(
    '/ho-so/:maGiaoDich/:file',
    downloadHeaders,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const sub = await submissionFor(store, ctx.principal, (c.req.param('maGiaoDich') ?? ''));
      if (!sub) return notFound(c, ctx);
      const file = (c.req.param('file') ?? '');
      const name = `sskdt-${sub.maGiaoDich}`;
      const attach = (body: string | Uint8Array, type: string, ext: string) =>
        c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}.${ext}"`, 'X-Content-Type-Options': 'nosniff' });
      if (file === 'tep.xml') return sub.fileBytes ? attach(sub.fileBytes, 'application/xml', 'xml') : notFound(c, ctx);
      const result = resultOf(sub);
      if (!result) return notFound(c, ctx);
      const generatedAt = new Date(clock()).toISOString();
      if (file === 'bao-cao.html') return attach(renderHtml(result, { generatedAt, version: deps.version }), 'text/html; charset=utf-8', 'html');
      if (file === 'bao-cao.json') return attach(renderJson(result, { generatedAt, version: deps.version }), 'application/json', 'json');
      if (file === 'bao-cao.junit.xml') return attach(renderJunit([result]), 'application/xml', 'junit.xml');
      if (file === 'bao-cao.sarif') return attach(renderSarif([result], { lookupRule: ruleMeta, toolVersion: deps.version }), 'application/sarif+json', 'sarif');
      return notFound(c, ctx);
    }),
  );

  // ---- health book -----------------------------------------------------------------------------
  app.get(
    '/so-suc-khoe',
    pageHeaders,
    signedIn(['facility', 'reviewer'], (c, ctx) => {
      const id = (c.req.query('id') ?? '').trim();
      if (id) return c.redirect(`/so-suc-khoe/${encodeURIComponent(id)}`, 303);
      return html(c, <HealthBookSearchPage ctx={ctx} />);
    }),
  );
  app.get(
    '/so-suc-khoe/:id',
    pageHeaders,
    signedIn(['facility', 'reviewer'], async (c, ctx) => {
      const id = c.req.param('id') ?? '';
      // the stored XML is parsed in the worker pool when there is one (as for /api/sim/so-suc-khoe)
      const project = deps.checker.project?.bind(deps.checker);
      const view = project ? await healthBookForOffLoop(store, ctx.principal, id, project) : await healthBookFor(store, ctx.principal, id);
      if (!view) return html(c, <HealthBookSearchPage ctx={ctx} id={id} error={tr(ctx.lang, 'Không có hồ sơ nào mà tài khoản của bạn được xem cho mã này.', 'No record your account may see has this id.')} />, 404);
      return html(c, <HealthBookPage ctx={ctx} view={view} />);
    }),
  );

  // ---- the Department's board ------------------------------------------------------------------
  app.get(
    '/tinh',
    pageHeaders,
    signedIn(['reviewer'], async (c, ctx) => {
      const p = ctx.principal as Extract<Principal, { role: 'reviewer' }>;
      const periods = recentPeriods(clock());
      const asked = c.req.query('period');
      const report = await sixMonthlyReportFor(store, { period: asked && periods.includes(asked) ? asked : periods[0], maTinh: p.maTinh, now: new Date(clock()) });
      return html(
        c,
        <ProvinceBoardPage ctx={ctx} board={await provinceBoardFor(store, p)} month={c.req.query('month')} maTinh={p.maTinh} extra={<SixMonthlySection lang={ctx.lang} report={report} periods={periods} />} />,
      );
    }),
  );
  for (const ext of ['csv', 'xlsx'] as const)
  app.get(
    `/tinh/bao-cao-6-thang.${ext}`,
    downloadHeaders,
    signedIn(['reviewer'], async (c, ctx) => {
      const p = ctx.principal as Extract<Principal, { role: 'reviewer' }>;
      const periods = recentPeriods(clock());
      const asked = c.req.query('period') ?? '';
      if (!periods.includes(asked)) return notFound(c, ctx);
      const report = await sixMonthlyReportFor(store, { period: asked, maTinh: p.maTinh, now: new Date(clock()) });
      const name = `bao-cao-6-thang-${report.period.id}-${p.maTinh}`;
      if (ext === 'csv') return c.body(sixMonthlyCsv(report), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
      return c.body(new Uint8Array(await sixMonthlyXlsx(report)), 200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${name}.xlsx"` });
    }),
  );

  // ---- playground (trainers) -------------------------------------------------------------------
  // A trainer sends "as" any facility with an open account (the facility list is registry data, not personal data).
  const playgroundFacilities = async (_p: Principal) => (await store.listFacilities()).filter((f) => f.accounts.some((a) => !a.locked)).map((f) => ({ maCSKCB: f.maCSKCB, ten: f.ten }));
  const defaultForm = async (p: Principal): Promise<PlaygroundForm> => ({ source: 'scenario', scenarioId: 'noitru-bhyt', seed: '1', layout: '3176', facility: (await playgroundFacilities(p))[0]?.maCSKCB ?? '52001', ruleId: '', endpoint: 'guiHoSoXmlQD3176', pasted: '' });
  const playgroundPage = async (c: Context, ctx: PageContext & { principal: Principal }, form: PlaygroundForm, extra: { outcome?: PlaygroundOutcome; error?: string } = {}, status: 200 | 400 | 413 = 200) =>
    html(c, <PlaygroundPage ctx={ctx} form={form} scenarios={scenarioChoices()} mutations={mutationChoices(form.layout)} facilities={await playgroundFacilities(ctx.principal)} {...extra} />, status as 200);
  app.get('/thuc-hanh', pageHeaders, signedIn(['trainer'], async (c, ctx) => playgroundPage(c, ctx, await defaultForm(ctx.principal))));
  app.post(
    '/thuc-hanh',
    pageHeaders,
    sameOrigin,
    bodyLimit({ maxSize: PLAYGROUND_MAX_BYTES + 256 * 1024, onError: (c) => c.text('Tệp quá lớn / file too large', 413) }),
    signedIn(['trainer'], async (c, ctx) => {
      const body = await c.req.parseBody();
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      const base = await defaultForm(ctx.principal);
      const facilities = (await playgroundFacilities(ctx.principal)).map((f) => f.maCSKCB);
      const form: PlaygroundForm = {
        source: str('source') === 'paste' ? 'paste' : str('source') === 'file' ? 'file' : 'scenario',
        scenarioId: scenarioChoices().some((s) => s.id === str('scenario')) ? str('scenario') : base.scenarioId,
        seed: str('seed').trim().slice(0, 40) || '1',
        layout: str('layout') === '4750' ? '4750' : '3176',
        facility: facilities.includes(str('facility')) ? str('facility') : base.facility,
        ruleId: str('rule').trim(),
        endpoint: (PLAYGROUND_ENDPOINTS as string[]).includes(str('endpoint')) ? str('endpoint') : base.endpoint,
        pasted: pastedText(str('xml')),
      };
      if (form.ruleId && !mutationChoices(form.layout).get(form.ruleId.split('.')[0])?.includes(form.ruleId)) {
        return playgroundPage(c, ctx, form, { error: tr(ctx.lang, `Không có toán tử tạo lỗi cho quy tắc "${form.ruleId}".`, `No mutation operator for rule "${form.ruleId}".`) }, 400);
      }
      let input: PlaygroundInput;
      if (form.source === 'scenario') {
        input = { source: 'scenario', scenarioId: form.scenarioId, seed: form.seed, layout: form.layout, facility: form.facility, ruleId: form.ruleId || undefined };
      } else {
        const file = body.file;
        const bytes = form.source === 'file' ? (file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : undefined) : form.pasted ? new TextEncoder().encode(form.pasted) : undefined;
        if (!bytes) return playgroundPage(c, ctx, form, { error: tr(ctx.lang, 'Chưa có tệp hoặc nội dung XML.', 'No file or XML text given.') }, 400);
        if (bytes.byteLength > PLAYGROUND_MAX_BYTES) return playgroundPage(c, ctx, form, { error: tr(ctx.lang, 'Tệp vượt giới hạn kích thước.', 'The file is over the size limit.') }, 413);
        input = { source: 'file', bytes, endpoint: form.endpoint as SubmitEndpoint, facility: form.facility, ruleId: form.ruleId || undefined };
      }
      const outcome = await runPlayground({ store, config: deps.config, checker: deps.checker }, input, clock());
      return playgroundPage(c, ctx, form, { outcome });
    }),
  );

  // ---- certification runs, readiness, bundle verification (routes-certification.tsx) ------------
  mountCertificationPages(app, { store, certification: deps.certification, bundles: deps.bundles, dataDir: deps.config.dataDir, clock }, { html, notFound, signedIn, contextOf, pageHeaders, downloadHeaders, sameOrigin });

  // ---- API docs --------------------------------------------------------------------------------
  app.get('/doc/openapi.json', (c) => c.json(deps.openApi));
  const docViewer = pageHeaders;
  app.get('/doc', async (c, next) => {
    // API clients (and curl's */*) keep the JSON document; a browser asking for HTML gets the viewer.
    if (!(c.req.header('accept') ?? '').includes('text/html')) return c.json(deps.openApi);
    return docViewer(c, next);
  }, async (c) => html(c, <DocPage ctx={await contextOf(c)} doc={deps.openApi} />));
}

