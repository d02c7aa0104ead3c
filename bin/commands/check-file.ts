/**
 * One file of `sskdt-lab check`: read (bounded), check, render, write its report. Runs in the CLI's own
 * thread for a few files and in worker threads (./check-worker.ts) for many; everything it needs travels in
 * plain data (CheckSetup, FileTask) so both paths give byte-identical reports.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { checkPackage } from '../../conformance/check.ts';
import type { CheckOptions } from '../../conformance/model.ts';
import { CatalogueSet, type CatalogueData } from '../../conformance/catalogues/model.ts';
import type { Result } from '../../conformance/result.ts';
import type { RuleMeta } from '../../conformance/rules/contract.ts';
import { ruleMeta } from '../../conformance/rules/registry.ts';
import { loadTestPki } from '../../generators/pki/test-pki.ts';
import type { BatchRow } from '../../reports/batch.ts';
import { writeCarriedReport } from './report-file.ts';
import { renderHtml } from '../../reports/html.ts';
import { problemRules, renderJson } from '../../reports/json.ts';
import { junitSuites, renderJunit } from '../../reports/junit.ts';
import { renderSarif, sarifRun } from '../../reports/sarif.ts';

export type Format = 'json' | 'html' | 'junit' | 'sarif';

/** What every file of a run shares (plain data: it is posted to the workers). */
export interface CheckSetup {
  format: Format;
  version: string;
  options: Omit<CheckOptions, 'registry' | 'catalogues'>;
  registry?: RegistrySpec;
  /** the facilities' catalogues (check --catalogue), as plain data */
  catalogues?: CatalogueData;
  /** write reports here (absolute) instead of stdout */
  outDir?: string;
  /** how a report goes to stdout: one document, one JSON line per file, one JUnit suites block, one SARIF run */
  stdout: 'document' | 'json-lines' | 'junit-suites' | 'sarif-run' | 'none';
}

/** Certificates and trust anchors as PEM text (functions cannot cross into a worker). */
export interface RegistrySpec {
  testPki: boolean;
  certificates: [facility: string, pem: string][];
  trustAnchors: string[];
}

export interface FileTask {
  seq: number;
  path: string;
  /** name in reports and lines: the path as the user sees it */
  display: string;
  /** absolute path of the report file (with --out) */
  reportPath?: string;
  /** report path relative to --out, for summary.json / index.html */
  reportName?: string;
  /** per-file options from a generator manifest */
  overrides: Partial<CheckOptions>;
}

export type { BatchRow };

/** The lookup of a run's catalogues, built once per setup (in each thread). */
const catalogueSets = new WeakMap<CheckSetup, CatalogueSet>();
function catalogueSetOf(setup: CheckSetup): CatalogueSet {
  let set = catalogueSets.get(setup);
  if (!set) catalogueSets.set(setup, (set = new CatalogueSet(setup.catalogues!)));
  return set;
}

export interface FileOutcome {
  seq: number;
  /** 'unreadable' (exit 3) and 'crashed' (exit 2) carry no result */
  status: 'pass' | 'warning' | 'fail' | 'error' | 'unreadable' | 'crashed';
  /** the per-file line for stderr */
  line: string;
  /** extra notes for stderr (before the line) */
  notes: string[];
  /** what goes to stdout for this file (in input order) */
  stdout?: string;
  row?: BatchRow;
  /**
   * A report for the receiving thread to write (./report-file.ts): workers hand their `--out` reports to the
   * CLI's own thread, which writes them and drops this before the outcome goes on.
   */
  report?: { path: string; data: string };
}

let registryCache: { spec: RegistrySpec; registry: CheckOptions['registry'] } | undefined;

function registryOf(spec: RegistrySpec | undefined): CheckOptions['registry'] {
  if (!spec) return undefined;
  if (registryCache?.spec === spec) return registryCache.registry;
  const byFacility = new Map<string, string[]>();
  const trustAnchors: string[] = [];
  if (spec.testPki) {
    const pki = loadTestPki();
    for (const [code, pair] of Object.entries(pki.facilities)) byFacility.set(code, [pair.certPem]);
    trustAnchors.push(pki.caCertPem);
  }
  for (const [code, pem] of spec.certificates) byFacility.set(code, [...(byFacility.get(code) ?? []), pem]);
  trustAnchors.push(...spec.trustAnchors);
  const registry = { certificatesFor: (facility: string) => byFacility.get(facility) ?? [], trustAnchors };
  registryCache = { spec, registry };
  return registry;
}

/**
 * The whole file, or only its first maxBytes + 1 bytes when it is larger (enough for the engine's size gate).
 * Sized by fstat on the open file, not a stat of the path first: one path lookup and one system call fewer
 * per input (readFileSync(path) opens and fstats the file again).
 */
export function readLimited(path: string, maxBytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    // a size of 0 may be a file whose size the system does not know (e.g. under /proc): read it to the end
    if (size === 0) return readFileSync(fd);
    const whole = size <= maxBytes;
    const want = whole ? size : maxBytes + 1;
    // as readFileSync allocates (a small file may share Buffer's pool); the head of a larger file is zeroed
    const bytes = whole ? Buffer.allocUnsafe(want) : Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, bytes, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return got < want ? bytes.subarray(0, got) : bytes;
  } finally {
    closeSync(fd);
  }
}

