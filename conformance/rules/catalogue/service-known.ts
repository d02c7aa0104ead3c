/** CATALOGUE.SERVICE.KNOWN — every XML3 service code is in the facility's service catalogue on the order date. */
import { catalogueFixtures } from './fixtures.ts';
import { knownRule, SERVICE_LINES } from './priced.ts';

export const fixtures = catalogueFixtures('a service the facility never declared', (rec) => {
  rec.XML3[0].MA_DICH_VU = '02.1999';
});

export const rule = knownRule(SERVICE_LINES, 'CATALOGUE.SERVICE.KNOWN', fixtures);
