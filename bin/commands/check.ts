/**
 * `sskdt-lab check <files or folders…>` and `sskdt-lab rules`.
 *
 * Files run on a pool of worker threads (`--jobs`, default one per core; a handful of files run in this
 * thread, where starting workers would cost more than it saves). Each file's Result is rendered and written
 * by whoever checked it and then dropped, and the main thread holds only a bounded window of outcomes to
 * print them in input order, so memory stays flat over folders of any size and the output is the same for
 * any --jobs. Exit codes: 0 nothing fails, 1 something fails (including an envelope that cannot be
 * decoded: that is the package's verdict), 2 internal error (a finding with outcome 'error' or an
 * exception), 3 bad usage or unreadable input. With several problems the highest code wins.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_BYTES } from '../../conformance/envelope/decode.ts';
import type { CatalogueData } from '../../conformance/catalogues/model.ts';
import type { CheckOptions } from '../../conformance/model.ts';
import { packageInfo } from '../../conformance/package-info.ts';
import type { RuleMeta } from '../../conformance/rules/contract.ts';
import { createProgress } from '../progress.ts';
import { BatchSummary } from './check-batch.ts';
import { runPool } from './check-pool.ts';
import { writeCarriedReport } from './report-file.ts';
import type { CheckSetup, FileOutcome, FileTask, Format, RegistrySpec } from './check-file.ts';

// The engine, the rule registry and the JUnit/SARIF writers load only when this thread needs them: over a
// folder the workers check the files, and this thread starts them without loading the engine first.
const engineHere = () => import('./check-file.ts');

const VERSION: string = packageInfo().version;

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
  --out DIR                   write one report per input to DIR, named after the input's path relative to
                              the folder given (batch/sub/a.xml → DIR/sub/a.xml.json), plus summary.json
                              across the files (and index.html with --format html). Default: stdout
                              (json for several files is JSON Lines; html for several files needs --out)
  --findings problems|all     list only fail/warning/error/skip and the rules that have them (default;
                              counts by table and verdict stay complete) or every verdict, passes included
                              (large: ~60× the package)
  --jobs N                    files checked in parallel (default: one per core, ${availableParallelism()} here)
  --quiet                     no progress line and no per-file lines (the final count and problems stay)
  --progress                  progress lines even when stderr is not a terminal (e.g. a CI log)
  --received-at ISO8601       time of receipt given to time-dependent rules (default: the receivedAt of
                              a manifest.json written by sskdt-lab generate next to the file, else the
                              end of the envelope's NGAYLAP day; never the clock of this machine)
  --signature off|verify-if-present|required   signature mode (default verify-if-present)
  --test-pki                  certificates registered and trusted as on the simulator: the lab's test
                              CA and the demo facilities' test certificates (files signed by generate/pki)
  --certificate MA_CSKCB=FILE a PEM certificate registered for that facility (repeatable)
  --trust-anchor FILE         a PEM CA certificate to trust (repeatable)
                              without any of these three, the certificate checks are skipped
  --catalogue FILE|DIR        the facilities' catalogues (.csv/.xlsx; a folder: every such file in it, recursively):
                              the CATALOGUE.* rules judge each package with its facility's catalogues (without
                              them those rules are skipped). Rows need MA_CSKCB, or give --catalogue-facility
  --catalogue-facility CODE   the facility of catalogue rows without MA_CSKCB
  --max-bytes N               size limit per document (default ${DEFAULT_MAX_BYTES}); a larger file is read
                              only up to N+1 bytes and fails ENVELOPE.SIZE
exit: 0 nothing fails, 1 something fails, 2 internal error, 3 bad usage or unreadable input
`;

const RULES_USAGE = `usage: sskdt-lab rules [--format text|json]
  Lists the rule ids with severity, since and citation.
`;

/** Bad usage: one line on stderr (the options are behind --help), exit 3. */
function usageError(message: string, command = 'check'): number {
  process.stderr.write(`sskdt-lab ${command}: ${message} (see sskdt-lab ${command} --help)\n`);
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
  return command === 'rules' ? await rulesCommand(args) : checkCommand(args);
}

