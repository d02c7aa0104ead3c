/**
 * Catalogue-driven field rules. For every field of every table the catalogue gives presence, type, length,
 * format (and, via conformance/codelists, a code list); this module turns them into rule ids
 * `XMLn.FIELD.REQUIRED|TYPE|LENGTH|FORMAT|CODELIST` plus per-table `XMLn.STRUCTURE.UNKNOWN_ELEMENT|
 * DUPLICATE_ELEMENT|ORDER`, compiled once per layout, and runs them over every row.
 *
 * Speed: checkers are pre-compiled per table; passes and not-applicable verdicts are counted in a typed
 * array and become findings only when asked (`findings: 'all'`), with shared constant messages; strings are
 * built only for problems.
 */
import { checkSheetMaxLength, getLayout, QD1931_EFFECTIVE, type FieldSpec, type Layout, type TableSpec } from '../../catalogue/catalogue.ts';
import { canonicalDoiTuong, canonicalNhomMau, ICD_TT06_FROM, parentsOf, PARTIAL_LISTS, listInForce, underListedGroup, listsForField, MA_KHOA_QD1804_FROM, maKhoaList, maKhoaProblem, type CodeList, type ListChoice } from '../../codelists/index.ts';
import { isBirthDate, isCalendarDate, isDateTime12, isoToYmdVietnam } from '../../datetime.ts';
import type { CheckOptions, FieldValue, HoSo, ParsedPackage, Row } from '../../model.ts';
import type { Citation, Finding, Location, Outcome, Severity } from '../../result.ts';
import type { RuleMeta } from '../contract.ts';
import { CONDITIONS, MAX_ITEMS, type Condition, type ConditionContext } from './conditions.ts';
import type { Listing } from './listing.ts';
import { describeFormat } from './format-text.ts';
import { isPlaceholder, PLACEHOLDER_RULE_ID } from '../placeholder.ts';

export type FieldRuleKind = 'REQUIRED' | 'TYPE' | 'LENGTH' | 'FORMAT' | 'CODELIST';
export type StructureRuleKind = 'UNKNOWN_ELEMENT' | 'DUPLICATE_ELEMENT' | 'ORDER';

/** One generated rule: its metadata and its slot in the per-run counters. */
export interface FieldRuleDef {
  id: string;
  table: string;
  field?: string;
  kind: FieldRuleKind | StructureRuleKind;
  slot: number;
  meta: RuleMeta;
  /** constant messages for pass / not-applicable findings */
  pass_vi: string;
  pass_en: string;
  na_vi: string;
  na_en: string;
}

const OUTCOMES: Outcome[] = ['pass', 'fail', 'warning', 'not-applicable', 'skip', 'error'];
const O_PASS = 0;
const O_FAIL = 1;
const O_WARN = 2;
const O_NA = 3;
const O_SKIP = 4;

type Conf = 'high' | 'medium';

type CodeListKind = 'list' | 'makhoa' | 'icd' | 'doituong';

interface CompiledField {
  spec: FieldSpec;
  key: string;
  name: string;
  /** 'XML1.SO_CCCD (chỉ tiêu 5)' for Vietnamese messages, 'XML1.SO_CCCD (field 5)' for English ones */
  label: string;
  labelEn: string;
  citation: Citation;
  confidence: 'high' | 'medium';
  sep: string | null;
  required?: RequiredCheck;
  type?: TypeCheck;
  length?: LengthCheck;
  format?: FormatCheck;
  codelist?: { def: FieldRuleDef; kind: CodeListKind };
  /** what to write, for the REQUIRED message: "hãy ghi giá trị (…format…)" */
  writeVi: string;
  writeEn: string;
  /** true when the field has a TYPE, LENGTH, FORMAT or CODELIST rule */
  hasValueRules: boolean;
  /** where the counts of its value rules' passes and not-applicable verdicts are (slot * 6 + outcome) */
  passAt: number[];
  naAt: number[];
}

/**
 * REQUIRED, with its condition read once: the row loop reads `skip` and `when` of this one class, never the
 * condition objects (written as literals of several shapes in conditions.ts).
 */
interface RequiredCheck {
  def: FieldRuleDef;
  cond: Condition | undefined;
  /** the condition cannot be expressed from the row: the verdict is a skip */
  skip: boolean;
  /** required only when this holds (a conditional field) */
  when: ((row: Row, ctx: ConditionContext) => boolean) | undefined;
}
interface TypeCheck {
  def: FieldRuleDef;
  test: (v: string) => boolean;
  vi: string;
  en: string;
}
interface LengthCheck {
  def: FieldRuleDef;
  max: number;
  /** the BHXH check sheet's larger size, within which a longer value is only a warning */
  sheetMax: number | undefined;
  /** sized by the digits before the decimal point (a percentage such as MUC_HUONG) */
  integerPart: boolean;
}
/** No cap on the number of items (a small integer, as every cap: the field keeps one representation). */
const NO_ITEM_CAP = 0x3fffffff;
interface FormatCheck {
  def: FieldRuleDef;
  re: RegExp | null;
  perItem: boolean;
  /** at most this many items (NO_ITEM_CAP when the field has no cap) */
  maxItems: number;
  /** what the format asks for, in words (never the regular expression) */
  text: { vi: string; en: string };
}

interface CompiledTable {
  table: string;
  spec: TableSpec;
  fields: CompiledField[];
  orderOf: Map<string, number>;
  unknown: FieldRuleDef;
  duplicate: FieldRuleDef;
  order: FieldRuleDef;
}

export interface CompiledLayout {
  key: string;
  layout: Layout;
  tables: Map<string, CompiledTable>;
  defs: FieldRuleDef[];
  byId: Map<string, FieldRuleDef>;
}

/* ------------------------------------------------------------------ compile */

const BASE_DECISION = 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT';

function decisionFor(f: FieldSpec): string {
  let d = BASE_DECISION;
  if (f.since === '3176' || f.overlay?.by === '3176') d += ', QĐ 3176/QĐ-BYT';
  if (f.overlay?.by === '1931') d += ', QĐ 1931/QĐ-BYT';
  return d;
}

export function tableClause(table: string): string {
  return table === 'XML0' ? 'Bảng chỉ tiêu trạng thái KCB (check-in, XML0)' : `Bảng ${table.slice(3)}`;
}

const TYPE_TEXT: Record<string, { vi: string; en: string }> = {
  number: { vi: 'số nguyên (chỉ chữ số)', en: 'an integer (digits only)' },
  decimal: { vi: "số thập phân, dấu '.' ngăn cách", en: "a decimal number with '.' as separator" },
  datetime12: { vi: 'ngày giờ yyyymmddHHMM có thật', en: 'a real date-time yyyymmddHHMM' },
  date8: { vi: 'ngày yyyymmdd có thật', en: 'a real date yyyymmdd' },
  'date8|datetime12': { vi: 'ngày yyyymmdd hoặc ngày giờ yyyymmddHHMM', en: 'a date yyyymmdd or date-time yyyymmddHHMM' },
  birth12: { vi: 'ngày giờ sinh yyyymmddHHMM (tháng/ngày hoặc giờ chưa rõ ghi 0000)', en: 'a birth date-time yyyymmddHHMM (0000 for unknown month/day or time)' },
  birth8: { vi: 'ngày sinh yyyymmdd (tháng/ngày chưa rõ ghi 0000)', en: 'a birth date yyyymmdd (0000 for unknown month/day)' },
};

const DIGITS = /^\d+$/;
const NEGATIVE_ZERO = /^-0+(?:\.0+)?$/;
/** "-0.00" (negative zero, written by real HIS exports for an empty amount) is zero, not a negative amount. */
const fitsFormat = (re: RegExp, x: string): boolean => re.test(x) || (NEGATIVE_ZERO.test(x) && re.test(x.slice(1)));
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

