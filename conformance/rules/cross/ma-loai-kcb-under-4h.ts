/** CROSS.MA_LOAI_KCB.UNDER_4H — an inpatient stay shorter than 4 hours is coded 09, not 03/04. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { loc, threshold, val, when, xml1Of } from '../../pilot/rule-helpers.ts';

export const UNDER_4H_KEY = 'stay.inpatientMinHours';

export const rule: Rule = {
  meta: {
    id: 'CROSS.MA_LOAI_KCB.UNDER_4H',
    severity: 'error',
    tables: ['XML1'],
    fields: ['MA_LOAI_KCB', 'NGAY_VAO_NOI_TRU', 'NGAY_VAO', 'NGAY_RA'],
    citation: { decision: 'QĐ 824/QĐ-BYT PL1; QĐ 1804/QĐ-BYT PL01 (danh mục MA_LOAI_KCB)', clause: 'Mã 03, 04: "Nội trú dưới 4 giờ dùng mã 09"' },
    messages: {
      vi: 'MA_LOAI_KCB = {actual} nhưng thời gian điều trị nội trú chỉ {hours} giờ; hãy ghi MA_LOAI_KCB = {expected} (điều trị nội trú dưới 4 giờ)',
      en: 'MA_LOAI_KCB = {actual} but the inpatient stay lasted only {hours} h; write MA_LOAI_KCB = {expected} (inpatient stay under 4 hours)',
    },
    since: '130',
    confidence: 'high',
    description_en: 'A stay coded 03/04 that lasted less than 4 hours (from NGAY_VAO_NOI_TRU, else NGAY_VAO, to NGAY_RA) must be 09. Threshold stay.inpatientMinHours (default 4).',
  },
  check(ctx) {
    const minHours = threshold(ctx.options, UNDER_4H_KEY, 4);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const type = val(x1, 'MA_LOAI_KCB')?.trim();
      if (!x1) continue;
      if (type !== '03' && type !== '04') {
        if (!ctx.counted('not-applicable', x1.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, x1, 'MA_LOAI_KCB'), reason: 'only for MA_LOAI_KCB 03/04' });
        continue;
      }
      const start = when(x1, 'NGAY_VAO_NOI_TRU') ?? when(x1, 'NGAY_VAO');
      const end = when(x1, 'NGAY_RA');
      if (start === undefined || end === undefined) continue;
      const minutes = end - start;
      const ok = minutes >= minHours * 60;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'fail', location: loc(h, x1, 'MA_LOAI_KCB'), actual: type, expected: '09', data: { hours: (minutes / 60).toFixed(1) } });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const short = inpatientRecord();
  Object.assign(short.XML1[0], { NGAY_VAO_NOI_TRU: '202510060900', NGAY_RA: '202510061200' });

  return {
    valid: [fixture('four-day stay coded 03', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('3-hour stay coded 03', envelopeXml([short]))],
  };
});
