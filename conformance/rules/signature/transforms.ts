import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_PROFILE, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.TRANSFORMS',
  confidence: 'medium',
  citation: CITE_PROFILE,
  what: { vi: 'phép biến đổi', en: 'transforms' },
  description_en: 'The Reference transforms are enveloped-signature, optionally followed by one C14N 1.0 (inclusive or exclusive, without comments).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed(), fx.signedExclusive()],
    invalid: [fx.xpathTransform()],
  };
});