function typeTest(f: FieldSpec): { test: (v: string) => boolean; text: { vi: string; en: string } } | undefined {
  const birth = f.name === 'NGAY_SINH';
  switch (f.type) {
    case 'number':
      return { test: (v) => DIGITS.test(v), text: TYPE_TEXT.number };
    case 'decimal':
      return { test: (v) => DECIMAL.test(v), text: TYPE_TEXT.decimal };
    case 'datetime12':
      return birth ? { test: (v) => isBirthDate(v, 'datetime12'), text: TYPE_TEXT.birth12 } : { test: isDateTime12, text: TYPE_TEXT.datetime12 };
    case 'date8':
      return birth ? { test: (v) => isBirthDate(v, 'date8'), text: TYPE_TEXT.birth8 } : { test: isCalendarDate, text: TYPE_TEXT.date8 };
    case 'date8|datetime12':
      return { test: (v) => isCalendarDate(v) || isDateTime12(v), text: TYPE_TEXT['date8|datetime12'] };
    default:
      return undefined;
  }
}

function codeListKind(key: string, name: string): CodeListKind | undefined {
  if (name === 'MA_KHOA') return 'makhoa';
  const lists = listsForField(key);
  if (lists.length === 0) return undefined;
  if (lists.some((l) => l.file.startsWith('icd10'))) return 'icd';
  if (name === 'MA_DOITUONG_KCB') return 'doituong';
  return 'list';
}

const KIND_TEXT: Record<FieldRuleKind | StructureRuleKind, { vi: string; en: string; desc: string }> = {
  REQUIRED: { vi: 'có mặt và có dữ liệu', en: 'present and non-empty', desc: 'presence (required / conditionally required)' },
  TYPE: { vi: 'đúng kiểu dữ liệu', en: 'of the right data type', desc: 'data type' },
  LENGTH: { vi: 'không vượt độ dài tối đa', en: 'within the maximum length', desc: 'maximum length in characters' },
  FORMAT: { vi: 'đúng định dạng', en: 'in the required format', desc: 'format (pattern, multi-value items)' },
  CODELIST: { vi: 'thuộc danh mục', en: 'in the code list', desc: 'value from the code list in force' },
  UNKNOWN_ELEMENT: { vi: 'không có phần tử lạ', en: 'has no unknown elements', desc: 'elements that are not catalogue fields' },
  DUPLICATE_ELEMENT: { vi: 'không có phần tử lặp', en: 'has no repeated elements', desc: 'elements repeated in one row' },
  ORDER: { vi: 'đúng thứ tự chỉ tiêu', en: 'in catalogue order', desc: 'element order (warning: real exports reorder)' },
};

function makeDef(
  defs: FieldRuleDef[],
  table: string,
  field: string | undefined,
  kind: FieldRuleKind | StructureRuleKind,
  citation: Citation,
  confidence: 'high' | 'medium',
  since: string,
): FieldRuleDef {
  const id = field ? `${table}.${field}.${kind}` : `${table}.STRUCTURE.${kind}`;
  const subject = field ? `${table}.${field}` : table;
  const k = KIND_TEXT[kind];
  const meta: RuleMeta = {
    id,
    severity: kind === 'ORDER' ? 'warning' : 'error',
    tables: [table],
    fields: field ? [field] : [],
    citation,
    // the engine writes the full message (actual and expected values included); the template passes it through
    messages: { vi: `{detail_vi}`, en: `{detail_en}` },
    since,
    confidence,
    description_en: `${subject}: ${k.desc}`,
  };
  const def: FieldRuleDef = {
    id,
    table,
    field,
    kind,
    slot: defs.length,
    meta,
    pass_vi: `${subject}: ${k.vi}`,
    pass_en: `${subject}: ${k.en}`,
    na_vi: `${subject}: không áp dụng (không có giá trị hoặc điều kiện không thỏa)`,
    na_en: `${subject}: not applicable (no value, or condition not met)`,
  };
  defs.push(def);
  return def;
}

function compileTable(spec: TableSpec, defs: FieldRuleDef[]): CompiledTable {
  const table = spec.table;
  const fields: CompiledField[] = [];
  for (const f of spec.fields) {
    const key = `${table}.${f.name}`;
    const citation: Citation = { decision: decisionFor(f), clause: `${tableClause(table)}, chỉ tiêu ${f.order} ${f.name}`, source: f.source };
    const since = f.overlay?.by === '1931' ? '1931' : f.overlay?.by === '3176' ? '3176' : f.since;
    const hint = f.format ? describeFormat(f) : typeTest(f)?.text;
    const cf: CompiledField = {
      spec: f,
      key,
      name: f.name,
      label: `${key} (chỉ tiêu ${f.order})`,
      labelEn: `${key} (field ${f.order})`,
      citation,
      confidence: f.confidence,
      // null or a separator ('' is no separator, as it was never one to split on)
      sep: f.multiValueSeparator || null,
      writeVi: hint ? `hãy ghi giá trị: ${hint.vi}` : 'hãy ghi giá trị cho chỉ tiêu này',
      writeEn: hint ? `write a value: ${hint.en}` : 'write a value for this field',
      // Every field object gets every property, set or not, so all share one hidden class: the row loop reads
      // them for every value, and objects of mixed shapes make those reads polymorphic.
      required: undefined,
      type: undefined,
      length: undefined,
      format: undefined,
      codelist: undefined,
      hasValueRules: false,
      passAt: [],
      naAt: [],
    };
    if (f.required !== 'no') {
      const cond = f.required === 'conditional' ? CONDITIONS[key] : undefined;
      const conf = cond?.kind === 'predicate' && cond.interpreted ? 'medium' : f.requiredConfidence;
      const c: Condition | undefined = f.required === 'conditional' ? (cond ?? { kind: 'skip', reason_vi: `Chưa diễn giải được điều kiện: ${f.condition_vi ?? ''}`, reason_en: `Condition not translated: ${f.condition_vi ?? ''}` }) : undefined;
      cf.required = { def: makeDef(defs, table, f.name, 'REQUIRED', citation, conf, since), cond: c, skip: c?.kind === 'skip', when: c?.kind === 'predicate' ? c.when : undefined };
    }
    const t = typeTest(f);
    if (t) cf.type = { def: makeDef(defs, table, f.name, 'TYPE', citation, f.confidence, since), test: t.test, vi: t.text.vi, en: t.text.en };
    if (f.maxLength !== null) cf.length = { def: makeDef(defs, table, f.name, 'LENGTH', citation, f.confidence, since), max: f.maxLength, sheetMax: checkSheetMaxLength(f), integerPart: f.lengthCounts === 'integer_part' };
    const maxItems = MAX_ITEMS[key];
    if (f.format || maxItems) {
      const perItem = !!f.multiValueSeparator && !!f.formatSource && !f.formatSource.includes(f.multiValueSeparator);
      cf.format = { def: makeDef(defs, table, f.name, 'FORMAT', citation, f.confidence, since), re: f.format, perItem, maxItems: maxItems || NO_ITEM_CAP, text: describeFormat(f) };
    }
    const clKind = codeListKind(key, f.name);
    if (clKind) {
      const lists = clKind === 'makhoa' ? [{ document: 'QĐ 1804/QĐ-BYT', name: maKhoaList().name, document_vi: 'QĐ 1804/QĐ-BYT', name_vi: maKhoaList().name_vi, confidence: 'medium' as const }] : listsForField(key);
      const listCitation: Citation = {
        decision: [...new Set(lists.map((l) => l.document_vi))].join('; '),
        clause: `${citation.clause}; ${[...new Set(lists.map((l) => l.name_vi))].join('; ')}`,
        source: `conformance/codelists (${clKind === 'makhoa' ? 'ma_khoa.json' : lists.map((l) => (l as { file: string }).file).join(', ')})`,
      };
      const conf = lists.every((l) => l.confidence === 'high') ? 'high' : 'medium';
      cf.codelist = { def: makeDef(defs, table, f.name, 'CODELIST', listCitation, conf, since), kind: clKind };
    }
    cf.hasValueRules = !!(cf.type || cf.length || cf.format || cf.codelist);
    for (const r of [cf.type, cf.length, cf.format, cf.codelist]) {
      if (r === undefined) continue;
      cf.passAt.push(r.def.slot * 6 + O_PASS);
      cf.naAt.push(r.def.slot * 6 + O_NA);
    }
    fields.push(cf);
  }
  const structCitation: Citation = { decision: BASE_DECISION, clause: `${tableClause(table)}: danh sách và thứ tự chỉ tiêu`, source: spec.element_source };
  return {
    table,
    spec,
    fields,
    orderOf: new Map(spec.fields.map((f) => [f.name, f.order])),
    unknown: makeDef(defs, table, undefined, 'UNKNOWN_ELEMENT', structCitation, 'high', '130'),
    duplicate: makeDef(defs, table, undefined, 'DUPLICATE_ELEMENT', structCitation, 'high', '130'),
    order: makeDef(defs, table, undefined, 'ORDER', structCitation, 'high', '130'),
  };
}

