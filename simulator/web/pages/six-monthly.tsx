/** @jsxImportSource hono/jsx */
/**
 * The six-monthly report of QĐ 2733 PL01 Đ8 on the Department's board: the matrix six visit types × insured
 * / uninsured × visits received / reached the portal (simulator/reporting/six-monthly.ts), a small chart of
 * the share that reached the portal, and the CSV / XLSX exports of reports/evidence/six-monthly.ts.
 */
import type { Counts, FacilityMatrix, SixMonthlyReport } from '../../../conformance/pilot/six-monthly.ts';
import { tr, type Lang } from '../ui.tsx';

const share = (c: Counts) => (c.received === 0 ? undefined : Math.round((100 * c.reached) / c.received));

function Matrix(props: { lang: Lang; m: FacilityMatrix; id?: string; caption: string }) {
  const { lang, m } = props;
  const cell = (c: Counts) => (
    <>
      <td class="num">{c.received}</td>
      <td class="num">{c.reached}</td>
    </>
  );
  return (
    <table id={props.id}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col" rowspan={2}>
            {tr(lang, 'Loại hình KBCB', 'Visit type')}
          </th>
          <th scope="colgroup" colspan={2}>
            {tr(lang, 'Có thẻ BHYT', 'Insured')}
          </th>
          <th scope="colgroup" colspan={2}>
            {tr(lang, 'Không có thẻ BHYT', 'Uninsured')}
          </th>
        </tr>
        <tr>
          <th scope="col" class="num">{tr(lang, 'Số lượt KCB', 'Visits')}</th>
          <th scope="col" class="num">{tr(lang, 'Đã liên thông', 'Reached')}</th>
          <th scope="col" class="num">{tr(lang, 'Số lượt KCB', 'Visits')}</th>
          <th scope="col" class="num">{tr(lang, 'Đã liên thông', 'Reached')}</th>
        </tr>
      </thead>
      <tbody>
        {m.rows
          .filter((r) => r.visitType !== 'khac')
          .map((r) => (
            <tr>
              <th scope="row">
                {tr(lang, r.name_vi, r.name_en)} <span class="muted">({r.codes.join(', ')})</span>
              </th>
              {cell(r.insured)}
              {cell(r.uninsured)}
            </tr>
          ))}
        <tr>
          <th scope="row">{tr(lang, 'Tổng cộng (6 loại hình)', 'Total (six types)')}</th>
          {cell(m.totalSix.insured)}
          {cell(m.totalSix.uninsured)}
        </tr>
        {m.rows
          .filter((r) => r.visitType === 'khac' && r.insured.received + r.uninsured.received > 0)
          .map((r) => (
            <tr>
              <th scope="row">
                {tr(lang, r.name_vi, r.name_en)} <span class="muted">({r.codes.map((c) => c || '—').join(', ')})</span>
              </th>
              {cell(r.insured)}
              {cell(r.uninsured)}
            </tr>
          ))}
      </tbody>
    </table>
  );
}

export function SixMonthlySection(props: { lang: Lang; report: SixMonthlyReport; periods: string[] }) {
  const { lang, report } = props;
  const q = `period=${encodeURIComponent(report.period.id)}`;
  return (
    <section aria-labelledby="six-monthly">
      <h2 id="six-monthly">{tr(lang, `Báo cáo 6 tháng (QĐ 2733 PL01 Điều 8) — ${report.period.id}`, `Six-monthly report (QĐ 2733 PL01 Art. 8) — ${report.period.id}`)}</h2>
      <form method="get" action="/tinh#six-monthly" class="filters" data-autosubmit>
        <label>
          {tr(lang, 'Kỳ báo cáo', 'Period')}
          <select name="period">
            {props.periods.map((p) => (
              <option value={p} selected={p === report.period.id}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          {tr(lang, 'Xem', 'Show')}
        </button>
        <a class="button secondary" href={`/tinh/bao-cao-6-thang.csv?${q}`} download>
          CSV
        </a>
        <a class="button secondary" href={`/tinh/bao-cao-6-thang.xlsx?${q}`} download>
          XLSX
        </a>
      </form>
      <p class="muted">
        {tr(lang, `Từ ${report.period.from} đến ${report.period.to}; một lượt = một MA_LK của một cơ sở; “đã liên thông” = Cổng đã chấp nhận hồ sơ (XML) của lượt đó.`, `From ${report.period.from} to ${report.period.to}; a visit = one MA_LK of one facility; “reached” = the portal accepted the visit's record.`)}
      </p>
      <figure>
        <figcaption>{tr(lang, 'Tỷ lệ lượt KCB đã liên thông, toàn tỉnh', 'Share of visits that reached the portal, whole province')}</figcaption>
        <div class="bars" role="list">
          {report.total.rows
            .filter((r) => r.visitType !== 'khac')
            .map((r) => {
              const all: Counts = { received: r.insured.received + r.uninsured.received, reached: r.insured.reached + r.uninsured.reached };
              const s = share(all);
              return (
                <div class="bar-row" role="listitem">
                  <span>{tr(lang, r.name_vi, r.name_en)}</span>
                  <meter min={0} max={100} value={s ?? 0} aria-label={tr(lang, r.name_vi, r.name_en)}></meter>
                  <span>{s === undefined ? '—' : `${s} %`}</span>
                </div>
              );
            })}
        </div>
      </figure>
      <Matrix lang={lang} m={report.total} id="six-monthly-total" caption={tr(lang, `Toàn tỉnh ${report.maTinh}`, `Province ${report.maTinh}`)} />
      <details>
        <summary>{tr(lang, 'Từng cơ sở', 'Each facility')}</summary>
        {report.facilities.map((f) => (
          <Matrix lang={lang} m={f} caption={`${f.maCSKCB} ${f.ten}`} />
        ))}
      </details>
      {report.notes.unreadableSubmissions || report.notes.visitsDatedByReceipt ? (
        <p class="note">
          {tr(
            lang,
            `${report.notes.unreadableSubmissions} lần gửi không đọc được lượt KCB (không tính); ${report.notes.visitsDatedByReceipt} lượt xếp kỳ theo ngày nhận vì NGAY_VAO thiếu hoặc sai.`,
            `${report.notes.unreadableSubmissions} submission(s) unreadable (not counted); ${report.notes.visitsDatedByReceipt} visit(s) placed by receipt date (NGAY_VAO missing or invalid).`,
          )}
        </p>
      ) : null}
    </section>
  );
}
