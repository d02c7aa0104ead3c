import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckScheduler, type Checker, type CheckJob, type CheckOutcome } from '../../simulator/checker.ts';
import { configWith } from '../../simulator/config.ts';
import { Store, type NewSubmission } from '../../simulator/store.ts';

function row(): NewSubmission {
  const bytes = Buffer.from('<GIAMDINHHS/>');
  return { endpoint: 'guiHoSoXmlQD4750', username: 'u', maCSKCB: '52001', loaiHoSo: '130', maTinh: '52', contentType: 'x', clientIp: 'x', rawBody: bytes, fileBytes: bytes, fileSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), receivedAt: '2026-01-01T00:00:00Z', thoiGianTiepNhan: '20260101070000', maKetQua: '200', thongDiep: 'ok', status: 'pending', envelopeResult: {} };
}

class CountingChecker implements Checker {
  readonly capacity = 2;
  calls = 0;
  async check(_job: CheckJob): Promise<CheckOutcome> {
    this.calls++;
    return { ok: false, error: 'fake engine' };
  }
  gate(): never {
    throw new Error('not used');
  }
  gateGiayTo(): never {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

afterEach(() => vi.useRealTimers());

describe('CheckScheduler', () => {
  it('holds checks back while submissions arrive, then drains; pending rows resume after a restart', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const store = new Store(':memory:');
    const ids = await Promise.all([store.addSubmission(row()), store.addSubmission(row()), store.addSubmission(row())]).then((r) => r.map((x) => x.id));
    const checker = new CountingChecker();
    const s = new CheckScheduler(store, checker, configWith({ checkYield: true, checksDuringIntake: 0 }));
    s.intakeStarted();
    expect((await s.resumePending())).toBe(3);
    await Promise.resolve();
    expect(checker.calls).toBe(0);
    // sustained intake: one check is let through per second, not more
    await vi.advanceTimersByTimeAsync(900);
    expect(checker.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(checker.calls).toBe(1);
    vi.useRealTimers();
    s.intakeEnded();
    // checks wait for 50 ms of quiet after the last submission, then drain
    await s.whenIdle();
    expect(checker.calls).toBe(3);
    for (const id of ids) expect((await store.getSubmissionById(id))!.status).toBe('done');
    expect((await store.getSubmissionById(ids[0]))!.checkResult).toEqual({ engineError: 'fake engine' });
  });

  it('with checksDuringIntake, that many checks keep running while submissions arrive; all workers once intake pauses', async () => {
    const store = new Store(':memory:');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await store.addSubmission(row())).id);
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const checker: Checker = {
      capacity: 2,
      async check() {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running--;
        return { ok: false, error: 'fake engine' };
      },
      gate: () => Promise.reject(new Error('not used')),
      gateGiayTo: () => Promise.reject(new Error('not used')),
      close: async () => {},
    };
    const s = new CheckScheduler(store, checker, configWith({ checkYield: true, checksDuringIntake: 1 }));
    s.intakeStarted();
    (await s.resumePending());
    // waits poll for the state instead of sleeping a fixed time, so a busy machine cannot fail the test
    const until = (fn: () => void) => vi.waitFor(fn, { timeout: 15_000, interval: 5 });
    // sustained intake: one check at a time, one after the other, without waiting for a pause
    for (let done = 0; done < 3; done++) {
      await until(() => expect(release.length).toBe(1));
      expect(running).toBe(1);
      release.shift()!();
    }
    await until(() => expect(release.length).toBe(1));
    expect(most).toBe(1);
    s.intakeEnded();
    // intake paused: both workers
    await until(() => expect(running).toBe(2));
    // six checks in all, three released during intake: release the other three as they start
    for (let released = 3; released < ids.length; released++) {
      await until(() => expect(release.length).toBeGreaterThan(0));
      release.shift()!();
    }
    await s.whenIdle();
    for (const id of ids) expect((await store.getSubmissionById(id))!.status).toBe('done');
  });

  it('without yielding, checks start at once', async () => {
    const store = new Store(':memory:');
    await store.addSubmission(row());
    const checker = new CountingChecker();
    const s = new CheckScheduler(store, checker, configWith({ checkYield: false }));
    s.intakeStarted();
    await s.resumePending();
    await s.whenIdle();
    expect(checker.calls).toBe(1);
  });
});
