/**
 * The facility report of an evidence bundle (HTML, Vietnamese first, English alongside): the verdict and
 * what is missing, the scenario × result matrix, pilot conditions C1–C13, every failing finding with its
 * legal clause, waivers, and every input file that was not judged with the reason. Static, no script, no
 * external resource, so it opens the same from a USB stick in ten years.
 */
import { escapeHtml } from '../html.ts';
import type { Masker } from './mask.ts';
import type { CertificationOutcome } from './model.ts';

const STATE_VI: Record<string, string> = {
  passed: 'Đạt', failed: 'Không đạt', 'not-started': 'Chưa có hồ sơ', waived: 'Được miễn trừ (waived)',
  evidenced: 'Có bằng chứng', 'not-evidenced': 'Chưa có bằng chứng', 'not-automated': 'Cần hồ sơ thủ công',
  pass: 'Đạt', fail: 'Không đạt', pending: 'Đang chờ kiểm tra',
};
const STATE_EN: Record<string, string> = {
  passed: 'passed', failed: 'failed', 'not-started': 'not started', waived: 'waived',
  evidenced: 'evidenced', 'not-evidenced': 'not evidenced', 'not-automated': 'needs manual evidence',
  pass: 'pass', fail: 'fail', pending: 'pending',
};
const cls = (state: string) => (['passed', 'evidenced', 'pass'].includes(state) ? 'ok' : ['waived', 'not-automated', 'pending'].includes(state) ? 'note' : 'bad');
const state = (s: string) => `<span class="${cls(s)}">${escapeHtml(STATE_VI[s] ?? s)} / ${escapeHtml(STATE_EN[s] ?? s)}</span>`;

