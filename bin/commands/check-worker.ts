/**
 * Worker thread of `sskdt-lab check --jobs N`: checks the files of each batch it is sent with
 * ./check-file.ts and posts the batch's outcomes back in one message (./check-pool.ts keeps the input
 * order). `--out` reports travel with their outcomes and are written by the CLI's own thread
 * (./report-file.ts), so this thread only reads and checks. Started through simulator/worker-bootstrap.mjs,
 * so it runs from the sources (tsx) or from dist/ alike.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFileDeferred, type CheckSetup, type FileOutcome, type FileTask } from './check-file.ts';

if (!parentPort) throw new Error('check-worker.ts must run in a worker thread');
const port = parentPort;
const setup = (workerData as { setup: CheckSetup }).setup;

port.on('message', (tasks: FileTask[]) => {
  const outcomes: FileOutcome[] = [];
  for (const task of tasks) {
    const { outcome, report } = checkFileDeferred(task, setup);
    if (report) outcome.report = report;
    outcomes.push(outcome);
  }
  port.postMessage(outcomes);
});
