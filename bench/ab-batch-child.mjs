// Child of bench/ab-batch.mjs: one fresh process imports the engine of one built dist/ and checks half of a
// generated corpus `passes` times. Prints one JSON line: import CPU, per pass wall and process CPU (all
// threads: V8's compiler and GC threads included), and a digest of every Result's summary and findings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';

const [dist, dir, passesArg] = process.argv.slice(2);
const passes = Number(passesArg ?? 2);
const c0 = process.cpuUsage();
const { checkPackage } = await import(pathToFileURL(join(dist, 'conformance/check.js')).href);
const importCpu = process.cpuUsage(c0);
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(d, e.name));
    else if (e.name.endsWith('.xml')) files.push(join(d, e.name));
  }
};
walk(dir);
files.sort();
// every other package (a check-in and its envelope sort next to each other): what one of two workers gets
const half = files.filter((_, i) => Math.floor(i / 2) % 2 === 0);
const options = new Map();
try {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  for (const p of manifest.packages) for (const f of [p.envelope, p.checkin]) if (f?.file) options.set(join(dir, f.file), { receivedAt: p.receivedAt, endpoint: f.endpoint });
} catch {
  /* no manifest: default options */
}
const bytes = half.map((f) => readFileSync(f));
const out = { importCpuMs: Math.round((importCpu.user + importCpu.system) / 1000), files: half.length, passes: [], digest: '' };
for (let p = 0; p < passes; p++) {
  const hash = createHash('sha256');
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < half.length; i++) {
    const r = checkPackage(bytes[i], { findings: 'problems', allowBareTable: true, ...options.get(half[i]) });
    if (p === 0) hash.update(JSON.stringify([r.summary, r.findings]));
  }
  const used = process.cpuUsage(cpu);
  out.passes.push({ wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000) });
  if (p === 0) out.digest = hash.digest('hex').slice(0, 16);
}
console.log(JSON.stringify(out));
