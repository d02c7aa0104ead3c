/** CROSS.BENEFIT.CARD_LEVEL — on an on-route visit, each insured line's MUC_HUONG is the card's benefit or 100. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, dec, ZERO, type Decimal } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, money, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';
import { benefitPercentOf, onRouteFullBenefit } from './claim-helpers.ts';

/** Benefit percents of every card of the stay (a new card issued during the stay may change the level). */
function cardPercents(cards: string): Set<number> {
  const out = new Set<number>();
  for (const c of cards.split(';')) {
    const d = c.trim()[2];
    if (d !== undefined && /[1-5]/.test(d)) out.add(benefitPercentOf(d));
  }
  return out;
}

/** The decimals of the benefit percents (100, 95, 80), made once. */
const PERCENT: Record<number, Decimal> = { 100: dec(100), 95: dec(95), 80: dec(80) };

export const rule: Rule = {
  meta: {
    id: 'CROSS.BENEFIT.CARD_LEVEL',
    severity: 'error',
    tables: ['XML1', 'XML2', 'XML3'],
    fields: ['MA_THE_BHYT', 'MA_DOITUONG_KCB', 'MUC_HUONG', 'PHAM_VI', 'TYLE_TT_BH'],
    citation: {
      decision: 'Luật BHYT (Điều 22 khoản 1: mức hưởng 100%/95%/80% theo đối tượng); QĐ 1351/QĐ-BHXH (ký tự thứ 3 của mã thẻ là mã mức hưởng); QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT',
      clause: 'Bảng 2 và Bảng 3, chỉ tiêu MUC_HUONG: đúng tuyến ghi 80 hoặc 95 hoặc 100 (100 khi tổng chi phí dưới 15% lương cơ sở, trạm y tế xã hoặc miễn cùng chi trả)',
    },
    messages: {
      vi: 'MUC_HUONG = {actual} không khớp mức hưởng của thẻ {card} ({expected}); lượt KCB đúng tuyến (MA_DOITUONG_KCB {doituong}) ghi mức hưởng của thẻ hoặc 100',
      en: 'MUC_HUONG = {actual} does not match the benefit of card {card} ({expected}); an on-route visit (MA_DOITUONG_KCB {doituong}) writes the card benefit or 100',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'On-route visits with the full card benefit (MA_DOITUONG_KCB 1.1–1.7, 2): each XML2/XML3 line inside the BHYT scope (PHAM_VI 1, TYLE_TT_BH > 0) has MUC_HUONG equal to the percent of the card benefit digit (1, 2, 5 → 100; 3 → 95; 4 → 80) or 100. Off-route and 2025 self-referral codes are not applicable. Medium (benefit digit mapping from QĐ 1351, not the appendix): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const cards = val(x1, 'MA_THE_BHYT');
      if (!x1 || !cards || !onRouteFullBenefit(x1)) continue;
      const allowed = cardPercents(cards);
      if (allowed.size === 0) continue; // card format is PILOT.IDENTITY.CARD_FORMAT's
      allowed.add(100);
      const expected = [...allowed].sort((a, b) => a - b).join(' hoặc ');
      // a loop, not map(): map's result has another hidden class once map is optimised (the loop below deoptimised)
      const allowedDec: Decimal[] = [];
      for (const p of allowed) allowedDec.push(PERCENT[p] ?? dec(p));
      for (const table of ['XML2', 'XML3']) {
        for (const row of rowsOf(h, table)) {
          if (val(row, 'PHAM_VI')?.trim() !== '1') continue;
          const tyle = money(row, 'TYLE_TT_BH');
          const muc = money(row, 'MUC_HUONG');
          if (!muc || !tyle || cmp(tyle, ZERO) <= 0) continue;
          let ok = false;
          for (const p of allowedDec) if (cmp(muc, p) === 0) (ok = true);
          if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'MUC_HUONG'), actual: val(row, 'MUC_HUONG'), expected, data: { card: cards, doituong: val(x1, 'MA_DOITUONG_KCB')! } });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const wrong = outpatientRecord();
  wrong.XML2[0].MUC_HUONG = '95';
  priceRecord(wrong);
  const fullCost = outpatientRecord();
  for (const r of [...fullCost.XML2, ...fullCost.XML3]) r.MUC_HUONG = '100';
  priceRecord(fullCost);
  const offRoute = outpatientRecord();
  offRoute.XML1[0].MA_DOITUONG_KCB = '3.3';
  for (const r of [...offRoute.XML2, ...offRoute.XML3]) r.MUC_HUONG = '32';
  priceRecord(offRoute);

  return {
    valid: [
      fixture('80% card with MUC_HUONG 80', envelopeXml([outpatientRecord()])),
      fixture('80% card with MUC_HUONG 100 (cost under 15% of the base salary)', envelopeXml([fullCost])),
      fixture('off-route visit: reduced MUC_HUONG not checked here', envelopeXml([offRoute])),
    ],
    invalid: [fixture('80% card (DN4) with a drug line at 95', envelopeXml([wrong]), { profile: 'strict' })],
  };
});
