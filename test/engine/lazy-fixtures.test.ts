/**
 * Rule fixtures are built on first read (lazyFixtures), never when a rule module is imported: every check
 * (each CLI run, each worker) imports every rule module, and eagerly built fixtures (serialised envelopes,
 * RSA signatures) were most of the CLI's start-up. A new rule module that builds its fixtures at import
 * fails here with the way to fix it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const rulesDir = fileURLToPath(new URL('../../conformance/rules/', import.meta.url));

describe('rule fixtures are lazy', () => {
  it('every rule module that exports fixtures wraps them in lazyFixtures(() => …)', () => {
    const eager: string[] = [];
    for (const group of ['cross', 'pilot', 'signature']) {
      for (const name of readdirSync(join(rulesDir, group))) {
        if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
        const text = readFileSync(join(rulesDir, group, name), 'utf8');
        if (/^export const fixtures\b/m.test(text) && !/^export const fixtures(: RuleFixtures)? = lazyFixtures\(/m.test(text)) eager.push(`${group}/${name}`);
      }
    }
    expect(eager, 'wrap these modules\' fixtures (and the records they build) in lazyFixtures(() => { …; return { valid, invalid }; })').toEqual([]);
  });
});
