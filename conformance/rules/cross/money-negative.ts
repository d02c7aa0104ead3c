/** CROSS.MONEY.NEGATIVE — no negative amount in XML1 totals or XML2/XML3 lines. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { isNegative } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc, money, linesOf, rowsOf, val } from '../../pilot/rule-helpers.ts';
import type { Row } from '../../model.ts';

const XML1_MONEY = ['T_THUOC', 'T_VTYT', 'T_TONGCHI_BV', 'T_TONGCHI_BH', 'T_BNTT', 'T_BNCCT', 'T_BHTT', 'T_NGUONKHAC', 'T_BHTT_GDV'];
const LINE_MONEY = ['SO_LUONG', 'DON_GIA', 'DON_GIA_BV', 'DON_GIA_BH', 'THANH_TIEN_BV', 'THANH_TIEN_BH', 'T_TRANTT', 'T_NGUONKHAC_NSNN', 'T_NGUONKHAC_VTNN', 'T_NGUONKHAC_VTTN', 'T_NGUONKHAC_CL', 'T_NGUONKHAC', 'T_BNTT', 'T_BNCCT', 'T_BHTT'];

export const rule: Rule = {
  meta: {
    id: 'CROSS.MONEY.NEGATIVE',
    severity: 'error',
    tables: ['XML1', 'XML2', 'XML3'],
    fields: [...XML1_MONEY, ...LINE_MONEY],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, "Định dạng số thập phân" và các chỉ tiêu số tiền, số lượng, đơn giá của Bảng 1, 2, 3' },
    messages: { vi: '{field} = {actual} là số âm; hãy ghi {expected}', en: '{field} = {actual} is negative; write {expected}' },
    since: '130',
    confidence: 'high',
    description_en: 'Amounts, quantities and prices are never negative (corrections are sent as a replacement record).',
  },
  check(ctx) {
    const scan = (h: (typeof ctx.pkg.hoso)[number], row: Row, fields: string[]) => {
      let negatives = 0;
      for (const f of fields) {
        const m = money(row, f);
        if (!m || !isNegative(m)) continue;
        negatives += 1;
        ctx.report({ outcome: 'fail', location: loc(h, row, f), actual: val(row, f), expected: '≥ 0' });
      }
      // one pass verdict per row keeps the result small (85 amounts in a typical inpatient record)
      if (negatives === 0 && !ctx.counted('pass', row.table)) ctx.report({ outcome: 'pass', location: loc(h, row) });
    };
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML1')) scan(h, row, XML1_MONEY);
      for (const row of linesOf(h)) scan(h, row, LINE_MONEY);
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const neg = outpatientRecord();
  neg.XML3[0].T_BNCCT = '-7740.00';

  return {
    valid: [fixture('all amounts ≥ 0', envelopeXml([outpatientRecord()]))],
    invalid: [fixture('negative co-payment', envelopeXml([neg]))],
  };
});
