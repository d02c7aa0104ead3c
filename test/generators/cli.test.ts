import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main, type Manifest } from '../../generators/cli.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sskdt-gen-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await fn();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('sskdt-lab generate / mutate / scenarios', () => {
  it('writes byte-identical files and manifest for the same seed', async () => {
    const [a, b] = [tmp(), tmp()];
    // a fixed --date: the default (yesterday) would change if the two runs straddled midnight
    const args = ['--scenario', 'kham-bhyt,chuyentuyen-bhyt', '--seed', '9', '--count', '2', '--layout', '4750', '--date', '2026-11-20'];
    expect(await quiet(() => main('generate', [...args, '--out', a]))).toBe(0);
    expect(await quiet(() => main('generate', [...args, '--out', b]))).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    expect(files).toHaveLength(9);
    for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
    const m = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.packages.map((p) => p.expected.verdict)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(m.packages.every((p) => p.signed && /^[0-9a-f]{64}$/.test(p.envelope.sha256))).toBe(true);
  });

  it('writes mutants with the rule they target and lists scenarios where it does not apply', async () => {
    const d = tmp();
    expect(await quiet(() => main('generate', ['--scenario', 'kham-bhyt,noitru-bhyt', '--mutate', 'CROSS.DOCUMENT.XML7', '--out', d]))).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.packages).toHaveLength(1);
    expect(m.packages[0].expected).toMatchObject({ verdict: 'fail', ruleId: 'CROSS.DOCUMENT.XML7', document: 'GIAMDINHHS' });
    expect(m.notApplicable?.map((n) => n.scenario)).toEqual(['kham-bhyt']);
  });

  it('exits 3 on bad usage', async () => {
    expect(await quiet(() => main('generate', ['--scenario', 'all']))).toBe(3);
    expect(await quiet(() => main('generate', ['--out', tmp(), '--scenario', 'khong-co']))).toBe(3);
    expect(await quiet(() => main('generate', ['--out', tmp(), '--layout', '130']))).toBe(3);
    expect(await quiet(() => main('mutate', ['--out', tmp(), '--rule', 'NO.SUCH.RULE']))).toBe(3);
    expect(await quiet(() => main('replay', ['--facility', '52001']))).toBe(3);
    expect(await quiet(() => main('scenarios', ['--bogus']))).toBe(3);
    expect(await quiet(() => main('generate', ['--out', tmp(), '--facility', '52099']))).toBe(3);
    expect(await quiet(() => main('generate', ['--out', tmp(), '--facility', '52099', '--unsigned', '--scenario', 'kham-bhyt']))).toBe(0);
  });

  it.each([
    [['--date', '2026-02-30'], '--date 2026-02-30 is not a day of the calendar'],
    [['--seed', 'abc'], '--seed must be a whole number, got "abc"'],
    [['--out-under-a-file'], 'cannot create --out folder'],
  ])('a bad %j is one line on stderr and exit 3, no stack trace', async (flags, message) => {
    const dir = tmp();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const args = flags[0] === '--out-under-a-file' ? ['--out', join(file, 'gen'), '--scenario', 'kham-bhyt'] : ['--out', dir, '--scenario', 'kham-bhyt', ...flags];
    let err = '';
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main('generate', args)).toBe(3);
    } finally {
      e.mockRestore();
      o.mockRestore();
    }
    expect(err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(err).toContain(message);
    expect(err).toMatch(/^sskdt-lab generate: .*\(see sskdt-lab generate --help\)\n$/);
  });

  it('an unknown rule id for --mutate points to "sskdt-lab rules"', async () => {
    let text = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((text += String(s)), true));
    try {
      expect(await main('mutate', ['--out', tmp(), '--rule', 'SIG.DIGEST.VALUE'])).toBe(3);
    } finally {
      err.mockRestore();
    }
    expect(text).toContain('no mutation operator for rule "SIG.DIGEST.VALUE" (layout 3176); "sskdt-lab rules" lists the rule ids');
  });

  it('lists scenario ids with Vietnamese descriptions', async () => {
    let text = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((text += String(s)), true));
    try {
      expect(await main('scenarios', [])).toBe(0);
    } finally {
      out.mockRestore();
    }
    expect(text).toMatch(/^kham-bhyt\s+Khám bệnh ngoại trú/m);
    expect(text).toMatch(/^nguoinuocngoai-vienphi\s+Người nước ngoài/m);
  });
});
