/**
 * npm run bench:batch — `sskdt-lab check` over a folder of generated files, as a user runs it (the compiled
 * bin, JSON reports to a folder, default options, start-up included), against libxml2-wasm merely parsing
 * the same envelopes and the inner table documents they carry (base64-decoded), in this process, one thread,
 * no start-up: files per second of both and the ratio, in one run. Then the start-up of checking one small
 * file (a check-in) against `node -e 0`, and, with --memory-gb, the peak memory of checking that many GB.
 *
 *   npm run bench:batch [-- --files 2000] [--runs 2] [--startup-rounds 7] [--memory-gb 1]
 *   (--runs 0 / --startup-rounds 0 skip those parts, e.g. for the memory run alone)
 *
 * The generated folder is kept in the OS temp folder (sskdt-bench-batch/) and reused by later runs; the
 * --memory-gb folder (hard links to the generated files, copies where links fail) is removed after its run.
 * The npm script builds dist/ first, so the bin runs the current sources compiled.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument } from 'libxml2-wasm';
import { checkPackage } from '../conformance/check.ts';
import { rng } from '../generators/fuzz.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const wantFiles = arg('files', 2000);
const runs = arg('runs', 2);
const memoryGb = arg('memory-gb', 0);
const startupRounds = arg('startup-rounds', 7);

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin/sskdt-lab.mjs');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
// The user's environment: the compiled bin, not the sources.
const env = { ...process.env };
delete env.SSKDT_LAB_FROM_SOURCE;

if (!existsSync(join(repo, 'dist/bin/cli.js'))) {
  console.error('dist/ is not built: run "npm run build" (npm run bench:batch does it)');
  process.exit(2);
}

function xmlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.xml')) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/** Generated files (check-ins and envelopes of every scenario), made once and reused. */
function corpus(): string {
  // `--count` is per scenario; each package is a check-in file and an envelope file
  const scenarios = spawnSync(process.execPath, [bin, 'scenarios'], { env, encoding: 'utf8' }).stdout.trim().split('\n').length;
  const count = Math.ceil(wantFiles / (2 * scenarios));
  const dir = join(tmpdir(), 'sskdt-bench-batch', `${version}-seed-7-${scenarios}x${count}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`generating ${scenarios} scenarios × ${count} packages into ${dir} (once; reused by later runs)…`);
  const g = spawnSync(process.execPath, [bin, 'generate', '--scenario', 'all', '--seed', '7', '--count', String(count), '--out', dir], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (g.status !== 0) throw new Error(`generate failed (${g.status})`);
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

interface Timed {
  seconds: number;
  code: number | null;
  /** user + system CPU seconds of the process and its threads (from /usr/bin/time when installed) */
  cpuSeconds?: number;
  peakRssMb?: number;
  stderrTail: string;
}

// GNU time reports the CPU time and the peak resident memory of the whole process (its worker threads
// included); on a machine shared with other jobs the CPU time is the steadier figure.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs the bin, timing it from spawn to exit; peak resident memory and CPU time from GNU time, else VmHWM samples. */
function timeBin(args: string[], sampleMemory = false): Promise<Timed> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const timeFile = GNU_TIME ? join(mkdtempSync(join(tmpdir(), 'sskdt-bench-time-')), 'time') : undefined;
    const child = GNU_TIME
      ? spawn(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile!, process.execPath, bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (b: Buffer) => (tail = (tail + b.toString('utf8')).slice(-2000)));
    let peakKb = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* exited */
      }
    };
    const timer = sampleMemory && !GNU_TIME ? setInterval(sample, 50) : undefined;
    child.on('error', fail);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (timer) clearInterval(timer);
      if (timeFile) {
        const [user, sys, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        rmSync(join(timeFile, '..'), { recursive: true, force: true });
        done({ seconds, code, cpuSeconds: user + sys, peakRssMb: maxKb / 1024, stderrTail: tail });
      } else done({ seconds, code, ...(sampleMemory ? { peakRssMb: peakKb / 1024 } : {}), stderrTail: tail });
    });
  });
}

/** libxml2-wasm parsing each envelope and the inner documents it carries; nothing else. Wall and CPU seconds. */
function libxml2ParseOnly(files: string[]): { seconds: number; cpuSeconds: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let inner = 0;
  for (const file of files) {
    const doc = XmlDocument.fromBuffer(readFileSync(file));
    try {
      for (const node of doc.find('//NOIDUNGFILE')) {
        const table = XmlDocument.fromBuffer(Buffer.from(node.content, 'base64'));
        table.dispose();
        inner++;
      }
    } finally {
      doc.dispose();
    }
  }
  if (inner === 0) throw new Error('no inner documents parsed');
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/**
 * The engine alone over the same files, in this process, one thread, no reports (what the CLI could reach on
 * one core without start-up, reading and writing): where the rest of the CLI's time goes.
 */
function engineOnly(dir: string, files: string[]): { seconds: number; cpuSeconds: number; firstMsPerFile: number; lastMsPerFile: number } {
  const options = new Map<string, { receivedAt?: string; endpoint?: string }>();
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { packages: { receivedAt: string; envelope?: { file: string; endpoint?: string }; checkin?: { file: string; endpoint?: string } }[] };
    for (const p of manifest.packages) for (const f of [p.envelope, p.checkin]) if (f?.file) options.set(join(dir, f.file), { receivedAt: p.receivedAt, endpoint: f.endpoint });
  } catch {
    /* no manifest: default options */
  }
  // a fixed shuffle, so that each quarter holds the same mix of scenarios (the folder sorts them by name)
  files = [...files];
  const random = rng(7);
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
  const bytes = files.map((f) => readFileSync(f));
  const started = performance.now();
  const cpu = process.cpuUsage();
  // CPU of the first and the last quarter of the files: what JIT warm-up costs a fresh thread (each check worker pays it)
  const quarter = Math.max(1, Math.floor(files.length / 4));
  let firstMsPerFile = 0;
  let lastCpu = cpu;
  for (let i = 0; i < files.length; i++) {
    if (i === quarter) {
      const u = process.cpuUsage(cpu);
      firstMsPerFile = (u.user + u.system) / 1000 / quarter;
    }
    if (i === files.length - quarter) lastCpu = process.cpuUsage();
    checkPackage(bytes[i], { findings: 'problems', allowBareTable: true, ...options.get(files[i]) });
  }
  const last = process.cpuUsage(lastCpu);
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, firstMsPerFile, lastMsPerFile: (last.user + last.system) / 1000 / quarter };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[], digits = 1) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

const dir = corpus();
const files = xmlFiles(dir);
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
console.log(`node ${process.version}; ${availableParallelism()} cores; ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB (${dir})`);

if (runs > 0) {
  console.log('\n1. check over the folder (compiled bin, --out DIR, default options, start-up included) vs libxml2-wasm parse-only');
  const ratios: number[] = [];
  for (let r = 1; r <= runs; r++) {
    const out = mkdtempSync(join(tmpdir(), 'sskdt-bench-reports-'));
    const check = await timeBin(['check', dir, '--out', out]);
    const reportBytes = readdirSync(out, { recursive: true }).reduce<number>((n, f) => n + statSync(join(out, String(f))).size, 0);
    rmSync(out, { recursive: true, force: true });
    if (check.code !== 0 && check.code !== 1) throw new Error(`check exited ${check.code}:\n${check.stderrTail}`);
    const parse = libxml2ParseOnly(files);
    const checkRate = files.length / check.seconds;
    const parseRate = files.length / parse.seconds;
    ratios.push(checkRate / parseRate);
    const cpu = check.cpuSeconds !== undefined ? `, CPU ${check.cpuSeconds.toFixed(2)} s = ${((check.cpuSeconds / files.length) * 1000).toFixed(2)} ms/file` : '';
    console.log(
      `  run ${r}: check ${check.seconds.toFixed(2)} s = ${checkRate.toFixed(0)} files/s${cpu}, peak ${check.peakRssMb?.toFixed(0) ?? '?'} MB; ` +
        `libxml2 parse-only ${parse.seconds.toFixed(2)} s = ${parseRate.toFixed(0)} files/s, CPU ${((parse.cpuSeconds / files.length) * 1000).toFixed(2)} ms/file; ` +
        `ratio ${(checkRate / parseRate).toFixed(2)} (target ≥ 0.5); reports ${(reportBytes / 1e6).toFixed(1)} MB`,
    );
}
console.log(`  ratio over ${runs} runs: ${spread(ratios, 2)}`);
const engine = engineOnly(dir, files);
console.log(
  `  for comparison, the engine alone (checkPackage in this process, one thread, files in memory, no reports): ${(files.length / engine.seconds).toFixed(0)} files/s, ` +
    `CPU ${((engine.cpuSeconds / files.length) * 1000).toFixed(2)} ms/file = ${(engine.cpuSeconds / (libxml2ParseOnly(files).cpuSeconds || 1)).toFixed(1)}× libxml2 parse-only's CPU; ` +
    `on ${availableParallelism()} cores that bounds check at ~${((availableParallelism() * files.length) / engine.cpuSeconds).toFixed(0)} files/s before start-up and I/O`,
);
console.log(
  `  warm-up: in that run the first quarter of the files (shuffled) cost ${engine.firstMsPerFile.toFixed(2)} ms CPU/file, the last quarter ${engine.lastMsPerFile.toFixed(2)} ms/file ` +
    `(×${(engine.firstMsPerFile / engine.lastMsPerFile).toFixed(1)}: V8 compiling and running not-yet-optimised code, which every check worker pays afresh)`,
);
}

