/**
 * The JSON report: the Result itself plus a `report` header (tool, version, generatedAt, inputs).
 * Schema: docs/result-schema.md (prose) and docs/result.schema.json (generated from reports/result-schema.ts).
 */
import type { Result } from '../conformance/result.ts';
import { REPORT_FORMAT_VERSION } from './format-version.ts';
import type { JsonReport, ReportHeader } from './result-schema.ts';

export interface ReportMeta {
  /** tool name; default 'sskdt-lab' */
  tool?: string;
  /** tool version; default the engine version recorded in the Result */
  version?: string;
  /** ISO 8601; the caller passes the clock in (reporters never read it themselves) */
  generatedAt: string;
}

export function reportHeader(result: Result, meta: ReportMeta): ReportHeader {
  return {
    format: 'sskdt-lab/result',
    formatVersion: REPORT_FORMAT_VERSION,
    tool: meta.tool ?? 'sskdt-lab',
    version: meta.version ?? result.engineVersion,
    generatedAt: meta.generatedAt,
    inputs: [
      {
        ...(result.subject.fileName !== undefined ? { fileName: result.subject.fileName } : {}),
        sha256: result.subject.sha256,
        bytes: result.subject.bytes,
      },
    ],
  };
}

export interface JsonOptions {
  /** one line (JSON Lines output) instead of pretty JSON (2 spaces) */
  compact?: boolean;
  /**
   * 'problems': `summary.byRule` lists only the rules with a fail, warning, error or skip (a package has ~1,000
   * rule ids, most of them all-pass: their table was most of a report's bytes when nothing fails). The
   * totals and `summary.byTable` stay complete. Default 'all'.
   */
  byRule?: 'all' | 'problems';
}

const problemRulesCache = new WeakMap<Result['summary']['byRule'], Result['summary']['byRule']>();

/**
 * The rules of `summary.byRule` with a fail, warning, error or skip, in the summary's order. Remembered per
 * summary: the CLI reads it twice per file (the report and the batch summary's row), and walking the ~700
 * keys of an envelope's summary is a measurable share of a batch.
 */
export function problemRules(byRule: Result['summary']['byRule']): Result['summary']['byRule'] {
  let problems = problemRulesCache.get(byRule);
  if (problems) return problems;
  problems = {};
  for (const id in byRule) {
    const c = byRule[id];
    if (c.fail + c.warning + c.error + c.skip > 0) problems[id] = c;
  }
  problemRulesCache.set(byRule, problems);
  return problems;
}

/** The report object: header first so a reader sees what it is before thousands of findings. */
export function toJsonReport(result: Result, meta: ReportMeta, options: JsonOptions = {}): JsonReport {
  if (options.byRule !== 'problems') return { report: reportHeader(result, meta), ...result };
  return { report: reportHeader(result, meta), ...result, summary: { ...result.summary, byRule: problemRules(result.summary.byRule) } };
}

/** Pretty JSON (2 spaces) by default; `compact` gives one line (used for JSON Lines output). */
export function renderJson(result: Result, meta: ReportMeta, options: JsonOptions = {}): string {
  return JSON.stringify(toJsonReport(result, meta, options), null, options.compact ? undefined : 2);
}
