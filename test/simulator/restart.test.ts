/**
 * Durability: every submission acknowledged before a `kill -9` is in the store after a restart, with its bytes.
 * Spawns the real entry point (`node --import tsx simulator/main.ts`) on a free port with a temporary DATA_DIR.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MD5_UPPER, b64, envelope, submitFields } from './helpers.ts';
import { killAll, startPortalProcess, type PortalProcess } from './portal-process.ts';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await killAll(children);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function start(dataDir: string, writerThread: string): Promise<PortalProcess> {
  return startPortalProcess({ DATA_DIR: dataDir, SSKDT_WORKERS: '1', SSKDT_WRITER_THREAD: writerThread }, children);
}

describe.each(['on', 'off'])('restart after kill -9 (writer thread %s)', (writerThread) => {
  it('keeps every acknowledged submission with its bytes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-restart-'));
    dirs.push(dataDir);
    const first = await start(dataDir, writerThread);
    const token = (await (await fetch(`${first.url}/api/token/take`, { method: 'POST', body: new URLSearchParams({ username: '52001_BV', password: MD5_UPPER }) })).json()) as { APIKey: { access_token: string; id_token: string } };
    const headers = { 'Content-Type': 'application/json', accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash: MD5_UPPER };

    const N = 60;
    const acked = new Map<string, string>();
    let killed = false;
    const sends = Array.from({ length: N }, async (_, i) => {
      // distinct content per submission, ~20 KB each
      const xml = envelope({ padTo: 20_000 }).replace('<CHUKYDONVI/>', `<CHUKYDONVI/><!--${i}-->`);
      try {
        const res = await fetch(`${first.url}/api/qd130/guiHoSoXmlQD4750`, { method: 'POST', headers, body: JSON.stringify(submitFields(xml)) });
        const body = (await res.json()) as { maKetQua: string; maGiaoDich: string };
        if (body.maKetQua === '200') acked.set(body.maGiaoDich, b64(xml));
        if (acked.size >= N / 3 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      } catch {
        // in flight when the process died: not acknowledged, nothing to assert
      }
    });
    await Promise.all(sends);
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once('exit', r)));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(N / 3);

    const second = await start(dataDir, writerThread);
    for (const [maGiaoDich, base64] of acked) {
      const k = (await (await fetch(`${second.url}/api/sim/ketqua/${maGiaoDich}?file=1`, { headers })).json()) as { maGiaoDich: string; file: { base64: string } };
      expect(k.maGiaoDich).toBe(maGiaoDich);
      expect(k.file.base64).toBe(base64);
    }
    // new transactions after the restart do not reuse an acknowledged maGiaoDich
    const again = (await (await fetch(`${second.url}/api/qd130/guiHoSoXmlQD4750`, { method: 'POST', headers, body: JSON.stringify(submitFields(envelope())) })).json()) as { maKetQua: string; maGiaoDich: string };
    expect(again.maKetQua).toBe('200');
    expect(acked.has(again.maGiaoDich)).toBe(false);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    expect(second.child.exitCode).toBe(0);
  });
});
