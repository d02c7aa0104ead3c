// Bundles a compiled worker entry (dist/bin/commands/check-worker.js) into one file, in place. Every check
// worker otherwise resolves, reads and links ~170 modules at start (≈140 ms CPU per worker on Node 20; the ESM
// loader, not the code, is the cost). The bundle is a leaf: only the worker bootstrap imports it, so no other
// module sees a second copy of the engine.
//
// Each bundled module keeps its own import.meta.url (the URL of its file in dist/), so data read next to it
// (code lists, catalogue, test PKI, package.json) resolves as before. npm packages stay external (resolved from
// node_modules as before). Function names are not pinned (no keepNames): esbuild's __name() runs each time a
// closure is created (parseXml's helpers, per file) and cost ≈ 10 % of the worker's CPU in A/B runs; a
// top-level function whose name collides across modules gets a suffix (check2), which only stack traces show
// (the linked source map maps them back). Plain JavaScript: scripts/build.mjs runs it.
import { readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';

const MODULE_URL = '__sskdtModuleUrl';
const BUNDLE_URL = '__sskdtBundleUrl';

/**
 * Bundles `entry` over itself with `esbuild` (the module, passed in so that a build without it can skip this
 * step). Returns the number of modules bundled.
 */
export async function bundleInPlace(esbuild, entry) {
  const outDir = dirname(entry);
  const moduleUrl = {
    name: 'module-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.m?js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'js' };
        // `import.meta.url` of this module (rewritten to MODULE_URL by `define`) = its file, relative to the bundle
        let rel = relative(outDir, args.path).split(sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return { contents: `const ${MODULE_URL} = new URL(${JSON.stringify(rel)}, ${BUNDLE_URL}).href;\n${source}`, loader: 'js' };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    define: { 'import.meta.url': MODULE_URL },
    banner: { js: `const ${BUNDLE_URL} = import.meta.url;` },
    sourcemap: 'linked',
    plugins: [moduleUrl],
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.inputs).length;
}
