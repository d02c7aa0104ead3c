/**
 * The package a vendor installs: `npm pack` (which builds dist/ from the current sources through `prepare`),
 * installed into an empty project, then used as a vendor would: the `sskdt-lab` bin checks a file and
 * `import('sskdt-lab')` / `import('sskdt-lab/msw')` work in plain Node, with no TypeScript loader, and the
 * published types type-check a consumer.
 *
 * The install takes the dependencies from npm (--prefer-offline: the npm cache first) with --ignore-scripts:
 * the only install script among them builds better-sqlite3's native module (the portal's store, ~100 s from
 * source), which neither `check` nor the engine entry loads. msw is an optional peer dependency: linked from
 * this repository's node_modules for the `sskdt-lab/msw` case.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as engine from '../conformance/index.ts';
import * as msw from '../simulator/msw.ts';
import { writeCliInputs, type CliInputs } from './cli/packages.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
let work: string;
let app: string;
let inputs: CliInputs;

/** The user's environment: no switch to the sources (vitest.config.ts sets it for the other tests). */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SSKDT_LAB_FROM_SOURCE;
  delete env.NODE_OPTIONS;
  return env;
}

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', args, { cwd, env: plainEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sskdt-pack-'));
  npm(['pack', '--silent', '--pack-destination', work], repo);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vendor-app', private: true, type: 'module' }));
  npm(['install', join(work, tarball), '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--silent'], app);
  symlinkSync(join(repo, 'node_modules/msw'), join(app, 'node_modules/msw'), 'dir');
  inputs = writeCliInputs();
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (inputs) rmSync(inputs.dir, { recursive: true, force: true });
});

function nodeEval(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: app, env: plainEnv(), encoding: 'utf8' });
}

describe('the packed package, installed', () => {
  it('ships compiled JavaScript and types, not the TypeScript sources', () => {
    const installed = join(app, 'node_modules/sskdt-lab');
    const files = readdirSync(installed, { recursive: true }) as string[];
    expect(files).toContain(join('dist', 'conformance', 'check.js'));
    expect(files).toContain(join('dist', 'conformance', 'check.d.ts'));
    expect(files).toContain(join('dist', 'conformance', 'catalogue', 'xml-fields.json'));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.test.js'))).toEqual([]);
  });

  it('checks a file through its bin (no TypeScript loader)', () => {
    const bin = join(app, 'node_modules/.bin/sskdt-lab');
    const good = spawnSync(bin, ['check', join(inputs.dir, 'good.xml'), '--received-at', inputs.receivedAt], { cwd: app, env: plainEnv(), encoding: 'utf8' });
    expect(good.stderr).not.toMatch(/tsx|ERR_/);
    expect(good.status).toBe(0);
    const report = JSON.parse(good.stdout) as { report: { tool: string }; summary: { verdict: string } };
    expect(report.report.tool).toBe('sskdt-lab');
    expect(report.summary.verdict).not.toBe('fail');

    const bad = spawnSync(bin, ['check', join(inputs.dir, 'bad-field.xml'), '--received-at', inputs.receivedAt], { cwd: app, env: plainEnv(), encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).summary.verdict).toBe('fail');
  });

  it('import("sskdt-lab") exports what conformance/index.ts exports and checks a package', () => {
    const keys = JSON.parse(nodeEval("const m = await import('sskdt-lab'); process.stdout.write(JSON.stringify(Object.keys(m).sort()))"));
    expect(keys).toEqual(Object.keys(engine).sort());
    const file = JSON.stringify(join(inputs.dir, 'bad-field.xml'));
    const out = nodeEval(
      `const { checkPackage } = await import('sskdt-lab'); const { readFileSync } = await import('node:fs');` +
        `const r = checkPackage(readFileSync(${file})); process.stdout.write(JSON.stringify([r.summary.verdict, r.findings.some((f) => f.ruleId.startsWith('XML1.MA_BN.'))]))`,
    );
    expect(JSON.parse(out)).toEqual(['fail', true]);
  });

  it('import("sskdt-lab/msw") exports the portal handlers', () => {
    const keys = JSON.parse(nodeEval("const m = await import('sskdt-lab/msw'); process.stdout.write(JSON.stringify(Object.keys(m).sort()))"));
    expect(keys).toEqual(Object.keys(msw).sort());
  });

  it('publishes types a TypeScript consumer compiles against (and that catch a wrong use)', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['ok.ts'] }));
    writeFileSync(join(app, 'ok.ts'), "import { checkPackage, type Result } from 'sskdt-lab';\nconst r: Result = checkPackage(new Uint8Array());\nexport const verdict: 'pass' | 'warning' | 'fail' = r.summary.verdict;\n");
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const ok = spawnSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
    expect(ok.stdout + ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    writeFileSync(join(app, 'ok.ts'), "import { checkPackage } from 'sskdt-lab';\nexport const total: string = checkPackage(new Uint8Array()).summary.counts.total;\n");
    const wrong = spawnSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
    expect(wrong.stdout).toMatch(/TS2322/);
  }, 300_000);
});
