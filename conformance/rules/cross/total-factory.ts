/**
 * Shared shape of the XML1 total rules (CROSS.T_*.SUM): an XML1 total equals the sum of a field over the
 * XML2/XML3 lines that belong to it. Each total is its own rule module (stable id, own fixtures).
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { add, ZERO } from '../../decimal.ts';
import type { Row } from '../../model.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord, type FixtureRecord } from '../fixtures-kit.ts';
import { decimalOf, failOrWarn, fmt2, loc, money, moneyEqual, moneyTolerance, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

export interface TotalSpec {
  total: string;
  lineField: string;
  tables: ('XML2' | 'XML3')[];
  /** which lines count (default all) */
  pick?: (table: string, row: Row) => boolean;
  pickText_vi: string;
  pickText_en: string;
  clause: string;
  confidence: 'high' | 'medium';
  /** breaks the total in the invalid fixture */
  breakRecord: (rec: FixtureRecord) => void;
}

export function totalRule(spec: TotalSpec): { rule: Rule; fixtures: RuleFixtures } {
  const rule: Rule = {
    meta: {
      id: `CROSS.${spec.total}.SUM`,
      severity: 'error',
      scope: 'package',
      tables: ['XML1', ...spec.tables],
      fields: [spec.total, spec.lineField],
      citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: spec.clause },
      messages: {
        vi: `XML1 ${spec.total} = {actual} nhưng tổng ${spec.lineField} ${spec.pickText_vi} = {expected} ({count} dòng); hãy ghi XML1 ${spec.total} bằng tổng các dòng`,
        en: `XML1 ${spec.total} = {actual} but the sum of ${spec.lineField} ${spec.pickText_en} is {expected} ({count} lines); write XML1 ${spec.total} as the sum of the lines`,
      },
      since: '130',
      confidence: spec.confidence,
      description_en: `XML1 ${spec.total} equals Σ ${spec.lineField} ${spec.pickText_en} (exact decimal; tolerance option money.tolerance, default 0).`,
    },
    check(ctx) {
      const tol = moneyTolerance(ctx.options);
      const verdict = failOrWarn(spec.confidence, ctx.options);
      for (const h of ctx.pkg.hoso) {
        const x1 = xml1Of(h);
        if (!x1) continue;
        const total = money(x1, spec.total);
        if (!total) {
          if (!ctx.counted('not-applicable', x1.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, x1, spec.total), reason: `${spec.total} missing or not a decimal (reported by the field rules)` });
          continue;
        }
        // One pass over the lines (this body runs for ten totals per HOSO): count them, find the unreadable ones,
        // and add the readable values in line order (an absent value adds 0).
        // A line value that is there but not a decimal (`143,2`) is failed by the field rules; adding it as 0
        // would blame a total that may well be right: the sum cannot be computed, so it is skipped.
        let count = 0;
        let unreadable = 0;
        let first: Row | undefined;
        let expected = ZERO;
        for (const t of spec.tables) {
          for (const r of rowsOf(h, t)) {
            if (spec.pick && !spec.pick(t, r)) continue;
            count++;
            const v = val(r, spec.lineField);
            if (v === undefined) continue;
            const d = decimalOf(v);
            if (d !== undefined) expected = add(expected, d);
            else if (v.trim() !== '') {
              unreadable++;
              first ??= r;
            }
          }
        }
        if (first !== undefined) {
          ctx.report({
            outcome: 'skip',
            location: loc(h, x1, spec.total),
            reason: `${unreadable} line(s) with an unreadable ${spec.lineField} (first: ${first.table} row ${first.index + 1}, "${val(first, spec.lineField)}"), reported by the field rules: the sum cannot be computed`,
            reason_vi: `${unreadable} dòng có ${spec.lineField} không đọc được thành số (đầu tiên: ${first.table} dòng ${first.index + 1}, "${val(first, spec.lineField)}"), đã báo ở quy tắc trường: không tính được tổng`,
          });
          continue;
        }
        const ok = moneyEqual(total, expected, tol);
        if (!(ok && ctx.counted('pass', x1.table))) ctx.report({
          outcome: ok ? 'pass' : verdict.outcome,
          severity: ok ? undefined : verdict.severity,
          location: loc(h, x1, spec.total),
          actual: val(x1, spec.total),
          expected: fmt2(expected),
          data: { count },
        });
      }
    },
  };
  const fixtures = lazyFixtures(() => {
    const broken = inpatientRecord();
    spec.breakRecord(broken);
    return {
      valid: [fixture('priced outpatient and inpatient records', envelopeXml([outpatientRecord(), inpatientRecord()]))],
      invalid: [fixture(`${spec.total} differs from its lines`, envelopeXml([broken]), spec.confidence === 'medium' ? { profile: 'strict' } : undefined)],
    };
  });
  return { rule, fixtures };
}

export const SUPPLY_GROUPS = new Set(['10', '11']);
