/**
 * A Result in the form the portal stores it: rule ids, outcomes, locations and values, without the messages,
 * citations and confidence that every finding repeats from its rule's metadata. Reading it back renders them
 * from the metadata again, giving the identical Result (expandResult(compactResult(r)) deep-equals r).
 *
 * How a finding is reduced, safely:
 * - message_vi / message_en: the rule's message templates are matched against the two messages to recover the
 *   placeholder values ({count}, {detail_vi}, …) that are not already in the finding (actual, expected,
 *   field); the finding keeps only those. The messages are then rendered again and compared: when anything
 *   differs (a message not made from the template, an ambiguous match, a rule of another version), the
 *   messages are kept verbatim. So a reduction never changes what is read.
 * - citation, confidence, severity: kept only when they differ from the metadata.
 * The whole is then deflated (the locations repeat MA_LK, table and field names): together, a Result with
 * thousands of failures is stored in a fraction of the bytes of the package it describes.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { RuleMeta } from './rules/contract.ts';
import { fillTemplate } from './rules/contract.ts';
import type { Citation, Finding, Result } from './result.ts';

export const COMPACT_RESULT_FORMAT = 'sskdt-lab/compact-result@1';

/** One finding, reduced. Keys are short: a result may list thousands. */
interface CompactFinding {
  /** ruleId */
  r: string;
  /** outcome */
  o: Finding['outcome'];
  /** location */
  l: Finding['location'];
  a?: string;
  e?: string;
  /** placeholder values of the messages, beyond actual/expected/field */
  d?: Record<string, string>;
  /** messages [vi, en] kept verbatim (not reproducible from the metadata) */
  m?: [string, string];
  /** severity, when it differs from the metadata */
  s?: Finding['severity'];
  /** citation, when it differs from the metadata */
  c?: Citation;
  /** confidence, when it differs from the metadata */
  k?: Finding['confidence'];
  reason?: string;
  /** rule ids this finding explains (one root cause, one failure) */
  x?: string[];
}

interface CompactResult {
  format: typeof COMPACT_RESULT_FORMAT;
  findings: CompactFinding[];
}

export type RuleLookup = (ruleId: string) => RuleMeta | undefined;

/** The messages a rule's metadata gives for these values (mirrors messagesFor in ./rules/contract.ts). */
function render(meta: RuleMeta, f: Pick<Finding, 'outcome' | 'actual' | 'expected' | 'reason' | 'location'>, data: Record<string, string> | undefined): [string, string] {
  const seen = f.actual !== undefined && f.actual !== '' ? ` (${f.actual})` : '';
  const why = f.reason ? ` — ${f.reason}` : '';
  switch (f.outcome) {
    case 'pass':
      return [`Đạt: ${meta.id}${seen}`, `Passed: ${meta.id}${seen}`];
    case 'not-applicable':
      return [`Không áp dụng: ${meta.id}${why}`, `Not applicable: ${meta.id}${why}`];
    case 'skip':
      return [`Không kiểm tra được: ${meta.id}${why}`, `Not checked: ${meta.id}${why}`];
    default: {
      const values: Record<string, string | undefined> = { actual: f.actual, expected: f.expected, field: f.location.field, ...data };
      return [fillTemplate(meta.messages.vi, values), fillTemplate(meta.messages.en, values)];
    }
  }
}

