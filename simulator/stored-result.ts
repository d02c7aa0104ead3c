/**
 * How the store keeps a check Result: a small JSON head the store's queries read with json_extract (verdict,
 * counts, the per-rule counts that matter, the visits) and the whole Result in the compact form of
 * conformance/result-compact.ts (rule ids, locations and values, deflated; messages and citations rendered
 * again from the rule metadata when read). Reading back gives a Result equal to the one checked.
 *
 * The check worker that produced the Result builds this (storedResult), so only a few KB cross the threads
 * to the store instead of a Result with thousands of findings.
 *
 * The head is `{ stored: 'compact', summary: { verdict, counts, byRule }, subject: { MA_LK } }` where byRule
 * keeps the hand-written rules (cross-table, signature, pilot, envelope) and every rule with a problem, each
 * without its zero counts; the ~1,300 all-pass field rules (XMLn.FIELD.KIND) and rules that were only
 * not applicable are left to the compact form. A missing count reads as 0 (`?? 0` in every reader).
 */
import { compactResult, expandResult } from '../conformance/result-compact.ts';
import type { CountByOutcome, Result } from '../conformance/result.ts';
import { ruleMeta } from '../conformance/rules/registry.ts';

export interface StoredResult {
  /** JSON for the check_result column */
  head: string;
  /** compactResult(result) for the check_compact column */
  compact: Uint8Array;
  /** the Result's verdict (metrics) */
  verdict: Result['summary']['verdict'];
}

const FIELD_RULE = /^XML\d+\.[A-Z0-9_]+\.(REQUIRED|TYPE|LENGTH|FORMAT|CODELIST)$/;

export function isStoredResult(x: unknown): x is StoredResult {
  return typeof x === 'object' && x !== null && typeof (x as StoredResult).head === 'string' && (x as StoredResult).compact instanceof Uint8Array;
}

/** A conformance Result (not an `{ engineError }` record or other JSON the store is given). */
export function isResult(x: unknown): x is Result {
  const r = x as Partial<Result> | null;
  return typeof r === 'object' && r !== null && Array.isArray(r.findings) && typeof r.summary === 'object' && r.summary !== null && typeof r.schemaVersion === 'string';
}

function nonZero(c: CountByOutcome): Partial<CountByOutcome> {
  const out: Partial<CountByOutcome> = {};
  for (const [k, v] of Object.entries(c) as [keyof CountByOutcome, number][]) if (v !== 0) out[k] = v;
  return out;
}

/** The head and the compact form of a Result. */
export function storedResult(result: Result): StoredResult {
  const byRule: Record<string, Partial<CountByOutcome>> = {};
  for (const [id, c] of Object.entries(result.summary.byRule)) {
    const problems = c.fail + c.warning + c.error + c.skip;
    if (problems === 0 && (c.pass === 0 || FIELD_RULE.test(id))) continue;
    byRule[id] = nonZero(c);
  }
  const head = { stored: 'compact', summary: { verdict: result.summary.verdict, counts: result.summary.counts, byRule }, subject: { MA_LK: result.subject.MA_LK ?? [] } };
  return { head: JSON.stringify(head), compact: compactResult(result, ruleMeta), verdict: result.summary.verdict };
}

/** The Result again from its compact form. */
export function readStoredResult(compact: Uint8Array): Result {
  return expandResult(compact, ruleMeta);
}
