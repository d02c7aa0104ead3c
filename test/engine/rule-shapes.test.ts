/**
 * Arrays and objects the hand-written rules loop over keep one hidden class: a rule whose optimised loop met a
 * second one (a frozen empty row list, the result of an optimised map(), items with or without a property)
 * threw its optimised code away mid-batch, which a cold `check` worker paid on every run. The probe runs in a
 * child process with V8's natives syntax.
 */
import { describe, expect, it } from 'vitest';
import { runNativesProbe } from '../support/natives-probe.ts';

describe('hidden classes the hand-written rules meet', () => {
  it('one per kind of array or item, interpreted or optimised', () => {
    const { out, stderr } = runNativesProbe<{ turbofan: boolean; differ: string[]; rows: number }>('./rule-shape-probe.ts');
    expect(stderr).not.toMatch(/Error/);
    expect(out.rows).toBeGreaterThan(0);
    expect(out.differ).toEqual([]);
    expect(out.turbofan).toBe(true);
  }, 150_000);
});