/** Cuts a template into [literal, name, literal, …, literal]. */
function cut(template: string): string[] {
  const parts: string[] = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    parts.push(template.slice(last, m.index), m[1]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}

const cuts = new Map<string, string[]>();

/** Placeholder values read back from a message made from `template` (first match of each literal); undefined if it does not fit. */
function extract(template: string, message: string, into: Record<string, string>): boolean {
  let parts = cuts.get(template);
  if (!parts) {
    if (cuts.size > 8192) cuts.clear();
    cuts.set(template, (parts = cut(template)));
  }
  if (!message.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    const literal = parts[i + 1];
    const last = i + 2 >= parts.length;
    const end = last ? (message.endsWith(literal) && message.length - literal.length >= at ? message.length - literal.length : -1) : literal === '' ? -1 : message.indexOf(literal, at);
    if (end < 0) return false;
    const value = message.slice(at, end);
    if (name !== 'actual' && name !== 'expected' && name !== 'field' && into[name] === undefined) into[name] = value;
    at = end + literal.length;
  }
  return at === message.length;
}

const sameCitation = (a: Citation, b: Citation) => a.decision === b.decision && a.clause === b.clause && a.source === b.source;

function compactFinding(f: Finding, lookup: RuleLookup): CompactFinding {
  const meta = lookup(f.ruleId);
  const out: CompactFinding = { r: f.ruleId, o: f.outcome, l: f.location };
  if (f.actual !== undefined) out.a = f.actual;
  if (f.expected !== undefined) out.e = f.expected;
  if (f.reason !== undefined) out.reason = f.reason;
  if (f.explains !== undefined) out.x = f.explains;
  if (!meta) {
    out.m = [f.message_vi, f.message_en];
    out.s = f.severity;
    out.c = f.citation;
    out.k = f.confidence;
    return out;
  }
  if (f.severity !== meta.severity) out.s = f.severity;
  if (!sameCitation(f.citation, meta.citation)) out.c = f.citation;
  if (f.confidence !== meta.confidence) out.k = f.confidence;
  let data: Record<string, string> | undefined;
  if (f.outcome !== 'pass' && f.outcome !== 'not-applicable' && f.outcome !== 'skip') {
    data = {};
    if (!extract(meta.messages.vi, f.message_vi, data) || !extract(meta.messages.en, f.message_en, data)) data = undefined;
  }
  const [vi, en] = render(meta, f, data);
  if (vi === f.message_vi && en === f.message_en) {
    if (data && Object.keys(data).length > 0) out.d = data;
  } else out.m = [f.message_vi, f.message_en];
  return out;
}

function expandFinding(c: CompactFinding, lookup: RuleLookup): Finding {
  const meta = lookup(c.r);
  const base = { outcome: c.o, actual: c.a, expected: c.e, reason: c.reason, location: c.l };
  const [vi, en] = c.m ?? (meta ? render(meta, base, c.d) : [c.r, c.r]);
  // key order as checkPackage writes it, so a stored result reads back byte-identical when serialised
  const f: Finding = {
    ruleId: c.r,
    outcome: c.o,
    severity: c.s ?? meta?.severity ?? 'error',
    message_vi: vi,
    message_en: en,
    actual: c.a,
    expected: c.e,
    citation: c.c ?? meta?.citation ?? { decision: '', clause: '' },
    confidence: c.k ?? meta?.confidence ?? 'high',
    location: c.l,
    reason: c.reason,
  };
  if (f.actual === undefined) delete f.actual;
  if (f.expected === undefined) delete f.expected;
  if (f.reason === undefined) delete f.reason;
  if (c.x !== undefined) f.explains = c.x;
  return f;
}

/** The Result reduced and deflated, for storage. */
export function compactResult(result: Result, lookup: RuleLookup): Buffer {
  // same key order as the Result (findings in place), so the expanded Result serialises identically
  const compact: Record<string, unknown> = { format: COMPACT_RESULT_FORMAT };
  for (const [k, v] of Object.entries(result)) compact[k] = k === 'findings' ? (v as Finding[]).map((f) => compactFinding(f, lookup)) : v;
  return deflateRawSync(Buffer.from(JSON.stringify(compact), 'utf8'), { level: 6 });
}

/** True for what compactResult wrote (a stored result may also be plain JSON from before). */
export function isCompactResult(stored: unknown): stored is Uint8Array {
  return stored instanceof Uint8Array;
}

/** The Result again, messages and citations rendered from the rule metadata. */
export function expandResult(stored: Uint8Array, lookup: RuleLookup): Result {
  const compact = JSON.parse(inflateRawSync(stored).toString('utf8')) as CompactResult;
  if (compact.format !== COMPACT_RESULT_FORMAT) throw new Error(`stored result: unknown format ${String(compact.format)}`);
  const result: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(compact)) if (k !== 'format') result[k] = k === 'findings' ? (v as CompactFinding[]).map((c) => expandFinding(c, lookup)) : v;
  return result as unknown as Result;
}
