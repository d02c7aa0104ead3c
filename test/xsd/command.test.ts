import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bin/commands/xsd.ts';
import { compileXsd, disposeXsdCache } from './validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'sskdt-xsd-'));
afterAll(() => {
  disposeXsdCache();
  rmSync(dir, { recursive: true, force: true });
});

async function quiet(args: string[]) {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await main('xsd', args), stderr };
  } finally {
    err.mockRestore();
  }
}

describe('sskdt-lab xsd', () => {
  it('writes strict and lenient schemas of every table and the envelope per layout', async () => {
    const r = await quiet(['--out', dir]);
    expect(r.code).toBe(0);
    for (const layout of ['4750', '3176']) {
      const files = readdirSync(join(dir, layout));
      expect(files).toHaveLength(34);
      expect(files).toContain('XML0.xsd');
      expect(files).toContain('GIAMDINHHS.lenient.xsd');
      expect(() => compileXsd(readFileSync(join(dir, layout, 'XML13.xsd'), 'utf8'))).not.toThrow();
    }
    expect(readFileSync(join(dir, '4750', 'XML13.xsd'), 'utf8')).toContain('name="MA_NOI_DI"');
    expect(readFileSync(join(dir, '3176', 'XML2.xsd'), 'utf8')).toMatch(/name="MUC_HUONG"[\s\S]*?pattern value="-\?\[0-9\]\{1,4\}/);
  });

  it('--no-1931 keeps MUC_HUONG at 3 digits before the decimal point; a bad --layout is a usage error (exit 3)', async () => {
    expect((await quiet(['--out', join(dir, 'pre1931'), '--layout', '3176', '--no-1931'])).code).toBe(0);
    expect(readdirSync(join(dir, 'pre1931'))).toEqual(['3176']);
    expect(readFileSync(join(dir, 'pre1931', '3176', 'XML2.xsd'), 'utf8')).toMatch(/name="MUC_HUONG"[\s\S]*?pattern value="-\?\[0-9\]\{1,3\}/);
    const bad = await quiet(['--layout', '130']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--layout must be 4750 or 3176');
  });
});
