/**
 * Importing the engine builds no fixture: every check worker imports every rule module, and records built at a
 * module's top level (outside lazyFixtures) run cold, interpreted code on each start (CROSS.BED.OUTPATIENT's
 * record cost ≈ 10 ms per worker). lazy-fixtures.test.ts checks the `fixtures` export by its text; this runs
 * the imports and counts calls to the record builders and the signer.
 */
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => [] as string[]);

vi.mock('../../conformance/rules/fixtures-kit.ts', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const spied: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(real)) {
    spied[name] = typeof value === 'function' ? (...args: unknown[]) => (calls.push(name), (value as (...a: unknown[]) => unknown)(...args)) : value;
  }
  return spied;
});

vi.mock('../../conformance/signature/sign.ts', async (importOriginal) => {
  const real = await importOriginal<{ signEnveloped: (...a: unknown[]) => unknown }>();
  return { ...real, signEnveloped: (...args: unknown[]) => (calls.push('signEnveloped'), real.signEnveloped(...args)) };
});

describe('engine import', () => {
  it('builds no fixture record, envelope or signature', async () => {
    const { checkPackage } = await import('../../conformance/check.ts');
    const { ruleModules } = await import('../../conformance/rules/registry.ts');
    expect(typeof checkPackage).toBe('function');
    expect(ruleModules().length).toBeGreaterThan(50);
    expect(calls, 'move these into the module\'s lazyFixtures(() => …)').toEqual([]);
    // the spies do see the builders once fixtures are read
    void ruleModules().find((m) => m.rule.meta.id === 'CROSS.BED.OUTPATIENT')!.fixtures.invalid;
    expect(calls).toContain('priceRecord');
  });
});
