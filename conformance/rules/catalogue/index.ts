/** Rules of the "catalogue" group: claims against the facility's own catalogues (skip when none are loaded). */
import type { RuleModule } from '../contract.ts';
import * as practitionerRegistered from './practitioner-registered.ts';
import * as practitionerLicensed from './practitioner-licensed.ts';
import * as maTtdvRegistered from './ma-ttdv-registered.ts';
import * as maMayRegistered from './ma-may-registered.ts';
import * as drugKnown from './drug-known.ts';
import * as drugPrice from './drug-price.ts';
import * as serviceKnown from './service-known.ts';
import * as servicePrice from './service-price.ts';
import * as supplyKnown from './supply-known.ts';
import * as supplyPrice from './supply-price.ts';
import * as department from './department.ts';

export const rules: RuleModule[] = [practitionerRegistered, practitionerLicensed, maTtdvRegistered, maMayRegistered, drugKnown, drugPrice, serviceKnown, servicePrice, supplyKnown, supplyPrice, department].map((m) => ({ rule: m.rule, fixtures: m.fixtures }));