if (startupRounds > 0) {
  console.log(`\n2. start-up: check one small file (a check-in) vs node -e 0, alternated ${startupRounds} times`);
  const small = files.find((f) => f.endsWith('.checkin.xml'))!;
  const nodeTimes: number[] = [];
  const checkTimes: number[] = [];
  for (let i = 0; i < startupRounds; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env });
    nodeTimes.push((performance.now() - t0) / 1000);
    const c = await timeBin(['check', small]);
    if (c.code !== 0) throw new Error(`check of ${small} exited ${c.code}:\n${c.stderrTail}`);
    checkTimes.push(c.seconds);
}
console.log(
  `  node -e 0: median ${median(nodeTimes).toFixed(3)} s (${spread(nodeTimes, 3)}); check: median ${median(checkTimes).toFixed(3)} s (${spread(checkTimes, 3)}); ratio ${(median(checkTimes) / median(nodeTimes)).toFixed(1)}× (target < 4×)`,
);
}

if (memoryGb > 0) {
  console.log(`\n3. peak memory checking ${memoryGb} GB of files (hard links to the generated files, --out DIR)`);
  const big = join(tmpdir(), 'sskdt-bench-batch', `memory-${memoryGb}gb-${files.length}`);
  {
    rmSync(big, { recursive: true, force: true });
    let total = 0;
    for (let copy = 0; total < memoryGb * 1e9; copy++) {
      const sub = join(big, `copy-${String(copy).padStart(3, '0')}`);
      mkdirSync(sub, { recursive: true });
      for (const f of files) {
        if (total >= memoryGb * 1e9) break;
        const to = join(sub, f.slice(dir.length + 1).replace(/[\\/]/g, '_'));
        try {
          linkSync(f, to);
        } catch {
          copyFileSync(f, to);
        }
        total += statSync(f).size;
      }
    }
  }
  const bigFiles = xmlFiles(big);
  const bigBytes = bigFiles.reduce((n, f) => n + statSync(f).size, 0);
  const out = mkdtempSync(join(tmpdir(), 'sskdt-bench-reports-'));
  const m = await timeBin(['check', big, '--out', out, '--quiet'], true);
  // the hard links and the reports go; the generated folder stays for the next run
  rmSync(out, { recursive: true, force: true });
  rmSync(big, { recursive: true, force: true });
  if (m.code !== 0 && m.code !== 1) throw new Error(`check exited ${m.code}:\n${m.stderrTail}`);
  console.log(
    `  ${bigFiles.length} files, ${(bigBytes / 1e9).toFixed(2)} GB in ${m.seconds.toFixed(0)} s (${(bigFiles.length / m.seconds).toFixed(0)} files/s): peak resident memory ${m.peakRssMb!.toFixed(0)} MB (target < 300 MB)`,
  );
}