const compiledCache = new Map<string, CompiledLayout>();

/** Field rules of a layout, compiled once. */
export function compileLayout(layout: Layout): CompiledLayout {
  const key = `${layout.id}:${layout.overlay1931}:${layout.overlay3176}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const defs: FieldRuleDef[] = [];
  const tables = new Map<string, CompiledTable>();
  for (const spec of layout.tables.values()) tables.set(spec.table, compileTable(spec, defs));
  const compiled: CompiledLayout = { key, layout, tables, defs, byId: new Map(defs.map((d) => [d.id, d])) };
  // the 1931 variants of a layout must share slots (runFieldRules mixes them per HOSO)
  const twin = compiledCache.get(`${layout.id}:${!layout.overlay1931}:${layout.overlay3176}`);
  if (twin && (twin.defs.length !== defs.length || twin.defs.some((d, i) => d.id !== defs[i].id))) throw new Error(`field rules of ${key} and its 1931 twin differ in ids`);
  compiledCache.set(key, compiled);
  return compiled;
}

/* ------------------------------------------------------------------ run */

export interface FieldRunOptions {
  options: CheckOptions;
  /** emit pass/not-applicable findings too */
  all: boolean;
  /** run only these rule ids (RuleTester / single-rule runs) */
  only?: ReadonlySet<string>;
  /** caps on listed findings (counts stay exact); unlimited when absent */
  listing?: Listing;
  /** push the findings onto this array (the caller's), which the result then holds; a new array when absent */
  out?: Finding[];
}

export interface FieldRunResult {
  findings: Finding[];
  /** counts[slot * 6 + outcome] */
  counts: Int32Array;
  compiled: CompiledLayout;
}

/** "A, B, C" for the first offending element names (distinct), "…" when there are more. */
function namesOf(list: readonly { name: string }[]): string {
  const distinct: string[] = [];
  for (const e of list) {
    if (!distinct.includes(e.name)) distinct.push(e.name);
    if (distinct.length > 10) break;
  }
  return distinct.length > 10 ? `${distinct.slice(0, 10).join(', ')}, …` : distinct.join(', ');
}

/** Code points of a string (fast path: UTF-16 length is an upper bound). */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/**
 * The length of a value longer than its maximum in UTF-16 units: a percentage (MUC_HUONG) is sized by its digits
 * before the decimal point (47.5 and 100.00 fit in 3), any other value in code points.
 */
function longValueLength(len: LengthCheck, v: string): number {
  return len.integerPart && DECIMAL.test(v) ? integerDigits(v) : codePoints(v);
}

/** Digits before the decimal point of a DECIMAL value (sign left out), without building strings or arrays. */
function integerDigits(v: string): number {
  const dot = v.indexOf('.');
  return (dot < 0 ? v.length : dot) - (v.charCodeAt(0) === 45 /* '-' */ ? 1 : 0);
}

/** Reference date of a HoSo (yyyymmdd): XML1 NGAY_RA, else NGAY_VAO, else the XML0 row's, else NGAYLAP, else receipt. */
export function referenceDate(pkg: ParsedPackage, hoso: HoSo, options: CheckOptions, row?: Row): string | undefined {
  const pick = (r: Row | undefined): string | undefined => {
    if (!r) return undefined;
    for (const n of ['NGAY_RA', 'NGAY_VAO']) {
      const v = r.values.get(n)?.value;
      if (v && /^\d{8}/.test(v) && isCalendarDate(v.slice(0, 8))) return v.slice(0, 8);
    }
    return undefined;
  };
  const xml1 = hoso.byTable.get('XML1')?.rows[0];
  return pick(xml1) ?? pick(row?.table === 'XML0' ? row : hoso.byTable.get('XML0')?.rows[0]) ?? (pkg.NGAYLAP && isCalendarDate(pkg.NGAYLAP) ? pkg.NGAYLAP : undefined) ?? (options.receivedAt ? isoToYmdVietnam(options.receivedAt) : undefined);
}

type ListCache = Map<CompiledField, { refDate: string | undefined; choice: ListChoice | undefined }>;

/**
 * The state of one run and the emitters every check calls. One object per run with every field set in the
 * constructor (one hidden class); the row loop and the value checks are small functions over it, and the
 * problem reports (messages built from templates) are separate functions that run only for problems: a cold
 * worker compiles the hot part small, and a problem seen first after optimisation does not recompile it.
 */
class FieldRun {
  readonly counts: Int32Array;
  readonly findings: Finding[];
  readonly all: boolean;
  readonly only: ReadonlySet<string> | undefined;
  readonly strict: boolean;
  readonly listing: Listing | undefined;
  readonly layoutId: string;
  /** findings 'problems' and every rule: a pass or not-applicable verdict is only counted */
  readonly counting: boolean;
  readonly cctx: ConditionContext;
  hoso: number;
  table: string;
  row: Row | undefined;
  /** the finding of the value's root cause, which lists the value rules it explains */
  rootFinding: Finding | undefined;

  constructor(slots: number, run: FieldRunOptions, layoutId: string) {
    this.counts = new Int32Array(slots * 6);
    this.findings = run.out ?? [];
    this.all = run.all;
    this.only = run.only;
    this.strict = run.options.profile === 'strict';
    this.listing = run.listing;
    this.layoutId = layoutId;
    this.counting = !run.all && run.only === undefined;
    this.cctx = { refDate: undefined };
    this.hoso = 0;
    this.table = '';
    this.row = undefined;
    this.rootFinding = undefined;
  }

  want(d: FieldRuleDef): boolean {
    return this.only === undefined || this.only.has(d.id);
  }

  loc(field: string | undefined, line: number, col: number): Location {
    const row = this.row!;
    return { hoso: this.hoso, table: this.table, row: row.index, MA_LK: row.MA_LK, STT: row.STT, field, line, col, document: this.table };
  }

  /** A pass or not-applicable verdict: counted; listed (with its constant message) only with findings 'all'. */
  emitConst(def: FieldRuleDef, o: number, field: string | undefined, line: number, col: number, confidence: 'high' | 'medium', citation: Citation, vi?: string, en?: string): void {
    this.counts[def.slot * 6 + o]++;
    if (this.all) this.listConst(def, o, field, line, col, confidence, citation, vi, en);
  }

  listConst(def: FieldRuleDef, o: number, field: string | undefined, line: number, col: number, confidence: 'high' | 'medium', citation: Citation, vi: string | undefined, en: string | undefined): void {
    if (this.listing !== undefined && !this.listing.accept(def.id, this.table)) return;
    this.findings.push({
      ruleId: def.id,
      outcome: OUTCOMES[o],
      severity: 'info',
      message_vi: vi ?? (o === O_PASS ? def.pass_vi : def.na_vi),
      message_en: en ?? (o === O_PASS ? def.pass_en : def.na_en),
      citation,
      confidence,
      location: this.loc(field, line, col),
    });
  }

  problem(def: FieldRuleDef, o: number, field: string | undefined, line: number, col: number, confidence: 'high' | 'medium', citation: Citation, vi: string, en: string, actual?: string, expected?: string, reason?: string): Finding | undefined {
    // medium-confidence basis: a warning by default, a failure in the strict (certification) profile
    if (o === O_FAIL && confidence === 'medium' && !this.strict) o = O_WARN;
    this.counts[def.slot * 6 + o]++;
    if (this.listing !== undefined && !this.listing.accept(def.id, this.table)) return undefined;
    const severity: Severity = o === O_FAIL ? 'error' : o === O_WARN ? 'warning' : 'info';
    const finding: Finding = { ruleId: def.id, outcome: OUTCOMES[o], severity, message_vi: vi, message_en: en, actual, expected, citation, confidence, location: this.loc(field, line, col), reason };
    this.findings.push(finding);
    return finding;
  }

  /** a problem that can no longer be listed is only counted: its messages are never built */
  full(def: FieldRuleDef): boolean {
    return this.listing !== undefined && this.listing.isFull(def.id);
  }

  countOnly(def: FieldRuleDef, o: number, confidence: 'high' | 'medium'): void {
    if (o === O_FAIL && confidence === 'medium' && !this.strict) o = O_WARN;
    this.counts[def.slot * 6 + o]++;
    this.listing!.drop(def.id, this.table);
  }

  /**
   * A value rule whose failure another verdict already explains (one root cause, one failure): not-applicable,
   * naming the explaining rule (listed only with findings 'all', like every not-applicable verdict).
   */
  explained(def: FieldRuleDef, cf: CompiledField, line: number, col: number, reason: string): void {
    this.counts[def.slot * 6 + O_NA]++;
    if (this.rootFinding) (this.rootFinding.explains ??= []).push(def.id);
    if (this.all && (this.listing === undefined || this.listing.accept(def.id, this.table))) {
      this.findings.push({ ruleId: def.id, outcome: 'not-applicable', severity: 'info', message_vi: def.na_vi, message_en: def.na_en, citation: def.meta.citation, confidence: def.meta.confidence, location: this.loc(cf.name, line, col), reason });
    }
  }
}

export function runFieldRules(pkg: ParsedPackage, run: FieldRunOptions): FieldRunResult {
  const compiled = compileLayout(pkg.layout);
  const options = run.options;
  const st = new FieldRun(compiled.defs.length, run, pkg.layout.id);
  for (const hoso of pkg.hoso) {
    const listCache: ListCache = new Map();
    const hosoRef = referenceDate(pkg, hoso, options);
    // QĐ 1931 by this HOSO's own visit date (a package may hold visits on both sides of 2026-07-01); the two
    // variants compile to the same rule ids in the same slots, only MUC_HUONG's maximum differs.
    const hosoOverlay = hosoRef === undefined ? pkg.layout.overlay1931 : hosoRef >= QD1931_EFFECTIVE;
    const hosoCompiled = hosoOverlay === pkg.layout.overlay1931 ? compiled : compileLayout(getLayout(pkg.layout.id, hosoOverlay, pkg.layout.overlay3176));
    st.hoso = hoso.index;
    for (const file of hoso.files) {
      const ct = hosoCompiled.tables.get(file.table);
      if (!ct) continue;
      st.table = file.table;
      const rows = file.rows;
      const perRowDate = file.table === 'XML0' && rows.length > 1;
      let inOrder: string[] | undefined;
      for (const row of rows) {
        const refDate = perRowDate ? referenceDate(pkg, hoso, options, row) : hosoRef;
        st.cctx.refDate = refDate;
        st.row = row;
        inOrder = checkStructure(st, ct, row, inOrder);
        const fields = ct.fields;
        for (let i = 0; i < fields.length; i++) checkField(st, fields[i], row, refDate, listCache);
      }
    }
  }
  return { findings: st.findings, counts: st.counts, compiled };
}

/**
 * The structure rules of one row. One verdict per row and rule (naming the first offending elements and the
 * count): a flood of stray elements must not become millions of findings. Returns the element order known to
 * be in catalogue order (the rows of a table repeat the same names).
 */
function checkStructure(st: FieldRun, ct: CompiledTable, row: Row, inOrder: string[] | undefined): string[] | undefined {
  if (st.want(ct.unknown)) {
    if (row.unknownElements.length === 0) st.emitConst(ct.unknown, O_PASS, undefined, row.line, row.col, 'high', ct.unknown.meta.citation);
    else unknownProblem(st, ct, row.unknownElements);
  }
  if (st.want(ct.duplicate)) {
    if (row.duplicateElements.length === 0) st.emitConst(ct.duplicate, O_PASS, undefined, row.line, row.col, 'high', ct.duplicate.meta.citation);
    else duplicateProblem(st, ct, row.duplicateElements);
  }
  if (st.want(ct.order)) {
    // The rows of a table repeat the same element names (the same strings, see parseXml): a row whose names
    // are those of the last row found in order is in order too, without looking each name up.
    const names = row.elementOrder;
    let same = inOrder !== undefined && inOrder.length === names.length;
    for (let i = 0; same && i < names.length; i++) same = names[i] === inOrder![i];
    if (same || outOfOrder(ct, names) < 0) {
      st.emitConst(ct.order, O_PASS, undefined, row.line, row.col, 'high', ct.order.meta.citation);
      return names;
    }
    orderProblem(st, ct, row, names);
  }
  return inOrder;
}

/** Index in `names` of the first element that comes before a catalogue field it follows, else -1. */
function outOfOrder(ct: CompiledTable, names: readonly string[]): number {
  let prev = 0;
  for (let i = 0; i < names.length; i++) {
    const o = ct.orderOf.get(names[i]);
    if (o === undefined) continue;
    if (o < prev) return i;
    prev = o;
  }
  return -1;
}

function unknownProblem(st: FieldRun, ct: CompiledTable, list: Row['unknownElements']): void {
  const table = ct.table;
  const names = namesOf(list);
  st.problem(ct.unknown, O_FAIL, list[0].name, list[0].line, list[0].col, 'high', ct.unknown.meta.citation, `${table}: ${list.length} phần tử không có trong bảng chỉ tiêu (bố cục ${st.layoutId}): ${names}; hãy bỏ các phần tử này hoặc ghi đúng tên chỉ tiêu`, `${table}: ${list.length} element(s) not fields of this table (layout ${st.layoutId}): ${names}; remove them or use the field names of the catalogue`, names, 'catalogue fields only');
}

function duplicateProblem(st: FieldRun, ct: CompiledTable, list: Row['duplicateElements']): void {
  const table = ct.table;
  const names = namesOf(list);
  st.problem(ct.duplicate, O_FAIL, list[0].name, list[0].line, list[0].col, 'high', ct.duplicate.meta.citation, `${table}: ${list.length} phần tử lặp lại trong một dòng: ${names}; mỗi chỉ tiêu chỉ ghi một lần trong một dòng`, `${table}: ${list.length} element(s) repeated in one row: ${names}; write each field once per row`, names, 'each field at most once per row');
}

function orderProblem(st: FieldRun, ct: CompiledTable, row: Row, names: readonly string[]): void {
  const table = ct.table;
  const at = outOfOrder(ct, names);
  const bad = names[at];
  // the catalogue field just before it (the last known name before `bad`)
  let prevName = '';
  let prev = 0;
  for (let i = 0; i < at; i++) {
    const o = ct.orderOf.get(names[i]);
    if (o !== undefined) (prev = o), (prevName = names[i]);
  }
  const fv = row.values.get(bad)!;
  st.problem(
    ct.order,
    O_WARN,
    bad,
    fv.line,
    fv.col,
    'high',
    ct.order.meta.citation,
    `${table}: <${bad}> (chỉ tiêu ${ct.orderOf.get(bad)}) đứng sau <${prevName}> (chỉ tiêu ${prev}); nên ghi các chỉ tiêu theo thứ tự của bảng chỉ tiêu`,
    `${table}: <${bad}> (field ${ct.orderOf.get(bad)}) comes after <${prevName}> (field ${prev}); write the fields in catalogue order`,
    bad,
    `after ${prevName}: no; catalogue order`,
  );
}

/** Every rule of one field on one row. */
function checkField(st: FieldRun, cf: CompiledField, row: Row, refDate: string | undefined, listCache: ListCache): void {
  const fv = row.values.get(cf.name);
  const present = fv !== undefined && !fv.empty;
  if (present && st.counting) {
    // the common case in a batch: a value, and its passes are only counted
    if (cf.required !== undefined) st.counts[cf.required.def.slot * 6 + O_PASS]++;
    if (cf.hasValueRules) checkValue(st, cf, fv.value, fv.line, fv.col, refDate, listCache, row);
    return;
  }
  const line = fv !== undefined ? fv.line : row.line;
  const col = fv !== undefined ? fv.col : row.col;
  const r = cf.required;
  if (r !== undefined && st.want(r.def)) {
    if (present) st.emitConst(r.def, O_PASS, cf.name, line, col, r.def.meta.confidence as Conf, r.def.meta.citation);
    else checkAbsent(st, cf, r, fv, row, line, col);
  }
  if (!cf.hasValueRules) return;
  if (present) checkValue(st, cf, fv.value, line, col, refDate, listCache, row);
  else notApplicable(st, cf, line, col);
}

/** REQUIRED of a field that is missing or empty: not required here (condition), not checkable, or a failure. */
function checkAbsent(st: FieldRun, cf: CompiledField, r: RequiredCheck, fv: FieldValue | undefined, row: Row, line: number, col: number): void {
  const def = r.def;
  const conf = def.meta.confidence as Conf;
  if (r.skip) {
    if (st.full(def)) st.countOnly(def, O_SKIP, conf);
    else requiredSkipProblem(st, cf, r, fv, line, col);
    return;
  }
  if (r.when !== undefined && !r.when(row, st.cctx)) {
    st.emitConst(def, O_NA, cf.name, line, col, conf, def.meta.citation);
    return;
  }
  if (st.full(def)) st.countOnly(def, O_FAIL, conf);
  else requiredProblem(st, cf, r, fv, line, col);
}

function requiredSkipProblem(st: FieldRun, cf: CompiledField, r: RequiredCheck, fv: FieldValue | undefined, line: number, col: number): void {
  const def = r.def;
  const cond = r.cond as Extract<Condition, { kind: 'skip' }>;
  st.problem(def, O_SKIP, cf.name, line, col, def.meta.confidence as Conf, def.meta.citation, `${cf.label}: không kiểm tra được điều kiện bắt buộc`, `${cf.labelEn}: conditional presence not checkable`, fv ? '' : undefined, cf.spec.condition_vi ?? undefined, `${cond.reason_en} / ${cond.reason_vi}`);
}

function requiredProblem(st: FieldRun, cf: CompiledField, r: RequiredCheck, fv: FieldValue | undefined, line: number, col: number): void {
  const def = r.def;
  const cond = r.cond;
  const condVi = cond?.kind === 'predicate' ? ` ${cond.vi}` : '';
  const condEn = cond?.kind === 'predicate' ? ` ${cond.en}` : '';
  const vi = fv ? 'có phần tử nhưng rỗng' : 'thiếu phần tử';
  const en = fv ? 'element is empty' : 'element is missing';
  st.problem(def, O_FAIL, cf.name, line, col, def.meta.confidence as Conf, def.meta.citation, `${cf.label} bắt buộc${condVi}: ${vi}; ${cf.writeVi}`, `${cf.labelEn} is required${condEn}: ${en}; ${cf.writeEn}`, fv ? fv.value : undefined, 'present and non-empty');
}

/** The value rules of a field without a value: not applicable. */
function notApplicable(st: FieldRun, cf: CompiledField, line: number, col: number): void {
  if (st.counting) {
    const at = cf.naAt;
    for (let i = 0; i < at.length; i++) st.counts[at[i]]++;
    return;
  }
  if (cf.type !== undefined && st.want(cf.type.def)) st.emitConst(cf.type.def, O_NA, cf.name, line, col, cf.confidence, cf.citation);
  if (cf.length !== undefined && st.want(cf.length.def)) st.emitConst(cf.length.def, O_NA, cf.name, line, col, cf.confidence, cf.citation);
  if (cf.format !== undefined && st.want(cf.format.def)) st.emitConst(cf.format.def, O_NA, cf.name, line, col, cf.confidence, cf.citation);
  if (cf.codelist !== undefined && st.want(cf.codelist.def)) st.emitConst(cf.codelist.def, O_NA, cf.name, line, col, cf.codelist.def.meta.confidence as Conf, cf.codelist.def.meta.citation);
}

/** A placeholder left by the HIS (`undefined`, `null`, …) explains every value rule of the field. */
function placeholderExplained(st: FieldRun, cf: CompiledField, v: string, line: number, col: number): void {
  const reason = `explained by ${PLACEHOLDER_RULE_ID} (placeholder "${v.trim()}")`;
  st.rootFinding = undefined;
  for (const d of [cf.type?.def, cf.length?.def, cf.format?.def, cf.codelist?.def]) if (d && st.want(d)) st.explained(d, cf, line, col, reason);
}

/** The first item `test` rejects, else undefined (a loop: no closure per value). */
function firstFailing(items: readonly string[], test: (v: string) => boolean): string | undefined {
  for (let i = 0; i < items.length; i++) if (!test(items[i])) return items[i];
  return undefined;
}

/** The first item that does not fit the format, else undefined. */
function firstNotFitting(re: RegExp, items: readonly string[]): string | undefined {
  for (let i = 0; i < items.length; i++) if (!fitsFormat(re, items[i])) return items[i];
  return undefined;
}

const FORMAT_OK = 0;
const FORMAT_TOO_MANY = 1;
const FORMAT_EMPTY_ITEM = 2;
const FORMAT_PATTERN = 3;

/**
 * The value rules of a present value. Each is evaluated first, then only the root cause fails: a comma decimal
 * is a TYPE failure, not TYPE + FORMAT; a sentence in a code field is one failure, not four. Order of the
 * root: TYPE, LENGTH, FORMAT, CODELIST (the most basic explanation first); the others become not-applicable
 * naming the rule that explains them. Counts stay one verdict per rule and value.
 *
 * The evaluations have no effects, so all four run first; a value that passes them all (nearly every value)
 * is counted here, and any other goes to valueVerdicts through one call: the first problem of any kind gives
 * that call its feedback, and a kind of problem first seen after this function was optimised costs nothing.
 */
function checkValue(st: FieldRun, cf: CompiledField, v: string, line: number, col: number, refDate: string | undefined, listCache: ListCache, row: Row): void {
  // A placeholder left by the HIS (`undefined`, `null`, …) is one finding of CROSS.VALUE.PLACEHOLDER; the value
  // rules would only repeat it (and mislead: "not a number", "too long").
  if (isPlaceholder(v)) return placeholderExplained(st, cf, v, line, col);
  const sep = cf.sep;
  let items: string[] | null = null;
  // the item count is read here, for every multi-value value, not only where a capped field holds several
  // (a site first reached after the optimising compiler ran costs a deoptimisation)
  let nItems = 0;
  let emptyItem = false;
  if (sep !== null && v.includes(sep)) {
    items = v.split(sep);
    nItems = items.length;
    emptyItem = items.indexOf('') >= 0;
  }
  let ok = true;
  const t = cf.type;
  const wantType = t !== undefined && st.want(t.def);
  let typeBad: string | undefined;
  if (wantType) {
    typeBad = items !== null ? firstFailing(items, t.test) : t.test(v) ? undefined : v;
    if (typeBad !== undefined) ok = false;
  }
  const len = cf.length;
  const wantLength = len !== undefined && st.want(len.def);
  let n = 0;
  if (wantLength) {
    // Within the maximum in UTF-16 units is within it in code points and in digits before the decimal point
    // too: only a longer value is measured (one call site for the rarer measures).
    n = v.length;
    if (n > len.max) {
      n = longValueLength(len, v);
      if (n > len.max) ok = false;
    }
  }
  const fm = cf.format;
  const wantFormat = fm !== undefined && st.want(fm.def);
  let why = FORMAT_OK;
  let formatBad: string | undefined;
  if (wantFormat) {
    if (nItems > fm.maxItems) why = FORMAT_TOO_MANY;
    else if (emptyItem) why = FORMAT_EMPTY_ITEM;
    else if (fm.re !== null) {
      formatBad = fm.perItem && items !== null ? firstNotFitting(fm.re, items) : fitsFormat(fm.re, v) ? undefined : v;
      if (formatBad !== undefined) why = FORMAT_PATTERN;
    }
    if (why !== FORMAT_OK) ok = false;
  }
  const cl = cf.codelist;
  const wantCodeList = cl !== undefined && st.want(cl.def);
  const cv = wantCodeList ? checkCodeList(cf, v, items, refDate, listCache, row) : PASS_VERDICT;
  if (cv.o !== O_PASS) ok = false;
  if (!ok) return valueVerdicts(st, cf, v, items, line, col, typeBad, n, why, formatBad, cv, refDate, listCache, row);
  if (st.counting) {
    const at = cf.passAt;
    for (let i = 0; i < at.length; i++) st.counts[at[i]]++;
    return;
  }
  if (wantType) st.emitConst(t.def, O_PASS, cf.name, line, col, cf.confidence, cf.citation);
  if (wantLength) st.emitConst(len.def, O_PASS, cf.name, line, col, cf.confidence, cf.citation);
  if (wantFormat) st.emitConst(fm.def, O_PASS, cf.name, line, col, cf.confidence, cf.citation);
  // the confidence of the list in force for this visit (e.g. QĐ 1804 high, QĐ 824 medium)
  if (wantCodeList) st.emitConst(cl.def, O_PASS, cf.name, line, col, cv.confidence ?? (cl.def.meta.confidence as Conf), cl.def.meta.citation, cv.vi, cv.en);
}

/** The verdicts of a value that fails or warns on at least one value rule, in rule order, root cause first. */
function valueVerdicts(st: FieldRun, cf: CompiledField, v: string, items: string[] | null, line: number, col: number, typeBad: string | undefined, n: number, why: number, formatBad: string | undefined, checked: CodeVerdict, refDate: string | undefined, listCache: ListCache, row: Row): void {
  // the id of the rule that fails as the root cause, once one has
  let root: string | undefined;
  st.rootFinding = undefined;
  const t = cf.type;
  if (t !== undefined && st.want(t.def)) {
    if (typeBad === undefined) st.emitConst(t.def, O_PASS, cf.name, line, col, cf.confidence, cf.citation);
    else root = typeProblem(st, cf, t, typeBad, v, line, col);
  }
  const len = cf.length;
  if (len !== undefined && st.want(len.def)) {
    if (n <= len.max) st.emitConst(len.def, O_PASS, cf.name, line, col, cf.confidence, cf.citation);
    else root = lengthProblem(st, cf, len, v, n, root, line, col);
  }
  const fm = cf.format;
  if (fm !== undefined && st.want(fm.def)) {
    if (why === FORMAT_OK) st.emitConst(fm.def, O_PASS, cf.name, line, col, cf.confidence, cf.citation);
    else root = formatProblem(st, cf, fm, why, formatBad, v, items, root, line, col);
  }
  const cl = cf.codelist;
  if (cl !== undefined && st.want(cl.def)) {
    const def = cl.def;
    const cv = checked === UNRESOLVED ? resolveCodeList(cf, v, items, refDate, listCache, row) : checked;
    const conf = cv.confidence ?? (def.meta.confidence as Conf);
    if (cv.o === O_PASS) st.emitConst(def, O_PASS, cf.name, line, col, conf, def.meta.citation, cv.vi, cv.en);
    else codeListProblem(st, cf, def, cv, conf, root, v, line, col);
  }
}

/** TYPE fails: the root cause. Returns its id. */
function typeProblem(st: FieldRun, cf: CompiledField, t: TypeCheck, bad: string, v: string, line: number, col: number): string {
  if (st.full(t.def)) st.countOnly(t.def, O_FAIL, cf.confidence);
  else st.rootFinding = st.problem(t.def, O_FAIL, cf.name, line, col, cf.confidence, cf.citation, `${cf.label}: giá trị "${bad}" không đúng kiểu dữ liệu; phải ghi ${t.vi}`, `${cf.labelEn}: value "${bad}" is not of the right type; write ${t.en}`, v, t.en);
  return t.def.id;
}

/** LENGTH over the maximum (n > max). Returns the root cause's id after it (unchanged for a check-sheet warning). */
function lengthProblem(st: FieldRun, cf: CompiledField, len: LengthCheck, v: string, n: number, root: string | undefined, line: number, col: number): string | undefined {
  const def = len.def;
  const digitsOnly = len.integerPart && DECIMAL.test(v);
  const max = len.max;
  const sheetMax = len.sheetMax;
  if (digitsOnly && !root) {
    st.rootFinding = st.problem(def, O_FAIL, cf.name, line, col, cf.confidence, cf.citation, `${cf.label} có ${n} chữ số trước dấu chấm, tối đa ${max}; hãy ghi mức hưởng dạng phần trăm, ví dụ 80, 95, 100 hoặc 47.5`, `${cf.labelEn} has ${n} digits before the decimal point, maximum ${max}; write the benefit as a percentage, e.g. 80, 95, 100 or 47.5`, v, `≤ ${max} digits before the decimal point`);
    return def.id;
  }
  if (root) {
    st.explained(def, cf, line, col, `explained by ${root}`);
    return root;
  }
  if (sheetMax !== undefined && n <= sheetMax) {
    // Never stricter than the BHXH check sheet: within the sheet's size the value is accepted, with a warning
    // that it exceeds the appendix (the portal validates with the sheet).
    st.problem(def, O_WARN, cf.name, line, col, cf.confidence, cf.citation, `${cf.label} dài ${n} ký tự, vượt độ dài ${max} của phụ lục QĐ 4750 nhưng trong giới hạn ${sheetMax} của bảng kiểm tra BHXH: được chấp nhận; nên rút gọn còn tối đa ${max} ký tự`, `${cf.labelEn} is ${n} characters long: over the appendix maximum ${max} but within the BHXH check sheet's ${sheetMax}: accepted; shorten to ${max} characters if possible`, v, `≤ ${max} characters (check sheet: ≤ ${sheetMax})`, 'within the BHXH check-sheet size');
    return root;
  }
  if (st.full(def)) st.countOnly(def, O_FAIL, cf.confidence);
  else st.rootFinding = st.problem(def, O_FAIL, cf.name, line, col, cf.confidence, cf.citation, `${cf.label} dài ${n} ký tự, tối đa ${max}; hãy rút gọn còn tối đa ${max} ký tự`, `${cf.labelEn} is ${n} characters long, maximum ${max}; shorten it to at most ${max} characters`, v, `≤ ${max} characters`);
  return def.id;
}

