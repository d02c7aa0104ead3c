/** CROSS.SO_NGAY_DTRI.FORMULA — SO_NGAY_DTRI by MA_LOAI_KCB (check-sheet formula). */
import type { Rule, RuleFixtures } from '../contract.ts';
import { dayNumber } from '../../calendar.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { loc, val, xml1Of } from '../../pilot/rule-helpers.ts';

const ZERO_DAY_TYPES = new Set(['01', '07', '09']);
const COUNTED_TYPES = new Set(['02', '03', '04', '06']);

export const rule: Rule = {
  meta: {
    id: 'CROSS.SO_NGAY_DTRI.FORMULA',
    severity: 'error',
    tables: ['XML1'],
    fields: ['SO_NGAY_DTRI', 'MA_LOAI_KCB', 'NGAY_VAO', 'NGAY_RA'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); bảng kiểm tra dữ liệu BHXH (QĐ 4750)',
      clause: 'Bảng 1, chỉ tiêu SO_NGAY_DTRI: MA_LOAI_KCB 01/07/09 bằng 0; 02/03/04/06 = NGAY_RA − NGAY_VAO + 1 (tính theo ngày)',
    },
    messages: { vi: 'SO_NGAY_DTRI = {actual} nhưng theo MA_LOAI_KCB {type} phải là {expected}', en: 'SO_NGAY_DTRI = {actual} but for MA_LOAI_KCB {type} it must be {expected}' },
    since: '4750',
    confidence: 'high',
    description_en: 'SO_NGAY_DTRI is 0 for 01/07/09 and (NGAY_RA date − NGAY_VAO date + 1) for 02/03/04/06; other types not applicable.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1) continue;
      const type = val(x1, 'MA_LOAI_KCB')?.trim() ?? '';
      const actual = val(x1, 'SO_NGAY_DTRI')?.trim();
      let expected: number | undefined;
      if (ZERO_DAY_TYPES.has(type)) expected = 0;
      else if (COUNTED_TYPES.has(type)) {
        const vao = dayNumber((val(x1, 'NGAY_VAO') ?? '').slice(0, 8));
        const ra = dayNumber((val(x1, 'NGAY_RA') ?? '').slice(0, 8));
        if (vao !== undefined && ra !== undefined) expected = ra - vao + 1;
      }
      if (expected === undefined || actual === undefined) {
        ctx.report({ outcome: 'not-applicable', location: loc(h, x1, 'SO_NGAY_DTRI'), reason: `no check-sheet formula for MA_LOAI_KCB "${type}" or dates/value missing` });
        continue;
      }
      ctx.report({ outcome: /^\d+$/.test(actual) && Number(actual) === expected ? 'pass' : 'fail', location: loc(h, x1, 'SO_NGAY_DTRI'), actual, expected: String(expected), data: { type } });
    }
  },
};

const wrongInpatient = inpatientRecord();
wrongInpatient.XML1[0].SO_NGAY_DTRI = '4';
const wrongExam = outpatientRecord();
wrongExam.XML1[0].SO_NGAY_DTRI = '1';

export const fixtures: RuleFixtures = {
  valid: [fixture('exam 0 days, inpatient 06→10/10 = 5 days', envelopeXml([outpatientRecord(), inpatientRecord()]))],
  invalid: [fixture('inpatient counted without the +1, exam counted as 1 day', envelopeXml([wrongInpatient, wrongExam]), undefined, 2)],
};
