/**
 * Worker thread of `sskdt-lab check --jobs N`: checks the files it is sent with ./check-file.ts and posts
 * each outcome back (the main thread keeps the input order). Started through simulator/worker-bootstrap.mjs,
 * so it runs from the sources (tsx) or from dist/ alike.
 */
import { writeFile } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { checkFileDeferred, ensureFolder, reportNotWritten, type CheckSetup, type FileTask } from './check-file.ts';

if (!parentPort) throw new Error('check-worker.ts must run in a worker thread');
const port = parentPort;
const setup = (workerData as { setup: CheckSetup }).setup;

// The report is written asynchronously: the next file is checked while the disk works, and the outcome is
// posted once the report is on disk (or could not be written).
port.on('message', (task: FileTask) => {
  const { outcome, report } = checkFileDeferred(task, setup);
  if (!report) return port.postMessage(outcome);
  try {
    ensureFolder(dirname(report.path));
  } catch (err) {
    return port.postMessage(reportNotWritten(task, err, outcome.notes));
  }
  writeFile(report.path, report.data, (err) => port.postMessage(err ? reportNotWritten(task, err, outcome.notes) : outcome));
});
port.postMessage({ ready: true });
