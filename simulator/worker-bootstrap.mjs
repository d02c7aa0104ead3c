// Worker entry. workerData.module names the worker module by its source name (default: the conformance
// check worker, './check-worker.ts'). From the sources, tsx is registered so the TypeScript loads without a
// build; from the build (dist/simulator/, where only the compiled .js sits next to this file) the .js runs
// directly, with no TypeScript loader.
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const source = new URL(workerData?.module ?? './check-worker.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(source.href.replace(/\.ts$/, '.js'));
}
