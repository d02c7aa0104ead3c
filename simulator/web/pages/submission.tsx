/** @jsxImportSource hono/jsx */
/**
 * One submission: envelope facts, tables and rows, every listed verdict with its explanation and legal
 * clause (filters by table / outcome / rule as a GET form), the decoded XML of one table with the lines that
 * carry a failure or warning highlighted, and downloads.
 */
import type { Finding, Outcome, Result } from '../../../conformance/result.ts';
import type { ParsedPackage } from '../../../conformance/model.ts';
import type { StoredSubmission } from '../../store.ts';
import { endpointKind, Layout, OUTCOME_LABEL, OutcomeBadge, tr, VerdictBadge, vnTime, type Lang, type PageContext } from '../ui.tsx';

export interface FindingFilter {
  table?: string;
  outcome?: Outcome | 'all';
  rule?: string;
  /** `hoso:table` of the decoded document shown */
  xml?: string;
}

export const MAX_FINDINGS_SHOWN = 400;

const PROBLEM: Outcome[] = ['fail', 'error', 'warning', 'skip'];

export function filterFindings(result: Result, f: FindingFilter): Finding[] {
  return result.findings.filter((x) => {
    if (f.table && (x.location.table ?? 'ENVELOPE') !== f.table) return false;
    if (f.rule && x.ruleId !== f.rule) return false;
    if (!f.outcome) return x.outcome === 'fail' || x.outcome === 'error' || x.outcome === 'warning';
    if (f.outcome === 'all') return true;
    return x.outcome === f.outcome;
  });
}

function query(f: FindingFilter, over: Partial<FindingFilter>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...over })) if (v) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The documents of the package: one per (HOSO, table file). */
export function documentsOf(pkg: ParsedPackage | undefined): { key: string; hoso: number; table: string; label: string; text: string; rows: number; maLk: string[] }[] {
  if (!pkg) return [];
  const out = [];
  for (const h of pkg.hoso)
    for (const file of h.files)
      out.push({
        key: `${h.index}:${file.table}`,
        hoso: h.index,
        table: file.table,
        label: pkg.hoso.length > 1 ? `HOSO ${h.index + 1} · ${file.table}` : file.table,
        text: file.text,
        rows: file.rows.length,
        maLk: [...new Set(file.rows.map((r) => r.MA_LK).filter((v): v is string => !!v))],
      });
  return out;
}

