import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_PROFILE, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.STRUCTURE',
  confidence: 'medium',
  citation: CITE_PROFILE,
  what: { vi: 'cấu trúc', en: 'structure' },
  description_en: 'Signature holds one SignedInfo (CanonicalizationMethod, SignatureMethod, Reference), one SignatureValue, one KeyInfo with X509Data/X509Certificate, and no Object with content.',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed()],
    invalid: [fx.objectContent()],
  };
});
