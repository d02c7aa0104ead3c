/** Hand-written rules of the "signature" group, collected for conformance/rules/registry.ts. */
import type { RuleModule } from '../contract.ts';

export const rules: RuleModule[] = [];
