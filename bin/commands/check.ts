/**
 * `sskdt-lab check <files or folders…>` and `sskdt-lab rules`.
 *
 * Files are read and checked one at a time and their Result dropped after its report is written, so memory
 * stays flat over large folders. Exit codes: 0 nothing fails, 1 something fails (including an envelope that
 * cannot be decoded: that is the package's verdict), 2 internal error (a finding with outcome 'error' or an
 * exception), 3 bad usage or unreadable input. With several problems the highest code wins.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPackage } from '../../conformance/check.ts';
import { DEFAULT_MAX_BYTES } from '../../conformance/envelope/decode.ts';
import type { CheckOptions } from '../../conformance/model.ts';
import { packageInfo } from '../../conformance/package-info.ts';
import type { Result } from '../../conformance/result.ts';
import type { RuleMeta } from '../../conformance/rules/contract.ts';
import { allRuleMetas, ruleMeta } from '../../conformance/rules/registry.ts';
import { loadTestPki } from '../../generators/pki/test-pki.ts';
import { renderHtml } from '../../reports/html.ts';
import { renderJson } from '../../reports/json.ts';
import { junitClose, junitOpen, junitSuites, renderJunit } from '../../reports/junit.ts';
import { renderSarif, sarifClose, sarifOpen, sarifRun } from '../../reports/sarif.ts';

const VERSION: string = packageInfo().version;

type Format = 'json' | 'html' | 'junit' | 'sarif';
const FORMATS: readonly Format[] = ['json', 'html', 'junit', 'sarif'];
const EXTENSION: Record<Format, string> = { json: '.json', html: '.html', junit: '.junit.xml', sarif: '.sarif' };

export const EXIT = { ok: 0, fail: 1, internal: 2, usage: 3 } as const;

const CHECK_USAGE = `usage: sskdt-lab check <files or folders…> [options]
  Checks GIAMDINHHS envelopes, XML0 check-ins and single table documents (XML1…XML15) (.xml; folders
  are searched recursively).
  --layout 4750|3176          force a layout (default: from --endpoint and the content)
  --endpoint NAME             the endpoint the package was meant for, e.g. guiHoSoXmlQD3176, checkInKcbQd4750
  --profile default|strict    strict (certification) keeps medium-confidence verdicts as failures
  --format json|html|junit|sarif   report format (default json)
  --out DIR                   write one report per input to DIR (default: stdout; json for several
                              files is JSON Lines; html for several files needs --out)
  --findings problems|all     list only fail/warning/error/skip (default; counts stay complete)
                              or every verdict, passes included (large: ~60× the package)
  --received-at ISO8601       time of receipt given to time-dependent rules (default: the receivedAt of
                              a manifest.json written by sskdt-lab generate next to the file, else the
                              end of the envelope's NGAYLAP day; never the clock of this machine)
  --signature off|verify-if-present|required   signature mode (default verify-if-present)
  --test-pki                  certificates registered and trusted as on the simulator: the lab's test
                              CA and the demo facilities' test certificates (files signed by generate/pki)
  --certificate MA_CSKCB=FILE a PEM certificate registered for that facility (repeatable)
  --trust-anchor FILE         a PEM CA certificate to trust (repeatable)
                              without any of these three, the certificate checks are skipped
  --max-bytes N               size limit per document (default ${DEFAULT_MAX_BYTES}); a larger file is read
                              only up to N+1 bytes and fails ENVELOPE.SIZE
exit: 0 nothing fails, 1 something fails, 2 internal error, 3 bad usage or unreadable input
`;

const RULES_USAGE = `usage: sskdt-lab rules [--format text|json]
  Lists the rule ids with severity, since and citation.
`;

function usageError(message: string, usage: string): number {
  process.stderr.write(`sskdt-lab: ${message}\n${usage}`);
  return EXIT.usage;
}

let pipeGuard = false;

export async function main(command: string, args: string[]): Promise<number> {
  if (!pipeGuard) {
    // `sskdt-lab check … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
    pipeGuard = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
      throw err;
    });
  }
  return command === 'rules' ? rulesCommand(args) : checkCommand(args);
}

function rulesCommand(args: string[]): number {
  let values: { format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    return usageError((err as Error).message, RULES_USAGE);
  }
  if (values.help) {
    process.stdout.write(RULES_USAGE);
    return EXIT.ok;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usageError(`--format must be text or json, got "${format}"`, RULES_USAGE);
  const metas = ruleMetas().sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(metas, null, 2) + '\n');
    return EXIT.ok;
  }
  for (const m of metas) {
    process.stdout.write(`${m.id}\t${m.severity}\tsince ${m.since}\t${m.citation.decision}; ${m.citation.clause}\t${m.description_en}\n`);
  }
  process.stderr.write(`${metas.length} rules\n`);
  return EXIT.ok;
}

/** Every distinct rule id (both layouts) with its metadata. */
function ruleMetas(): RuleMeta[] {
  return allRuleMetas();
}

