/** CROSS.TIME.EXECUTION_AFTER_ORDER — NGAY_TH_YL ≥ NGAY_YL on XML2/XML3 lines. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { loc, linesOf, show, when } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TIME.EXECUTION_AFTER_ORDER',
    severity: 'error',
    tables: ['XML2', 'XML3'],
    fields: ['NGAY_TH_YL', 'NGAY_YL'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 2 và Bảng 3, chỉ tiêu NGAY_TH_YL (bảng kiểm tra BHXH: phải lớn hơn hoặc bằng NGAY_YL)' },
    messages: { vi: 'NGAY_TH_YL = {actual} trước thời điểm ra y lệnh NGAY_YL = {expected}; hãy ghi thời điểm thực hiện từ {expected} trở đi', en: 'NGAY_TH_YL = {actual} is before the order time NGAY_YL = {expected}; write an execution time at or after {expected}' },
    since: '4750',
    confidence: 'high',
    description_en: 'An order is executed at or after the time it was given (NGAY_TH_YL ≥ NGAY_YL).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const row of linesOf(h)) {
        const yl = when(row, 'NGAY_YL');
        const th = when(row, 'NGAY_TH_YL');
        if (yl === undefined || th === undefined) continue;
        if (!((th >= yl) && ctx.counted('pass', row.table))) ctx.report({ outcome: th >= yl ? 'pass' : 'fail', location: loc(h, row, 'NGAY_TH_YL'), actual: show(row, 'NGAY_TH_YL'), expected: show(row, 'NGAY_YL') });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const before = inpatientRecord();
  before.XML3[1].NGAY_TH_YL = '202510060815';

  return {
    valid: [fixture('executions after orders', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('test sample taken before the order', envelopeXml([before]))],
  };
});
