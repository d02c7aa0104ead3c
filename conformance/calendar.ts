/**
 * Dates of the QĐ 130 tables and a working-day calendar (weekends + holidays), for the timeliness rules.
 * Pure: no clock, no time zone of the host. Table dates are Vietnam local time without a zone; an ISO
 * receivedAt is converted to Vietnam local time (UTC+7, no daylight saving) before comparing.
 *
 * Times are handled as "local minutes": minutes since 1970-01-01T00:00 local, computed with Date.UTC so the
 * host's zone never enters.
 */
import { VN_HOLIDAYS_2024_2026, VN_MAKE_UP_SATURDAYS_2024_2026 } from './pilot/vn-holidays.ts';

const VN_OFFSET_MINUTES = 7 * 60;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const DIGITS_8 = /^\d{8}$/;
const DIGITS_12 = /^\d{12}$/;

/** yyyymmdd → day number (days since 1970-01-01), strict real calendar; undefined if invalid. */
export function dayNumber(ymd: string): number | undefined {
  if (!DIGITS_8.test(ymd)) return undefined;
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** day number → yyyymmdd */
export function ymdOf(day: number): string {
  const dt = new Date(day * 86_400_000);
  return `${String(dt.getUTCFullYear()).padStart(4, '0')}${String(dt.getUTCMonth() + 1).padStart(2, '0')}${String(dt.getUTCDate()).padStart(2, '0')}`;
}

/** yyyymmddHHMM (or yyyymmdd, read as 00:00) → local minutes; undefined if not a real date/time. */
export function localMinutes(value: string): number | undefined {
  // one dayNumber() call and one product for both forms: the date-only form is rare, and code of its own that had
  // never run when this was optimised threw the optimised code away when first reached
  const dateOnly = value.length === 8;
  if (!dateOnly && !DIGITS_12.test(value)) return undefined;
  const day = dayNumber(dateOnly ? value : value.slice(0, 8));
  if (day === undefined) return undefined;
  const midnight = day * 1440;
  if (dateOnly) return midnight;
  const hh = Number(value.slice(8, 10));
  const mm = Number(value.slice(10, 12));
  if (hh > 23 || mm > 59) return undefined;
  return midnight + hh * 60 + mm;
}

/** ISO 8601 timestamp → Vietnam local minutes. A timestamp without a zone is read as Vietnam local time. */
// The receipt time of a package is converted by several rules per package: the last answer is kept (a pure
// function of the text).
let lastIso: string | undefined;
let lastMinutes: number | undefined;

export function isoToLocalMinutes(iso: string): number | undefined {
  if (iso === lastIso) return lastMinutes;
  const m = isoToLocalMinutesOnce(iso);
  lastIso = iso;
  lastMinutes = m;
  return m;
}

function isoToLocalMinutesOnce(iso: string): number | undefined {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso.trim());
  const t = Date.parse(hasZone ? iso : `${iso.trim()}Z`);
  if (Number.isNaN(t)) return undefined;
  const minutes = Math.floor(t / 60_000);
  return hasZone ? minutes + VN_OFFSET_MINUTES : minutes;
}

/** local minutes → yyyymmddHHMM */
export function formatLocal(minutes: number): string {
  const day = Math.floor(minutes / 1440);
  const rest = minutes - day * 1440;
  return `${ymdOf(day)}${String(Math.floor(rest / 60)).padStart(2, '0')}${String(rest % 60).padStart(2, '0')}`;
}

export interface WorkingCalendar {
  isWorkingDay(ymd: string): boolean;
  /** holidays in use (yyyymmdd) */
  readonly holidays: ReadonlySet<string>;
}

export interface CalendarOptions {
  /** yyyymmdd days off; when given it replaces the default list (and its make-up Saturdays) */
  holidays?: readonly string[];
  /** weekend days, 0 = Sunday … 6 = Saturday; default Saturday and Sunday */
  weekend?: readonly number[];
  /** weekend days worked to make up a swapped day off (yyyymmdd) */
  workingWeekendDays?: readonly string[];
}

export const DEFAULT_HOLIDAYS: readonly string[] = VN_HOLIDAYS_2024_2026.map((h) => h.date);
export const DEFAULT_MAKE_UP_DAYS: readonly string[] = VN_MAKE_UP_SATURDAYS_2024_2026.map((d) => d.date);

/** The working-day calendar: Monday–Friday minus holidays, plus make-up weekend days. */
export function makeCalendar(options: CalendarOptions = {}): WorkingCalendar {
  const custom = options.holidays !== undefined;
  const holidays = new Set(custom ? options.holidays : DEFAULT_HOLIDAYS);
  const makeUp = new Set(options.workingWeekendDays ?? (custom ? [] : DEFAULT_MAKE_UP_DAYS));
  const weekend = new Set(options.weekend ?? [0, 6]);
  return {
    holidays,
    isWorkingDay(ymd: string): boolean {
      const day = dayNumber(ymd);
      if (day === undefined) throw new RangeError(`not a date: ${ymd}`);
      if (holidays.has(ymd)) return false;
      const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
      if (weekend.has(weekday)) return makeUp.has(ymd);
      return true;
    },
  };
}

/** The n-th working day strictly after `ymd` (n ≥ 1). */
export function addWorkingDays(ymd: string, n: number, cal: WorkingCalendar): string {
  let day = dayNumber(ymd);
  if (day === undefined) throw new RangeError(`not a date: ${ymd}`);
  let left = n;
  while (left > 0) {
    day += 1;
    if (cal.isWorkingDay(ymdOf(day))) left -= 1;
  }
  return ymdOf(day);
}

/** Number of working days d with from < d ≤ to (0 when to ≤ from). */
export function workingDaysBetween(fromYmd: string, toYmd: string, cal: WorkingCalendar): number {
  const from = dayNumber(fromYmd);
  const to = dayNumber(toYmd);
  if (from === undefined || to === undefined) throw new RangeError(`not a date: ${fromYmd} / ${toYmd}`);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (cal.isWorkingDay(ymdOf(day))) count += 1;
  return count;
}

/** The first day of the month after (year, month), yyyymmdd with the given day of month. */
export function dayOfNextMonth(year: number, month: number, dayOfMonth: number): string {
  const y = month === 12 ? year + 1 : year;
  const m = month === 12 ? 1 : month + 1;
  return `${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(dayOfMonth).padStart(2, '0')}`;
}
