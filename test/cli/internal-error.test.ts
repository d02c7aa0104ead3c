/**
 * Exit code 2: an exception out of the engine, or a Result carrying an `error` finding (a rule crashed).
 * The engine is replaced by a stub here, so the exit code logic is tested on its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const mode = vi.hoisted(() => ({ value: 'throw' as 'throw' | 'error-finding' | 'fail' }));

vi.mock('../../conformance/check.ts', async () => {
  const { summarize, RESULT_SCHEMA_VERSION } = await import('../../conformance/result.ts');
  return {
    checkPackage: (bytes: Uint8Array, options: { fileName?: string }) => {
      if (mode.value === 'throw') throw new Error('engine exploded');
      const findings = [
        {
          ruleId: 'CROSS.TEST',
          outcome: mode.value === 'fail' ? 'fail' : 'error',
          severity: 'error',
          message_vi: 'x',
          message_en: 'x',
          citation: { decision: 'QĐ 130', clause: 'x' },
          confidence: 'high',
          location: {},
          reason: 'TypeError: boom',
        },
      ] as const;
      return {
        schemaVersion: RESULT_SCHEMA_VERSION,
        engineVersion: '0.0.0',
        layout: { id: '4750', overlay1931: false, reason: 'stub' },
        profile: 'default',
        subject: { kind: 'GIAMDINHHS', sha256: '0'.repeat(64), bytes: bytes.byteLength, fileName: options.fileName },
        findingsIncluded: 'all',
        findings: [...findings],
        summary: summarize([...findings]),
        timings: {},
        checkedAt: '1970-01-01T00:00:00.000Z',
      };
    },
  };
});

const { main } = await import('../../bin/commands/check.ts');
const dir = mkdtempSync(join(tmpdir(), 'sskdt-cli-err-'));
writeFileSync(join(dir, 'a.xml'), '<GIAMDINHHS/>');
writeFileSync(join(dir, 'b.xml'), '<GIAMDINHHS/>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function quiet(args: string[]) {
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await main('check', args), stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('exit code 2', () => {
  it('when the engine throws, with the error on stderr', async () => {
    mode.value = 'throw';
    const r = await quiet([join(dir, 'a.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('engine exploded');
  });
  it('when a rule crashed (a finding with outcome error), even if other files only fail', async () => {
    mode.value = 'error-finding';
    const r = await quiet([dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ERROR +/m);
    mode.value = 'fail';
    expect((await quiet([dir])).code).toBe(1);
  });
});
