import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_PROFILE, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.REFERENCE.URI',
  confidence: 'medium',
  citation: CITE_PROFILE,
  what: { vi: 'tham chiếu', en: 'reference' },
  description_en: 'Exactly one Reference, with URI="" (the whole document); Id-based references (URI="#…") are refused against signature wrapping.',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed()],
    invalid: [fx.idReference()],
  };
});
