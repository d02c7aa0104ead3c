// bin/progress.ts: what a terminal sees, and that nothing extra is written when it is not a terminal.
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatProgress } from '../../bin/progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (t: string) => writes.push(t) } };
}

describe('progress', () => {
  it('formats done/total, rate, time left and failures', () => {
    expect(formatProgress({ label: 'check', unit: 'files', done: 50, total: 200, failed: 3, elapsedMs: 10_000 })).toBe('check 50/200 files · 5.0 files/s · 0:30 left · 3 failed');
    expect(formatProgress({ label: 'check', unit: 'files', done: 200, total: 200, failed: 0, elapsedMs: 2_000 })).toBe('check 200/200 files · 100 files/s · 0:02 elapsed · 0 failed');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('on a terminal: one line redrawn in place, logged lines above it, cleared at the end', () => {
    let t = 0;
    const { writes, stream } = fakeStream(true);
    const p = createProgress({ label: 'generate', unit: 'packages', total: 4, stream, now: () => t });
    t = 1000;
    p.tick();
    p.log('one line');
    t = 2000;
    p.tick({ failed: true });
    p.done();
    expect(writes[0]).toBe('\r\x1b[2Kgenerate 1/4 packages · 1.0 packages/s · 0:03 left · 0 failed');
    expect(writes).toContain('one line\n');
    expect(writes).toContain('\r\x1b[2Kgenerate 2/4 packages · 1.0 packages/s · 0:02 left · 1 failed');
    expect(writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('not a terminal, or quiet: nothing but the logged lines', () => {
    for (const [isTTY, quiet] of [[false, false], [true, true]]) {
      const { writes, stream } = fakeStream(isTTY);
      const p = createProgress({ label: 'check', total: 2, stream, quiet });
      p.tick();
      p.log('PASS a.xml');
      p.tick();
      p.done();
      expect(writes).toEqual(['PASS a.xml\n']);
    }
  });

  it('counts several units at once, with how many of them failed (check ticks once per run of outcomes)', () => {
    let t = 0;
    const { writes, stream } = fakeStream(true);
    const p = createProgress({ label: 'check', total: 10, stream, now: () => t });
    t = 1000;
    p.tick({ count: 4, failed: 3 });
    p.tick({ count: 2, failed: 0 });
    p.log('PASS a.xml\nFAIL b.xml\n');
    expect(p.state).toMatchObject({ done: 6, failed: 3 });
    expect(writes[0]).toBe('\r\x1b[2Kcheck 4/10 files · 4.0 files/s · 0:02 left · 3 failed');
    expect(writes).toContain('PASS a.xml\nFAIL b.xml\n');
  });
});
