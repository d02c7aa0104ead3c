/**
 * Strict dates of the QĐ 130 tables: `yyyymmdd` (date8) and `yyyymmddHHMM` (datetime12) on the real
 * (proleptic Gregorian) calendar, no separators. NGAY_SINH may write 0000 for an unknown month+day or an
 * unknown time (QĐ 4750: "trường hợp không có thông tin ngày, tháng thì ghi 0000").
 */

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** yyyymmdd on the real calendar (year 0001–9999). */
export function isCalendarDate(s: string): boolean {
  if (s.length !== 8) return false;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 4, 6);
  const d = digitsAt(s, 6, 8);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

/** yyyymmddHHMM on the real calendar, HH 00–23, MM 00–59. */
export function isDateTime12(s: string): boolean {
  if (s.length !== 12) return false;
  if (!isCalendarDate(s.slice(0, 8))) return false;
  const hh = digitsAt(s, 8, 10);
  const mm = digitsAt(s, 10, 12);
  return hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59;
}

/** What went wrong with a date value, for messages; null when valid. */
export function dateProblem(s: string, kind: 'date8' | 'datetime12'): string | null {
  const len = kind === 'date8' ? 8 : 12;
  if (s.length !== len) return `length ${s.length}, expected ${len}`;
  if (!/^\d+$/.test(s)) return 'non-digit characters';
  const ok = kind === 'date8' ? isCalendarDate(s) : isDateTime12(s);
  return ok ? null : 'not a real calendar date/time';
}

/**
 * NGAY_SINH (birth date, datetime12 in XML1/…; date8 in some tables): the year must be real; month+day may be
 * `0000` when unknown and the time may be `0000` when unknown. The two notes of the QĐ 130/4750 text (Bảng 1
 * chỉ tiêu 6: "không có thông tin giờ, phút sinh … 0000"; "không có thông tin ngày sinh, tháng sinh … 0000")
 * are independent, so an unknown month+day does not force the time to 0000 (the time must still be real).
 */
export function isBirthDate(s: string, kind: 'date8' | 'datetime12'): boolean {
  if (kind === 'date8' ? s.length !== 8 : s.length !== 12) return false;
  if (digitsAt(s, 0, s.length) < 0) return false;
  const y = digitsAt(s, 0, 4);
  if (y < 1) return false;
  const md = s.slice(4, 8);
  if (md !== '0000' && !isCalendarDate(s.slice(0, 8))) return false;
  if (kind === 'date8') return true;
  const hh = digitsAt(s, 8, 10);
  const mm = digitsAt(s, 10, 12);
  return hh <= 23 && mm <= 59;
}

/** yyyymmdd of an ISO 8601 timestamp (e.g. CheckOptions.receivedAt), in UTC+7 (Vietnam has no DST). */
export function isoToYmdVietnam(iso: string): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t + 7 * 3600_000);
  return `${d.getUTCFullYear().toString().padStart(4, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
