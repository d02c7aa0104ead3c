/** Hand-written rules of the "pilot" group, collected for conformance/rules/registry.ts. */
import type { RuleModule } from '../contract.ts';

export const rules: RuleModule[] = [];