export function renderFacilityReport(o: CertificationOutcome, mask: Masker): string {
  const e = (s: unknown) => escapeHtml(mask.text(String(s ?? '')));
  const v = o.verdict;
  const rows: string[] = [];
  rows.push(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Báo cáo chứng nhận ${e(o.run.facility.maCSKCB)} — ${e(o.run.id)}</title>`);
  rows.push(`<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left}.ok{color:#066}.bad{color:#a00;font-weight:600}.note{color:#850}.en{color:#555}h1 .bad,h1 .ok{font-size:1em}code{font-size:92%}</style></head><body>`);
  rows.push(`<h1>Kết quả chứng nhận / Certification result: ${v.verdict === 'pass' ? '<span class="ok">ĐẠT / PASS</span>' : '<span class="bad">KHÔNG ĐẠT / FAIL</span>'}</h1>`);
  rows.push('<table>');
  const kv = (k: string, val: string) => rows.push(`<tr><th>${k}</th><td>${val}</td></tr>`);
  kv('Cơ sở KCB / Facility', `${e(o.run.facility.maCSKCB)} ${e(o.run.facility.name ?? '')}`);
  kv('Lượt chứng nhận / Run', `${e(o.run.id)} (${o.run.mode === 'online' ? 'trực tuyến qua Cổng / online via the portal' : 'ngoại tuyến từ thư mục / offline from a folder'})`);
  kv('Kế hoạch / Plan', `${e(o.plan.title_vi)} — <code>${e(o.plan.id)}@${e(o.plan.version)}</code><br><span class="en">${e(o.plan.title_en)}</span>`);
  kv('Thời gian / Time', `mở / opened ${e(o.run.openedAt)}; kết thúc / finished ${e(o.run.finishedAt ?? '—')}; thời điểm tham chiếu / reference time ${e(o.run.referenceTime)}`);
  kv('Người thực hiện / Run by', e(o.run.ranBy));
  kv('Chứng thư số đã đăng ký / Registered certificates', o.certificates.length ? o.certificates.map((c) => `${e(c.subject)} — serial ${e(c.serialNumber)}, hết hạn / expires ${e(c.notAfter)}`).join('<br>') : '<span class="bad">không có / none</span>');
  kv('Nguồn đăng ký / Registry', e(o.registrySource));
  kv('Danh mục của cơ sở / Facility catalogues', o.catalogueSource ? e(o.catalogueSource) : 'không có: các quy tắc CATALOGUE.* bỏ qua / none: the CATALOGUE.* rules were skipped');
  kv('Dữ liệu cá nhân / Personal data', mask.active ? 'đã ẩn trong báo cáo (***); hồ sơ gốc trong thư mục submissions/ giữ nguyên như đã nhận / masked in this report (***); the files in submissions/ are kept as received' : 'không ẩn (bản của chính cơ sở) / not masked (the facility\'s own copy)');
  rows.push('</table>');

  if (v.reasons.length) {
    rows.push('<h2>Còn thiếu / What is missing or failing</h2><ul>');
    for (const r of v.reasons) rows.push(`<li>${e(r.vi)}<br><span class="en">${e(r.en)}</span></li>`);
    rows.push('</ul>');
  }

  rows.push('<h2>Kịch bản × kết quả / Scenarios × results</h2><table><tr><th>Kịch bản / Scenario</th><th>Bắt buộc / Required</th><th>Kết quả / Result</th><th>Hồ sơ khớp / Matching</th><th>Hồ sơ đạt / Passing</th><th>Vấn đề / Problems</th></tr>');
  for (const s of v.scenarios) {
    rows.push(`<tr><td><code>${e(s.id)}</code><br>${e(s.title_vi)}<br><span class="en">${e(s.title_en)}</span></td><td>${s.required ? 'có / yes' : 'không / no'}</td><td>${state(s.state)}</td><td>${s.submissions.length}</td><td>${s.passing.slice(0, 3).map((p) => `<code>${e(p)}</code>`).join('<br>')}${s.passing.length > 3 ? `<br>… +${s.passing.length - 3}` : ''}</td><td>${s.state === 'passed' ? '' : s.problems.slice(0, 5).map(e).join('<br>')}</td></tr>`);
  }
  rows.push('</table>');

  rows.push('<h2>Điều kiện triển khai C1–C13 / Pilot conditions C1–C13</h2><table><tr><th>Mã</th><th>Điều kiện / Condition</th><th>Căn cứ / Article</th><th>Loại / Kind</th><th>Trạng thái / State</th><th>Kịch bản chứng minh / Evidenced by</th></tr>');
  for (const c of v.conditions) rows.push(`<tr><td>${e(c.id)}</td><td>${e(c.condition_vi)}</td><td>${e(c.article)}</td><td>${e(c.check_kind)}</td><td>${state(c.state)}</td><td>${c.scenarios.map((x) => `<code>${e(x)}</code>`).join(' ')}</td></tr>`);
  rows.push('</table>');

  rows.push('<h2>Quy tắc bắt buộc không đạt / Failing required rules</h2>');
  if (v.failingRules.length === 0) rows.push('<p class="ok">Không có / None</p>');
  else {
    rows.push('<table><tr><th>Quy tắc / Rule</th><th>Trạng thái / State</th><th>Số lỗi / Count</th><th>Thông báo / Message</th><th>Căn cứ / Clause</th></tr>');
    for (const f of v.failingRules) rows.push(`<tr><td><code>${e(f.ruleId)}</code></td><td>${state(f.state === 'fail' ? 'fail' : 'waived')}${f.waiver ? ` (${e(f.waiver)})` : ''}</td><td>${f.count}</td><td>${e(f.message_vi ?? '')}<br><span class="en">${e(f.message_en ?? '')}</span></td><td>${e(f.clause ?? '')}</td></tr>`);
    rows.push('</table>');
  }

  rows.push('<h2>Các lỗi theo hồ sơ / Failing findings per submission</h2>');
  const failingSubs = o.submissions.filter((s) => s.result && s.result.findings.some((f) => f.outcome === 'fail' || f.outcome === 'error'));
  if (failingSubs.length === 0) rows.push('<p class="ok">Không có / None</p>');
  const judgements = new Map(v.submissions.map((j) => [j.id, j]));
  for (const s of failingSubs) {
    const judgement = judgements.get(s.id);
    rows.push(`<h3><code>${e(s.id)}</code> — ${state(judgement?.verdict ?? 'fail')}</h3><table><tr><th>Quy tắc / Rule</th><th>Vị trí / Location</th><th>Thông báo / Message</th><th>Giá trị / Actual</th><th>Căn cứ / Clause</th></tr>`);
    for (const f of s.result!.findings.filter((x) => x.outcome === 'fail' || x.outcome === 'error')) {
      const l = f.location;
      const where = [l.table, l.MA_LK && `MA_LK ${l.MA_LK}`, l.row !== undefined && `dòng/row ${l.row + 1}`, l.field, l.line && `line ${l.line}${l.col ? `:${l.col}` : ''}`].filter(Boolean).join(', ');
      rows.push(`<tr><td><code>${e(f.ruleId)}</code></td><td>${e(where)}</td><td>${e(f.message_vi)}<br><span class="en">${e(f.message_en)}</span></td><td>${e(f.actual ?? '')}</td><td>${e(`${f.citation.decision}, ${f.citation.clause}`)}</td></tr>`);
    }
    rows.push('</table>');
  }

  rows.push('<h2>Miễn trừ / Waivers</h2>');
  if (o.waivers.length === 0) rows.push('<p>Không có / None</p>');
  else {
    rows.push('<table><tr><th>Mã / Id</th><th>Quy tắc / Rule</th><th>Phạm vi / Scope</th><th>Lý do / Reason</th><th>Người duyệt / Approver</th><th>Hết hạn / Expires</th><th>Áp dụng / Applied</th></tr>');
    for (const w of o.waivers) rows.push(`<tr><td>${e(w.id)}</td><td><code>${e(w.ruleId)}</code></td><td>${e(w.maLk ? `MA_LK ${w.maLk}` : w.submission ? w.submission : 'cả lượt / whole run')}</td><td>${e(w.reason)}</td><td>${e(w.approver)}</td><td>${e(w.expiresAt)}</td><td>${v.waiversApplied.includes(w.id) ? 'có / yes' : 'không / no'}</td></tr>`);
    rows.push('</table>');
  }

  const inv = o.inventory;
  rows.push(`<h2>Tệp đầu vào / Input files</h2><p>${inv.filesSeen ? `${inv.filesSeen} tệp / files seen; ` : ''}${inv.judged} hồ sơ được đánh giá / judged; ${inv.ignored.length} bỏ qua / ignored; ${inv.duplicates.length} trùng / duplicates; ${inv.otherFacility.length} của cơ sở khác / of another facility.</p>`);
  if (inv.ignored.length + inv.duplicates.length + inv.otherFacility.length) {
    rows.push('<table><tr><th>Tệp / File</th><th>Lý do không đánh giá / Why not judged</th></tr>');
    for (const i of inv.ignored) rows.push(`<tr><td><code>${e(i.file)}</code></td><td>${e(i.reason)}</td></tr>`);
    for (const d of inv.duplicates) rows.push(`<tr><td><code>${e(d.file)}</code></td><td>trùng nội dung với / same bytes as <code>${e(d.sameAs)}</code></td></tr>`);
    for (const x of inv.otherFacility) rows.push(`<tr><td><code>${e(x.file)}</code></td><td>của cơ sở khác / of another facility: ${e(x.facility)}</td></tr>`);
    rows.push('</table>');
  }

  rows.push('<h2>Diễn biến / Timeline</h2><ul>');
  for (const t of o.run.timeline) rows.push(`<li>${e(t.at)} — ${e(t.event)}${t.by ? ` (${e(t.by)})` : ''}</li>`);
  rows.push('</ul>');
  rows.push('<p class="en">Kiểm tra tính toàn vẹn / Verify this bundle: <code>sskdt-lab verify bundle.zip</code> or <code>openssl cms -verify -binary -inform PEM -in manifest.p7s -content manifest.json -CAfile lab.pem -purpose any</code> then compare the SHA-256 of every file with manifest.json.</p>');
  rows.push('</body></html>\n');
  return rows.join('\n');
}
