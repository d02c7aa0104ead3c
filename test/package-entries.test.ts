/**
 * The package entries work in plain Node, without a TypeScript loader on the command line: a vendor's test
 * suite imports `sskdt-lab` and `sskdt-lab/msw` by name (self-reference from the repo root here).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as engine from '../conformance/index.ts';
import * as msw from '../simulator/msw.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function runtimeKeys(specifier: string): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(specifier)}); process.stdout.write(JSON.stringify(Object.keys(m).sort()))`], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('package entries', () => {
  it('sskdt-lab exports what conformance/index.ts exports', () => {
    expect(runtimeKeys('sskdt-lab')).toEqual(Object.keys(engine).sort());
  });

  it('sskdt-lab/msw exports the portal handlers', () => {
    expect(runtimeKeys('sskdt-lab/msw')).toEqual(Object.keys(msw).sort());
  });

  it('checks a package through the plain-Node entry', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "const { checkPackage } = await import('sskdt-lab'); const r = checkPackage(new TextEncoder().encode('<GIAMDINHHS>')); process.stdout.write(r.findings[0].ruleId)"], { cwd: root, encoding: 'utf8' });
    expect(out).toBe('ENVELOPE.XML');
  });
});
