import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_1245_PROFILE, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.ALGORITHMS',
  confidence: 'medium',
  citation: CITE_1245_PROFILE,
  what: { vi: 'thuật toán', en: 'algorithms' },
  description_en: 'CanonicalizationMethod inclusive C14N 2001 (exclusive C14N also accepted), SignatureMethod RSA-SHA256, DigestMethod SHA-256.',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed(), fx.signedExclusive()],
    invalid: [fx.rsaSha1()],
  };
});
