/** CROSS.DATE.XML11_MAX — a sick-leave certificate grants at most 30 days (180 for tuberculosis, 50 after a pregnancy loss from 13 weeks). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { failOrWarn, loc, rowsOf, threshold, val, xml1Of } from '../../pilot/rule-helpers.ts';
import { items } from './claim-helpers.ts';
import { sickLeaveRecord } from './leave-fixtures.ts';

/** Option keys (days) and their defaults from the Bảng 11 text. */
export const MAX_LEAVE = 'xml11.maxLeaveDays';
export const MAX_LEAVE_TB = 'xml11.maxLeaveDaysTuberculosis';
export const MAX_LEAVE_PREGNANCY_LOSS = 'xml11.maxLeaveDaysPregnancyLoss';

/** Tuberculosis under the national programme: ICD-10 A15–A19 as the main or an additional diagnosis. */
const isTuberculosis = (code: string) => /^A1[5-9]/.test(code);

export const rule: Rule = {
  meta: {
    id: 'CROSS.DATE.XML11_MAX',
    severity: 'error',
    tables: ['XML11', 'XML1'],
    fields: ['SO_NGAY_NGHI', 'MA_DINH_CHI_THAI', 'TUOI_THAI', 'MA_BENH_CHINH', 'MA_BENH_KT'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); Luật BHXH',
      clause: 'Bảng 11, chỉ tiêu SO_NGAY_NGHI: tối đa không quá 30 ngày cho một lần cấp giấy; bệnh lao theo chương trình chống lao quốc gia không quá 180 ngày; sẩy thai, phá thai, thai chết lưu từ 13 tuần tuổi trở lên không quá 50 ngày',
    },
    messages: {
      vi: 'SO_NGAY_NGHI = {actual} vượt mức tối đa {expected} ngày cho một lần cấp giấy ({case_vi}); cấp giấy mới cho phần thời gian còn lại',
      en: 'SO_NGAY_NGHI = {actual} exceeds the {expected}-day maximum of one certificate ({case_en}); issue a new certificate for the rest',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML11 SO_NGAY_NGHI ≤ 30 (option xml11.maxLeaveDays); ≤ 180 when the visit has a tuberculosis diagnosis A15–A19 (xml11.maxLeaveDaysTuberculosis); ≤ 50 when XML11 records a pregnancy loss (MA_DINH_CHI_THAI 1) at 13 weeks or more (xml11.maxLeaveDaysPregnancyLoss). Medium (the case is recognised from codes): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const leave = rowsOf(h, 'XML11');
      if (leave.length === 0) continue;
      const x1 = xml1Of(h);
      const tb = [val(x1, 'MA_BENH_CHINH')?.trim() ?? '', ...items(x1, 'MA_BENH_KT')].some(isTuberculosis);
      for (const row of leave) {
        const n = val(row, 'SO_NGAY_NGHI')?.trim();
        if (n === undefined || !/^\d+$/.test(n)) continue;
        const loss = val(row, 'MA_DINH_CHI_THAI')?.trim() === '1' && Number(val(row, 'TUOI_THAI') ?? '0') >= 13;
        const [max, case_vi, case_en] = tb
          ? [threshold(ctx.options, MAX_LEAVE_TB, 180), 'điều trị bệnh lao', 'tuberculosis treatment']
          : loss
            ? [threshold(ctx.options, MAX_LEAVE_PREGNANCY_LOSS, 50), 'sẩy thai, phá thai, thai chết lưu từ 13 tuần tuổi', 'pregnancy loss from 13 weeks']
            : [threshold(ctx.options, MAX_LEAVE, 30), 'trường hợp thông thường', 'general case'];
        const ok = Number(n) <= max;
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'SO_NGAY_NGHI'), actual: n, expected: String(max), data: { case_vi, case_en } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const tb = sickLeaveRecord('60', '20251006', '20251204');
  tb.XML1[0].MA_BENH_CHINH = 'A15.0';

  return {
    valid: [fixture('3 days; 60 days for tuberculosis', envelopeXml([sickLeaveRecord(), tb]))],
    invalid: [fixture('45 days for hypertension', envelopeXml([sickLeaveRecord('45', '20251006', '20251119')]), { profile: 'strict' })],
  };
});