/** FORMAT fails (`why`): explained by an earlier root cause, else the root cause. Returns the root's id. */
function formatProblem(st: FieldRun, cf: CompiledField, fm: FormatCheck, why: number, bad: string | undefined, v: string, items: string[] | null, root: string | undefined, line: number, col: number): string {
  if (root) {
    st.explained(fm.def, cf, line, col, `explained by ${root}`);
    return root;
  }
  let vi: string;
  let en: string;
  if (why === FORMAT_TOO_MANY) {
    vi = `${cf.label} có ${items!.length} giá trị, tối đa ${fm.maxItems}; hãy ghi tối đa ${fm.maxItems} giá trị`;
    en = `${cf.labelEn} holds ${items!.length} values, at most ${fm.maxItems}; write at most ${fm.maxItems} values`;
  } else if (why === FORMAT_EMPTY_ITEM) {
    vi = `${cf.label} có giá trị rỗng giữa các dấu '${cf.sep}'; hãy bỏ dấu '${cf.sep}' thừa`;
    en = `${cf.labelEn} has an empty item between '${cf.sep}' separators; remove the extra '${cf.sep}'`;
  } else {
    vi = `${cf.label} giá trị "${bad}" không đúng quy định; ${fm.text.vi.startsWith('phải ') ? fm.text.vi : `cần ghi: ${fm.text.vi}`}`;
    en = `${cf.labelEn} value "${bad}" is not as required; write ${fm.text.en}`;
  }
  st.rootFinding = st.problem(fm.def, O_FAIL, cf.name, line, col, cf.confidence, cf.citation, vi, en, v, fm.text.en);
  return fm.def.id;
}

