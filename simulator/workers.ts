/**
 * A node:worker_threads pool running the conformance engine (and the envelope gate of large files) off
 * the event loop. Workers load TypeScript through tsx (./worker-bootstrap.mjs). Sized to the cores by
 * default (SSKDT_WORKERS); workers start lazily on the first job, and a crashed worker is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { Checker, CheckJob, CheckOutcome } from './checker.ts';
import type { ProjectionItem, ProjectionOutcome } from './reads.ts';
import { gateTimeLimitOutcome, type GateInput, type GateOutcome, type GiayToGateInput, type GiayToGateOutcome } from './envelope-gate.ts';

type Task =
  | { kind: 'check'; job: CheckJob; resolve: (o: CheckOutcome) => void; reject: (e: unknown) => void }
  | { kind: 'gate'; input: GateInput; resolve: (o: GateOutcome) => void; reject: (e: unknown) => void }
  | { kind: 'giayto'; input: GiayToGateInput; resolve: (o: GiayToGateOutcome) => void; reject: (e: unknown) => void }
  | { kind: 'project'; items: ProjectionItem[]; resolve: (o: ProjectionOutcome) => void; reject: (e: unknown) => void };

interface Slot {
  worker: Worker;
  busy: Task | null;
  /** fires when the busy task runs over its time budget */
  timer?: NodeJS.Timeout;
}

export interface PoolLimits {
  /** a gate (a client is waiting) over this many ms is answered 205 GATE_TIME_LIMIT; its worker is replaced */
  gateTimeLimitMs: number;
  /** a field check over this many ms gets an error result naming the limit; its worker is replaced */
  checkTimeLimitMs: number;
}

