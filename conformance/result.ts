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
  layout: { id: LayoutId; overlay1931: boolean; reason: string };
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
  /** all findings, including passes (so every field of every row has a verdict) */
  findings: Finding[];
  summary: Summary;
  /** timings per phase in milliseconds (decode, parse, field, crossTable, signature, pilot) */
  timings: Record<string, number>;
  checkedAt: string;
}

export function emptyCounts(): CountByOutcome {
  return { pass: 0, fail: 0, warning: 0, 'not-applicable': 0, skip: 0, error: 0, total: 0 };
}

/** Builds the summary from findings; counts add up to the findings by construction. */
export function summarize(findings: readonly Finding[]): Summary {
  const counts = emptyCounts();
  const byTable: Record<string, CountByOutcome> = {};
  const byRule: Record<string, CountByOutcome> = {};
  for (const f of findings) {
    const table = f.location.table ?? 'ENVELOPE';
    (byTable[table] ??= emptyCounts())[f.outcome]++;
    byTable[table].total++;
    (byRule[f.ruleId] ??= emptyCounts())[f.outcome]++;
    byRule[f.ruleId].total++;
    counts[f.outcome]++;
    counts.total++;
  }
  const verdict = counts.fail > 0 || counts.error > 0 ? 'fail' : counts.warning > 0 ? 'warning' : 'pass';
  return { verdict, counts, byTable, byRule };
}
