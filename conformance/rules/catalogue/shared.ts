/**
 * The frame every CATALOGUE.* rule shares: find the package facility's catalogues (CheckOptions.catalogues), pick
 * the version in force on each line's date, judge the value, and say why when nothing can be judged. Without
 * catalogues (or without the kind the rule needs) a rule is `skip` with the reason, never a failure.
 */
import { isCalendarDate } from '../../datetime.ts';
import { KIND_VI, type CatalogueKind, type CatalogueSet, type FacilityCatalogues, type IndexedVersion } from '../../catalogues/model.ts';
import type { HoSo, ParsedPackage, Row } from '../../model.ts';
import { emptyObjectArray, failOrWarn, loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';
import type { Rule, RuleContext, RuleFixtures, RuleMeta } from '../contract.ts';

/** One value a rule judges: a field of a row (or one item of a `;` list) and the day it is judged on. */
export interface Item {
  hoso: HoSo;
  row: Row;
  field: string;
  value: string;
  /** yyyymmdd; undefined when neither the row nor XML1 carries a usable date */
  day: string | undefined;
}

export type Judgement = { ok: true; actual?: string } | { ok: false; actual: string; expected?: string; data?: Record<string, string | number> } | undefined;

export interface CatalogueRuleSpec {
  meta: Omit<RuleMeta, 'severity' | 'since' | 'scope'> & { severity?: RuleMeta['severity']; since?: string };
  kind: CatalogueKind;
  items(hoso: HoSo, x1: Row | undefined): Iterable<Item>;
  judge(item: Item, version: IndexedVersion): Judgement;
  fixtures: RuleFixtures;
}

/** yyyymmdd of the first of `names` holding a real date (yyyymmdd or yyyymmddHHMM), else undefined. */
const dayMemo = new WeakMap<Row, Map<readonly string[], string | undefined>>();

export function dayOf(row: Row | undefined, names: readonly string[]): string | undefined {
  if (!row) return undefined;
  let m = dayMemo.get(row);
  if (!m) dayMemo.set(row, (m = new Map()));
  if (m.has(names)) return m.get(names);
  const d = findDay(row, names);
  m.set(names, d);
  return d;
}

function findDay(row: Row, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = val(row, n)?.trim();
    if (v && /^\d{8}(\d{4})?$/.test(v) && isCalendarDate(v.slice(0, 8))) return v.slice(0, 8);
  }
  return undefined;
}

/** The visit's day when a row has none of its own: discharge, else admission. */
const VISIT_DATES = ['NGAY_RA', 'NGAY_VAO'];
export const visitDay = (x1: Row | undefined): string | undefined => dayOf(x1, VISIT_DATES);

