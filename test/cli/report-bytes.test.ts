/**
 * `check` over folders writes, byte for byte, what the reference rendering of each file's Result gives: every
 * report file (pretty JSON, lean byRule, report header), its name, summary.json (rows in input order, totals)
 * and the JSON Lines on stdout, with one worker thread or two. The reference is written out here, apart from
 * reports/json.ts and bin/commands/check-file.ts, so a faster rendering, row or writer that changes a byte
 * (a key's place, an escape, a number, a newline) fails. Only the clock (generatedAt) and the engine's timings
 * are taken from the output. Also: readLimited, which reads each input.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLimited } from '../../bin/commands/check-file.ts';
import { checkPackage } from '../../conformance/check.ts';
import { DEFAULT_MAX_BYTES } from '../../conformance/envelope/decode.ts';
import { packageInfo } from '../../conformance/package-info.ts';
import type { Result } from '../../conformance/result.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage } from '../../generators/package.ts';
import { Rng } from '../../generators/random.ts';
import { scenarioById } from '../../generators/scenarios.ts';
import { BatchAggregate, type BatchRow } from '../../reports/batch.ts';
import { writeCliInputs, type CliInputs } from './packages.ts';
import { run, type Run } from './run-cli.ts';

const VERSION = packageInfo().version;
let inputs: CliInputs;
const runs: Record<string, Run> = {};

/** The inputs in the order the CLI takes them (two folders, each walked depth first by code-unit name) and the report name each gets. */
const FILES: { path: string; report: string }[] = [
  { path: 'a/ip/PC0000.xml', report: 'ip/PC0000.xml.json' },
  { path: 'a/ip/PC9999.xml', report: 'ip/PC9999.xml.json' },
  { path: 'a/ip/lượt khám 1.xml', report: 'ip/lượt_khám_1.xml.json' },
  { path: 'a/op/PC0000.checkin.xml', report: 'op/PC0000.checkin.xml.json' },
  { path: 'a/op/PC0000.xml', report: 'op/PC0000.xml.json' },
  { path: 'a/op/PC0001.xml', report: 'op/PC0001.xml.json' },
  { path: 'a/op/PC0002.xml', report: 'op/PC0002.xml.json' },
  { path: 'a/table-xml1.xml', report: 'table-xml1.xml.json' },
  { path: 'b/op/PC0000.xml', report: 'op/PC0000.xml-2.json' },
  { path: 'b/op/PC0005.xml', report: 'op/PC0005.xml.json' },
];

/** problemRules as the reports had it: the rules with a fail, warning, error or skip, in the summary's order */
function problems(byRule: Result['summary']['byRule']): Result['summary']['byRule'] {
  const out: Result['summary']['byRule'] = {};
  for (const id of Object.keys(byRule)) {
    const c = byRule[id];
    if (c.fail + c.warning + c.error + c.skip > 0) out[id] = c;
  }
  return out;
}

/** The JSON report object (header first, then the Result with the lean byRule), clock and timings as written. */
function referenceReport(r: Result, generatedAt: string, timings: Record<string, number>): object {
  const input = { ...(r.subject.fileName !== undefined ? { fileName: r.subject.fileName } : {}), sha256: r.subject.sha256, bytes: r.subject.bytes };
  const report = { format: 'sskdt-lab/result', formatVersion: '1.0.0', tool: 'sskdt-lab', version: VERSION, generatedAt, inputs: [input] };
  return { report, ...r, timings, summary: { ...r.summary, byRule: problems(r.summary.byRule) } };
}

function referenceRow(r: Result, report: string): BatchRow {
  const p: BatchRow['problems'] = {};
  for (const [id, c] of Object.entries(problems(r.summary.byRule))) p[id] = [c.fail, c.warning, c.error, c.skip];
  return {
    file: r.subject.fileName!,
    report,
    verdict: r.summary.counts.error > 0 ? 'error' : r.summary.verdict,
    kind: r.subject.kind,
    layout: `${r.layout.id}${r.layout.overlay1931 ? '+1931' : ''}`,
    ...(r.subject.MACSKCB ? { facility: r.subject.MACSKCB } : {}),
    sha256: r.subject.sha256,
    bytes: r.subject.bytes,
    counts: r.summary.counts,
    problems: p,
  };
}

/** Each input's Result, checked in this process with the options the CLI passes (no manifest, --received-at). */
let results: Result[];

