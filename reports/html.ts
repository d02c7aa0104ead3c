/**
 * A self-contained HTML report of one Result: no external assets, inline CSS and a small inline script
 * (allowed by a hash-pinned Content-Security-Policy, so any markup that slipped through escaping could
 * not run anyway). Vietnamese first, English secondary.
 *
 * Everything taken from the Result is untrusted (values come straight from a vendor's XML) and goes
 * through `escapeHtml`.
 */
import { createHash } from 'node:crypto';
import type { CountByOutcome, Finding, Outcome, Result } from '../conformance/result.ts';

export interface HtmlReportOptions {
  /** ISO 8601 time of writing; the caller passes the clock in */
  generatedAt: string;
  tool?: string;
  version?: string;
  /** outcomes shown before the reader changes the filter; default everything except pass and not-applicable */
  initiallyShown?: Outcome[];
}

const OUTCOMES: Outcome[] = ['fail', 'error', 'warning', 'skip', 'not-applicable', 'pass'];

const OUTCOME_LABEL: Record<Outcome, { vi: string; en: string }> = {
  pass: { vi: 'Đạt', en: 'pass' },
  fail: { vi: 'Không đạt', en: 'fail' },
  warning: { vi: 'Cảnh báo', en: 'warning' },
  'not-applicable': { vi: 'Không áp dụng', en: 'not applicable' },
  skip: { vi: 'Bỏ qua', en: 'skipped' },
  error: { vi: 'Lỗi nội bộ', en: 'internal error' },
};

const VERDICT_LABEL: Record<Result['summary']['verdict'], { vi: string; en: string }> = {
  pass: { vi: 'ĐẠT', en: 'Pass' },
  warning: { vi: 'ĐẠT, CÓ CẢNH BÁO', en: 'Pass with warnings' },
  fail: { vi: 'KHÔNG ĐẠT', en: 'Fail' },
};

const HTML_SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const HTML_SPECIAL_ALL = new RegExp(HTML_SPECIAL.source, 'g');
const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values; control characters become U+FFFD. */
export function escapeHtml(value: unknown): string {
  const s = String(value ?? '');
  return HTML_SPECIAL.test(s) ? s.replace(HTML_SPECIAL_ALL, (c) => HTML_ENTITY[c] ?? '\uFFFD') : s;
}

/** XML0 … XML15 in numeric order, then anything else (ENVELOPE first). */
export function compareTables(a: string, b: string): number {
  const rank = (t: string) => (t === 'ENVELOPE' ? -1 : /^XML(\d+)$/.test(t) ? Number(t.slice(3)) : 1000);
  return rank(a) - rank(b) || a.localeCompare(b);
}

const CSS = `
:root{--fail:#b3261e;--warn:#8a5a00;--pass:#1b6e3a;--muted:#5f6368;--line:#d0d4d9;--bg:#f7f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1f2328;background:#fff}
header{padding:20px 24px;border-bottom:1px solid var(--line);background:var(--bg)}
main{padding:16px 24px}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 8px}
.en{color:var(--muted);font-weight:normal}
.verdict{display:inline-block;padding:6px 14px;border-radius:6px;font-weight:700;font-size:18px;color:#fff}
.verdict-pass{background:var(--pass)}.verdict-warning{background:var(--warn)}.verdict-fail{background:var(--fail)}
table{border-collapse:collapse;margin:4px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:12px 0 0}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
.o-fail,.o-error{color:var(--fail);font-weight:600}.o-warning{color:var(--warn);font-weight:600}.o-pass{color:var(--pass)}
.o-skip,.o-not-applicable{color:var(--muted)}
#findings{width:100%;table-layout:fixed}
#findings td{overflow-wrap:anywhere;word-break:normal}
/* Fixed column shares so the table fits a 1,366-px screen: long values wrap inside their cell, and the
   message and clause columns get the room (no horizontal scroll). */
#findings th:nth-child(1){width:7%}#findings th:nth-child(2){width:11%}#findings th:nth-child(3){width:5%}
#findings th:nth-child(4){width:3.5%}#findings th:nth-child(5){width:8%}#findings th:nth-child(6){width:3.5%}
#findings th:nth-child(7){width:7%}#findings th:nth-child(8){width:5%}#findings th:nth-child(9){width:6%}
#findings th:nth-child(10){width:6%}#findings th:nth-child(11){width:22%}#findings th:nth-child(12){width:12%}
#findings th:nth-child(13){width:4%}
#findings th{overflow-wrap:anywhere;font-size:13px}
details.src{font-size:12px;color:var(--muted)}details.src>summary{font-weight:normal}
#findings code{white-space:pre-wrap}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:8px;background:var(--bg);border:1px solid var(--line)}
.filters label{white-space:nowrap}
details>summary{cursor:pointer;font-weight:600}
.table-wrap{overflow-x:auto}
`;

