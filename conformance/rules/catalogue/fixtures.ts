/**
 * Catalogues of the fixture facility (01001) that match the fixture kit's records (conformance/rules/fixtures-kit.ts):
 * the same practitioners, head of facility, machine, drugs, services, supplies and departments at the same prices, in force
 * from 01/01/2025. One practitioner's registration ended in 2019 (for the LICENSED fixtures).
 */
import { CatalogueSet, type CatalogueData, type CatalogueKind, type CatalogueEntry } from '../../catalogues/model.ts';
import type { CheckOptions } from '../../model.ts';
import { cloneRecord, envelopeXml, fixture, FIXTURE_MACSKCB, inpatientRecord, outpatientRecord, priceRecord, type FixtureRecord } from '../fixtures-kit.ts';
import type { RuleFixture, RuleFixtures } from '../contract.ts';
import { lazyFixtures } from '../contract.ts';

export const EXPIRED_PRACTITIONER = '000789/HNO-CCHN';

const FROM = '20250101';

const ENTRIES: Record<CatalogueKind, CatalogueEntry[]> = {
  staff: [
    { code: '000123/HNO-CCHN', name: 'Trần Thị Bình', ids: ['0101234001'], licensedFrom: '20150310', from: FROM },
    { code: '000456/HNO-CCHN', name: 'Lê Văn Cường', ids: ['0101234002'], licensedFrom: '20180402', from: FROM },
    { code: 'GD-01001', name: 'Phạm Văn Giám', ids: ['0101234567'], from: FROM },
    { code: EXPIRED_PRACTITIONER, name: 'Đỗ Thị Hạnh', ids: ['0101234003'], licensedFrom: '20120105', from: '20150101', to: '20191231' },
  ],
  equipment: [{ code: 'XN.1.01001.001', name: 'Máy xét nghiệm sinh hóa', from: FROM }],
  drugs: [
    { code: '40.227', name: 'Amlodipin', price: '1234.565', variant: 'VD-12345-20', from: FROM },
    { code: '40.1018', name: 'Paracetamol', price: '500', variant: 'VD-12345-20', from: FROM },
  ],
  services: [
    { code: '02.1896', name: 'Khám Nội', price: '38700', from: FROM },
    { code: '23.0075.1494', name: 'Định lượng Glucose [Máu]', price: '21500', from: FROM },
    { code: '1.1.01', name: 'Ngày giường bệnh Nội khoa', price: '220100', from: FROM },
  ],
  supplies: [{ code: 'N03.01.010', name: 'Bơm tiêm nhựa 5ml', price: '1000.5', from: FROM }],
  departments: [
    { code: 'K01', name: 'Khoa Khám bệnh', from: FROM },
    { code: 'K02', name: 'Khoa Hồi sức cấp cứu', from: FROM },
  ],
};

/** Every kind for the fixture facility, one version each from 01/01/2025. */
export function fixtureCatalogueData(kinds: readonly CatalogueKind[] = Object.keys(ENTRIES) as CatalogueKind[]): CatalogueData {
  return kinds.map((kind, i) => ({ facility: FIXTURE_MACSKCB, kind, effectiveFrom: FROM, seq: i + 1, source: `fixture-${kind}.csv`, entries: ENTRIES[kind].map((e) => ({ ...e })) }));
}

let shared: CatalogueSet | undefined;
export function fixtureCatalogues(): CatalogueSet {
  return (shared ??= new CatalogueSet(fixtureCatalogueData()));
}

/** Options for a fixture judged with the fixture catalogues (strict: the rules' medium verdicts fail). */
export const withCatalogues = (): CheckOptions => ({ profile: 'strict', catalogues: fixtureCatalogues() });

/**
 * The fixtures of a catalogue rule: the two base records pass with the catalogues; a record broken by `breakIt`
 * is caught. Lazy (built on first read, as every rule module's fixtures).
 */
export function catalogueFixtures(what: string, breakIt: (rec: FixtureRecord) => void, base: () => FixtureRecord = outpatientRecord): RuleFixtures {
  return lazyFixtures(() => {
    const broken = cloneRecord(base());
    breakIt(broken);
    const valid: RuleFixture[] = [fixture('exam visit and inpatient stay as in the catalogues', envelopeXml([outpatientRecord(), inpatientRecord()]), withCatalogues())];
    return { valid, invalid: [fixture(what, envelopeXml([broken]), withCatalogues())] };
  });
}

export { priceRecord };
