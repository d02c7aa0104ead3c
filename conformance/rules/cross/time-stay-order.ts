/** CROSS.TIME.STAY_ORDER — NGAY_VAO ≤ NGAY_VAO_NOI_TRU ≤ NGAY_RA (XML1). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { checkinRow, checkinXml, envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, show, when, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TIME.STAY_ORDER',
    severity: 'error',
    tables: ['XML1', 'XML0'],
    fields: ['NGAY_VAO', 'NGAY_VAO_NOI_TRU', 'NGAY_RA'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 1 và Bảng 0, chỉ tiêu NGAY_VAO_NOI_TRU (≥ NGAY_VAO, bảng kiểm tra BHXH) và NGAY_RA' },
    messages: { vi: '{field} = {actual}; phải ghi {field} {expected}', en: '{field} = {actual}; write {field} {expected}' },
    since: '4750',
    confidence: 'high',
    description_en: 'Admission, inpatient admission and discharge are in order: NGAY_VAO ≤ NGAY_VAO_NOI_TRU ≤ NGAY_RA, and NGAY_VAO ≤ NGAY_RA (XML1); NGAY_VAO_NOI_TRU ≥ NGAY_VAO in the check-in (XML0).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      // XML0 (check-in) has no NGAY_RA: only NGAY_VAO_NOI_TRU ≥ NGAY_VAO applies.
      for (const row of rowsOf(h, 'XML0')) {
        const vao = when(row, 'NGAY_VAO');
        const noiTru = when(row, 'NGAY_VAO_NOI_TRU');
        if (vao === undefined || noiTru === undefined) continue;
        if (!((noiTru >= vao) && ctx.counted('pass', row.table))) ctx.report({ outcome: noiTru >= vao ? 'pass' : 'fail', location: loc(h, row, 'NGAY_VAO_NOI_TRU'), actual: show(row, 'NGAY_VAO_NOI_TRU'), expected: `≥ NGAY_VAO ${show(row, 'NGAY_VAO')}` });
      }
      const x1 = xml1Of(h);
      if (!x1) continue;
      const vao = when(x1, 'NGAY_VAO');
      const noiTru = when(x1, 'NGAY_VAO_NOI_TRU');
      const ra = when(x1, 'NGAY_RA');
      if (vao === undefined || ra === undefined) {
        if (!ctx.counted('not-applicable', x1.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, x1, 'NGAY_RA'), reason: 'NGAY_VAO or NGAY_RA missing or not a date (reported by the field rules)' });
        continue;
      }
      if (!((vao <= ra) && ctx.counted('pass', x1.table))) ctx.report({ outcome: vao <= ra ? 'pass' : 'fail', location: loc(h, x1, 'NGAY_RA'), actual: show(x1, 'NGAY_RA'), expected: `≥ NGAY_VAO ${show(x1, 'NGAY_VAO')}` });
      if (noiTru !== undefined) {
        if (!((noiTru >= vao) && ctx.counted('pass', x1.table))) ctx.report({ outcome: noiTru >= vao ? 'pass' : 'fail', location: loc(h, x1, 'NGAY_VAO_NOI_TRU'), actual: show(x1, 'NGAY_VAO_NOI_TRU'), expected: `≥ NGAY_VAO ${show(x1, 'NGAY_VAO')}` });
        if (!((noiTru <= ra) && ctx.counted('pass', x1.table))) ctx.report({ outcome: noiTru <= ra ? 'pass' : 'fail', location: loc(h, x1, 'NGAY_VAO_NOI_TRU'), actual: show(x1, 'NGAY_VAO_NOI_TRU'), expected: `≤ NGAY_RA ${show(x1, 'NGAY_RA')}` });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const early = inpatientRecord();
  early.XML1[0].NGAY_VAO_NOI_TRU = '202510060700';
  const reversed = outpatientRecord();
  reversed.XML1[0].NGAY_RA = '202510050800';

  return {
    valid: [fixture('outpatient and inpatient in order', envelopeXml([outpatientRecord(), inpatientRecord()]))],
    invalid: [
      fixture('inpatient admission before arrival', envelopeXml([early])),
      fixture('discharge before arrival', envelopeXml([reversed])),
      fixture('check-in: inpatient admission before arrival', checkinXml([checkinRow({ NGAY_VAO_NOI_TRU: '202510060700', LY_DO_VNT: 'Tăng huyết áp' })])),
    ],
  };
});
