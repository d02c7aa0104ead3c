/**
 * Worker thread of `sskdt-lab check --jobs N`: checks the files of each batch it is sent with
 * ./check-file.ts and posts the batch's outcomes back in one message, once their reports are on disk
 * (./check-pool.ts keeps the input order). Started through simulator/worker-bootstrap.mjs, so it runs from
 * the sources (tsx) or from dist/ alike.
 */
import { writeFile } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { checkFileDeferred, ensureFolder, reportNotWritten, type CheckSetup, type FileOutcome, type FileTask } from './check-file.ts';

if (!parentPort) throw new Error('check-worker.ts must run in a worker thread');
const port = parentPort;
const setup = (workerData as { setup: CheckSetup }).setup;

interface Batch {
  outcomes: FileOutcome[];
  left: number;
}

const queue: { task: FileTask; batch: Batch }[] = [];
let scheduled = false;

port.on('message', (tasks: FileTask[]) => {
  const batch: Batch = { outcomes: [], left: tasks.length };
  for (const task of tasks) queue.push({ task, batch });
  schedule();
});

// One file per turn of the event loop: reports are written asynchronously (creating a file can block for
// tens of milliseconds on a busy disk, which would idle this core), and each write is a chain of callbacks
// (open, write, close) that only moves on between two files.
function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  setImmediate(checkNext);
}

function checkNext(): void {
  scheduled = false;
  const { task, batch } = queue.shift()!;
  const settle = (o: FileOutcome) => {
    batch.outcomes.push(o);
    if (--batch.left === 0) port.postMessage(batch.outcomes);
  };
  schedule();
  const { outcome, report } = checkFileDeferred(task, setup);
  if (!report) return settle(outcome);
  try {
    ensureFolder(dirname(report.path));
  } catch (err) {
    return settle(reportNotWritten(task, err, outcome.notes));
  }
  writeFile(report.path, report.data, (err) => settle(err ? reportNotWritten(task, err, outcome.notes) : outcome));
}
