/** CROSS.LINE.T_NGUONKHAC — per line, T_NGUONKHAC = NSNN + VTNN + VTTN + CL. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { add, ZERO } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { fmt2, loc, money, moneyEqual, moneyTolerance, linesOf, val } from '../../pilot/rule-helpers.ts';

const PARTS = ['T_NGUONKHAC_NSNN', 'T_NGUONKHAC_VTNN', 'T_NGUONKHAC_VTTN', 'T_NGUONKHAC_CL'];

export const rule: Rule = {
  meta: {
    id: 'CROSS.LINE.T_NGUONKHAC',
    severity: 'error',
    tables: ['XML2', 'XML3'],
    fields: ['T_NGUONKHAC', ...PARTS],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 2 và Bảng 3, chỉ tiêu T_NGUONKHAC (= T_NGUONKHAC_NSNN + T_NGUONKHAC_VTNN + T_NGUONKHAC_VTTN + T_NGUONKHAC_CL)' },
    messages: {
      vi: 'T_NGUONKHAC = {actual} nhưng tổng bốn nguồn (NSNN + VTNN + VTTN + CL) = {expected}; hãy ghi T_NGUONKHAC = {expected}',
      en: 'T_NGUONKHAC = {actual} but the four sources (NSNN + VTNN + VTTN + CL) add up to {expected}; write T_NGUONKHAC = {expected}',
    },
    since: '130',
    confidence: 'high',
    description_en: 'On each XML2/XML3 line, T_NGUONKHAC equals the sum of its four parts (missing part = 0).',
  },
  check(ctx) {
    const tol = moneyTolerance(ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of linesOf(h)) {
        const total = money(row, 'T_NGUONKHAC');
        if (!total) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'T_NGUONKHAC'), reason: 'T_NGUONKHAC missing or not a decimal' });
          continue;
        }
        let expected = ZERO;
        for (const p of PARTS) expected = add(expected, money(row, p) ?? ZERO);
        const ok = moneyEqual(total, expected, tol);
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : 'fail', location: loc(h, row, 'T_NGUONKHAC'), actual: val(row, 'T_NGUONKHAC'), expected: fmt2(expected) });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const funded = outpatientRecord();
  Object.assign(funded.XML3[1], { T_NGUONKHAC_NSNN: '0.1', T_NGUONKHAC_VTTN: '0.2', T_NGUONKHAC: '0.30' });
  const wrong = outpatientRecord();
  Object.assign(wrong.XML3[1], { T_NGUONKHAC_NSNN: '1000', T_NGUONKHAC_CL: '500', T_NGUONKHAC: '1000' });

  return {
    valid: [fixture('no other sources', envelopeXml([outpatientRecord()])), fixture('0.1 + 0.2 = 0.30 exactly', envelopeXml([funded]))],
    invalid: [fixture('CL part left out of the total', envelopeXml([wrong]))],
  };
});
