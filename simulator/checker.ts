/**
 * Running the conformance engine (conformance/check.ts → checkPackage) for stored submissions.
 *
 * A Checker runs one check; two implementations: InlineChecker (same thread, for msw and unit tests) and
 * the worker pool in ./workers.ts (off the event loop, for the served portal). The CheckScheduler feeds a
 * Checker from the store: it keeps only submission ids in memory, reads the bytes when a slot is free,
 * and stores the Result under the submission. Pending submissions are picked up again after a restart.
 */
import fs from 'node:fs';
import type { CheckOptions } from '../conformance/model.ts';
import type { Result } from '../conformance/result.ts';
import type { SimConfig } from './config.ts';
import type { PortalStore } from './store.ts';
import type { Logger } from 'pino';
import type { PortalMetrics } from './observability.ts';
import type { ProjectionItem, ProjectionOutcome } from './reads.ts';
import { storedResult, type StoredResult } from './stored-result.ts';
import { catalogueJobData, catalogueSetOf, type CatalogueJobData } from './catalogue-job.ts';
import { kindOf, gateGiayTo, gateSubmission, type GateInput, type GateOutcome, type GiayToGateInput, type GiayToGateOutcome } from './envelope-gate.ts';

/** What crosses a thread boundary: CheckOptions minus the registry functions. */
export interface CheckJob {
  bytes: Uint8Array;
  options: Omit<CheckOptions, 'registry' | 'catalogues'> & { fileName?: string; kind?: 'GIAMDINHHS' | 'CHECKIN' };
  /** the facility's stored catalogues (CATALOGUE.* rules), as JSON under a key that changes with each import */
  catalogues?: CatalogueJobData;
  /** facility → registered certificates (PEM) */
  certificates: Record<string, string[]>;
  trustAnchors: string[];
  /**
   * Also build the form the store keeps (./stored-result.ts) where the check ran: 'also' returns it next to
   * the Result, 'only' instead of it (the scheduler: a few KB cross the threads, not thousands of findings).
   */
  forStore?: 'also' | 'only';
  /** findings kept in the result (the worst first; summary counts stay exact); default: all */
  maxFindings?: number;
}

export type CheckOutcome =
  | { ok: true; result: Result; stored?: StoredResult; healthBookKeys?: string[] }
  | { ok: true; result?: undefined; stored: StoredResult; healthBookKeys?: string[] }
  | { ok: false; error: string };

export interface Checker {
  /** how many checks may run at once */
  readonly capacity: number;
  check(job: CheckJob): Promise<CheckOutcome>;
  /** the envelope gate, off the event loop for large files */
  gate(input: GateInput): Promise<GateOutcome>;
  /** the gate of guiGiayToDienTu (birth / death papers), off the event loop too */
  gateGiayTo(input: GiayToGateInput): Promise<GiayToGateOutcome>;
  /** health-book projection of stored files (parses XML), off the event loop when the checker is a pool */
  project?(items: ProjectionItem[]): Promise<ProjectionOutcome>;
  close(): Promise<void>;
}

type Engine = {
  checkPackage: typeof import('../conformance/check.ts').checkPackage;
  checkParsed: typeof import('../conformance/check.ts').checkParsed;
  decodePackage: typeof import('../conformance/envelope/decode.ts').decodePackage;
  projectHealthBook?: typeof import('../conformance/healthbook.ts').projectHealthBook;
  healthBookKeys?: typeof import('../conformance/healthbook.ts').healthBookKeys;
};

let enginePromise: Promise<Engine | string> | undefined;

/** Loads the engine lazily (msw handlers and unit tests that never check a package do not pay for it). */
export function loadEngine(): Promise<Engine | string> {
  enginePromise ??= (async () => {
    try {
      const [check, decode] = await Promise.all([import('../conformance/check.ts'), import('../conformance/envelope/decode.ts')]);
      const hb = await import('../conformance/healthbook.ts').catch(() => undefined);
      return { checkPackage: check.checkPackage, checkParsed: check.checkParsed, decodePackage: decode.decodePackage, projectHealthBook: hb?.projectHealthBook, healthBookKeys: hb?.healthBookKeys };
    } catch (err) {
      return `conformance engine not available: ${(err as Error).message.split('\n')[0]}`;
    }
  })();
  return enginePromise;
}

