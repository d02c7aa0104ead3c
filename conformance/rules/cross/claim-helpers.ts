/**
 * Helpers shared by the claim rules of issue 13 (bed days, benefit level, services, dates): which lines are
 * bed days, how many bed days a line bills, the benefit digit of the card, the route of the visit, and
 * calendar days of local minutes. Values are read through rule-helpers (money/date memo), never re-parsed.
 */
import { dec, mul, type Decimal } from '../../decimal.ts';
import type { HoSo, Row } from '../../model.ts';
import { money, rowsOf, val } from '../../pilot/rule-helpers.ts';

/** QĐ 5937 PL3 cost groups of bed days: 14 day bed / outpatient treatment, 15 inpatient bed, 16 observation bed. */
export const BED_GROUPS = new Set(['14', '15', '16']);

export const groupOf = (row: Row): string => val(row, 'MA_NHOM')?.trim() ?? '';
export const typeOf = (x1: Row | undefined): string => val(x1, 'MA_LOAI_KCB')?.trim() ?? '';

export function bedLines(h: HoSo): Row[] {
  return rowsOf(h, 'XML3').filter((r) => BED_GROUPS.has(groupOf(r)));
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
  const cards = val(x1, 'MA_THE_BHYT')?.split(';').map((c) => c.trim()).filter((c) => c !== '');
  if (!cards || cards.length === 0) return undefined;
  const d = cards[cards.length - 1][2];
  return d !== undefined && /[1-5]/.test(d) ? d : undefined;
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
  return /^1\.[1-7]$/.test(c) || c === '2' || c === '02';
}

/** Off-route visit codes (3, 3.x). */
export function offRoute(x1: Row | undefined): boolean {
  return /^3(\.\d+)?$/.test(val(x1, 'MA_DOITUONG_KCB')?.trim() ?? '');
}

/** Items of a `;` list field, trimmed, empty items dropped. */
export function items(row: Row | undefined, name: string): string[] {
  return (val(row, name) ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '');
}
