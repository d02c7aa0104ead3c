/**
 * The rule contract (ESLint style). One hand-written rule per module under conformance/rules/<group>/,
 * exporting `rule: Rule`. Catalogue-driven field rules are generated from data (conformance/rules/field/)
 * and share this contract.
 *
 * A rule is done only when it has: a stable id (never reused), a citation, Vietnamese and English
 * messages, and colocated fixtures with at least one valid and one invalid case (test/rule-contract.test.ts
 * fails the build otherwise).
 */
import type { CheckOptions, ParsedPackage } from '../model.ts';
import type { Citation, Finding, Location, Outcome, Severity } from '../result.ts';

export interface RuleMeta {
  /** stable id, e.g. 'XML1.SO_CCCD.FORMAT', 'CROSS.MA_LK.ORPHAN', 'SIG.REFERENCE.URI' */
  id: string;
  severity: Severity;
  /**
   * 'package' when the rule compares a table with the rest of its HOSO or reads the envelope (MA_LK in XML1,
   * XML1 totals, documents the record calls for, signature): a table checked on its own (CLI) skips it, saying
   * why. Default 'table': the rule works on whatever tables are there.
   */
  scope?: 'package' | 'table';
  /** tables the rule reads, e.g. ['XML1', 'XML2'] or ['ENVELOPE'] */
  tables: string[];
  /** fields the rule reads or reports on */
  fields: string[];
  citation: Citation;
  /** message templates; `{actual}`, `{expected}`, `{field}` and other `{name}` placeholders are filled from data */
  messages: { vi: string; en: string };
  /** the decision that introduced the rule basis: '130' | '4750' | '3176' | '1931' | '2733' | 'TT48' … */
  since: string;
  /** confidence of the rule's basis */
  confidence: 'high' | 'medium' | 'inferred';
  /** short description for docs and `sskdt-lab rules` */
  description_en: string;
}

/** What a rule's check emits: the context fills ruleId, messages, citation, severity and confidence. */
export interface Report {
  outcome: Outcome;
  location: Location;
  actual?: string;
  expected?: string;
  /** values for message placeholders */
  data?: Record<string, string | number>;
  reason?: string;
  /** the reason in Vietnamese, for the Vietnamese message of a skip / not-applicable (else `reason` is shown) */
  reason_vi?: string;
  /** override severity for this verdict (e.g. medium-confidence basis downgraded to a warning) */
  severity?: Severity;
}

