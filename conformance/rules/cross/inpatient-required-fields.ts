/** CROSS.INPATIENT.REQUIRED_FIELDS — inpatient stays (03/04/09) carry NGAY_VAO_NOI_TRU and LY_DO_VNT. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, has, INPATIENT_TYPES, loc, val, xml1Of } from '../../pilot/rule-helpers.ts';

const FIELDS = ['NGAY_VAO_NOI_TRU', 'LY_DO_VNT'];

export const rule: Rule = {
  meta: {
    id: 'CROSS.INPATIENT.REQUIRED_FIELDS',
    severity: 'error',
    tables: ['XML1'],
    fields: ['MA_LOAI_KCB', ...FIELDS],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Bảng 1, chỉ tiêu NGAY_VAO_NOI_TRU (thời điểm chỉ định điều trị nội trú/ban ngày) và LY_DO_VNT (bắt buộc khi có NGAY_VAO_NOI_TRU)',
    },
    messages: { vi: 'MA_LOAI_KCB {type} (nội trú) nhưng {expected} để trống ({actual}); hãy ghi giá trị cho {expected}', en: 'MA_LOAI_KCB {type} (inpatient) but {expected} is empty ({actual}); write a value for {expected}' },
    since: '4750',
    confidence: 'medium',
    description_en: 'For MA_LOAI_KCB 03, 04 and 09, NGAY_VAO_NOI_TRU and LY_DO_VNT are filled. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const type = val(x1, 'MA_LOAI_KCB')?.trim() ?? '';
      if (!x1 || !INPATIENT_TYPES.has(type)) continue;
      for (const f of FIELDS) {
        const ok = has(x1, f);
        if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, f), actual: '""', expected: f, data: { type } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const missing = inpatientRecord();
  missing.XML1[0].LY_DO_VNT = undefined;
  missing.XML1[0].NGAY_VAO_NOI_TRU = '';

  return {
    valid: [fixture('inpatient with both fields; outpatient not concerned', envelopeXml([inpatientRecord(), outpatientRecord()]))],
    invalid: [fixture('inpatient without NGAY_VAO_NOI_TRU and LY_DO_VNT', envelopeXml([missing]), { profile: 'strict' }, 2)],
  };
});
