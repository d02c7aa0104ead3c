/** The worker side of ./workers.ts: runs checkPackage or the envelope gate for one message at a time. */
import { parentPort } from 'node:worker_threads';
import { loadEngine, runCheckJob, runProjection, type CheckJob } from './checker.ts';
import type { ProjectionItem } from './reads.ts';
import { gateGiayTo, gateSubmission, type GateInput, type GiayToGateInput } from './envelope-gate.ts';

if (!parentPort) throw new Error('check-worker.ts must run in a worker thread');
const port = parentPort;

port.on('message', async (msg: { kind: 'check'; job: CheckJob } | { kind: 'gate'; input: GateInput } | { kind: 'giayto'; input: GiayToGateInput } | { kind: 'project'; items: ProjectionItem[] } | { kind: 'warmup' }) => {
  try {
    if (msg.kind === 'warmup') {
      await loadEngine();
      port.postMessage({ ready: true });
    } else if (msg.kind === 'project') {
      port.postMessage({ ok: true, value: await runProjection(msg.items) });
    } else if (msg.kind === 'check') {
      port.postMessage({ ok: true, value: await runCheckJob(msg.job) });
    } else {
      const outcome = msg.kind === 'giayto' ? gateGiayTo(msg.input) : gateSubmission(msg.input);
      // Copy before transferring: the decoder may hand back a view into a shared Buffer pool.
      const fileBytes = outcome.fileBytes ? new Uint8Array(outcome.fileBytes) : null;
      port.postMessage({ ok: true, value: { ...outcome, fileBytes } }, fileBytes ? [fileBytes.buffer] : []);
    }
  } catch (err) {
    port.postMessage({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
});
