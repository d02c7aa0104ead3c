/**
 * The worker pool of `sskdt-lab check` (bin/commands/check-pool.ts) with real worker threads running a stub
 * checker: outcomes leave in input order however the workers answer, and the files of a worker that stops
 * (an exception, an exit, out of memory) are checked in this thread, once each, and the stop is reported.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH, runPool } from '../../bin/commands/check-pool.ts';
import type { FileOutcome, FileTask } from '../../bin/commands/check-file.ts';
import { writeCarriedReport } from '../../bin/commands/report-file.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The stub worker answers each batch in reverse order, and holds a batch back until the next one arrives
 * (or briefly when none does), so batches come back out of order too. `stop` in workerData makes the one
 * worker that first gets that seq stop (the shared flag lets it happen once per run): 'throw', 'exit' or
 * 'oom' (allocates past its resourceLimits).
 */
const STUB = `
const { parentPort, workerData } = require('node:worker_threads');
const { stop, flag } = workerData;
let held;
parentPort.on('message', (tasks) => {
  if (stop && tasks.some((t) => t.seq === stop.seq) && Atomics.compareExchange(flag, 0, 0, 1) === 0) {
    if (stop.how === 'exit') process.exit(7);
    if (stop.how === 'oom') { const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length)); }
    throw new Error('stub crash');
  }
  const outcomes = tasks.map((t) => ({ seq: t.seq, status: 'pass', line: 'worker ' + t.path, notes: [] })).reverse();
  if (held) {
    parentPort.postMessage(outcomes);
    parentPort.postMessage(held);
    held = undefined;
  } else {
    held = outcomes;
    setTimeout(() => { if (held === outcomes) { parentPort.postMessage(held); held = undefined; } }, 2);
  }
});
`;

function* tasks(n: number): Generator<FileTask> {
  for (let seq = 0; seq < n; seq++) yield { seq, path: `f${seq}.xml`, display: `f${seq}.xml`, overrides: {} };
}

async function pool(n: number, workers: number, stop?: { seq: number; how: 'throw' | 'exit' | 'oom' }, receive?: (o: FileOutcome, t: FileTask) => FileOutcome) {
  const emitted: FileOutcome[] = [];
  const runs: number[] = [];
  const notes: string[] = [];
  let started = 0;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  await runPool(tasks(n), {
    workers,
    total: n,
    heapMb: 8,
    start: () => {
      started++;
      return new Worker(STUB, { eval: true, workerData: { stop, flag }, resourceLimits: { maxOldGenerationSizeMb: 8 } });
    },
    checkHere: async () => (task) => ({ seq: task.seq, status: 'warning', line: `here ${task.path}`, notes: [] }),
    receive,
    emit: (outcomes) => {
      emitted.push(...outcomes);
      runs.push(outcomes.length);
    },
    note: (line) => notes.push(line),
  });
  return { emitted, runs, notes, started, here: emitted.filter((o) => o.line.startsWith('here ')).map((o) => o.seq) };
}

