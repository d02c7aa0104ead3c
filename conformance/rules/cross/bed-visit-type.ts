/**
 * Shared shape of the bed-day-by-visit-type rules (CROSS.BED.OUTPATIENT, CROSS.BED.UNDER_4H, CROSS.BED.DAY_STAY):
 * a visit type that cannot bill a bed-day group. Each rule is its own module (stable id, own fixtures).
 */
import type { Rule, RuleFixtures } from '../contract.ts';
import { cmp, toPlain, ZERO } from '../../decimal.ts';
import { failOrWarn, loc, xml1Of } from '../../pilot/rule-helpers.ts';
import { bedDaysOf, bedLines, groupOf, typeOf } from './claim-helpers.ts';

export const BED_CITATION_DECISION = 'TT 39/2018/TT-BYT (sửa đổi bởi TT 13/2019/TT-BYT, TT 22/2023/TT-BYT) về giá dịch vụ KCB BHYT; QĐ 5937/QĐ-BYT Phụ lục 3 (MA_NHOM 14/15/16); QĐ 1804/QĐ-BYT (MA_LOAI_KCB)';

export interface BedByTypeSpec {
  id: string;
  /** visit type → bed groups it cannot bill */
  forbidden: Record<string, ReadonlySet<string>>;
  clause: string;
  /** why, in Vietnamese and English, for the message */
  why_vi: string;
  why_en: string;
  description_en: string;
  fixtures: RuleFixtures;
}

export function bedByTypeRule(spec: BedByTypeSpec): Rule {
  return {
    meta: {
      id: spec.id,
      severity: 'error',
      tables: ['XML1', 'XML3'],
      fields: ['MA_LOAI_KCB', 'MA_NHOM', 'SO_LUONG', 'TYLE_TT_DV'],
      citation: { decision: BED_CITATION_DECISION, clause: spec.clause },
      messages: {
        vi: `Dòng ngày giường MA_NHOM {actual} (số ngày {days}) trong lượt KCB có MA_LOAI_KCB {type}: ${spec.why_vi}`,
        en: `Bed-day line MA_NHOM {actual} ({days} days) in a visit with MA_LOAI_KCB {type}: ${spec.why_en}`,
      },
      since: '130',
      confidence: 'medium',
      description_en: `${spec.description_en} Lines billing zero bed-days (quantity 0, a department's share of a split day) are not counted. Medium (the cost-group names of QĐ 5937 PL3 were read from HIS implementations, not the appendix): warning unless profile strict.`,
    },
    check(ctx) {
      const verdict = failOrWarn('medium', ctx.options);
      for (const h of ctx.pkg.hoso) {
        const x1 = xml1Of(h);
        const type = typeOf(x1);
        const forbidden = spec.forbidden[type];
        if (!x1 || !forbidden) continue;
        for (const row of bedLines(h)) {
          const days = bedDaysOf(row);
          const ok = !forbidden.has(groupOf(row)) || cmp(days, ZERO) <= 0;
          if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'MA_NHOM'), actual: groupOf(row), expected: `không có ngày giường ${[...forbidden].join('/')}`, data: { type, days: toPlain(days) } });
        }
      }
    },
  };
}
