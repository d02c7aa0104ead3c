/** @jsxImportSource hono/jsx */
/**
 * A facility's readiness: the pilot conditions C1–C13 with what evidences each (a registered passed run,
 * documents in force), evidence upload for the conditions a document may evidence, runs registered by their
 * signed bundle, and the Department's decisions (signed JSON + CMS, PDF). The reviewer of the province
 * decides here. Everything shown is computeReadiness (the API's `GET /api/sim/readiness/{maCSKCB}`).
 */
import type { Readiness } from '../../certification/readiness.ts';
import type { ReadinessState } from '../../services/certification.ts';
import { Layout, tr, vnTime, type Lang, type PageContext } from '../ui.tsx';

export const READINESS_STATE: Record<ReadinessState, { vi: string; en: string; cls: string }> = {
  approved: { vi: 'Đã phê duyệt', en: 'Approved', cls: 'pass' },
  refused: { vi: 'Chưa đạt (Sở đã từ chối)', en: 'Refused by the Department', cls: 'fail' },
  ready: { vi: 'Đủ điều kiện, chờ Sở quyết định', en: 'Ready, awaiting the decision', cls: 'warning' },
  'not-ready': { vi: 'Chưa đủ điều kiện', en: 'Not ready', cls: 'none' },
};

const CONDITION_STATE = {
  met: { vi: 'Đã có bằng chứng', en: 'Met', cls: 'pass' },
  waived: { vi: 'Được miễn trừ', en: 'Waived', cls: 'warning' },
  missing: { vi: 'Thiếu', en: 'Missing', cls: 'fail' },
} as const;

/** A condition's state in the registered run's manifest; 'not-automated' (the run does not cover it) is not shown. */
const RUN_STATE: Record<string, [string, string]> = {
  evidenced: ['có bằng chứng', 'evidenced'],
  waived: ['được miễn trừ', 'waived'],
  'not-evidenced': ['chưa có bằng chứng', 'not evidenced'],
};

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function ReadinessStateBadge(props: { lang: Lang; state: ReadinessState; missing?: number }) {
  const s = READINESS_STATE[props.state];
  return (
    <span class={`badge b-${s.cls}`}>
      {tr(props.lang, s.vi, s.en)}
      {props.state === 'not-ready' && props.missing ? tr(props.lang, ` (thiếu ${props.missing})`, ` (${props.missing} missing)`) : ''}
    </span>
  );
}

export interface ReadinessPageProps {
  ctx: PageContext;
  r: Readiness;
  state: ReadinessState;
  /** runs of this facility the principal may open (link to the run page) */
  runLinks: Set<string>;
  mayDecide: boolean;
  maxFileBytes: number;
  maxBundleBytes: number;
  notice?: string;
  error?: string;
}

