/**
 * Runs `node bin/sskdt-lab.mjs …` as a user would, collecting its exit code and output. The sources run
 * through tsx (SSKDT_LAB_FROM_SOURCE=1, set for every test in vitest.config.ts), never a stale dist/.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cwd: string, args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(repo, 'bin/sskdt-lab.mjs'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSKDT_LAB_FROM_SOURCE: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
