/** CROSS.MA_LOAI_KCB.EXAM_DURATION — an exam visit (01) does not last longer than a day. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, threshold, val, when, xml1Of } from '../../pilot/rule-helpers.ts';

export const EXAM_MAX_HOURS_KEY = 'stay.examMaxHours';

export const rule: Rule = {
  meta: {
    id: 'CROSS.MA_LOAI_KCB.EXAM_DURATION',
    severity: 'error',
    tables: ['XML1'],
    fields: ['MA_LOAI_KCB', 'NGAY_VAO', 'NGAY_RA'],
    citation: { decision: 'QĐ 824/QĐ-BYT PL1; QĐ 1804/QĐ-BYT PL01 (mã 01 "Khám bệnh")', clause: 'Mã 01: lượt khám bệnh (không lưu, không điều trị); bảng kiểm tra BHXH: SO_NGAY_DTRI = 0 với mã 01' },
    messages: {
      vi: 'Lượt khám (MA_LOAI_KCB 01) kéo dài {actual} giờ, vượt {expected} giờ; kiểm tra lại loại hình KCB và ghi MA_LOAI_KCB đúng với đợt điều trị',
      en: 'Exam visit (MA_LOAI_KCB 01) lasted {actual} h, more than {expected} h; check the visit type and write the MA_LOAI_KCB of the stay',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'A visit coded 01 (exam) lasts at most stay.examMaxHours (default 24) from NGAY_VAO to NGAY_RA; longer visits are treatment (02/03/04/06). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const maxHours = threshold(ctx.options, EXAM_MAX_HOURS_KEY, 24);
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1 || val(x1, 'MA_LOAI_KCB')?.trim() !== '01') continue;
      const vao = when(x1, 'NGAY_VAO');
      const ra = when(x1, 'NGAY_RA');
      if (vao === undefined || ra === undefined) continue;
      const hours = (ra - vao) / 60;
      const ok = hours <= maxHours;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, 'NGAY_RA'), actual: hours.toFixed(1), expected: String(maxHours) });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const long = outpatientRecord();
  long.XML1[0].NGAY_RA = '202510081030';
  long.XML1[0].NGAY_TTOAN = '202510081030';

  return {
    valid: [fixture('2.5-hour exam', envelopeXml([outpatientRecord()]))],
    invalid: [fixture('exam of two days', envelopeXml([long]), { profile: 'strict' })],
  };
});