/** The `;` items of a field (trimmed, empty items dropped). */
export function listItems(row: Row, field: string): string[] {
  const v = val(row, field);
  if (v === undefined) return [];
  const out: string[] = [];
  for (const s of v.split(';')) {
    const t = s.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/** Items of the given fields of every row of a table, each judged on the row's own date (else the visit's). */
export function* fieldItems(hoso: HoSo, x1: Row | undefined, table: string, fields: readonly string[], dateFields: readonly string[], split = true): Iterable<Item> {
  const fallback = visitDay(x1);
  for (const row of rowsOf(hoso, table)) {
    const day = dayOf(row, dateFields) ?? fallback;
    for (const field of fields) {
      const values = split ? listItems(row, field) : [val(row, field)?.trim() ?? ''].filter((s) => s !== '');
      for (const value of values) yield { hoso, row, field, value, day };
    }
  }
}

/** yyyymmdd → dd/mm/yyyy for messages. */
export const showDay = (d: string | undefined): string => (d && d.length === 8 ? `${d.slice(6, 8)}/${d.slice(4, 6)}/${d.slice(0, 4)}` : '?');

/** The facility a package is judged for: its envelope's MACSKCB, XML1's MA_CSKCB, the portal account, or the only facility loaded. */
export function facilityOf(pkg: ParsedPackage, set: CatalogueSet, account: string | undefined): string | undefined {
  if (pkg.MACSKCB) return pkg.MACSKCB.trim();
  for (const h of pkg.hoso) {
    const c = val(xml1Of(h), 'MA_CSKCB')?.trim();
    if (c) return c;
  }
  if (account) return account;
  const codes = set.facilityCodes();
  return codes.length === 1 ? codes[0] : undefined;
}

const NO_CATALOGUES_EN = 'no facility catalogues were given (sskdt-lab catalogue import, or check --catalogue)';
const NO_CATALOGUES_VI = 'chưa nạp danh mục của cơ sở (sskdt-lab catalogue import, hoặc check --catalogue)';

/** Nothing to judge with: one verdict for the package (not one per record or line), on the envelope. */
function skipAll(ctx: RuleContext, first: HoSo, reason: string, reason_vi: string): void {
  ctx.report({ outcome: 'skip', location: { table: 'ENVELOPE', document: 'envelope', line: first.line }, reason, reason_vi });
}

export function catalogueRule(spec: CatalogueRuleSpec): Rule {
  const meta: RuleMeta = { severity: 'error', since: '4750', ...spec.meta, scope: 'table' };
  const kindVi = KIND_VI[spec.kind];
  return {
    meta,
    check(ctx: RuleContext) {
      const { pkg, options } = ctx;
      // the HOSOs with one of the rule's tables: a loop onto an array of objects' elements kind, and no closure per
      // package (every file runs every catalogue rule, most of them only to skip)
      const relevant = emptyObjectArray<HoSo>();
      for (const h of pkg.hoso) {
        for (const t of meta.tables) {
          if (h.byTable.has(t)) {
            relevant.push(h);
            break;
          }
        }
      }
      if (relevant.length === 0) return;
      const set = options.catalogues;
      if (!set) return skipAll(ctx, relevant[0], NO_CATALOGUES_EN, NO_CATALOGUES_VI);
      const facility = facilityOf(pkg, set, options.facility);
      const fc: FacilityCatalogues | undefined = set.forFacility(facility);
      if (!fc || !fc.has(spec.kind)) {
        return skipAll(ctx, relevant[0], `no ${spec.kind} catalogue loaded for facility ${facility ?? '(unknown)'}`, `chưa nạp ${kindVi} của cơ sở ${facility ?? '(không rõ)'}`);
      }
      const verdict = failOrWarn(meta.confidence, options);
      // a pass is only counted unless every verdict is listed: no full location for it then (thousands per package)
      const listPasses = (options.findings ?? 'all') === 'all';
      for (const h of relevant) {
        const x1 = xml1Of(h);
        let skipped = false;
        for (const it of spec.items(h, x1)) {
          const version = it.day === undefined ? undefined : fc.versionOn(spec.kind, it.day);
          if (!version) {
            if (!skipped) {
              skipped = true;
              const reason = it.day === undefined ? `${it.field} has no date to choose the catalogue version by` : `the ${spec.kind} catalogue of ${fc.facility} applies from ${showDay(fc.earliest(spec.kind))}, after ${showDay(it.day)}`;
              const reason_vi = it.day === undefined ? `không có ngày để chọn phiên bản danh mục cho ${it.field}` : `${kindVi} của cơ sở ${fc.facility} chỉ áp dụng từ ${showDay(fc.earliest(spec.kind))}, sau ngày ${showDay(it.day)}`;
              ctx.report({ outcome: 'skip', location: loc(h, it.row, it.field), actual: it.value, reason, reason_vi });
            }
            continue;
          }
          const j = spec.judge(it, version);
          if (!j) continue;
          if (j.ok) ctx.report({ outcome: 'pass', location: listPasses ? loc(h, it.row, it.field) : { hoso: h.index, table: it.row.table }, actual: j.actual ?? it.value });
          else
            ctx.report({
              ...verdict,
              location: loc(h, it.row, it.field),
              actual: j.actual,
              expected: j.expected,
              data: { day: showDay(it.day), facility: fc.facility, since: showDay(version.version.effectiveFrom), ...j.data },
            });
        }
      }
    },
  };
}

/** Citation shared by the catalogue rules: the field texts of QĐ 130 (4750) and the facility's declared catalogues. */
export const CATALOGUE_DECISION = 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT; danh mục cơ sở KCB khai báo với BHXH (Mẫu số 02/DM–06/DM)';
