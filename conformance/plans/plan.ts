/**
 * Certification plans as data, and the pure judgement of a run against one: which scenarios each submission
 * evidences, whether each required scenario has a passing submission, which required rules failed, and what
 * the pilot conditions C1–C13 come to. No storage, no clock: the caller hands in submissions and waivers.
 */
import type { Result } from '../result.ts';
import type { FactField, SubmissionFacts, VisitFacts } from './facts.ts';

/** A predicate on one visit's facts; every listed part must hold. */
export interface VisitPredicate {
  /** the kind of submission: a record (GIAMDINHHS) or a check-in (XML0) */
  kind?: 'GIAMDINHHS' | 'CHECKIN';
  /** field value is one of these (after trimming) */
  fieldIn?: Partial<Record<FactField, readonly string[]>>;
  /** field is sent with a value (true) or absent/empty (false) */
  fieldPresent?: Partial<Record<FactField, boolean>>;
  /** field matches one of the named shapes */
  fieldShape?: Partial<Record<FactField, 'digits12'>>;
  /** every one of these tables is sent with at least one row */
  tables?: readonly string[];
}

export interface ScenarioPlan {
  /** stable id; never reused for a different meaning */
  id: string;
  title_vi: string;
  title_en: string;
  /** PL01 Đ8 group when the scenario is one of the six visit types × insured/uninsured */
  group?: { visitType: string; insured: boolean };
  required: boolean;
  match: VisitPredicate;
  /** rules that must have a `pass` verdict in the submission (a skip or not-applicable does not evidence it) */
  mustPass: readonly string[];
  /** pilot conditions this scenario evidences when it passes */
  conditions: readonly string[];
  /** the generator scenario that produces a matching package (for users and tests) */
  generatorScenario?: string;
}

export interface PlanCondition {
  id: string;
  article: string;
  condition_vi: string;
  check_kind: 'automated' | 'evidence' | 'manual';
}

export interface CertificationPlan {
  id: string;
  /** semantic version; a run records the version it used */
  version: string;
  title_vi: string;
  title_en: string;
  /** where the scenario list comes from */
  basis: string;
  /** check options the plan requires (the certification profile) */
  profile: 'strict';
  signature: 'required';
  /** rule id patterns ('*' or a prefix ending in '.*') that must not fail in any submission of the run */
  requiredRules: readonly string[];
  /** rule id patterns left out of requiredRules (e.g. warnings-only families), with the reason */
  exemptRules: readonly { pattern: string; reason: string }[];
  scenarios: readonly ScenarioPlan[];
  conditions: readonly PlanCondition[];
}

// ───────────────────────────── matching ─────────────────────────────

export function visitMatches(p: VisitPredicate, kind: SubmissionFacts['kind'], v: VisitFacts): boolean {
  if (p.kind && p.kind !== kind) return false;
  for (const [f, allowed] of Object.entries(p.fieldIn ?? {}) as [FactField, readonly string[]][]) {
    const value = v.fields[f];
    if (value === undefined || !allowed.includes(value)) return false;
  }
  for (const [f, present] of Object.entries(p.fieldPresent ?? {}) as [FactField, boolean][]) {
    if ((v.fields[f] !== undefined) !== present) return false;
  }
  for (const [f, shape] of Object.entries(p.fieldShape ?? {}) as [FactField, string][]) {
    const value = v.fields[f];
    if (value === undefined) return false;
    if (shape === 'digits12' && !/^[0-9]{12}$/.test(value)) return false;
  }
  for (const t of p.tables ?? []) if (!v.tables.includes(t)) return false;
  return true;
}

/** Ids of the scenarios a submission evidences (any of its visits matching). */
export function matchScenarios(plan: CertificationPlan, facts: SubmissionFacts): string[] {
  return plan.scenarios.filter((s) => facts.visits.some((v) => visitMatches(s.match, facts.kind, v))).map((s) => s.id);
}