interface Input {
  /** path to read */
  path: string;
  /** name shown in reports: the path relative to the working directory */
  display: string;
}

/** Every input file, in a stable order; folders are walked recursively for *.xml. */
function collectInputs(args: string[]): { inputs: Input[]; problems: string[] } {
  const inputs: Input[] = [];
  const problems: string[] = [];
  const cwd = process.cwd();
  const show = (p: string) => {
    const rel = relative(cwd, p);
    return rel && !rel.startsWith('..') ? rel : p;
  };
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push(`cannot read folder ${show(dir)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.xml')) inputs.push({ path: p, display: show(p) });
    }
  };
  for (const arg of args) {
    const abs = resolve(arg);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      problems.push(`cannot read ${arg}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message}`);
      continue;
    }
    if (st.isDirectory()) {
      const before = inputs.length;
      walk(abs);
      if (inputs.length === before) problems.push(`no .xml files in folder ${arg}`);
    } else if (st.isFile()) inputs.push({ path: abs, display: show(abs) });
    else problems.push(`not a file or folder: ${arg}`);
  }
  return { inputs, problems };
}

function reportFileName(display: string, used: Set<string>, ext: string): string {
  const base = display.replace(/^[./\\]+/, '').replace(/[\\/]+/g, '__').replace(/[^\p{L}\p{N}._-]+/gu, '_') || basename(display);
  let name = `${base}${ext}`;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}${ext}`;
  used.add(name);
  return name;
}

function summaryLine(r: Result, ms: number): string {
  const c = r.summary.counts;
  const label = c.error > 0 ? 'ERROR' : r.summary.verdict.toUpperCase();
  const layout = `${r.layout.id}${r.layout.overlay1931 ? '+1931' : ''}`;
  return `${label.padEnd(7)} ${r.subject.fileName ?? r.subject.sha256.slice(0, 12)}  ${r.subject.kind} layout ${layout}  fail=${c.fail} warning=${c.warning} error=${c.error} skip=${c.skip} pass=${c.pass} n/a=${c['not-applicable']}  (${ms.toFixed(0)} ms)\n`;
}

