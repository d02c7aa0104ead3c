/**
 * Small helpers shared by the cross-table and pilot rules: reading values as sent, exact money, dates,
 * locations, option thresholds and the confidence → severity policy.
 */
import { localMinutes } from '../calendar.ts';
import { cmp, parseDecimal, roundHalfUp, sub, abs, toFixed, type Decimal } from '../decimal.ts';
import type { CheckOptions, HoSo, Row, TableFile } from '../model.ts';
import type { Location, Outcome, Severity } from '../result.ts';

/** The value as sent when the element is present and not empty (no trimming), else undefined. */
export function val(row: Row | undefined, name: string): string | undefined {
  const v = row?.values.get(name);
  if (!v || !v.present || v.empty) return undefined;
  return v.value;
}

/** True when the element is present with non-blank text. */
export function has(row: Row | undefined, name: string): boolean {
  const v = val(row, name);
  return v !== undefined && v.trim() !== '';
}

/**
 * Parsed money and dates by text as sent: a dozen cross and pilot rules read the same THANH_TIEN_BV or NGAY_YL of
 * every line, and a package repeats a few prices and dates many times. Both parses are pure functions of the
 * text and Decimal is immutable, so the answers can be shared; null records "not a decimal / not a date".
 * Bounded (cleared when full) so that a package of distinct values cannot grow it without limit.
 */
const MEMO_LIMIT = 8192;
const decimalByText = new Map<string, Decimal | null>();
const minutesByText = new Map<string, number | null>();

/** Exact decimal of a field, or undefined when absent/empty/not a decimal (field rules report the format). */
export function money(row: Row | undefined, name: string): Decimal | undefined {
  const v = val(row, name);
  return v === undefined ? undefined : decimalOf(v);
}

/** Exact decimal of a value as sent (trimmed), undefined when not a decimal: money() for a rule that has the text already. */
export function decimalOf(v: string): Decimal | undefined {
  let d = decimalByText.get(v);
  if (d === undefined) {
    if (decimalByText.size >= MEMO_LIMIT) decimalByText.clear();
    decimalByText.set(v, (d = parseDecimal(v.trim())));
  }
  return d ?? undefined;
}

/** Local minutes of a yyyymmddHHMM / yyyymmdd field, undefined when absent or not a real date. */
export function when(row: Row | undefined, name: string): number | undefined {
  const v = val(row, name);
  if (v === undefined) return undefined;
  let m = minutesByText.get(v);
  if (m === undefined) {
    if (minutesByText.size >= MEMO_LIMIT) minutesByText.clear();
    minutesByText.set(v, (m = localMinutes(v.trim()) ?? null));
  }
  return m ?? undefined;
}

/**
 * The rows of a table a HOSO does not have. Same hidden class as a decoded table's rows (an array of objects):
 * a frozen or fresh `[]` (elements of another kind) made every rule loop that met one after looping over real
 * rows throw its optimised code away. Never written (readonly to every caller).
 */
export const NO_ROWS: readonly Row[] = emptyObjectArray<Row>();

/** An empty array whose elements kind is already "objects" (a literal `[]` starts with small integers). */
export function emptyObjectArray<T>(): T[] {
  const a: (T | null)[] = [null];
  a.pop();
  return a as T[];
}

/**
 * The rows of a table in a HOSO (every file of that table, in order). Read-only: nearly always one file, whose
 * own rows are returned without a copy (a dozen rules ask for XML2 and XML3 of every HOSO).
 */
export function rowsOf(hoso: HoSo, table: string): readonly Row[] {
  // byTable holds the first file of each table: as many entries as files means no table has a second file,
  // and the map answers (sixty rules ask per HOSO; the scan compared every file's table).
  if (hoso.files.length === hoso.byTable.size) {
    const f = hoso.byTable.get(table);
    if (f === undefined || f.table === table) return f?.rows ?? NO_ROWS;
  }
  let only: TableFile | undefined;
  let out: Row[] | undefined;
  for (const f of hoso.files) {
    if (f.table !== table) continue;
    if (only === undefined) only = f;
    else {
      out ??= only.rows.slice();
      for (const r of f.rows) out.push(r);
    }
  }
  return out ?? only?.rows ?? NO_ROWS;
}

