/**
 * JUnit XML report: one <testsuite> per table (per checked file), one <testcase> per rule × location.
 * fail → <failure>, error (rule crashed) → <error>, skip / not-applicable → <skipped>, warning → a passing
 * testcase whose <system-out> carries the warning (JUnit has no warning state).
 *
 * With findingsIncluded = 'problems' only problems become test cases; the suite's properties keep the number
 * of passed checks (`passed`) so the totals are not lost.
 *
 * The pieces (`junitOpen`, `junitSuites`, `junitClose`) let the CLI stream many files without holding
 * their Results; `renderJunit` builds a whole document with totals.
 */
import type { Finding, Result } from '../conformance/result.ts';
import { compareTables } from './html.ts';

// Characters not allowed in XML 1.0 (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/FFFF).
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content and attribute values (quotes and line breaks kept in attributes). */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Like escapeXml but keeps line breaks readable in element content. */
function escapeXmlText(value: unknown): string {
  return escapeXml(value).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t');
}

export function describeLocation(f: Finding): string {
  const l = f.location;
  const parts: string[] = [];
  if (l.row !== undefined) parts.push(`row ${l.row + 1}`);
  if (l.MA_LK !== undefined) parts.push(`MA_LK=${l.MA_LK}`);
  if (l.STT !== undefined) parts.push(`STT=${l.STT}`);
  if (l.field !== undefined) parts.push(l.field);
  if (l.line !== undefined) parts.push(`line ${l.line}${l.col !== undefined ? `:${l.col}` : ''}${l.document ? ` of ${l.document}` : ''}`);
  return parts.join(' ');
}

function details(f: Finding): string {
  const lines = [
    `${f.message_vi}`,
    `${f.message_en}`,
    f.actual !== undefined ? `actual: ${f.actual}` : '',
    f.expected !== undefined ? `expected: ${f.expected}` : '',
    `citation: ${f.citation.decision}; ${f.citation.clause}${f.citation.source ? ` [${f.citation.source}]` : ''}`,
    `confidence: ${f.confidence}`,
    f.reason ? `reason: ${f.reason}` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

function testcase(f: Finding, suiteClass: string): string {
  const where = describeLocation(f);
  const name = `${f.ruleId}${where ? ` @ ${where}` : ''}`;
  const head = `<testcase classname="${escapeXml(suiteClass)}" name="${escapeXml(name)}"`;
  switch (f.outcome) {
    case 'fail':
      return `${head}><failure type="${escapeXml(f.ruleId)}" message="${escapeXml(f.message_en)}">${escapeXmlText(details(f))}</failure></testcase>`;
    case 'error':
      return `${head}><error type="${escapeXml(f.ruleId)}" message="${escapeXml(f.reason ?? f.message_en)}">${escapeXmlText(details(f))}</error></testcase>`;
    case 'skip':
    case 'not-applicable':
      return `${head}><skipped message="${escapeXml(`${f.outcome}${f.reason ? `: ${f.reason}` : ''}`)}"/></testcase>`;
    case 'warning':
      return `${head}><system-out>${escapeXmlText(`WARNING\n${details(f)}`)}</system-out></testcase>`;
    default:
      return `${head}/>`;
  }
}

export function junitOpen(name = 'sskdt-lab check', totals?: { tests: number; failures: number; errors: number; skipped: number }): string {
  const t = totals ? ` tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(name)}"${t}>\n`;
}

export function junitClose(): string {
  return '</testsuites>\n';
}

/** The <testsuite> elements of one Result, one per table in numeric order. */
export function junitSuites(result: Result): string {
  return suites(result).xml;
}

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function suites(result: Result): { xml: string; totals: Totals } {
  const file = result.subject.fileName ?? result.subject.sha256.slice(0, 12);
  const byTable = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const t = f.location.table ?? 'ENVELOPE';
    let list = byTable.get(t);
    if (!list) byTable.set(t, (list = []));
    list.push(f);
  }
  const out: string[] = [];
  const totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const problemsOnly = result.findingsIncluded === 'problems';
  // Every table with a verdict gets a suite, also when only problems are listed and it has none.
  const tables = new Set([...Object.keys(result.summary.byTable), ...byTable.keys()]);
  for (const table of [...tables].sort(compareTables)) {
    const c = result.summary.byTable[table];
    const findings = byTable.get(table) ?? [];
    const summaryCase = problemsOnly && !!c && c.pass + c['not-applicable'] > 0;
    const t: Totals = {
      tests: findings.length + (summaryCase ? 1 : 0),
      failures: findings.filter((f) => f.outcome === 'fail').length,
      errors: findings.filter((f) => f.outcome === 'error').length,
      skipped: findings.filter((f) => f.outcome === 'skip' || f.outcome === 'not-applicable').length,
    };
    totals.tests += t.tests;
    totals.failures += t.failures;
    totals.errors += t.errors;
    totals.skipped += t.skipped;
    out.push(
      `<testsuite name="${escapeXml(`${file} › ${table}`)}" tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" timestamp="${escapeXml(result.checkedAt.replace(/Z$/, ''))}">\n` +
        `<properties><property name="file" value="${escapeXml(file)}"/><property name="sha256" value="${escapeXml(result.subject.sha256)}"/>` +
        `<property name="layout" value="${escapeXml(result.layout.id + (result.layout.overlay1931 ? '+1931' : ''))}"/>` +
        `<property name="profile" value="${escapeXml(result.profile)}"/><property name="verdict" value="${escapeXml(result.summary.verdict)}"/>` +
        `<property name="findingsIncluded" value="${escapeXml(result.findingsIncluded)}"/><property name="passed" value="${c?.pass ?? 0}"/>` +
        `<property name="notApplicable" value="${c?.['not-applicable'] ?? 0}"/></properties>\n`,
    );
    const suiteClass = `${file}.${table}`;
    for (const f of findings) out.push(testcase(f, suiteClass), '\n');
    if (summaryCase) {
      // the passes are not listed: one passing test case carries their number
      out.push(`<testcase classname="${escapeXml(suiteClass)}" name="${escapeXml(`${table}: ${c.pass} checks passed, ${c['not-applicable']} not applicable (not listed)`)}"/>\n`);
    }
    out.push('</testsuite>\n');
  }
  return { xml: out.join(''), totals };
}

/** A complete JUnit document for one or more Results. */
export function renderJunit(results: Result[], name?: string): string {
  const totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const parts = results.map((r) => {
    const s = suites(r);
    totals.tests += s.totals.tests;
    totals.failures += s.totals.failures;
    totals.errors += s.totals.errors;
    totals.skipped += s.totals.skipped;
    return s.xml;
  });
  return junitOpen(name, totals) + parts.join('') + junitClose();
}
