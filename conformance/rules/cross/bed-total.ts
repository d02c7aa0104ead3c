/** CROSS.BED.TOTAL — the bed-days of a stay are no more than its calendar days. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, dec, toPlain } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, stayOf } from '../../pilot/rule-helpers.ts';
import { bedDaysTotal, bedLines, dayOf } from './claim-helpers.ts';
import { BED_CITATION_DECISION } from './bed-visit-type.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.BED.TOTAL',
    severity: 'error',
    tables: ['XML1', 'XML3'],
    fields: ['NGAY_VAO', 'NGAY_RA', 'SO_NGAY_DTRI', 'MA_NHOM', 'SO_LUONG', 'TYLE_TT_DV'],
    citation: { decision: BED_CITATION_DECISION, clause: 'TT 39/2018 Điều 6 (số ngày giường không vượt số ngày điều trị); QĐ 130 Bảng 1 SO_NGAY_DTRI = ngày ra − ngày vào + 1; Bảng 3 TYLE_TT_DV (giường ghép, chuyển khoa trong ngày)' },
    messages: {
      vi: 'Tổng số ngày giường của đợt điều trị là {actual} nhưng đợt điều trị chỉ có {expected} ngày ({window}); số ngày giường không được vượt số ngày điều trị; hãy ghi tổng số ngày giường không quá {expected}',
      en: 'The stay bills {actual} bed-days but has only {expected} calendar days ({window}); bed-days cannot exceed the days of the stay; write at most {expected} bed-days in total',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'Σ SO_LUONG × TYLE_TT_DV/100 over the bed lines (MA_NHOM 14/15/16) ≤ NGAY_RA date − NGAY_VAO date + 1 (the SO_NGAY_DTRI ceiling; shared beds and split days count as their share). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      if (!stay) continue;
      const beds = bedLines(h);
      if (beds.length === 0) continue;
      const days = dayOf(stay.ra) - dayOf(stay.vao) + 1;
      if (days < 1) continue; // stay order is CROSS.TIME.STAY_ORDER's
      const total = bedDaysTotal(beds);
      const ok = cmp(total, dec(days)) <= 0;
      ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, beds[beds.length - 1], 'SO_LUONG'), actual: toPlain(total), expected: String(days), data: { window: stay.window } });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const tooMany = inpatientRecord();
  const bed = tooMany.XML3.find((r) => r.MA_NHOM === '15')!;
  tooMany.XML3.push({ ...bed, STT: '5', SO_LUONG: '2', MA_DICH_VU: '1.1.02', NGAY_YL: '202510090800', NGAY_TH_YL: '202510090800' });
  priceRecord(tooMany);
  const shared = inpatientRecord();
  Object.assign(shared.XML3.find((r) => r.MA_NHOM === '15')!, { SO_LUONG: '5' });
  shared.XML3.push({ ...shared.XML3.find((r) => r.MA_NHOM === '15')!, STT: '5', SO_LUONG: '1', TYLE_TT_DV: '50' });
  priceRecord(shared);

  return {
    valid: [
      fixture('5-day stay billing four bed-days', envelopeXml([inpatientRecord()])),
      fixture('5-day stay billing four bed-days and half a shared bed (4.5)', envelopeXml([(() => {
        const r = inpatientRecord();
        Object.assign(r.XML3.find((x) => x.MA_NHOM === '15')!, { SO_LUONG: '4' });
        r.XML3.push({ ...r.XML3.find((x) => x.MA_NHOM === '15')!, STT: '5', SO_LUONG: '1', TYLE_TT_DV: '50' });
        return priceRecord(r);
      })()])),
    ],
    invalid: [
      fixture('5-day stay billing six bed-days in two lines', envelopeXml([tooMany]), { profile: 'strict' }),
      fixture('5-day stay billing five and a half bed-days (a shared bed counted at 50%)', envelopeXml([shared]), { profile: 'strict' }),
    ],
  };
});
