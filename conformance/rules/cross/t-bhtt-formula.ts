/** CROSS.T_BHTT.FORMULA — XML1 T_BHTT = T_TONGCHI_BH − T_BNCCT. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { sub } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, fmt2, loc, money, moneyEqual, moneyTolerance, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.T_BHTT.FORMULA',
    severity: 'error',
    tables: ['XML1'],
    fields: ['T_BHTT', 'T_TONGCHI_BH', 'T_BNCCT'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 1, chỉ tiêu T_BHTT (= T_TONGCHI_BH − T_BNCCT)' },
    messages: {
      vi: 'T_BHTT = {actual} nhưng T_TONGCHI_BH − T_BNCCT = {expected} ({bh} − {bncct}); hãy ghi T_BHTT = {expected}',
      en: 'T_BHTT = {actual} but T_TONGCHI_BH − T_BNCCT = {expected} ({bh} − {bncct}); write T_BHTT = {expected}',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML1 T_BHTT equals T_TONGCHI_BH − T_BNCCT. Medium (other sources inside the BHYT scope are not covered by the text): warning unless profile strict.',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1) continue;
      const bhtt = money(x1, 'T_BHTT');
      const bh = money(x1, 'T_TONGCHI_BH');
      const bncct = money(x1, 'T_BNCCT');
      if (!bhtt || !bh || !bncct) {
        if (!ctx.counted('not-applicable', x1.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, x1, 'T_BHTT'), reason: 'T_BHTT, T_TONGCHI_BH or T_BNCCT missing or not a decimal' });
        continue;
      }
      const expected = sub(bh, bncct);
      const ok = moneyEqual(bhtt, expected, tol);
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, 'T_BHTT'), actual: val(x1, 'T_BHTT'), expected: fmt2(expected), data: { bh: val(x1, 'T_TONGCHI_BH')!, bncct: val(x1, 'T_BNCCT')! } });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const wrong = inpatientRecord();
  wrong.XML1[0].T_BHTT = wrong.XML1[0].T_TONGCHI_BH!;

  return {
    valid: [fixture('priced records', envelopeXml([outpatientRecord(), inpatientRecord()]))],
    invalid: [fixture('co-payment not deducted', envelopeXml([wrong]), { profile: 'strict' })],
  };
});
