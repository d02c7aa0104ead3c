/**
 * The portal simulator as a Hono app (no listening here: main.ts serves it, tests use app.request, msw.ts
 * wraps it). Paths, body encodings and answer shapes mirror the real BHXH portal (docs/portal-api.md);
 * simulator-only routes are marked with the header `X-Sskdt-Simulator-Only: true`.
 */
import { loaiHoSoWarning } from './loai-ho-so.ts';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { createTokenAuth, RateLimiter, SignInBackoff, type AuthResult, type Principal } from './access.ts';
import { configWith, type SimConfig } from './config.ts';
import { checkJsonShape, type JsonLimits } from './json-limits.ts';
import { CARD_RESULT_MESSAGES } from './card-codes.ts';
import { CheckScheduler, InlineChecker, failureSummary, jobFor, loadTrustAnchors, type Checker } from './checker.ts';
import { gateSubmission, type GateInput, type GateOutcome, type SubmitEndpoint } from './envelope-gate.ts';
import { buildOpenApi } from './openapi.ts';
import { DAMAGED_MESSAGE, readableSubmission, readHealthBook, readHealthBookOffLoop, readStats, submissionView } from './reads.ts';
import { mountWeb } from './web/routes.tsx';
import { ROUTES } from './schemas.ts';
import type { Account, Card, PortalStore, SubmissionStatus } from './store.ts';
import { registerReportRoutes, type LabRouteDeps } from './routes/reports.ts';
import { registerCertificationRoutes } from './routes/certification.ts';
import { RunBundles } from './certification/bundles.ts';
import { loadOrCreateLabKey, type LabKey } from './certification/lab-key.ts';
import { CertificationService } from './certification/service.ts';
import { registerReadinessRoutes } from './routes/readiness.ts';
import { registerCatalogueRoutes } from './routes/catalogues.ts';
import { generateEnvelopeXsd, generateXsd } from '../conformance/xsd.ts';
import { routePath } from 'hono/route';
import { PortalMetrics, requestIdFrom, silentLogger, type Logger } from './observability.ts';
import { FaultInjector, type FaultDecision } from './faults.ts';
import { registerFaultRoutes } from './routes/faults.ts';
import type { LayoutId } from '../conformance/result.ts';

export interface AppDeps {
  store: PortalStore;
  config?: SimConfig;
  /** milliseconds since the epoch; injected so tests can move time (token expiry) without sleeping */
  clock?: () => number;
  /** runs the conformance engine; default: in this thread */
  checker?: Checker;
  scheduler?: CheckScheduler;
  /** caller IP when the request carries no socket (app.request, msw) */
  defaultIp?: string;
  version?: string;
  /** structured logs (pino); default: silent (tests) — main.ts passes one writing JSON lines to stdout */
  logger?: Logger;
  /** Prometheus metrics; default: a fresh registry without process metrics */
  metrics?: PortalMetrics;
}

export interface Portal {
  app: Hono;
  scheduler: CheckScheduler;
  checker: Checker;
  config: SimConfig;
  /** failed sign-ins per username and address; the web sign-in uses the same instance as token/take */
  signInBackoff: SignInBackoff;
  /** the caller of a simulator-only read from the token headers (the same ones as a submission) */
  principalFromHeaders(c: Context): Promise<AuthResult>;
  metrics: PortalMetrics;
  logger: Logger;
  /** certification runs and their evidence bundles (the services behind /api/sim/cert and the run pages) */
  certification: CertificationService;
  bundles: RunBundles;
}