/**
 * Runs one job with the engine in this thread: decodes once, checks the parsed package, and collects the
 * health-book lookup keys (personal ID, card numbers) of the package for /api/sim/so-suc-khoe.
 */
export async function runCheckJob(job: CheckJob): Promise<CheckOutcome> {
  const engine = await loadEngine();
  if (typeof engine === 'string') return { ok: false, error: engine };
  const options = { ...job.options, registry: { certificatesFor: (f: string) => job.certificates[f] ?? [], trustAnchors: job.trustAnchors }, ...(job.catalogues ? { catalogues: catalogueSetOf(job.catalogues) } : {}) };
  try {
    const timings: Record<string, number> = {};
    let pkg: ReturnType<Engine['decodePackage']>;
    try {
      pkg = engine.decodePackage(job.bytes, { kind: options.kind, endpoint: options.endpoint, layout: options.layout, maxBytes: options.limits?.maxBytes, maxDepth: options.limits?.maxDepth, timings });
    } catch {
      // Unreadable: checkPackage turns the decoding error into its one ENVELOPE finding.
      return withStored(job, capFindings(engine.checkPackage(job.bytes, options), job.maxFindings), []);
    }
    const result = capFindings(engine.checkParsed(pkg, options, timings), job.maxFindings);
    let healthBookKeys: string[] = [];
    if (engine.projectHealthBook && engine.healthBookKeys) {
      try {
        healthBookKeys = [...new Set(engine.projectHealthBook(pkg, { endpoint: options.endpoint }).flatMap((e) => engine.healthBookKeys!(e)))];
      } catch {
        healthBookKeys = [];
      }
    }
    return withStored(job, result, healthBookKeys);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

function withStored(job: CheckJob, result: Result, healthBookKeys: string[]): CheckOutcome {
  if (job.forStore === 'only') return { ok: true, stored: storedResult(result), healthBookKeys };
  if (job.forStore === 'also') return { ok: true, result, stored: storedResult(result), healthBookKeys };
  return { ok: true, result, healthBookKeys };
}

const OUTCOME_RANK: Record<string, number> = { error: 0, fail: 1, warning: 2, skip: 3 };

/**
 * At most `max` findings, the worst outcomes first (error, fail, warning, skip, then the rest), in their
 * original order within an outcome; `findingsTruncated` says how many were listed. The summary is untouched,
 * so its counts stay exact: a 10,000-table envelope gives a stored result of bounded size, and no GET has to
 * serialise a 100 MB result on the event loop.
 */
export function capFindings<R extends { findings: { outcome: string }[] }>(result: R, max: number | undefined): R & { findingsTruncated?: { listed: number; kept: number } } {
  if (max === undefined || result.findings.length <= max) return result;
  const ranked = result.findings.map((f, i) => ({ f, i, r: OUTCOME_RANK[f.outcome] ?? 4 }));
  ranked.sort((a, b) => a.r - b.r || a.i - b.i);
  const kept = ranked.slice(0, max).sort((a, b) => a.i - b.i).map((x) => x.f);
  return { ...result, findings: kept, findingsTruncated: { listed: result.findings.length, kept: kept.length } };
}

/** Health-book projection where it is called (a worker thread of the pool, or inline). */
export async function runProjection(items: ProjectionItem[]): Promise<ProjectionOutcome> {
  const { projectItems } = await import('./reads.ts');
  return projectItems(items);
}

export class InlineChecker implements Checker {
  readonly capacity = 1;
  project(items: ProjectionItem[]): Promise<ProjectionOutcome> {
    return runProjection(items);
  }
  check(job: CheckJob): Promise<CheckOutcome> {
    return runCheckJob(job);
  }
  async gate(input: GateInput): Promise<GateOutcome> {
    return gateSubmission(input);
  }
  async gateGiayTo(input: GiayToGateInput): Promise<GiayToGateOutcome> {
    return gateGiayTo(input);
  }
  async close(): Promise<void> {}
}

/** Builds the engine job for a stored submission. */
export async function jobFor(
  store: PortalStore,
  config: SimConfig,
  sub: { fileBytes: Uint8Array; endpoint: string; maCSKCB: string; receivedAt: string; maGiaoDich?: string },
  trustAnchors: string[] = loadTrustAnchors(config),
): Promise<CheckJob> {
  // Only the endpoint: the engine picks the layout from it AND from the content (real 2026 exports sent to
  // the 3176 endpoint still carry the 4750 XML13), and says which it applied.
  return {
    bytes: sub.fileBytes,
    options: {
      endpoint: sub.endpoint,
      profile: config.profile,
      findings: config.findings,
      kind: kindOf(sub.endpoint),
      receivedAt: sub.receivedAt,
      facility: sub.maCSKCB,
      signatureMode: config.signatureMode,
      limits: { maxBytes: config.maxFileBytes, maxDepth: config.maxDepth },
      fileName: sub.maGiaoDich ? `${sub.maGiaoDich}.xml` : undefined,
    },
    certificates: { [sub.maCSKCB]: await store.certificatesFor(sub.maCSKCB) },
    trustAnchors,
    catalogues: await catalogueJobData(store, sub.maCSKCB),
    maxFindings: config.maxStoredFindings,
  };
}

const anchorCache = new Map<string, string[]>();

/** Reads the trusted CA certificates (PEM files) once per list of files; a missing file is skipped. */
export function loadTrustAnchors(config: SimConfig): string[] {
  const key = config.trustAnchorFiles.join(',');
  let hit = anchorCache.get(key);
  if (!hit) {
    hit = config.trustAnchorFiles.flatMap((f) => {
      try {
        return [fs.readFileSync(f, 'utf8')];
      } catch {
        return [];
      }
    });
    anchorCache.set(key, hit);
  }
  return hit;
}

/** A short Vietnamese summary of a Result's failures for thongDiep (sync mode); '' when nothing failed. */
export function failureSummary(result: Result, max = 5): string {
  const bad = result.findings.filter((f) => f.outcome === 'fail' || f.outcome === 'error');
  if (bad.length === 0) return '';
  // One entry per rule (its first occurrence and how many more rows share it), so one mistake repeated on
  // every drug line does not hide the other mistakes.
  const byRule = new Map<string, { first: (typeof bad)[number]; count: number }>();
  for (const f of bad) {
    const g = byRule.get(f.ruleId);
    if (g) g.count++;
    else byRule.set(f.ruleId, { first: f, count: 1 });
  }
  const shown = [...byRule.values()].slice(0, max);
  const parts = shown.map(({ first: f, count }) => {
    const where = [f.location.table, f.location.field].filter(Boolean).join('.');
    const line = f.location.line !== undefined ? ` dòng ${f.location.line}` : '';
    const malk = f.location.MA_LK ? ` MA_LK ${f.location.MA_LK}` : '';
    return `${where || f.ruleId}${malk}${line}: ${f.message_vi}${count > 1 ? ` (cùng lỗi ở ${count - 1} chỗ khác)` : ''}`;
  });
  const rest = bad.length - shown.reduce((n, g) => n + g.count, 0);
  const more = rest > 0 ? `; … và ${rest} lỗi khác` : '';
  return `Sai cấu trúc: ${parts.join('; ')}${more}`;
}

export { kindOf };

/** Feeds stored submissions to a Checker and stores each Result. */
export class CheckScheduler {
  private queue: number[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  private stopped = false;
  private intake = 0;
  private lastIntake = -Infinity;
  /** checks start only after intake has been quiet this long (steady traffic has gaps of a few ms) */
  private static readonly QUIET_MS = 50;
  private retry: NodeJS.Timeout | undefined;
  /** when checks started waiting for intake to pause (for the once-per-second starvation guard) */
  private waitedSince: number | undefined;

  /** ids whose result write failed, waiting for their retry (never dropped: they stay pending in the store) */
  private retrying = new Map<number, { attempts: number; timer: NodeJS.Timeout }>();
  /** first wait before re-running a check whose result could not be written; doubles up to RETRY_MAX_MS */
  static RETRY_FIRST_MS = 1000;
  static RETRY_MAX_MS = 60_000;

  constructor(
    private readonly store: PortalStore,
    private readonly checker: Checker,
    private readonly config: SimConfig,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly ops: { metrics?: PortalMetrics; logger?: Logger } = {},
  ) {}

  /** checks waiting to be retried after a failed result write */
  get retryCount(): number {
    return this.retrying.size;
  }

  /**
   * Intake pressure: while submissions are being received, queued checks wait (SSKDT_CHECK_YIELD), so the
   * cores go to acknowledging submissions first; the backlog drains as soon as intake pauses.
   */
  intakeStarted(): void {
    this.intake++;
  }

  intakeEnded(): void {
    this.intake = Math.max(0, this.intake - 1);
    this.lastIntake = performance.now();
    if (this.intake === 0) this.pump();
  }

  /** Queues the pending submissions left by a previous run. */
  async resumePending(): Promise<number> {
    if (this.store.claimPendingChecks) {
      // shared store: take the pending checks no live instance holds, now and every few seconds (the
      // checks of an instance that died are freed with its database session and taken here)
      const sweep = async () => {
        if (this.stopped) return 0;
        let taken = 0;
        for (const id of await this.store.claimPendingChecks!(CheckScheduler.SWEEP_BATCH)) {
          // a session lock is re-entrant: one this instance already holds is given back once (balanced)
          if (this.claimed.has(id)) {
            await this.store.releaseCheck?.(id);
            continue;
          }
          this.claimed.add(id);
          taken++;
          if (!this.queue.includes(id)) this.enqueue(id);
        }
        return taken;
      };
      this.sweeper ??= setInterval(() => void sweep().catch((e) => this.onError(e)), CheckScheduler.SWEEP_MS);
      this.sweeper.unref();
      return sweep();
    }
    const ids = await this.store.pendingSubmissionIds();
    for (const id of ids) this.enqueue(id);
    return ids.length;
  }

  /** ids this instance holds a claim on (shared store) */
  private readonly claimed = new Set<number>();
  private sweeper: NodeJS.Timeout | undefined;
  static SWEEP_MS = 5000;
  static SWEEP_BATCH = 200;

  enqueue(id: number): void {
    if (this.stopped) return;
    this.queue.push(id);
    this.pump();
  }

  /** Resolves when nothing is queued or running (tests, shutdown); checks waiting for a write retry do not count. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.retry) clearTimeout(this.retry);
    for (const r of this.retrying.values()) clearTimeout(r.timer);
    this.retrying.clear();
  }

  get backlog(): number {
    return this.queue.length + this.running;
  }

  private pump(force = false): void {
    if (!force && this.config.checkYield && this.queue.length > 0) {
      const quietFor = performance.now() - this.lastIntake;
      const during = Math.min(this.config.checksDuringIntake ?? 0, this.checker.capacity);
      if ((this.intake > 0 || quietFor < CheckScheduler.QUIET_MS) && during > 0) {
        // Intake has the rest of the cores; checks keep their share so the backlog does not only grow.
        while (!this.stopped && this.running < during && this.queue.length > 0) this.start(this.queue.shift()!);
        if (!this.retry && this.queue.length > 0) {
          // look again when intake may have paused (intakeEnded() also pumps)
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.pump();
          }, CheckScheduler.QUIET_MS).unref();
        }
        return;
      }
      if (this.intake > 0 || quietFor < CheckScheduler.QUIET_MS) {
        // Wait for a pause in intake; under sustained intake let one check through per second so results never starve.
        const sustained = this.intake > 0 || quietFor < 0;
        if (!this.retry) {
          this.retry = setTimeout(
            () => {
              this.retry = undefined;
              const stillBusy = this.intake > 0 || performance.now() - this.lastIntake < CheckScheduler.QUIET_MS;
              this.pump(stillBusy && this.running === 0 && this.waitedSince !== undefined && performance.now() - this.waitedSince >= 1000);
            },
            sustained ? CheckScheduler.QUIET_MS : CheckScheduler.QUIET_MS - quietFor,
          ).unref();
        }
        this.waitedSince ??= performance.now();
        return;
      }
    }
    this.waitedSince = undefined;
    const limit = force ? Math.min(1, this.checker.capacity) : this.checker.capacity;
    while (!this.stopped && this.running < limit && this.queue.length > 0) this.start(this.queue.shift()!);
  }

  private start(id: number): void {
    this.running++;
    this.runOne(id)
      .catch((err) => {
        // Stopping terminates the workers: the interrupted check stays pending and resumes on restart.
        if (!this.stopped) this.onError(err);
      })
      .finally(() => {
        this.running--;
        this.pump();
        if (this.queue.length === 0 && this.running === 0) for (const r of this.idle.splice(0)) r();
      });
  }

  private async runOne(id: number): Promise<void> {
    if (this.store.claimCheck && !this.claimed.has(id)) {
      // shared store: another instance may hold this check (its sweep took it first)
      if (!(await this.store.claimCheck(id))) return;
      this.claimed.add(id);
    }
    try {
      await this.runClaimed(id);
    } finally {
      if (this.claimed.delete(id)) await this.store.releaseCheck?.(id).catch(() => {});
    }
  }

  private async runClaimed(id: number): Promise<void> {
    const sub = await this.store.getSubmissionById(id);
    if (!sub || sub.status !== 'pending') {
      this.retrying.delete(id);
      return;
    }
    if (!sub.fileBytes) {
      const why = sub.integrity === 'mismatch' ? 'STORED_FILE_DAMAGED: the stored file no longer matches its SHA-256' : 'no decoded file stored';
      await this.store.setCheckResult(id, { engineError: why }, 'done');
      return;
    }
    const outcome = await this.checker.check({ ...(await jobFor(this.store, this.config, { ...sub, fileBytes: sub.fileBytes })), forStore: 'only' });
    if (this.stopped) return;
    const result = outcome.ok ? (outcome.stored ?? outcome.result) : { engineError: outcome.error };
    try {
      await this.store.setCheckResult(id, result, 'done', outcome.ok ? outcome.healthBookKeys : undefined);
    } catch (err) {
      // The result could not be written (disk full, I/O error): the row stays pending in the store and the
      // check runs again after a growing wait — no restart needed, and nothing is held in memory meanwhile.
      this.scheduleRetry(id, err);
      return;
    }
    this.retrying.delete(id);
    this.ops.metrics?.verdict(outcome.ok && outcome.stored ? { summary: { verdict: outcome.stored.verdict } } : result);
  }

  private scheduleRetry(id: number, err: unknown): void {
    if (this.stopped) return;
    const attempts = (this.retrying.get(id)?.attempts ?? 0) + 1;
    const wait = Math.min(CheckScheduler.RETRY_MAX_MS, CheckScheduler.RETRY_FIRST_MS * 2 ** (attempts - 1));
    this.ops.metrics?.checkWriteRetries.inc();
    this.ops.logger?.warn({ submissionId: id, attempts, retryInMs: wait, err: (err as Error)?.message }, 'check result not written; retrying');
    const timer = setTimeout(() => this.enqueue(id), wait);
    timer.unref();
    this.retrying.set(id, { attempts, timer });
  }
}
