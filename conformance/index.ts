/** Public API of the conformance engine (package export "."). */
export { checkPackage, checkParsed, ENGINE_VERSION, FIXED_CHECKED_AT, type CheckPackageOptions } from './check.ts';
export { decodePackage, decodeBase64Strict, EnvelopeError, layoutFromEndpoint, recogniseXml13, type DecodedPackage, type DecodeOptions, type EnvelopeNotice, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_MARKUP, DEFAULT_MAX_ROWS } from './envelope/decode.ts';
export { TRUNCATED_RULE_ID, DEFAULT_MAX_LISTED, DEFAULT_MAX_LISTED_PER_RULE } from './rules/field/listing.ts';
export { selectLayout } from './layout.ts';
export { allRules, ruleModules, ruleGroups, fieldRuleIds, ruleMeta, allRuleMetas, rulesMarkdown } from './rules/registry.ts';
export { getLayout, rawCatalogue, ALL_TABLES, type Layout, type TableSpec, type FieldSpec } from './catalogue/catalogue.ts';
export * from './result.ts';
export type * from './model.ts';
export type * from './rules/contract.ts';
export { runRule, fillTemplate } from './rules/contract.ts';
export { parseXml, XmlParseError } from './xml/parse.ts';
export { projectHealthBook, healthBookKeys, sortNewestFirst, missingHealthBookItems, type HealthBookEntry } from './healthbook.ts';
export { generateXsd } from './xsd.ts';
