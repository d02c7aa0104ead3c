/**
 * Every rule the engine runs: the catalogue-driven field rules of a layout (generated, ./field) and the
 * hand-written groups (signature, cross-table, pilot), each a list of RuleModules with fixtures.
 */
import { ALL_TABLES } from '../catalogue/catalogue.ts';
import { ENVELOPE_META, listMissingMeta } from '../envelope/rules.ts';
import type { LayoutId } from '../result.ts';
import type { Rule, RuleMeta, RuleModule } from './contract.ts';
import { rules as crossRules } from './cross/index.ts';
import { fieldRules } from './field/index.ts';
import { rules as pilotRules } from './pilot/index.ts';
import { rules as signatureRules } from './signature/index.ts';

export type RuleGroup = 'signature' | 'cross' | 'pilot';

/** Hand-written rule modules by group, in the order checkPackage runs them. */
export function ruleGroups(): { group: RuleGroup; modules: RuleModule[] }[] {
  return [
    { group: 'cross', modules: crossRules },
    { group: 'signature', modules: signatureRules },
    { group: 'pilot', modules: pilotRules },
  ];
}

/** The hand-written rule modules (with fixtures). */
export function ruleModules(): RuleModule[] {
  return ruleGroups().flatMap((g) => g.modules);
}

/** Field rules of the layout followed by the hand-written rules. */
export function allRules(layout: LayoutId = '4750', overlay1931 = true): Rule[] {
  return [...fieldRules(layout, overlay1931), ...ruleModules().map((m) => m.rule)];
}

/** Ids of the catalogue-driven rules of a layout. */
export function fieldRuleIds(layout: LayoutId, overlay1931 = true): string[] {
  return fieldRules(layout, overlay1931).map((r) => r.meta.id);
}

let metaIndex: Map<string, RuleMeta> | null = null;

/** Metadata of any rule id a Result can carry (field, structure, envelope, hand-written); undefined if unknown. */
export function ruleMeta(id: string): RuleMeta | undefined {
  if (!metaIndex) {
    metaIndex = new Map(ENVELOPE_META);
    for (const t of ALL_TABLES) metaIndex.set(`${t}.STRUCTURE.LIST_MISSING`, listMissingMeta(t));
    // 3176 first, then 4750 and the pre-1931 variants: the 4750 metadata wins for ids both layouts share.
    for (const [layout, o] of [['3176', true], ['3176', false], ['4750', false], ['4750', true]] as const) {
      for (const r of fieldRules(layout, o)) metaIndex.set(r.meta.id, r.meta);
    }
    for (const m of ruleModules()) metaIndex.set(m.rule.meta.id, m.rule.meta);
  }
  return metaIndex.get(id);
}

/** Every distinct rule id with its metadata (both layouts), for docs/rules.md and `sskdt-lab rules`. */
export function allRuleMetas(): RuleMeta[] {
  ruleMeta('');
  return [...metaIndex!.values()];
}
