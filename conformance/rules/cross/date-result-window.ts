/**
 * CROSS.DATE.RESULT_WINDOW — XML3/XML4 NGAY_KQ lies in the visit: not before NGAY_VAO; bed days, surgery and
 * procedures end by NGAY_RA; lab and imaging results may follow discharge by up to 60 days (QĐ 4750 correction).
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, rowsOf, show, stayOf, threshold, when } from '../../pilot/rule-helpers.ts';
import { BED_GROUPS, groupOf } from './claim-helpers.ts';

/** Option key: days after NGAY_RA a result (lab, imaging, function test) may still be dated; default 60 (QĐ 4750 correction of Bảng 3 NGAY_KQ). */
export const RESULT_AFTER_DISCHARGE_DAYS = 'date.resultAfterDischargeDays';
/** Lines whose NGAY_KQ is the end of something done during the stay: bed days, surgery, procedures. */
const ENDS_IN_STAY = new Set([...BED_GROUPS, '8', '18']);

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.RESULT_WINDOW',
    severity: 'error',
    tables: ['XML1', 'XML3', 'XML4'],
    fields: ['NGAY_KQ', 'MA_NHOM', 'NGAY_VAO', 'NGAY_RA'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Bảng 3, chỉ tiêu NGAY_KQ: phẫu thuật, thủ thuật ghi thời điểm kết thúc; ngày giường ghi thời điểm kết thúc sử dụng giường; kết quả cận lâm sàng có sau ra viện nhập bổ sung không quá 60 ngày kể từ ngày kết thúc đợt KBCB (đính chính QĐ 4750); Bảng 4 NGAY_KQ',
    },
    messages: {
      vi: '{field} = {actual} nằm ngoài khoảng cho phép {window}; {advice_vi}; hãy ghi thời điểm có kết quả trong khoảng này',
      en: '{field} = {actual} lies outside the allowed window {windowEn}; {advice_en}; write a result time within this window',
    },
    since: '4750',
    confidence: 'medium',
    description_en: `NGAY_KQ of XML3 and XML4 is not before XML1 NGAY_VAO; for bed days, surgery and procedures (MA_NHOM 8, 14, 15, 16, 18) not after NGAY_RA; for other results not more than ${60} days after NGAY_RA (option ${RESULT_AFTER_DISCHARGE_DAYS}). Medium: warning unless profile strict.`,
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    const grace = threshold(ctx.options, RESULT_AFTER_DISCHARGE_DAYS, 60) * 1440;
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      if (!stay) continue;
      for (const table of ['XML3', 'XML4']) {
        for (const row of rowsOf(h, table)) {
          const kq = when(row, 'NGAY_KQ');
          if (kq === undefined) continue;
          const endsInStay = table === 'XML3' && ENDS_IN_STAY.has(groupOf(row));
          const latest = endsInStay ? stay.ra : stay.ra + grace;
          const ok = kq >= stay.vao && kq <= latest;
          if (!(ok && ctx.counted('pass', row.table))) ctx.report({
            outcome: ok ? 'pass' : verdict.outcome,
            severity: ok ? undefined : verdict.severity,
            location: loc(h, row, 'NGAY_KQ'),
            actual: show(row, 'NGAY_KQ'),
            expected: endsInStay ? stay.window : `${stay.window} + ${grace / 1440} days`,
            data: endsInStay
              ? { window: stay.window, windowEn: stay.window, advice_vi: 'ngày giường, phẫu thuật, thủ thuật kết thúc trong đợt điều trị', advice_en: 'bed days, surgery and procedures end within the stay' }
              : { window: `${stay.window} + ${grace / 1440} ngày`, windowEn: `${stay.window} + ${grace / 1440} days`, advice_vi: 'kết quả không có trước khi vào viện và không quá 60 ngày sau ra viện', advice_en: 'a result is not dated before admission nor more than 60 days after discharge' },
          });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const late = inpatientRecord();
  late.XML3.find((r) => r.MA_NHOM === '15')!.NGAY_KQ = '202510111000';
  late.XML4[0].NGAY_KQ = '202601150900';
  const pending = inpatientRecord();
  pending.XML4[0].NGAY_KQ = '202510200900';
  pending.XML3.find((r) => r.MA_NHOM === '1')!.NGAY_KQ = '202510200900';

  return {
    valid: [fixture('results during the stay; a culture result ten days after discharge', envelopeXml([inpatientRecord(), pending]))],
    invalid: [fixture('bed use ending after discharge; a result three months later', envelopeXml([late]), { profile: 'strict' }, 2)],
  };
});
