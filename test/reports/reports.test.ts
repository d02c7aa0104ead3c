import { readFileSync } from 'node:fs';
import { XmlDocument } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { escapeHtml, renderHtml } from '../../reports/html.ts';
import { renderJson, toJsonReport } from '../../reports/json.ts';
import { renderJunit } from '../../reports/junit.ts';
import { JsonReportSchema, jsonReportJsonSchema } from '../../reports/result-schema.ts';
import { renderSarif } from '../../reports/sarif.ts';
import { HOSTILE, mixedResult, passingResult } from './fixtures.ts';

const META = { generatedAt: '2026-11-25T11:00:00.000Z', version: '0.1.0' };
const publishedSchema = JSON.parse(readFileSync(new URL('../../docs/result.schema.json', import.meta.url), 'utf8'));

describe('JSON report', () => {
  it('is the Result plus a report header, and validates against docs/result.schema.json', () => {
    const report = JSON.parse(renderJson(mixedResult(), META));
    expect(report.report).toMatchObject({ format: 'sskdt-lab/result', tool: 'sskdt-lab', version: '0.1.0', generatedAt: META.generatedAt });
    expect(report.report.inputs).toEqual([{ fileName: 'hoso-1.xml', sha256: 'ab'.repeat(32), bytes: 12345 }]);
    expect(report.summary.counts.fail).toBe(1);
    expect(report.findings).toHaveLength(8);
    const validator = z.fromJSONSchema(publishedSchema);
    expect(validator.safeParse(report).success).toBe(true);
    expect(JsonReportSchema.safeParse(report).success).toBe(true);
  });

  it('the published schema rejects reports that break the contract', () => {
    const validator = z.fromJSONSchema(publishedSchema);
    const report = toJsonReport(mixedResult(), META) as unknown as Record<string, unknown>;
    expect(validator.safeParse({ ...report, summary: undefined }).success).toBe(false);
    const badOutcome = structuredClone(report) as { findings: { outcome: string }[] };
    badOutcome.findings[0].outcome = 'maybe';
    expect(validator.safeParse(badOutcome).success).toBe(false);
  });

  it('docs/result.schema.json is up to date with reports/result-schema.ts (run scripts/result-schema.ts)', () => {
    expect(publishedSchema).toEqual(JSON.parse(JSON.stringify(jsonReportJsonSchema())));
  });

  it('compact output is one line (JSON Lines for several files)', () => {
    const line = renderJson(passingResult(), META, { compact: true });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line).summary.verdict).toBe('pass');
  });
});

describe('JUnit report', () => {
  it('is well-formed XML with one testsuite per table and escaped hostile content', () => {
    const xml = renderJunit([mixedResult(), passingResult()]);
    const doc = XmlDocument.fromString(xml);
    try {
      const suites = doc.find('/testsuites/testsuite');
      expect(suites.map((s) => (s as unknown as { attr(n: string): { value: string } | null }).attr('name')?.value)).toEqual([
        'hoso-1.xml › ENVELOPE',
        'hoso-1.xml › XML1',
        'hoso-1.xml › XML2',
        'hoso-1.xml › XML3',
        'hoso-1.xml › XML1',
        'hoso-1.xml › XML2',
      ]);
      expect(doc.find('//testcase')).toHaveLength(10);
      expect(doc.find('//failure')).toHaveLength(1);
      expect(doc.find('//error')).toHaveLength(1);
      expect(doc.find('//skipped')).toHaveLength(2);
      const failure = doc.get('//failure')!;
      expect(failure.content).toContain(HOSTILE);
      expect(doc.find('//script')).toHaveLength(0);
    } finally {
      doc.dispose();
    }
    expect(xml).toMatch(/<testsuites name="sskdt-lab check" tests="10" failures="1" errors="1" skipped="2">/);
    expect(xml).toContain('name="XML1.SO_CCCD.FORMAT @ row 1 MA_LK=LK001 SO_CCCD line 7:5 of XML1"');
  });

  it('problems-only results: every table still has a suite, passes summed in one passing test case', () => {
    const r = mixedResult();
    r.findingsIncluded = 'problems';
    r.findings = r.findings.filter((f) => f.outcome !== 'pass' && f.outcome !== 'not-applicable');
    const xml = renderJunit([r]);
    expect(xml).toMatch(/<testsuites name="sskdt-lab check" tests="7" failures="1" errors="1" skipped="1">/);
    expect(xml).toContain('name="XML1: 2 checks passed, 0 not applicable (not listed)"');
    expect(xml).toContain('name="XML3: 0 checks passed, 1 not applicable (not listed)"');
    expect(xml).toContain('<testsuite name="hoso-1.xml › XML3" tests="1" failures="0" errors="0" skipped="0"');
  });

  it('replaces characters XML 1.0 cannot carry', () => {
    const r = mixedResult();
    r.findings[2].actual = 'a\u0001b';
    const xml = renderJunit([r]);
    expect(xml).not.toContain('\u0001');
    expect(() => XmlDocument.fromString(xml).dispose()).not.toThrow();
  });
});

