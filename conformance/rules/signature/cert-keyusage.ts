import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_2733, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.CERT.KEYUSAGE',
  confidence: 'high',
  citation: CITE_2733,
  what: { vi: 'mục đích khóa', en: 'key usage' },
  description_en: 'The signing certificate’s keyUsage allows signing (digitalSignature or nonRepudiation).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed()],
    invalid: [fx.noSigningUsage()],
  };
});
