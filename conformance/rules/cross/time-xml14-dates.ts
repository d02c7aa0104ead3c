/** CROSS.TIME.XML14_DATES — the re-exam appointment comes after discharge and is issued during/after the visit. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, show, when, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TIME.XML14_DATES',
    severity: 'error',
    tables: ['XML14', 'XML1'],
    fields: ['NGAY_HEN_KL', 'NGAY_CT', 'NGAY_RA', 'NGAY_VAO'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); bảng kiểm tra dữ liệu BHXH (QĐ 4750)', clause: 'Bảng 14, chỉ tiêu NGAY_HEN_KL (≥ NGAY_RA) và NGAY_CT (≥ NGAY_VAO)' },
    messages: { vi: '{field} = {actual}; phải ghi {field} {expected}', en: '{field} = {actual}; write {field} {expected}' },
    since: '4750',
    confidence: 'high',
    description_en: 'XML14 NGAY_HEN_KL ≥ NGAY_RA and NGAY_CT (date) ≥ the date of NGAY_VAO (XML14 values, else XML1).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      for (const row of rowsOf(h, 'XML14')) {
        const raSrc = when(row, 'NGAY_RA') !== undefined ? row : x1;
        const vaoSrc = when(row, 'NGAY_VAO') !== undefined ? row : x1;
        const hen = when(row, 'NGAY_HEN_KL');
        const ra = when(raSrc, 'NGAY_RA');
        if (hen !== undefined && ra !== undefined && !(hen >= ra && ctx.counted('pass', row.table))) ctx.report({ outcome: hen >= ra ? 'pass' : 'fail', location: loc(h, row, 'NGAY_HEN_KL'), actual: show(row, 'NGAY_HEN_KL'), expected: `≥ NGAY_RA ${show(raSrc, 'NGAY_RA')}` });
        const ct = when(row, 'NGAY_CT');
        const vao = when(vaoSrc, 'NGAY_VAO');
        if (ct !== undefined && vao !== undefined) {
          const vaoDay = Math.floor(vao / 1440) * 1440;
          if (!((ct >= vaoDay) && ctx.counted('pass', row.table))) ctx.report({ outcome: ct >= vaoDay ? 'pass' : 'fail', location: loc(h, row, 'NGAY_CT'), actual: show(row, 'NGAY_CT'), expected: `≥ NGAY_VAO ${show(vaoSrc, 'NGAY_VAO').slice(0, 8)}` });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const early = inpatientRecord();
  early.XML14[0].NGAY_HEN_KL = '202510091000';
  early.XML14[0].NGAY_CT = '20251005';

  return {
    valid: [fixture('appointment 10 days after discharge', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('appointment before discharge, paper dated before admission', envelopeXml([early]), undefined, 2)],
  };
});
