// `npm run build` (also `prepare`, so `npm ci` and `npm pack` build): compiles the sources to dist/ with tsc
// and copies next to them the data files they read at run time (code lists, catalogue, seed, test PKI,
// worker bootstrap), so dist/ mirrors the source tree and every `new URL('./x.json', import.meta.url)`
// keeps working. Plain JavaScript: it runs before anything is compiled.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const SOURCE_FOLDERS = ['conformance', 'simulator', 'generators', 'reports', 'bin'];
// Sources and docs stay behind; everything else a module may read at run time is copied.
const SKIP = (name) => (name.endsWith('.ts') && !name.endsWith('.d.ts')) || name.endsWith('.md') || name === 'sskdt-lab.mjs';

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

let copied = 0;
const copyAssets = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(from);
    else if (entry.isFile() && !SKIP(entry.name)) {
      const to = join(dist, relative(root, from));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
      copied++;
    }
  }
};
for (const folder of SOURCE_FOLDERS) copyAssets(join(root, folder));
// Code lists in the compact form the engine loads (conformance/codelists/compact.ts); the JSON stays the source.
const codelists = join(dist, 'conformance', 'codelists');
const { writeCompactLists } = await import(pathToFileURL(join(codelists, 'compact.js')).href);
const compacted = writeCompactLists(codelists, join(codelists, 'compact'));
// The check worker as one file (scripts/bundle-worker.mjs). esbuild is a devDependency (tsx and vite use it too); where
// it is missing, the worker runs unbundled, only slower to start.
const esbuild = await import('esbuild').catch(() => null);
const worker = join(dist, 'bin', 'commands', 'check-worker.js');
const { bundleInPlace } = await import('./bundle-worker.mjs');
const bundled = esbuild ? `bundled the check worker (${await bundleInPlace(esbuild, worker)} modules)` : 'check worker not bundled (no esbuild)';
process.stdout.write(`built dist/ (tsc), copied ${copied} data files, wrote ${compacted} compact code lists, ${bundled}\n`);