const inOrder = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('check worker pool', () => {
  it('emits every outcome once, in input order, however the workers answer', async () => {
    const r = await pool(500, 3);
    expect(r.emitted.map((o) => o.seq)).toEqual(inOrder(500));
    expect(r.emitted.every((o) => o.line === `worker f${o.seq}.xml`)).toBe(true);
    expect(r.notes).toEqual([]);
    expect(r.started).toBe(3);
    // outcomes leave in runs, as soon as the earliest unanswered file is in
    expect(r.runs.length).toBeGreaterThan(1);
  });

  it('works with fewer files than one batch per worker', async () => {
    const r = await pool(3, 2);
    expect(r.emitted.map((o) => o.seq)).toEqual([0, 1, 2]);
  });

  it('checks the files of a worker that throws in this thread, says so, and the other workers finish the run', async () => {
    const r = await pool(200, 2, { seq: 3, how: 'throw' });
    expect(r.emitted.map((o) => o.seq)).toEqual(inOrder(200));
    // the worker held its first two batches (seq 0 up to 2 × MAX_BATCH) when it stopped on seq 3
    expect(r.here).toEqual(inOrder(2 * MAX_BATCH));
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^sskdt-lab check: a worker stopped \(.*stub crash.*\); its 16 file\(s\) are checked in the main thread$/);
    // a crash is not met by a new worker (it would likely crash again): the other worker carries on
    expect(r.started).toBe(2);
  });

  it('does the same for a worker that crashes in the middle of the run', async () => {
    const r = await pool(300, 2, { seq: 150, how: 'throw' });
    expect(r.emitted.map((o) => o.seq)).toEqual(inOrder(300));
    expect(r.here).toContain(150);
    expect(r.here.length).toBeLessThanOrEqual(2 * MAX_BATCH);
    expect(r.notes).toEqual([expect.stringMatching(/a worker stopped \(.*stub crash.*\); its \d+ file\(s\) are checked in the main thread/)]);
  });

  it('does not hang when a worker exits without an error, and checks its files here', async () => {
    const r = await pool(100, 2, { seq: 40, how: 'exit' });
    expect(r.emitted.map((o) => o.seq)).toEqual(inOrder(100));
    expect(r.here).toContain(40);
    expect(r.notes).toEqual([expect.stringMatching(/a worker stopped \(exit code 7\)/)]);
  });

  it('checks the files here when the only worker stops, the rest of the run included', async () => {
    const r = await pool(60, 1, { seq: 20, how: 'throw' });
    expect(r.emitted.map((o) => o.seq)).toEqual(inOrder(60));
    expect(r.here).toEqual(inOrder(60).filter((s) => s >= r.here[0]));
    expect(r.here).toContain(20);
  });

  it('starts a new worker after one ran out of memory, and checks its files here', async () => {
    // one worker, so files are left for the new one whatever the timing
    const r = await pool(120, 1, { seq: 30, how: 'oom' });
    expect(r.emitted.map((o) => o.seq)).toEqual(inOrder(120));
    expect(r.here).toContain(30);
    expect(r.notes).toEqual([expect.stringMatching(/^sskdt-lab check: a file needed more memory than a worker has \(8 MB\); the worker's \d+ file\(s\) are checked in the main thread$/)]);
    expect(r.started).toBe(2);
    expect(r.emitted.filter((o) => o.line.startsWith('worker ')).length).toBeGreaterThan(0);
    expect(r.emitted.at(-1)!.line).toBe('worker f119.xml');
  });

  it('hands each outcome a worker answers to receive(), with its own task, once, and emits what receive returns', async () => {
    const seen: number[] = [];
    const r = await pool(200, 2, undefined, (o, t) => {
      expect(t.seq).toBe(o.seq);
      expect(t.path).toBe(`f${o.seq}.xml`);
      seen.push(o.seq);
      return { ...o, line: `received ${t.display}` };
    });
    expect([...seen].sort((a, b) => a - b)).toEqual(inOrder(200));
    expect(r.emitted.map((o) => o.seq)).toEqual(inOrder(200));
    expect(r.emitted.every((o) => o.line === `received f${o.seq}.xml`)).toBe(true);
  });
});

describe('reports written by the CLI thread (writeCarriedReport)', () => {
  const task: FileTask = { seq: 4, path: 'in/a.xml', display: 'in/a.xml', overrides: {} };

  it('writes the carried report (making its folder) and passes the outcome on without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sskdt-report-file-'));
    try {
      const path = join(dir, 'sub', 'a.xml.json');
      const out = writeCarriedReport({ seq: 4, status: 'pass', line: 'PASS a', notes: ['n'], report: { path, data: '{"ok":true}\n' } }, task);
      expect(readFileSync(path, 'utf8')).toBe('{"ok":true}\n');
      expect(out).toEqual({ seq: 4, status: 'pass', line: 'PASS a', notes: ['n'] });
      expect('report' in out).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns a report that cannot be written into the "cannot write" outcome (exit 3), keeping the notes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sskdt-report-file-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'x');
      const out = writeCarriedReport({ seq: 4, status: 'fail', line: 'FAIL a', notes: ['n'], report: { path: join(file, 'under', 'a.json'), data: '{}' } }, task);
      expect(out.status).toBe('unreadable');
      expect(out.line).toMatch(/^sskdt-lab check: cannot write the report of in\/a\.xml: (ENOTDIR|EEXIST)$/);
      expect(out.notes).toEqual(['n']);
      expect(existsSync(join(file, 'under'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes an outcome without a report on as it is', () => {
    const o: FileOutcome = { seq: 1, status: 'pass', line: 'PASS b', notes: [] };
    expect(writeCarriedReport(o, task)).toBe(o);
  });
});
