import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_2733, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.CERT.CHAIN',
  confidence: 'high',
  citation: CITE_2733,
  what: { vi: 'chuỗi chứng thư', en: 'certificate chain' },
  description_en: 'The signing certificate chains to a configured trust anchor: issuer name AND signature verified at each step, CA flag on issuers (a rogue CA copying the name fails).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed()],
    invalid: [fx.rogue()],
  };
});