/** CODELIST gives no pass: explained by an earlier root cause (failure or warning), else reported as it is. */
function codeListProblem(st: FieldRun, cf: CompiledField, def: FieldRuleDef, cv: CodeVerdict, conf: 'high' | 'medium', root: string | undefined, v: string, line: number, col: number): void {
  if (root && (cv.o === O_FAIL || cv.o === O_WARN)) st.explained(def, cf, line, col, `explained by ${root}`);
  else st.problem(def, cv.o, cf.name, line, col, conf, def.meta.citation, cv.vi ?? '', cv.en ?? '', v, cv.expected, cv.reason);
}

/* ------------------------------------------------------------------ code lists */

/** The verdict of a code-list check: one class, so every verdict the engine reads has one hidden class. */
class CodeVerdict {
  constructor(
    readonly o: number,
    readonly confidence: 'high' | 'medium' | undefined,
    readonly vi: string | undefined,
    readonly en: string | undefined,
    readonly expected: string | undefined,
    readonly reason: string | undefined,
  ) {}
}
const PASS_VERDICT = new CodeVerdict(O_PASS, undefined, undefined, undefined, undefined, undefined);
const PASS_HIGH = new CodeVerdict(O_PASS, 'high', undefined, undefined, undefined, undefined);
const PASS_MEDIUM = new CodeVerdict(O_PASS, 'medium', undefined, undefined, undefined, undefined);
/** MA_KHOA before QĐ 1804 applies: no machine-readable list, so the pass says it checked the syntax only. */
const PASS_SYNTAX_ONLY = new CodeVerdict(
  O_PASS,
  'medium',
  'MA_KHOA: đúng cú pháp (trước 01/08/2026 chưa có danh mục khoa dạng dữ liệu: chỉ kiểm tra cú pháp)',
  'MA_KHOA: valid syntax (before 2026-08-01 no department list is available as data: syntax only)',
  undefined,
  undefined,
);

