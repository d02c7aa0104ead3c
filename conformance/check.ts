/**
 * checkPackage(bytes, options) → Result: the one entry point the portal, the CLI and the tests share.
 * Pure: no network, no store, no clock (the check time comes from options.checkedAt / receivedAt, else a
 * fixed epoch). Never throws for bad input: an envelope that cannot be read becomes a Result with one failing
 * ENVELOPE.<CODE> finding; a crash inside a rule becomes an `error` finding (never a pass).
 */
import { createHash } from 'node:crypto';
import { decodePackage, EnvelopeError, layoutFromEndpoint, type DecodedPackage, type EnvelopeNotice } from './envelope/decode.ts';
import { ENVELOPE_META, listMissingMeta, withAdvice } from './envelope/rules.ts';
import type { CheckOptions, ParsedPackage } from './model.ts';
import { packageInfo } from './package-info.ts';
import { isProblem, RESULT_SCHEMA_VERSION, SummaryBuilder, type Finding, type Outcome, type Result } from './result.ts';
import { findingFromReport, internalErrorFinding, type Rule, type RuleContext, type RuleModule } from './rules/contract.ts';
import { runFieldRules, type FieldRuleDef } from './rules/field/engine.ts';
import { Listing } from './rules/field/listing.ts';
import { ruleGroups } from './rules/registry.ts';
import { PLACEHOLDER_RULE_ID } from './rules/placeholder.ts';
import { isCalendarDate } from './datetime.ts';

export const ENGINE_VERSION: string = packageInfo().version;

/** Used as checkedAt when neither options.checkedAt nor options.receivedAt is given (no clock in rules). */
export const FIXED_CHECKED_AT = '1970-01-01T00:00:00.000Z';