export function ReadinessPage(props: ReadinessPageProps) {
  const { ctx, r } = props;
  const { lang } = ctx;
  const base = `/san-sang/${encodeURIComponent(r.facility.maCSKCB)}`;
  const documentable = r.conditions.filter((c) => c.sources.includes('document'));
  const latest = r.decisions.at(-1);
  const evidenceById = new Map(r.evidence.map((e) => [e.id, e]));
  return (
    <Layout ctx={ctx} title={tr(lang, `Sẵn sàng triển khai — ${r.facility.maCSKCB}`, `Readiness — ${r.facility.maCSKCB}`)} section="readiness">
      <h1>
        {tr(lang, 'Sẵn sàng triển khai Sổ SKĐT', 'Readiness for the electronic health book')} — {r.facility.maCSKCB} {r.facility.ten}
      </h1>
      {props.notice ? (
        <p class="banner" role="status" id="notice">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-box" role="alert" id="error">
          {props.error}
        </p>
      ) : null}
      <section class={props.state === 'approved' ? 'caught' : props.state === 'refused' ? 'missed' : 'panel'} id="readiness-state" aria-labelledby="state-h">
        <h2 id="state-h">
          {tr(lang, 'Tình trạng: ', 'State: ')}
          <ReadinessStateBadge lang={lang} state={props.state} missing={r.missing.length} />
        </h2>
        {latest ? (
          <p id="latest-decision">
            {tr(lang, `Quyết định gần nhất ${latest.id} (${vnTime(latest.decidedAt)}, ${latest.decidedBy}): `, `Latest decision ${latest.id} (${vnTime(latest.decidedAt)}, ${latest.decidedBy}): `)}
            <strong>{latest.verdict === 'approved' ? tr(lang, 'ĐẠT — đủ điều kiện triển khai thí điểm Sổ sức khỏe điện tử', 'APPROVED — ready for the electronic health book pilot') : tr(lang, 'CHƯA ĐẠT — chưa đủ điều kiện triển khai thí điểm', 'REFUSED — not ready for the pilot')}</strong>
          </p>
        ) : null}
        {r.missing.length > 0 ? (
          <>
            <p>{tr(lang, 'Còn thiếu trước khi Sở có thể phê duyệt:', 'Missing before the Department can approve:')}</p>
            <ul id="missing">
              {r.missing.map((m) => (
                <li class="wrap">{tr(lang, m.vi, m.en)}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{tr(lang, 'Mọi điều kiện bắt buộc đã có bằng chứng.', 'Every required condition is evidenced.')}</p>
        )}
        <p class="muted">
          {tr(lang, `Chính sách đánh giá ${r.policyVersion}; căn cứ QĐ 2733/QĐ-BYT Phụ lục 01.`, `Readiness policy ${r.policyVersion}; basis QĐ 2733/QĐ-BYT Appendix 01.`)}
        </p>
      </section>

      <h2 id="checklist-h">{tr(lang, 'Danh mục điều kiện C1–C13', 'Conditions C1–C13')}</h2>
      <table id="checklist" aria-labelledby="checklist-h">
        <thead>
          <tr>
            <th scope="col">{tr(lang, 'Điều kiện', 'Condition')}</th>
            <th scope="col">{tr(lang, 'Nội dung', 'What it asks')}</th>
            <th scope="col">{tr(lang, 'Chứng minh bằng', 'Evidenced by')}</th>
            <th scope="col">{tr(lang, 'Trạng thái', 'State')}</th>
            <th scope="col">{tr(lang, 'Bằng chứng', 'Evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {r.conditions.map((c) => {
            const st = CONDITION_STATE[c.state];
            return (
              <tr id={`cond-${c.id}`} data-condition={c.id}>
                <th scope="row">
                  {c.id}
                  <div class="muted">{c.article}</div>
                  {c.required ? null : <div class="muted">{tr(lang, 'không bắt buộc', 'not required')}</div>}
                </th>
                <td class="wrap">
                  {c.condition_vi}
                  {c.note ? <div class="muted">{tr(lang, c.note_vi ?? c.note, c.note)}</div> : null}
                </td>
                <td class="wrap">
                  {c.sources.map((s) => (s === 'run' ? tr(lang, 'lượt chứng nhận đạt', 'a passed certification run') : tr(lang, 'tài liệu', 'a document'))).join(tr(lang, ' hoặc ', ' or '))}
                  {c.document_vi ? <div class="muted">{c.document_vi}</div> : null}
                </td>
                <td>
                  <span class={`badge b-${st.cls}`}>{tr(lang, st.vi, st.en)}</span>
                </td>
                <td class="wrap">
                  {c.run && RUN_STATE[c.run.state] ? (
                    <div>
                      {tr(lang, 'Lượt ', 'Run ')}
                      {props.runLinks.has(c.run.runId) ? <a href={`/chung-nhan/${encodeURIComponent(c.run.runId)}`}>{c.run.runId}</a> : <code>{c.run.runId}</code>}: {tr(lang, RUN_STATE[c.run.state][0], RUN_STATE[c.run.state][1])}
                    </div>
                  ) : null}
                  {c.documents.map((d) => {
                    const item = evidenceById.get(d.id);
                    return (
                      <div class="doc-item">
                        <a href={`${base}/tai-lieu/${d.id}`}>{d.title}</a>{' '}
                        <span class="muted">
                          ({item ? `${item.fileName}, ${kb(item.size)}, ` : ''}
                          {d.uploadedBy}, {vnTime(d.uploadedAt)})
                        </span>
                        <form method="post" action={`${base}/tai-lieu/${d.id}/rut`} class="inline">
                          <button type="submit" class="link" aria-label={tr(lang, `Rút tài liệu ${d.title}`, `Withdraw document ${d.title}`)}>
                            {tr(lang, 'Rút', 'Withdraw')}
                          </button>
                        </form>
                      </div>
                    );
                  })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <div class="cols">
        <section class="panel" aria-labelledby="upload-h">
          <h2 id="upload-h">{tr(lang, 'Tải lên tài liệu cho một điều kiện', 'Upload a document for a condition')}</h2>
          <form method="post" action={`${base}/tai-lieu`} enctype="multipart/form-data" class="stack">
            <label>
              {tr(lang, 'Điều kiện', 'Condition')}
              <select name="condition" required>
                {documentable.map((c) => (
                  <option value={c.id}>
                    {c.id} — {c.document_vi ?? c.condition_vi}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {tr(lang, 'Tên tài liệu (số, ngày, nơi ban hành)', 'Title (number, date, issuer)')}
              <input type="text" name="title" required maxlength={300} />
            </label>
            <label>
              {tr(lang, 'Tệp', 'File')}
              <input type="file" name="file" required />
            </label>
            <p class="muted">{tr(lang, `Tối đa ${kb(props.maxFileBytes)} mỗi tệp. Tài liệu được lưu kèm người tải và thời điểm; tải về luôn là tệp đính kèm.`, `At most ${kb(props.maxFileBytes)} per file. Documents are kept with who uploaded them and when; they are always downloaded as attachments.`)}</p>
            <button type="submit">{tr(lang, 'Tải lên', 'Upload')}</button>
          </form>
        </section>
        <section class="panel" aria-labelledby="bundle-h">
          <h2 id="bundle-h">{tr(lang, 'Đăng ký lượt chứng nhận bằng gói bằng chứng', 'Register a certification run by its evidence bundle')}</h2>
          <p class="muted">
            {tr(lang, 'Gói .zip tải từ trang lượt chứng nhận (hoặc sskdt-lab cert run … --out). Gói được kiểm tra chữ ký của phòng lab và từng tệp trước khi nhận.', 'The .zip downloaded from a run page (or sskdt-lab cert run … --out). Its lab signature and every file are verified before it is accepted.')}
          </p>
          <form method="post" action={`${base}/luot`} enctype="multipart/form-data" class="stack">
            <label>
              {tr(lang, 'Gói bằng chứng (.zip)', 'Evidence bundle (.zip)')}
              <input type="file" name="bundle" accept=".zip,application/zip" required />
            </label>
            <p class="muted">{tr(lang, `Tối đa ${kb(props.maxBundleBytes)}.`, `At most ${kb(props.maxBundleBytes)}.`)}</p>
            <button type="submit">{tr(lang, 'Đăng ký lượt', 'Register the run')}</button>
          </form>
        </section>
      </div>

      <h2>{tr(lang, 'Các lượt đã đăng ký', 'Registered runs')}</h2>
      {r.runs.length === 0 ? (
        <p class="note">{tr(lang, 'Chưa có lượt nào được đăng ký.', 'No run registered yet.')}</p>
      ) : (
        <table id="registered-runs">
          <thead>
            <tr>
              <th scope="col">{tr(lang, 'Lượt', 'Run')}</th>
              <th scope="col">{tr(lang, 'Kết luận', 'Verdict')}</th>
              <th scope="col">{tr(lang, 'Kế hoạch', 'Plan')}</th>
              <th scope="col">{tr(lang, 'Kết thúc lúc', 'Finished')}</th>
              <th scope="col">{tr(lang, 'Đăng ký bởi', 'Registered by')}</th>
              <th scope="col">SHA-256 manifest</th>
            </tr>
          </thead>
          <tbody>
            {r.runs.map((run) => (
              <tr>
                <td class="wrap">{props.runLinks.has(run.runId) ? <a href={`/chung-nhan/${encodeURIComponent(run.runId)}`}>{run.runId}</a> : <code>{run.runId}</code>}</td>
                <td>
                  <span class={`badge b-${run.verdict === 'pass' ? 'pass' : 'fail'}`}>{run.verdict === 'pass' ? tr(lang, 'Đạt', 'Pass') : tr(lang, 'Không đạt', 'Fail')}</span>
                  {r.run?.id === run.id ? <div class="muted">{tr(lang, 'lượt được dùng', 'the one used')}</div> : null}
                </td>
                <td>
                  <code>{run.plan}</code>
                </td>
                <td>{run.finishedAt ? vnTime(run.finishedAt) : '—'}</td>
                <td>
                  {run.addedBy}, {vnTime(run.addedAt)}
                </td>
                <td class="wrap mono">{run.manifestSha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="decisions-h">{tr(lang, 'Quyết định của Sở Y tế', 'Decisions of the Department of Health')}</h2>
      {r.decisions.length === 0 ? (
        <p class="note">{tr(lang, 'Chưa có quyết định nào.', 'No decision yet.')}</p>
      ) : (
        <table id="decisions">
          <thead>
            <tr>
              <th scope="col">{tr(lang, 'Số', 'Number')}</th>
              <th scope="col">{tr(lang, 'Quyết định', 'Decision')}</th>
              <th scope="col">{tr(lang, 'Người quyết định, lúc', 'Decided by, at')}</th>
              <th scope="col">{tr(lang, 'Tải về (có chữ ký)', 'Downloads (signed)')}</th>
            </tr>
          </thead>
          <tbody>
            {r.decisions
              .slice()
              .reverse()
              .map((d) => (
                <tr id={`decision-${d.id}`}>
                  <td>{d.id}</td>
                  <td>
                    <span class={`badge b-${d.verdict === 'approved' ? 'pass' : 'fail'}`}>{d.verdict === 'approved' ? tr(lang, 'Phê duyệt', 'Approved') : tr(lang, 'Từ chối', 'Refused')}</span>
                  </td>
                  <td>
                    {d.decidedBy}, {vnTime(d.decidedAt)}
                  </td>
                  <td>
                    <div class="downloads">
                      <a href={`${base}/quyet-dinh/${encodeURIComponent(d.id)}.pdf`}>PDF</a>
                      <a href={`${base}/quyet-dinh/${encodeURIComponent(d.id)}.json`}>JSON</a>
                      <a href={`${base}/quyet-dinh/${encodeURIComponent(d.id)}.p7s`}>{tr(lang, 'Chữ ký CMS (.p7s)', 'CMS signature (.p7s)')}</a>
                    </div>
                    <div class="muted mono wrap">SHA-256 JSON {d.jsonSha256}</div>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      {props.mayDecide ? (
        <section class="panel" aria-labelledby="decide-h" id="decide">
          <h2 id="decide-h">{tr(lang, 'Ra quyết định (Sở Y tế)', 'Decide (Department of Health)')}</h2>
          <p class="muted">
            {tr(
              lang,
              'Phê duyệt chỉ được khi mọi điều kiện bắt buộc đã có bằng chứng và có lượt chứng nhận đạt; từ chối cần ghi rõ lý do. Quyết định được ký (CMS) bằng khóa của phòng lab và in ra PDF.',
              'Approval needs every required condition evidenced and a passed run; a refusal needs a note saying why. The decision is signed (CMS) with the lab key and printed as a PDF.',
            )}
          </p>
          <form method="post" action={`${base}/quyet-dinh`} class="stack">
            <fieldset>
              <legend>{tr(lang, 'Quyết định', 'Decision')}</legend>
              <label class="inline-choice">
                <input type="radio" name="verdict" value="approved" checked={r.ready} required /> {tr(lang, 'Phê duyệt: đủ điều kiện triển khai', 'Approve: ready for the pilot')}
              </label>
              <label class="inline-choice">
                <input type="radio" name="verdict" value="refused" checked={!r.ready} /> {tr(lang, 'Từ chối: chưa đủ điều kiện', 'Refuse: not ready')}
              </label>
            </fieldset>
            <label>
              {tr(lang, 'Ghi chú (bắt buộc khi từ chối)', 'Note (required to refuse)')}
              <textarea name="note" rows={3} maxlength={2000}></textarea>
            </label>
            <button type="submit">{tr(lang, 'Ghi quyết định', 'Record the decision')}</button>
          </form>
        </section>
      ) : null}
      <p>
        <a href="/kiem-tra-goi">{tr(lang, 'Kiểm tra một gói bằng chứng', 'Verify an evidence bundle')}</a>
      </p>
    </Layout>
  );
}
