/** Starts a hidden-class probe (test/support/*-probe.ts) for a test: the probe's V8 natives need their own process. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs a probe (a file next to this one) in a child node with natives syntax; its last stdout line, parsed, and stderr. */
export function runNativesProbe<T>(probeFile: string): { out: T; stderr: string } {
  const probe = fileURLToPath(new URL(probeFile, import.meta.url));
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', probe], { encoding: 'utf8', timeout: 120_000 });
  return { out: JSON.parse(run.stdout.trim().split('\n').at(-1)!) as T, stderr: run.stderr };
}
