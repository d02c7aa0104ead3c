/**
 * `sskdt-lab check` end to end: the real dispatcher (bin/sskdt-lab.mjs) in child processes, real packages
 * from the generators; exit codes 0, 1 and 3, JSON / JSON Lines / JUnit outputs. The child processes run
 * concurrently in beforeAll (each costs ~1 s of start-up), the tests then read their outcomes.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument } from 'libxml2-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repo, run, type Run } from './run-cli.ts';
import { z } from 'zod';
import { writeCliInputs, type CliInputs } from './packages.ts';

const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(repo, 'docs/result.schema.json'), 'utf8')));


let inputs: CliInputs;
const runs: Record<string, Run> = {};

beforeAll(async () => {
  inputs = writeCliInputs();
  const at = ['--received-at', inputs.receivedAt];
  const jobs: Record<string, string[]> = {
    good: ['check', 'good.xml', '--findings', 'all', ...at],
    badField: ['check', 'bad-field.xml', ...at],
    folder: ['check', 'batch', ...at],
    junitOut: ['check', 'batch', 'good.xml', '--format', 'junit', '--out', 'reports-junit', ...at],
    noArgs: ['check'],
    noCommand: [],
    missing: ['check', 'missing.xml'],
    badFormat: ['check', 'good.xml', '--format', 'pdf'],
  };
  const names = Object.keys(jobs);
  // at most 3 at a time: the machine is shared
  for (let i = 0; i < names.length; i += 3) {
    const batch = names.slice(i, i + 3);
    const results = await Promise.all(batch.map((n) => run(inputs.dir, jobs[n])));
    batch.forEach((n, k) => (runs[n] = results[k]));
  }
});

afterAll(() => rmSync(inputs.dir, { recursive: true, force: true }));

describe('sskdt-lab check (child process)', () => {
  it('exit 0 for a conformant package; the JSON report on stdout validates against the published schema', () => {
    const r = runs.good;
    expect(r.stderr).toMatch(/^(PASS|WARNING) +good\.xml +GIAMDINHHS layout (3176|4750)/m);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(schema.safeParse(report).success).toBe(true);
    expect(report.report.inputs[0].fileName).toBe('good.xml');
    expect(report.summary.counts.fail).toBe(0);
    expect(report.findingsIncluded).toBe('all');
    expect(report.summary.counts.total).toBe(report.findings.length);
  });

  it('exit 1 when a field fails, with the finding located (table, row, field, line)', () => {
    const r = runs.badField;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FAIL +bad-field\.xml/m);
    const report = JSON.parse(r.stdout);
    const f = report.findings.find((x: { ruleId: string }) => x.ruleId === 'XML1.MA_BN.LENGTH');
    expect(f).toMatchObject({ outcome: 'fail', actual: 'X'.repeat(120), location: { table: 'XML1', row: 0, field: 'MA_BN', document: 'XML1' } });
    expect(f.location.line).toBeGreaterThan(0);
    expect(report.findingsIncluded).toBe('problems');
  });

  it('walks folders for .xml files: JSON Lines on stdout, one summary line per file, highest exit code wins', () => {
    const r = runs.folder;
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const reports = lines.map((l) => JSON.parse(l));
    expect(reports.map((x) => x.subject.fileName)).toEqual(['batch/a-good.xml', 'batch/sub/b-bad.xml']);
    expect(reports[1].findings[0]).toMatchObject({ ruleId: 'ENVELOPE.BASE64', outcome: 'fail' });
    for (const x of reports) expect(schema.safeParse(x).success).toBe(true);
    expect(r.stderr).toMatch(/^(PASS|WARNING) +batch\/a-good\.xml/m);
    expect(r.stderr).toMatch(/^FAIL +batch\/sub\/b-bad\.xml +UNKNOWN/m);
    expect(r.stderr).toContain('checked 2 of 2 files: 1 fail');
  });

  it('--out writes one JUnit report per input, named after its path relative to the folder given, and summary.json', () => {
    const r = runs.junitOut;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const out = join(inputs.dir, 'reports-junit');
    expect((readdirSync(out, { recursive: true }) as string[]).sort()).toEqual(['a-good.xml.junit.xml', 'good.xml.junit.xml', 'sub', join('sub', 'b-bad.xml.junit.xml'), 'summary.json']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.files.map((f: { file: string; report: string; verdict: string }) => [f.file, f.report, f.verdict])).toEqual([
      ['batch/a-good.xml', 'a-good.xml.junit.xml', expect.stringMatching(/^(pass|warning)$/)],
      ['batch/sub/b-bad.xml', 'sub/b-bad.xml.junit.xml', 'fail'],
      ['good.xml', 'good.xml.junit.xml', expect.stringMatching(/^(pass|warning)$/)],
    ]);
    expect(summary.totals).toMatchObject({ files: 3, fail: 1 });
    expect(summary.byRule.find((x: { ruleId: string }) => x.ruleId === 'ENVELOPE.BASE64')).toMatchObject({ files: { fail: 1 } });
    const doc = XmlDocument.fromString(readFileSync(join(out, 'sub', 'b-bad.xml.junit.xml'), 'utf8'));
    try {
      expect(doc.find('//failure')).toHaveLength(1);
      expect(doc.get('//testcase/@name')?.content).toContain('ENVELOPE.BASE64');
    } finally {
      doc.dispose();
    }
    const good = XmlDocument.fromString(readFileSync(join(out, 'good.xml.junit.xml'), 'utf8'));
    try {
      expect(good.find('//failure')).toHaveLength(0);
      expect(good.find('//testcase').length).toBeGreaterThan(0);
      expect(good.get('//property[@name="findingsIncluded"]/@value')?.content).toBe('problems');
      expect(Number(good.get('//testsuite[@name="good.xml › XML1"]//property[@name="passed"]/@value')?.content)).toBeGreaterThan(50);
      expect(good.get('//testsuite[@name="good.xml › XML1"]/testcase/@name')?.content).toMatch(/^XML1: \d+ checks passed/);
    } finally {
      good.dispose();
    }
  });

  it.each([
    ['noArgs', /no files or folders given/],
    ['missing', /cannot read missing\.xml: no such file or folder/],
    ['badFormat', /--format must be one of json, html, junit, sarif/],
    ['noCommand', /^usage: sskdt-lab <command> \[options\]/],
  ])('exit 3 with a clear message for bad usage or unreadable input (%s)', (name, message) => {
    const r = runs[name];
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