const PASS_ICD_QD4469_ONLY = new CodeVerdict(
  O_PASS,
  'medium',
  'Mã ICD-10 có trong QĐ 4469; lượt KCB kết thúc từ 01/07/2026 áp dụng TT 06/2026 (chưa có dữ liệu danh mục): chỉ đối chiếu với QĐ 4469',
  'ICD-10 code found in QĐ 4469; episodes ending from 2026-07-01 fall under TT 06/2026 (list not available as data): checked against QĐ 4469 only',
  undefined,
  undefined,
);

/** What listMiss answers for a code under a listed upper level (the value may still pass). */
const UNDER_LISTED_GROUP = new CodeVerdict(O_PASS, undefined, undefined, undefined, undefined, undefined);

/**
 * What checkCodeList answers for a value that is not simply listed (outside the list, a list that expired, a
 * commune outside the row's province, an invalid department code): resolveCodeList works out the verdict, out
 * of the hot path, through the one call every value with a problem takes (valueVerdicts).
 */
const UNRESOLVED = new CodeVerdict(6, undefined, undefined, undefined, undefined, undefined);

/** The code-list verdict of a value that is listed (nearly every value), else UNRESOLVED. No effects. */
function checkCodeList(cf: CompiledField, v: string, items: string[] | null, refDate: string | undefined, cache: ListCache, row: Row): CodeVerdict {
  const kind = cf.codelist!.kind;
  if (kind === 'makhoa') return maKhoaValid(v, items, refDate) ? maKhoaPass(refDate) : UNRESOLVED;
  const choice = choiceFor(cf, refDate, cache);
  if (!choice) return PASS_VERDICT;
  const list = choice.list;
  if (kind !== 'icd' && choice.outOfRange && list.to !== null && refDate !== undefined && refDate > list.to) return UNRESOLVED;
  const count = items === null ? 1 : items.length;
  for (let i = 0; i < count; i++) if (!list.codes.has(items === null ? v : items[i])) return UNRESOLVED;
  if ((cf.name === 'MAXA_CU_TRU' || cf.name === 'MAHUYEN_CU_TRU') && !items && parentsDiffer(cf, v, list, row)) return UNRESOLVED;
  if (kind === 'icd' && refDate !== undefined && refDate >= ICD_TT06_FROM) return PASS_ICD_QD4469_ONLY;
  return list.confidence === 'high' ? PASS_HIGH : PASS_MEDIUM;
}

