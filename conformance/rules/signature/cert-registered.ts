import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_2733, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.CERT.REGISTERED',
  confidence: 'high',
  citation: CITE_2733,
  what: { vi: 'chứng thư đã đăng ký', en: 'registered certificate' },
  description_en: 'The KeyInfo certificate is one registered for the submitting facility in the portal’s certificate registry (compared by SHA-256 fingerprint of the DER).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed()],
    invalid: [fx.unregistered()],
  };
});
