/**
 * V8's natives for the hidden-class probes (test/support/*-probe.ts). Only a probe may import this module: it
 * runs in the child process runNativesProbe (./natives-probe.ts) starts with `--allow-natives-syntax`. The calls
 * go through Function() because TypeScript does not parse `%Name(...)`.
 */
export const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
export const prepare = new Function('f', '%PrepareFunctionForOptimization(f)') as (f: unknown) => void;
export const optimizeNext = new Function('f', '%OptimizeFunctionOnNextCall(f)') as (f: unknown) => void;
const optimizationStatus = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
/** Bit 4 (16) of %GetOptimizationStatus: the function runs TurboFan code. */
export const turbofan = (f: unknown): boolean => (optimizationStatus(f) & 16) !== 0;
