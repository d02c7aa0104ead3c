/**
 * Synthetic catalogues of a facility, consistent with what the generators bill for it: the staff roster the
 * encounters draw practitioners from (and the head of the facility, MA_TTDV), the machines of its lab, imaging and
 * function tests (MA_MAY), the departments its records name (MA_KHOA), and the drugs, services and supplies of ./catalog.ts at the same prices. All rows are in
 * force from DEMO_CATALOGUE_FROM. One extra practitioner's registration ended in 2019 (never drawn by encounters:
 * the mutation operator of CATALOGUE.PRACTITIONER.LICENSED uses it).
 */
import { CatalogueSet, type CatalogueData, type CatalogueEntry, type CatalogueKind } from '../conformance/catalogues/model.ts';
import { BED_DAY, BED_INPATIENT, CAESAREAN, DELIVERY, DEPARTMENTS, DRUGS, EXAM, EXAM_PEDIATRIC, EXAM_REMOTE, FUNCTION_TESTS, IMAGING, LABS, PROCEDURES, SUPPLIES, SURGERY, machineAt, type Service } from './catalog.ts';
import { DEMO_FACILITIES, vietnameseName } from './people.ts';
import { Rng } from './random.ts';

export const DEMO_CATALOGUE_FROM = '20200101';
const ROSTER_SIZE = 30;

export interface StaffMember {
  /** MACCHN: what MA_BAC_SI, NGUOI_THUC_HIEN, MA_BS carry */
  code: string;
  name: string;
  /** MA_BHXH (10 digits): what MA_TTDV carries for the head of the facility */
  bhxh: string;
  sex: '1' | '2';
  /** NGAYCAP_CCHN, yyyymmdd */
  licensedFrom: string;
  /** the head of the facility (Giám đốc): the roster's first member */
  head?: boolean;
}

const rosters = new Map<string, StaffMember[]>();

/** The facility's staff (deterministic per facility code); the first member is the head of the facility. */
export function staffRoster(facility: string): StaffMember[] {
  let roster = rosters.get(facility);
  if (roster) return roster;
  const rng = new Rng(`staff-roster/${facility}`);
  const seen = new Set<string>([expiredPractitioner(facility)]);
  roster = [];
  while (roster.length < ROSTER_SIZE) {
    const code = `${rng.digits(6)}/BĐ-CCHN`;
    const sex = rng.bool() ? '1' : '2';
    const name = vietnameseName(rng, sex);
    const bhxh = `${facility.slice(0, 2)}${rng.digits(8)}`;
    const licensedFrom = `${rng.int(2008, 2019)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
    if (seen.has(code)) continue;
    seen.add(code);
    roster.push({ code, name, bhxh, sex, licensedFrom, ...(roster.length === 0 ? { head: true } : {}) });
  }
  rosters.set(facility, roster);
  return roster;
}

/** A practitioner of the facility's catalogue whose registration ended on 31/12/2019. */
export function expiredPractitioner(facility: string): string {
  return `9${facility}/BĐ-CCHN`;
}

const MACHINE_NAMES: Record<string, string> = { XN: 'Máy xét nghiệm', XQ: 'Máy chụp X-quang', SA: 'Máy siêu âm', TD: 'Máy điện tim' };

const SERVICES: readonly Service[] = [EXAM, EXAM_PEDIATRIC, EXAM_REMOTE, ...LABS, ...IMAGING, ...FUNCTION_TESTS, ...PROCEDURES, SURGERY, CAESAREAN, DELIVERY, BED_INPATIENT, BED_DAY];

/** The entries of each kind for a facility. */
export function demoCatalogueEntries(facility: string): Record<CatalogueKind, CatalogueEntry[]> {
  const from = DEMO_CATALOGUE_FROM;
  const machines = new Map<string, string>();
  for (const s of SERVICES) {
    const m = machineAt(s.machine, facility);
    if (m && !machines.has(m)) machines.set(m, `${MACHINE_NAMES[m.split('.')[0]] ?? 'Thiết bị'} (${s.TEN_DICH_VU})`);
  }
  return {
    staff: [
      ...staffRoster(facility).map((p) => ({ code: p.code, name: p.name, ids: [p.bhxh], licensedFrom: p.licensedFrom, from })),
      { code: expiredPractitioner(facility), name: 'Nguyễn Thị Hết Hạn', ids: [`${facility.slice(0, 2)}99999999`], licensedFrom: '20100301', from: '20150101', to: '20191231' },
    ],
    equipment: [...machines].map(([code, name]) => ({ code, name, from })),
    drugs: DRUGS.map((d) => ({ code: d.MA_THUOC, name: d.TEN_THUOC, price: d.DON_GIA, priceBh: d.DON_GIA, variant: d.SO_DANG_KY, from })),
    services: SERVICES.map((s) => ({ code: s.MA_DICH_VU, name: s.TEN_DICH_VU, price: s.DON_GIA, from })),
    supplies: SUPPLIES.map((s) => ({ code: s.MA_VAT_TU, name: s.TEN_VAT_TU, price: s.DON_GIA, priceBh: s.DON_GIA, variant: s.MA_HIEU_SP, from })),
    departments: Object.entries(DEPARTMENTS).map(([code, name]) => ({ code, name, from })),
  };
}

/** Every kind for one facility as catalogue versions (one version per kind, from DEMO_CATALOGUE_FROM). */
export function demoCatalogueData(facility: string): CatalogueData {
  const entries = demoCatalogueEntries(facility);
  return (Object.keys(entries) as CatalogueKind[]).map((kind, i) => ({ facility, kind, effectiveFrom: DEMO_CATALOGUE_FROM, seq: i + 1, source: `demo-${kind}`, entries: entries[kind] }));
}

const sets = new Map<string, CatalogueSet>();

/** The demo catalogues of the given facilities (default: the simulator's demo facilities), shared per list. */
export function demoCatalogueSet(facilities: readonly string[] = DEMO_FACILITIES.map((f) => f.code)): CatalogueSet {
  const key = facilities.join(',');
  let set = sets.get(key);
  if (!set) sets.set(key, (set = new CatalogueSet(facilities.flatMap((f) => demoCatalogueData(f)))));
  return set;
}
