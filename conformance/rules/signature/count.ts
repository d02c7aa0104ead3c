import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_1245_PROFILE, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.COUNT',
  confidence: 'high',
  citation: CITE_1245_PROFILE,
  what: { vi: 'số lượng chữ ký', en: 'count' },
  description_en: 'Exactly one XMLDSig Signature element in the whole document (a second one signals a wrapping attack).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed(), fx.signedCheckin()],
    invalid: [fx.wrapped()],
  };
});