async function rulesCommand(args: string[]): Promise<number> {
  let values: { format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    return usageError((err as Error).message, 'rules');
  }
  if (values.help) {
    process.stdout.write(RULES_USAGE);
    return EXIT.ok;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usageError(`--format must be text or json, got "${format}"`, 'rules');
  const metas = (await ruleMetas()).sort((a, b) => a.id.localeCompare(b.id));
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
async function ruleMetas(): Promise<RuleMeta[]> {
  return (await import('../../conformance/rules/registry.ts')).allRuleMetas();
}

/**
 * Reads --catalogue files and folders into catalogue versions (numbered in the order read), or returns the usage
 * message listing every problem (file, line, column, code) when any file is bad.
 */
export async function readCatalogues(paths: string[], facility: string | undefined): Promise<CatalogueData | string> {
  const files: { name: string; bytes: Uint8Array }[] = [];
  const add = (p: string, shown: string) => files.push({ name: shown, bytes: new Uint8Array(readFileSync(p)) });
  const walk = (dir: string, root: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, root);
      else if (/\.(csv|xlsx)$/i.test(e.name)) add(p, relative(root, p) || e.name);
    }
  };
  try {
    for (const p of paths) {
      if (statSync(p).isDirectory()) walk(p, dirname(resolve(p)));
      else add(p, basename(p));
    }
  } catch (err) {
    return `--catalogue: cannot read ${(err as NodeJS.ErrnoException).path ?? paths.join(', ')}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
  if (files.length === 0) return `--catalogue: no .csv or .xlsx files in ${paths.join(', ')}`;
  // loaded only when asked for (CSV and XLSX readers cost start-up time)
  const { CatalogueImportError, formatIssue, readCatalogueFiles } = await import('../../conformance/catalogues/import.ts');
  try {
    const read = await readCatalogueFiles(files, facility ? { facility } : {});
    let seq = 0;
    return read.flatMap((r) => r.versions.map((v) => ({ ...v, seq: ++seq })));
  } catch (err) {
    if (err instanceof CatalogueImportError) return `--catalogue: ${err.issues.length} problem(s) in the catalogue files:\n${err.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`;
    throw err;
  }
}

interface Input {
  /** path to read */
  path: string;
  /** name shown in reports and lines: the path relative to the working directory */
  display: string;
  /** the path relative to the folder given on the command line (a file given directly: its name) */
  relative: string;
}

/** Every input file, in a stable order; folders are walked recursively for *.xml. Holds paths only. */
function collectInputs(args: string[]): { inputs: Input[]; problems: string[] } {
  const inputs: Input[] = [];
  const problems: string[] = [];
  const cwd = process.cwd();
  const show = (p: string) => {
    const rel = relative(cwd, p);
    return rel && !rel.startsWith('..') ? rel : p;
  };
  const walk = (dir: string, root: string) => {
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
      if (e.isDirectory()) walk(p, root);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.xml')) inputs.push({ path: p, display: show(p), relative: relative(root, p) });
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
      walk(abs, abs);
      if (inputs.length === before) problems.push(`no .xml files in folder ${arg}`);
    } else if (st.isFile()) inputs.push({ path: abs, display: show(abs), relative: basename(abs) });
    else problems.push(`not a file or folder: ${arg}`);
  }
  return { inputs, problems };
}

/**
 * Report file names mirror the input's path relative to the folder given (`sub/a.xml` → `sub/a.xml.json`),
 * never the absolute path; two inputs with the same relative path (from two arguments) get -2, -3, ….
 */
export function reportName(rel: string, used: Set<string>, ext: string): string {
  const parts = rel.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..').map((p) => p.replace(/[^\p{L}\p{N}._-]+/gu, '_'));
  const base = parts.join('/') || 'report';
  let name = `${base}${ext}`;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}${ext}`;
  used.add(name);
  return name;
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
        catalogue: { type: 'string', multiple: true },
        'catalogue-facility': { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        quiet: { type: 'boolean', short: 'q' },
        progress: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    return usageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(CHECK_USAGE);
    return EXIT.ok;
  }
  if (positionals.length === 0) return usageError('no files or folders given');
  if (values.layout !== undefined && values.layout !== '4750' && values.layout !== '3176') return usageError(`--layout must be 4750 or 3176, got "${values.layout}"`);
  if (values.profile !== undefined && values.profile !== 'default' && values.profile !== 'strict') return usageError(`--profile must be default or strict, got "${values.profile}"`);
  const format = (values.format ?? 'json') as Format;
  if (!FORMATS.includes(format)) return usageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  if (values.findings !== undefined && values.findings !== 'all' && values.findings !== 'problems') return usageError(`--findings must be all or problems, got "${values.findings}"`);
  if (values.signature !== undefined && !['off', 'verify-if-present', 'required'].includes(values.signature)) return usageError(`--signature must be off, verify-if-present or required, got "${values.signature}"`);
  if (values['received-at'] !== undefined && Number.isNaN(Date.parse(values['received-at']))) return usageError(`--received-at is not an ISO 8601 time: "${values['received-at']}"`);
  const maxBytes = values['max-bytes'] === undefined ? DEFAULT_MAX_BYTES : Number(values['max-bytes']);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) return usageError(`--max-bytes must be a positive integer, got "${values['max-bytes']}"`);
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!/^\d+$/.test(values.jobs ?? '1') || !Number.isSafeInteger(jobs) || jobs < 1 || jobs > 256) return usageError(`--jobs must be a whole number from 1 to 256, got "${values.jobs}"`);

  let registry: RegistrySpec | undefined;
  try {
    registry = registrySpec(values['test-pki'] === true, values.certificate ?? [], values['trust-anchor'] ?? []);
  } catch (err) {
    return usageError((err as Error).message);
  }

  let catalogues: CatalogueData | undefined;
  if (values.catalogue?.length) {
    const read = await readCatalogues(values.catalogue, values['catalogue-facility']);
    if (typeof read === 'string') return usageError(read);
    catalogues = read;
  } else if (values['catalogue-facility'] !== undefined) return usageError('--catalogue-facility needs --catalogue');

  const { inputs, problems } = collectInputs(positionals);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`sskdt-lab check: ${p}\n`);
    return EXIT.usage;
  }
  if (format === 'html' && inputs.length > 1 && !values.out) return usageError('--format html with several files needs --out DIR (one report per file)');

  const outDir = values.out ? resolve(values.out) : undefined;
  if (outDir) {
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (err) {
      return usageError(`cannot create --out folder ${values.out}: ${(err as NodeJS.ErrnoException).code === 'EEXIST' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'a file is in the way' : ((err as NodeJS.ErrnoException).code ?? (err as Error).message)}`);
    }
  }

  const several = inputs.length > 1;
  const setup: CheckSetup = {
    format,
    version: VERSION,
    options: {
      layout: values.layout as CheckOptions['layout'],
      endpoint: values.endpoint,
      profile: (values.profile ?? 'default') as 'default' | 'strict',
      findings: (values.findings ?? 'problems') as 'all' | 'problems',
      // without --received-at or a manifest the engine measures time rules to the envelope's NGAYLAP, never to
      // this machine's clock (a file checked a week after export must not turn late)
      receivedAt: values['received-at'],
      signatureMode: (values.signature ?? 'verify-if-present') as CheckOptions['signatureMode'],
      limits: { maxBytes },
    },
    registry,
    ...(catalogues ? { catalogues } : {}),
    outDir,
    stdout: outDir ? 'none' : format === 'junit' ? 'junit-suites' : !several ? 'document' : format === 'json' ? 'json-lines' : format === 'sarif' ? 'sarif-run' : 'document',
  };

  const quiet = values.quiet === true;
  const progress = createProgress({ label: 'check', total: inputs.length, quiet, force: values.progress === true });
  const manifests = new ManifestLookup(values['received-at'] === undefined, values.endpoint === undefined && values.layout === undefined, maxBytes, (line) => progress.log(line));
  const usedNames = new Set<string>();
  let lookupRule: ((id: string) => RuleMeta | undefined) | undefined;
  const batch = outDir && several ? new BatchSummary(outDir, { version: VERSION, html: format === 'html', lookupRule: (id) => lookupRule?.(id) }) : undefined;
  const tasks = function* (): Generator<FileTask> {
    let seq = 0;
    for (const input of inputs) {
      const name = outDir ? reportName(input.relative, usedNames, EXTENSION[format]) : undefined;
      yield {
        seq: seq++,
        path: input.path,
        display: input.display,
        ...(name ? { reportName: name, reportPath: join(outDir!, ...name.split('/')) } : {}),
        overrides: manifests.optionsFor(input.path),
      };
    }
  };

  let exit: number = EXIT.ok;
  const counts = { files: 0, fail: 0, warning: 0, pass: 0, error: 0 };
  let wroteSarifRun = false;
  const junit = setup.stdout === 'junit-suites' ? await import('../../reports/junit.ts') : undefined;
  const sarif = setup.stdout === 'sarif-run' ? await import('../../reports/sarif.ts') : undefined;
  if (junit) process.stdout.write(junit.junitOpen());
  if (sarif) process.stdout.write(sarif.sarifOpen());

  // stderr lines are gathered over a run of outcomes and written at once (one write, not one per file), but
  // before anything goes to stdout, so the two streams interleave as if written file by file
  let lines = '';
  let ticks = 0;
  let failedTicks = 0;
  const writeLines = () => {
    if (lines) progress.log(lines);
    if (ticks > 0) progress.tick({ count: ticks, failed: failedTicks });
    lines = '';
    ticks = failedTicks = 0;
  };
  const tick = (failed: boolean) => {
    ticks++;
    if (failed) failedTicks++;
  };
  const emitOne = (o: FileOutcome) => {
    for (const note of o.notes) lines += `${note}\n`;
    if (o.status === 'unreadable') {
      lines += `${o.line}\n`;
      exit = Math.max(exit, EXIT.usage);
      tick(false);
      return;
    }
    if (o.status === 'crashed') {
      lines += `${o.line}\n`;
      exit = Math.max(exit, EXIT.internal);
      counts.error++;
      tick(true);
      return;
    }
    counts.files++;
    if (o.status === 'error') {
      exit = Math.max(exit, EXIT.internal);
      counts.error++;
    } else if (o.status === 'fail') {
      exit = Math.max(exit, EXIT.fail);
      counts.fail++;
    } else if (o.status === 'warning') counts.warning++;
    else counts.pass++;
    if (!quiet) lines += `${o.line}\n`;
    if (o.stdout !== undefined) {
      writeLines();
      if (setup.stdout === 'sarif-run') {
        process.stdout.write((wroteSarifRun ? ',\n' : '') + o.stdout);
        wroteSarifRun = true;
      } else process.stdout.write(o.stdout);
    }
    if (batch && o.row) batch.add(o.row);
    tick(o.status === 'fail' || o.status === 'error');
  };
  const emit = (outcomes: FileOutcome[]) => {
    for (const o of outcomes) emitOne(o);
    writeLines();
  };

  const workers = Math.min(jobs, Math.floor(inputs.length / FILES_PER_WORKER_AT_LEAST));
  if (workers >= 2) await runOnWorkers(tasks(), inputs.length, setup, workers, emit, (line) => progress.log(line));
  else {
    const { checkFile } = await engineHere();
    for (const task of tasks()) emit([checkFile(task, setup)]);
  }

  if (junit) process.stdout.write(junit.junitClose());
  if (sarif) process.stdout.write(sarif.sarifClose());
  if (batch && format === 'html') lookupRule = (await engineHere()).lookupRule;
  batch?.finish();
  progress.done();
  if (several || outDir) {
    const rate = progress.state.elapsedMs > 0 ? (inputs.length / (progress.state.elapsedMs / 1000)).toFixed(1) : '–';
    process.stderr.write(
      `checked ${counts.files} of ${inputs.length} files: ${counts.fail} fail, ${counts.warning} warning, ${counts.pass} pass, ${counts.error} internal error` +
        ` (${(progress.state.elapsedMs / 1000).toFixed(1)} s, ${rate} files/s${workers >= 2 ? `, ${workers} workers` : ''})` +
        `${outDir ? `; reports in ${relative(process.cwd(), outDir) || '.'}${batch ? `, summary ${batch.files().join(' and ')}` : ''}` : ''}\n`,
    );
  }
  return exit;
}

