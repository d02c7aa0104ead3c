/**
 * Helpers shared by the claim rules of issue 13 (bed days, benefit level, services, dates): which lines are
 * bed days, how many bed days a line bills, the benefit digit of the card, the route of the visit, and
 * calendar days of local minutes. Values are read through rule-helpers (money/date memo), never re-parsed.
 */
import { add, dec, mul, ZERO, type Decimal } from '../../decimal.ts';
import type { HoSo, Row } from '../../model.ts';
import { emptyObjectArray, money, rowsOf, val } from '../../pilot/rule-helpers.ts';

/** QĐ 5937 PL3 cost groups of bed days: 14 day bed / outpatient treatment, 15 inpatient bed, 16 observation bed. */
export const BED_GROUPS = new Set(['14', '15', '16']);

export const groupOf = (row: Row): string => val(row, 'MA_NHOM')?.trim() ?? '';
export const typeOf = (x1: Row | undefined): string => val(x1, 'MA_LOAI_KCB')?.trim() ?? '';

export function bedLines(h: HoSo): Row[] {
  // a loop onto an array of objects' elements kind (see listItems)
  const out = emptyObjectArray<Row>();
  for (const r of rowsOf(h, 'XML3')) if (BED_GROUPS.has(groupOf(r))) out.push(r);
  return out;
}

/** The bed days of the lines, summed in order (as `sum(beds.map(bedDaysOf))`, without the intermediate array). */
export function bedDaysTotal(beds: readonly Row[]): Decimal {
  let total = ZERO;
  for (const r of beds) total = add(total, bedDaysOf(r));
  return total;
}

const HUNDRED = dec(100);
const ONE = dec(1);

/**
 * Bed days a line bills: SO_LUONG × TYLE_TT_DV / 100. The QĐ 4750 text of TYLE_TT_DV writes a bed shared by two
 * as quantity 0.5 or rate 50, and a day split between departments as 0.5 per department, so the product is the
 * share of a bed-day whichever way the facility wrote it. A missing rate counts as 100; a missing quantity as 1.
 */
export function bedDaysOf(row: Row): Decimal {
  const q = money(row, 'SO_LUONG') ?? ONE;
  const rate = money(row, 'TYLE_TT_DV') ?? HUNDRED;
  const m = mul(q, rate);
  return { units: m.units, scale: m.scale + 2 };
}

/** Calendar day number of local minutes (stays are counted in calendar days). */
export const dayOf = (minutes: number): number => Math.floor(minutes / 1440);

/**
 * The benefit digit (3rd character) of the card in force: the last card of a `;` list (a card issued during
 * the stay is written after the old one). Undefined when there is no card or the character is not a digit.
 */
export function benefitDigit(x1: Row | undefined): string | undefined {
  const cards = listItems(val(x1, 'MA_THE_BHYT') ?? '');
  if (cards.length === 0) return undefined;
  const d = cards[cards.length - 1][2];
  return d !== undefined && BENEFIT_DIGIT_RE.test(d) ? d : undefined;
}

const BENEFIT_DIGIT_RE = /[1-5]/;
const ON_ROUTE_RE = /^1\.[1-7]$/;
const OFF_ROUTE_RE = /^3(\.\d+)?$/;

/**
 * The items of a `;` list, trimmed, empty items dropped. A loop onto an array of objects' elements kind, not
 * split().map().filter(): map's and filter's results have other hidden classes once they are optimised, and an
 * empty literal has another again; the rules' loops over the answer threw their optimised code away at each.
 */
export function listItems(text: string): string[] {
  const out = emptyObjectArray<string>();
  const parts = text.split(';');
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i].trim();
    if (s !== '') out.push(s);
  }
  return out;
}

/** Benefit percent of a card digit (Luật BHYT Điều 22 khoản 1; QĐ 1351/QĐ-BHXH mã mức hưởng): 1, 2, 5 → 100; 3 → 95; 4 → 80. */
export function benefitPercentOf(digit: string): number {
  return digit === '3' ? 95 : digit === '4' ? 80 : 100;
}

/**
 * Visit codes (QĐ 3276 MA_DOITUONG_KCB) that are on-route with the card's full benefit: 1.1–1.7 (registered
 * facility, commune level, referral, change of residence, re-exam appointment, organ donor, newborn) and 2
 * (emergency). The 1.1x self-referral codes of 2025 carry reduced rates by facility level and are left out.
 */
export function onRouteFullBenefit(x1: Row | undefined): boolean {
  const c = val(x1, 'MA_DOITUONG_KCB')?.trim() ?? '';
  return ON_ROUTE_RE.test(c) || c === '2' || c === '02';
}

/** Off-route visit codes (3, 3.x). */
export function offRoute(x1: Row | undefined): boolean {
  return OFF_ROUTE_RE.test(val(x1, 'MA_DOITUONG_KCB')?.trim() ?? '');
}

/** Items of a `;` list field, trimmed, empty items dropped. */
export function items(row: Row | undefined, name: string): string[] {
  return listItems(val(row, name) ?? '');
}

/** QĐ 5937 PL3 cost groups: 1 tests, 2 imaging, 3 function tests (the lines QĐ 130 asks a machine code for). */
export const MACHINE_GROUPS = new Set(['1', '2', '3']);
/** Supply groups (10 medical supplies, 11 supplies paid by rate). */
export const SUPPLY_GROUPS = new Set(['10', '11']);
/** Surgery (QĐ 5937 PL3 group 8). */
export const SURGERY_GROUP = '8';

