/**
 * The field engine runs for every value of every file, and a cold `check` worker pays for each time V8 throws its
 * optimised code away: the compiled field objects of every layout variant, their rule objects and the code-list
 * choices each share one hidden class, and runFieldRules, optimised on valid packages, stays optimised when
 * packages full of problems come (problem reports live outside the hot functions). Before, it compiled up to
 * six times in one cold pass. The probe runs in a child process with V8's natives syntax.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the field engine in V8', () => {
  it('reads objects of one hidden class per kind and stays optimised when problems come', () => {
    const probe = fileURLToPath(new URL('../support/field-shape-probe.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', probe], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(/Error/);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { differ: string[]; kinds: number; optimisedBefore: boolean; optimisedAfter: boolean; listed: number };
    expect(out.differ).toEqual([]);
    expect(out.kinds).toBe(16);
    // the packages with problems really listed some, and runFieldRules ran in TurboFan code before and after them
    expect(out.listed).toBeGreaterThan(50);
    expect(out.optimisedBefore).toBe(true);
    expect(out.optimisedAfter).toBe(true);
  }, 150_000);
});
