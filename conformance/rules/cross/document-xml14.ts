/** CROSS.DOCUMENT.XML14 — a re-exam date (XML1 NGAY_TAI_KHAM) comes with the appointment paper (XML14). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, has, hosoLoc, loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DOCUMENT.XML14',
    severity: 'error',
    scope: 'package',
    tables: ['XML1', 'XML14'],
    fields: ['NGAY_TAI_KHAM'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 14 (giấy hẹn khám lại): gửi khi có hẹn khám lại; Bảng 1 chỉ tiêu NGAY_TAI_KHAM' },
    messages: {
      vi: 'Có ngày hẹn tái khám NGAY_TAI_KHAM = {actual} nhưng hồ sơ không có Bảng 14 (giấy hẹn khám lại); hãy gửi kèm {expected}',
      en: 'Re-exam date NGAY_TAI_KHAM = {actual} is set but the record has no XML14 (appointment paper); send {expected} with it',
    },
    since: '4750',
    confidence: 'medium',
    description_en: 'When XML1 NGAY_TAI_KHAM is set, XML14 is sent. Medium (a date may be set without a paper): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1 || !has(x1, 'NGAY_TAI_KHAM')) continue;
      const rows = rowsOf(h, 'XML14');
      const ok = rows.length > 0;
      if (!(ok && ctx.counted('pass', rows[0].table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: ok ? loc(h, rows[0]) : { ...hosoLoc(h, 'XML14', x1.MA_LK) }, actual: val(x1, 'NGAY_TAI_KHAM'), expected: 'XML14' });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const dateOnly = outpatientRecord();
  dateOnly.XML1[0].NGAY_TAI_KHAM = '20251020';

  return {
    valid: [fixture('re-exam date with XML14; no date, no paper', envelopeXml([inpatientRecord(), outpatientRecord()]))],
    invalid: [fixture('re-exam date without XML14', envelopeXml([dateOnly]), { profile: 'strict' })],
  };
});
