/**
 * Operations of the served portal: Prometheus metrics (prom-client) and structured logs (pino).
 *
 * Metrics carry no personal data and no per-facility labels: the route pattern (`/api/sim/ketqua/:maGiaoDich`,
 * never the id), the HTTP status, the portal's result code (maKetQua), the check verdict. What may read
 * `/metrics` is decided in app.ts (SSKDT_METRICS, SSKDT_METRICS_TOKEN; docs/security.md).
 *
 * Logs are JSON lines (one object per line, pino's format): one line per submission received (the trainer
 * watches activity in the terminal), errors with their stack, every other request at `debug`. Each request has
 * an id (`reqId`): the caller's `X-Request-Id` when it is a short token, otherwise a new one; it is echoed in
 * the answer's `X-Request-Id` header. Nothing personal is logged: no file content, no names, no tokens.
 */
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** A pino logger writing JSON lines to stdout (or to `destination`); `silent` writes nothing. */
export function createLogger(level: LogLevel = 'info', destination?: NodeJS.WritableStream | { write(s: string): void }): Logger {
  const options = { level, base: { service: 'sskdt-lab' }, timestamp: pino.stdTimeFunctions.isoTime };
  // stdout asynchronously (sonic-boom): a slow reader of the terminal or pipe never blocks the event loop
  return pino(options, (destination as NodeJS.WritableStream | undefined) ?? pino.destination({ dest: 1, sync: false }));
}

/** A logger that writes nothing (the default of createPortal: tests stay quiet). */
export const silentLogger: Logger = pino({ level: 'silent' });

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
let requestSeq = 0;
const requestPrefix = randomBytes(3).toString('hex');

/** The caller's X-Request-Id when it is a short plain token (it goes into logs), otherwise a new id. */
export function requestIdFrom(header: string | undefined): string {
  if (header && REQUEST_ID.test(header)) return header;
  return `${requestPrefix}-${(++requestSeq).toString(36)}`;
}

export type Verdict = 'pass' | 'warning' | 'fail' | 'error';

/** The portal's Prometheus metrics, in their own registry (several portals in one process do not collide). */
export class PortalMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'method' | 'code'>;
  readonly duration: Histogram<'route' | 'method'>;
  readonly results: Counter<'endpoint' | 'maKetQua'>;
  readonly verdicts: Counter<'verdict'>;
  readonly checkWriteRetries: Counter;
  readonly faults: Counter<'fault'>;

  constructor(opts: { processMetrics?: boolean; queueDepth?: () => number; checksPending?: () => number | Promise<number> } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'sskdt_http_requests_total', help: 'HTTP requests by route pattern, method and HTTP status', labelNames: ['route', 'method', 'code'], registers });
    this.duration = new Histogram({
      name: 'sskdt_http_request_duration_seconds',
      help: 'Time from the request to the answer, by route pattern',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.results = new Counter({ name: 'sskdt_portal_results_total', help: 'Answers of the portal routes by endpoint and maKetQua (the HTTP status is 200 for most of them)', labelNames: ['endpoint', 'maKetQua'], registers });
    this.verdicts = new Counter({ name: 'sskdt_check_verdicts_total', help: 'Stored field-check results by verdict (error: the engine failed or ran over its time budget)', labelNames: ['verdict'], registers });
    this.checkWriteRetries = new Counter({ name: 'sskdt_check_result_write_retries_total', help: 'Check results whose write failed and was retried', registers });
    this.faults = new Counter({ name: 'sskdt_faults_injected_total', help: 'Faults injected for HIS resilience testing, by kind', labelNames: ['fault'], registers });
    const queueDepth = opts.queueDepth;
    const checksPending = opts.checksPending;
    new Gauge({
      name: 'sskdt_check_queue_depth',
      help: 'Field checks queued or running in this process',
      registers,
      collect() {
        this.set(queueDepth ? queueDepth() : 0);
      },
    });
    new Gauge({
      name: 'sskdt_checks_pending',
      help: 'Stored submissions whose field check has not finished (status pending)',
      registers,
      async collect() {
        this.set(checksPending ? await checksPending() : 0);
      },
    });
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'sskdt_' });
  }

  verdict(result: unknown): void {
    this.verdicts.inc({ verdict: verdictOf(result) });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The verdict of a stored check result (an engine error or a missing summary counts as 'error'). */
export function verdictOf(result: unknown): Verdict {
  const v = (result as { summary?: { verdict?: string } } | null)?.summary?.verdict;
  return v === 'pass' || v === 'warning' || v === 'fail' ? v : 'error';
}
