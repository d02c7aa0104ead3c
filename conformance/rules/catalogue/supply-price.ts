/** CATALOGUE.SUPPLY.PRICE — XML3 DON_GIA_BV / DON_GIA_BH of a supply equal the catalogue prices on the order date. */
import { catalogueFixtures, priceRecord } from './fixtures.ts';
import { priceRule, SUPPLY_LINES } from './priced.ts';

export const fixtures = catalogueFixtures('a syringe billed above its catalogue price', (rec) => {
  rec.XML3[2].DON_GIA_BH = '1100';
  priceRecord(rec);
});

export const rule = priceRule(SUPPLY_LINES, 'CATALOGUE.SUPPLY.PRICE', fixtures);