function XmlView(props: { lang: Lang; text: string; findings: Finding[]; hoso: number; table: string }) {
  const { lang } = props;
  const marks = new Map<number, 'fail' | 'warning'>();
  const notes = new Map<number, string[]>();
  for (const f of props.findings) {
    const sameDoc = (f.location.document ?? f.location.table) === props.table && (f.location.hoso ?? 0) === props.hoso;
    if (!sameDoc || f.location.line === undefined) continue;
    const kind = f.outcome === 'fail' || f.outcome === 'error' ? 'fail' : f.outcome === 'warning' ? 'warning' : undefined;
    if (!kind) continue;
    if (marks.get(f.location.line) !== 'fail') marks.set(f.location.line, kind);
    notes.set(f.location.line, [...(notes.get(f.location.line) ?? []), f.ruleId]);
  }
  const lines = props.text.split(/\r?\n/);
  return (
    <div class="xml" tabindex={0} role="region" aria-label={tr(lang, `Nội dung XML đã giải mã của ${props.table}`, `Decoded XML of ${props.table}`)}>
      <ol>
        {lines.map((line, i) => {
          const n = i + 1;
          const mark = marks.get(n);
          return (
            <li id={`L${n}`} class={mark ? `hl-${mark}` : undefined} title={notes.get(n)?.join(', ')}>
              {mark ? <span class="skip">{mark === 'fail' ? tr(lang, 'Dòng lỗi: ', 'Failing line: ') : tr(lang, 'Dòng cảnh báo: ', 'Warning line: ')}</span> : null}
              {line}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function SubmissionPage(props: { ctx: PageContext; sub: StoredSubmission; result?: Result; pkg?: ParsedPackage; filter: FindingFilter; facilityName?: string }) {
  const { ctx, sub, result, pkg, filter } = props;
  const { lang } = ctx;
  const base = `/ho-so/${encodeURIComponent(sub.maGiaoDich)}`;
  const envelope = (sub.envelopeResult ?? {}) as { code?: string; message?: string; location?: { line?: number; col?: number } };
  const docs = documentsOf(pkg);
  const findings = result ? filterFindings(result, filter) : [];
  const shownDoc =
    docs.find((d) => d.key === filter.xml) ??
    docs.find((d) => result?.findings.some((f) => (f.outcome === 'fail' || f.outcome === 'error') && (f.location.document ?? f.location.table) === d.table && (f.location.hoso ?? 0) === d.hoso)) ??
    docs[0];
  const tablesInResult = result ? Object.keys(result.summary.byTable) : [];
  const rulesInResult = result ? [...new Set(result.findings.filter((f) => PROBLEM.includes(f.outcome)).map((f) => f.ruleId))].sort() : [];
  const title = `${tr(lang, 'Hồ sơ', 'Submission')} ${sub.maGiaoDich}`;
  return (
    <Layout ctx={ctx} title={title} section="submissions">
      <p>
        <a href="/ho-so">{tr(lang, '← Danh sách hồ sơ', '← All submissions')}</a>
      </p>
      <h1>
        {tr(lang, 'Hồ sơ', 'Submission')} <span class="mono">{sub.maGiaoDich}</span> <VerdictBadge lang={lang} verdict={result?.summary.verdict ?? null} status={sub.status} />
      </h1>
      {sub.status === 'pending' ? (
        <p class="banner" role="status" aria-live="polite" data-sse={`${base}/su-kien`} data-reload>
          {tr(lang, 'Đang kiểm tra từng trường; trang sẽ tự cập nhật khi có kết quả (hoặc tải lại trang).', 'Field checks are running; this page updates itself when they finish (or reload it).')}
        </p>
      ) : null}
      <h2>{tr(lang, 'Thông tin tiếp nhận', 'Receipt')}</h2>
      <dl class="facts">
        <dt>{tr(lang, 'Cơ sở KBCB', 'Facility')}</dt>
        <dd>
          {sub.maCSKCB} {props.facilityName ?? ''}
        </dd>
        <dt>{tr(lang, 'Tài khoản', 'Account')}</dt>
        <dd>{sub.username}</dd>
        <dt>{tr(lang, 'Loại', 'Kind')}</dt>
        <dd>
          {endpointKind(sub.endpoint, lang)} — <code>{sub.endpoint}</code>, loaiHoSo <code>{sub.loaiHoSo}</code>
        </dd>
        <dt>{tr(lang, 'Thời gian nhận (giờ VN)', 'Received (Vietnam time)')}</dt>
        <dd>
          {vnTime(sub.receivedAt)} (<code>{sub.thoiGianTiepNhan}</code>)
        </dd>
        <dt>{tr(lang, 'Trả lời của Cổng', 'Portal answer')}</dt>
        <dd>
          maKetQua <code>{sub.maKetQua}</code> — <span class="wrap">{sub.thongDiep}</span>
        </dd>
        <dt>{tr(lang, 'Tệp', 'File')}</dt>
        <dd>
          {sub.fileSize.toLocaleString('vi-VN')} byte · SHA-256 <code class="wrap">{sub.sha256}</code>
        </dd>
        {envelope.code ? (
          <>
            <dt>{tr(lang, 'Cổng kiểm tra gói', 'Envelope gate')}</dt>
            <dd class="wrap">
              <code>{envelope.code}</code> {envelope.message ?? ''}
              {envelope.location?.line ? tr(lang, ` (dòng ${envelope.location.line}, cột ${envelope.location.col ?? '?'})`, ` (line ${envelope.location.line}, column ${envelope.location.col ?? '?'})`) : ''}
            </dd>
          </>
        ) : null}
        {result ? (
          <>
            <dt>{tr(lang, 'Bố cục áp dụng', 'Layout applied')}</dt>
            <dd class="wrap">
              QĐ {result.layout.id}
              {result.layout.overlay1931 ? ' + QĐ 1931' : ''} — {result.layout.reason}
            </dd>
            <dt>{tr(lang, 'Hồ sơ kiểm tra', 'Profile')}</dt>
            <dd>{result.profile}</dd>
            <dt>{tr(lang, 'Số kết luận', 'Verdicts')}</dt>
            <dd id="counts">
              {(['fail', 'warning', 'skip', 'pass', 'not-applicable', 'error'] as Outcome[]).map((o) => `${tr(lang, OUTCOME_LABEL[o][0], OUTCOME_LABEL[o][1])}: ${result.summary.counts[o]}`).join(' · ')}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{tr(lang, 'Tải về', 'Downloads')}</h2>
      <div class="downloads">
        {result ? (
          <>
            <a class="button secondary" href={`${base}/bao-cao.html`} download>
              {tr(lang, 'Báo cáo HTML', 'HTML report')}
            </a>
            <a class="button secondary" href={`${base}/bao-cao.json`} download>
              JSON
            </a>
            <a class="button secondary" href={`${base}/bao-cao.junit.xml`} download>
              JUnit
            </a>
            <a class="button secondary" href={`${base}/bao-cao.sarif`} download>
              SARIF
            </a>
          </>
        ) : null}
        {sub.fileSize > 0 ? (
          <a class="button secondary" href={`${base}/tep.xml`} download>
            {tr(lang, 'Tệp như đã nhận', 'File as received')}
          </a>
        ) : null}
      </div>
      {docs.length ? (
        <>
          <h2>{tr(lang, 'Bảng và dòng', 'Tables and rows')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{tr(lang, 'Bảng', 'Table')}</th>
                <th scope="col" class="num">{tr(lang, 'Số dòng', 'Rows')}</th>
                <th scope="col">MA_LK</th>
                <th scope="col" class="num">{tr(lang, 'Không đạt', 'Fail')}</th>
                <th scope="col" class="num">{tr(lang, 'Cảnh báo', 'Warning')}</th>
                <th scope="col" class="num">{tr(lang, 'Đạt', 'Pass')}</th>
                <th scope="col">XML</th>
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => {
                const c = result?.summary.byTable[d.table];
                return (
                  <tr>
                    <th scope="row">{d.label}</th>
                    <td class="num">{d.rows}</td>
                    <td class="wrap mono">{d.maLk.slice(0, 3).join(', ')}{d.maLk.length > 3 ? ' …' : ''}</td>
                    <td class="num">{c?.fail ?? ''}</td>
                    <td class="num">{c?.warning ?? ''}</td>
                    <td class="num">{c?.pass ?? ''}</td>
                    <td>
                      <a href={`${base}${query(filter, { xml: d.key })}#xml`}>{tr(lang, 'Xem XML', 'View XML')}</a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
      {result ? (
        <>
          <h2 id="findings">{tr(lang, 'Kết luận theo trường', 'Field verdicts')}</h2>
          {result.findingsIncluded === 'problems' ? (
            <p class="muted">{tr(lang, 'Cổng lưu các kết luận không đạt, cảnh báo, bỏ qua và lỗi; số đếm ở trên gồm mọi kết luận.', 'The portal stores fail, warning, skip and error verdicts; the counts above include every verdict.')}</p>
          ) : null}
          <form class="filters" method="get" action={`${base}#findings`} data-autosubmit aria-label={tr(lang, 'Lọc kết luận', 'Filter verdicts')}>
            {filter.xml ? <input type="hidden" name="xml" value={filter.xml} /> : null}
            <label>
              {tr(lang, 'Bảng', 'Table')}
              <select name="table">
                <option value="">{tr(lang, 'Tất cả', 'All')}</option>
                {tablesInResult.map((t) => (
                  <option value={t} selected={t === filter.table}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {tr(lang, 'Kết quả', 'Outcome')}
              <select name="outcome">
                <option value="">{tr(lang, 'Không đạt + cảnh báo', 'Fail + warning')}</option>
                {(['fail', 'warning', 'skip', 'error', 'all'] as const).map((o) => (
                  <option value={o} selected={o === filter.outcome}>
                    {o === 'all' ? tr(lang, 'Mọi kết luận đã lưu', 'Every stored verdict') : tr(lang, OUTCOME_LABEL[o][0], OUTCOME_LABEL[o][1])}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {tr(lang, 'Quy tắc', 'Rule')}
              <select name="rule">
                <option value="">{tr(lang, 'Tất cả', 'All')}</option>
                {rulesInResult.map((r) => (
                  <option value={r} selected={r === filter.rule}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              {tr(lang, 'Lọc', 'Filter')}
            </button>
          </form>
          <p id="findings-count">
            {tr(lang, `${findings.length} kết luận`, `${findings.length} verdict(s)`)}
            {findings.length > MAX_FINDINGS_SHOWN ? tr(lang, ` (hiện ${MAX_FINDINGS_SHOWN} đầu tiên; thu hẹp bộ lọc hoặc tải báo cáo)`, ` (first ${MAX_FINDINGS_SHOWN} shown; narrow the filters or download a report)`) : ''}
          </p>
          {findings.length ? (
            <table id="findings-table">
              <thead>
                <tr>
                  <th scope="col">{tr(lang, 'Kết quả', 'Outcome')}</th>
                  <th scope="col">{tr(lang, 'Vị trí', 'Where')}</th>
                  <th scope="col">{tr(lang, 'Trường', 'Field')}</th>
                  <th scope="col">{tr(lang, 'Giải thích', 'Explanation')}</th>
                  <th scope="col">{tr(lang, 'Căn cứ', 'Legal clause')}</th>
                </tr>
              </thead>
              <tbody>
                {findings.slice(0, MAX_FINDINGS_SHOWN).map((f) => {
                  const loc = f.location;
                  const doc = loc.document && loc.document !== 'envelope' ? `${loc.hoso ?? 0}:${loc.document}` : undefined;
                  return (
                    <tr data-rule={f.ruleId}>
                      <td>
                        <OutcomeBadge lang={lang} outcome={f.outcome} />
                      </td>
                      <td class="wrap">
                        {loc.table ?? 'ENVELOPE'}
                        {loc.row !== undefined ? tr(lang, `, dòng dữ liệu ${loc.row + 1}`, `, row ${loc.row + 1}`) : ''}
                        {loc.MA_LK ? <div class="mono">MA_LK {loc.MA_LK}</div> : null}
                        {loc.line !== undefined ? (
                          <div>
                            {doc ? <a href={`${base}${query(filter, { xml: doc })}#L${loc.line}`}>{tr(lang, `dòng XML ${loc.line}`, `XML line ${loc.line}`)}</a> : tr(lang, `dòng ${loc.line}`, `line ${loc.line}`)}
                          </div>
                        ) : null}
                      </td>
                      <td class="wrap">
                        <code>{loc.field ?? ''}</code>
                        <div class="muted mono">{f.ruleId}</div>
                      </td>
                      <td class="wrap">
                        <div lang={lang}>{lang === 'en' ? f.message_en : f.message_vi}</div>
                        {f.actual !== undefined ? (
                          <div>
                            {tr(lang, 'Giá trị gửi: ', 'Sent: ')}
                            <code>{JSON.stringify(f.actual)}</code>
                          </div>
                        ) : null}
                        {f.expected !== undefined ? (
                          <div>
                            {tr(lang, 'Yêu cầu: ', 'Expected: ')}
                            <code>{f.expected}</code>
                          </div>
                        ) : null}
                        {f.reason ? <div class="muted">{f.reason}</div> : null}
                      </td>
                      <td class="wrap clause">
                        {f.citation.decision}
                        {f.citation.clause ? `, ${f.citation.clause}` : ''}
                        {f.confidence !== 'high' ? <div class="muted">{tr(lang, `độ tin cậy: ${f.confidence}`, `confidence: ${f.confidence}`)}</div> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </>
      ) : sub.status === 'done' ? (
        <p class="error-box">{tr(lang, 'Bộ kiểm tra gặp lỗi nội bộ với hồ sơ này; xem bản JSON ở /api/sim/ketqua.', 'The checker failed on this submission; see the JSON at /api/sim/ketqua.')}</p>
      ) : null}
      {shownDoc ? (
        <>
          <h2 id="xml">
            {tr(lang, 'XML đã giải mã', 'Decoded XML')}: {shownDoc.label}
          </h2>
          <p class="muted">
            {tr(lang, 'Dòng nền đỏ có lỗi, nền vàng có cảnh báo; số dòng khớp cột “dòng XML” ở trên.', 'Red lines carry a failure, yellow a warning; line numbers match the “XML line” links above.')}
          </p>
          <nav aria-label={tr(lang, 'Chọn bảng', 'Choose a table')} class="downloads">
            {docs.map((d) => (
              <a href={`${base}${query(filter, { xml: d.key })}#xml`} aria-current={d.key === shownDoc.key ? 'true' : undefined} class={d.key === shownDoc.key ? 'button' : 'button secondary'}>
                {d.label}
              </a>
            ))}
          </nav>
          <XmlView lang={lang} text={shownDoc.text} findings={result?.findings ?? []} hoso={shownDoc.hoso} table={shownDoc.table} />
        </>
      ) : null}
    </Layout>
  );
}