async function checkCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        layout: { type: 'string' },
        endpoint: { type: 'string' },
        profile: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        findings: { type: 'string' },
        'received-at': { type: 'string' },
        signature: { type: 'string' },
        'max-bytes': { type: 'string' },
        'test-pki': { type: 'boolean' },
        certificate: { type: 'string', multiple: true },
        'trust-anchor': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    return usageError((err as Error).message, CHECK_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(CHECK_USAGE);
    return EXIT.ok;
  }
  if (positionals.length === 0) return usageError('no files or folders given', CHECK_USAGE);
  if (values.layout !== undefined && values.layout !== '4750' && values.layout !== '3176') return usageError(`--layout must be 4750 or 3176, got "${values.layout}"`, CHECK_USAGE);
  if (values.profile !== undefined && values.profile !== 'default' && values.profile !== 'strict') return usageError(`--profile must be default or strict, got "${values.profile}"`, CHECK_USAGE);
  const format = (values.format ?? 'json') as Format;
  if (!FORMATS.includes(format)) return usageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`, CHECK_USAGE);
  if (values.findings !== undefined && values.findings !== 'all' && values.findings !== 'problems') return usageError(`--findings must be all or problems, got "${values.findings}"`, CHECK_USAGE);
  if (values.signature !== undefined && !['off', 'verify-if-present', 'required'].includes(values.signature)) return usageError(`--signature must be off, verify-if-present or required, got "${values.signature}"`, CHECK_USAGE);
  if (values['received-at'] !== undefined && Number.isNaN(Date.parse(values['received-at']))) return usageError(`--received-at is not an ISO 8601 time: "${values['received-at']}"`, CHECK_USAGE);

  const maxBytes = values['max-bytes'] === undefined ? DEFAULT_MAX_BYTES : Number(values['max-bytes']);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) return usageError(`--max-bytes must be a positive integer, got "${values['max-bytes']}"`, CHECK_USAGE);

  let registry: CheckOptions['registry'];
  try {
    registry = registryOf(values['test-pki'] === true, values.certificate ?? [], values['trust-anchor'] ?? []);
  } catch (err) {
    return usageError((err as Error).message, CHECK_USAGE);
  }

  const { inputs, problems } = collectInputs(positionals);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`sskdt-lab check: ${p}\n`);
    return EXIT.usage;
  }
  if (format === 'html' && inputs.length > 1 && !values.out) return usageError('--format html with several files needs --out DIR (one report per file)', CHECK_USAGE);

  const outDir = values.out ? resolve(values.out) : undefined;
  if (outDir) {
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (err) {
      return usageError(`cannot create --out folder ${values.out}: ${(err as Error).message}`, CHECK_USAGE);
    }
  }

  const options: CheckOptions = {
    layout: values.layout as CheckOptions['layout'],
    endpoint: values.endpoint,
    profile: (values.profile ?? 'default') as 'default' | 'strict',
    findings: (values.findings ?? 'problems') as 'all' | 'problems',
    // without --received-at or a manifest the engine measures time rules to the envelope's NGAYLAP, never to
    // this machine's clock (a file checked a week after export must not turn late)
    receivedAt: values['received-at'],
    signatureMode: (values.signature ?? 'verify-if-present') as CheckOptions['signatureMode'],
    limits: { maxBytes },
    registry,
  };
  const manifests = new ManifestLookup(values['received-at'] === undefined, values.endpoint === undefined && values.layout === undefined, maxBytes);
  const usedNames = new Set<string>();
  const toStdout = !outDir;
  const several = inputs.length > 1;
  let exit: number = EXIT.ok;
  let wroteOne = false;
  const counts = { files: 0, fail: 0, warning: 0, pass: 0, error: 0 };

  // Streamed wrappers for several files on stdout.
  if (toStdout && format === 'junit') process.stdout.write(junitOpen());
  if (toStdout && format === 'sarif' && several) process.stdout.write(sarifOpen());

  for (const input of inputs) {
    let bytes: Uint8Array;
    try {
      bytes = readLimited(input.path, maxBytes);
      if (bytes.byteLength > maxBytes) process.stderr.write(`note: ${input.display} is larger than --max-bytes ${maxBytes}; only its first ${maxBytes + 1} bytes were read\n`);
    } catch (err) {
      process.stderr.write(`sskdt-lab check: cannot read ${input.display}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      exit = Math.max(exit, EXIT.usage);
      continue;
    }
    const started = performance.now();
    let result: Result;
    try {
      // A vendor may check one exported table (XML1…XML15) on its own: accepted, subject.kind 'TABLE'.
      result = checkPackage(bytes, { ...options, ...manifests.optionsFor(input.path), fileName: input.display, allowBareTable: true });
    } catch (err) {
      process.stderr.write(`ERROR   ${input.display}  internal error: ${(err as Error).stack ?? err}\n`);
      exit = Math.max(exit, EXIT.internal);
      counts.error++;
      continue;
    }
    const ms = performance.now() - started;
    process.stderr.write(summaryLine(result, ms));
    counts.files++;
    if (result.summary.counts.error > 0) {
      exit = Math.max(exit, EXIT.internal);
      counts.error++;
    } else if (result.summary.verdict === 'fail') {
      exit = Math.max(exit, EXIT.fail);
      counts.fail++;
    } else if (result.summary.verdict === 'warning') counts.warning++;
    else counts.pass++;

    const generatedAt = new Date().toISOString();
    if (outDir) {
      const text =
        format === 'json'
          ? renderJson(result, { generatedAt, version: VERSION }) + '\n'
          : format === 'html'
            ? renderHtml(result, { generatedAt, version: VERSION })
            : format === 'junit'
              ? renderJunit([result])
              : renderSarif([result], { lookupRule, toolVersion: VERSION }) + '\n';
      writeFileSync(join(outDir, reportFileName(input.display, usedNames, EXTENSION[format])), text);
    } else if (format === 'json') {
      process.stdout.write(several ? renderJson(result, { generatedAt, version: VERSION }, { compact: true }) + '\n' : renderJson(result, { generatedAt, version: VERSION }) + '\n');
    } else if (format === 'html') {
      process.stdout.write(renderHtml(result, { generatedAt, version: VERSION }));
    } else if (format === 'junit') {
      process.stdout.write(junitSuites(result));
    } else if (several) {
      process.stdout.write((wroteOne ? ',\n' : '') + JSON.stringify(sarifRun(result, { lookupRule, toolVersion: VERSION })));
    } else {
      process.stdout.write(renderSarif([result], { lookupRule, toolVersion: VERSION }) + '\n');
    }
    wroteOne = true;
  }

  if (toStdout && format === 'junit') process.stdout.write(junitClose());
  if (toStdout && format === 'sarif' && several) process.stdout.write(sarifClose());
  if (several || outDir) {
    process.stderr.write(
      `checked ${counts.files} of ${inputs.length} files: ${counts.fail} fail, ${counts.warning} warning, ${counts.pass} pass, ${counts.error} internal error${outDir ? `; reports in ${relative(process.cwd(), outDir) || '.'}` : ''}\n`,
    );
  }
  return exit;
}