export function rulePatternMatches(pattern: string, ruleId: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return ruleId.startsWith(pattern.slice(0, -1));
  return pattern === ruleId;
}

export function isRequiredRule(plan: CertificationPlan, ruleId: string): boolean {
  return plan.requiredRules.some((p) => rulePatternMatches(p, ruleId)) && !plan.exemptRules.some((e) => rulePatternMatches(e.pattern, ruleId));
}

// ───────────────────────────── judgement ─────────────────────────────

/** A reviewer's decision to accept a failing rule for one run (optionally for one visit or submission only). */
export interface Waiver {
  id: string;
  ruleId: string;
  /** limit to one visit (MA_LK) or one submission (its id in the run); both absent = the whole run */
  maLk?: string;
  submission?: string;
  reason: string;
  approver: string;
  /** ISO 8601; a waiver past its expiry no longer applies */
  expiresAt: string;
  createdAt: string;
}

/** One submission of a run, as judged. */
export interface RunSubmission {
  /** id within the run: maGiaoDich online, the file's relative path offline */
  id: string;
  receivedAt?: string;
  facts?: SubmissionFacts;
  /** the Result; absent while the portal has not checked it yet */
  result?: Result;
  /** the portal refused it before any check (maKetQua other than 200, nothing decodable): a failure of the run */
  refused?: { maKetQua: string; message: string };
}

export type RuleState = 'fail' | 'waived';

export interface FailingRule {
  ruleId: string;
  state: RuleState;
  /** how many fail/error verdicts */
  count: number;
  /** waiver applied, when waived */
  waiver?: string;
  /** the first failing finding's texts and clause, for the report */
  message_vi?: string;
  message_en?: string;
  clause?: string;
  maLk?: string[];
}

export interface SubmissionJudgement {
  id: string;
  scenarios: string[];
  /** required rules that fail (or were waived) in this submission */
  failingRules: FailingRule[];
  verdict: 'pass' | 'fail' | 'waived' | 'pending';
}

export type ScenarioState = 'not-started' | 'passed' | 'failed' | 'waived';

export interface ScenarioOutcome {
  id: string;
  title_vi: string;
  title_en: string;
  required: boolean;
  state: ScenarioState;
  /** submissions that match this scenario, and those among them that pass it */
  submissions: string[];
  passing: string[];
  /** why it is not passed: failing rules of matching submissions, missing mustPass verdicts */
  problems: string[];
  /** rules that fail in matching submissions (ids) */
  failingRules: string[];
}

export type ConditionState = 'evidenced' | 'waived' | 'not-evidenced' | 'not-automated';

export interface ConditionOutcome {
  id: string;
  article: string;
  condition_vi: string;
  check_kind: PlanCondition['check_kind'];
  state: ConditionState;
  /** scenarios that evidence it */
  scenarios: string[];
}

export interface RunVerdict {
  verdict: 'pass' | 'fail';
  /** what is missing or failing, in Vietnamese and English, one line each */
  reasons: { vi: string; en: string }[];
  scenarios: ScenarioOutcome[];
  conditions: ConditionOutcome[];
  submissions: SubmissionJudgement[];
  /** required rules that failed anywhere in the run (waived ones listed with state 'waived') */
  failingRules: FailingRule[];
  /** waivers that applied to at least one verdict, and those that did not (expired or unused) */
  waiversApplied: string[];
  waiversUnused: string[];
}

function waiverFor(waivers: readonly Waiver[], ruleId: string, submissionId: string, maLks: string[], at: Date): Waiver | undefined {
  return waivers.find((w) =>
    w.ruleId === ruleId
    && new Date(w.expiresAt).getTime() > at.getTime()
    && (w.submission === undefined || w.submission === submissionId)
    && (w.maLk === undefined || (maLks.length > 0 && maLks.every((m) => m === w.maLk))));
}

