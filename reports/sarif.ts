/**
 * SARIF 2.1.0 report: one run per checked file. tool.driver.rules come from rule metadata (help text and
 * citation); a rule seen in findings but absent from the metadata gets a descriptor built from its first
 * finding, so every result has a ruleIndex.
 *
 * Locations: artifactLocation.uri = the file name plus a `#XML1`-style table anchor (line/column refer to the
 * decoded inner table, not to the base64 envelope), plus a logical location table/row/field.
 */
import type { Finding, Result } from '../conformance/result.ts';
import type { RuleMeta } from '../conformance/rules/contract.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  toolName?: string;
  toolVersion?: string;
  /** rule metadata listed up front in tool.driver.rules (e.g. every rule of the registry) */
  rules?: RuleMeta[];
  /** metadata lookup for rule ids met in findings (e.g. registry `ruleMeta`): only rules that have results are listed */
  lookupRule?: (id: string) => RuleMeta | undefined;
  /** also emit pass / skip / not-applicable results (kind pass / notApplicable); default false */
  includeAll?: boolean;
}

type Level = 'error' | 'warning' | 'note' | 'none';

function levelOf(f: Finding): Level {
  if (f.outcome === 'error') return 'error';
  if (f.outcome === 'warning') return 'warning';
  if (f.outcome === 'fail') return f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note';
  return 'none';
}

function kindOf(f: Finding): string {
  switch (f.outcome) {
    case 'pass':
      return 'pass';
    case 'skip':
    case 'not-applicable':
      return 'notApplicable';
    default:
      return 'fail';
  }
}

/** A relative URI reference for a file name: each path segment percent-encoded. */
export function fileUri(fileName: string): string {
  return fileName
    .replace(/\\/g, '/')
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function citationText(c: Finding['citation']): string {
  return `${c.decision}; ${c.clause}${c.source ? ` [${c.source}]` : ''}`;
}

function descriptorFromMeta(m: RuleMeta): Record<string, unknown> {
  return {
    id: m.id,
    name: m.id.replace(/[^A-Za-z0-9]+/g, '_'),
    shortDescription: { text: m.description_en },
    fullDescription: { text: `${m.messages.vi} / ${m.messages.en}` },
    help: {
      text: `${m.description_en}\nCăn cứ / basis: ${citationText(m.citation)}\nVI: ${m.messages.vi}\nEN: ${m.messages.en}`,
      markdown: `${m.description_en}\n\n**Căn cứ / basis:** ${citationText(m.citation)}\n\n- VI: ${m.messages.vi}\n- EN: ${m.messages.en}`,
    },
    defaultConfiguration: { level: m.severity === 'info' ? 'note' : m.severity },
    properties: {
      citation: m.citation,
      confidence: m.confidence,
      since: m.since,
      tables: m.tables,
      fields: m.fields,
      tags: ['conformance', ...m.tables],
    },
  };
}

function descriptorFromFinding(f: Finding): Record<string, unknown> {
  return {
    id: f.ruleId,
    name: f.ruleId.replace(/[^A-Za-z0-9]+/g, '_'),
    shortDescription: { text: f.ruleId },
    help: { text: `Căn cứ / basis: ${citationText(f.citation)}` },
    defaultConfiguration: { level: f.severity === 'info' ? 'note' : f.severity },
    properties: { citation: f.citation, confidence: f.confidence, tags: ['conformance'] },
  };
}

/** One SARIF run for one Result. */
export function sarifRun(result: Result, options: SarifOptions = {}): Record<string, unknown> {
  const fileName = result.subject.fileName ?? `sha256-${result.subject.sha256}.xml`;
  const uriBase = fileUri(fileName);
  const descriptors: Record<string, unknown>[] = [];
  const index = new Map<string, number>();
  for (const m of options.rules ?? []) {
    if (index.has(m.id)) continue;
    index.set(m.id, descriptors.length);
    descriptors.push(descriptorFromMeta(m));
  }
  const results: Record<string, unknown>[] = [];
  const notifications: Record<string, unknown>[] = [];
  for (const f of result.findings) {
    const wanted = options.includeAll || f.outcome === 'fail' || f.outcome === 'warning' || f.outcome === 'error';
    if (!wanted) continue;
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, descriptors.length);
      const meta = options.lookupRule?.(f.ruleId);
      descriptors.push(meta ? descriptorFromMeta(meta) : descriptorFromFinding(f));
    }
    const l = f.location;
    const table = l.table ?? 'ENVELOPE';
    const physicalLocation: Record<string, unknown> = {
      artifactLocation: { uri: `${uriBase}#${encodeURIComponent(l.document ?? table)}` },
    };
    if (l.line !== undefined && l.line >= 1) {
      physicalLocation.region = { startLine: l.line, ...(l.col !== undefined && l.col >= 1 ? { startColumn: l.col } : {}) };
    }
    const logical = [table, l.row !== undefined ? `row[${l.row}]` : undefined, l.field].filter(Boolean).join('/');
    results.push({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: levelOf(f),
      kind: kindOf(f),
      message: { text: `${f.message_vi} / ${f.message_en}` },
      locations: [{ physicalLocation, logicalLocations: [{ fullyQualifiedName: logical, kind: l.field ? 'element' : 'object' }] }],
      properties: {
        outcome: f.outcome,
        severity: f.severity,
        confidence: f.confidence,
        citation: f.citation,
        ...(f.actual !== undefined ? { actual: f.actual } : {}),
        ...(f.expected !== undefined ? { expected: f.expected } : {}),
        ...(f.reason !== undefined ? { reason: f.reason } : {}),
        location: l,
      },
    });
    if (f.outcome === 'error') {
      notifications.push({ level: 'error', message: { text: `${f.ruleId}: ${f.reason ?? f.message_en}` }, descriptor: { id: f.ruleId } });
    }
  }
  return {
    tool: {
      driver: {
        name: options.toolName ?? 'sskdt-lab',
        version: options.toolVersion ?? result.engineVersion,
        semanticVersion: options.toolVersion ?? result.engineVersion,
        rules: descriptors,
      },
    },
    artifacts: [{ location: { uri: uriBase }, length: result.subject.bytes, hashes: { 'sha-256': result.subject.sha256 } }],
    invocations: [{ executionSuccessful: result.summary.counts.error === 0, toolExecutionNotifications: notifications }],
    results,
    properties: {
      verdict: result.summary.verdict,
      layout: result.layout,
      profile: result.profile,
      counts: result.summary.counts,
      checkedAt: result.checkedAt,
    },
  };
}

export function sarifOpen(): string {
  return `{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[\n`;
}
export function sarifClose(): string {
  return '\n]}\n';
}

/** A complete SARIF log with one run per Result. */
export function renderSarif(results: Result[], options: SarifOptions = {}): string {
  return JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: results.map((r) => sarifRun(r, options)) }, null, 2);
}
