/** CROSS.BENEFIT.OFF_ROUTE_OWN — an off-route code (MA_DOITUONG_KCB 3.x) at the facility the card is registered with. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, val, xml1Of } from '../../pilot/rule-helpers.ts';
import { items, offRoute } from './claim-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.BENEFIT.OFF_ROUTE_OWN',
    severity: 'error',
    tables: ['XML1'],
    fields: ['MA_DOITUONG_KCB', 'MA_DKBD', 'MA_CSKCB'],
    citation: {
      decision: 'Luật BHYT Điều 22 khoản 3 (KCB không đúng tuyến); QĐ 3276/QĐ-BYT (mã đối tượng đến KCB: 1.1 đến KCB đúng cơ sở đăng ký ban đầu, 3.x tự đến / trái tuyến)',
      clause: 'Bảng 1, chỉ tiêu MA_DOITUONG_KCB và MA_DKBD',
    },
    messages: {
      vi: 'MA_DOITUONG_KCB = {actual} (trái tuyến) nhưng thẻ đăng ký KCB ban đầu tại chính cơ sở này (MA_DKBD = MA_CSKCB = {facility}); người bệnh đến đúng nơi đăng ký ban đầu ghi 1.1',
      en: 'MA_DOITUONG_KCB = {actual} (off-route) but the card is registered at this very facility (MA_DKBD = MA_CSKCB = {facility}); a patient at the registered facility is 1.1: write 1.1',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'An off-route visit code (MA_DOITUONG_KCB 3 or 3.x) while the last MA_DKBD equals MA_CSKCB is a contradiction. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1 || !offRoute(x1)) continue;
      const dkbd = items(x1, 'MA_DKBD');
      const facility = val(x1, 'MA_CSKCB')?.trim();
      if (dkbd.length === 0 || !facility) continue;
      const ok = dkbd[dkbd.length - 1] !== facility;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, 'MA_DOITUONG_KCB'), actual: val(x1, 'MA_DOITUONG_KCB'), expected: '1.1', data: { facility } });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const elsewhere = outpatientRecord();
  Object.assign(elsewhere.XML1[0], { MA_DOITUONG_KCB: '3.3', MA_DKBD: '01002' });
  const own = outpatientRecord();
  own.XML1[0].MA_DOITUONG_KCB = '3.3';

  return {
    valid: [fixture('off-route patient registered elsewhere; on-route patient registered here', envelopeXml([elsewhere, outpatientRecord('LK20251006009')]))],
    invalid: [fixture('off-route code for a patient registered here', envelopeXml([own]), { profile: 'strict' })],
  };
});
