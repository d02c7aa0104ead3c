#!/usr/bin/env node
// The `sskdt-lab` bin: runs the compiled CLI (dist/bin/cli.js, built by `npm run build`; `npm ci` and
// `npm pack` build it through `prepare`), with no TypeScript loader at run time.
// SSKDT_LAB_FROM_SOURCE=1 runs the TypeScript sources through tsx (a devDependency) instead: the test suite
// sets it (vitest.config.ts) so a test never runs a stale build.
import { existsSync } from 'node:fs';

if (process.env.SSKDT_LAB_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
} else {
  const compiled = new URL('../dist/bin/cli.js', import.meta.url);
  if (!existsSync(compiled)) {
    process.stderr.write('sskdt-lab: dist/ is not built: run "npm run build" (npm ci does it), or set SSKDT_LAB_FROM_SOURCE=1 to run the sources through tsx\n');
    process.exit(2);
  }
  await import(compiled.href);
}
