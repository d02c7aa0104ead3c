/**
 * npm run bench:ab-batch -- --base OTHER_DIST [--rounds 4] [--corpus DIR]
 *
 * A/B of the engine as a `check` worker sees it: fresh processes of this tree's dist/ and another build's
 * dist/ (e.g. `git worktree add ../base <rev> && cd ../base && npm ci`), alternated so both see the same
 * machine load, each checking half of bench:batch's generated corpus twice. Prints the median cold pass
 * (warm-up included: what each worker pays in a batch) and warm pass, wall and CPU of all threads, the
 * ratios, and whether every Result's summary and findings are identical (a speed-up must not change them).
 * Run `npm run bench:batch` once first: it generates the corpus.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const here = fileURLToPath(new URL('.', import.meta.url));
const mine = join(here, '..', 'dist');
const base = arg('base');
if (!base || !existsSync(join(base, 'conformance/check.js'))) {
  console.error('usage: npm run bench:ab-batch -- --base OTHER_BUILD/dist [--rounds 4] [--corpus DIR] (both dist/ built)');
  process.exit(2);
}
const rounds = Number(arg('rounds', 4));
const root = join(tmpdir(), 'sskdt-bench-batch');
const corpus = arg('corpus') ?? (existsSync(root) ? readdirSync(root).map((d) => join(root, d)).find((d) => existsSync(join(d, '.complete'))) : undefined);
if (!corpus) {
  console.error('no generated corpus: run `npm run bench:batch` once (or pass --corpus DIR)');
  process.exit(2);
}

const runs = { base: [], mine: [] };
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [['mine', mine], ['base', base]] : [['base', base], ['mine', mine]];
  for (const [name, dist] of order) {
    const child = spawnSync(process.execPath, [join(here, 'ab-batch-child.mjs'), dist, corpus, '2'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${name} failed:\n${child.stderr}`);
    runs[name].push(JSON.parse(child.stdout.trim().split('\n').at(-1)));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figures = (name) => ({
  importCpu: median(runs[name].map((x) => x.importCpuMs)),
  coldWall: median(runs[name].map((x) => x.passes[0].wallMs)),
  coldCpu: median(runs[name].map((x) => x.passes[0].cpuMs)),
  warmWall: median(runs[name].map((x) => x.passes[1].wallMs)),
  warmCpu: median(runs[name].map((x) => x.passes[1].cpuMs)),
  digests: [...new Set(runs[name].map((x) => x.digest))],
});
const a = figures('base');
const b = figures('mine');
console.log(`${runs.base[0].files} files per pass (${corpus}); ${rounds} rounds; load ${loadavg()[0].toFixed(1)}`);
for (const [name, f] of [['base', a], ['mine', b]]) {
  console.log(`${name.padEnd(4)}: import CPU ${f.importCpu} ms; cold pass wall ${f.coldWall} ms, CPU ${f.coldCpu} ms; warm pass wall ${f.warmWall} ms, CPU ${f.warmCpu} ms`);
}
const same = a.digests.length === 1 && b.digests.length === 1 && a.digests[0] === b.digests[0];
console.log(`mine/base: cold CPU ×${(b.coldCpu / a.coldCpu).toFixed(2)}, warm CPU ×${(b.warmCpu / a.warmCpu).toFixed(2)}, cold wall ×${(b.coldWall / a.coldWall).toFixed(2)}, warm wall ×${(b.warmWall / a.warmWall).toFixed(2)}; results ${same ? 'identical' : 'DIFFER'}`);
if (!same) process.exitCode = 1;
