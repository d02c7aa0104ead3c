/** @jsxImportSource hono/jsx */
/** The list of submissions the principal may read: verdict, time, kind, filters (GET form), pages. */
import type { SubmissionSummary } from '../../store.ts';
import type { SubmissionFilter } from '../../services/submissions.ts';
import { endpointKind, Layout, tr, VerdictBadge, vnTime, type PageContext } from '../ui.tsx';

export interface SubmissionListProps {
  ctx: PageContext;
  filter: SubmissionFilter;
  facilities: { maCSKCB: string; ten: string }[];
  list: { rows: SubmissionSummary[]; total: number; page: number; pages: number };
}

function pageHref(filter: SubmissionFilter, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '' && k !== 'page') q.set(k, String(v));
  q.set('page', String(page));
  return `/ho-so?${q}`;
}

export function SubmissionListPage(props: SubmissionListProps) {
  const { ctx, filter, list } = props;
  const { lang } = ctx;
  const opt = (value: string, label: string, current: string | undefined) => (
    <option value={value} selected={value === (current ?? '')}>
      {label}
    </option>
  );
  return (
    <Layout ctx={ctx} title={tr(lang, 'Hồ sơ đã gửi', 'Submissions')} section="submissions">
      <h1>{tr(lang, 'Hồ sơ đã gửi lên Cổng', 'Submissions received by the portal')}</h1>
      <form class="filters" method="get" action="/ho-so" data-autosubmit aria-label={tr(lang, 'Lọc hồ sơ', 'Filter submissions')}>
        {props.facilities.length > 1 ? (
          <label>
            {tr(lang, 'Cơ sở', 'Facility')}
            <select name="facility">
              {opt('', tr(lang, 'Tất cả', 'All'), filter.facility)}
              {props.facilities.map((f) => opt(f.maCSKCB, `${f.maCSKCB} ${f.ten}`, filter.facility))}
            </select>
          </label>
        ) : null}
        <label>
          {tr(lang, 'Kết quả', 'Verdict')}
          <select name="verdict">
            {opt('', tr(lang, 'Tất cả', 'All'), filter.verdict)}
            {opt('fail', tr(lang, 'Không đạt', 'Fail'), filter.verdict)}
            {opt('warning', tr(lang, 'Có cảnh báo', 'Warnings'), filter.verdict)}
            {opt('pass', tr(lang, 'Đạt', 'Pass'), filter.verdict)}
          </select>
        </label>
        <label>
          {tr(lang, 'Trạng thái', 'Status')}
          <select name="status">
            {opt('', tr(lang, 'Tất cả', 'All'), filter.status)}
            {opt('done', tr(lang, 'Đã kiểm tra', 'Checked'), filter.status)}
            {opt('pending', tr(lang, 'Đang kiểm tra', 'Checking'), filter.status)}
            {opt('rejected', tr(lang, 'Bị từ chối', 'Rejected'), filter.status)}
          </select>
        </label>
        <label>
          {tr(lang, 'Loại', 'Kind')}
          <select name="kind">
            {opt('', tr(lang, 'Tất cả', 'All'), filter.kind)}
            {opt('record', tr(lang, 'Hồ sơ KCB', 'Visit record'), filter.kind)}
            {opt('checkin', 'Check-in (XML0)', filter.kind)}
            {opt('paper', tr(lang, 'Giấy tờ điện tử', 'Electronic paper'), filter.kind)}
          </select>
        </label>
        {filter.rule ? <input type="hidden" name="rule" value={filter.rule} /> : null}
        {filter.month ? <input type="hidden" name="month" value={filter.month} /> : null}
        <button type="submit" class="secondary">
          {tr(lang, 'Lọc', 'Filter')}
        </button>
      </form>
      {filter.rule || filter.month ? (
        <p class="note" id="active-filter">
          {filter.rule ? tr(lang, `Chỉ hồ sơ có lỗi hoặc cảnh báo của quy tắc ${filter.rule}`, `Only records with a fail or warning of ${filter.rule}`) : ''}
          {filter.month ? tr(lang, `, nhận trong tháng ${filter.month}`, `, received in ${filter.month}`) : ''}. <a href="/ho-so">{tr(lang, 'Bỏ lọc', 'Clear')}</a>
        </p>
      ) : null}
      <p id="count">
        {tr(lang, `${list.total} hồ sơ`, `${list.total} submission(s)`)}
        {list.pages > 1 ? tr(lang, ` — trang ${list.page}/${list.pages}`, ` — page ${list.page} of ${list.pages}`) : ''}
      </p>
      {list.rows.length === 0 ? (
        <p class="note">{tr(lang, 'Chưa có hồ sơ nào khớp bộ lọc.', 'No submission matches the filters.')}</p>
      ) : (
        <table>
          <caption class="skip">{tr(lang, 'Danh sách hồ sơ', 'Submissions')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr(lang, 'Mã giao dịch', 'Transaction')}</th>
              <th scope="col">{tr(lang, 'Thời gian nhận (giờ VN)', 'Received (Vietnam time)')}</th>
              <th scope="col">{tr(lang, 'Cơ sở', 'Facility')}</th>
              <th scope="col">{tr(lang, 'Loại', 'Kind')}</th>
              <th scope="col">{tr(lang, 'Mã kết quả', 'Code')}</th>
              <th scope="col">{tr(lang, 'Kết quả kiểm tra', 'Verdict')}</th>
              <th scope="col" class="num">{tr(lang, 'Lỗi', 'Fails')}</th>
              <th scope="col" class="num">{tr(lang, 'Cảnh báo', 'Warnings')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/ho-so/${encodeURIComponent(r.maGiaoDich)}`} class="mono">
                    {r.maGiaoDich || tr(lang, '(không cấp mã)', '(no id)')}
                  </a>
                </td>
                <td>{vnTime(r.receivedAt)}</td>
                <td>{r.maCSKCB}</td>
                <td>{endpointKind(r.endpoint, lang)}</td>
                <td>
                  <code>{r.maKetQua}</code>
                </td>
                <td>
                  <VerdictBadge lang={lang} verdict={r.verdict} status={r.status} />
                </td>
                <td class="num">{r.status === 'done' ? r.fails : ''}</td>
                <td class="num">{r.status === 'done' ? r.warnings : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.pages > 1 ? (
        <nav class="pager" aria-label={tr(lang, 'Phân trang', 'Pages')}>
          {list.page > 1 ? <a href={pageHref(filter, list.page - 1)}>{tr(lang, '← Trang trước', '← Previous')}</a> : null}
          <span>{tr(lang, `Trang ${list.page}/${list.pages}`, `Page ${list.page} of ${list.pages}`)}</span>
          {list.page < list.pages ? <a href={pageHref(filter, list.page + 1)}>{tr(lang, 'Trang sau →', 'Next →')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}
