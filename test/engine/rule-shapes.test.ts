/**
 * Arrays and objects the hand-written rules loop over keep one hidden class: a rule whose optimised loop met a
 * second one (a frozen empty row list, the result of an optimised map(), items with or without a property)
 * threw its optimised code away mid-batch, which a cold `check` worker paid on every run. The probe runs in a
 * child process with V8's natives syntax.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('hidden classes the hand-written rules meet', () => {
  it('one per kind of array or item, interpreted or optimised', () => {
    const probe = fileURLToPath(new URL('../support/rule-shape-probe.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', probe], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(/Error/);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { turbofan: boolean; differ: string[]; rows: number };
    expect(out.rows).toBeGreaterThan(0);
    expect(out.differ).toEqual([]);
    expect(out.turbofan).toBe(true);
  }, 150_000);
});
