import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_1245_PROFILE, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.LOCATION',
  confidence: 'high',
  citation: CITE_1245_PROFILE,
  what: { vi: 'vị trí', en: 'location' },
  description_en: 'The Signature is the only child of the root’s single CHUKYDONVI (/GIAMDINHHS/CHUKYDONVI or /CHI_TIEU_TRANG_THAI_KCB/CHUKYDONVI).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed(), fx.signedCheckin()],
    invalid: [fx.moved()],
  };
});
