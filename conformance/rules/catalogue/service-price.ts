/** CATALOGUE.SERVICE.PRICE — XML3 DON_GIA_BV / DON_GIA_BH of a service equal the catalogue prices on the order date. */
import { catalogueFixtures, priceRecord } from './fixtures.ts';
import { priceRule, SERVICE_LINES } from './priced.ts';

export const fixtures = catalogueFixtures('an exam billed at an old price', (rec) => {
  rec.XML3[0].DON_GIA_BV = '34500';
  rec.XML3[0].DON_GIA_BH = '34500';
  priceRecord(rec);
});

export const rule = priceRule(SERVICE_LINES, 'CATALOGUE.SERVICE.PRICE', fixtures);
