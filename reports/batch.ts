/**
 * Reports across the files of one `check` run: the index page (index.html) grouped by facility and by rule,
 * linking each file's own report. Reads only per-file summaries (BatchRow, derived from each Result) and
 * rule metadata passed in; never re-parses XML.
 */
import type { RuleMeta } from '../conformance/rules/contract.ts';
import { escapeHtml } from './html.ts';

export type BatchVerdict = 'pass' | 'warning' | 'fail' | 'error';

/** One file's summary (the rows of summary.json). */
export interface BatchRow {
  file: string;
  /** the file's report, relative to the folder holding index.html / summary.json */
  report?: string;
  verdict: BatchVerdict;
  kind: string;
  layout: string;
  facility?: string;
  sha256: string;
  bytes: number;
  counts: { pass: number; fail: number; warning: number; 'not-applicable': number; skip: number; error: number; total: number };
  /** rule id → [fail, warning, error, skip] for the rules with a problem */
  problems: Record<string, [number, number, number, number]>;
}

export interface VerdictCounts {
  files: number;
  pass: number;
  warning: number;
  fail: number;
  error: number;
}

export interface FacilityGroup extends VerdictCounts {
  facility: string;
  /** files with a problem (fail, error, warning), in input order, up to the listing cap */
  listed: BatchRow[];
  /** files with a problem beyond the cap */
  unlisted: number;
}

export interface RuleGroup {
  ruleId: string;
  /** files where this rule failed / warned / errored / was skipped */
  files: { fail: number; warning: number; error: number; skip: number };
  findings: { fail: number; warning: number; error: number; skip: number };
  /** up to a few files where it failed (links) */
  examples: { file: string; report?: string }[];
}

export interface BatchIndex {
  generatedAt: string;
  version: string;
  totals: VerdictCounts;
  facilities: FacilityGroup[];
  rules: RuleGroup[];
}

const emptyVerdicts = (): VerdictCounts => ({ files: 0, pass: 0, warning: 0, fail: 0, error: 0 });

/** Aggregates rows as they come, holding only counts and a capped list of problem files per facility. */
export class BatchAggregate {
  readonly totals = emptyVerdicts();
  private readonly facilities = new Map<string, FacilityGroup>();
  private readonly rules = new Map<string, RuleGroup>();

  constructor(private readonly listPerFacility = 500, private readonly examplesPerRule = 5) {}

  add(row: BatchRow): void {
    this.totals.files++;
    this.totals[row.verdict]++;
    const key = row.facility ?? '';
    let f = this.facilities.get(key);
    if (!f) this.facilities.set(key, (f = { facility: key, ...emptyVerdicts(), listed: [], unlisted: 0 }));
    f.files++;
    f[row.verdict]++;
    if (row.verdict !== 'pass') {
      if (f.listed.length < this.listPerFacility) f.listed.push({ ...row, problems: {} });
      else f.unlisted++;
    }
    for (const [ruleId, [fail, warning, error, skip]] of Object.entries(row.problems)) {
      let r = this.rules.get(ruleId);
      if (!r) this.rules.set(ruleId, (r = { ruleId, files: { fail: 0, warning: 0, error: 0, skip: 0 }, findings: { fail: 0, warning: 0, error: 0, skip: 0 }, examples: [] }));
      if (fail) r.files.fail++;
      if (warning) r.files.warning++;
      if (error) r.files.error++;
      if (skip) r.files.skip++;
      r.findings.fail += fail;
      r.findings.warning += warning;
      r.findings.error += error;
      r.findings.skip += skip;
      if ((fail || error) && r.examples.length < this.examplesPerRule) r.examples.push({ file: row.file, ...(row.report ? { report: row.report } : {}) });
    }
  }

  index(meta: { generatedAt: string; version: string }): BatchIndex {
    const facilities = [...this.facilities.values()].sort((a, b) => b.fail + b.error - (a.fail + a.error) || a.facility.localeCompare(b.facility));
    const rules = [...this.rules.values()].sort(
      (a, b) => b.files.fail + b.files.error - (a.files.fail + a.files.error) || b.files.warning - a.files.warning || a.ruleId.localeCompare(b.ruleId),
    );
    return { ...meta, totals: { ...this.totals }, facilities, rules };
  }
}

const VERDICT_VI: Record<BatchVerdict, string> = { pass: 'ĐẠT', warning: 'CẢNH BÁO', fail: 'KHÔNG ĐẠT', error: 'LỖI NỘI BỘ' };

