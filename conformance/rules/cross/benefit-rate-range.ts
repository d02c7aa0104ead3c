/** CROSS.BENEFIT.RATE_RANGE — the percentages of a line (TYLE_TT_BH, TYLE_TT_DV, MUC_HUONG) lie between 0 and 100. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, dec, ZERO } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { loc, money, rowsOf, val } from '../../pilot/rule-helpers.ts';

const HUNDRED = dec(100);
const FIELDS: Record<string, string[]> = { XML2: ['TYLE_TT_BH', 'MUC_HUONG'], XML3: ['TYLE_TT_DV', 'TYLE_TT_BH', 'MUC_HUONG'] };
/** FIELDS as [table, fields] pairs, made once (was Object.entries per HOSO). */
const TABLE_FIELDS = Object.entries(FIELDS);

export const rule: Rule = {
  meta: {
    id: 'CROSS.BENEFIT.RATE_RANGE',
    severity: 'error',
    tables: ['XML2', 'XML3'],
    fields: ['TYLE_TT_BH', 'TYLE_TT_DV', 'MUC_HUONG'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Bảng 2 và Bảng 3, chỉ tiêu TYLE_TT_BH, TYLE_TT_DV, MUC_HUONG: tỷ lệ phần trăm (%), ghi 100 khi không quy định tỷ lệ, 0 khi ngoài phạm vi' },
    messages: { vi: '{field} = {actual} nằm ngoài khoảng 0–100; đây là tỷ lệ phần trăm, ghi số từ 0 đến 100', en: '{field} = {actual} is outside 0–100; it is a percentage, write a number from 0 to 100' },
    since: '130',
    confidence: 'high',
    description_en: 'TYLE_TT_BH, TYLE_TT_DV (XML3) and MUC_HUONG of XML2/XML3 lines are percentages: 0 ≤ value ≤ 100 (values that are not numbers are left to the field rules).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const [table, fields] of TABLE_FIELDS) {
        for (const row of rowsOf(h, table)) {
          for (const f of fields) {
            const v = money(row, f);
            if (v === undefined) continue;
            const ok = cmp(v, ZERO) >= 0 && cmp(v, HUNDRED) <= 0;
            if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : 'fail', location: loc(h, row, f), actual: val(row, f), expected: '0–100' });
          }
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const over = outpatientRecord();
  over.XML3[0].TYLE_TT_DV = '150';
  over.XML2[1].MUC_HUONG = '180';
  priceRecord(over);

  return {
    valid: [fixture('rates 100/100/80', envelopeXml([outpatientRecord()]))],
    invalid: [fixture('TYLE_TT_DV 150 and MUC_HUONG 180', envelopeXml([over]), undefined, 2)],
  };
});