/** Failing required rules of one Result, with waivers applied. Uses the summary (it counts every verdict). */
export function failingRequiredRules(plan: CertificationPlan, submissionId: string, result: Result, waivers: readonly Waiver[], at: Date): FailingRule[] {
  const out: FailingRule[] = [];
  for (const [ruleId, counts] of Object.entries(result.summary.byRule)) {
    const bad = counts.fail + counts.error;
    if (bad === 0 || !isRequiredRule(plan, ruleId)) continue;
    const findings = result.findings.filter((f) => f.ruleId === ruleId && (f.outcome === 'fail' || f.outcome === 'error'));
    const maLk = [...new Set(findings.map((f) => f.location.MA_LK).filter((m): m is string => !!m))];
    const first = findings[0];
    const w = waiverFor(waivers, ruleId, submissionId, maLk, at);
    out.push({
      ruleId,
      state: w ? 'waived' : 'fail',
      count: bad,
      ...(w ? { waiver: w.id } : {}),
      ...(first ? { message_vi: first.message_vi, message_en: first.message_en, clause: `${first.citation.decision}, ${first.citation.clause}` } : {}),
      ...(maLk.length ? { maLk } : {}),
    });
  }
  return out.sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

/**
 * Judges a run: a required scenario passes when at least one matching submission passes it (no required rule
 * fails, every mustPass rule has a pass); the run passes when every required scenario passes and no required
 * rule fails in any submission. Waived failures show as `waived`, never as `pass`.
 */
export function judgeRun(plan: CertificationPlan, submissions: readonly RunSubmission[], waivers: readonly Waiver[] = [], at: Date = new Date()): RunVerdict {
  const used = new Set<string>();
  const judgements: SubmissionJudgement[] = [];
  const byScenario = new Map<string, { matching: string[]; passing: string[]; waived: string[]; problems: string[]; failing: Set<string> }>();
  for (const s of plan.scenarios) byScenario.set(s.id, { matching: [], passing: [], waived: [], problems: [], failing: new Set() });
  const runFailing = new Map<string, FailingRule>();

  const refusedReasons: { vi: string; en: string }[] = [];
  for (const sub of submissions) {
    if (sub.refused && !sub.result) {
      judgements.push({ id: sub.id, scenarios: [], failingRules: [], verdict: 'fail' });
      refusedReasons.push({ vi: `Hồ sơ ${sub.id} bị Cổng từ chối (mã ${sub.refused.maKetQua}): ${sub.refused.message}`, en: `Submission ${sub.id} was refused by the portal (code ${sub.refused.maKetQua}): ${sub.refused.message}` });
      continue;
    }
    if (!sub.result) {
      judgements.push({ id: sub.id, scenarios: sub.facts ? matchScenarios(plan, sub.facts) : [], failingRules: [], verdict: 'pending' });
      continue;
    }
    // an envelope that could not be decoded has no facts: it evidences no scenario and fails on its ENVELOPE.* rule
    const scenarios = sub.facts ? matchScenarios(plan, sub.facts) : [];
    const failing = failingRequiredRules(plan, sub.id, sub.result, waivers, at);
    for (const f of failing) {
      if (f.waiver) used.add(f.waiver);
      const prev = runFailing.get(f.ruleId);
      if (!prev) runFailing.set(f.ruleId, { ...f });
      else {
        prev.count += f.count;
        if (f.state === 'fail') prev.state = 'fail';
        if (f.maLk) prev.maLk = [...new Set([...(prev.maLk ?? []), ...f.maLk])];
      }
    }
    const hardFail = failing.some((f) => f.state === 'fail');
    const anyWaived = failing.some((f) => f.state === 'waived');
    judgements.push({ id: sub.id, scenarios, failingRules: failing, verdict: hardFail ? 'fail' : anyWaived ? 'waived' : 'pass' });
    for (const sid of scenarios) {
      const spec = plan.scenarios.find((s) => s.id === sid)!;
      const acc = byScenario.get(sid)!;
      acc.matching.push(sub.id);
      const missing = spec.mustPass.filter((r) => (sub.result!.summary.byRule[r]?.pass ?? 0) === 0);
      for (const f of failing) if (f.state === 'fail') acc.failing.add(f.ruleId);
      if (hardFail) acc.problems.push(`${sub.id}: ${failing.filter((f) => f.state === 'fail').map((f) => f.ruleId).join(', ')}`);
      if (missing.length) {
        const how = missing.map((r) => {
          const c = sub.result!.summary.byRule[r];
          return `${r} (${c ? (c.skip ? 'skip' : c['not-applicable'] ? 'not-applicable' : c.fail || c.error ? 'fail' : 'no verdict') : 'no verdict'})`;
        });
        acc.problems.push(`${sub.id}: ${how.join(', ')} ${how.length > 1 ? 'have' : 'has'} no pass`);
      }
      if (!hardFail && missing.length === 0) (anyWaived ? acc.waived : acc.passing).push(sub.id);
    }
  }

  const scenarios: ScenarioOutcome[] = plan.scenarios.map((s) => {
    const acc = byScenario.get(s.id)!;
    const state: ScenarioState = acc.passing.length ? 'passed' : acc.waived.length ? 'waived' : acc.matching.length ? 'failed' : 'not-started';
    return { id: s.id, title_vi: s.title_vi, title_en: s.title_en, required: s.required, state, submissions: acc.matching, passing: [...acc.passing, ...acc.waived], problems: acc.problems, failingRules: [...acc.failing].sort() };
  });

  const conditions: ConditionOutcome[] = plan.conditions.map((c) => {
    const evidencing = plan.scenarios.filter((s) => s.required && s.conditions.includes(c.id));
    const states = evidencing.map((s) => scenarios.find((o) => o.id === s.id)!.state);
    const state: ConditionState = evidencing.length === 0 ? 'not-automated'
      : states.every((x) => x === 'passed') ? 'evidenced'
      : states.every((x) => x === 'passed' || x === 'waived') ? 'waived'
      : 'not-evidenced';
    return { id: c.id, article: c.article, condition_vi: c.condition_vi, check_kind: c.check_kind, state, scenarios: evidencing.map((s) => s.id) };
  });

  const reasons: { vi: string; en: string }[] = [];
  for (const s of scenarios.filter((o) => o.required && (o.state === 'not-started' || o.state === 'failed'))) {
    if (s.state === 'not-started') reasons.push({ vi: `Kịch bản bắt buộc ${s.id} (${s.title_vi}) chưa có hồ sơ nào`, en: `Required scenario ${s.id} (${s.title_en}) has no submission` });
    else reasons.push({ vi: `Kịch bản bắt buộc ${s.id} chưa có hồ sơ đạt: ${s.problems.slice(0, 3).join('; ')}`, en: `Required scenario ${s.id} has no passing submission: ${s.problems.slice(0, 3).join('; ')}` });
  }
  const failingRules = [...runFailing.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  for (const f of failingRules.filter((r) => r.state === 'fail')) {
    reasons.push({ vi: `Quy tắc bắt buộc ${f.ruleId} không đạt (${f.count} lỗi)`, en: `Required rule ${f.ruleId} fails (${f.count} verdicts)` });
  }
  reasons.push(...refusedReasons);
  const pending = judgements.filter((j) => j.verdict === 'pending');
  if (pending.length) reasons.push({ vi: `${pending.length} hồ sơ chưa được kiểm tra xong`, en: `${pending.length} submissions are not checked yet` });
  return {
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    scenarios,
    conditions,
    submissions: judgements,
    failingRules,
    waiversApplied: waivers.filter((w) => used.has(w.id)).map((w) => w.id),
    waiversUnused: waivers.filter((w) => !used.has(w.id)).map((w) => w.id),
  };
}
