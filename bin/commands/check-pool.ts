/**
 * The worker pool of `sskdt-lab check`: hands the files to worker threads in small batches, a couple of
 * batches ahead so a worker never waits for this thread, and passes the outcomes on in input order. A
 * worker that stops (out of memory, a crash, an exit) has its unanswered files checked in this thread, so
 * none is lost.
 *
 * Batches rather than single files: each message wakes the receiving thread (a futex and an eventfd write,
 * an event-loop turn), and with one message per file each way that was thousands of wake-ups per run.
 */
import type { Worker } from 'node:worker_threads';
import type { FileOutcome, FileTask } from './check-file.ts';

/** Files per batch at most; batches shrink towards the end of the run so the workers finish together. */
export const MAX_BATCH = 8;
/** Batches sent to a worker and not yet answered: one being checked, one waiting. */
export const BATCHES_IN_FLIGHT = 2;
/**
 * Outcomes waiting for an earlier file are held in memory (a line and a summary row each): at most this many
 * files between the oldest unanswered file and the newest one sent, per worker. Room for every worker's
 * batches in flight twice over, so a slow batch does not stall the others.
 */
const WINDOW_PER_WORKER = 4 * BATCHES_IN_FLIGHT * MAX_BATCH;

export interface PoolOptions {
  /** how many workers to start */
  workers: number;
  /** how many tasks the iterator yields (sizes the batches near the end) */
  total: number;
  /** starts a worker; it answers each message (FileTask[]) with one message (FileOutcome[], any order) */
  start: () => Worker;
  /** the old-generation cap of each worker, for the message when a file needs more */
  heapMb: number;
  /** checks a file in this thread (the files of a worker that stopped); must not throw */
  checkHere: () => Promise<(task: FileTask) => FileOutcome>;
  /**
   * Each outcome a worker answers, as it arrives (any order), before it waits for its turn: writes the report
   * it carries (./report-file.ts). Defaults to passing the outcome on unchanged.
   */
  receive?: (outcome: FileOutcome, task: FileTask) => FileOutcome;
  /** outcomes in input order (seq 0, 1, 2, …), a run of them at a time */
  emit: (outcomes: FileOutcome[]) => void;
  /** a line for stderr: a worker stopped and why */
  note: (line: string) => void;
}

interface Slot {
  worker: Worker;
  /** tasks sent and not answered */
  tasks: Map<number, FileTask>;
  /** batches sent and not answered */
  batches: number;
  error?: Error & { code?: string };
}

/** Runs the tasks (seq 0, 1, 2, … in order) on the workers; resolves once every outcome has been emitted. */
export function runPool(tasks: Iterator<FileTask>, o: PoolOptions): Promise<void> {
  const pending = new Map<number, FileOutcome>();
  const slots = new Set<Slot>();
  const window = o.workers * WINDOW_PER_WORKER;
  /** the next seq to emit */
  let next = 0;
  /** the next seq to send */
  let nextSeq = 0;
  let exhausted = false;
  /** stopped workers whose files are being checked here (the run is not over until they are) */
  let recovering = 0;
  let finished = false;

  return new Promise<void>((done, fail) => {
    const flush = () => {
      if (!pending.has(next)) return;
      const run: FileOutcome[] = [];
      for (let x = pending.get(next); x; x = pending.get(next)) {
        pending.delete(next);
        next++;
        run.push(x);
      }
      o.emit(run);
    };
    const take = (): FileTask[] => {
      const size = Math.max(1, Math.min(MAX_BATCH, Math.floor((o.total - nextSeq) / (o.workers * BATCHES_IN_FLIGHT))));
      const batch: FileTask[] = [];
      while (batch.length < size) {
        const r = tasks.next();
        if (r.done) {
          exhausted = true;
          break;
        }
        batch.push(r.value);
        nextSeq = r.value.seq + 1;
      }
      return batch;
    };
    const feed = (slot: Slot) => {
      while (!exhausted && slot.batches < BATCHES_IN_FLIGHT && nextSeq - next < window) {
        const batch = take();
        if (batch.length === 0) break;
        for (const t of batch) slot.tasks.set(t.seq, t);
        slot.batches++;
        slot.worker.postMessage(batch);
      }
    };
    const feedAll = () => {
      for (const s of slots) feed(s);
      if (!exhausted || recovering > 0) return;
      for (const s of slots) if (s.tasks.size > 0) return;
      finished = true;
      for (const s of slots) void s.worker.terminate();
      done();
    };
    const stopped = (slot: Slot, exitCode: number) => {
      slots.delete(slot);
      const oom = slot.error?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const files = slot.tasks.size;
      o.note(
        oom
          ? `sskdt-lab check: a file needed more memory than a worker has (${o.heapMb} MB); the worker's ${files} file(s) are checked in the main thread`
          : `sskdt-lab check: a worker stopped (${slot.error?.message ?? `exit code ${exitCode}`}); its ${files} file(s) are checked in the main thread`,
      );
      recovering++;
      o.checkHere()
        .then((checkHere) => {
          recovering--;
          for (const task of slot.tasks.values()) pending.set(task.seq, checkHere(task));
          slot.tasks.clear();
          flush();
          // a worker out of memory met one big file: the next one starts afresh (any other stop is a bug
          // that would likely recur, so the remaining workers carry on, and this thread when none is left)
          if (oom && !exhausted) feed(start());
          if (slots.size === 0) {
            for (let r = tasks.next(); !r.done; r = tasks.next()) pending.set(r.value.seq, checkHere(r.value)), flush();
            exhausted = true;
          }
          feedAll();
        })
        .catch(fail);
    };
    const start = (): Slot => {
      const slot: Slot = { worker: o.start(), tasks: new Map(), batches: 0 };
      slots.add(slot);
      slot.worker.on('message', (outcomes: FileOutcome[]) => {
        slot.batches--;
        for (const x of outcomes) {
          const task = slot.tasks.get(x.seq);
          slot.tasks.delete(x.seq);
          pending.set(x.seq, o.receive && task ? o.receive(x, task) : x);
        }
        flush();
        feedAll();
      });
      // 'error' (an uncaught exception, out of memory) comes before 'exit'; the messages the worker posted
      // before it stopped have been delivered by then, so slot.tasks holds exactly the unanswered files.
      slot.worker.on('error', (err: Error) => (slot.error = err));
      slot.worker.on('exit', (code) => {
        if (!finished) stopped(slot, code);
      });
      return slot;
    };
    for (let i = 0; i < o.workers; i++) start();
    feedAll();
  });
}