/**
 * The cost lines of a HOSO: the rows of XML2, then of XML3 (as `[...rowsOf(h, 'XML2'), ...rowsOf(h, 'XML3')]`,
 * without the spread: a dozen rules ask per HOSO). Read-only.
 */
export function linesOf(hoso: HoSo): readonly Row[] {
  const drugs = rowsOf(hoso, 'XML2');
  const services = rowsOf(hoso, 'XML3');
  if (services.length === 0) return drugs;
  if (drugs.length === 0) return services;
  return drugs.concat(services);
}

export function xml1Of(hoso: HoSo): Row | undefined {
  return hoso.byTable.get('XML1')?.rows[0];
}

/** Location of a field of a row (line of the element when present, else of the row). */
export function loc(hoso: HoSo, row: Row, field?: string): Location {
  const fv = field ? row.values.get(field) : undefined;
  return {
    hoso: hoso.index,
    table: row.table,
    row: row.index,
    MA_LK: row.MA_LK,
    STT: row.STT,
    field,
    line: fv?.present ? fv.line : row.line,
    col: fv?.present ? fv.col : row.col,
    document: row.table,
  };
}

/** Location of a HOSO (no table yet), for "table missing" findings. */
export function hosoLoc(hoso: HoSo, table?: string, MA_LK?: string): Location {
  return { hoso: hoso.index, table, MA_LK, line: hoso.line, document: 'envelope' };
}

/** A numeric threshold from options.thresholds with its documented default. */
export function threshold(options: CheckOptions, key: string, fallback: number): number {
  const v = options.thresholds?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Money tolerance (absolute, VND) after rounding both sides to 2 decimals; default 0 = exact. */
export const MONEY_TOLERANCE_KEY = 'money.tolerance';

/** The tolerance of the default (no threshold given): parseDecimal('0.00'), made once (every money rule asks per package). */
const NO_TOLERANCE: Decimal = { units: 0n, scale: 2 };

export function moneyTolerance(options: CheckOptions): Decimal {
  const t = threshold(options, MONEY_TOLERANCE_KEY, 0);
  if (t === 0) return NO_TOLERANCE;
  return parseDecimal(t.toFixed(2)) ?? { units: 0n, scale: 0 };
}

/** Equal after rounding both to 2 decimals, within the tolerance. */
export function moneyEqual(a: Decimal, b: Decimal, tolerance: Decimal): boolean {
  return cmp(abs(sub(roundHalfUp(a, 2), roundHalfUp(b, 2))), tolerance) <= 0;
}

export const fmt2 = (d: Decimal): string => toFixed(roundHalfUp(d, 2), 2);

/**
 * Severity policy for verdicts resting on a weaker basis: 'high' fails; 'medium' fails only in the strict
 * profile (a warning otherwise); 'inferred' never fails.
 */
export function failOrWarn(confidence: 'high' | 'medium' | 'inferred', options: CheckOptions): { outcome: Outcome; severity: Severity } {
  if (confidence === 'high') return { outcome: 'fail', severity: 'error' };
  if (confidence === 'medium' && options.profile === 'strict') return { outcome: 'fail', severity: 'error' };
  return { outcome: 'warning', severity: 'warning' };
}

/** yyyymmddHHMM of local minutes, for messages. */
export function show(row: Row | undefined, name: string): string {
  return val(row, name) ?? '""';
}

/** Inpatient visit types (nội trú, nội trú ban ngày, nội trú dưới 4 giờ). */
export const INPATIENT_TYPES = new Set(['03', '04', '09']);

/** A row of a table is "insured" when XML1 carries a card number. */
export function isInsured(x1: Row | undefined): boolean {
  return has(x1, 'MA_THE_BHYT');
}

/** The stay of a HOSO from XML1 (NGAY_VAO … NGAY_RA in local minutes, and as text for messages); undefined when either is missing or not a date. */
export function stayOf(hoso: HoSo): { x1: Row; vao: number; ra: number; window: string } | undefined {
  const x1 = xml1Of(hoso);
  const vao = when(x1, 'NGAY_VAO');
  const ra = when(x1, 'NGAY_RA');
  if (!x1 || vao === undefined || ra === undefined) return undefined;
  // the window text is for messages: built only when a rule reads it (most stays only pass)
  return {
    x1,
    vao,
    ra,
    get window() {
      return `${show(x1, 'NGAY_VAO')} – ${show(x1, 'NGAY_RA')}`;
    },
  };
}
