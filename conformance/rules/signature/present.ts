import { lazyFixtures, type RuleFixtures } from '../contract.ts';
import { fx } from './_fixtures.ts';
import { CITE_2733_1245, signatureRule } from './_shared.ts';

export const rule = signatureRule({
  id: 'SIG.PRESENT',
  confidence: 'high',
  citation: CITE_2733_1245,
  what: { vi: 'có chữ ký', en: 'present' },
  description_en: "In 'required' mode the document must carry a Signature in CHUKYDONVI; in 'verify-if-present' an unsigned document is a warning; 'off' makes every signature check not applicable.",
});

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fx.signed(), fx.modeOff()],
    invalid: [fx.unsignedRequired()],
  };
});
