/** CROSS.TIME.ORDER_IN_STAY — orders (NGAY_YL) and their execution (NGAY_TH_YL) of XML2/XML3 fall within the stay. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, linesOf, show, stayOf, when } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TIME.ORDER_IN_STAY',
    severity: 'error',
    tables: ['XML1', 'XML2', 'XML3'],
    fields: ['NGAY_YL', 'NGAY_TH_YL'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 2 và Bảng 3, chỉ tiêu NGAY_YL, NGAY_TH_YL (y lệnh trong đợt KCB từ NGAY_VAO đến NGAY_RA của Bảng 1)' },
    messages: { vi: '{field} = {actual} nằm ngoài đợt KCB ({expected}); hãy ghi thời điểm trong đợt KCB', en: '{field} = {actual} lies outside the visit ({expected}); write a time within the visit' },
    since: '130',
    confidence: 'medium',
    description_en: 'NGAY_YL and NGAY_TH_YL of every XML2/XML3 line lie between XML1 NGAY_VAO and NGAY_RA. Medium (practice of the BHXH checks): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      if (!stay) continue;
      for (const row of linesOf(h)) {
        for (const f of ['NGAY_YL', 'NGAY_TH_YL']) {
          const t = when(row, f);
          if (t === undefined) continue;
          const ok = t >= stay.vao && t <= stay.ra;
          if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, f), actual: show(row, f), expected: stay.window });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const late = inpatientRecord();
  late.XML2[0].NGAY_YL = '202510111000';
  late.XML2[0].NGAY_TH_YL = '202510111030';

  return {
    valid: [fixture('orders within the stay', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('drug ordered after discharge', envelopeXml([late]), { profile: 'strict' }, 2)],
  };
});