/** The certificate registry and trust store from --test-pki, --certificate CODE=FILE and --trust-anchor FILE. */
function registryOf(testPki: boolean, certificates: string[], anchors: string[]): CheckOptions['registry'] {
  if (!testPki && certificates.length === 0 && anchors.length === 0) return undefined;
  const read = (file: string, flag: string) => {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${flag}: ${file} is not a PEM certificate`);
    return pem;
  };
  const byFacility = new Map<string, string[]>();
  const trustAnchors: string[] = [];
  if (testPki) {
    const pki = loadTestPki();
    for (const [code, pair] of Object.entries(pki.facilities)) byFacility.set(code, [pair.certPem]);
    trustAnchors.push(pki.caCertPem);
  }
  for (const spec of certificates) {
    const m = /^([0-9A-Za-z]{5})=(.+)$/.exec(spec);
    if (!m) throw new Error(`--certificate must be MA_CSKCB=FILE (e.g. 52001=cert.pem), got "${spec}"`);
    byFacility.set(m[1], [...(byFacility.get(m[1]) ?? []), read(m[2], '--certificate')]);
  }
  for (const file of anchors) trustAnchors.push(read(file, '--trust-anchor'));
  return { certificatesFor: (facility: string) => byFacility.get(facility) ?? [], trustAnchors };
}

/**
 * Files written by `sskdt-lab generate` come with manifest.json: each package has the receipt time it is
 * meant to be checked with and the layout (so the endpoint it would be sent to). Without them, a package
 * generated last week would be "late" today. Explicit --received-at / --endpoint / --layout win.
 */
class ManifestLookup {
  private readonly byDir = new Map<string, Map<string, { receivedAt: string; endpoint: string; maxBytes?: number }>>();
  constructor(
    private readonly useReceivedAt: boolean,
    private readonly useEndpoint: boolean,
    private readonly maxBytes: number,
  ) {}

  optionsFor(path: string): Partial<CheckOptions> {
    const dir = dirname(path);
    let entries = this.byDir.get(dir);
    if (!entries) {
      entries = readManifest(join(dir, 'manifest.json'));
      this.byDir.set(dir, entries);
      const what = [this.useReceivedAt ? 'receipt times' : '', this.useEndpoint ? 'endpoints' : ''].filter(Boolean).join(' and ');
      if (entries.size > 0 && what) process.stderr.write(`note: ${what} from ${relative(process.cwd(), join(dir, 'manifest.json'))}\n`);
    }
    const hit = entries.get(basename(path));
    if (!hit) return {};
    return {
      ...(this.useReceivedAt ? { receivedAt: hit.receivedAt } : {}),
      ...(this.useEndpoint ? { endpoint: hit.endpoint } : {}),
      // an ENVELOPE.SIZE mutant is meant for a small limit; a smaller --max-bytes still wins
      ...(hit.maxBytes !== undefined ? { limits: { maxBytes: Math.min(hit.maxBytes, this.maxBytes) } } : {}),
    };
  }
}

interface ManifestFile {
  file?: string;
  endpoint?: string;
}

function readManifest(file: string): Map<string, { receivedAt: string; endpoint: string; maxBytes?: number }> {
  const entries = new Map<string, { receivedAt: string; endpoint: string; maxBytes?: number }>();
  let manifest: { generator?: string; packages?: { receivedAt?: string; layout?: string; maxBytes?: number; envelope?: ManifestFile; checkin?: ManifestFile }[] };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return entries;
  }
  if (manifest?.generator !== 'sskdt-lab generate' || !Array.isArray(manifest.packages)) return entries;
  for (const p of manifest.packages) {
    if (typeof p.receivedAt !== 'string' || Number.isNaN(Date.parse(p.receivedAt))) continue;
    const layout = p.layout === '4750' ? '4750' : '3176';
    // Older manifests have no endpoint: a check-in file (also a check-in mutant) goes to checkIn*, the rest to guiHoSo*.
    const endpointOf = (f: ManifestFile) => f.endpoint ?? (f.file!.endsWith('.checkin.xml') ? `checkInKcbQd${layout}` : `guiHoSoXmlQD${layout}`);
    const maxBytes = Number.isSafeInteger(p.maxBytes) ? p.maxBytes : undefined;
    for (const f of [p.envelope, p.checkin]) if (f?.file) entries.set(f.file, { receivedAt: p.receivedAt, endpoint: endpointOf(f), maxBytes });
  }
  return entries;
}

/** The whole file, or only its first maxBytes + 1 bytes when it is larger (enough for the engine's size gate). */
function readLimited(path: string, maxBytes: number): Uint8Array {
  const size = statSync(path).size;
  if (size <= maxBytes) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(maxBytes + 1);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Rule metadata for SARIF; a lookup failure degrades to descriptors built from findings. */
function lookupRule(id: string): RuleMeta | undefined {
  try {
    return ruleMeta(id);
  } catch {
    return undefined;
  }
}