export interface CheckPackageOptions extends CheckOptions {
  /** shown in the Result's subject */
  fileName?: string;
  /** the time to write as checkedAt (ISO 8601); defaults to receivedAt, else FIXED_CHECKED_AT */
  checkedAt?: string;
  /** expected document kind (the endpoint decides it in the portal) */
  kind?: 'GIAMDINHHS' | 'CHECKIN';
  /** caps on listed findings (the summary counts everything): per rule id and per Result */
  maxListedPerRule?: number;
  maxListed?: number;
  /** maximum number of rows in the package (DEFAULT_MAX_ROWS) */
  maxRows?: number;
  /** maximum number of tags in the package (DEFAULT_MAX_MARKUP); also read from `limits.maxMarkup` if present */
  maxMarkup?: number;
  /** accept a bare table document (CLI: an XML1…XML15 file on its own); subject.kind is then 'TABLE' */
  allowBareTable?: boolean;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function envelopeFinding(e: EnvelopeError): Finding {
  const meta = ENVELOPE_META.get(e.code);
  const m = withAdvice(e.code, e.message_vi, e.message);
  return {
    ruleId: e.code,
    outcome: 'fail',
    severity: 'error',
    message_vi: m.vi,
    message_en: m.en,
    citation: meta?.citation ?? { decision: 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT', clause: 'Quy định chung' },
    confidence: 'high',
    location: { table: 'ENVELOPE', document: 'envelope', ...e.location },
  };
}

function noticeFinding(n: EnvelopeNotice): Finding {
  const meta = ENVELOPE_META.get(n.ruleId) ?? (n.ruleId.endsWith('.LIST_MISSING') ? listMissingMeta(n.location.table ?? '') : undefined);
  const citation = meta?.citation ?? { decision: 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT', clause: `${n.location.table ?? ''}: danh sách chỉ tiêu` };
  const m = withAdvice(n.ruleId, n.message_vi, n.message_en);
  return {
    ruleId: n.ruleId,
    outcome: n.outcome,
    severity: n.outcome === 'fail' ? 'error' : 'warning',
    message_vi: m.vi,
    message_en: m.en,
    actual: n.actual,
    expected: n.expected,
    citation,
    confidence: meta?.confidence ?? 'high',
    location: n.location,
  };
}

/** Decodes and checks one submission. Never throws. */
export function checkPackage(bytes: Uint8Array, options: CheckPackageOptions = {}): Result {
  const timings: Record<string, number> = {};
  let pkg: DecodedPackage;
  try {
    pkg = decodePackage(bytes, { kind: options.kind, endpoint: options.endpoint, layout: options.layout, maxBytes: options.limits?.maxBytes, maxDepth: options.limits?.maxDepth, allowBareTable: options.allowBareTable, maxRows: options.maxRows ?? options.limits?.maxRows, maxMarkup: options.maxMarkup ?? options.limits?.maxMarkup, timings });
  } catch (e) {
    const finding: Finding = e instanceof EnvelopeError ? envelopeFinding(e) : internalError('Lỗi nội bộ khi đọc tài liệu', 'Internal error while reading the document', e);
    const sb = new SummaryBuilder();
    sb.add(finding.ruleId, 'ENVELOPE', finding.outcome);
    const layoutId = options.layout ?? layoutFromEndpoint(options.endpoint) ?? '4750';
    for (const k of ['decode', 'parse']) timings[k] = round(timings[k] ?? 0);
    return {
      schemaVersion: RESULT_SCHEMA_VERSION,
      engineVersion: ENGINE_VERSION,
      layout: { id: layoutId, overlay1931: false, reason: 'not determined: the document could not be read' },
      profile: options.profile ?? 'default',
      subject: { kind: 'UNKNOWN', sha256: sha256Of(bytes), bytes: bytes.byteLength, fileName: options.fileName },
      findingsIncluded: options.findings ?? 'all',
      findings: [finding],
      summary: sb.summary(),
      timings,
      checkedAt: options.checkedAt ?? options.receivedAt ?? FIXED_CHECKED_AT,
    };
  }
  return checkParsed(pkg, options, timings);
}

function internalError(vi: string, en: string, err: unknown): Finding {
  return {
    ruleId: 'ENGINE.INTERNAL',
    outcome: 'error',
    severity: 'error',
    message_vi: vi,
    message_en: en,
    citation: ENVELOPE_META.get('ENGINE.INTERNAL')!.citation,
    confidence: 'high',
    location: { table: 'ENVELOPE', document: 'envelope' },
    reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  };
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Like runRule (rules/contract.ts), with the same findings, but messages are filled only for the findings
 * that are listed: in 'problems' mode a pass is only counted. Keeps hand-written rules cheap per row.
 */
/** What runListed counts into: a SummaryBuilder, or a Tally that aggregates before adding. */
export interface Counter {
  add(ruleId: string, table: string | undefined, outcome: Outcome, n?: number): void;
}

const OUTCOME_INDEX: Record<Outcome, number> = { pass: 0, fail: 1, warning: 2, 'not-applicable': 3, skip: 4, error: 5 };

/**
 * OUTCOME_INDEX[outcome] as comparisons (outcomes are interned strings: pointer compares, most common first):
 * counted once per verdict, where a keyed lookup with a varying key was a megamorphic load.
 */
function outcomeIndex(outcome: Outcome): number {
  if (outcome === 'pass') return 0;
  if (outcome === 'not-applicable') return 3;
  if (outcome === 'fail') return 1;
  if (outcome === 'warning') return 2;
  if (outcome === 'skip') return 4;
  if (outcome === 'error') return 5;
  return OUTCOME_INDEX[outcome];
}

/**
 * The six counters (indexed like OUTCOME_INDEX) of one (rule, table) pair in a Tally. Cells are linked, not held
 * in arrays: an empty array literal starts with Smi elements and changed kind on its first push, once per Tally
 * and per rule runner, which threw the optimised code of the counting functions away in a cold worker.
 */
class Cell {
  /** the next cell of the Tally, in the order cells were made */
  next: Cell | undefined = undefined;
  /** the next cell of the same rule runner in the current package (RuleRun.count) */
  nextOfRule: Cell | undefined = undefined;
  readonly counts: number[] = [0, 0, 0, 0, 0, 0];
  constructor(
    readonly ruleId: string,
    readonly table: string | undefined,
  ) {}
}

/**
 * Aggregates verdict counts per (rule, table) and adds them to a SummaryBuilder once, instead of one add() per
 * verdict (hand-written rules report a pass per row; the counts stay exact).
 */
export class Tally implements Counter {
  /** cells in the order they were first counted (the order the summary's keys are created in) */
  private first: Cell | undefined = undefined;
  private last: Cell | undefined = undefined;
  private readonly byKey = new Map<string, number[]>();
  add(ruleId: string, table: string | undefined, outcome: Outcome, n = 1): void {
    this.countsOf(ruleId, table)[outcomeIndex(outcome)] += n;
  }
  /** The six counters (indexed like OUTCOME_INDEX) of one (rule, table) cell, for callers that add many verdicts to it. */
  countsOf(ruleId: string, table: string | undefined): number[] {
    const key = table === undefined ? ruleId : `${ruleId}\u0000${table}`;
    let counts = this.byKey.get(key);
    if (!counts) this.byKey.set(key, (counts = this.newCell(ruleId, table).counts));
    return counts;
  }
  /**
   * A fresh cell for a (rule, table) pair the caller keeps itself (RuleRun, per rule), without the keyed
   * lookup. Should the same pair get a second cell (countsOf after a rule crashed), both are added to the
   * summary: the counts and the order of its keys are the same as with one cell.
   */
  newCell(ruleId: string, table: string | undefined): Cell {
    const cell = new Cell(ruleId, table);
    if (this.last === undefined) this.first = cell;
    else this.last.next = cell;
    this.last = cell;
    return cell;
  }
  flushInto(sb: SummaryBuilder): void {
    for (let c = this.first; c !== undefined; c = c.next) sb.addCounts(c.ruleId, c.table, c.counts);
    this.first = this.last = undefined;
    this.byKey.clear();
  }
}

export function runListed(rule: Rule, pkg: ParsedPackage, options: CheckOptions, all: boolean, sb: Counter, out: Finding[], listing?: Listing): void {
  runnerOf(rule).run(pkg, options, all, sb, out, listing);
}

function runnerOf(rule: Rule): RuleRun {
  let run = runners.get(rule);
  if (!run) runners.set(rule, (run = new RuleRun(rule)));
  return run;
}

/** The runners of a rule group's modules, in their order (checkParsed walks them for every package). */
const groupRunners = new WeakMap<readonly RuleModule[], RuleRun[]>();

function runnersOf(modules: readonly RuleModule[]): RuleRun[] {
  let runs = groupRunners.get(modules);
  if (!runs || runs.length !== modules.length) groupRunners.set(modules, (runs = modules.map((m) => runnerOf(m.rule))));
  return runs;
}

const NO_OPTIONS: CheckOptions = Object.freeze({});
const NO_FINDINGS: Finding[] = Object.freeze([]) as unknown as Finding[];

/** The runner of each rule, kept across packages (see RuleRun). */
const runners = new WeakMap<Rule, RuleRun>();

/**
 * Runs one rule on one package at a time, counting its verdicts. Kept per rule across packages: ~150 rules run
 * on every file, and a context with its closures built per rule per file cost more than many rules' own checks.
 * The context's report/counted stay own properties (rules and tests spread the context to wrap them).
 */
class RuleRun {
  readonly ctx: RuleContext;
  private readonly id: string;
  private readonly defaultTable: string | undefined;
  private all = false;
  private counter: Counter | undefined;
  private tally: Tally | undefined;
  private out: Finding[] = NO_FINDINGS;
  private listing: Listing | undefined;
  private busy = false;
  // A rule reports one verdict per row on one to three tables: its cells of this package are kept at hand (the
  // last one used first) instead of building the Tally key for every verdict.
  private lastTable: string | undefined;
  private lastCounts: number[] | undefined;
  private cells: Cell | undefined = undefined;

  constructor(private readonly rule: Rule) {
    const meta = rule.meta;
    this.id = meta.id;
    this.defaultTable = meta.tables[0];
    const defaultTable = this.defaultTable;
    this.ctx = {
      pkg: undefined as unknown as ParsedPackage,
      options: NO_OPTIONS,
      report: (r) => {
        const table = r.location.table ?? defaultTable;
        this.count(table, r.outcome);
        if (!this.all && !isProblem(r.outcome)) return;
        if (this.listing && !this.listing.accept(meta.id, table)) return;
        this.out.push(findingFromReport(meta, r));
      },
      counted: (outcome, table) => {
        // the same test as report's: with findings 'problems', a pass or a not-applicable is never listed
        if (this.all || isProblem(outcome)) return false;
        this.count(table ?? defaultTable, outcome);
        return true;
      },
    };
  }

  run(pkg: ParsedPackage, options: CheckOptions, all: boolean, sb: Counter, out: Finding[], listing?: Listing): void {
    // a rule that checks a package from inside its own check (none does today) gets a runner of its own
    if (this.busy) return new RuleRun(this.rule).run(pkg, options, all, sb, out, listing);
    this.busy = true;
    const ctx = this.ctx;
    ctx.pkg = pkg;
    ctx.options = options;
    this.all = all;
    this.counter = sb;
    this.tally = sb instanceof Tally ? sb : undefined;
    this.out = out;
    this.listing = listing;
    this.lastTable = undefined;
    this.lastCounts = undefined;
    this.cells = undefined;
    try {
      this.rule.check(ctx);
    } catch (err) {
      // As runRule: an internal error is never a pass.
      sb.add(this.id, this.defaultTable, 'error');
      out.push(internalErrorFinding(this.rule.meta, err, { table: this.defaultTable }));
    } finally {
      // nothing of this package stays reachable from the runner
      ctx.pkg = undefined as unknown as ParsedPackage;
      ctx.options = NO_OPTIONS;
      this.counter = this.tally = this.listing = undefined;
      this.out = NO_FINDINGS;
      this.cells = undefined;
      this.lastCounts = undefined;
      this.busy = false;
    }
  }

  private count(table: string | undefined, outcome: Outcome): void {
    const tally = this.tally;
    if (!tally) return this.counter!.add(this.id, table, outcome);
    let counts = this.lastCounts;
    if (counts === undefined || table !== this.lastTable) {
      let cell = this.cells;
      while (cell !== undefined && cell.table !== table) cell = cell.nextOfRule;
      if (cell === undefined) {
        cell = tally.newCell(this.id, table);
        cell.nextOfRule = this.cells;
        this.cells = cell;
      }
      this.lastCounts = counts = cell.counts;
      this.lastTable = table;
    }
    counts[outcomeIndex(outcome)]++;
  }
}

/** A table checked on its own (CLI, allowBareTable) has no HOSO around it: whole-package rules are skipped. */
function skippedForBareTable(meta: Rule['meta'], table: string): Rule {
  const reason = `${table} được kiểm tra riêng lẻ: quy tắc cần cả gói hồ sơ (GIAMDINHHS) / ${table} checked on its own: the rule needs the whole package (GIAMDINHHS)`;
  return { meta, check: (ctx) => ctx.report({ outcome: 'skip', location: { hoso: 0, table: meta.tables.includes(table) ? table : meta.tables[0], document: table }, reason }) };
}

const FIELD_RULE = /^XML\d+\.[A-Z0-9_]+\.(REQUIRED|TYPE|LENGTH|FORMAT|CODELIST)$/;

/**
 * One root cause, one failure, across rule groups: when a value fails a field rule (or is a placeholder
 * literal), a hand-written rule that fails or warns on the same value (same HOSO, table, row and field: e.g.
 * PILOT.IDENTITY.UNINSURED_ID on an SO_CCCD that already fails its FORMAT) is turned into not-applicable naming
 * the field finding, which lists it in `explains`. Counts move from fail/warning to not-applicable, so the
 * summary stays exact. Only listed findings can be matched (listing caps leave the rest as they are).
 */
function explainByFieldFailures(findings: Finding[], sb: SummaryBuilder, all: boolean): void {
  const key = (f: Finding) => `${f.location.hoso ?? ''}|${f.location.table ?? ''}|${f.location.row ?? ''}|${f.location.field ?? ''}`;
  const roots = new Map<string, Finding>();
  for (const f of findings) {
    if (f.outcome !== 'fail' || !f.location.field) continue;
    if (!FIELD_RULE.test(f.ruleId) && f.ruleId !== PLACEHOLDER_RULE_ID) continue;
    const k = key(f);
    if (!roots.has(k)) roots.set(k, f);
  }
  if (roots.size === 0) return;
  let removed = false;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if ((f.outcome !== 'fail' && f.outcome !== 'warning') || !f.location.field || FIELD_RULE.test(f.ruleId) || f.ruleId === PLACEHOLDER_RULE_ID) continue;
    const root = roots.get(key(f));
    if (!root) continue;
    (root.explains ??= []).push(f.ruleId);
    sb.add(f.ruleId, f.location.table, f.outcome, -1);
    sb.add(f.ruleId, f.location.table, 'not-applicable', 1);
    findings[i] = {
      ...f,
      outcome: 'not-applicable',
      severity: 'info',
      message_vi: `Không áp dụng: ${f.ruleId} — giá trị đã bị báo lỗi ở ${root.ruleId}`,
      message_en: `Not applicable: ${f.ruleId} — the value already fails ${root.ruleId}`,
      reason: `explained by ${root.ruleId}`,
    };
    removed = true;
  }
  // in 'problems' mode a not-applicable verdict is counted, not listed
  if (removed && !all) {
    let w = 0;
    for (const f of findings) if (f.outcome !== 'not-applicable') findings[w++] = f;
    findings.length = w;
  }
}

/** Rule id and table of every field-engine slot, indexed by slot (built once per compiled layout). */
const slotsByDefs = new WeakMap<readonly FieldRuleDef[], { ids: string[]; tables: string[] }>();

function slotsOf(defs: readonly FieldRuleDef[]): { ids: string[]; tables: string[] } {
  let s = slotsByDefs.get(defs);
  if (!s) {
    s = { ids: [], tables: [] };
    defs.forEach((def, i) => {
      // addSlots walks slots in order; the summary's keys must come in the order of defs
      if (def.slot !== i) throw new Error(`field rule ${def.id}: slot ${def.slot} at index ${i}`);
      s!.ids.push(def.id);
      s!.tables.push(def.table);
    });
    slotsByDefs.set(defs, s);
  }
  return s;
}

/** Runs every rule on an already decoded package. `timings` may carry decode/parse figures to keep. */
export function checkParsed(pkg: ParsedPackage, options: CheckPackageOptions = {}, timings: Record<string, number> = {}): Result {
  const all = (options.findings ?? 'all') === 'all';
  const sb = new SummaryBuilder();
  const findings: Finding[] = [];

  const listing = new Listing(options.maxListedPerRule, options.maxListed);
  const notices = (pkg as Partial<DecodedPackage>).notices ?? [];
  for (const n of notices) {
    const f = noticeFinding(n);
    sb.add(f.ruleId, f.location.table, f.outcome);
    if (listing.accept(f.ruleId, f.location.table)) findings.push(f);
  }

  // Offline, without a receipt time: measure time rules to the envelope's NGAYLAP (end of that day, Vietnam
  // time), never to the machine's clock; the timeliness verdicts say so (receivedAtFrom).
  const ngayLap = (pkg as Partial<DecodedPackage>).NGAYLAP;
  if (options.receivedAt === undefined && ngayLap && /^\d{8}$/.test(ngayLap) && isCalendarDate(ngayLap)) {
    options = { ...options, receivedAt: `${ngayLap.slice(0, 4)}-${ngayLap.slice(4, 6)}-${ngayLap.slice(6, 8)}T23:59:00+07:00`, receivedAtFrom: 'NGAYLAP' };
  }
  let t = performance.now();
  const listedBefore = findings.length;
  try {
    // the field findings go straight onto the Result's list (no copy, and no walk of a list that is empty in
    // most files: an empty array has a hidden class of its own, and a walk compiled for those gave way later)
    const field = runFieldRules(pkg, { options, all, listing, out: findings });
    const { ids, tables } = slotsOf(field.compiled.defs);
    sb.addSlots(ids, tables, field.counts);
  } catch (err) {
    // none of a failed run's findings are kept
    findings.length = listedBefore;
    // never a silent pass: the field verdicts are replaced by one error
    const f = internalError('Lỗi nội bộ khi chạy các quy tắc trường dữ liệu', 'Internal error while running the field rules', err);
    sb.add(f.ruleId, 'ENVELOPE', 'error');
    findings.push(f);
  }
  timings.field = performance.now() - t;

  const tally = new Tally();
  const bare = (pkg as Partial<DecodedPackage>).bareTable;
  for (const { group, modules } of ruleGroups()) {
    t = performance.now();
    if (bare) {
      for (const m of modules) runListed(m.rule.meta.scope === 'package' ? skippedForBareTable(m.rule.meta, bare) : m.rule, pkg, options, all, tally, findings, listing);
    } else {
      for (const run of runnersOf(modules)) run.run(pkg, options, all, tally, findings, listing);
    }
    // keys as documented on Result.timings: decode, parse, field, crossTable, signature, pilot, catalogue
    timings[group === 'cross' ? 'crossTable' : group] = performance.now() - t;
  }
  tally.flushInto(sb);
  explainByFieldFailures(findings, sb, all);
  for (const marker of listing.markers()) findings.push(marker);
  for (const k of Object.keys(timings)) timings[k] = round(timings[k]);

  const maLk = new Set<string>();
  for (const h of pkg.hoso) {
    const rows = h.byTable.get('XML1')?.rows ?? h.byTable.get('XML0')?.rows ?? [];
    for (const r of rows) if (r.MA_LK) maLk.add(r.MA_LK);
  }
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    engineVersion: ENGINE_VERSION,
    layout: { id: pkg.layout.id, overlay1931: pkg.layout.overlay1931, overlay3176: pkg.layout.overlay3176, reason: pkg.layoutReason },
    profile: options.profile ?? 'default',
    subject: { kind: (pkg as Partial<DecodedPackage>).bareTable ? 'TABLE' : pkg.kind, MACSKCB: pkg.MACSKCB, sha256: pkg.sha256, bytes: pkg.bytes, fileName: options.fileName, MA_LK: [...maLk] },
    findingsIncluded: all ? 'all' : 'problems',
    findings,
    summary: sb.take(),
    timings,
    checkedAt: options.checkedAt ?? (options.receivedAtFrom ? undefined : options.receivedAt) ?? FIXED_CHECKED_AT,
  };
}