const SCRIPT = `(function(){
var boxes=document.querySelectorAll('input[name="outcome"]');
var sel=document.getElementById('filter-table');
var rows=document.querySelectorAll('#findings tbody tr');
var count=document.getElementById('visible-count');
function apply(){
var on={};for(var i=0;i<boxes.length;i++){on[boxes[i].value]=boxes[i].checked;}
var t=sel.value,n=0;
for(var j=0;j<rows.length;j++){var r=rows[j];var show=!!on[r.getAttribute('data-outcome')]&&(t===''||r.getAttribute('data-table')===t);r.hidden=!show;if(show){n++;}}
count.textContent=String(n);
}
for(var k=0;k<boxes.length;k++){boxes[k].addEventListener('change',apply);}
sel.addEventListener('change',apply);
apply();
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');

function bi(vi: string, en: string): string {
  return `${escapeHtml(vi)} <span class="en">/ ${escapeHtml(en)}</span>`;
}

function countsRow(label: string, c: CountByOutcome): string {
  const cells = OUTCOMES.map((o) => `<td class="num${c[o] > 0 && o !== 'pass' ? ` o-${o}` : ''}">${c[o]}</td>`).join('');
  return `<tr><th scope="row">${escapeHtml(label)}</th>${cells}<td class="num">${c.total}</td></tr>`;
}

function countsHead(first: string): string {
  const cells = OUTCOMES.map((o) => `<th>${bi(OUTCOME_LABEL[o].vi, OUTCOME_LABEL[o].en)}</th>`).join('');
  return `<thead><tr><th>${first}</th>${cells}<th>${bi('Tổng', 'total')}</th></tr></thead>`;
}

function locationTable(f: Finding): string {
  return f.location.table ?? 'ENVELOPE';
}

function findingRow(f: Finding, shown: Set<Outcome>): string {
  const l = f.location;
  const table = locationTable(f);
  const line = l.line !== undefined ? `${l.line}${l.col !== undefined ? `:${l.col}` : ''}${l.document ? ` (${l.document})` : ''}` : '';
  const citation =
    `${escapeHtml(`${f.citation.decision}; ${f.citation.clause}`)}` +
    (f.citation.source ? `<details class="src"><summary>${bi('nguồn', 'source')}</summary>${escapeHtml(f.citation.source)}</details>` : '');
  const reason = f.reason ? `<br><small>${bi('Lý do', 'reason')}: ${escapeHtml(f.reason)}</small>` : '';
  return (
    `<tr data-outcome="${escapeHtml(f.outcome)}" data-table="${escapeHtml(table)}"${shown.has(f.outcome) ? '' : ' hidden'}>` +
    `<td class="o-${escapeHtml(f.outcome)}">${escapeHtml(OUTCOME_LABEL[f.outcome]?.vi ?? f.outcome)}<br><small class="en">${escapeHtml(f.outcome)} · ${escapeHtml(f.severity)}</small></td>` +
    `<td><code>${escapeHtml(f.ruleId)}</code></td>` +
    `<td>${escapeHtml(table)}</td>` +
    `<td class="num">${l.row !== undefined ? l.row + 1 : ''}</td>` +
    `<td>${escapeHtml(l.MA_LK ?? '')}</td>` +
    `<td>${escapeHtml(l.STT ?? '')}</td>` +
    `<td>${escapeHtml(l.field ?? '')}</td>` +
    `<td>${escapeHtml(line)}</td>` +
    `<td>${f.actual !== undefined ? `<code>${escapeHtml(f.actual)}</code>` : ''}</td>` +
    `<td>${f.expected !== undefined ? `<code>${escapeHtml(f.expected)}</code>` : ''}</td>` +
    `<td>${escapeHtml(f.message_vi)}<br><span class="en">${escapeHtml(f.message_en)}</span>${reason}</td>` +
    `<td>${citation}</td>` +
    `<td>${escapeHtml(f.confidence)}</td>` +
    `</tr>`
  );
}

/** Renders one Result as a complete HTML document. */
export function renderHtml(result: Result, options: HtmlReportOptions): string {
  const { summary, subject, layout } = result;
  const verdict = VERDICT_LABEL[summary.verdict];
  const shown = new Set<Outcome>(options.initiallyShown ?? ['fail', 'error', 'warning', 'skip']);
  const tables = Object.keys(summary.byTable).sort(compareTables);
  // Rules with problems first, then by id, so the reader sees what to fix without scrolling.
  const rules = Object.keys(summary.byRule).sort((a, b) => {
    const bad = (id: string) => summary.byRule[id].fail + summary.byRule[id].error + summary.byRule[id].warning;
    return bad(b) - bad(a) || a.localeCompare(b);
  });
  const title = `Báo cáo kiểm tra tuân thủ – ${subject.fileName ?? subject.sha256.slice(0, 12)}`;

  const meta: [string, string, string][] = [
    ['Tệp', 'file', subject.fileName ?? ''],
    ['Loại hồ sơ', 'kind', subject.kind],
    ['Mã CSKCB', 'facility', subject.MACSKCB ?? ''],
    ['MA_LK', 'visit keys', (subject.MA_LK ?? []).join(', ')],
    ['Bố cục áp dụng', 'layout applied', `QĐ ${layout.id}${layout.overlay1931 ? ' + QĐ 1931' : ''}`],
    ['Lý do chọn bố cục', 'why', layout.reason],
    ['Hồ sơ mức độ', 'profile', result.profile],
    ['Kích thước', 'size', `${subject.bytes} bytes`],
    ['SHA-256', 'SHA-256', subject.sha256],
    ['Thời điểm kiểm tra', 'checked at', result.checkedAt],
    ['Phiên bản', 'versions', `engine ${result.engineVersion}, result schema ${result.schemaVersion}${options.version ? `, ${options.tool ?? 'sskdt-lab'} ${options.version}` : ''}`],
    ['Thời gian xử lý (ms)', 'timings (ms)', Object.entries(result.timings).map(([k, v]) => `${k} ${v}`).join(', ')],
  ];

  const outcomeFilters = OUTCOMES.map(
    (o) =>
      `<label><input type="checkbox" name="outcome" value="${o}"${shown.has(o) ? ' checked' : ''}> ` +
      `<span class="o-${o}">${escapeHtml(OUTCOME_LABEL[o].vi)}</span> <span class="en">${escapeHtml(OUTCOME_LABEL[o].en)}</span> (${summary.counts[o]})</label>`,
  ).join('\n');
  const tableOptions = tables.map((t) => `<option value="${escapeHtml(t)}">${escapeHtml(t)}</option>`).join('');
  const initiallyVisible = result.findings.filter((f) => shown.has(f.outcome)).length;

  const parts: string[] = [];
  parts.push(
    `<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n` +
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:">\n` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
      `<meta name="generator" content="${escapeHtml(options.tool ?? 'sskdt-lab')} ${escapeHtml(options.version ?? result.engineVersion)}">\n` +
      `<title>${escapeHtml(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n`,
  );
  parts.push(
    `<header>\n<h1>${bi('Báo cáo kiểm tra tuân thủ dữ liệu XML (QĐ 130/4750/3176)', 'XML conformance report')}</h1>\n` +
      `<div id="verdict" class="verdict verdict-${summary.verdict}" data-verdict="${summary.verdict}">${escapeHtml(verdict.vi)} · ${escapeHtml(verdict.en)}</div>\n` +
      `<dl class="meta">${meta.map(([vi, en, v]) => `<dt>${bi(vi, en)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>\n` +
      `<p><small>${escapeHtml(`Tạo lúc / generated at ${options.generatedAt}`)}</small></p>\n</header>\n<main>\n`,
  );
  parts.push(
    `<h2>${bi('Tổng hợp', 'Summary')}</h2>\n<table id="counts">${countsHead(bi('Phạm vi', 'scope'))}<tbody>` +
      countsRow('Tất cả / all', summary.counts) +
      `</tbody></table>\n` +
      `<h2>${bi('Theo bảng', 'By table')}</h2>\n<table id="by-table">${countsHead(bi('Bảng', 'table'))}<tbody>` +
      tables.map((t) => countsRow(t, summary.byTable[t])).join('') +
      `</tbody></table>\n` +
      `<details id="by-rule"${rules.length <= 40 ? ' open' : ''}><summary>${bi(`Theo quy tắc (${rules.length})`, `By rule (${rules.length})`)}</summary>\n` +
      `<table>${countsHead(bi('Quy tắc', 'rule'))}<tbody>` +
      rules.map((r) => countsRow(r, summary.byRule[r])).join('') +
      `</tbody></table></details>\n`,
  );
  parts.push(
    `<h2>${bi('Chi tiết kết quả', 'Findings')}</h2>\n` +
      (result.findingsIncluded === 'problems'
        ? `<p id="problems-only">${bi('Chỉ liệt kê các kết quả có vấn đề (không đạt, cảnh báo, lỗi, bỏ qua); số đếm ở trên là đầy đủ.', 'Only problems are listed (fail, warning, error, skip); the counts above are complete.')}</p>\n`
        : '') +
      `<div class="filters" role="group" aria-label="Lọc / filter">\n${outcomeFilters}\n` +
      `<label>${bi('Bảng', 'table')}: <select id="filter-table"><option value="">Tất cả / all</option>${tableOptions}</select></label>\n` +
      `<span>${bi('Đang hiển thị', 'showing')}: <strong id="visible-count">${initiallyVisible}</strong> / ${result.findings.length}</span>\n</div>\n` +
      `<div class="table-wrap"><table id="findings"><thead><tr>` +
      [
        ['Kết quả', 'outcome'],
        ['Quy tắc', 'rule'],
        ['Bảng', 'table'],
        ['Hàng (từ 1)', 'row (1-based)'],
        ['MA_LK', 'MA_LK'],
        ['STT', 'STT'],
        ['Trường', 'field'],
        ['Dòng:cột', 'line:col'],
        ['Giá trị gửi', 'actual'],
        ['Mong đợi', 'expected'],
        ['Thông điệp', 'message'],
        ['Căn cứ', 'citation'],
        ['Độ tin cậy', 'confidence'],
      ]
        .map(([vi, en]) => `<th>${bi(vi, en)}</th>`)
        .join('') +
      `</tr></thead>\n<tbody>\n`,
  );
  // What to fix first: failures and internal errors, then warnings, then skips; the engine's order within each.
  const rank = new Map(OUTCOMES.map((o, i) => [o, i]));
  const ordered = result.findings.map((f, i) => ({ f, i })).sort((a, b) => rank.get(a.f.outcome)! - rank.get(b.f.outcome)! || a.i - b.i);
  for (const { f } of ordered) parts.push(findingRow(f, shown), '\n');
  parts.push(`</tbody></table></div>\n</main>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`);
  return parts.join('');
}