/** Below this many files per worker, starting workers (~0.3 s each to load the engine) costs more than it saves. */
const FILES_PER_WORKER_AT_LEAST = 4;
/**
 * V8's interrupt budget in the check workers: how much bytecode a function runs before V8 weighs optimising
 * it (default 66 KB). A folder of a few thousand files is a short run for V8: with the default, each worker
 * spends ~2 s CPU optimising (and re-optimising after deopts) functions on early, thin type feedback. At
 * 400 KB, on 2,024 files, CPU 11.0 → 8.2 s (wall 15.4 → 10.7 s under load); 200 KB and 800 KB–1.6 MB measured
 * no better, and a run of 14,168 files is not slower (CPU 53.0 → 51.9 s: the hot functions are optimised all
 * the same, a little later).
 * Only the workers get it: `check` of a few files in this thread keeps V8's default.
 */
const WORKER_INTERRUPT_BUDGET = 400_000;
/** Heap of each check worker (see runOnWorkers and docs/engine.md): live heap is ~25 MB between files of ordinary size; a 16 MB young-generation cap as well cost 10–20 % more CPU, so it keeps the default. */
const WORKER_HEAP = { maxOldGenerationSizeMb: 96 };

/**
 * Runs the tasks on `count` workers (./check-pool.ts) and hands the outcomes to `emit` in input order. A
 * worker that stops is reported and its files are checked in this thread instead.
 */
