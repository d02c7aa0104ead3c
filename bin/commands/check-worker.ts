/**
 * Worker thread of `sskdt-lab check --jobs N`: checks the files it is sent with ./check-file.ts and posts
 * each outcome back (the main thread keeps the input order). Started through simulator/worker-bootstrap.mjs,
 * so it runs from the sources (tsx) or from dist/ alike.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type CheckSetup, type FileTask } from './check-file.ts';

if (!parentPort) throw new Error('check-worker.ts must run in a worker thread');
const port = parentPort;
const setup = (workerData as { setup: CheckSetup }).setup;

port.on('message', (task: FileTask) => {
  port.postMessage(checkFile(task, setup));
});
port.postMessage({ ready: true });
