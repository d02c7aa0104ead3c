/**
 * The catalogue-driven field rules as `Rule` objects (for listings, docs, the CLI and single-rule runs).
 * checkPackage runs them all at once through the compiled engine (./engine.ts), which is much faster.
 */
import { getLayout } from '../../catalogue/catalogue.ts';
import type { LayoutId } from '../../result.ts';
import type { Rule } from '../contract.ts';
import { compileLayout, runFieldRules, type FieldRuleDef } from './engine.ts';

const ruleCache = new Map<string, Rule[]>();

function asRule(def: FieldRuleDef): Rule {
  const only = new Set([def.id]);
  return {
    meta: def.meta,
    check(ctx) {
      const { findings } = runFieldRules(ctx.pkg, { options: ctx.options, all: ctx.options.findings === 'all', only });
      for (const f of findings) {
        ctx.report({ outcome: f.outcome, location: f.location, actual: f.actual, expected: f.expected, reason: f.reason, severity: f.severity, data: { detail_vi: f.message_vi, detail_en: f.message_en } });
      }
    },
  };
}

/** Field rules of a layout (with the QĐ 1931 overlay unless told otherwise). */
export function fieldRules(layout: LayoutId, overlay1931 = true): Rule[] {
  const key = `${layout}:${overlay1931}`;
  let rules = ruleCache.get(key);
  if (!rules) {
    rules = compileLayout(getLayout(layout, overlay1931)).defs.map(asRule);
    ruleCache.set(key, rules);
  }
  return rules;
}

export { compileLayout, runFieldRules } from './engine.ts';
