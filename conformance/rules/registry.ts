/**
 * Every rule the engine runs: the catalogue-driven field rules of a layout (generated, ./field) and the
 * hand-written groups (signature, cross-table, pilot), each a list of RuleModules with fixtures.
 */
import { ALL_TABLES, getLayout } from '../catalogue/catalogue.ts';
import { ENVELOPE_META, listMissingMeta } from '../envelope/rules.ts';
import type { LayoutId } from '../result.ts';
import type { Rule, RuleMeta, RuleModule } from './contract.ts';
import { rules as crossRules } from './cross/index.ts';
import { fieldRules } from './field/index.ts';
import { TRUNCATED_RULE_ID } from './field/listing.ts';
import { rules as pilotRules } from './pilot/index.ts';
import { rules as signatureRules } from './signature/index.ts';
import { rules as catalogueRules } from './catalogue/index.ts';

export type RuleGroup = 'signature' | 'cross' | 'pilot' | 'catalogue';

/** Hand-written rule modules by group, in the order checkPackage runs them. */
export function ruleGroups(): { group: RuleGroup; modules: RuleModule[] }[] {
  return [
    { group: 'cross', modules: crossRules },
    { group: 'signature', modules: signatureRules },
    { group: 'pilot', modules: pilotRules },
    { group: 'catalogue', modules: catalogueRules },
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

/** The marker a Result lists when a rule's findings were cut (see ./field/listing.ts); not a verdict on the data. */
const TRUNCATED_META: RuleMeta = {
  id: TRUNCATED_RULE_ID,
  severity: 'info',
  tables: [],
  fields: [],
  citation: { decision: 'Quy định của phòng thử nghiệm (giới hạn báo cáo)', clause: 'Số kết quả liệt kê tối đa', source: 'conformance/rules/field/listing.ts' },
  messages: { vi: '{detail_vi}', en: '{detail_en}' },
  since: '130',
  confidence: 'high',
  description_en: 'Listing truncated: more findings of one rule than the listing cap (the summary counts all of them)',
};

/** Metadata of any rule id a Result can carry (field, structure, envelope, hand-written); undefined if unknown. */
export function ruleMeta(id: string): RuleMeta | undefined {
  if (!metaIndex) {
    metaIndex = new Map(ENVELOPE_META);
    metaIndex.set(TRUNCATED_RULE_ID, TRUNCATED_META);
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

/**
 * docs/rules.md: every rule id the engine can emit. Field rules are listed per table and field (the id is
 * `TABLE.FIELD.KIND`); hand-written and envelope rules one per line with their citation.
 *   node --import tsx -e "import('./conformance/rules/registry.ts').then((m) => process.stdout.write(m.rulesMarkdown()))" > docs/rules.md
 */
export function rulesMarkdown(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out: string[] = [
    '# Rule ids',
    '',
    'Generated from the registry (`rulesMarkdown()` in conformance/rules/registry.ts); do not edit by hand.',
    'Regenerate: `node --import tsx -e "import(\'./conformance/rules/registry.ts\').then((m) => process.stdout.write(m.rulesMarkdown()))" > docs/rules.md`.',
    '',
    '## Envelope',
    '',
    '| id | severity | basis | description |',
    '|---|---|---|---|',
  ];
  for (const m of ENVELOPE_META.values()) out.push(`| \`${m.id}\` | ${m.severity} | ${esc(m.citation.decision)}: ${esc(m.citation.clause)} | ${esc(m.description_en)} |`);
  out.push('', '## Hand-written rules', '');
  for (const { group, modules } of ruleGroups()) {
    out.push(`### ${group} (${modules.length})`, '', '| id | severity | confidence | since | basis | description |', '|---|---|---|---|---|---|');
    for (const { rule } of modules) {
      const m = rule.meta;
      out.push(`| \`${m.id}\` | ${m.severity} | ${m.confidence} | ${m.since} | ${esc(m.citation.decision)}: ${esc(m.citation.clause)} | ${esc(m.description_en)} |`);
    }
    out.push('');
  }
  out.push(
    '## Catalogue-driven field rules',
    '',
    'Generated from conformance/catalogue/xml-fields.json at start-up (conformance/rules/field/). For every field the',
    'applicable kinds are listed; the rule id is `TABLE.FIELD.KIND`. Every table also has `TABLE.STRUCTURE.UNKNOWN_ELEMENT`,',
    '`TABLE.STRUCTURE.DUPLICATE_ELEMENT`, `TABLE.STRUCTURE.ORDER` (warning) and `TABLE.STRUCTURE.LIST_MISSING`.',
    'Kinds: REQUIRED (presence; `REQUIRED?` = conditional, see conformance/rules/field/conditions.ts), TYPE, LENGTH (code points),',
    'FORMAT (catalogue pattern, `;` items), CODELIST (conformance/codelists, chosen by visit date). Layout 3176 differs in XML13',
    '(marked ³¹⁷⁶ or ⁴⁷⁵⁰ where a field exists in one layout only).',
    '',
  );
  const ids4750 = new Set(fieldRuleIds('4750'));
  const ids3176 = new Set(fieldRuleIds('3176'));
  const metas = [...new Map([...fieldRules('4750'), ...fieldRules('3176')].map((r) => [r.meta.id, r.meta])).values()];
  const byTable = new Map<string, Map<string, { kinds: string[]; conf: string; since: string; clause: string; only?: string }>>();
  for (const m of metas) {
    const [table, field, kind] = m.id.split('.');
    if (field === 'STRUCTURE') continue;
    const t = byTable.get(table) ?? byTable.set(table, new Map()).get(table)!;
    const e = t.get(field) ?? { kinds: [], conf: m.confidence, since: m.since, clause: m.citation.clause };
    const conditional = kind === 'REQUIRED' && isConditional(table, field);
    e.kinds.push(conditional ? 'REQUIRED?' : kind);
    if (!ids4750.has(m.id)) e.only = '³¹⁷⁶';
    else if (!ids3176.has(m.id)) e.only = '⁴⁷⁵⁰';
    t.set(field, e);
  }
  for (const table of ALL_TABLES) {
    const t = byTable.get(table);
    if (!t) continue;
    out.push(`### ${table} (${t.size} fields)`, '', '| field | kinds | confidence | since |', '|---|---|---|---|');
    for (const [field, e] of t) out.push(`| ${field}${e.only ?? ''} | ${e.kinds.join(' ')} | ${e.conf} | ${e.since} |`);
    out.push('');
  }
  out.push(`Totals: ${ids4750.size} field/structure rule ids in layout 4750, ${ids3176.size} in layout 3176; ${ruleModules().length} hand-written rules.`, '');
  return out.join('\n');
}

function isConditional(table: string, field: string): boolean {
  return getLayout('4750').tables.get(table)?.byName.get(field)?.required === 'conditional' || getLayout('3176').tables.get(table)?.byName.get(field)?.required === 'conditional';
}
