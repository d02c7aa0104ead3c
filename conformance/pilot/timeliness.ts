/**
 * Delay between the end of a visit (XML1 NGAY_RA, Vietnam local time) and receipt (CheckOptions.receivedAt),
 * in hours and in working days, with the TT 48/2017 deadlines. Pure: the calendar comes from options.
 */
import { addWorkingDays, dayOfNextMonth, formatLocal, isoToLocalMinutes, localMinutes, makeCalendar, workingDaysBetween } from '../calendar.ts';
import type { CheckOptions } from '../model.ts';
import type { HoSo, Row } from '../model.ts';
import type { RuleContext } from '../rules/contract.ts';
import { loc, threshold, val, xml1Of } from './rule-helpers.ts';

export const SEND_WORKING_DAYS_KEY = 'timeliness.sendWorkingDays';
export const FINALISE_WORKING_DAYS_KEY = 'timeliness.finaliseWorkingDays';
export const MONTHLY_DEADLINE_DAY_KEY = 'timeliness.monthlyDeadlineDay';

export interface Timeliness {
  /** NGAY_RA as sent */
  ngayRa: string;
  /** receipt in Vietnam local time, yyyymmddHHMM */
  receivedLocal: string;
  /** receipt minus NGAY_RA, minutes (negative when received before the visit ended) */
  delayMinutes: number;
  delayHours: number;
  /** working days d with date(NGAY_RA) < d ≤ date(receipt) */
  workingDays: number;
  /** last day (inclusive) to send "right after the visit": the n-th working day after NGAY_RA */
  sendDeadline: string;
  /** last day (inclusive) to finalise: the 7th working day after NGAY_RA */
  finaliseDeadline: string;
  /** receipt must be before this day (yyyymmdd): the 5th of the month after the settlement month */
  monthlyDeadline: string;
  settlementMonth: string;
}

/** undefined when NGAY_RA or receivedAt is missing/unreadable. */
export function timelinessOf(ngayRa: string | undefined, receivedAt: string | undefined, options: CheckOptions, settlement?: { NAM_QT?: string; THANG_QT?: string }): Timeliness | undefined {
  if (!ngayRa || !receivedAt) return undefined;
  const end = localMinutes(ngayRa.trim());
  const received = isoToLocalMinutes(receivedAt);
  if (end === undefined || received === undefined) return undefined;
  const cal = makeCalendar({ holidays: options.holidays });
  const endDay = ngayRa.trim().slice(0, 8);
  const receivedLocal = formatLocal(received);
  const receivedDay = receivedLocal.slice(0, 8);
  const sendDays = threshold(options, SEND_WORKING_DAYS_KEY, 1);
  const finaliseDays = threshold(options, FINALISE_WORKING_DAYS_KEY, 7);
  const deadlineDay = threshold(options, MONTHLY_DEADLINE_DAY_KEY, 5);
  let year = Number(endDay.slice(0, 4));
  let month = Number(endDay.slice(4, 6));
  const namQt = Number(settlement?.NAM_QT);
  const thangQt = Number(settlement?.THANG_QT);
  if (Number.isInteger(namQt) && namQt > 0 && Number.isInteger(thangQt) && thangQt >= 1 && thangQt <= 12) {
    year = namQt;
    month = thangQt;
  }
  return {
    ngayRa: ngayRa.trim(),
    receivedLocal,
    delayMinutes: received - end,
    delayHours: Math.round(((received - end) / 60) * 10) / 10,
    workingDays: received >= end ? workingDaysBetween(endDay, receivedDay, cal) : 0,
    sendDeadline: addWorkingDays(endDay, Math.max(1, sendDays), cal),
    finaliseDeadline: addWorkingDays(endDay, Math.max(1, finaliseDays), cal),
    monthlyDeadline: dayOfNextMonth(year, month, deadlineDay),
    settlementMonth: `${String(month).padStart(2, '0')}/${year}`,
  };
}

/** Why a timeliness verdict's delay runs to NGAYLAP: set when no receipt time was given (see checkParsed). */
export interface MeasuredFrom {
  reason: string;
  reason_vi: string;
}

function measuredFrom(options: CheckOptions): MeasuredFrom | undefined {
  if (options.receivedAtFrom !== 'NGAYLAP' || options.receivedAt === undefined) return undefined;
  return {
    reason: `no receipt time given (--received-at, manifest or portal): measured to the envelope NGAYLAP (${options.receivedAt})`,
    reason_vi: `không có thời điểm tiếp nhận (--received-at, manifest hoặc cổng): tính đến NGAYLAP của hồ sơ (${options.receivedAt})`,
  };
}

/**
 * Runs `fn` for every HOSO with an XML1 whose delay NGAY_RA → receipt can be measured; the others get the
 * timeliness rules' common not-applicable verdict (no receivedAt, or NGAY_RA missing / not a date). `why` is
 * set when the receipt time is the end of the envelope's NGAYLAP day: the rules put it on every verdict they
 * report, so an offline warning says what the delay was measured to.
 */
export function forEachTimeliness(ctx: RuleContext, fn: (h: HoSo, x1: Row, t: Timeliness, why: MeasuredFrom | undefined) => void, options: { settlement?: boolean } = {}): void {
  const why = measuredFrom(ctx.options);
  for (const h of ctx.pkg.hoso) {
    const x1 = xml1Of(h);
    if (!x1) continue;
    const settlement = options.settlement ? { NAM_QT: val(x1, 'NAM_QT'), THANG_QT: val(x1, 'THANG_QT') } : undefined;
    const t = sharedTimelinessOf(x1, ctx.options, settlement);
    if (t) fn(h, x1, t, why);
    else ctx.report({ outcome: 'not-applicable', location: loc(h, x1, 'NGAY_RA'), reason: ctx.options.receivedAt ? 'NGAY_RA missing or not a date' : 'no receivedAt in the check options: the delay cannot be measured' });
  }
}

/**
 * The three timeliness rules ask for the same HOSO's delay (a calendar, day-by-day working-day counts).
 * timelinessOf is a pure function of NGAY_RA, the receipt time, the holidays, three thresholds and the
 * settlement month, so its answer is kept by exactly those inputs (as money() and when() keep parses by text)
 * and shared; a Timeliness is plain data the rules only read. Bounded like those memos.
 */
const timelinessByInputs = new Map<string, Timeliness | undefined>();

function sharedTimelinessOf(x1: Row, options: CheckOptions, settlement?: { NAM_QT?: string; THANG_QT?: string }): Timeliness | undefined {
  const ngayRa = val(x1, 'NGAY_RA');
  const receivedAt = options.receivedAt;
  if (!ngayRa || !receivedAt) return undefined;
  // JSON of the inputs: unambiguous whatever the texts hold
  const key = JSON.stringify([
    ngayRa,
    receivedAt,
    options.holidays ?? null,
    threshold(options, SEND_WORKING_DAYS_KEY, 1),
    threshold(options, FINALISE_WORKING_DAYS_KEY, 7),
    threshold(options, MONTHLY_DEADLINE_DAY_KEY, 5),
    settlement ? [settlement.NAM_QT ?? null, settlement.THANG_QT ?? null] : null,
  ]);
  if (timelinessByInputs.has(key)) return timelinessByInputs.get(key);
  const t = timelinessOf(ngayRa, receivedAt, options, settlement);
  if (timelinessByInputs.size >= 4096) timelinessByInputs.clear();
  timelinessByInputs.set(key, t);
  return t;
}
