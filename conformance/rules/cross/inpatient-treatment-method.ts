/** CROSS.INPATIENT.TREATMENT_METHOD — an inpatient stay (03/04/09) states its treatment method (PP_DIEU_TRI) and, once the list exists, the coded reason for admission (MA_LY_DO_VNT). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, has, INPATIENT_TYPES, loc, threshold, xml1Of } from '../../pilot/rule-helpers.ts';
import { typeOf } from './claim-helpers.ts';

/** Option: 1 requires MA_LY_DO_VNT on inpatient stays (set it when the Ministry issues the list of admission reasons; default 0). */
export const REQUIRE_MA_LY_DO_VNT_KEY = 'inpatient.requireMaLyDoVnt';

export const rule: Rule = {
  meta: {
    id: 'CROSS.INPATIENT.TREATMENT_METHOD',
    severity: 'error',
    tables: ['XML1'],
    fields: ['MA_LOAI_KCB', 'PP_DIEU_TRI', 'MA_LY_DO_VNT'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Bảng 1, chỉ tiêu PP_DIEU_TRI (phương pháp điều trị) và MA_LY_DO_VNT (mã lý do vào nội trú, chỉ áp dụng khi Bộ Y tế ban hành danh mục)',
    },
    messages: {
      vi: 'Đợt điều trị nội trú (MA_LOAI_KCB {type}) để trống {actual}; {advice_vi}',
      en: 'Inpatient stay (MA_LOAI_KCB {type}) has no {actual}; {advice_en}',
    },
    since: '130',
    confidence: 'medium',
    description_en: `For MA_LOAI_KCB 03, 04 and 09, XML1 PP_DIEU_TRI is filled (medium: warning unless profile strict). MA_LY_DO_VNT applies only once the Ministry issues its list: checked (warning) only with the option ${REQUIRE_MA_LY_DO_VNT_KEY} = 1.`,
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    const requireCode = threshold(ctx.options, REQUIRE_MA_LY_DO_VNT_KEY, 0) >= 1;
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const type = typeOf(x1);
      if (!x1 || !INPATIENT_TYPES.has(type)) continue;
      const ok = has(x1, 'PP_DIEU_TRI');
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({
        outcome: ok ? 'pass' : verdict.outcome,
        severity: ok ? undefined : verdict.severity,
        location: loc(h, x1, 'PP_DIEU_TRI'),
        actual: ok ? undefined : 'PP_DIEU_TRI',
        data: { type, advice_vi: 'ghi phương pháp điều trị đã áp dụng (ví dụ "Điều trị nội khoa", "Phẫu thuật nội soi …")', advice_en: 'write the treatment given (e.g. "Điều trị nội khoa", "Phẫu thuật nội soi …")' },
      });
      if (!requireCode) continue;
      const coded = has(x1, 'MA_LY_DO_VNT');
      if (!(coded && ctx.counted('pass', x1.table))) ctx.report({
        outcome: coded ? 'pass' : 'warning',
        severity: coded ? undefined : 'warning',
        location: loc(h, x1, 'MA_LY_DO_VNT'),
        actual: coded ? undefined : 'MA_LY_DO_VNT',
        data: { type, advice_vi: 'ghi mã lý do vào nội trú theo danh mục Bộ Y tế ban hành', advice_en: 'write the admission-reason code from the Ministry of Health list' },
      });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const none = inpatientRecord();
  none.XML1[0].PP_DIEU_TRI = undefined;
  const coded = inpatientRecord('LK20251006051');
  coded.XML1[0].MA_LY_DO_VNT = '01';
  return {
    valid: [
      fixture('inpatient stay with its treatment; outpatient not concerned', envelopeXml([inpatientRecord(), outpatientRecord()])),
      fixture('admission-reason code required and given', envelopeXml([coded]), { thresholds: { [REQUIRE_MA_LY_DO_VNT_KEY]: 1 } }),
    ],
    invalid: [
      fixture('inpatient stay without PP_DIEU_TRI', envelopeXml([none]), { profile: 'strict' }),
    ],
  };
});
