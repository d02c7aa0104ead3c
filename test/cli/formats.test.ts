/**
 * The check/rules commands in-process (main() with stdout/stderr captured): SARIF and HTML reports,
 * streamed JUnit/SARIF for several files, the remaining usage errors, and `rules`.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument } from 'libxml2-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bin/commands/check.ts';
import { writeCliInputs, type CliInputs } from './packages.ts';

let inputs: CliInputs;
beforeAll(() => {
  inputs = writeCliInputs();
});
afterAll(() => rmSync(inputs.dir, { recursive: true, force: true }));

async function capture(command: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(command, args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const p = (name: string) => join(inputs.dir, name);

describe('check: report formats', () => {
  it('SARIF with --out: rule descriptors from the registry, file#table locations', async () => {
    const r = await capture('check', [p('bad-field.xml'), '--format', 'sarif', '--out', p('sarif'), '--received-at', inputs.receivedAt]);
    expect(r.code).toBe(1);
    // named after the file, not its absolute path
    const name = 'bad-field.xml.sarif';
    const sarif = JSON.parse(readFileSync(join(p('sarif'), name), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'XML1.MA_BN.LENGTH');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/bad-field\.xml#XML1$/);
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    const rule = sarif.runs[0].tool.driver.rules[result.ruleIndex];
    expect(rule.id).toBe('XML1.MA_BN.LENGTH');
    expect(rule.help.text).toContain('Bảng 1');
    expect(rule.shortDescription.text).toContain('maximum length');
  });

  it('a single table document (XML1 on its own) is checked as subject kind TABLE', async () => {
    const r = await capture('check', [p('table-xml1.xml'), '--received-at', inputs.receivedAt]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.subject.kind).toBe('TABLE');
    expect(report.findings.some((f: { ruleId: string; outcome: string }) => f.ruleId === 'XML1.MA_BN.LENGTH' && f.outcome === 'fail')).toBe(true);
  });

  it('HTML to stdout for one file', async () => {
    const r = await capture('check', [p('good.xml'), '--format', 'html', '--received-at', inputs.receivedAt]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toMatch(/<div id="verdict" class="verdict verdict-(pass|warning)"/);
  });

  it('JUnit and SARIF for several files on stdout are one streamed document each', async () => {
    const junit = await capture('check', [p('batch'), '--format', 'junit', '--received-at', inputs.receivedAt]);
    expect(junit.code).toBe(1);
    const doc = XmlDocument.fromString(junit.stdout);
    try {
      expect(doc.find('/testsuites/testsuite').length).toBeGreaterThan(2);
      expect(doc.find('//failure')).toHaveLength(1);
    } finally {
      doc.dispose();
    }
    const sarif = await capture('check', [p('batch'), '--format', 'sarif', '--received-at', inputs.receivedAt]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(log.runs).toHaveLength(2);
    expect(log.runs[1].results[0].ruleId).toBe('ENVELOPE.BASE64');
  });

  it('a file over --max-bytes is read only up to the limit and fails ENVELOPE.SIZE', async () => {
    const r = await capture('check', [p('good.xml'), '--max-bytes', '1000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('only its first 1001 bytes were read');
    const report = JSON.parse(r.stdout);
    expect(report.findings[0]).toMatchObject({ ruleId: 'ENVELOPE.SIZE', outcome: 'fail' });
    expect(report.subject.bytes).toBe(1001);
  });

  it.each([
    [['good.xml', '--max-bytes', 'lots'], /--max-bytes must be a positive integer/],
    [['empty'], /no \.xml files in folder/],
    [['good.xml', '--layout', '130'], /--layout must be 4750 or 3176/],
    [['good.xml', '--profile', 'lax'], /--profile must be default or strict/],
    [['good.xml', '--bogus'], /Unknown option '--bogus'/],
    [['batch', '--format', 'html'], /needs --out DIR/],
    [['good.xml', '--received-at', 'yesterday'], /not an ISO 8601 time/],
  ])('exit 3 for %j', async (args, message) => {
    const r = await capture('check', args.map((a, i) => (i === 0 ? p(a) : a)));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('rules', () => {
  it('lists rule ids with severity, since and citation (text and json)', async () => {
    const text = await capture('rules', []);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^XML1\.SO_CCCD\.FORMAT\terror\tsince \d+\tQĐ 130/m);
    expect(text.stdout).toMatch(/^ENVELOPE\.BASE64\t/m);
    const json = await capture('rules', ['--format', 'json']);
    expect(json.code).toBe(0);
    const metas = JSON.parse(json.stdout) as { id: string; citation: { decision: string } }[];
    expect(metas.length).toBeGreaterThan(100);
    expect(metas.every((m) => m.citation.decision.length > 0)).toBe(true);
    expect((await capture('rules', ['--format', 'yaml'])).code).toBe(3);
  });
});
