/**
 * scripts/bundle-worker.mjs: a bundled module still sees its own file as import.meta.url (data next to it
 * resolves as before), strings that merely mention import.meta.url are untouched, and two modules' top-level
 * functions of the same name stay distinct (names are not pinned: only stack traces show a suffix).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build script, no declarations
import { bundleInPlace } from '../../scripts/bundle-worker.mjs';

describe('worker bundle', () => {
  it('keeps each module’s import.meta.url, strings, and same-named functions apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sskdt-bundle-'));
    try {
      mkdirSync(join(dir, 'bin', 'commands'), { recursive: true });
      mkdirSync(join(dir, 'lib', 'data'), { recursive: true });
      writeFileSync(join(dir, 'lib', 'data', 'list.json'), JSON.stringify({ codes: ['A00'] }));
      writeFileSync(
        join(dir, 'lib', 'data', 'index.js'),
        [
          "import { createRequire } from 'node:module';",
          'const require = createRequire(import.meta.url);',
          "export const list = require('./list.json');",
          'export const url = import.meta.url;',
          "export const text = 'reads import.meta.url';",
          'export function check() { return 1; }',
        ].join('\n'),
      );
      writeFileSync(join(dir, 'lib', 'other.js'), 'export const url = import.meta.url;\nexport function check() { return 2; }\n');
      const entry = join(dir, 'bin', 'commands', 'worker.js');
      writeFileSync(
        entry,
        [
          "import * as data from '../../lib/data/index.js';",
          "import * as other from '../../lib/other.js';",
          'export const seen = { dataUrl: data.url, otherUrl: other.url, entryUrl: import.meta.url, list: data.list, text: data.text, values: [data.check(), other.check()] };',
        ].join('\n'),
      );
      expect(await bundleInPlace(esbuild, entry)).toBe(3);
      expect(readFileSync(entry, 'utf8')).not.toMatch(/from ['"]\.\.\/\.\.\/lib/);
      const { seen } = (await import(pathToFileURL(entry).href)) as { seen: Record<string, unknown> };
      expect(seen).toEqual({
        dataUrl: pathToFileURL(join(dir, 'lib', 'data', 'index.js')).href,
        otherUrl: pathToFileURL(join(dir, 'lib', 'other.js')).href,
        entryUrl: pathToFileURL(entry).href,
        list: { codes: ['A00'] },
        text: 'reads import.meta.url',
        values: [1, 2],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
