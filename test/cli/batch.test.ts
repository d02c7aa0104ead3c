/**
 * `check` over a folder: the worker pool gives the same reports, in the same order, as one thread; report
 * names mirror the input's path relative to the folder given; summary.json and index.html across the files;
 * progress lines; one-line usage errors.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportName } from '../../bin/commands/check.ts';
import { writeCliInputs, type CliInputs } from './packages.ts';
import { run, type Run } from './run-cli.ts';

let inputs: CliInputs;
const runs: Record<string, Run> = {};
/** report files of a folder (recursive, sorted) with the parts that vary between runs removed */
function reports(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    if (!name.endsWith('.json') || name === 'summary.json') continue;
    const j = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    delete j.report.generatedAt;
    delete j.timings;
    out[name] = j;
  }
  return out;
}

beforeAll(async () => {
  inputs = writeCliInputs();
  const month = join(inputs.dir, 'month');
  // 12 files in two facility-like sub-folders: enough for --jobs 2 to start two workers
  for (const [sub, n] of [['op', 7], ['ip', 5]] as const) {
    mkdirSync(join(month, sub), { recursive: true });
    for (let i = 0; i < n; i++) copyFileSync(join(inputs.dir, i % 3 === 2 ? 'bad-field.xml' : 'good.xml'), join(month, sub, `PC${String(i).padStart(4, '0')}.xml`));
  }
  copyFileSync(join(inputs.dir, 'bad-base64.xml'), join(month, 'ip', 'PC9999.xml'));
  const at = ['--received-at', inputs.receivedAt];
  const jobs: Record<string, string[]> = {
    one: ['check', 'month', '--out', 'r-one', '--jobs', '1', ...at],
    two: ['check', 'month', '--out', 'r-two', '--jobs', '2', ...at],
    lines1: ['check', 'month', '--jobs', '1', ...at],
    lines2: ['check', 'month', '--jobs', '2', ...at],
    html: ['check', 'month', '--format', 'html', '--out', 'r-html', '--jobs', '2', ...at],
    progress: ['check', 'month', '--out', 'r-progress', '--progress', '--jobs', '1', ...at],
    quiet: ['check', 'month', '--out', 'r-quiet', '--quiet', ...at],
    badJobs: ['check', 'month', '--jobs', 'many'],
    badOut: ['check', 'month', '--out', 'good.xml/reports'],
    // a folder where one report file should go: that report cannot be written (the workers write asynchronously)
    blocked: ['check', 'month', '--out', 'r-blocked', '--jobs', '2', '--quiet', ...at],
  };
  mkdirSync(join(inputs.dir, 'r-blocked', 'op', 'PC0003.xml.json'), { recursive: true });
  const names = Object.keys(jobs);
  for (let i = 0; i < names.length; i += 3) {
    const batch = names.slice(i, i + 3);
    const results = await Promise.all(batch.map((n) => run(inputs.dir, jobs[n])));
    batch.forEach((n, k) => (runs[n] = results[k]));
  }
}, 600_000);

afterAll(() => rmSync(inputs.dir, { recursive: true, force: true }));