const DEFAULT_LIMITS: PoolLimits = { gateTimeLimitMs: 10_000, checkTimeLimitMs: 120_000 };

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export class WorkerPool implements Checker {
  private slots: Slot[] = [];
  // Gates (a client is waiting for its answer) go before field checks (stored for later).
  private gates: Task[] = [];
  private checks: Task[] = [];
  private closed = false;

  /** tasks that ran over their time budget since the pool started (for /metrics and tests) */
  timeLimitHits = 0;

  constructor(
    readonly capacity: number,
    private readonly limits: PoolLimits = DEFAULT_LIMITS,
  ) {
    if (!(capacity >= 1)) throw new RangeError('a worker pool needs at least one worker');
  }

  check(job: CheckJob): Promise<CheckOutcome> {
    return new Promise((resolve, reject) => this.submit({ kind: 'check', job, resolve, reject }));
  }

  gate(input: GateInput): Promise<GateOutcome> {
    return new Promise((resolve, reject) => this.submit({ kind: 'gate', input, resolve, reject }));
  }

  gateGiayTo(input: GiayToGateInput): Promise<GiayToGateOutcome> {
    return new Promise((resolve, reject) => this.submit({ kind: 'giayto', input, resolve, reject }));
  }

  /** Health-book projection (XML parsing) in a worker: a reader is waiting, so it goes with the gates. */
  project(items: ProjectionItem[]): Promise<ProjectionOutcome> {
    return new Promise((resolve, reject) => this.submit({ kind: 'project', items, resolve, reject }));
  }

  /** Starts every worker and waits until each has loaded the gate and the engine (no cold first request). */
  async warmUp(): Promise<void> {
    while (this.slots.length < this.capacity) this.spawn();
    await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (m: { ready?: boolean }) => {
              if (!m.ready) return;
              slot.worker.off('message', onMessage);
              if (!slot.busy) slot.worker.unref();
              resolve();
            };
            slot.worker.on('message', onMessage);
            // Idle workers are unref'd; keep this one alive while we wait for it.
            slot.worker.ref();
            slot.worker.once('error', reject);
            slot.worker.postMessage({ kind: 'warmup' });
          }),
      ),
    );
  }

  get size(): number {
    return this.slots.length;
  }

  private submit(task: Task): void {
    if (this.closed) {
      task.reject(new Error('worker pool is closed'));
      return;
    }
    (task.kind === 'check' ? this.checks : this.gates).push(task);
    this.dispatch();
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP);
    const slot: Slot = { worker, busy: null };
    worker.on('message', (msg: { ok: boolean; value?: unknown; error?: string; ready?: boolean }) => {
      if (msg.ready) return;
      const task = slot.busy;
      slot.busy = null;
      clearTimeout(slot.timer);
      if (task) {
        if (msg.ok) (task.resolve as (v: unknown) => void)(msg.value);
        else task.reject(new Error(msg.error ?? 'worker failed'));
      }
      this.dispatch();
    });
    const onDeath = (err: unknown) => {
      const task = slot.busy;
      slot.busy = null;
      clearTimeout(slot.timer);
      this.slots = this.slots.filter((s) => s !== slot);
      if (task) task.reject(err instanceof Error ? err : new Error(`worker exited: ${String(err)}`));
      if (!this.closed) this.dispatch();
    };
    worker.on('error', onDeath);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) onDeath(new Error(`worker exited with code ${code}`));
    });
    // Do not keep the process alive only for idle workers.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private dispatch(): void {
    while (this.gates.length + this.checks.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.capacity) slot = this.spawn();
      if (!slot) return;
      // Gates first, except that with two or more workers a waiting check gets a worker when none is checking:
      // under sustained intake the checks the scheduler lets through (SSKDT_CHECKS_DURING_INTAKE) run instead
      // of waiting behind every gate, and the other workers keep answering clients.
      const checkFirst = this.checks.length > 0 && this.capacity >= 2 && !this.slots.some((s) => s.busy?.kind === 'check');
      const task = (checkFirst || !this.gates.length ? this.checks : this.gates).shift()!;
      slot.busy = task;
      slot.worker.ref();
      if (task.kind === 'check') {
        // Copy into a transferable buffer so the bytes move instead of being cloned.
        const bytes = new Uint8Array(task.job.bytes);
        slot.worker.postMessage({ kind: 'check', job: { ...task.job, bytes } }, [bytes.buffer]);
      } else if (task.kind === 'project') {
        slot.worker.postMessage({ kind: 'project', items: task.items });
      } else {
        slot.worker.postMessage({ kind: task.kind, input: task.input });
      }
      const budget = task.kind === 'check' ? this.limits.checkTimeLimitMs : this.limits.gateTimeLimitMs;
      slot.timer = setTimeout(() => this.overBudget(slot, task, budget), budget);
      slot.timer.unref();
    }
    for (const s of this.slots) if (!s.busy) s.worker.unref();
  }

  /**
   * A task ran over its budget: the worker is stopped (synchronous JS cannot be interrupted otherwise) and
   * replaced, and the task answered with an outcome naming the limit, so one hostile file cannot hold a
   * checking thread for minutes.
   */
  private overBudget(slot: Slot, task: Task, budget: number): void {
    if (slot.busy !== task) return;
    this.timeLimitHits++;
    slot.busy = null;
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate();
    if (task.kind === 'check') task.resolve({ ok: false, error: `CHECK_TIME_LIMIT: the check did not finish within ${budget} ms (SSKDT_CHECK_TIME_LIMIT_MS)` });
    else if (task.kind === 'gate') task.resolve(gateTimeLimitOutcome(budget, task.input.base64.length));
    else if (task.kind === 'project') task.resolve({ ok: false, maGiaoDich: task.items[0]?.maGiaoDich ?? '', message: `PROJECTION_TIME_LIMIT: the health book was not built within ${budget} ms (SSKDT_GATE_TIME_LIMIT_MS)` });
    else task.resolve({ ...gateTimeLimitOutcome(budget, task.input.base64.length), root: null });
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of [...this.gates.splice(0), ...this.checks.splice(0)]) t.reject(new Error('worker pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