export interface RuleContext {
  pkg: ParsedPackage;
  options: CheckOptions;
  report(r: Report): void;
  /**
   * The cheap path for verdicts that are only counted. When a verdict with this outcome would not be listed
   * (findings 'problems': a pass or a not-applicable is counted in the summary, never listed), counts it on
   * `table` (the table its location would name; undefined = the rule's first table, as in report) and returns
   * true: the rule must then not report it. Otherwise counts nothing and returns false: the rule reports the
   * verdict in full. The Result is the same either way; a rule uses it to skip building the location, values
   * and expected text of every passing row:
   *   if (ok && ctx.counted('pass', row.table)) continue;
   *   ctx.report({ outcome: ok ? 'pass' : 'fail', location: loc(h, row, 'X'), … });
   */
  counted(outcome: Outcome, table?: string): boolean;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/** A fixture: a complete document (GIAMDINHHS envelope or XML0 check-in) as text or bytes, and options. */
export interface RuleFixture {
  name: string;
  /** XML text of the outer document; inner tables are given decoded and base64-encoded by the helper */
  xml: string;
  options?: CheckOptions;
  /** for invalid fixtures: how many `fail` (or `warning`, for warning-severity rules) this rule must report at least */
  expectAtLeast?: number;
}

export interface RuleFixtures {
  valid: RuleFixture[];
  invalid: RuleFixture[];
}

/**
 * Fixtures built on first read, not when the rule module loads: every rule module is imported by every
 * check, and building the fixture envelopes (records serialised, a dozen RSA signatures) took most of the
 * CLI's start-up (~150 ms of ~0.5 s). Only the tests and docs read fixtures.
 */
export function lazyFixtures(build: () => RuleFixtures): RuleFixtures {
  let built: RuleFixtures | undefined;
  const get = () => (built ??= build());
  return {
    get valid() {
      return get().valid;
    },
    get invalid() {
      return get().invalid;
    },
  };
}

/**
 * A template cut once into its literal pieces and placeholder names: [literal, name, literal, name, …, literal].
 * Rules have a few hundred templates; filling a cut template is a plain loop instead of a regex replace per message.
 */
const cutTemplates = new Map<string, string[]>();

function cutTemplate(template: string): string[] {
  let parts = cutTemplates.get(template);
  if (parts) return parts;
  parts = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    parts.push(template.slice(last, m.index), m[1]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  if (cutTemplates.size >= 4096) cutTemplates.clear();
  cutTemplates.set(template, parts);
  return parts;
}

/** Fills a message template's {placeholders}; a placeholder without data stays as written. */
export function fillTemplate(template: string, data: Record<string, string | number | undefined>): string {
  const parts = cutTemplate(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    const v = data[k];
    out += (v === undefined ? `{${k}}` : String(v)) + parts[i + 1];
  }
  return out;
}

/**
 * Messages of a verdict. A rule's templates describe the problem, so they are used for fail, warning and
 * error only; a pass, a not-applicable and a skip get neutral wording (with the value seen, or the reason),
 * so a full listing never reads like a failure.
 */
function messagesFor(meta: RuleMeta, r: Report): { vi: string; en: string } {
  const seen = r.actual !== undefined && r.actual !== '' ? ` (${r.actual})` : '';
  const why = r.reason ? ` — ${r.reason}` : '';
  // a reason written only in English stays out of the Vietnamese message (it is in `reason` and message_en)
  const whyVi = r.reason_vi ? ` — ${r.reason_vi}` : '';
  switch (r.outcome) {
    case 'pass':
      return { vi: `Đạt: ${meta.id}${seen}`, en: `Passed: ${meta.id}${seen}` };
    case 'not-applicable':
      return { vi: `Không áp dụng: ${meta.id}${whyVi}`, en: `Not applicable: ${meta.id}${why}` };
    case 'skip':
      return { vi: `Không kiểm tra được: ${meta.id}${whyVi}`, en: `Not checked: ${meta.id}${why}` };
    default: {
      const data: Record<string, string | number | undefined> = { actual: r.actual, expected: r.expected, field: r.location.field, ...r.data };
      return { vi: fillTemplate(meta.messages.vi, data), en: fillTemplate(meta.messages.en, data) };
    }
  }
}

/** The finding a rule's report stands for, with the rule's metadata and filled messages. */
export function findingFromReport(meta: RuleMeta, r: Report): Finding {
  const messages = messagesFor(meta, r);
  return {
    ruleId: meta.id,
    outcome: r.outcome,
    severity: r.severity ?? meta.severity,
    message_vi: messages.vi,
    message_en: messages.en,
    actual: r.actual,
    expected: r.expected,
    citation: meta.citation,
    confidence: meta.confidence,
    location: r.location,
    reason: r.reason,
  };
}

/** The finding for a rule that threw: an internal error is never a pass. */
export function internalErrorFinding(meta: RuleMeta, err: unknown, location: Location = {}): Finding {
  return {
    ruleId: meta.id,
    outcome: 'error',
    severity: 'error',
    message_vi: `Lỗi nội bộ khi chạy quy tắc ${meta.id}`,
    message_en: `Internal error while running rule ${meta.id}`,
    citation: meta.citation,
    confidence: meta.confidence,
    location,
    reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  };
}

/** Turns a rule's reports into findings with the rule's metadata. Used by the RuleTester. */
export function runRule(rule: Rule, pkg: ParsedPackage, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  // every verdict is listed here: nothing is only counted
  const ctx: RuleContext = { pkg, options, report: (r) => out.push(findingFromReport(rule.meta, r)), counted: () => false };
  try {
    rule.check(ctx);
  } catch (err) {
    out.push(internalErrorFinding(rule.meta, err));
  }
  return out;
}

/** What a hand-written rule module exports, collected by each group's index.ts. */
export interface RuleModule {
  rule: Rule;
  fixtures: RuleFixtures;
}