describe('check over a folder', () => {
  it('writes the same reports with 2 workers as with 1, named after the path relative to the folder given', () => {
    expect(runs.one.code).toBe(1);
    expect(runs.two.code).toBe(1);
    expect(runs.two.stderr).toMatch(/checked 13 of 13 files: 4 fail, .*2 workers/);
    const one = reports(join(inputs.dir, 'r-one'));
    expect(Object.keys(one)).toEqual([join('ip', 'PC0000.xml.json'), join('ip', 'PC0001.xml.json'), join('ip', 'PC0002.xml.json'), join('ip', 'PC0003.xml.json'), join('ip', 'PC0004.xml.json'), join('ip', 'PC9999.xml.json'), join('op', 'PC0000.xml.json'), join('op', 'PC0001.xml.json'), join('op', 'PC0002.xml.json'), join('op', 'PC0003.xml.json'), join('op', 'PC0004.xml.json'), join('op', 'PC0005.xml.json'), join('op', 'PC0006.xml.json')]);
    expect(reports(join(inputs.dir, 'r-two'))).toEqual(one);
  });

  it('keeps the input order on stdout (JSON Lines) and in the per-file lines for any --jobs', () => {
    const names = (r: Run) => r.stdout.trim().split('\n').map((l) => JSON.parse(l).subject.fileName);
    expect(names(runs.lines2)).toEqual(names(runs.lines1));
    expect(names(runs.lines1)[0]).toBe('month/ip/PC0000.xml');
    expect(names(runs.lines1)).toHaveLength(13);
    const perFile = (r: Run) => r.stderr.split('\n').filter((l) => /^(PASS|WARNING|FAIL) /.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(perFile(runs.lines2)).toEqual(perFile(runs.lines1));
  });

  it('lean reports: byRule lists only rules with a problem, the totals stay complete', () => {
    const good = JSON.parse(readFileSync(join(inputs.dir, 'r-one', 'op', 'PC0000.xml.json'), 'utf8'));
    const rules = Object.values(good.summary.byRule) as { fail: number; warning: number; error: number; skip: number }[];
    for (const c of rules) expect(c.fail + c.warning + c.error + c.skip).toBeGreaterThan(0);
    expect(good.summary.counts.pass).toBeGreaterThan(500);
    expect(Object.keys(good.summary.byTable)).toContain('XML1');
  });

  it('summary.json lists every file in input order with its report, and totals by facility and rule', () => {
    const summary = JSON.parse(readFileSync(join(inputs.dir, 'r-two', 'summary.json'), 'utf8'));
    expect(summary.report).toMatchObject({ format: 'sskdt-lab/batch-summary', tool: 'sskdt-lab' });
    expect(summary.files).toHaveLength(13);
    expect(summary.files[0]).toMatchObject({ file: 'month/ip/PC0000.xml', report: 'ip/PC0000.xml.json' });
    expect(summary.totals).toMatchObject({ files: 13, fail: 4 });
    expect(summary.byRule.find((r: { ruleId: string }) => r.ruleId === 'XML1.MA_BN.LENGTH')).toMatchObject({ files: { fail: 3 }, findings: { fail: 3 } });
    expect(summary.byFacility.reduce((n: number, f: { files: number }) => n + f.files, 0)).toBe(13);
  });

  it('index.html groups the files by facility and the failures by rule, linking each report', () => {
    expect(runs.html.code).toBe(1);
    const html = readFileSync(join(inputs.dir, 'r-html', 'index.html'), 'utf8');
    expect(html).toContain('data-files="13" data-fail="4"');
    expect(html).toMatch(/<section class="facility" data-facility="\d{5}">/);
    expect(html).toContain('<tr data-rule="XML1.MA_BN.LENGTH">');
    expect(html).toContain('<a href="ip/PC0002.xml.html">month/ip/PC0002.xml</a>');
    expect(readdirSync(join(inputs.dir, 'r-html', 'ip'))).toContain('PC0002.xml.html');
  });

  it('--progress prints n / total, rate, time and failures even when stderr is not a terminal; --quiet prints no per-file lines', () => {
    expect(runs.progress.stderr).toMatch(/^check 13\/13 files · [\d.]+ files\/s · \d+:\d\d elapsed · 4 failed$/m);
    expect(runs.lines1.stderr).not.toMatch(/^check \d+\/13 files/m);
    expect(runs.quiet.stderr).not.toMatch(/^(PASS|FAIL|WARNING) /m);
    expect(runs.quiet.stderr).toMatch(/checked 13 of 13 files: 4 fail/);
  });

  it('bad usage is one line and exit 3, never a stack trace', () => {
    for (const r of [runs.badJobs, runs.badOut]) {
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runs.badJobs.stderr).toMatch(/^sskdt-lab check: --jobs must be a whole number/);
    expect(runs.badOut.stderr).toMatch(/^sskdt-lab check: cannot create --out folder good\.xml\/reports: a file is in the way/);
  });
});

describe('a report that cannot be written', () => {
  it('is named with the reason, exits 3, and the other reports are written', () => {
    expect(runs.blocked.code).toBe(3);
    expect(runs.blocked.stderr).toMatch(/cannot write the report of month[\\/]op[\\/]PC0003\.xml: EISDIR/);
    expect(runs.blocked.stderr).toMatch(/checked 12 of 13 files/);
    const dir = join(inputs.dir, 'r-blocked');
    const written = (readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.xml.json') && statSync(join(dir, n)).isFile());
    expect(written).toHaveLength(12);
    expect(written).not.toContain(join('op', 'PC0003.xml.json'));
  });
});

describe('reportName', () => {
  it('mirrors the relative path, never absolute, and numbers duplicates', () => {
    const used = new Set<string>();
    expect(reportName('op/PC0221.xml', used, '.json')).toBe('op/PC0221.xml.json');
    expect(reportName('op/PC0221.xml', used, '.json')).toBe('op/PC0221.xml-2.json');
    expect(reportName('../x y.xml', used, '.json')).toBe('x_y.xml.json');
    expect(reportName('PC0001.xml', used, '.html')).toBe('PC0001.xml.html');
  });
});
