/** CROSS.REFERRAL.PAPER — a patient referred in (MA_NOI_DI) comes with the referral paper's number (GIAY_CHUYEN_TUYEN). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, has, loc, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.REFERRAL.PAPER',
    severity: 'error',
    tables: ['XML1'],
    fields: ['MA_NOI_DI', 'GIAY_CHUYEN_TUYEN'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); TT 01/2025/TT-BYT (hồ sơ chuyển người bệnh)',
      clause: 'Bảng 1, chỉ tiêu MA_NOI_DI (cơ sở chuyển người bệnh đi) và GIAY_CHUYEN_TUYEN (số giấy chuyển tuyến): người bệnh chuyển đến có giấy chuyển tuyến của nơi chuyển đi',
    },
    messages: {
      vi: 'Người bệnh được chuyển từ cơ sở {actual} (MA_NOI_DI) nhưng GIAY_CHUYEN_TUYEN để trống; ghi số giấy chuyển tuyến của nơi chuyển đi',
      en: 'The patient was referred from facility {actual} (MA_NOI_DI) but GIAY_CHUYEN_TUYEN is empty; write the number of the referring facility\'s referral paper',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'XML1 with MA_NOI_DI has GIAY_CHUYEN_TUYEN. Medium (an emergency transfer may arrive before its paper): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1 || !has(x1, 'MA_NOI_DI')) continue;
      const ok = has(x1, 'GIAY_CHUYEN_TUYEN');
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, ok ? 'GIAY_CHUYEN_TUYEN' : 'MA_NOI_DI'), actual: val(x1, 'MA_NOI_DI') });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const referred = outpatientRecord();
  Object.assign(referred.XML1[0], { MA_NOI_DI: '01002', GIAY_CHUYEN_TUYEN: '125/2025/CT', MA_DOITUONG_KCB: '1.3' });
  const noPaper = outpatientRecord();
  Object.assign(noPaper.XML1[0], { MA_NOI_DI: '01002', MA_DOITUONG_KCB: '1.3' });
  return {
    valid: [fixture('referred in with the paper; not referred', envelopeXml([referred, outpatientRecord('LK20251006031')]))],
    invalid: [fixture('referred in without the paper number', envelopeXml([noPaper]), { profile: 'strict' })],
  };
});