async function runOnWorkers(tasks: Iterator<FileTask>, total: number, setup: CheckSetup, count: number, emit: (o: FileOutcome[]) => void, note: (line: string) => void): Promise<void> {
  const bootstrap = new URL('../../simulator/worker-bootstrap.mjs', import.meta.url);
  // V8 flags are process-wide and read when an isolate starts: set here, they apply to the workers started
  // below (Worker execArgv refuses V8 flags). This thread only dispatches from now on.
  setFlagsFromString(`--interrupt-budget=${WORKER_INTERRUPT_BUDGET}`);
  await runPool(tasks, {
    workers: count,
    total,
    heapMb: WORKER_HEAP.maxOldGenerationSizeMb,
    // A capped heap keeps the process's memory flat over folders of any size (V8 otherwise lets each
    // worker's heap grow to hundreds of MB before collecting). A file that needs more (a package of tens of
    // MB) stops its worker: its files are checked in this thread, without the cap, and a new worker starts.
    start: () => new Worker(bootstrap, { workerData: { module: '../bin/commands/check-worker.ts', setup }, resourceLimits: WORKER_HEAP }),
    checkHere: async () => {
      const { checkFile } = await engineHere();
      return (task) => checkFile(task, setup);
    },
    receive: writeCarriedReport,
    emit,
    note,
  });
}

