// Worker entry: registers tsx so a TypeScript worker module (and what it imports) loads without a build.
// workerData.module names it (default: the conformance check worker).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(new URL(workerData?.module ?? './check-worker.ts', import.meta.url).href);
