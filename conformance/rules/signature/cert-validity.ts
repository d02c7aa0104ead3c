import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_2733, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.CERT.VALIDITY',
  confidence: 'high',
  citation: CITE_2733,
  what: { vi: 'hiệu lực chứng thư', en: 'certificate validity' },
  description_en: 'The signing certificate is valid at the time of receipt; warns when it expires within 30 days (threshold SIG.CERT.EXPIRY_WARNING_DAYS).',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed()],
    invalid: [fx.expired()],
  };
});
