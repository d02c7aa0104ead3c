/**
 * The real entry point (`node --import tsx simulator/main.ts`) as a child process on a free port, for tests
 * that kill and restart portals. Resolves with its URL once it prints LISTENING; stdout keeps draining
 * afterwards (one JSON log line per submission) without being collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface PortalProcess {
  url: string;
  child: ChildProcess;
}

/** Start a portal with these settings added to the environment; the child is pushed to `children` at once. */
export function startPortalProcess(env: Record<string, string>, children: ChildProcess[]): Promise<PortalProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    let listening = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (listening) return;
      out += d.toString();
      const m = /LISTENING (http:\/\/\S+)/.exec(out);
      if (m) {
        listening = true;
        out = '';
        resolve({ url: m[1], child });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
    child.once('exit', (code) => {
      if (!listening) reject(new Error(`portal exited (${code}) before listening: ${errText}`));
    });
  });
}

/** Kill every child still running (SIGKILL) and wait until each has exited. */
export async function killAll(children: ChildProcess[]): Promise<void> {
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  const exited = running.map((c) => new Promise((r) => c.once('exit', r)));
  for (const c of running) c.kill('SIGKILL');
  await Promise.all(exited);
}
