/**
 * PILOT.HEALTHBOOK.UNINSURED_TABLES — non-insured visits send at least Bảng 1 and Bảng 8 (CV 4395). The
 * "XML8 for outpatients" case conflicts with the BHXH check sheet (XML8 only for 03/04/06): it is a profile
 * switch (options.requireXml8ForOutpatient) and is at most a warning, never a silent fail.
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, uninsuredRecord, type FixtureRecord } from '../fixtures-kit.ts';
import { hosoLoc, isInsured, loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

const SUMMARY_TYPES = new Set(['03', '04', '06']);

export const rule: Rule = {
  meta: {
    id: 'PILOT.HEALTHBOOK.UNINSURED_TABLES',
    severity: 'warning',
    scope: 'package',
    tables: ['XML1', 'XML8'],
    fields: ['MA_THE_BHYT', 'MA_LOAI_KCB'],
    citation: {
      decision: 'CV 4395/BYT-KCB (13/07/2023, nguồn thứ cấp); QĐ 2733/QĐ-BYT',
      clause: 'Người bệnh không dùng thẻ BHYT: gửi tối thiểu Bảng 1 và Bảng 8 theo QĐ 130 (điều kiện C13); bảng kiểm tra BHXH: Bảng 8 chỉ khi MA_LOAI_KCB 03/04/06',
    },
    messages: {
      vi: 'Lượt KCB không BHYT (MA_LOAI_KCB {type}) thiếu {actual}; CV 4395 yêu cầu tối thiểu {expected}{noteVi}; hãy gửi kèm {actual}',
      en: 'Non-insured visit (MA_LOAI_KCB {type}) lacks {actual}; CV 4395 asks for at least {expected}{noteEn}; send {actual} with it',
    },
    since: '2733',
    confidence: 'medium',
    description_en: 'Non-insured visit: XML8 missing for 03/04/06 is a warning (fail with profile strict); for other types only when requireXml8ForOutpatient is on, and then always a warning. A HOSO without XML1 is skip (insurance status unknown; CROSS.MA_LK.ORPHAN fails the missing XML1).',
  },
  check(ctx) {
    if (ctx.pkg.kind !== 'GIAMDINHHS') return; // a check-in carries no tables
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1) {
        // Without XML1 the package cannot say whether the patient was insured, so this rule cannot decide
        // (a medium-confidence rule must not fail on it either); the missing XML1 itself is failed by
        // CROSS.MA_LK.ORPHAN / CROSS.MA_LK.MISMATCH.
        ctx.report({
          outcome: 'skip',
          severity: 'info',
          location: hosoLoc(h, 'XML1'),
          reason: 'HOSO without XML1: insurance status unknown; the missing XML1 is reported by CROSS.MA_LK.ORPHAN / CROSS.MA_LK.MISMATCH',
          reason_vi: 'HOSO không có Bảng 1: không biết người bệnh có thẻ BHYT hay không; việc thiếu Bảng 1 đã báo ở CROSS.MA_LK.ORPHAN / CROSS.MA_LK.MISMATCH',
        });
        continue;
      }
      if (isInsured(x1)) continue;
      const type = val(x1, 'MA_LOAI_KCB')?.trim() ?? '';
      const hasXml8 = rowsOf(h, 'XML8').length > 0;
      if (hasXml8) {
        ctx.report({ outcome: 'pass', location: loc(h, rowsOf(h, 'XML8')[0]) });
        continue;
      }
      const at = hosoLoc(h, 'XML8', x1.MA_LK);
      if (SUMMARY_TYPES.has(type)) {
        const strict = ctx.options.profile === 'strict';
        ctx.report({ outcome: strict ? 'fail' : 'warning', severity: strict ? 'error' : 'warning', location: at, actual: 'XML8', expected: 'XML1 + XML8', data: { type, noteVi: '', noteEn: '' } });
      } else if (ctx.options.requireXml8ForOutpatient) {
        ctx.report({ outcome: 'warning', severity: 'warning', location: at, actual: 'XML8', expected: 'XML1 + XML8', data: { type, noteVi: ' (cấu hình requireXml8ForOutpatient; mâu thuẫn với bảng kiểm tra BHXH: XML8 chỉ cho 03/04/06)', noteEn: ' (requireXml8ForOutpatient switch; conflicts with the BHXH check sheet: XML8 only for 03/04/06)' }, reason: 'source uncertain: CV 4395 (secondary) vs BHXH check sheet (XML8 only for 03/04/06)' });
      } else {
        ctx.report({ outcome: 'not-applicable', location: at, reason: `XML8 for MA_LOAI_KCB ${type || '?'} is disputed (CV 4395 vs BHXH check sheet); enable options.requireXml8ForOutpatient to flag it` });
      }
    }
  },
};

function uninsuredInpatient(): FixtureRecord {
  const rec = inpatientRecord();
  const x1 = rec.XML1[0];
  for (const k of ['MA_THE_BHYT', 'MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN']) x1[k] = '';
  x1.MA_DOITUONG_KCB = '9';
  delete rec.XML14;
  return rec;
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [
      fixture('non-insured inpatient with XML1 and XML8', envelopeXml([uninsuredInpatient()])),
      fixture('non-insured outpatient without XML8, switch off', envelopeXml([uninsuredRecord()])),
    ],
    invalid: [
      fixture('non-insured inpatient without XML8', envelopeXml([uninsuredInpatient()], { omit: ['XML8'] })),
      fixture('non-insured outpatient without XML8, switch on (warning only)', envelopeXml([uninsuredRecord()]), { requireXml8ForOutpatient: true }),
    ],
  };
});