beforeAll(async () => {
  inputs = writeCliInputs();
  const d = (p: string) => join(inputs.dir, p);
  const signed = buildPackage(buildEncounter(scenarioById('kham-bhyt')!, new Rng('report-bytes'), {}));
  const from: Record<string, string | Uint8Array> = {
    'a/ip/PC0000.xml': 'good.xml',
    'a/ip/PC9999.xml': 'bad-base64.xml',
    'a/ip/lượt khám 1.xml': signed.envelope,
    'a/op/PC0000.checkin.xml': signed.checkin,
    'a/op/PC0000.xml': 'good.xml',
    'a/op/PC0001.xml': 'bad-field.xml',
    'a/op/PC0002.xml': signed.envelope,
    'a/table-xml1.xml': 'table-xml1.xml',
    'b/op/PC0000.xml': 'bad-field.xml',
    'b/op/PC0005.xml': 'good.xml',
  };
  for (const [to, src] of Object.entries(from)) {
    mkdirSync(join(d(to), '..'), { recursive: true });
    if (typeof src === 'string') copyFileSync(d(src), d(to));
    else writeFileSync(d(to), src);
  }
  const at = ['--received-at', inputs.receivedAt];
  const jobs: Record<string, string[]> = {
    one: ['check', 'a', 'b', '--out', 'r-one', '--jobs', '1', '--quiet', ...at],
    two: ['check', 'a', 'b', '--out', 'r-two', '--jobs', '2', '--quiet', ...at],
    lines: ['check', 'a', 'b', '--jobs', '2', '--quiet', ...at],
  };
  const names = Object.keys(jobs);
  (await Promise.all(names.map((n) => run(inputs.dir, jobs[n])))).forEach((r, k) => (runs[names[k]] = r));
  const options = { layout: undefined, endpoint: undefined, profile: 'default' as const, findings: 'problems' as const, receivedAt: inputs.receivedAt, signatureMode: 'verify-if-present' as const, limits: { maxBytes: DEFAULT_MAX_BYTES } };
  results = FILES.map((f) => checkPackage(readFileSync(d(f.path)), { ...options, registry: undefined, fileName: f.path, allowBareTable: true }));
}, 600_000);

afterAll(() => rmSync(inputs.dir, { recursive: true, force: true }));

describe('check --out writes the reference bytes', () => {
  it('the inputs cover passing and failing files, envelopes (signed, unsigned, undecodable), a check-in and a bare table', () => {
    expect(new Set(results.map((r) => r.subject.kind))).toEqual(new Set(['GIAMDINHHS', 'CHECKIN', 'TABLE', 'UNKNOWN']));
    expect(results.some((r) => r.summary.verdict === 'fail')).toBe(true);
    expect(results.some((r) => r.summary.verdict !== 'fail')).toBe(true);
  });

  for (const jobs of ['one', 'two'] as const) {
    it(`every report file, named after its relative path (--jobs ${jobs === 'one' ? 1 : 2})`, () => {
      expect(runs[jobs].code).toBe(1);
      const dir = join(inputs.dir, `r-${jobs}`);
      const written = (readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.json') && n !== 'summary.json').map((n) => n.split('\\').join('/'));
      expect(written.sort()).toEqual(FILES.map((f) => f.report).sort());
      FILES.forEach((f, i) => {
        const bytes = readFileSync(join(dir, ...f.report.split('/')), 'utf8');
        const parsed = JSON.parse(bytes);
        expect(bytes).toBe(JSON.stringify(referenceReport(results[i], parsed.report.generatedAt, parsed.timings), null, 2) + '\n');
      });
    });

    it(`summary.json: header, rows in input order, totals, by facility, by rule (--jobs ${jobs === 'one' ? 1 : 2})`, () => {
      const bytes = readFileSync(join(inputs.dir, `r-${jobs}`, 'summary.json'), 'utf8');
      const generatedAt = JSON.parse(bytes).report.generatedAt;
      const rows = FILES.map((f, i) => referenceRow(results[i], f.report));
      const aggregate = new BatchAggregate();
      for (const row of rows) aggregate.add(row);
      const index = aggregate.index({ generatedAt, version: VERSION });
      const header = { format: 'sskdt-lab/batch-summary', formatVersion: '1.0.0', tool: 'sskdt-lab', version: VERSION, generatedAt };
      const byFacility = index.facilities.map(({ listed: _l, unlisted: _u, ...counts }) => counts);
      const byRule = index.rules.map(({ examples: _e, ...r }) => r);
      expect(bytes).toBe(
        `{\n"report": ${JSON.stringify(header)},\n"files": [\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n],\n` +
          `"totals": ${JSON.stringify(index.totals)},\n"byFacility": ${JSON.stringify(byFacility)},\n"byRule": ${JSON.stringify(byRule)}\n}\n`,
      );
    });
  }

  it('JSON Lines on stdout: one compact report per file, in input order', () => {
    expect(runs.lines.code).toBe(1);
    const lines = runs.lines.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(FILES.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line);
      expect(line).toBe(JSON.stringify(referenceReport(results[i], parsed.report.generatedAt, parsed.timings)));
    });
  });
});

describe('readLimited', () => {
  it('reads a whole file up to the limit, the first limit + 1 bytes of a larger one, and an empty file', () => {
    const dir = join(inputs.dir, 'limited');
    mkdirSync(dir, { recursive: true });
    const big = Buffer.alloc(200_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    const files = { small: big.subarray(0, 100), big, empty: Buffer.alloc(0) };
    for (const [name, b] of Object.entries(files)) writeFileSync(join(dir, name), b);
    expect(Buffer.from(readLimited(join(dir, 'small'), 100))).toEqual(files.small);
    expect(Buffer.from(readLimited(join(dir, 'big'), 200_000))).toEqual(big);
    expect(Buffer.from(readLimited(join(dir, 'big'), 1_000))).toEqual(big.subarray(0, 1_001));
    expect(Buffer.from(readLimited(join(dir, 'big'), 199_999))).toEqual(big);
    expect(readLimited(join(dir, 'empty'), 10).byteLength).toBe(0);
    expect(() => readLimited(join(dir, 'missing'), 10)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
