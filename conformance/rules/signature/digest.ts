import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_2733_1245, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.DIGEST',
  confidence: 'high',
  citation: CITE_2733_1245,
  what: { vi: 'giá trị băm', en: 'digest' },
  description_en: 'The SHA-256 digest of the canonical document without the Signature equals DigestValue: nothing was changed after signing (whitespace included).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed(), fx.signedExclusive(), fx.signedCheckin()],
    invalid: [fx.tamperedDate(), fx.whitespace()],
  };
});
