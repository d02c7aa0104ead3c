/**
 * CROSS.DOCUMENT.XML8_VISIT_TYPE — the record summary (XML8) is sent only for the visit types that have one. The
 * BHXH check sheet: "Bảng 8 chỉ có khi MA_LOAI_KCB ở XML1 in ('03','04','06')". XML8's own MA_LOAI_KCB field text
 * also names 02, so an XML8 of an 02 visit is a warning (the two sources disagree); a non-insured visit's XML8 is a
 * warning too (CV 4395 asks non-insured visits for XML8; with `requireXml8ForOutpatient` it is expected).
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord, uninsuredRecord } from '../fixtures-kit.ts';
import { isInsured, loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

/** visit types the check sheet sends XML8 for */
const SUMMARY_TYPES = new Set(['03', '04', '06']);
/** named by XML8 MA_LOAI_KCB's own field text but not by the check sheet */
const DISPUTED_TYPES = new Set(['02']);

export const rule: Rule = {
  meta: {
    id: 'CROSS.DOCUMENT.XML8_VISIT_TYPE',
    severity: 'error',
    scope: 'package',
    tables: ['XML1', 'XML8'],
    fields: ['MA_LOAI_KCB'],
    citation: {
      decision: 'Bảng kiểm tra dữ liệu BHXH (QĐ 4750/QĐ 3176); QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Bảng 8, chỉ tiêu 1 MA_LK: "Bảng 8 chỉ có khi MA_LOAI_KCB ở XML1 in (\'03\',\'04\',\'06\')"; Bảng 8 chỉ tiêu 2 MA_LOAI_KCB',
    },
    messages: {
      vi: 'Hồ sơ gửi Bảng 8 (tóm tắt hồ sơ bệnh án) cho lượt KCB MA_LOAI_KCB {actual}; Bảng 8 chỉ gửi khi MA_LOAI_KCB là {expected}{noteVi}; hãy bỏ Bảng 8 hoặc sửa MA_LOAI_KCB',
      en: 'The record sends XML8 (record summary) for a visit with MA_LOAI_KCB {actual}; XML8 is sent only for MA_LOAI_KCB {expected}{noteEn}; remove XML8 or correct MA_LOAI_KCB',
    },
    since: '4750',
    confidence: 'high',
    description_en: 'XML8 present while XML1 MA_LOAI_KCB is not 03, 04 or 06 (BHXH check sheet): failure; 02 (named by XML8 MA_LOAI_KCB\'s field text) and non-insured visits (CV 4395) are warnings; non-insured visits with requireXml8ForOutpatient pass.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const x8 = rowsOf(h, 'XML8')[0];
      const x1 = xml1Of(h);
      if (!x8 || !x1) continue;
      const type = val(x1, 'MA_LOAI_KCB')?.trim();
      if (!type) continue; // a missing MA_LOAI_KCB is reported by XML1.MA_LOAI_KCB.REQUIRED
      const at = loc(h, x8, 'MA_LK');
      const base = { location: at, actual: type, expected: '03, 04, 06' };
      if (SUMMARY_TYPES.has(type)) {
        ctx.report({ outcome: 'pass', ...base });
      } else if (!isInsured(x1)) {
        if (ctx.options.requireXml8ForOutpatient) ctx.report({ outcome: 'pass', ...base, reason: 'requireXml8ForOutpatient: a non-insured visit sends XML8 (CV 4395)' });
        else ctx.report({ outcome: 'warning', severity: 'warning', ...base, data: { noteVi: ' (lượt KCB không BHYT: CV 4395 yêu cầu Bảng 8, mâu thuẫn với bảng kiểm tra BHXH)', noteEn: ' (non-insured visit: CV 4395 asks for XML8, conflicting with the BHXH check sheet)' } });
      } else if (DISPUTED_TYPES.has(type)) {
        ctx.report({ outcome: 'warning', severity: 'warning', ...base, data: { noteVi: ' (chỉ tiêu MA_LOAI_KCB của Bảng 8 có nêu mã 02; bảng kiểm tra BHXH thì không)', noteEn: ' (XML8 MA_LOAI_KCB\'s field text names 02; the BHXH check sheet does not)' } });
      } else {
        ctx.report({ outcome: 'fail', ...base, data: { noteVi: '', noteEn: '' } });
      }
    }
  },
};

/** an exam visit (01) that sends the inpatient record's summary */
function examWithSummary(rec = outpatientRecord()): ReturnType<typeof outpatientRecord> {
  rec.XML8 = inpatientRecord().XML8.map((r) => ({ ...r, MA_LK: rec.XML1[0].MA_LK, MA_LOAI_KCB: '01', NGAY_VAO: rec.XML1[0].NGAY_VAO, NGAY_RA: rec.XML1[0].NGAY_RA }));
  return rec;
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [
      fixture('inpatient stay (03) with XML8; exam visit without XML8', envelopeXml([inpatientRecord(), outpatientRecord()])),
      fixture('non-insured visit with XML8 under requireXml8ForOutpatient', envelopeXml([examWithSummary(uninsuredRecord())]), { requireXml8ForOutpatient: true }),
    ],
    invalid: [fixture('exam visit (01) sending XML8', envelopeXml([examWithSummary()]))],
  };
});
