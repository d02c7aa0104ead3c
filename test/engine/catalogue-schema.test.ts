// The shipped catalogue data file has the shape the engine assumes (conformance/catalogue/schema.ts):
// validated here rather than on every start-up.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { rawCatalogue } from '../../conformance/catalogue/catalogue.ts';
import { RawCatalogue } from '../../conformance/catalogue/schema.ts';

const require = createRequire(import.meta.url);

describe('catalogue data file', () => {
  it('matches the zod schema, with no key the schema does not know', () => {
    const data = require('../../conformance/catalogue/xml-fields.json') as unknown;
    const parsed = RawCatalogue.parse(data);
    // zod drops unknown keys: equal means the raw data the engine uses is exactly the validated data
    expect(parsed).toEqual(data);
    expect(rawCatalogue()).toEqual(parsed);
  });

  it('rejects a malformed table', () => {
    const broken = structuredClone(rawCatalogue());
    (broken[1].fields[0] as { type: string }).type = 'text';
    expect(RawCatalogue.safeParse(broken).success).toBe(false);
  });
});
