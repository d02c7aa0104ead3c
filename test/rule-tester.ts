/**
 * RuleTester (after ESLint's): checks a hand-written RuleModule's metadata and runs its fixtures.
 * Fixtures are whole documents (RuleFixture.xml), decoded with decodePackage exactly as checkPackage does.
 * Returns a list of problems (empty = the module conforms), so one test can report every module at once.
 */
import { decodePackage } from '../conformance/envelope/decode.ts';
import type { CheckOptions } from '../conformance/model.ts';
import type { Finding } from '../conformance/result.ts';
import { runRule, type Rule, type RuleFixture, type RuleModule } from '../conformance/rules/contract.ts';

const encoder = new TextEncoder();

/** Decodes a fixture document and runs one rule on it. Decoding errors are thrown (a fixture must decode). */
export function runFixture(rule: Rule, fixture: RuleFixture): Finding[] {
  const options: CheckOptions = fixture.options ?? {};
  const pkg = decodePackage(encoder.encode(fixture.xml), { endpoint: options.endpoint, layout: options.layout, maxBytes: options.limits?.maxBytes, maxDepth: options.limits?.maxDepth });
  return runRule(rule, pkg, options);
}

/** Problems with a module's metadata (empty when complete). */
export function metaProblems(mod: RuleModule): string[] {
  const problems: string[] = [];
  const m = mod.rule?.meta;
  if (!m) return ['module exports no rule.meta'];
  const id = m.id || '(no id)';
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(`${id}: ${what}`);
  };
  need(typeof m.id === 'string' && /^[A-Z0-9_]+(\.[A-Z0-9_]+)+$/.test(m.id), 'id must be a dotted upper-case string like XML1.SO_CCCD.FORMAT');
  need(m.citation && m.citation.decision?.trim(), 'citation.decision missing');
  need(m.citation && m.citation.clause?.trim(), 'citation.clause missing');
  need(m.messages && m.messages.vi?.trim(), 'Vietnamese message missing');
  need(m.messages && m.messages.en?.trim(), 'English message missing');
  need(m.since?.trim(), 'since missing');
  need(['error', 'warning', 'info'].includes(m.severity), 'severity must be error|warning|info');
  need(['high', 'medium', 'inferred'].includes(m.confidence), 'confidence must be high|medium|inferred');
  need(Array.isArray(m.tables) && m.tables.length > 0, 'tables must list what the rule reads');
  need(m.scope === undefined || m.scope === 'package' || m.scope === 'table', "scope must be 'package' or 'table'");
  need(m.description_en?.trim(), 'description_en missing');
  need(typeof mod.rule.check === 'function', 'check() missing');
  need(mod.fixtures && mod.fixtures.valid?.length >= 1, 'needs at least one valid fixture');
  need(mod.fixtures && mod.fixtures.invalid?.length >= 1, 'needs at least one invalid fixture');
  return problems;
}

/** Problems found running a module's fixtures (empty when valid fixtures pass and invalid ones are caught). */
export function fixtureProblems(mod: RuleModule): string[] {
  const problems: string[] = [];
  const { rule, fixtures } = mod;
  const id = rule.meta.id;
  for (const fx of fixtures?.valid ?? []) {
    let findings: Finding[];
    try {
      findings = runFixture(rule, fx);
    } catch (e) {
      problems.push(`${id}: valid fixture "${fx.name}" does not decode: ${(e as Error).message}`);
      continue;
    }
    const bad = findings.filter((f) => f.ruleId === id && (f.outcome === 'fail' || f.outcome === 'error'));
    if (bad.length > 0) problems.push(`${id}: valid fixture "${fx.name}" gives ${bad.length} fail/error: ${bad[0].message_en}${bad[0].reason ? ` (${bad[0].reason})` : ''}`);
  }
  const expectOutcome = rule.meta.severity === 'warning' ? 'warning' : 'fail';
  for (const fx of fixtures?.invalid ?? []) {
    let findings: Finding[];
    try {
      findings = runFixture(rule, fx);
    } catch (e) {
      problems.push(`${id}: invalid fixture "${fx.name}" does not decode: ${(e as Error).message}`);
      continue;
    }
    const errors = findings.filter((f) => f.outcome === 'error');
    if (errors.length > 0) problems.push(`${id}: invalid fixture "${fx.name}" crashed the rule: ${errors[0].reason ?? errors[0].message_en}`);
    const want = fx.expectAtLeast ?? 1;
    // warning-severity rules may report a warning (or a fail); error rules must fail.
    const got = findings.filter((f) => f.ruleId === id && (f.outcome === expectOutcome || f.outcome === 'fail')).length;
    if (got < want) problems.push(`${id}: invalid fixture "${fx.name}" gives ${got} ${expectOutcome}, expected at least ${want}`);
  }
  return problems;
}

/** Ids that occur more than once across modules. */
export function duplicateIds(mods: RuleModule[]): string[] {
  const seen = new Map<string, number>();
  for (const m of mods) seen.set(m.rule.meta.id, (seen.get(m.rule.meta.id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}
