/** PILOT.IDENTITY.CARD_FORMAT — insured patients carry well-formed 15-character card numbers. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { checkinRow, checkinXml, envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { CARD_RE, splitCards } from '../../pilot/identity.ts';
import { has, loc, rowsOf, val } from '../../pilot/rule-helpers.ts';

const PARALLEL_LISTS = ['MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN'];

export const rule: Rule = {
  meta: {
    id: 'PILOT.IDENTITY.CARD_FORMAT',
    severity: 'error',
    tables: ['XML1', 'XML0'],
    fields: ['MA_THE_BHYT', ...PARALLEL_LISTS],
    citation: {
      decision: 'QĐ 2733/QĐ-BYT; QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); QĐ 1666/QĐ-BHXH (mẫu thẻ BHYT)',
      clause: 'QĐ 2733 PL01 Điều 2 (tiếp nhận bằng số thẻ BHYT); QĐ 130 Bảng 1 chỉ tiêu MA_THE_BHYT (15 ký tự; nhiều thẻ cách nhau dấu ";" kèm MA_DKBD, GT_THE_TU, GT_THE_DEN tương ứng)',
    },
    messages: {
      vi: '{field} = "{actual}" không hợp lệ (số thẻ: {n}); hãy ghi mỗi thẻ 15 ký tự (2 chữ in hoa, mức hưởng 1–5, 12 chữ số) và ở MA_THE_BHYT, MA_DKBD, GT_THE_TU, GT_THE_DEN mỗi thẻ một giá trị, cách nhau dấu chấm phẩy',
      en: '{field} = "{actual}" is not valid (cards: {n}); write each card as 15 characters (2 capitals, benefit level 1–5, 12 digits) and one value per card in MA_THE_BHYT, MA_DKBD, GT_THE_TU, GT_THE_DEN, separated by ";"',
    },
    since: '2733',
    confidence: 'high',
    description_en: 'Each card of MA_THE_BHYT (";"-separated when the card changed) is 2 letters + benefit level 1–5 + 12 digits; MA_DKBD, GT_THE_TU and GT_THE_DEN list one value per card.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const t of ['XML1', 'XML0']) {
        for (const row of rowsOf(h, t)) {
          if (!has(row, 'MA_THE_BHYT')) continue;
          const cards = splitCards(val(row, 'MA_THE_BHYT')!);
          // the list of bad cards is built only when reported (a pass is usually only counted)
          let ok = !(t === 'XML0' && cards.length > 1); // XML0 carries one card
          for (let i = 0; ok && i < cards.length; i++) ok = CARD_RE.test(cards[i]);
          if (!(ok && ctx.counted('pass', row.table))) {
            const bad = badCards(cards, t);
            ctx.report({
              outcome: bad.length ? 'fail' : 'pass',
              location: loc(h, row, 'MA_THE_BHYT'),
              // an empty item (e.g. a trailing ';') is named by showing the whole value, never an empty placeholder
              actual: bad.length === 0 ? undefined : bad.some((c) => c === '') ? val(row, 'MA_THE_BHYT') : bad.join(';'),
              data: { n: cards.length },
              expected: '2 capital letters, benefit level 1–5, 12 digits',
            });
          }
          for (const f of PARALLEL_LISTS) {
            if (!has(row, f)) continue;
            const n = val(row, f)!.split(';').length;
            if (!((n === cards.length) && ctx.counted('pass', row.table))) ctx.report({ outcome: n === cards.length ? 'pass' : 'fail', location: loc(h, row, f), actual: val(row, f), expected: `${cards.length} × ";"-separated`, data: { n: cards.length } });
          }
        }
      }
    }
  },
};

/** The cards that fail the format, then (XML0 carries one card) every card after the first. */
function badCards(cards: readonly string[], table: string): string[] {
  const bad = cards.filter((c) => !CARD_RE.test(c));
  if (table === 'XML0' && cards.length > 1) bad.push(...cards.slice(1));
  return bad;
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const changed = outpatientRecord();
  Object.assign(changed.XML1[0], { MA_THE_BHYT: 'DN4010123456789;HT3010123456789', MA_DKBD: '01001;01001', GT_THE_TU: '20250101;20251001', GT_THE_DEN: '20250930;20261231' });
  const shortCard = outpatientRecord();
  shortCard.XML1[0].MA_THE_BHYT = 'DN401012345678';
  const trailingSep = outpatientRecord();
  trailingSep.XML1[0].MA_THE_BHYT = 'DN4010123456789;';
  const badLevel = outpatientRecord();
  Object.assign(badLevel.XML1[0], { MA_THE_BHYT: 'DN4010123456789;HT9010123456789', MA_DKBD: '01001', GT_THE_TU: '20250101;20251001', GT_THE_DEN: '20250930;20261231' });

  return {
    valid: [
      fixture('one card', envelopeXml([outpatientRecord()])),
      fixture('card changed during the visit', envelopeXml([changed])),
      fixture('check-in with one card', checkinXml([checkinRow()])),
    ],
    invalid: [
      fixture('14-character card', envelopeXml([shortCard])),
      fixture('trailing ";" (empty card item)', envelopeXml([trailingSep])),
      fixture('benefit level 9 and one MA_DKBD for two cards', envelopeXml([badLevel]), undefined, 2),
    ],
  };
});
