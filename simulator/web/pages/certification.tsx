/** @jsxImportSource hono/jsx */
/**
 * Certification runs: the list (start a run), and one run followed live — per-scenario progress over
 * server-sent events (the page also works by reloading), finish, verdict, evidence bundle downloads.
 * Everything shown comes from CertificationService.status (the API's `GET /api/sim/cert/runs/{id}`).
 */
import type { RunStatus } from '../../certification/service.ts';
import type { RunRecord } from '../../../reports/evidence/model.ts';
import type { RunProgress } from '../../services/certification.ts';
import { endpointKind, Layout, tr, vnTime, type Lang, type PageContext } from '../ui.tsx';

export const SCENARIO_STATE: Record<string, { vi: string; en: string; cls: string }> = {
  'not-started': { vi: 'Chưa có hồ sơ', en: 'No record yet', cls: 'none' },
  passed: { vi: 'Đạt', en: 'Passed', cls: 'pass' },
  failed: { vi: 'Không đạt', en: 'Failed', cls: 'fail' },
  waived: { vi: 'Được miễn trừ', en: 'Waived', cls: 'warning' },
};

const CONDITION_STATE: Record<string, { vi: string; en: string; cls: string }> = {
  evidenced: { vi: 'Có bằng chứng', en: 'Evidenced', cls: 'pass' },
  waived: { vi: 'Được miễn trừ', en: 'Waived', cls: 'warning' },
  'not-evidenced': { vi: 'Chưa có bằng chứng', en: 'Not evidenced', cls: 'fail' },
  'not-automated': { vi: 'Cần tài liệu (trang Sẵn sàng)', en: 'Needs a document (Readiness page)', cls: 'none' },
};

export function scenarioStateLabel(lang: Lang, state: string): string {
  const s = SCENARIO_STATE[state];
  return s ? tr(lang, s.vi, s.en) : state;
}

/** The line the live status shows (also sent by the event stream). */
export function progressText(lang: Lang, p: RunProgress): string {
  if (p.finished) return tr(lang, 'Lượt đã kết thúc; đang tải lại…', 'The run is finished; reloading…');
  return tr(lang, `${p.done}/${p.total} kịch bản bắt buộc đạt · ${p.submissions} hồ sơ đã nhận trong lượt`, `${p.done}/${p.total} required scenarios passed · ${p.submissions} records received in the run`);
}

function RunVerdictBadge(props: { lang: Lang; run: RunRecord; verdict?: 'pass' | 'fail' }) {
  const { lang, run, verdict } = props;
  if (run.status === 'open') return <span class="badge b-pending">{tr(lang, 'Đang mở', 'Open')}</span>;
  if (verdict === 'pass') return <span class="badge b-pass">{tr(lang, 'Đạt', 'Pass')}</span>;
  if (verdict === 'fail') return <span class="badge b-fail">{tr(lang, 'Không đạt', 'Fail')}</span>;
  return <span class="badge b-none">{tr(lang, 'Đã kết thúc', 'Finished')}</span>;
}

