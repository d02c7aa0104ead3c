/**
 * The one result model every part of sskdt-lab reads (portal store, CLI, reporters, evidence).
 * Versioned: bump RESULT_SCHEMA_VERSION on any incompatible change and document it in docs/result-schema.md.
 */

export const RESULT_SCHEMA_VERSION = '1.0.0';

/** pass/fail/warning/not-applicable/skip per the conformance brief; `error` = a rule crashed (never a pass). */
export type Outcome = 'pass' | 'fail' | 'warning' | 'not-applicable' | 'skip' | 'error';

export type Severity = 'error' | 'warning' | 'info';

export type LayoutId = '4750' | '3176';

/** Where a finding points. Every field that is known is filled; the rest stay undefined. */
export interface Location {
  /** index of HOSO inside the envelope (0-based); undefined for envelope-level findings */
  hoso?: number;
  /** table id: XML0 … XML15, or ENVELOPE */
  table?: string;
  /** 0-based row index inside the table */
  row?: number;
  MA_LK?: string;
  STT?: string;
  field?: string;
  /** line/column in the decoded inner document (or the envelope for envelope findings), 1-based */
  line?: number;
  col?: number;
  /** which document the line refers to: 'envelope' or e.g. 'XML1' */
  document?: string;
}

/** The legal basis of a rule. `decision` e.g. 'QĐ 130/QĐ-BYT (QĐ 4750)'; `clause` free text e.g. 'Bảng 1, chỉ tiêu 5'. */
export interface Citation {
  decision: string;
  clause: string;
  /** optional pointer to the source row in shared/reference or the catalogue */
  source?: string;
}

export interface Finding {
  ruleId: string;
  outcome: Outcome;
  severity: Severity;
  message_vi: string;
  message_en: string;
  /** the value that was seen (as sent, string), when relevant */
  actual?: string;
  /** what was expected, human readable */
  expected?: string;
  citation: Citation;
  /** confidence of the basis of this verdict: 'high' | 'medium' (catalogue) or 'inferred' (health-book mapping) */
  confidence: 'high' | 'medium' | 'inferred';
  location: Location;
  /** reason for `skip` / details for `error` */
  reason?: string;
  /**
   * Other rule ids whose failure on the same value this finding explains (one root cause, one failure): those
   * rules are counted not-applicable for this value. E.g. a comma decimal fails TYPE and explains FORMAT.
   */
  explains?: string[];
}

export interface CountByOutcome {
  pass: number;
  fail: number;
  warning: number;
  'not-applicable': number;
  skip: number;
  error: number;
  total: number;
}

export interface Summary {
  /** overall verdict: 'fail' if any fail or error, 'warning' if any warning, else 'pass' */
  verdict: 'pass' | 'warning' | 'fail';
  counts: CountByOutcome;
  byTable: Record<string, CountByOutcome>;
  byRule: Record<string, CountByOutcome>;
}

export interface Result {
  schemaVersion: string;
  /** tool version (package.json) */
  engineVersion: string;
  /** which layout was applied and why */
  layout: { id: LayoutId; overlay1931: boolean; reason: string; /** QĐ 3176 field overlays applied (by the visit date; absent in older Results) */ overlay3176?: boolean };
  /** which profile of severities was used: 'default' or 'strict' (certification) */
  profile: string;
  /** what was checked */
  subject: {
    kind: 'GIAMDINHHS' | 'CHECKIN' | 'TABLE' | 'UNKNOWN';
    MACSKCB?: string;
    sha256: string;
    bytes: number;
    fileName?: string;
    MA_LK?: string[];
  };
  /**
   * 'all': every verdict is a finding, passes and not-applicable included (every field of every row).
   * 'problems': only fail/warning/error/skip findings are listed (the portal's default, to keep stored
   * results small); the summary still counts every verdict, so the counts are the same in both modes.
   */
  findingsIncluded: 'all' | 'problems';
  findings: Finding[];
  summary: Summary;
  /** timings per phase in milliseconds (decode, parse, field, crossTable, signature, pilot, catalogue) */
  timings: Record<string, number>;
  checkedAt: string;
}

export function emptyCounts(): CountByOutcome {
  return { pass: 0, fail: 0, warning: 0, 'not-applicable': 0, skip: 0, error: 0, total: 0 };
}

/**
 * Counts verdicts as they are emitted, so a result that lists only problems still has exact totals.
 * Use `add` for every verdict (listed or not) and `summary()` at the end.
 */
export class SummaryBuilder {
  private readonly counts = emptyCounts();
  private readonly byTable: Record<string, CountByOutcome> = {};
  private readonly byRule: Record<string, CountByOutcome> = {};

  add(ruleId: string, table: string | undefined, outcome: Outcome, n = 1): void {
    const t = table ?? 'ENVELOPE';
    const bt = (this.byTable[t] ??= emptyCounts());
    bt[outcome] += n;
    bt.total += n;
    const br = (this.byRule[ruleId] ??= emptyCounts());
    br[outcome] += n;
    br.total += n;
    this.counts[outcome] += n;
    this.counts.total += n;
  }