/** The list in force for the field on the date: the list depends on the field and the date only (kept per HOSO). */
function choiceFor(cf: CompiledField, refDate: string | undefined, cache: ListCache): ListChoice | undefined {
  let hit = cache.get(cf);
  if (hit === undefined || hit.refDate !== refDate) cache.set(cf, (hit = { refDate, choice: listInForce(cf.key, refDate) }));
  return hit.choice;
}

/** The verdict of a value checkCodeList left UNRESOLVED. */
function resolveCodeList(cf: CompiledField, v: string, items: string[] | null, refDate: string | undefined, cache: ListCache, row: Row): CodeVerdict {
  const kind = cf.codelist!.kind;
  if (kind === 'makhoa') return checkMaKhoa(cf, v, items, refDate);
  const choice = choiceFor(cf, refDate, cache)!;
  const list = choice.list;
  // The only list for this field expired before the visit and nothing replaced it (MAHUYEN_CU_TRU: no district
  // level from 2025-07-01, NQ 202/2025/QH15; ICD-10 has a successor, TT 06/2026, handled in listMiss): no value
  // can be checked against a list in force, so neither a silent pass nor a failure against the old list (a 3176
  // vendor validator no longer checks the field): skip.
  if (kind !== 'icd' && choice.outOfRange && list.to !== null && refDate !== undefined && refDate > list.to) return expiredList(cf, v, list, refDate);
  let underGroup = false;
  for (const x of items ?? [v]) {
    if (list.codes.has(x)) continue;
    const miss = listMiss(cf, kind, x, choice, refDate);
    if (miss !== UNDER_LISTED_GROUP) return miss;
    underGroup = true;
  }
  return listedVerdict(cf, kind, v, items, choice, refDate, underGroup, row);
}

/** Every department code of the value is valid (QĐ 1804 from 2026-08-01, before that its syntax). */
function maKhoaValid(v: string, items: string[] | null, refDate: string | undefined): boolean {
  const full = refDate !== undefined && refDate >= MA_KHOA_QD1804_FROM;
  const count = items === null ? 1 : items.length;
  for (let i = 0; i < count; i++) if (maKhoaProblem(items === null ? v : items[i], full) !== null) return false;
  return true;
}

/** Before QĐ 1804 there is no machine-readable department list (QĐ 2010 PL6 / QĐ 5937 PL5): syntax only. */
function maKhoaPass(refDate: string | undefined): CodeVerdict {
  return refDate !== undefined && refDate >= MA_KHOA_QD1804_FROM ? PASS_MEDIUM : PASS_SYNTAX_ONLY;
}

/** True when a commune/district code lies outside the province (or district) the row names (see parentMismatch). */
function parentsDiffer(cf: CompiledField, v: string, list: CodeList, row: Row): boolean {
  const parents = parentsOf(list.file, v);
  if (parents === undefined) return false;
  const tinh = row.values.get('MATINH_CU_TRU')?.value;
  if (parents.province && tinh && parents.province !== tinh) return true;
  const huyen = row.values.get('MAHUYEN_CU_TRU')?.value;
  return cf.name === 'MAXA_CU_TRU' && !!parents.district && !!huyen && parents.district !== huyen;
}

/** MA_KHOA per QĐ 1804 (from 2026-08-01), before that its syntax only. */
function checkMaKhoa(cf: CompiledField, v: string, items: string[] | null, refDate: string | undefined): CodeVerdict {
  const full = refDate !== undefined && refDate >= MA_KHOA_QD1804_FROM;
  const values = items ?? [v];
  for (const x of values) {
    const p = maKhoaProblem(x, full);
    if (p) {
      return new CodeVerdict(
        O_FAIL,
        'medium',
        `${cf.label}: mã khoa "${x}" không hợp lệ (${p.vi}${full ? '' : '; trước 01/08/2026 chỉ kiểm tra cú pháp'}); hãy ghi mã khoa theo Phụ lục 02 QĐ 1804/QĐ-BYT, ví dụ K01`,
        `${cf.labelEn}: department code "${x}" is invalid (${p.en}${full ? '' : '; before 2026-08-01 syntax only'}); write a department code of QĐ 1804/QĐ-BYT Appendix 02, e.g. K01`,
        full ? 'QĐ 1804/QĐ-BYT PL02 department code' : 'K + two digits (syntax)',
        undefined,
      );
    }
  }
  // Before QĐ 1804 there is no machine-readable department list (QĐ 2010 PL6 / QĐ 5937 PL5): syntax only.
  return full ? PASS_MEDIUM : PASS_SYNTAX_ONLY;
}