function href(report: string | undefined): string | undefined {
  return report === undefined ? undefined : report.split('/').map(encodeURIComponent).join('/');
}

function fileCell(file: string, report: string | undefined): string {
  const link = href(report);
  return link ? `<a href="${escapeHtml(link)}">${escapeHtml(file)}</a>` : escapeHtml(file);
}

/** index.html: totals, then files by facility (problem files linked), then rules by how many files they fail. */
export function renderBatchIndex(index: BatchIndex, lookupRule: (id: string) => RuleMeta | undefined): string {
  const t = index.totals;
  const facilities = index.facilities
    .map((f) => {
      const rows = f.listed
        .map((r) => `<tr data-verdict="${r.verdict}"><td>${fileCell(r.file, r.report)}</td><td class="v-${r.verdict}">${VERDICT_VI[r.verdict]}</td><td>${r.kind}</td><td>${escapeHtml(r.layout)}</td><td class="n">${r.counts.fail}</td><td class="n">${r.counts.warning}</td><td class="n">${r.counts.error}</td></tr>`)
        .join('\n');
      const more = f.unlisted > 0 ? `<p class="more">… và ${f.unlisted} tệp khác có vấn đề (xem summary.json)</p>` : '';
      return `<section class="facility" data-facility="${escapeHtml(f.facility)}">
<h3>${f.facility ? `Cơ sở ${escapeHtml(f.facility)}` : 'Không rõ cơ sở (MACSKCB)'} — ${f.files} tệp: ${f.pass} đạt, ${f.warning} cảnh báo, ${f.fail} không đạt, ${f.error} lỗi nội bộ</h3>
${rows ? `<table><thead><tr><th>Tệp</th><th>Kết luận</th><th>Loại</th><th>Mẫu</th><th>fail</th><th>warning</th><th>error</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '<p>Tất cả các tệp đều đạt.</p>'}${more}
</section>`;
    })
    .join('\n');
  const rules = index.rules
    .map((r) => {
      const meta = lookupRule(r.ruleId);
      const cite = meta ? `${meta.citation.decision}; ${meta.citation.clause}` : '';
      const examples = r.examples.map((e) => fileCell(e.file, e.report)).join(', ');
      return `<tr data-rule="${escapeHtml(r.ruleId)}"><td><code>${escapeHtml(r.ruleId)}</code></td><td class="n">${r.files.fail}</td><td class="n">${r.files.warning}</td><td class="n">${r.files.error}</td><td class="n">${r.files.skip}</td><td class="n">${r.findings.fail + r.findings.warning + r.findings.error}</td><td>${escapeHtml(meta?.description_en ?? '')}<br><small>${escapeHtml(cite)}</small></td><td>${examples}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sskdt-lab ${escapeHtml(index.version)}">
<title>sskdt-lab — tổng hợp ${t.files} tệp</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;max-width:100%;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;table-layout:auto}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.v-pass{color:#176b2c}.v-warning{color:#8a5a00}.v-fail,.v-error{color:#b00020;font-weight:600}
#totals span{margin-right:1.5rem}
</style>
</head>
<body>
<h1>Tổng hợp kiểm tra: ${t.files} tệp</h1>
<p id="totals" data-files="${t.files}" data-fail="${t.fail}" data-warning="${t.warning}" data-pass="${t.pass}" data-error="${t.error}"><span class="v-pass">Đạt: ${t.pass}</span><span class="v-warning">Cảnh báo: ${t.warning}</span><span class="v-fail">Không đạt: ${t.fail}</span><span class="v-error">Lỗi nội bộ: ${t.error}</span></p>
<p><small>sskdt-lab ${escapeHtml(index.version)}, ${escapeHtml(index.generatedAt)}. Dữ liệu: summary.json.</small></p>
<h2 id="by-facility">Theo cơ sở khám chữa bệnh</h2>
${facilities}
<h2 id="by-rule">Theo quy tắc</h2>
${rules ? `<table><thead><tr><th>Quy tắc</th><th>tệp fail</th><th>tệp warning</th><th>tệp error</th><th>tệp skip</th><th>kết quả</th><th>mô tả / căn cứ</th><th>ví dụ</th></tr></thead><tbody>\n${rules}\n</tbody></table>` : '<p>Không quy tắc nào báo vấn đề.</p>'}
</body>
</html>
`;
}
