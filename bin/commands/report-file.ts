/**
 * Writing a `check --out` report file, in the CLI's own thread. Kept apart from ./check-file.ts so that the
 * thread that only dispatches to workers can write their reports without loading the engine.
 *
 * One thread writes, the workers post their report text (measured on bench:batch's 2,024 files, 2 cores):
 * - workers writing their own reports cost more: two threads creating files in one folder at once contend
 *   in the kernel (2,024 files of 19 KB: 0.38–0.53 s of system CPU from one thread, 0.75–0.76 s from two),
 *   and the CLI run's system CPU went 1.0 → 1.4 s (0.75 → 1.0 s over existing reports), more than the clone saved;
 * - posting UTF-8 bytes instead (TextEncoder in the worker, the ArrayBuffer transferred, written as bytes
 *   here) cost more than cloning the text and writing it as a string: the encoding and the transfer of one
 *   buffer per report or per batch outweighed the clone (~20 µs for an envelope's report) and the
 *   conversion writeFileSync does here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileOutcome, FileTask } from './check-file.ts';

const madeFolders = new Set<string>();

/** mkdir -p, once per folder and thread. */
export function ensureFolder(dir: string): void {
  if (madeFolders.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  if (madeFolders.size > 10_000) madeFolders.clear();
  madeFolders.add(dir);
}

/** The outcome of a file whose report could not be written (exit 3, like an unreadable input). */
export function reportNotWritten(task: FileTask, err: unknown, notes: string[] = []): FileOutcome {
  return { seq: task.seq, status: 'unreadable', notes, line: `sskdt-lab check: cannot write the report of ${task.display}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
}

/**
 * Writes the report an outcome carries (synchronously) and returns the outcome without it, or the
 * "cannot write" outcome. Synchronous on purpose: on this project's machines an asynchronous write (open,
 * write, close handed to libuv's thread pool) cost ~3× the CPU of a synchronous one (2,000 files of 12 KB:
 * 0.76–1.06 s against 0.25–0.34 s of process CPU), and the thread that writes here is the dispatching one,
 * which is otherwise idle.
 */
export function writeCarriedReport(outcome: FileOutcome, task: FileTask): FileOutcome {
  const report = outcome.report;
  if (!report) return outcome;
  delete outcome.report;
  try {
    ensureFolder(dirname(report.path));
    writeFileSync(report.path, report.data);
  } catch (err) {
    return reportNotWritten(task, err, outcome.notes);
  }
  return outcome;
}