/** The certificate registry and trust store from --test-pki, --certificate CODE=FILE and --trust-anchor FILE, as PEM text. */
function registrySpec(testPki: boolean, certificates: string[], anchors: string[]): RegistrySpec | undefined {
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
  const spec: RegistrySpec = { testPki, certificates: [], trustAnchors: [] };
  for (const c of certificates) {
    const m = /^([0-9A-Za-z]{5})=(.+)$/.exec(c);
    if (!m) throw new Error(`--certificate must be MA_CSKCB=FILE (e.g. 52001=cert.pem), got "${c}"`);
    spec.certificates.push([m[1], read(m[2], '--certificate')]);
  }
  for (const file of anchors) spec.trustAnchors.push(read(file, '--trust-anchor'));
  return spec;
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
    private readonly note: (line: string) => void,
  ) {}

  optionsFor(path: string): Partial<CheckOptions> {
    const dir = dirname(path);
    let entries = this.byDir.get(dir);
    if (!entries) {
      entries = readManifest(join(dir, 'manifest.json'));
      this.byDir.set(dir, entries);
      const what = [this.useReceivedAt ? 'receipt times' : '', this.useEndpoint ? 'endpoints' : ''].filter(Boolean).join(' and ');
      if (entries.size > 0 && what) this.note(`note: ${what} from ${relative(process.cwd(), join(dir, 'manifest.json'))}`);
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
