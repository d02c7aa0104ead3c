/** @jsxImportSource hono/jsx */
/**
 * The Department of Health's board: every facility of the province with its last activity, and for one
 * month the share of records whose health-book documents reached the portal, with a small bar chart and the
 * records that lack them one click away.
 */
import type { Child } from 'hono/jsx';
import { WATCHED_DOCUMENTS, type Coverage, type ProvinceBoard } from '../../services/province-board.ts';
import { Layout, tr, vnTime, type PageContext } from '../ui.tsx';
import { ReadinessStateBadge } from './readiness.tsx';

const pct = (c: Coverage) => (c.callsFor === 0 ? undefined : Math.round((100 * c.reached) / c.callsFor));

export function ProvinceBoardPage(props: { ctx: PageContext; board: ProvinceBoard; month?: string; maTinh: string; extra?: Child }) {
  const { ctx, board } = props;
  const { lang } = ctx;
  const month = props.month && board.months.includes(props.month) ? props.month : board.months[0];
  const totals = WATCHED_DOCUMENTS.map((d) => {
    const t: Coverage = { callsFor: 0, reached: 0 };
    for (const f of board.facilities) {
      const c = month ? f.byMonth[month]?.[d.id] : undefined;
      if (c) {
        t.callsFor += c.callsFor;
        t.reached += c.reached;
      }
    }
    return { d, t };
  });
  return (
    <Layout ctx={ctx} title={tr(lang, 'Bảng theo dõi của Sở Y tế', 'Department board')} section="province">
      <h1>{tr(lang, `Bảng theo dõi của Sở Y tế — tỉnh ${props.maTinh}`, `Department of Health board — province ${props.maTinh}`)}</h1>
      <h2>{tr(lang, 'Các cơ sở KBCB', 'Facilities')}</h2>
      <table id="facilities">
        <thead>
          <tr>
            <th scope="col">{tr(lang, 'Mã', 'Code')}</th>
            <th scope="col">{tr(lang, 'Cơ sở', 'Facility')}</th>
            <th scope="col" class="num">{tr(lang, 'Số lần gửi', 'Submissions')}</th>
            <th scope="col">{tr(lang, 'Hoạt động gần nhất (giờ VN)', 'Last activity (Vietnam time)')}</th>
            <th scope="col">{tr(lang, 'Sẵn sàng (C1–C13)', 'Readiness (C1–C13)')}</th>
            <th scope="col">{tr(lang, 'Hồ sơ', 'Records')}</th>
          </tr>
        </thead>
        <tbody>
          {board.facilities.map((f) => (
            <tr>
              <td>{f.maCSKCB}</td>
              <td>{f.ten}</td>
              <td class="num">{f.submissions}</td>
              <td>{f.lastReceivedAt ? vnTime(f.lastReceivedAt) : tr(lang, 'chưa gửi', 'nothing yet')}</td>
              <td data-readiness={f.readiness.state}>
                <ReadinessStateBadge lang={lang} state={f.readiness.state} missing={f.readiness.missing} />{' '}
                <a href={`/san-sang/${encodeURIComponent(f.maCSKCB)}`} aria-label={tr(lang, `Xem C1–C13 của ${f.maCSKCB}`, `See C1–C13 of ${f.maCSKCB}`)}>
                  {tr(lang, 'Xem C1–C13', 'See C1–C13')}
                </a>
              </td>
              <td>
                <a href={`/ho-so?facility=${encodeURIComponent(f.maCSKCB)}`}>{tr(lang, 'Xem hồ sơ', 'View records')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="documents">{tr(lang, 'Giấy tờ của Sổ sức khỏe đã lên Cổng', 'Health-book documents that reached the portal')}</h2>
      <p class="muted">
        {tr(
          lang,
          'Mỗi hồ sơ KCB được Cổng chấp nhận và đã kiểm tra là một đơn vị. “Cần” = quy tắc của giấy tờ đó áp dụng cho hồ sơ (ví dụ ra viện có chuyển tuyến thì cần XML13); “đã có” = quy tắc không báo lỗi hay cảnh báo. Theo tháng nhận (giờ VN).',
          'Each accepted, checked record is one unit. “Needed” = the document’s rule applied to the record (e.g. a referral discharge needs XML13); “present” = the rule reported no fail or warning. By month of receipt (Vietnam time).',
        )}
      </p>
      {board.months.length === 0 ? (
        <p class="note">{tr(lang, 'Chưa có hồ sơ KCB nào được chấp nhận.', 'No accepted record yet.')}</p>
      ) : (
        <>
          <form method="get" action="/tinh#documents" class="filters" data-autosubmit>
            <label>
              {tr(lang, 'Tháng', 'Month')}
              <select name="month">
                {board.months.map((m) => (
                  <option value={m} selected={m === month}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              {tr(lang, 'Xem', 'Show')}
            </button>
          </form>
          <figure>
            <figcaption>{tr(lang, `Toàn tỉnh, tháng ${month}: tỷ lệ hồ sơ có giấy tờ khi cần`, `Whole province, ${month}: share of records with the document when needed`)}</figcaption>
            <div class="bars" role="list">
              {totals.map(({ d, t }) => {
                const p = pct(t);
                return (
                  <div class="bar-row" role="listitem">
                    <span>
                      {tr(lang, d.name_vi, d.name_en)} ({d.table})
                    </span>
                    {/* a meter, not a styled div: the pages' CSP allows no inline style */}
                    <meter min={0} max={100} value={p ?? 0} aria-label={tr(lang, d.name_vi, d.name_en)}></meter>
                    <span>{p === undefined ? '—' : `${p} %`}</span>
                  </div>
                );
              })}
            </div>
          </figure>
          <table id="coverage">
            <thead>
              <tr>
                <th scope="col">{tr(lang, 'Cơ sở', 'Facility')}</th>
                {WATCHED_DOCUMENTS.map((d) => (
                  <th scope="col">
                    {tr(lang, d.name_vi, d.name_en)} <span class="muted">({d.table})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {board.facilities.map((f) => (
                <tr>
                  <th scope="row">
                    {f.maCSKCB} {f.ten}
                  </th>
                  {WATCHED_DOCUMENTS.map((d) => {
                    const c = month ? f.byMonth[month]?.[d.id] : undefined;
                    if (!c || c.callsFor === 0) return <td class="muted">{tr(lang, 'không cần', 'not needed')}</td>;
                    const missing = c.callsFor - c.reached;
                    return (
                      <td data-doc={d.id}>
                        <strong>{pct(c)} %</strong> — {tr(lang, `${c.reached}/${c.callsFor} hồ sơ`, `${c.reached}/${c.callsFor} records`)}
                        {missing > 0 ? (
                          <div>
                            <a href={`/ho-so?facility=${encodeURIComponent(f.maCSKCB)}&rule=${encodeURIComponent(d.ruleId)}&month=${encodeURIComponent(month!)}`}>
                              {tr(lang, `${missing} hồ sơ thiếu`, `${missing} lacking`)}
                            </a>
                          </div>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {props.extra}
    </Layout>
  );
}