const SUBMIT_ENDPOINTS: SubmitEndpoint[] = ['checkInKcbQd3176', 'checkInKcbQd4750', 'guiHoSoXmlQD3176', 'guiHoSoXmlQD4750', 'guiHoSoXmlQD130'];
const SIM_ONLY_HEADER = 'X-Sskdt-Simulator-Only';
const DETAIL_HEADER = 'X-Sskdt-Detail';
const VN_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh has no DST
/** token/take and the card lookup carry a few short fields; token/take is read before anyone is authenticated */
const SMALL_BODY_CAP = 64 * 1024;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** yyyyMMddHHmmss in Asia/Ho_Chi_Minh. */
export function formatThoiGian(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

function formatExpiresIn(ms: number, nowMs: number, format: SimConfig['expiresInFormat']): string {
  if (format === 'seconds') return String(Math.max(0, Math.round((ms - nowMs) / 1000)));
  if (format === 'iso-local') {
    const d = new Date(ms + VN_OFFSET_MS);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`;
  }
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Body cap. With a Content-Length it decides from the header alone and leaves the body untouched, so
 * @hono/node-server's fast path reads it straight from the socket later (Hono's bodyLimit touches
 * `req.body`, which turns it into a web stream: measurably slower for 70 KB bodies). Without one
 * (chunked) it falls back to bodyLimit, which counts while streaming.
 */
function capBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>) {
  const streaming = bodyLimit({ maxSize, onError });
  return async (c: Context, next: () => Promise<void>) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) return onError(c);
      return next();
    }
    return streaming(c, next);
  };
}

/** A refused submission keeps at most this much of its body and of its decoded file (plus size and SHA-256). */
export const KEEP_REFUSED_BYTES = 64 * 1024;
/** maKetQua when an account's stored bytes would exceed SSKDT_ACCOUNT_QUOTA_BYTES (ours: the portal has no such code) */
export const QUOTA_CODE = '507';
/** the least a submission stores (used for the early quota check from Content-Length) */
const SMALLEST_STORED = 1;

/**
 * What is stored of a submission: everything when it is accepted; when it is refused, its size and SHA-256
 * (the gate's, in the row) and the first 64 KB of the body and of the decoded file — a refused 26 MB body
 * costs 128 KB, not 50 MB.
 */
export function keepForStorage(status: SubmissionStatus, raw: Uint8Array, fileBytes: Uint8Array | null) {
  if (status !== 'rejected') return { rawBody: raw, fileBytes, stored: undefined };
  const rawBody = raw.byteLength > KEEP_REFUSED_BYTES ? raw.slice(0, KEEP_REFUSED_BYTES) : raw;
  const keptFile = fileBytes && fileBytes.byteLength > KEEP_REFUSED_BYTES ? fileBytes.slice(0, KEEP_REFUSED_BYTES) : fileBytes;
  const truncated = rawBody.byteLength < raw.byteLength || (keptFile?.byteLength ?? 0) < (fileBytes?.byteLength ?? 0);
  return {
    rawBody,
    fileBytes: keptFile,
    stored: truncated ? { bodyBytes: raw.byteLength, keptBodyBytes: rawBody.byteLength, fileBytes: fileBytes?.byteLength ?? 0, keptFileBytes: keptFile?.byteLength ?? 0 } : undefined,
  };
}

/**
 * Bytes stored per account (body + decoded file), read from the store once per account and counted on from
 * there; over SSKDT_ACCOUNT_QUOTA_BYTES a submission is refused with QUOTA_CODE and nothing is stored.
 */
export class ByteQuota {
  private readonly used = new Map<string, number>();
  constructor(
    private readonly store: PortalStore,
    readonly limit: number,
  ) {}
  async usage(username: string): Promise<number> {
    let n = this.used.get(username);
    if (n === undefined) {
      n = await this.store.bytesStoredBy(username);
      this.used.set(username, n);
    }
    return n;
  }
  /** the refusal text when `adding` more bytes would pass the limit; undefined when within it (or no limit) */
  async over(username: string, adding: number): Promise<string | undefined> {
    if (this.limit <= 0) return undefined;
    const used = await this.usage(username);
    if (used + adding <= this.limit) return undefined;
    return `Vượt dung lượng lưu trữ của tài khoản ${username} trên phòng thử nghiệm: đã dùng ${used} byte, giới hạn ${this.limit} byte (SSKDT_ACCOUNT_QUOTA_BYTES); hồ sơ không được lưu`;
  }
  async add(username: string, bytes: number): Promise<void> {
    if (this.limit <= 0) return;
    this.used.set(username, (await this.usage(username)) + bytes);
  }
}

/** Request parameters with case-insensitive names (ASP.NET model binding); unknown names are ignored by the handlers. */
interface Params {
  get(name: string): string | undefined;
  raw: Uint8Array;
  fromForm: boolean;
  contentType: string;
}

class BodyError extends Error {
  /** true when a size/shape limit refused the body before it was parsed */
  constructor(
    message: string,
    readonly overLimit = false,
  ) {
    super(message);
  }
}

async function readBody(c: Context, jsonLimits: JsonLimits): Promise<Params> {
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const contentType = c.req.header('content-type') ?? '';
  const text = new TextDecoder().decode(raw);
  const map = new Map<string, string>();
  const trimmed = text.trimStart();
  const isJson = /json/i.test(contentType) || (!/x-www-form-urlencoded/i.test(contentType) && trimmed.startsWith('{'));
  if (isJson) {
    let obj: unknown;
    const violation = checkJsonShape(text, jsonLimits);
    if (violation) throw new BodyError(violation.message, true);
    try {
      obj = trimmed === '' ? {} : JSON.parse(text);
    } catch (err) {
      throw new BodyError(`Thân yêu cầu không phải JSON hợp lệ: ${(err as Error).message}`);
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new BodyError('Thân yêu cầu JSON phải là một đối tượng');
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      const key = k.toLowerCase();
      if (map.has(key)) continue;
      if (typeof v === 'string') map.set(key, v);
      else if (typeof v === 'number' || typeof v === 'boolean') map.set(key, String(v));
    }
  } else {
    parseForm(text, map);
  }
  return { get: (n) => map.get(n.toLowerCase()), raw, fromForm: !isJson, contentType: contentType || (isJson ? 'application/json' : 'application/x-www-form-urlencoded') };
}

/**
 * application/x-www-form-urlencoded → lower-cased keys (first occurrence wins). Same result as
 * URLSearchParams for valid input, ~3× faster on a 70 KB base64 field; a malformed %-escape falls back to
 * URLSearchParams' lenient decoding.
 */
export function parseForm(text: string, map: Map<string, string>): void {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const eq = text.indexOf('=', start);
      const hasEq = eq !== -1 && eq < end;
      const key = decodeFormComponent(text.slice(start, hasEq ? eq : end)).toLowerCase();
      if (!map.has(key)) map.set(key, hasEq ? decodeFormComponent(text.slice(eq + 1, end)) : '');
    }
    start = end + 1;
  }
}

function decodeFormComponent(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return new URLSearchParams(`x=${s}`).get('x') ?? '';
  }
}

function queryParams(c: Context): (name: string) => string | undefined {
  const map = new Map<string, string>();
  for (const [k, v] of new URL(c.req.url).searchParams) if (!map.has(k.toLowerCase())) map.set(k.toLowerCase(), v);
  return (n) => map.get(n.toLowerCase());
}

const eqCI = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function detail(text: string): string {
  return encodeURIComponent(text).slice(0, 2000);
}

/** Normalised name for comparing: NFC, upper case, single spaces. */
function normName(s: string): string {
  return s.normalize('NFC').toLocaleUpperCase('vi').replace(/\s+/g, ' ').trim();
}
function stripMarks(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/Đ/g, 'D').replace(/đ/g, 'd');
}

export function createPortal(deps: AppDeps): Portal {
  const { store } = deps;
  const config = deps.config ?? configWith();
  const clock = deps.clock ?? Date.now;
  const checker = deps.checker ?? new InlineChecker();
  const logger = deps.logger ?? silentLogger;
  const logError = (err: unknown, msg = 'request failed') => logger.error({ err }, msg);
  let scheduler: CheckScheduler;
  const metrics = deps.metrics ?? new PortalMetrics({ queueDepth: () => scheduler.backlog, checksPending: () => store.countSubmissions().then((c) => c.pending) });
  scheduler = deps.scheduler ?? new CheckScheduler(store, checker, config, (err) => logError(err, 'check failed'), { metrics, logger });
  // the token HMAC key: from the settings, else kept in the store (the same for every instance on it)
  let secretP: Promise<string> | undefined;
  const secret = (): Promise<string> => (secretP ??= config.tokenSecret !== undefined ? Promise.resolve(config.tokenSecret) : store.tokenSecret().catch((e) => { secretP = undefined; throw e; }));
  const version = deps.version ?? '0.1.0';
  // Body cap before reading: base64 grows 4/3, percent-encoding of '+' and '/' adds ~6 %, plus the other fields.
  const hardBodyCap = Math.ceil(config.maxFileBytes * (4 / 3) * 1.1) + 1024 * 1024;
  // The cap is on the request body; the vendor thinks in file size, so say both (and which limit applies).
  const overCapMessage = (bodyBytes?: number) =>
    `File size quá dài: thân yêu cầu ${bodyBytes !== undefined ? `${bodyBytes} byte ` : ''}vượt ${hardBodyCap} byte, tức tệp sau giải mã base64 vượt giới hạn ${config.maxFileBytes} byte`;

  // ASP.NET routes are case-insensitive: map any casing of a known path onto its canonical spelling.
  const canonical = new Map<string, string>();
  for (const r of ROUTES) if (!r.path.includes('{')) canonical.set(r.path.toLowerCase(), r.path);
  const app = new Hono({
    getPath: (req) => {
      const url = req.url;
      const start = url.indexOf('/', url.indexOf('://') + 3);
      const q = url.indexOf('?', start);
      const path = start === -1 ? '/' : url.slice(start, q === -1 ? undefined : q);
      return canonical.get(path.toLowerCase().replace(/(.)\/$/, '$1')) ?? path;
    },
  });

  // ---- request id, metrics, logs (before every other middleware: it times the whole request) --------
  /** what a portal route answered (maKetQua, maGiaoDich), for the results metric and the submission log line */
  const outcomes = new WeakMap<Request, { maKetQua: string; maGiaoDich?: string; maCSKCB?: string; bytes?: number }>();
  const note = (c: Context, maKetQua: string | undefined, extra: { maGiaoDich?: string; maCSKCB?: string; bytes?: number } = {}) => {
    const prev = outcomes.get(c.req.raw);
    outcomes.set(c.req.raw, { ...prev, ...extra, maKetQua: maKetQua ?? prev?.maKetQua ?? '' });
  };
  const requestIds = new WeakMap<Request, string>();
  app.use('*', async (c, next) => {
    const started = performance.now();
    const reqId = requestIdFrom(c.req.header('x-request-id'));
    requestIds.set(c.req.raw, reqId);
    try {
      await next();
    } finally {
      // (an injected dropped connection answers a network-error Response, whose headers are immutable)
      if (c.res.type !== 'error') c.res.headers.set('X-Request-Id', reqId);
      const pattern = routePath(c, -1);
      const route = pattern && !pattern.includes('*') ? pattern : c.res.status === 404 ? '(unmatched)' : pattern || '(unmatched)';
      const seconds = (performance.now() - started) / 1000;
      const method = c.req.method;
      metrics.requests.inc({ route, method, code: String(c.res.status) });
      metrics.duration.observe({ route, method }, seconds);
      const out = outcomes.get(c.req.raw);
      const endpoint = route.slice(route.lastIndexOf('/') + 1);
      if (out?.maKetQua) metrics.results.inc({ endpoint, maKetQua: out.maKetQua });
      const ms = Math.round(seconds * 10000) / 10;
      if (out?.maKetQua && (route.startsWith('/api/qd130/') || route === '/api/hososuckhoe/guiGiayToDienTu')) {
        // one line per submission received: what a trainer watches in the terminal
        logger.info({ reqId, endpoint, maCSKCB: out.maCSKCB, maKetQua: out.maKetQua, maGiaoDich: out.maGiaoDich || undefined, bytes: out.bytes, ms, ip: clientIp(c) }, `${endpoint} ${out.maCSKCB ?? '-'} → ${out.maKetQua}${out.maGiaoDich ? ` ${out.maGiaoDich}` : ''}`);
      } else if (logger.isLevelEnabled('debug')) {
        logger.debug({ reqId, method, route, status: c.res.status, ms }, `${method} ${route} ${c.res.status}`);
      }
    }
  });
  app.onError((err, c) => {
    // an HTTPException (e.g. the web layer's CSRF refusal) is an answer, not a failure
    if (err instanceof HTTPException) return err.getResponse();
    logger.error({ err, reqId: requestIds.get(c.req.raw) }, 'unhandled error');
    return c.text('Internal Server Error', 500);
  });

  const clientIp = (c: Context): string => {
    if (config.trustProxy) {
      const xff = c.req.header('x-forwarded-for');
      if (xff) return xff.split(',')[0].trim();
    }
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return env?.incoming?.socket?.remoteAddress ?? deps.defaultIp ?? 'unknown';
  };

  const tokenAuth = createTokenAuth({ store, config, clock, clientIp });
  const passwordMatches = tokenAuth.passwordMatches;
  /**
   * Token check of the portal's own routes (submissions, card lookup, giấy tờ): those are a facility's
   * business, so a reviewer's or trainer's token is refused there like any other bad token.
   */
  const verifyToken = async (c: Context, accessToken?: string, tokenId?: string, passwordHash?: string, username?: string): Promise<AuthResult> => {
    const auth = await tokenAuth.verify(c, accessToken, tokenId, passwordHash, username);
    if (auth.ok && auth.principal.role !== 'facility') return { ok: false, reason: `tài khoản ${auth.account.username} không phải tài khoản cơ sở KCB` };
    return auth;
  };
  const signInBackoff = SignInBackoff.fromConfig(config, store);
  /**
   * X-Sskdt-Detail: the reason of a refusal beyond the documented result code (why a token was refused, an
   * internal error). Only with SSKDT_DEBUG on: it would tell a guesser which part of a credential was wrong.
   */
  const setDetail = (c: Context, text: string) => {
    if (config.debug) c.header(DETAIL_HEADER, detail(text));
  };
  /** a system error: the caller gets the documented reason; the error text only with SSKDT_DEBUG (always in the log) */
  const systemError = (err: unknown, documented: string) => {
    logError(err);
    return config.debug ? `${documented}: ${(err as Error)?.message ?? String(err)}` : documented;
  };
  const jsonLimits: JsonLimits = { maxDepth: config.jsonMaxDepth, maxKeys: config.jsonMaxKeys };
  const lookupLimiter = RateLimiter.forStore(config.lookupsPerMinute, store, 'lookup');
  const quota = new ByteQuota(store, config.accountQuotaBytes);
  // Fault injection (simulator/faults.ts): plans per facility, seeded; plans bound to a run apply while it is open.
  let runOpen: (runId: string, maCSKCB: string) => Promise<boolean> = async () => false;
  const faults = new FaultInjector(store, clock, (runId, maCSKCB) => runOpen(runId, maCSKCB), (maCSKCB, event) => {
    for (const f of event.faults) metrics.faults.inc({ fault: f });
    logger.info({ maCSKCB, fault: event }, `fault injected for ${maCSKCB}: ${event.route} #${event.n} ${event.faults.join('+')}`);
  });
  /** Carries out an injected fault: waits the added latency, then ends the request when the fault says so. */
  const applyFault = async (c: Context, d: FaultDecision | undefined, shape: 'token' | 'qd130' | 'giayto' | 'card'): Promise<Response | undefined> => {
    if (!d) return undefined;
    if (d.latencyMs > 0) await new Promise((r) => setTimeout(r, d.latencyMs));
    if (!d.fail) return undefined;
    if (d.fail === 'drop') {
      // close the connection without an answer (a network error for the client); without a socket (msw,
      // app.request) a network-error Response does the same
      const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
      if (!socket) return Response.error();
      socket.destroy();
      return c.body(null, 500); // never delivered: the socket is gone
    }
    if (d.fail === 'maintenance') {
      c.header('Retry-After', String(d.retryAfter ?? 60));
      return c.text('Hệ thống đang bảo trì, vui lòng thử lại sau (mô phỏng)', 503);
    }
    if (d.fail === '503') {
      c.header('Retry-After', String(d.retryAfter ?? 1));
      return c.body(null, 503);
    }
    const now = formatThoiGian(clock());
    if (shape === 'giayto') return c.json({ MaKetQua: '500', MaGD: '', ThoiGianTiepNhan: now }, 500);
    if (shape === 'card') return c.json(cardAnswer('500', null), 500);
    if (shape === 'token') return c.json({ maKetQua: '500', thongDiep: 'Lỗi hệ thống, vui lòng thử lại sau' }, 500);
    note(c, '500');
    return c.json({ maKetQua: '500', maGiaoDich: '', thoiGianTiepNhan: now, thongDiep: 'Lỗi hệ thống' }, 500);
  };
  const cardLookupLimiter = RateLimiter.forStore(config.cardLookupsPerMinute, store, 'card-lookup');

  const authFailure = (c: Context, shape: 'qd130' | 'giayto' | 'card', reason: string) => {
    note(c, '401');
    setDetail(c, reason);
    if (config.authFailure === 'http401-empty') return c.body(null, 401);
    const now = formatThoiGian(clock());
    if (shape === 'giayto') return c.json({ MaKetQua: '401', MaGD: '', ThoiGianTiepNhan: now });
    if (shape === 'card') return c.json(cardAnswer('401', null));
    return c.json({ maKetQua: '401', maGiaoDich: '', thoiGianTiepNhan: now, thongDiep: config.debug ? `Lỗi xác thực tài khoản: ${reason}` : 'Lỗi xác thực tài khoản' });
  };

  const qd130Answer = (c: Context, maKetQua: string, maGiaoDich: string, receivedMs: number, thongDiep: string) => {
    note(c, maKetQua, { maGiaoDich });
    if (maKetQua !== '200' || thongDiep !== config.successText) setDetail(c, thongDiep);
    return c.json({ maKetQua, maGiaoDich, thoiGianTiepNhan: formatThoiGian(receivedMs), thongDiep });
  };

  // Bodies are capped while they stream in (also without Content-Length): nothing over the cap is buffered.
  const overCap = (c: Context, shape: 'qd130' | 'giayto') => {
    const message = overCapMessage();
    note(c, '1001');
    setDetail(c, message);
    const now = formatThoiGian(clock());
    return shape === 'giayto' ? c.json({ MaKetQua: '1001', MaGD: '', ThoiGianTiepNhan: now }) : c.json({ maKetQua: '1001', maGiaoDich: '', thoiGianTiepNhan: now, thongDiep: message });
  };
  app.use('/api/qd130/*', capBody(hardBodyCap, (c) => overCap(c, 'qd130')));
  app.use('/api/hososuckhoe/*', capBody(hardBodyCap, (c) => overCap(c, 'giayto')));
  for (const small of ['/api/token/*', '/api/egw/*']) app.use(small, capBody(SMALL_BODY_CAP, (c) => c.body(null, 413)));

  // ---- token -------------------------------------------------------------------------------------
  app.post('/api/token/take', async (c) => {
    const now = clock();
    try {
      let body: Params;
      try {
        body = await readBody(c, jsonLimits);
      } catch (err) {
        setDetail(c, (err as Error).message);
        return c.json({ maKetQua: '401', thongDiep: `Yêu cầu không đọc được: ${(err as Error).message}` });
      }
      const username = body.get('username') ?? '';
      const password = body.get('password') ?? '';
      const ip = clientIp(c);
      // Held back after too many failures: answered like a wrong password, without looking at the password.
      const wait = await signInBackoff.heldBackFor(username, ip, now);
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        setDetail(c, `Đăng nhập sai quá nhiều lần: thử lại sau ${Math.ceil(wait / 1000)} giây`);
        return c.json({ maKetQua: '401', thongDiep: `Đăng nhập sai quá nhiều lần: thử lại sau ${Math.ceil(wait / 1000)} giây` });
      }
      const account = username ? await store.getAccount(username) : undefined;
      if (!account) {
        await signInBackoff.recordFailure(username, ip, now);
        setDetail(c, 'Tài khoản không tồn tại');
        return c.json({ maKetQua: '401', thongDiep: 'Sai tên đăng nhập hoặc mật khẩu' });
      }
      // The password first: 402 and 403 are answered only to a caller who knows the password, so neither
      // tells a guesser that the username exists.
      if (!passwordMatches(password, account)) {
        await signInBackoff.recordFailure(account.username, ip, now);
        setDetail(c, config.md5StrictCase && password.toUpperCase() === account.passwordMd5 ? 'Mật khẩu MD5 phải viết hoa (chế độ nghiêm ngặt)' : 'Sai mật khẩu');
        // the same reason as an unknown account: the body must not tell which of the two was wrong
        return c.json({ maKetQua: '401', thongDiep: 'Sai tên đăng nhập hoặc mật khẩu' });
      }
      const claimedFacility = body.get('maCSKCB') ?? body.get('maCskcb');
      if (claimedFacility !== undefined && claimedFacility !== account.maCSKCB) {
        setDetail(c, `Mã cơ sở KCB không đúng: ${claimedFacility}`);
        return c.json({ maKetQua: '402', thongDiep: `Mã cơ sở KCB không đúng với tài khoản: ${claimedFacility}` });
      }
      if (account.locked) {
        setDetail(c, 'Tài khoản đã bị khóa');
        return c.json({ maKetQua: '403', thongDiep: 'Tài khoản đã bị khóa' });
      }
      await signInBackoff.recordSuccess(account.username);
      const fault = account.role === 'facility' ? await faults.next(account.maCSKCB, 'token') : undefined;
      const faulted = await applyFault(c, fault, 'token');
      if (faulted) return faulted;
      const idToken = randomUUID();
      const expiresAt = now + config.tokenTtlSeconds * 1000;
      // an injected early expiry: the token dies sooner than the expires_in it is announced with
      const validUntil = fault?.tokenTtlSeconds !== undefined ? Math.min(expiresAt, now + fault.tokenTtlSeconds * 1000) : expiresAt;
      const accessToken = createHmac('sha256', await secret()).update(`${account.username}|${ip}|${idToken}|${now}`).digest('hex');
      await store.addToken({ idToken, accessToken, username: account.username, ip, issuedAt: now, expiresAt: validUntil });
      return c.json({
        maKetQua: '200',
        APIKey: { access_token: accessToken, id_token: idToken, token_type: config.tokenType, username: account.username, expires_in: formatExpiresIn(expiresAt, now, config.expiresInFormat) },
      });
    } catch (err) {
      setDetail(c, systemError(err, 'Lỗi hệ thống'));
      return c.json({ maKetQua: '500', thongDiep: 'Lỗi hệ thống, vui lòng thử lại sau' });
    }
  });

  // ---- QĐ 130 submissions and check-in -------------------------------------------------------------
  const submit = async (c: Context, endpoint: SubmitEndpoint) => {
    const receivedMs = clock();
    try {
      const auth = await verifyToken(c, c.req.header('accessToken'), c.req.header('tokenId'), c.req.header('passwordHash'));
      if (!auth.ok) return authFailure(c, 'qd130', auth.reason);
      const account = auth.account;
      note(c, undefined, { maCSKCB: account.maCSKCB, bytes: Number(c.req.header('content-length')) || undefined });
      const fault = await faults.next(account.maCSKCB, 'submit');
      const faulted = await applyFault(c, fault, 'qd130');
      if (faulted) return faulted;
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > hardBodyCap) return qd130Answer(c, '1001', '', receivedMs, overCapMessage(declared));
      // over the account's byte quota already (or with this body): refused before the body is read
      const overEarly = await quota.over(account.username, Number.isFinite(declared) ? Math.min(declared, SMALLEST_STORED) : 0);
      if (overEarly) return qd130Answer(c, QUOTA_CODE, '', receivedMs, overEarly);
      let body: Params;
      try {
        body = await readBody(c, jsonLimits);
      } catch (err) {
        if (err instanceof BodyError) return qd130Answer(c, '205', '', receivedMs, err.message);
        throw err;
      }
      if (body.raw.byteLength > hardBodyCap) return qd130Answer(c, '1001', '', receivedMs, overCapMessage(body.raw.byteLength));
      const username = body.get('username');
      if (username !== undefined && !eqCI(username, account.username)) return authFailure(c, 'qd130', 'username không khớp với token');
      const maCSKCB = body.get('maCSKCB');
      const fileHSBase64 = body.get('fileHSBase64');
      const missing = [!maCSKCB && 'maCSKCB', fileHSBase64 === undefined && 'fileHSBase64'].filter(Boolean);
      if (missing.length) return qd130Answer(c, '205', '', receivedMs, `Thiếu tham số: ${missing.join(', ')}`);
      if (maCSKCB !== account.maCSKCB) return qd130Answer(c, config.crossFacilityCode, '', receivedMs, `maCSKCB ${maCSKCB} không thuộc tài khoản ${account.username} (cơ sở ${account.maCSKCB})`);
      const maTinh = body.get('maTinh') ?? '';
      if (config.checkMaTinh && maTinh !== maCSKCB!.slice(0, 2)) return qd130Answer(c, '205', '', receivedMs, `maTinh "${maTinh}" không khớp với 2 ký tự đầu của maCSKCB ${maCSKCB}`);
      const gateInput: GateInput = {
        endpoint,
        base64: fileHSBase64!,
        fromForm: body.fromForm,
        accountFacility: account.maCSKCB,
        maxFileBytes: Math.min(config.maxFileBytes, fault?.maxFileBytes ?? Infinity),
        maxDepth: config.maxDepth,
        formSpaceToPlus: config.formSpaceToPlus,
      };
      const gate: GateOutcome = fileHSBase64!.length * 0.75 > config.inlineGateMaxBytes ? await checker.gate(gateInput) : gateSubmission(gateInput);
      const receivedAt = new Date(receivedMs).toISOString();
      let maKetQua: string = gate.maKetQua;
      let thongDiep = gate.maKetQua === '200' ? config.successText : gate.message;
      let status: SubmissionStatus = gate.maKetQua === '200' ? 'pending' : 'rejected';
      let checkResult: unknown;
      let syncVerdictOf: unknown;
      let healthBookKeys: string[] | undefined;
      if (gate.maKetQua === '200' && gate.fileBytes && config.results === 'sync') {
        const outcome = await checker.check({ ...(await jobFor(store, config, { fileBytes: gate.fileBytes, endpoint, maCSKCB: account.maCSKCB, receivedAt })), forStore: 'also' });
        status = 'done';
        if (!outcome.ok) checkResult = { engineError: outcome.error };
        else if (outcome.result) {
          checkResult = outcome.stored ?? outcome.result;
          syncVerdictOf = outcome.result;
          healthBookKeys = outcome.healthBookKeys;
          const summary = failureSummary(outcome.result);
          if (summary) thongDiep = summary;
          const sigFail = outcome.result.findings.some((f) => f.ruleId.startsWith('SIG.') && (f.outcome === 'fail' || f.outcome === 'error'));
          if (sigFail && config.signatureMode === 'required') maKetQua = config.signatureRejectCode;
        }
      }
      // loaiHoSo against the endpoint: a warning in the answer, not a refusal (real validation unknown)
      const loaiWarning = gate.maKetQua === '200' ? loaiHoSoWarning(endpoint, body.get('loaiHoSo')) : undefined;
      if (loaiWarning) thongDiep = `${thongDiep}. ${loaiWarning}`;
      const kept = keepForStorage(status, body.raw, gate.fileBytes);
      const over = await quota.over(account.username, kept.rawBody.byteLength + (kept.fileBytes?.byteLength ?? 0));
      if (over) return qd130Answer(c, QUOTA_CODE, '', receivedMs, over);
      const { id, maGiaoDich } = await store.addSubmission({
        endpoint,
        username: account.username,
        maCSKCB: account.maCSKCB,
        loaiHoSo: body.get('loaiHoSo') ?? '',
        maTinh,
        contentType: body.contentType,
        clientIp: clientIp(c),
        // Over the limit: keep the record of the attempt, not the megabytes.
        ...kept,
        fileSize: gate.fileSize,
        sha256: gate.sha256,
        receivedAt,
        thoiGianTiepNhan: formatThoiGian(receivedMs),
        maKetQua,
        thongDiep,
        status,
        envelopeResult: { maKetQua: gate.maKetQua, code: gate.code, message: gate.message, location: gate.location, summary: gate.summary, ...(kept.stored ? { stored: kept.stored } : {}) },
        checkResult,
        healthBookKeys,
      });
      await quota.add(account.username, kept.rawBody.byteLength + (kept.fileBytes?.byteLength ?? 0));
      certification.arrived(account.maCSKCB);
      // a check done in sync mode is counted here (the scheduler counts the asynchronous ones)
      if (checkResult !== undefined) metrics.verdict(syncVerdictOf ?? checkResult);
      if (status === 'pending') {
        // an injected result delay: the check is queued only after it (a restart resumes it like any pending one)
        if (fault?.resultDelayMs) setTimeout(() => scheduler.enqueue(id), fault.resultDelayMs).unref();
        else scheduler.enqueue(id);
      }
      return qd130Answer(c, maKetQua, maGiaoDich, receivedMs, thongDiep);
    } catch (err) {
      return qd130Answer(c, '500', '', receivedMs, systemError(err, 'Lỗi hệ thống'));
    }
  };
  for (const ep of SUBMIT_ENDPOINTS)
    app.post(`/api/qd130/${ep}`, async (c) => {
      scheduler.intakeStarted();
      try {
        return await submit(c, ep);
      } finally {
        scheduler.intakeEnded();
      }
    });

  // ---- card lookup -------------------------------------------------------------------------------
  const CARD_FIELDS = ['maThe', 'hoTen', 'ngaySinh', 'gioiTinh', 'diaChi', 'maDKBD', 'cqBHXH', 'gtTheTu', 'gtTheDen', 'maKV', 'ngayDu5Nam', 'maSoBHXH', 'maTheCu', 'maTheMoi', 'gtTheTuMoi', 'gtTheDenMoi', 'maDKBDMoi', 'tenDKBDMoi'];
  function cardAnswer(code: string, card: Card | null, note?: string): Record<string, unknown> {
    const out: Record<string, unknown> = { maKetQua: code, ghiChu: note ?? CARD_RESULT_MESSAGES[code] ?? '' };
    for (const f of CARD_FIELDS) out[f] = card ? (card.data[f] ?? null) : null;
    out.dsLichSuKCB2018 = null;
    out.dsLichSuKT2018 = null;
    out.TEMP1 = null;
    out.TEMP2 = null;
    out.userKT = null;
    out.thoiGianKT = formatThoiGian(clock());
    out.thongbao = null;
    out.maLoi = null;
    return out;
  }
  const provinces = loadProvinceCodes();

  app.post('/api/egw/KQNhanLichSuKCB2024', async (c) => {
    try {
      const q = queryParams(c);
      const auth = await verifyToken(c, q('token'), q('id_token'), q('password'), q('username'));
      if (!auth.ok) return authFailure(c, 'card', auth.reason);
      const faulted = await applyFault(c, await faults.next(auth.account.maCSKCB, 'card'), 'card');
      if (faulted) return faulted;
      // Every lookup returns a person's data: a budget per account keeps the registry from being walked.
      const wait = await cardLookupLimiter.take(auth.account.username, clock());
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        return c.json(cardAnswer('429', null, `Quá nhiều lượt tra cứu thẻ (giới hạn ${config.cardLookupsPerMinute} lượt/phút cho mỗi tài khoản); thử lại sau ${Math.ceil(wait / 1000)} giây`), 429);
      }
      let body: Params;
      try {
        body = await readBody(c, jsonLimits);
      } catch (err) {
        return c.json(cardAnswer('205', null, `${CARD_RESULT_MESSAGES['205']}: ${(err as Error).message}`));
      }
      const maThe = (body.get('maThe') ?? '').trim().toUpperCase();
      const hoTen = body.get('hoTen') ?? '';
      const ngaySinh = (body.get('ngaySinh') ?? '').trim();
      const missing = ['maThe', 'hoTen', 'ngaySinh', 'hoTenCb', 'cccdCb'].filter((k) => !(body.get(k) ?? '').trim());
      if (missing.length) return c.json(cardAnswer('205', null, `${CARD_RESULT_MESSAGES['205']}: thiếu ${missing.join(', ')}`));
      if (!/^(\d{2}\/\d{2}\/\d{4}|\d{4})$/.test(ngaySinh)) return c.json(cardAnswer('205', null, `${CARD_RESULT_MESSAGES['205']}: ngaySinh phải là dd/MM/yyyy hoặc yyyy`));
      if (!/^\d{12}$/.test((body.get('cccdCb') ?? '').trim())) return c.json(cardAnswer('205', null, `${CARD_RESULT_MESSAGES['205']}: cccdCb phải gồm 12 chữ số`));
      let card: Card | undefined;
      if (/^\d{10}$/.test(maThe)) {
        card = await store.findCardByMaSoBHXH(maThe);
      } else {
        if (!/^[A-Z]{2}\d{13}$/.test(maThe)) return c.json(cardAnswer('051', null));
        if (!/^[1-5]$/.test(maThe[2])) return c.json(cardAnswer('053', null));
        if (!provinces.has(maThe.slice(3, 5))) return c.json(cardAnswer('052', null));
        card = await store.getCard(maThe);
      }
      if (!card) return c.json(cardAnswer('050', null));
      // Real clients send hoTen without diacritics and in any case (a public client strips them, saying the portal
      // accepts it): names match ignoring diacritics, case and extra spaces.
      if (stripMarks(normName(hoTen)) !== stripMarks(normName(card.hoTen))) {
        const sameFirst = stripMarks(normName(hoTen))[0] === stripMarks(normName(card.hoTen))[0];
        return c.json(cardAnswer(sameFirst ? '061' : '060', null));
      }
      const year = (d: string) => d.slice(-4);
      const dobOk = ngaySinh.length === 4 || card.ngaySinh.length === 4 ? year(ngaySinh) === year(card.ngaySinh) : ngaySinh === card.ngaySinh;
      if (!dobOk) return c.json(cardAnswer('070', null));
      const code = card.scenario;
      const withData = ['000', '001', '002', '003', '004', '010', '054', '055', '110', '120', '121', '122', '123', '124', '130'].includes(code);
      return c.json(cardAnswer(code, withData ? card : null));
    } catch (err) {
      return c.json(cardAnswer('500', null, systemError(err, CARD_RESULT_MESSAGES['500'])));
    }
  });

  // ---- giấy tờ điện tử (birth / death papers) ----------------------------------------------------
  app.post('/api/hososuckhoe/guiGiayToDienTu', async (c) => {
    const receivedMs = clock();
    const answer = (code: string, maGD: string, message?: string) => {
      note(c, code, { maGiaoDich: maGD });
      if (message) setDetail(c, message);
      return c.json({ MaKetQua: code, MaGD: maGD, ThoiGianTiepNhan: formatThoiGian(receivedMs) });
    };
    try {
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > hardBodyCap) return answer('1001', '', overCapMessage(declared));
      let body: Params;
      try {
        body = await readBody(c, jsonLimits);
      } catch (err) {
        // The credentials of this route are inside the body: a body refused by a shape limit was never
        // authenticated, so it gets the answer of a bad token (and nothing of it is stored).
        if (err instanceof BodyError && err.overLimit) return authFailure(c, 'giayto', err.message);
        return answer('205', '', (err as Error).message);
      }
      const auth = await verifyToken(c, body.get('token'), body.get('id_token'), body.get('password'), body.get('username'));
      if (!auth.ok) return authFailure(c, 'giayto', auth.reason);
      const account = auth.account;
      note(c, undefined, { maCSKCB: account.maCSKCB, bytes: Number(c.req.header('content-length')) || undefined });
      const fault = await faults.next(account.maCSKCB, 'giayto');
      const faulted = await applyFault(c, fault, 'giayto');
      if (faulted) return faulted;
      const maCskcb = body.get('maCskcb');
      const loaiHs = (body.get('loaiHs') ?? '').trim();
      const file = body.get('fileBase64Str');
      const missing = [!maCskcb && 'maCskcb', !loaiHs && 'loaiHs', file === undefined && 'fileBase64Str'].filter(Boolean);
      if (missing.length) return answer('205', '', `Thiếu tham số: ${missing.join(', ')}`);
      if (maCskcb !== account.maCSKCB) return answer(config.crossFacilityCode, '', `maCskcb ${maCskcb} không thuộc tài khoản ${account.username}`);
      // In the worker pool like every other gate: parsing an untrusted file never runs on the event loop.
      const gate = await checker.gateGiayTo({ loaiHs, base64: file!, fromForm: body.fromForm, formSpaceToPlus: config.formSpaceToPlus, maxFileBytes: Math.min(config.maxFileBytes, fault?.maxFileBytes ?? Infinity), maxDepth: config.maxDepth });
      const gStatus: SubmissionStatus = gate.maKetQua === '200' ? 'done' : 'rejected';
      const kept = keepForStorage(gStatus, body.raw, gate.fileBytes);
      const over = await quota.over(account.username, kept.rawBody.byteLength + (kept.fileBytes?.byteLength ?? 0));
      if (over) return answer(QUOTA_CODE, '', over);
      const { maGiaoDich } = await store.addSubmission({
        endpoint: 'guiGiayToDienTu',
        username: account.username,
        maCSKCB: account.maCSKCB,
        loaiHoSo: loaiHs,
        maTinh: account.maCSKCB.slice(0, 2),
        contentType: body.contentType,
        clientIp: clientIp(c),
        ...kept,
        fileSize: gate.fileSize,
        sha256: gate.sha256,
        receivedAt: new Date(receivedMs).toISOString(),
        thoiGianTiepNhan: formatThoiGian(receivedMs),
        maKetQua: gate.maKetQua,
        thongDiep: gate.maKetQua === '200' ? config.successText : gate.message,
        status: gStatus,
        envelopeResult: { maKetQua: gate.maKetQua, code: gate.code, message: gate.message, location: gate.location, root: gate.root, ...(kept.stored ? { stored: kept.stored } : {}) },
        giayTo: { loaiHs, root: gate.root },
      });
      await quota.add(account.username, kept.rawBody.byteLength + (kept.fileBytes?.byteLength ?? 0));
      return answer(gate.maKetQua, maGiaoDich, gate.maKetQua === '200' ? undefined : gate.message);
    } catch (err) {
      return answer('500', '', systemError(err, 'Lỗi hệ thống'));
    }
  });

  // ---- simulator-only ----------------------------------------------------------------------------
  const simOnly = async (c: Context, next: () => Promise<void>) => {
    await next();
    c.res.headers.set(SIM_ONLY_HEADER, 'true');
  };
  app.use('/api/sim/*', simOnly);
  app.use('/xsd/*', simOnly);
  app.use('/doc', simOnly);
  app.use('/health', simOnly);

  /**
   * Simulator-only reads need the token headers of a facility (or a reviewer/trainer) account; a record the
   * caller may not read answers 404 exactly like a missing one (simulator/access.ts canRead).
   */
  const requirePrincipal = async (c: Context): Promise<Principal | Response> => {
    const auth = await tokenAuth.fromHeaders(c);
    if (auth.ok) return auth.principal;
    setDetail(c, auth.reason);
    c.header('WWW-Authenticate', 'accessToken tokenId passwordHash');
    return c.json({ simulatorOnly: true, error: 'Cần đăng nhập: gửi các header accessToken, tokenId, passwordHash của token lấy từ /api/token/take', code: 'AUTH_REQUIRED' }, 401);
  };

  app.get('/api/sim/ketqua/:maGiaoDich', async (c) => {
    const principal = await requirePrincipal(c);
    if (principal instanceof Response) return principal;
    const sub = await readableSubmission(store, principal, c.req.param('maGiaoDich'));
    if (!sub) return c.json({ simulatorOnly: true, error: `Không có giao dịch ${c.req.param('maGiaoDich')}` }, 404);
    const withFile = c.req.query('file') === '1';
    // the file was asked for and its bytes changed on disk: say so, never serve them as the file received
    if (withFile && sub.integrity === 'mismatch') {
      logger.error({ maGiaoDich: sub.maGiaoDich }, 'stored file damaged: SHA-256 mismatch');
      return c.json({ ...submissionView(sub, false), error: DAMAGED_MESSAGE, code: 'STORED_FILE_DAMAGED' }, 500);
    }
    const offset = Number(c.req.query('findingsOffset') ?? NaN);
    const limit = Number(c.req.query('findingsLimit') ?? NaN);
    const page = Number.isInteger(offset) || Number.isInteger(limit) ? { offset: Number.isInteger(offset) && offset > 0 ? offset : 0, limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 5000) : 1000 } : undefined;
    return c.json(submissionView(sub, withFile, page));
  });

  /**
   * The citizen's health-book view of what the portal received: by maGiaoDich (the entries of that
   * submission), or by personal ID / card number (every checked submission of that person the caller may
   * read, newest first). Lookups by person are rate limited per account.
   */
  app.get('/api/sim/so-suc-khoe/:id', async (c) => {
    const principal = await requirePrincipal(c);
    if (principal instanceof Response) return principal;
    const id = c.req.param('id');
    if (!(await store.getSubmission(id))) {
      const wait = await lookupLimiter.take(principal.username, clock());
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        return c.json({ simulatorOnly: true, id, error: `Quá nhiều lượt tra cứu theo số định danh/mã thẻ (giới hạn ${config.lookupsPerMinute} lượt/phút cho mỗi tài khoản)`, code: 'RATE_LIMITED' }, 429);
      }
    }
    // the XML of the stored files is parsed in the worker pool (inline without one), not on the event loop
    const book = checker.project ? await readHealthBookOffLoop(store, principal, id, (items) => checker.project!(items)) : await readHealthBook(store, principal, id);
    if (!book.found) return c.json({ simulatorOnly: true, id, error: `Không có hồ sơ nào cho ${id} (maGiaoDich, số định danh hoặc mã thẻ)` }, 404);
    if ('projectionError' in book) return c.json({ simulatorOnly: true, id, error: `projection of ${book.projectionError.maGiaoDich} failed: ${book.projectionError.message}` }, 500);
    return c.json({ simulatorOnly: true, id, entries: book.entries, ...(book.maGiaoDich ? { maGiaoDich: book.maGiaoDich } : {}), ...(book.pendingChecks ? { pendingChecks: book.pendingChecks } : {}) });
  });

  app.get('/api/sim/stats', async (c) => {
    const principal = await requirePrincipal(c);
    if (principal instanceof Response) return principal;
    const cpu = process.cpuUsage();
    // cpuMs: CPU time of the whole process (all threads) so far; benchmarks divide its growth by requests.
    // eventLoopActiveMs: time the main thread's event loop was busy (not idle) so far; the bench divides its growth too.
    const elu = performance.eventLoopUtilization();
    return c.json({ simulatorOnly: true, ...(await readStats(store, principal)), checkBacklog: scheduler.backlog, cpuMs: Math.round((cpu.user + cpu.system) / 1000), eventLoopActiveMs: Math.round(elu.active), eventLoopIdleMs: Math.round(elu.idle) });
  });

  app.get('/xsd/:layout/:file', (c) => {
    const layout = c.req.param('layout');
    const file = c.req.param('file');
    if (layout !== '4750' && layout !== '3176') return c.text(`unknown layout "${layout}" (4750 | 3176)`, 404);
    if (!file.endsWith('.xsd')) return c.text('expected <table>.xsd', 404);
    const table = file.slice(0, -4).toUpperCase();
    try {
      const xsd = table === 'GIAMDINHHS' ? generateEnvelopeXsd(layout as LayoutId) : generateXsd(table, layout as LayoutId);
      return c.body(xsd, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
    } catch (err) {
      return c.text(`no XSD for ${table}: ${(err as Error).message}`, 404);
    }
  });

  // Readiness and reports: credentials as for every simulator-only read (the token headers).
  const labDeps: LabRouteDeps = {
    store,
    clock,
    principal: async (c) => {
      const auth = await tokenAuth.fromHeaders(c);
      return auth.ok ? { ok: true, principal: auth.principal } : auth;
    },
  };
  registerReportRoutes(app, labDeps);
  // Certification runs and a facility's submission list (the same services as `sskdt-lab cert` / `submissions`).
  // an open run's new submissions are judged in the background once intake pauses (the run page's first view is then cheap)
  const certification = new CertificationService({ store, clock, trustAnchors: () => loadTrustAnchors(config), prejudgeAfterMs: 250, onError: (err) => logError(err, 'certification judgement failed') });
  runOpen = async (runId, maCSKCB) => {
    const run = await certification.get(runId);
    return run?.status === 'open' && run.facility.maCSKCB === maCSKCB;
  };
  registerFaultRoutes(app, { store, clock, principal: labDeps.principal, faults });
  // finished runs' evidence bundles: built once per variant, kept in the data folder, checked on every read
  let labKey: LabKey | undefined;
  const bundles = new RunBundles({
    store,
    certification,
    dataDir: config.dataDir,
    labKey: () => (labKey ??= loadOrCreateLabKey(config.dataDir)),
    trustAnchors: () => loadTrustAnchors(config),
    onDamaged: (info) => logger.error(info, 'stored evidence bundle missing or damaged (SHA-256 mismatch): built again, the damaged file was not served'),
  });
  registerCertificationRoutes(app, { ...labDeps, certification, bundles, dataDir: config.dataDir });
  registerReadinessRoutes(app, { ...labDeps, dataDir: config.dataDir });
  registerCatalogueRoutes(app, labDeps);

  // The web workspace (pages, /doc as JSON or the viewer): its own module over the same store and services.
  mountWeb(app, { store, config, clock, secret, version, openApi: buildOpenApi(version), clientIp, checker, backoff: signInBackoff, certification, bundles });
  /**
   * Prometheus metrics: lab-wide counts, no personal data and no per-facility labels. Readable by a
   * scraper with SSKDT_METRICS_TOKEN, by a trainer's token headers, and (SSKDT_METRICS=local, the default,
   * without a metrics token) by callers on a loopback address; 'open' lets anyone read, 'off' hides it.
   */
  const loopback = (ip: string) => ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
  app.get('/metrics', async (c) => {
    if (config.metrics === 'off') return c.text('Not Found', 404);
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    const tokenOk = config.metricsToken !== undefined && bearer !== undefined && timingSafeEqualText(bearer, config.metricsToken);
    const auth = c.req.header('accessToken') ? await tokenAuth.fromHeaders(c) : undefined;
    const trainer = auth?.ok === true && auth.principal.role === 'trainer';
    const local = config.metricsToken === undefined && loopback(clientIp(c));
    if (!(tokenOk || trainer || config.metrics === 'open' || local)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.json({ simulatorOnly: true, error: 'Cần quyền đọc /metrics: Authorization: Bearer <SSKDT_METRICS_TOKEN>, token của tài khoản huấn luyện viên, hoặc gọi từ máy chủ (loopback)', code: 'METRICS_FORBIDDEN' }, 401);
    }
    return c.body(await metrics.text(), 200, { 'Content-Type': metrics.contentType });
  });
  app.get('/health', async (c) => c.json({ status: 'ok', schemaVersion: await store.schemaVersion(), submissions: (await store.countSubmissions()).total, checkBacklog: scheduler.backlog }));

  app.notFound((c) => c.text('Not Found', 404));
  return { app, scheduler, checker, config, signInBackoff, principalFromHeaders: tokenAuth.fromHeaders, metrics, logger, certification, bundles };
}

/** The Hono app of the portal (see createPortal for the scheduler and checker). */
export function createApp(deps: AppDeps): Hono {
  return createPortal(deps).app;
}

function timingSafeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function loadProvinceCodes(): Set<string> {
  const out = new Set<string>();
  try {
    const data = JSON.parse(readFileSync(new URL('../conformance/codelists/ma_tinh_truoc_2025-07-01.json', import.meta.url), 'utf8')) as { codes?: { code: string }[] };
    for (const e of data.codes ?? []) out.add(String(e.code).padStart(2, '0'));
  } catch {
    /* fall through to the numeric range */
  }
  if (out.size === 0) for (let i = 1; i <= 96; i++) out.add(pad(i));
  return out;
}
