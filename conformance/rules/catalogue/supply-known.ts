/** CATALOGUE.SUPPLY.KNOWN — every XML3 supply code is in the facility's supply catalogue on the order date. */
import { catalogueFixtures } from './fixtures.ts';
import { knownRule, SUPPLY_LINES } from './priced.ts';

export const fixtures = catalogueFixtures('a supply the facility never declared', (rec) => {
  rec.XML3[2].MA_VAT_TU = 'N03.01.999';
});

export const rule = knownRule(SUPPLY_LINES, 'CATALOGUE.SUPPLY.KNOWN', fixtures);
