/** CROSS.CARD.FIELDS — a claim with a card number gives the card's registered facility and validity. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord, uninsuredRecord } from '../fixtures-kit.ts';
import { has, loc, xml1Of } from '../../pilot/rule-helpers.ts';

const FIELDS = ['MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN'];

export const rule: Rule = {
  meta: {
    id: 'CROSS.CARD.FIELDS',
    severity: 'error',
    tables: ['XML1'],
    fields: ['MA_THE_BHYT', ...FIELDS],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Bảng 1, chỉ tiêu MA_THE_BHYT, MA_DKBD (mã nơi đăng ký KBCB ban đầu ghi trên thẻ), GT_THE_TU, GT_THE_DEN (giá trị thẻ): ghi theo thẻ BHYT, mỗi thẻ một giá trị cách nhau dấu ";"',
    },
    messages: {
      vi: 'Hồ sơ có thẻ BHYT {card} nhưng {actual} để trống; ghi {actual} theo thẻ (nơi đăng ký KBCB ban đầu, ngày bắt đầu và hết giá trị), mỗi thẻ một giá trị cách nhau dấu ";"',
      en: 'The record has card {card} but {actual} is empty; write {actual} from the card (registered facility, validity from and to), one value per card separated by ";"',
    },
    since: '130',
    confidence: 'high',
    description_en: 'XML1 with MA_THE_BHYT has MA_DKBD, GT_THE_TU and GT_THE_DEN (every card states them). As many values as cards: PILOT.IDENTITY.CARD_FORMAT.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1 || !has(x1, 'MA_THE_BHYT')) continue;
      const card = x1.values.get('MA_THE_BHYT')!.value;
      for (const f of FIELDS) {
        const ok = has(x1, f);
        if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'fail', location: loc(h, x1, f), actual: ok ? undefined : f, data: { card } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const empty = outpatientRecord();
  empty.XML1[0].MA_DKBD = '';
  empty.XML1[0].GT_THE_DEN = undefined;
  return {
    valid: [fixture('insured with card details; uninsured without card', envelopeXml([outpatientRecord(), uninsuredRecord()]))],
    invalid: [fixture('card without MA_DKBD and GT_THE_DEN', envelopeXml([empty]), undefined, 2)],
  };
});
