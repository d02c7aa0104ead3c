/** CROSS.BED.SHORT_STAY — an inpatient or day stay of 4 to 24 hours bills at most one bed-day. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, dec, toPlain } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, show, stayOf, when } from '../../pilot/rule-helpers.ts';
import { bedDaysTotal, bedLines, typeOf } from './claim-helpers.ts';
import { BED_CITATION_DECISION } from './bed-visit-type.ts';

const ONE = dec(1);

export const rule: Rule = {
  meta: {
    id: 'CROSS.BED.SHORT_STAY',
    severity: 'error',
    tables: ['XML1', 'XML3'],
    fields: ['MA_LOAI_KCB', 'NGAY_VAO', 'NGAY_VAO_NOI_TRU', 'NGAY_RA', 'MA_NHOM', 'SO_LUONG', 'TYLE_TT_DV'],
    citation: { decision: BED_CITATION_DECISION, clause: 'TT 39/2018 Điều 6: người bệnh điều trị nội trú từ 04 giờ đến dưới 24 giờ được tính một ngày giường' },
    messages: {
      vi: 'Đợt điều trị {type} kéo dài {hours} giờ ({window}) nhưng tính {actual} ngày giường; từ 4 đến dưới 24 giờ chỉ được tính {expected} ngày giường; hãy ghi số ngày giường là {expected}',
      en: 'Stay {type} of {hours} hours ({window}) bills {actual} bed-days; a stay of 4 to 24 hours bills at most {expected}; write {expected} bed-day(s)',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'MA_LOAI_KCB 03/04 stays of at least 4 and under 24 hours (from NGAY_VAO_NOI_TRU, else NGAY_VAO, to NGAY_RA) bill at most one bed-day in all (Σ SO_LUONG × TYLE_TT_DV/100 of MA_NHOM 14/15/16 lines). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      const type = typeOf(stay?.x1);
      if (!stay || (type !== '03' && type !== '04')) continue;
      const start = when(stay.x1, 'NGAY_VAO_NOI_TRU') ?? stay.vao;
      const minutes = stay.ra - start;
      if (minutes < 4 * 60 || minutes >= 24 * 60) continue;
      const beds = bedLines(h);
      if (beds.length === 0) continue;
      const total = bedDaysTotal(beds);
      const ok = cmp(total, ONE) <= 0;
      ctx.report({
        outcome: ok ? 'pass' : verdict.outcome,
        severity: ok ? undefined : verdict.severity,
        location: loc(h, beds[beds.length - 1], 'SO_LUONG'),
        actual: toPlain(total),
        expected: '1',
        data: { type, hours: (minutes / 60).toFixed(1), window: `${show(stay.x1, start === stay.vao ? 'NGAY_VAO' : 'NGAY_VAO_NOI_TRU')} – ${show(stay.x1, 'NGAY_RA')}` },
      });
    }
  },
};

function overnight(beds: string) {
  const rec = inpatientRecord();
  Object.assign(rec.XML1[0], { NGAY_VAO: '202510062000', NGAY_VAO_NOI_TRU: '202510062100', NGAY_RA: '202510071000', NGAY_TTOAN: '202510071000', SO_NGAY_DTRI: '2' });
  for (const r of rec.XML3) Object.assign(r, { NGAY_YL: '202510062030', NGAY_TH_YL: '202510062040' });
  for (const r of rec.XML3) if (r.NGAY_KQ) r.NGAY_KQ = '202510062130';
  Object.assign(rec.XML3.find((r) => r.MA_NHOM === '15')!, { SO_LUONG: beds, NGAY_YL: '202510062100', NGAY_TH_YL: '202510062100', NGAY_KQ: '202510071000' });
  return priceRecord(rec);
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('13-hour overnight stay billing one bed-day; 5-day stay billing four', envelopeXml([overnight('1'), inpatientRecord()], { omit: ['XML5', 'XML7', 'XML8', 'XML14', 'XML4'] }))],
    invalid: [fixture('13-hour overnight stay billing two bed-days (one per calendar day)', envelopeXml([overnight('2')], { omit: ['XML5', 'XML7', 'XML8', 'XML14', 'XML4'] }), { profile: 'strict' })],
  };
});
