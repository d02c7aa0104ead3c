/**
 * Mutation operators of the CATALOGUE.* rules: the one mistake each rule exists for, checked with the facility's
 * demo catalogues (generators/catalogues.ts) loaded. Looked up by generators/mutants.ts after its own operators.
 */
import { add, dec, toPlain } from '../conformance/decimal.ts';
import { demoCatalogueSet, expiredPractitioner } from './catalogues.ts';
import type { Draft, NotApplicable, Operator } from './mutants.ts';
import type { RowValues } from './serialize.ts';

const na = (reason: string): NotApplicable => ({ notApplicable: reason });
const withCatalogues = (d: Draft) => {
  d.checkOptions = { ...d.checkOptions, catalogues: demoCatalogueSet() };
};
const plus = (v: string | undefined, n: string) => toPlain(add(dec(v ?? '0'), dec(n)));
const serviceLine = (d: Draft): RowValues | undefined => d.tables.XML3?.find((r) => r.MA_DICH_VU && !r.MA_VAT_TU);
const supplyLine = (d: Draft): RowValues | undefined => d.tables.XML3?.find((r) => r.MA_VAT_TU);

export const CATALOGUE_OPERATORS: Record<string, Operator> = {
  'CATALOGUE.PRACTITIONER.REGISTERED': (d) => {
    const line = d.tables.XML2?.[0] ?? d.tables.XML3?.[0];
    if (!line) return na('no XML2/XML3 line');
    line.MA_BAC_SI = '000001/XX-CCHN';
    withCatalogues(d);
    return 'a line ordered by a practitioner the facility never registered';
  },
  'CATALOGUE.PRACTITIONER.LICENSED': (d) => {
    const line = d.tables.XML2?.[0] ?? d.tables.XML3?.[0];
    if (!line) return na('no XML2/XML3 line');
    line.MA_BAC_SI = expiredPractitioner(d.enc.facility.code);
    withCatalogues(d);
    return 'a line ordered by a practitioner whose registration ended in 2019';
  },
  'CATALOGUE.MA_TTDV.REGISTERED': (d) => {
    const x1 = d.tables.XML1?.[0];
    if (!x1) return na('no XML1');
    x1.MA_TTDV = '0000000001';
    withCatalogues(d);
    return 'MA_TTDV of no one in the staff catalogue';
  },
  'CATALOGUE.MA_MAY.REGISTERED': (d) => {
    const line = d.tables.XML3?.find((r) => r.MA_MAY);
    if (!line) return na('no XML3 line with MA_MAY');
    line.MA_MAY = `XN.1.${d.enc.facility.code}.99`;
    withCatalogues(d);
    return 'a machine the facility never declared';
  },
  'CATALOGUE.DRUG.KNOWN': (d) => {
    const line = d.tables.XML2?.[0];
    if (!line) return na('no XML2');
    line.MA_THUOC = '40.9999';
    withCatalogues(d);
    return 'a drug code missing from the drug catalogue';
  },
  'CATALOGUE.DRUG.PRICE': (d) => {
    const line = d.tables.XML2?.[0];
    if (!line) return na('no XML2');
    line.DON_GIA = plus(line.DON_GIA, '1');
    withCatalogues(d);
    return 'a drug billed 1 VND above its catalogue price';
  },
  'CATALOGUE.SERVICE.KNOWN': (d) => {
    const line = serviceLine(d);
    if (!line) return na('no service line');
    line.MA_DICH_VU = '99.9999.9999';
    withCatalogues(d);
    return 'a service code missing from the service catalogue';
  },
  'CATALOGUE.SERVICE.PRICE': (d) => {
    const line = serviceLine(d);
    if (!line) return na('no service line');
    line.DON_GIA_BH = plus(line.DON_GIA_BH, '100');
    withCatalogues(d);
    return 'a service billed to the fund above its catalogue price';
  },
  'CATALOGUE.SUPPLY.KNOWN': (d) => {
    const line = supplyLine(d);
    if (!line) return na('no supply line');
    line.MA_VAT_TU = 'N99.99.999';
    withCatalogues(d);
    return 'a supply code missing from the supply catalogue';
  },
  'CATALOGUE.SUPPLY.PRICE': (d) => {
    const line = supplyLine(d);
    if (!line) return na('no supply line');
    line.DON_GIA_BV = plus(line.DON_GIA_BV, '1');
    withCatalogues(d);
    return 'a supply billed above its catalogue price';
  },
  'CATALOGUE.DEPARTMENT': (d) => {
    const line = d.tables.XML3?.[0];
    if (!line) return na('no XML3 line');
    // K48 (intensive care) is a department code of the national list, but no demo facility declares it
    line.MA_KHOA = 'K48';
    withCatalogues(d);
    return 'a line billed by a department the facility never declared';
  },
};