/** Rule metadata for SARIF; a lookup failure degrades to descriptors built from findings. */
export function lookupRule(id: string): RuleMeta | undefined {
  try {
    return ruleMeta(id);
  } catch {
    return undefined;
  }
}

function summaryLine(r: Result, ms: number): string {
  const c = r.summary.counts;
  const label = c.error > 0 ? 'ERROR' : r.summary.verdict.toUpperCase();
  const layout = `${r.layout.id}${r.layout.overlay1931 ? '+1931' : ''}`;
  return `${label.padEnd(7)} ${r.subject.fileName ?? r.subject.sha256.slice(0, 12)}  ${r.subject.kind} layout ${layout}  fail=${c.fail} warning=${c.warning} error=${c.error} skip=${c.skip} pass=${c.pass} n/a=${c['not-applicable']}  (${ms.toFixed(0)} ms)`;
}

function batchRow(r: Result, file: string, report: string | undefined, status: BatchRow['verdict']): BatchRow {
  const problems: BatchRow['problems'] = {};
  const byRule = problemRules(r.summary.byRule);
  for (const id in byRule) {
    const c = byRule[id];
    problems[id] = [c.fail, c.warning, c.error, c.skip];
  }
  return {
    file,
    ...(report !== undefined ? { report } : {}),
    verdict: status,
    kind: r.subject.kind,
    layout: `${r.layout.id}${r.layout.overlay1931 ? '+1931' : ''}`,
    ...(r.subject.MACSKCB ? { facility: r.subject.MACSKCB } : {}),
    sha256: r.subject.sha256,
    bytes: r.subject.bytes,
    counts: r.summary.counts,
    problems,
  };
}

function render(result: Result, setup: CheckSetup, target: 'file' | CheckSetup['stdout']): string {
  const meta = { generatedAt: new Date().toISOString(), version: setup.version };
  // --findings all keeps the per-rule table of passing rules too; otherwise reports list rules with problems
  const byRule = setup.options.findings === 'all' ? 'all' : 'problems';
  switch (target) {
    case 'json-lines':
      return renderJson(result, meta, { compact: true, byRule }) + '\n';
    case 'junit-suites':
      return junitSuites(result);
    case 'sarif-run':
      return JSON.stringify(sarifRun(result, { lookupRule, toolVersion: setup.version }));
    default:
      if (setup.format === 'json') return renderJson(result, meta, { byRule }) + '\n';
      if (setup.format === 'html') return renderHtml(result, meta);
      if (setup.format === 'junit') return renderJunit([result]);
      return renderSarif([result], { lookupRule, toolVersion: setup.version }) + '\n';
  }
}

/** Checks one file and writes (or returns) its report. Never throws. */
export function checkFile(task: FileTask, setup: CheckSetup): FileOutcome {
  const { outcome, report } = checkFileDeferred(task, setup);
  if (report) outcome.report = report;
  return writeCarriedReport(outcome, task);
}

/**
 * Checks one file and renders its report, leaving the writing to the caller (workers pass their reports to
 * the CLI's own thread, see ./report-file.ts). Never throws.
 */
export function checkFileDeferred(task: FileTask, setup: CheckSetup): { outcome: FileOutcome; report?: { path: string; data: string } } {
  const notes: string[] = [];
  const maxBytes = setup.options.limits?.maxBytes ?? Infinity;
  let bytes: Uint8Array;
  try {
    bytes = readLimited(task.path, maxBytes);
    if (bytes.byteLength > maxBytes) notes.push(`note: ${task.display} is larger than --max-bytes ${maxBytes}; only its first ${maxBytes + 1} bytes were read`);
  } catch (err) {
    return { outcome: { seq: task.seq, status: 'unreadable', notes, line: `sskdt-lab check: cannot read ${task.display}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` } };
  }
  const started = performance.now();
  let result: Result;
  try {
    // A vendor may check one exported table (XML1…XML15) on its own: accepted, subject.kind 'TABLE'.
    result = checkPackage(bytes, { ...setup.options, registry: registryOf(setup.registry), ...(setup.catalogues ? { catalogues: catalogueSetOf(setup) } : {}), ...task.overrides, fileName: task.display, allowBareTable: true });
  } catch (err) {
    return { outcome: { seq: task.seq, status: 'crashed', notes, line: `ERROR   ${task.display}  internal error: ${(err as Error).stack ?? err}` } };
  }
  const ms = performance.now() - started;
  const c = result.summary.counts;
  const status: BatchRow['verdict'] = c.error > 0 ? 'error' : result.summary.verdict;
  try {
    const outcome: FileOutcome = { seq: task.seq, status, notes, line: summaryLine(result, ms), row: batchRow(result, task.display, task.reportName, status) };
    if (task.reportPath) return { outcome, report: { path: task.reportPath, data: render(result, setup, 'file') } };
    if (setup.stdout !== 'none') outcome.stdout = render(result, setup, setup.stdout);
    return { outcome };
  } catch (err) {
    // a report writer that throws is an internal error of this file alone, in a worker as in the main thread
    return { outcome: { seq: task.seq, status: 'crashed', notes, line: `ERROR   ${task.display}  internal error while writing the report: ${(err as Error).stack ?? err}` } };
  }
}