describe('SARIF report', () => {
  it('is SARIF 2.1.0 with rules from metadata, levels, and file#table locations', () => {
    const sarif = JSON.parse(
      renderSarif([mixedResult()], {
        rules: [
          {
            id: 'XML1.SO_CCCD.FORMAT',
            severity: 'error',
            tables: ['XML1'],
            fields: ['SO_CCCD'],
            citation: { decision: 'QĐ 130/QĐ-BYT (QĐ 4750)', clause: 'Bảng 1, chỉ tiêu 6' },
            messages: { vi: 'SO_CCCD sai định dạng', en: 'SO_CCCD has a wrong format' },
            since: '130',
            confidence: 'high',
            description_en: 'Citizen id number is 12 digits',
          },
        ],
      }),
    );
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif-2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules[0]).toMatchObject({ id: 'XML1.SO_CCCD.FORMAT', shortDescription: { text: 'Citizen id number is 12 digits' } });
    expect(run.tool.driver.rules[0].help.text).toContain('Bảng 1, chỉ tiêu 6');
    // fail, warning and error are reported; passes, skips and n/a are not (by default)
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['XML1.SO_CCCD.FORMAT', 'error'],
      ['XML2.MUC_HUONG.LENGTH', 'warning'],
      ['CROSS.MA_LK.ORPHAN', 'error'],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const loc = run.results[0].locations[0].physicalLocation;
    expect(loc).toEqual({ artifactLocation: { uri: 'hoso-1.xml#XML1' }, region: { startLine: 7, startColumn: 5 } });
    expect(run.results[0].properties.actual).toBe(HOSTILE);
    expect(run.results[2].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'hoso-1.xml#ENVELOPE' } });
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.artifacts[0]).toMatchObject({ location: { uri: 'hoso-1.xml' }, length: 12345 });
  });

  it('includeAll adds pass and notApplicable results; file names are percent-encoded', () => {
    const r = mixedResult();
    r.subject.fileName = 'dir/hồ sơ #1.xml';
    const run = JSON.parse(renderSarif([r], { includeAll: true })).runs[0];
    expect(run.results).toHaveLength(8);
    expect(run.results.filter((x: { kind: string }) => x.kind === 'notApplicable')).toHaveLength(2);
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('dir/h%E1%BB%93%20s%C6%A1%20%231.xml#XML1');
  });
});

describe('HTML report (string level)', () => {
  it('escapes untrusted content everywhere and pins the inline script by hash', () => {
    const r = mixedResult();
    r.subject.fileName = '<img src=x onerror=alert(1)>.xml';
    r.findings[2].location.MA_LK = '"><script>alert(2)</script>';
    r.layout.reason = '<b>why</b>';
    const html = renderHtml(r, META);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><script>alert(2)');
    expect(html).not.toContain('<b>why</b>');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html).toContain('KHÔNG ĐẠT');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('escapeHtml covers the five special characters and control characters', () => {
    expect(escapeHtml(`a\u0001<b c="d" e='f'>&`)).toBe('a\uFFFD&lt;b c=&quot;d&quot; e=&#39;f&#39;&gt;&amp;');
    expect(escapeHtml('Nguyễn Văn Ánh')).toBe('Nguyễn Văn Ánh');
    expect(escapeHtml(undefined)).toBe('');
  });

  it('lists failures and errors first, then warnings, skips, not-applicable and passes (engine order within each)', () => {
    const html = renderHtml(mixedResult(), META);
    const body = html.slice(html.indexOf('<table id="findings">'));
    const order = [...body.matchAll(/<tr[^>]*data-outcome="([a-z-]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['fail', 'error', 'warning', 'skip', 'not-applicable', 'pass', 'pass', 'pass']);
  });

  it('says when only problems are listed', () => {
    const r = mixedResult();
    r.findingsIncluded = 'problems';
    expect(renderHtml(r, META)).toContain('id="problems-only"');
    expect(renderHtml(mixedResult(), META)).not.toContain('id="problems-only"');
  });
});
