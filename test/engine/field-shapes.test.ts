/**
 * The field engine runs for every value of every file, and a cold `check` worker pays for each time V8 throws its
 * optimised code away: the compiled field objects of every layout variant, their rule objects and the code-list
 * choices each share one hidden class, and runFieldRules, optimised on valid packages, stays optimised when
 * packages full of problems come (problem reports live outside the hot functions). Before, it compiled up to
 * six times in one cold pass. The probe runs in a child process with V8's natives syntax.
 */
import { describe, expect, it } from 'vitest';
import { runNativesProbe } from '../support/natives-probe.ts';

describe('the field engine in V8', () => {
  it('reads objects of one hidden class per kind and stays optimised when problems come', () => {
    const { out, stderr } = runNativesProbe<{ differ: string[]; kinds: number; optimisedBefore: boolean; optimisedAfter: boolean; listed: number }>('./field-shape-probe.ts');
    expect(stderr).not.toMatch(/Error/);
    expect(out.differ).toEqual([]);
    expect(out.kinds).toBe(16);
    // the packages with problems really listed some, and runFieldRules ran in TurboFan code before and after them
    expect(out.listed).toBeGreaterThan(50);
    expect(out.optimisedBefore).toBe(true);
    expect(out.optimisedAfter).toBe(true);
  }, 150_000);
});
