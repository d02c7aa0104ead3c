/**
 * Local clock of generated records. Times are Vietnam local time (UTC+7) kept as minutes since the epoch
 * of a UTC-based calendar, so arithmetic never depends on the machine's time zone.
 */

const MINUTE_MS = 60_000;
export const MINUTES_PER_DAY = 1440;
/** offset of Vietnam local time from UTC, minutes */
export const VN_OFFSET_MINUTES = 7 * 60;

/** minutes for yyyy-mm-dd HH:MM local */
export function localMinutes(y: number, m: number, d: number, hh = 0, mm = 0): number {
  return Date.UTC(y, m - 1, d, hh, mm) / MINUTE_MS;
}

/** parses 'yyyy-mm-dd' (the reference date) to local midnight minutes */
export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`reference date must be yyyy-mm-dd, got "${text}"`);
  const t = localMinutes(Number(m[1]), Number(m[2]), Number(m[3]));
  const back = new Date(t * MINUTE_MS);
  if (back.getUTCDate() !== Number(m[3])) throw new RangeError(`not a calendar date: ${text}`);
  return t;
}

function parts(t: number): { y: string; mo: string; d: string; h: string; mi: string } {
  const dt = new Date(t * MINUTE_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return { y: p(dt.getUTCFullYear(), 4), mo: p(dt.getUTCMonth() + 1), d: p(dt.getUTCDate()), h: p(dt.getUTCHours()), mi: p(dt.getUTCMinutes()) };
}

/** yyyymmddHHMM */
export function dt12(t: number): string {
  const p = parts(t);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}`;
}

/** yyyymmdd */
export function d8(t: number): string {
  const p = parts(t);
  return `${p.y}${p.mo}${p.d}`;
}

export function year(t: number): number {
  return new Date(t * MINUTE_MS).getUTCFullYear();
}

export function month(t: number): number {
  return new Date(t * MINUTE_MS).getUTCMonth() + 1;
}

/** local midnight of the day holding t */
export function startOfDay(t: number): number {
  return Math.floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY;
}

/** calendar days between the dates of a and b (b − a) */
export function dayDiff(a: number, b: number): number {
  return Math.floor(b / MINUTES_PER_DAY) - Math.floor(a / MINUTES_PER_DAY);
}

/** ISO 8601 with the +07:00 offset (what receivedAt carries) */
export function isoLocal(t: number): string {
  const p = parts(t);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:00+07:00`;
}

/** day of week 0 = Sunday */
export function weekday(t: number): number {
  return new Date(t * MINUTE_MS).getUTCDay();
}

/** yyyymmddHHMM / yyyymmdd back to local minutes (for mutants and checks) */
export function parseDt(text: string): number {
  const y = Number(text.slice(0, 4)), mo = Number(text.slice(4, 6)), d = Number(text.slice(6, 8));
  const h = text.length >= 12 ? Number(text.slice(8, 10)) : 0;
  const mi = text.length >= 12 ? Number(text.slice(10, 12)) : 0;
  return localMinutes(y, mo, d, h, mi);
}
