/** CATALOGUE.DRUG.PRICE — XML2 DON_GIA equals the drug catalogue's price on the order date. */
import { catalogueFixtures, priceRecord } from './fixtures.ts';
import { DRUG_LINES, priceRule } from './priced.ts';

export const fixtures = catalogueFixtures('a drug billed above its catalogue price', (rec) => {
  rec.XML2[0].DON_GIA = '1300';
  priceRecord(rec);
});

export const rule = priceRule(DRUG_LINES, 'CATALOGUE.DRUG.PRICE', fixtures);
