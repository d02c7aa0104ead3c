/** CATALOGUE.DRUG.KNOWN — every XML2 drug code is in the facility's drug catalogue on the order date. */
import { catalogueFixtures } from './fixtures.ts';
import { DRUG_LINES, knownRule } from './priced.ts';

export const fixtures = catalogueFixtures('a drug the facility never declared', (rec) => {
  rec.XML2[1].MA_THUOC = '40.999';
});

export const rule = knownRule(DRUG_LINES, 'CATALOGUE.DRUG.KNOWN', fixtures);
