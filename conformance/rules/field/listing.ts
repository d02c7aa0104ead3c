/**
 * Caps on how many findings a Result lists (the summary still counts every verdict). Without them a hostile or
 * broken package (say 200,000 empty rows) turns into millions of finding objects and gigabytes of memory.
 * Every rule whose listing was cut gets one ENGINE.LISTING_TRUNCATED marker saying how many were left out.
 */
import type { Finding } from '../../result.ts';

/** Listed findings per rule id (a long stay with thousands of lines stays whole below this). */
export const DEFAULT_MAX_LISTED_PER_RULE = 5_000;
/** Listed findings per Result. */
export const DEFAULT_MAX_LISTED = 200_000;

export const TRUNCATED_RULE_ID = 'ENGINE.LISTING_TRUNCATED';

export class Listing {
  private readonly perRule = new Map<string, number>();
  private readonly dropped = new Map<string, { n: number; table?: string }>();
  private total = 0;
  constructor(
    readonly maxPerRule = DEFAULT_MAX_LISTED_PER_RULE,
    readonly maxTotal = DEFAULT_MAX_LISTED,
  ) {}

  /** True when no further finding of this rule can be listed (callers then skip building its messages). */
  isFull(ruleId: string): boolean {
    return this.total >= this.maxTotal || (this.perRule.get(ruleId) ?? 0) >= this.maxPerRule;
  }

  /** Records a finding that was not listed. */
  drop(ruleId: string, table?: string): void {
    const d = this.dropped.get(ruleId);
    if (d) d.n++;
    else this.dropped.set(ruleId, { n: 1, table });
  }

  /** True when a finding of this rule may still be listed (and counts it); false records it as dropped. */
  accept(ruleId: string, table?: string): boolean {
    const n = this.perRule.get(ruleId) ?? 0;
    if (n >= this.maxPerRule || this.total >= this.maxTotal) {
      const d = this.dropped.get(ruleId);
      if (d) d.n++;
      else this.dropped.set(ruleId, { n: 1, table });
      return false;
    }
    this.perRule.set(ruleId, n + 1);
    this.total++;
    return true;
  }

  /** One marker per rule whose listing was cut (not counted in the summary: it is about the listing, not the data). */
  markers(): Finding[] {
    const out: Finding[] = [];
    for (const [ruleId, { n, table }] of this.dropped) {
      out.push({
        ruleId: TRUNCATED_RULE_ID,
        outcome: 'skip',
        severity: 'info',
        message_vi: `${n} kết quả khác của ${ruleId} không được liệt kê (giới hạn ${this.maxPerRule} mỗi quy tắc, ${this.maxTotal} mỗi báo cáo); phần tóm tắt vẫn đếm đủ`,
        message_en: `${n} further findings of ${ruleId} are not listed (limit ${this.maxPerRule} per rule, ${this.maxTotal} per result); the summary counts all of them`,
        actual: String(n),
        citation: { decision: 'Quy định của phòng thử nghiệm (giới hạn báo cáo)', clause: 'Số kết quả liệt kê tối đa', source: 'conformance/rules/field/listing.ts' },
        confidence: 'high',
        location: { table },
        reason: `listing of ${ruleId} truncated: ${n} not listed`,
      });
    }
    return out;
  }
}