  /**
   * Adds the six counters of one (rule, table) cell at once, indexed pass, fail, warning, not-applicable, skip,
   * error from `offset` (the field engine's and the Tally's layout): one lookup per rule instead of one per
   * outcome. Nothing is recorded when all six are zero, as add() is never called for them.
   */
  addCounts(ruleId: string, table: string | undefined, c: ArrayLike<number>, offset = 0): void {
    const pass = c[offset];
    const fail = c[offset + 1];
    const warning = c[offset + 2];
    const na = c[offset + 3];
    const skip = c[offset + 4];
    const error = c[offset + 5];
    const total = pass + fail + warning + na + skip + error;
    if (pass === 0 && fail === 0 && warning === 0 && na === 0 && skip === 0 && error === 0) return;
    this.addToTable(table, pass, fail, warning, na, skip, error);
    const br = this.byRule[ruleId];
    if (br === undefined) this.byRule[ruleId] = { pass, fail, warning, 'not-applicable': na, skip, error, total };
    else addSix(br, pass, fail, warning, na, skip, error, total);
    addSix(this.counts, pass, fail, warning, na, skip, error, total);
  }

  /**
   * Adds a slot-indexed counter array at once (the field engine's layout: counts[slot * 6 + outcome], rule
   * `ids[slot]` on `tables[slot]`), with the same counts and key order as addCounts per slot in slot order. A
   * layout has ~1,300 slots of which a check-in touches ~90: a flat scan skips the rest cheaply, and the table and
   * overall totals are summed per run of slots on one table instead of per slot.
   */
  addSlots(ids: readonly string[], tables: readonly (string | undefined)[], c: Int32Array): void {
    const byRule = this.byRule;
    let runTable: string | undefined;
    let inRun = false;
    let tp = 0, tf = 0, tw = 0, tn = 0, ts = 0, te = 0;
    let ap = 0, af = 0, aw = 0, an = 0, as = 0, ae = 0;
    const n = ids.length;
    for (let slot = 0, o = 0; slot < n; slot++, o += 6) {
      const pass = c[o];
      const fail = c[o + 1];
      const warning = c[o + 2];
      const na = c[o + 3];
      const skip = c[o + 4];
      const error = c[o + 5];
      if ((pass | fail | warning | na | skip | error) === 0) continue;
      const table = tables[slot];
      if (!inRun || table !== runTable) {
        // byTable keys are created in the order their first non-zero slot comes, as with addCounts
        if (inRun) this.addToTable(runTable, tp, tf, tw, tn, ts, te);
        inRun = true;
        runTable = table;
        tp = tf = tw = tn = ts = te = 0;
      }
      tp += pass, tf += fail, tw += warning, tn += na, ts += skip, te += error;
      ap += pass, af += fail, aw += warning, an += na, as += skip, ae += error;
      const total = pass + fail + warning + na + skip + error;
      const id = ids[slot];
      const br = byRule[id];
      if (br === undefined) byRule[id] = { pass, fail, warning, 'not-applicable': na, skip, error, total };
      else addSix(br, pass, fail, warning, na, skip, error, total);
    }
    if (!inRun) return;
    this.addToTable(runTable, tp, tf, tw, tn, ts, te);
    addSix(this.counts, ap, af, aw, an, as, ae, ap + af + aw + an + as + ae);
  }

  private addToTable(table: string | undefined, pass: number, fail: number, warning: number, na: number, skip: number, error: number): void {
    const t = table ?? 'ENVELOPE';
    const total = pass + fail + warning + na + skip + error;
    const bt = this.byTable[t];
    if (bt === undefined) this.byTable[t] = { pass, fail, warning, 'not-applicable': na, skip, error, total };
    else addSix(bt, pass, fail, warning, na, skip, error, total);
  }

  summary(): Summary {
    const c = this.counts;
    const verdict = c.fail > 0 || c.error > 0 ? 'fail' : c.warning > 0 ? 'warning' : 'pass';
    return { verdict, counts: { ...c }, byTable: copyCounts(this.byTable), byRule: copyCounts(this.byRule) };
  }

  /**
   * The summary built so far, handing over the builder's own count objects instead of copying them (a package
   * has ~1,000 rule ids: the copy cost ~0.08 ms). Call it last: adding after it would change the returned summary.
   */
  take(): Summary {
    const c = this.counts;
    const verdict = c.fail > 0 || c.error > 0 ? 'fail' : c.warning > 0 ? 'warning' : 'pass';
    return { verdict, counts: { ...c }, byTable: this.byTable, byRule: this.byRule };
  }
}

function addSix(to: CountByOutcome, pass: number, fail: number, warning: number, na: number, skip: number, error: number, total: number): void {
  to.pass += pass;
  to.fail += fail;
  to.warning += warning;
  to['not-applicable'] += na;
  to.skip += skip;
  to.error += error;
  to.total += total;
}

/** Copies a counts map (a plain loop: structuredClone cost ~0.4 ms per package on the hot path). */
function copyCounts(source: Record<string, CountByOutcome>): Record<string, CountByOutcome> {
  const out: Record<string, CountByOutcome> = {};
  for (const k in source) out[k] = { ...source[k] };
  return out;
}

/** Builds the summary from a complete list of findings (findingsIncluded = 'all'). */
export function summarize(findings: readonly Finding[]): Summary {
  const b = new SummaryBuilder();
  for (const f of findings) b.add(f.ruleId, f.location.table, f.outcome);
  return b.summary();
}

/** True for outcomes listed even when findingsIncluded = 'problems'. */
export function isProblem(outcome: Outcome): boolean {
  return outcome === 'fail' || outcome === 'warning' || outcome === 'error' || outcome === 'skip';
}
