/** CROSS.BED.LINE_DAYS — a bed line bills no more days than the days it covers. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, dec, toPlain } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, money, show, when, xml1Of } from '../../pilot/rule-helpers.ts';
import { bedLines, dayOf } from './claim-helpers.ts';
import { BED_CITATION_DECISION } from './bed-visit-type.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.BED.LINE_DAYS',
    severity: 'error',
    tables: ['XML3', 'XML1'],
    fields: ['MA_NHOM', 'SO_LUONG', 'NGAY_YL', 'NGAY_KQ', 'NGAY_RA'],
    citation: { decision: BED_CITATION_DECISION, clause: 'QĐ 130 Bảng 3: NGAY_YL của dòng giường là thời điểm bắt đầu, NGAY_KQ là thời điểm kết thúc sử dụng từng loại giường; mỗi ngày giường tính tối đa một ngày' },
    messages: {
      vi: 'Dòng ngày giường ghi SO_LUONG = {actual} nhưng chỉ dùng giường {expected} ngày ({from} – {to}); mỗi ngày chỉ tính tối đa một ngày giường; hãy ghi SO_LUONG không quá {expected}',
      en: 'Bed line SO_LUONG = {actual} but the bed was used on {expected} days ({from} – {to}); at most one bed-day per day; write SO_LUONG of at most {expected}',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'A bed line (MA_NHOM 14/15/16) bills SO_LUONG ≤ the calendar days from its NGAY_YL to its NGAY_KQ (end of use; XML1 NGAY_RA when NGAY_KQ is empty). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      for (const row of bedLines(h)) {
        const q = money(row, 'SO_LUONG');
        const from = when(row, 'NGAY_YL');
        const endSrc = when(row, 'NGAY_KQ') !== undefined ? row : x1;
        const endField = endSrc === row ? 'NGAY_KQ' : 'NGAY_RA';
        const to = when(endSrc, endField);
        if (q === undefined || from === undefined || to === undefined || to < from) continue;
        const days = dayOf(to) - dayOf(from) + 1;
        const ok = cmp(q, dec(days)) <= 0;
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'SO_LUONG'), actual: toPlain(q), expected: String(days), data: { from: show(row, 'NGAY_YL'), to: show(endSrc, endField) } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const perDay = inpatientRecord();
  const bed = perDay.XML3.find((r) => r.MA_NHOM === '15')!;
  Object.assign(bed, { SO_LUONG: '2', NGAY_YL: '202510070800', NGAY_TH_YL: '202510070800', NGAY_KQ: '202510071600' });
  priceRecord(perDay);

  return {
    valid: [fixture('one line of four bed-days over five calendar days', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('two bed-days billed for a bed used on one day', envelopeXml([perDay]), { profile: 'strict' })],
  };
});
