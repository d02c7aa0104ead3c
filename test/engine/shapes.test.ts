/**
 * Every package, HOSO, file and row shares one hidden class whatever its kind and whichever tier of V8 built it.
 * When they did not (a check-in without NGAYLAP, a row without STT, a HOSO array from an optimised map()), each
 * of ~30 rules and the field engine threw its optimised code away mid-batch and compiled it again: a cold
 * `check` worker paid that on every run. The probe runs in a child process with V8's natives syntax.
 */
import { describe, expect, it } from 'vitest';
import { runNativesProbe } from '../support/natives-probe.ts';

describe('hidden classes of the parsed package', () => {
  it('are the same for envelopes, check-ins and bare tables, interpreted or optimised', () => {
    const { out, stderr } = runNativesProbe<{ turbofan: boolean; differ: string[]; hosoCount: number }>('./shape-probe.ts');
    expect(stderr).not.toMatch(/Error/);
    expect(out.hosoCount).toBe(2);
    expect(out.differ).toEqual([]);
    // the optimised half only means something when decodePackage really ran in TurboFan code
    expect(out.turbofan).toBe(true);
  }, 150_000);
});