export function RunListPage(props: {
  ctx: PageContext;
  runs: { run: RunRecord; verdict?: 'pass' | 'fail' }[];
  facilities: { maCSKCB: string; ten: string }[];
  plan: { id: string; version: string; title: string; required: number };
  error?: string;
}) {
  const { ctx, runs } = props;
  const { lang } = ctx;
  return (
    <Layout ctx={ctx} title={tr(lang, 'Lượt chứng nhận', 'Certification runs')} section="certification">
      <h1>{tr(lang, 'Lượt chứng nhận', 'Certification runs')}</h1>
      <p>
        {tr(
          lang,
          `Một lượt chứng nhận chấm mọi hồ sơ cơ sở gửi lên Cổng trong khi lượt đang mở theo kế hoạch ${props.plan.id}@${props.plan.version} (${props.plan.required} kịch bản bắt buộc, hồ sơ phải có chữ ký số, hồ sơ khác ngoài lượt không tính). Kết thúc lượt để có kết luận và gói bằng chứng có chữ ký.`,
          `A certification run judges every record the facility sends to the portal while the run is open, with plan ${props.plan.id}@${props.plan.version} (${props.plan.required} required scenarios, signatures required, records outside the run do not count). Finish the run to get its verdict and the signed evidence bundle.`,
        )}
      </p>
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.facilities.length > 0 ? (
        <form method="post" action="/chung-nhan" class="filters" aria-label={tr(lang, 'Bắt đầu lượt chứng nhận', 'Start a certification run')}>
          {props.facilities.length > 1 ? (
            <label>
              {tr(lang, 'Cơ sở', 'Facility')}
              <select name="facility">
                {props.facilities.map((f) => (
                  <option value={f.maCSKCB}>
                    {f.maCSKCB} {f.ten}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <input type="hidden" name="facility" value={props.facilities[0].maCSKCB} />
          )}
          <button type="submit">{tr(lang, 'Bắt đầu lượt chứng nhận', 'Start a certification run')}</button>
        </form>
      ) : null}
      <h2>{tr(lang, 'Các lượt', 'Runs')}</h2>
      {runs.length === 0 ? (
        <p class="note">{tr(lang, 'Chưa có lượt chứng nhận nào.', 'No certification run yet.')}</p>
      ) : (
        <table id="runs">
          <thead>
            <tr>
              <th scope="col">{tr(lang, 'Lượt', 'Run')}</th>
              <th scope="col">{tr(lang, 'Cơ sở', 'Facility')}</th>
              <th scope="col">{tr(lang, 'Mở lúc (giờ VN)', 'Opened (Vietnam time)')}</th>
              <th scope="col">{tr(lang, 'Kết thúc lúc', 'Finished')}</th>
              <th scope="col">{tr(lang, 'Kết luận', 'Verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map(({ run, verdict }) => (
              <tr>
                <td class="wrap">
                  <a href={`/chung-nhan/${encodeURIComponent(run.id)}`}>{run.id}</a>
                </td>
                <td>
                  {run.facility.maCSKCB} {run.facility.name ?? ''}
                </td>
                <td>{vnTime(run.openedAt)}</td>
                <td>{run.finishedAt ? vnTime(run.finishedAt) : '—'}</td>
                <td>
                  <RunVerdictBadge lang={lang} run={run} verdict={verdict} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href="/kiem-tra-goi">{tr(lang, 'Kiểm tra một gói bằng chứng đã tải về', 'Verify an evidence bundle you downloaded')}</a>
      </p>
    </Layout>
  );
}

export function RunPage(props: {
  ctx: PageContext;
  status: RunStatus;
  progress: RunProgress;
  portalUrl: string;
  /** the facility itself may download the unmasked copy */
  mayUnmask: boolean;
  /** the run is registered for the facility's readiness */
  registered: boolean;
  /** the reviewer of the facility's province may grant waivers while the run is open */
  mayWaive: boolean;
  /** failing rules of the run, offered in the waiver form */
  failingRules: string[];
  notice?: string;
  error?: string;
}) {
  const { ctx, status, progress } = props;
  const { lang } = ctx;
  const { run, verdict } = status;
  const open = run.status === 'open';
  const base = `/chung-nhan/${encodeURIComponent(run.id)}`;
  const facility = run.facility.maCSKCB;
  return (
    <Layout ctx={ctx} title={tr(lang, `Lượt chứng nhận ${run.id}`, `Certification run ${run.id}`)} section="certification">
      <p>
        <a href="/chung-nhan">← {tr(lang, 'Các lượt chứng nhận', 'Certification runs')}</a>
      </p>
      <h1 class="wrap">{tr(lang, `Lượt chứng nhận ${run.id}`, `Certification run ${run.id}`)}</h1>
      {props.notice ? (
        <p class="banner" role="status" id="notice">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{tr(lang, 'Cơ sở', 'Facility')}</dt>
        <dd>
          {facility} {run.facility.name ?? ''}
        </dd>
        <dt>{tr(lang, 'Kế hoạch', 'Plan')}</dt>
        <dd>
          <code>
            {run.plan.id}@{run.plan.version}
          </code>
        </dd>
        <dt>{tr(lang, 'Mở lúc (giờ VN)', 'Opened (Vietnam time)')}</dt>
        <dd>
          {vnTime(run.openedAt)} — {run.ranBy}
        </dd>
        <dt>{tr(lang, 'Trạng thái', 'Status')}</dt>
        <dd>{open ? tr(lang, 'Đang mở: hồ sơ gửi lên Cổng bây giờ được tính', 'Open: records sent to the portal now count') : tr(lang, `Đã kết thúc lúc ${vnTime(run.finishedAt)}`, `Finished at ${vnTime(run.finishedAt)}`)}</dd>
      </dl>

      {open ? (
        <section aria-labelledby="live-h" class="panel">
          <h2 id="live-h">{tr(lang, 'Tiến độ', 'Progress')}</h2>
          <progress id="run-progress" max={progress.total} value={progress.done} aria-label={tr(lang, 'Kịch bản bắt buộc đã đạt', 'Required scenarios passed')}></progress>
          <p id="run-live" aria-live="polite" data-sse={`${base}/su-kien`} data-reload>
            {progressText(lang, progress)}
          </p>
          <p class="muted">
            {tr(
              lang,
              'Gửi hồ sơ từ HIS lên Cổng mô phỏng như bình thường (check-in rồi hồ sơ XML, có ký số); bảng dưới tự cập nhật. Không có JavaScript: bấm “Cập nhật”. Dữ liệu demo: ',
              'Send records from the HIS to the simulated portal as usual (check-in, then the signed XML record); the table below updates by itself. Without JavaScript: press “Refresh”. Demo data: ',
            )}
            <code>
              sskdt-lab replay --portal {props.portalUrl} --facility {facility} --password sskdt-demo --scenario all
            </code>
          </p>
          <div class="downloads">
            <a class="button secondary" href={base}>
              {tr(lang, 'Cập nhật', 'Refresh')}
            </a>
            <form method="post" action={`${base}/ket-thuc`}>
              <button type="submit">{tr(lang, 'Kết thúc lượt và xem kết luận', 'Finish the run and see the verdict')}</button>
            </form>
          </div>
        </section>
      ) : (
        <section aria-labelledby="verdict-h" class={verdict.verdict === 'pass' ? 'caught' : 'missed'} id="run-verdict">
          <h2 id="verdict-h">
            {verdict.verdict === 'pass'
              ? tr(lang, 'Kết luận: ĐẠT — cơ sở đã chứng minh đủ các kịch bản bắt buộc', 'Verdict: PASS — the facility evidenced every required scenario')
              : tr(lang, 'Kết luận: KHÔNG ĐẠT', 'Verdict: FAIL')}
          </h2>
          {verdict.reasons.length > 0 ? (
            <ul>
              {verdict.reasons.slice(0, 30).map((r) => (
                <li class="wrap">{tr(lang, r.vi, r.en)}</li>
              ))}
              {verdict.reasons.length > 30 ? <li>{tr(lang, `… và ${verdict.reasons.length - 30} lý do khác`, `… and ${verdict.reasons.length - 30} more`)}</li> : null}
            </ul>
          ) : null}
          <h3>{tr(lang, 'Gói bằng chứng có chữ ký', 'Signed evidence bundle')}</h3>
          <div class="downloads">
            <a class="button" href={`${base}/goi-bang-chung.zip`}>
              {tr(lang, 'Tải gói bằng chứng (.zip, che dữ liệu cá nhân)', 'Download the evidence bundle (.zip, personal data masked)')}
            </a>
            {props.mayUnmask ? (
              <a class="button secondary" href={`${base}/goi-bang-chung.zip?unmasked=1`}>
                {tr(lang, 'Bản đầy đủ (chỉ cơ sở)', 'Unmasked copy (facility only)')}
              </a>
            ) : null}
          </div>
          {props.registered ? (
            <p>
              {tr(lang, 'Lượt này đã được đăng ký vào hồ sơ sẵn sàng của cơ sở: ', 'This run is registered for the facility’s readiness: ')}
              <a href={`/san-sang/${encodeURIComponent(facility)}`}>{tr(lang, 'xem danh mục C1–C13', 'see the C1–C13 checklist')}</a>
            </p>
          ) : (
            <form method="post" action={`${base}/dang-ky`}>
              <button type="submit" class="secondary">
                {tr(lang, 'Đăng ký lượt này vào hồ sơ sẵn sàng (C1–C13)', 'Register this run for readiness (C1–C13)')}
              </button>
            </form>
          )}
        </section>
      )}

      <h2 id="scenarios-h">{tr(lang, 'Kịch bản của kế hoạch', 'Scenarios of the plan')}</h2>
      <table id="scenarios" aria-labelledby="scenarios-h">
        <thead>
          <tr>
            <th scope="col">{tr(lang, 'Kịch bản', 'Scenario')}</th>
            <th scope="col">{tr(lang, 'Bắt buộc', 'Required')}</th>
            <th scope="col">{tr(lang, 'Trạng thái', 'State')}</th>
            <th scope="col" class="num">{tr(lang, 'Hồ sơ khớp / đạt', 'Matching / passing')}</th>
            <th scope="col">{tr(lang, 'Vì sao chưa đạt', 'Why not passed')}</th>
          </tr>
        </thead>
        <tbody>
          {verdict.scenarios.map((s) => {
            const st = SCENARIO_STATE[s.state] ?? { vi: s.state, en: s.state, cls: 'none' };
            return (
              <tr data-scenario={s.id}>
                <th scope="row">
                  <code>{s.id}</code>
                  <div class="muted">{tr(lang, s.title_vi, s.title_en)}</div>
                </th>
                <td>{s.required ? tr(lang, 'Có', 'Yes') : tr(lang, 'Không', 'No')}</td>
                <td>
                  <span class={`badge state b-${st.cls}`}>{tr(lang, st.vi, st.en)}</span>
                </td>
                <td class="num count">
                  {s.submissions.length} / {s.passing.length}
                </td>
                <td class="wrap">
                  {s.state === 'failed' ? (
                    <ul class="tight">
                      {s.problems.slice(0, 4).map((p) => (
                        <li>{p}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>{tr(lang, 'Điều kiện thí điểm từ lượt này', 'Pilot conditions from this run')}</h2>
      <table id="conditions">
        <thead>
          <tr>
            <th scope="col">{tr(lang, 'Điều kiện', 'Condition')}</th>
            <th scope="col">{tr(lang, 'Nội dung', 'What it asks')}</th>
            <th scope="col">{tr(lang, 'Trạng thái', 'State')}</th>
          </tr>
        </thead>
        <tbody>
          {verdict.conditions.map((c) => {
            const st = CONDITION_STATE[c.state] ?? { vi: c.state, en: c.state, cls: 'none' };
            return (
              <tr>
                <th scope="row">
                  {c.id} <span class="muted">{c.article}</span>
                </th>
                <td class="wrap">{c.condition_vi}</td>
                <td>
                  <span class={`badge b-${st.cls}`}>{tr(lang, st.vi, st.en)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>{tr(lang, `Hồ sơ đã chấm trong lượt (${status.submissions.length})`, `Records judged in the run (${status.submissions.length})`)}</h2>
      {open ? <p class="muted">{tr(lang, 'Danh sách này là lúc tải trang; bấm “Cập nhật” để thấy hồ sơ mới.', 'This list is as of page load; press “Refresh” to see new records.')}</p> : null}
      {status.submissions.length === 0 ? (
        <p class="note">{tr(lang, 'Chưa có hồ sơ nào được gửi từ khi mở lượt.', 'No record has been sent since the run opened.')}</p>
      ) : (
        <table id="run-submissions">
          <thead>
            <tr>
              <th scope="col">maGiaoDich</th>
              <th scope="col">{tr(lang, 'Nhận lúc (giờ VN)', 'Received (Vietnam time)')}</th>
              <th scope="col">{tr(lang, 'Loại', 'Kind')}</th>
              <th scope="col">{tr(lang, 'Kết quả theo kế hoạch', 'Verdict for the plan')}</th>
              <th scope="col">{tr(lang, 'Kịch bản', 'Scenarios')}</th>
              <th scope="col">{tr(lang, 'Quy tắc không đạt', 'Failing rules')}</th>
            </tr>
          </thead>
          <tbody>
            {status.submissions.map((s) => (
              <tr>
                <td>
                  <a href={`/ho-so/${encodeURIComponent(s.id)}`}>{s.id}</a>
                </td>
                <td>{vnTime(s.receivedAt)}</td>
                <td>{endpointKind(s.endpoint, lang)}</td>
                <td>
                  <span class={`badge b-${s.verdict === 'pass' ? 'pass' : s.verdict === 'fail' ? 'fail' : 'warning'}`}>
                    {s.verdict === 'pass' ? tr(lang, 'Đạt', 'Pass') : s.verdict === 'fail' ? tr(lang, 'Không đạt', 'Fail') : s.verdict === 'waived' ? tr(lang, 'Miễn trừ', 'Waived') : s.verdict}
                  </span>
                </td>
                <td class="wrap">{s.scenarios.join(', ')}</td>
                <td class="wrap mono">{s.failingRules.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status.notJudged.length > 0 ? (
        <p class="muted">
          {tr(lang, `${status.notJudged.length} lần gửi khác (ví dụ giấy tờ điện tử) không thuộc kế hoạch.`, `${status.notJudged.length} other uploads (e.g. electronic papers) are not part of the plan.`)}
        </p>
      ) : null}

      <h2 id="waivers-h">{tr(lang, 'Miễn trừ', 'Waivers')}</h2>
      {status.waivers.length === 0 ? (
        <p class="muted">{tr(lang, 'Không có miễn trừ nào. Miễn trừ do Sở Y tế cấp; quy tắc được miễn trừ hiện là “Được miễn trừ”, không bao giờ là “Đạt”.', 'No waiver. The Department grants waivers; a waived rule shows as “Waived”, never “Pass”.')}</p>
      ) : (
        <table id="waivers" aria-labelledby="waivers-h">
          <thead>
            <tr>
              <th scope="col">{tr(lang, 'Số', 'Id')}</th>
              <th scope="col">{tr(lang, 'Quy tắc', 'Rule')}</th>
              <th scope="col">{tr(lang, 'Lý do', 'Reason')}</th>
              <th scope="col">{tr(lang, 'Người cấp', 'Approver')}</th>
              <th scope="col">{tr(lang, 'Hết hạn', 'Expires')}</th>
            </tr>
          </thead>
          <tbody>
            {status.waivers.map((w) => (
              <tr>
                <td>{w.id}</td>
                <td class="mono wrap">
                  {w.ruleId}
                  {w.maLk ? ` (MA_LK ${w.maLk})` : ''}
                </td>
                <td class="wrap">{w.reason}</td>
                <td>{w.approver}</td>
                <td>{vnTime(w.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && props.mayWaive ? (
        <details class="panel">
          <summary>{tr(lang, 'Cấp miễn trừ cho một quy tắc (Sở Y tế)', 'Grant a waiver for a rule (Department of Health)')}</summary>
          <form method="post" action={`${base}/mien-tru`} class="stack">
            <label>
              {tr(lang, 'Quy tắc (mã)', 'Rule (id)')}
              <input type="text" name="ruleId" required maxlength={200} list="failing-rules" />
              <datalist id="failing-rules">
                {props.failingRules.map((r) => (
                  <option value={r}></option>
                ))}
              </datalist>
            </label>
            <label>
              {tr(lang, 'MA_LK (để trống: mọi lượt KCB)', 'MA_LK (empty: every visit)')}
              <input type="text" name="maLk" maxlength={100} />
            </label>
            <label>
              {tr(lang, 'Lý do', 'Reason')}
              <textarea name="reason" rows={2} required minlength={5} maxlength={2000}></textarea>
            </label>
            <label>
              {tr(lang, 'Hết hạn (ngày)', 'Expires (date)')}
              <input type="date" name="expiresAt" required />
            </label>
            <button type="submit">{tr(lang, 'Cấp miễn trừ', 'Grant the waiver')}</button>
          </form>
        </details>
      ) : null}

      <h2>{tr(lang, 'Nhật ký của lượt', 'Run timeline')}</h2>
      <ol id="timeline">
        {run.timeline.map((e) => (
          <li>
            {vnTime(e.at)} — {e.event}
            {e.by ? ` (${e.by})` : ''}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
