import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_2733_1245, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.VALUE',
  confidence: 'high',
  citation: CITE_2733_1245,
  what: { vi: 'giá trị chữ ký', en: 'signature value' },
  description_en: 'SignatureValue is a valid RSA-SHA256 signature of the canonical SignedInfo under the KeyInfo certificate’s public key.',
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed(), fx.signedCheckin()],
    invalid: [fx.wrongKey()],
  };
});
