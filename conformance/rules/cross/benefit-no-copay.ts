/** CROSS.BENEFIT.NO_COPAY — a 100% card without a cost cap (benefit digit 1 or 5) on an on-route visit has no co-payment. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, ZERO } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, money, val, xml1Of } from '../../pilot/rule-helpers.ts';
import { listItems, onRouteFullBenefit } from './claim-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.BENEFIT.NO_COPAY',
    severity: 'error',
    scope: 'package',
    tables: ['XML1'],
    fields: ['MA_THE_BHYT', 'MA_DOITUONG_KCB', 'T_BNCCT'],
    citation: {
      decision: 'Luật BHYT Điều 22 khoản 1 điểm a (mức hưởng 100% chi phí KCB); QĐ 1351/QĐ-BHXH (mã mức hưởng 1 và 5: 100% không giới hạn tỷ lệ thanh toán)',
      clause: 'Bảng 1, chỉ tiêu T_BNCCT (tổng số tiền người bệnh cùng chi trả trong phạm vi quyền lợi)',
    },
    messages: {
      vi: 'Thẻ {card} có mức hưởng 100% (ký tự thứ 3 là {digit}) và lượt KCB đúng tuyến nhưng T_BNCCT = {actual}; người bệnh không cùng chi trả, ghi T_BNCCT = 0',
      en: 'Card {card} has a 100% benefit (3rd character {digit}) and the visit is on-route but T_BNCCT = {actual}; the patient has no co-payment, write T_BNCCT = 0',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'Every card of the stay has benefit digit 1 or 5 and the visit is on-route with the full benefit (MA_DOITUONG_KCB 1.1–1.7, 2): XML1 T_BNCCT = 0. Digit 2 (100% with a high-technology cap) is not checked. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const cards = listItems(val(x1, 'MA_THE_BHYT') ?? '');
      if (!x1 || cards.length === 0 || !onRouteFullBenefit(x1)) continue;
      const digits = new Set<string | undefined>();
      let full = true;
      for (const c of cards) {
        const d = c[2];
        digits.add(d);
        if (d !== '1' && d !== '5') full = false;
      }
      if (!full) continue;
      const copay = money(x1, 'T_BNCCT');
      if (copay === undefined) continue;
      const ok = cmp(copay, ZERO) === 0;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, 'T_BNCCT'), actual: val(x1, 'T_BNCCT'), expected: '0', data: { card: cards.join(';'), digit: [...digits].join('/') } });
    }
  },
};

function childCard(mucHuong: string) {
  const rec = outpatientRecord();
  Object.assign(rec.XML1[0], { MA_THE_BHYT: 'TE1010123456789' });
  for (const r of [...rec.XML2, ...rec.XML3]) r.MUC_HUONG = mucHuong;
  return priceRecord(rec);
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('child card (TE1) at 100%: no co-payment', envelopeXml([childCard('100')]))],
    invalid: [fixture('child card (TE1) billed at 80%: co-payment', envelopeXml([childCard('80')]), { profile: 'strict' })],
  };
});
