// Runtime entry of `sskdt-lab` for plain Node (no TypeScript loader in the user's project): the sources are
// TypeScript, so register tsx's loader before importing them. TypeScript users get types from index.ts;
// test/package-entries.test.ts keeps this list equal to index.ts's runtime exports.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./index.ts');

export const {
  ALL_TABLES,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LISTED,
  DEFAULT_MAX_LISTED_PER_RULE,
  DEFAULT_MAX_MARKUP,
  DEFAULT_MAX_ROWS,
  ENGINE_VERSION,
  EnvelopeError,
  FIXED_CHECKED_AT,
  RESULT_SCHEMA_VERSION,
  SummaryBuilder,
  TRUNCATED_RULE_ID,
  XmlParseError,
  allRuleMetas,
  allRules,
  checkPackage,
  checkParsed,
  decodeBase64Strict,
  decodePackage,
  emptyCounts,
  fieldRuleIds,
  fillTemplate,
  generateXsd,
  getLayout,
  healthBookKeys,
  isProblem,
  layoutFromEndpoint,
  missingHealthBookItems,
  parseXml,
  projectHealthBook,
  rawCatalogue,
  recogniseXml13,
  ruleGroups,
  ruleMeta,
  ruleModules,
  rulesMarkdown,
  runRule,
  selectLayout,
  sortNewestFirst,
  summarize,
} = mod;
