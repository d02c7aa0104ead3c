/** CROSS.TIME.RESULT_AFTER_ORDER — results (NGAY_KQ) come at or after the order (NGAY_YL), XML3 and XML4. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, show, val, when } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TIME.RESULT_AFTER_ORDER',
    severity: 'error',
    tables: ['XML3', 'XML4'],
    fields: ['NGAY_KQ', 'NGAY_YL'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 3 chỉ tiêu NGAY_KQ (bảng kiểm tra BHXH: ≥ NGAY_YL); Bảng 4 chỉ tiêu NGAY_KQ của dịch vụ cận lâm sàng đã chỉ định ở Bảng 3' },
    messages: { vi: 'NGAY_KQ = {actual} trước thời điểm chỉ định NGAY_YL = {expected}; hãy ghi thời điểm có kết quả từ {expected} trở đi', en: 'NGAY_KQ = {actual} is before the order time NGAY_YL = {expected}; write a result time at or after {expected}' },
    since: '4750',
    confidence: 'high',
    description_en: 'XML3 NGAY_KQ ≥ its NGAY_YL; XML4 NGAY_KQ ≥ the earliest NGAY_YL of the XML3 line with the same MA_DICH_VU.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const orderedAt = new Map<string, { t: number; text: string }>();
      for (const row of rowsOf(h, 'XML3')) {
        const yl = when(row, 'NGAY_YL');
        const kq = when(row, 'NGAY_KQ');
        const code = val(row, 'MA_DICH_VU');
        if (yl !== undefined && code) {
          const prev = orderedAt.get(code);
          if (!prev || yl < prev.t) orderedAt.set(code, { t: yl, text: show(row, 'NGAY_YL') });
        }
        if (yl === undefined || kq === undefined) continue;
        if (!((kq >= yl) && ctx.counted('pass', row.table))) ctx.report({ outcome: kq >= yl ? 'pass' : 'fail', location: loc(h, row, 'NGAY_KQ'), actual: show(row, 'NGAY_KQ'), expected: show(row, 'NGAY_YL') });
      }
      for (const row of rowsOf(h, 'XML4')) {
        const kq = when(row, 'NGAY_KQ');
        const order = orderedAt.get(val(row, 'MA_DICH_VU') ?? '');
        if (kq === undefined || !order) continue;
        if (!((kq >= order.t) && ctx.counted('pass', row.table))) ctx.report({ outcome: kq >= order.t ? 'pass' : 'fail', location: loc(h, row, 'NGAY_KQ'), actual: show(row, 'NGAY_KQ'), expected: order.text });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const early = outpatientRecord();
  early.XML4[0].NGAY_KQ = '202510060800';
  early.XML3[1].NGAY_KQ = '202510060800';

  return {
    valid: [fixture('results after orders', envelopeXml([outpatientRecord()]))],
    invalid: [fixture('result before the order in XML3 and XML4', envelopeXml([early]), undefined, 2)],
  };
});