function expiredList(cf: CompiledField, v: string, list: CodeList, refDate: string): CodeVerdict {
  return new CodeVerdict(
    O_SKIP,
    list.confidence,
    `${cf.label}: danh mục ${list.name_vi} (${list.document_vi}) hết hiệu lực sau ${viDate(list.to!)}, không có danh mục thay thế; giá trị "${v}" không còn đối chiếu được — nên để trống`,
    `${cf.labelEn}: the list ${list.name} (${list.document}) ended on ${isoDate(list.to!)} with no successor; value "${v}" cannot be checked against a list in force — leave it empty`,
    'empty (no list in force on the visit date)',
    `no code list in force on ${isoDate(refDate)}`,
  );
}

/**
 * A value that is not in the list in force: UNDER_LISTED_GROUP for a deeper code under a listed upper level
 * (occupations: levels 1–2), else the verdict (a canonical spelling, an unverified code of a partial list, an
 * ICD-10 code under TT 06/2026, or a failure).
 */
function listMiss(cf: CompiledField, kind: CodeListKind, x: string, choice: ListChoice, refDate: string | undefined): CodeVerdict {
  const list = choice.list;
  const conf = list.confidence;
  // a deeper code of a hierarchical list known only to its upper levels (occupations: levels 1–2)
  if (underListedGroup(list.file, list.codes, x)) return UNDER_LISTED_GROUP;
  if (kind === 'doituong') {
    const canon = canonicalDoiTuong(x, list.codes);
    if (canon) {
      return new CodeVerdict(O_WARN, conf, `${cf.label}: "${x}" không đúng cách viết của ${list.document}, phải ghi "${canon}"`, `${cf.labelEn}: "${x}" is not written as in ${list.document}; write "${canon}"`, canon, undefined);
    }
  }
  if (cf.name === 'NHOM_MAU') {
    // no official list: a real-export spelling of a listed group is accepted, suggesting the common form
    const canon = canonicalNhomMau(x, list.codes);
    if (canon) {
      return new CodeVerdict(O_WARN, conf, `${cf.label}: "${x}" là nhóm máu ${canon}, được chấp nhận; nên ghi theo cách viết thông dụng "${canon}"`, `${cf.labelEn}: "${x}" is blood group ${canon}, accepted; write it in the common form "${canon}"`, canon, 'a spelling of a listed blood group');
    }
  }
  const partial = PARTIAL_LISTS[list.file];
  if (partial && partial.format.test(x)) {
    return new CodeVerdict(O_WARN, conf, `${cf.label}: mã "${x}" chưa kiểm chứng: ${partial.vi}`, `${cf.labelEn}: code "${x}" unverified: ${partial.en}`, list.codes.size <= 30 ? [...list.codes].join(', ') : `a code of ${list.file}`, undefined);
  }
  if (kind === 'icd' && refDate !== undefined && refDate >= ICD_TT06_FROM) {
    return new CodeVerdict(
      O_SKIP,
      conf,
      `${cf.label}: mã "${x}" không có trong QĐ 4469; lượt KCB kết thúc từ 01/07/2026 dùng TT 06/2026 (chưa có dữ liệu danh mục)`,
      `${cf.labelEn}: code "${x}" is not in QĐ 4469; episodes ending from 2026-07-01 use TT 06/2026 (list not available as data)`,
      'ICD-10 code (TT 06/2026)',
      'TT 06/2026 ICD-10 list not available: code unverified',
    );
  }
  return new CodeVerdict(
    O_FAIL,
    conf,
    `${cf.label}: giá trị "${x}" không có trong danh mục ${list.name_vi} (${list.document_vi}${choice.undated ? ', không rõ ngày lượt KCB: dùng danh mục hiện hành' : ''}); hãy ghi ${list.codes.size <= 30 ? `một trong các mã: ${[...list.codes].join(', ')}` : 'một mã có trong danh mục này'}`,
    `${cf.labelEn}: value "${x}" is not in the list ${list.name} (${list.document}${choice.undated ? '; visit date unknown: current list used' : ''}); write ${list.codes.size <= 30 ? `one of: ${[...list.codes].join(', ')}` : 'a code of this list'}`,
    list.codes.size <= 30 ? [...list.codes].join(', ') : `one of ${list.codes.size} codes of ${list.file}`,
    undefined,
  );
}

/** Every value is listed (or under a listed group): the administrative parents, then the pass. */
function listedVerdict(cf: CompiledField, kind: CodeListKind, v: string, items: string[] | null, choice: ListChoice, refDate: string | undefined, underGroup: boolean, row: Row): CodeVerdict {
  const list = choice.list;
  const conf = list.confidence;
  // a commune/district must lie in the province (and, before 2025-07-01, the district) the row names
  if ((cf.name === 'MAXA_CU_TRU' || cf.name === 'MAHUYEN_CU_TRU') && !items) {
    const wrong = parentMismatch(cf, v, list, row);
    if (wrong !== undefined) return wrong;
  }
  if (underGroup) {
    const partialList = PARTIAL_LISTS[list.file];
    if (partialList) return new CodeVerdict(O_PASS, 'medium', `${cf.label}: ${partialList.prefix_vi}`, `${cf.labelEn}: ${partialList.prefix_en}`, undefined, undefined);
  }
  // ICD-10 from 2026-07-01: TT 06/2026 is in force but not available as data; a code found in QĐ 4469 is
  // accepted on that older basis, and the verdict says so (medium), instead of claiming the list in force.
  if (kind === 'icd' && refDate !== undefined && refDate >= ICD_TT06_FROM) return PASS_ICD_QD4469_ONLY;
  return conf === 'high' ? PASS_HIGH : PASS_MEDIUM;
}

function parentMismatch(cf: CompiledField, v: string, list: CodeList, row: Row): CodeVerdict | undefined {
  const conf = list.confidence;
  const parents = parentsOf(list.file, v);
  const tinh = row.values.get('MATINH_CU_TRU')?.value;
  const huyen = row.values.get('MAHUYEN_CU_TRU')?.value;
  if (parents?.province && tinh && parents.province !== tinh) {
    return new CodeVerdict(O_FAIL, conf, `${cf.label}: mã "${v}" thuộc tỉnh ${parents.province}, không phải MATINH_CU_TRU ${tinh} (${list.document_vi}); hãy ghi mã đơn vị thuộc tỉnh ${tinh} hoặc sửa MATINH_CU_TRU`, `${cf.labelEn}: code "${v}" belongs to province ${parents.province}, not MATINH_CU_TRU ${tinh} (${list.document}); write a unit of province ${tinh} or correct MATINH_CU_TRU`, `a unit of province ${tinh}`, undefined);
  }
  if (cf.name === 'MAXA_CU_TRU' && parents?.district && huyen && parents.district !== huyen) {
    return new CodeVerdict(O_FAIL, conf, `${cf.label}: mã xã "${v}" thuộc huyện ${parents.district}, không phải MAHUYEN_CU_TRU ${huyen} (${list.document_vi}); hãy ghi mã xã thuộc huyện ${huyen} hoặc sửa MAHUYEN_CU_TRU`, `${cf.labelEn}: commune "${v}" belongs to district ${parents.district}, not MAHUYEN_CU_TRU ${huyen} (${list.document}); write a commune of district ${huyen} or correct MAHUYEN_CU_TRU`, `a commune of district ${huyen}`, undefined);
  }
  return undefined;
}

const isoDate = (ymd: string): string => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
const viDate = (ymd: string): string => `${ymd.slice(6, 8)}/${ymd.slice(4, 6)}/${ymd.slice(0, 4)}`;

export function outcomeName(o: number): Outcome {
  return OUTCOMES[o];
}