/** A supply line: MA_NHOM 10/11, or a line that names a supply (MA_VAT_TU) rather than a service. */
export function isSupplyLine(row: Row): boolean {
  return SUPPLY_GROUPS.has(groupOf(row));
}

/**
 * One item of MA_MAY as QĐ 130 Bảng 3 chỉ tiêu 44 writes it: `XX.n.YYYYY.Z` — machine group (2–3 letters, `Đ` allowed),
 * funding source 1/2/3, the facility's 5-character code, serial (letters and digits, as written on the machine). Items of a machine
 * system are `;`-separated; an item after the first may also be a bare serial (the text: "ghi tất cả các serial").
 */
export const MACHINE_CODE_RE = /^([A-ZĐ]{2,3})\.([123])\.([0-9A-Z]{5})\.(\S.*)$/;
export const SERIAL_RE = /^[0-9A-Za-z][0-9A-Za-z._\-/]*$/;

export interface MachineItem {
  readonly text: string;
  /** the facility code of a full item; undefined for a bare serial or an item of another shape */
  readonly facility: string | undefined;
  readonly shaped: boolean;
}

/**
 * Items by MA_MAY text: two rules read every XML3 line's MA_MAY, and a package names the same few machines on
 * many lines. A pure function of the text; the answers are read-only. Bounded like money()'s memo.
 */
const machineItemsByText = new Map<string, readonly MachineItem[]>();

/** The machine-code items of a line, with the facility code of each full item (undefined for a bare serial). Read-only. */
export function machineItems(value: string): readonly MachineItem[] {
  let items = machineItemsByText.get(value);
  if (items === undefined) {
    if (machineItemsByText.size >= 4096) machineItemsByText.clear();
    machineItemsByText.set(value, (items = splitMachineItems(value)));
  }
  return items;
}

function splitMachineItems(value: string): MachineItem[] {
  const parts = value.split(';');
  const out: MachineItem[] = [];
  for (let i = 0; i < parts.length; i++) {
    const text = parts[i].trim();
    const m = MACHINE_CODE_RE.exec(text);
    // one object shape for both kinds of item (facility always set)
    out.push(m ? { text, facility: m[3], shaped: true } : { text, facility: undefined, shaped: i > 0 && SERIAL_RE.test(text) });
  }
  return out;
}

/**
 * TT_THAU as QĐ 130 Bảng 2 chỉ tiêu 15 / Bảng 3 chỉ tiêu 16 (QĐ 4750) writes it, split into its parts. The forms
 * the appendix gives:
 * - drugs (XML2): `QĐ;Gi;Ni;YYYY` (4), + `;Gi.YY` when two bidders won (5), + `;unit` when the tender of another
 *   unit is applied (00 national centre, 2-digit province, 5-character facility) (5 or 6), `QĐ;YYYY` for a
 *   preparation made by the facility (2);
 * - supplies (XML3): `QĐ[.unit];Gi;Ni;YYYY` (4), `QĐ.unit;Gi;YYYY` for plans approved before TT 14/2020 (3),
 *   `QĐ;YYYY` for supplies made by the facility (2).
 */
export interface TenderParts {
  readonly parts: readonly string[];
  readonly decision: string;
  readonly pkg?: string;
  readonly group?: string;
  readonly year?: string;
  /** extra parts after the year (drugs: second bidder `Gi.YY`, applied unit code) */
  readonly extra: readonly string[];
}

/**
 * Split TT_THAU values by text: three tender rules split every line's value, and a package repeats a few
 * tender decisions on many lines. A pure function of the text with a read-only answer, so it is shared;
 * bounded (cleared when full) like the money memo of rule-helpers.
 */
const TENDER_MEMO_LIMIT = 1024;
const tenderByText = new Map<string, TenderParts>();

export function tenderParts(value: string): TenderParts {
  let t = tenderByText.get(value);
  if (t === undefined) {
    if (tenderByText.size >= TENDER_MEMO_LIMIT) tenderByText.clear();
    tenderByText.set(value, (t = splitTender(value)));
  }
  return t;
}

function splitTender(value: string): TenderParts {
  const parts = value.split(';');
  for (let i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
  const decision = parts[0] ?? '';
  if (parts.length === 2) return { parts, decision, year: parts[1], extra: [] };
  if (parts.length === 3) return { parts, decision, pkg: parts[1], year: parts[2], extra: [] };
  return { parts, decision, pkg: parts[1], group: parts[2], year: parts[3], extra: parts.slice(4) };
}

/** Allowed counts of `;` parts: drugs 2, 4, 5, 6; supplies 2, 3, 4. */
export function tenderCountOk(table: string, n: number): boolean {
  return table === 'XML2' ? n === 2 || n === 4 || n === 5 || n === 6 : n === 2 || n === 3 || n === 4;
}

export const TENDER_PACKAGE_RE = /^G\d{1,3}$/;
export const TENDER_EXTRA_RE = /^(G\d{1,3}\.\d{1,3}|00|\d{2}|[0-9A-Z]{5})$/;
export const TENDER_YEAR_RE = /^(19|20)\d{2}$/;
/** Group codes: N + 1–2 digits (QĐ 5937 PL6 drug groups, PL7 supply groups; N0 for supplies tendered from 14/4/2023). */
export const TENDER_GROUP_RE = /^N\d{1,2}$/;
