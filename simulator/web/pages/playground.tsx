/** @jsxImportSource hono/jsx */
/**
 * The trainers' playground: a form (generated scenario, pasted XML or an uploaded file; a named mistake)
 * and, after a run, the correct and the mistaken version side by side: verdicts, the rule that caught the
 * mistake with its explanation and clause, and the changed XML lines.
 */
import type { Finding } from '../../../conformance/result.ts';
import type { ParsedPackage } from '../../../conformance/model.ts';
import { PLAYGROUND_ENDPOINTS, PLAYGROUND_MAX_BYTES, type PlaygroundOutcome, type PlaygroundSide } from '../../services/playground.ts';
import { Layout, OutcomeBadge, tr, VerdictBadge, type Lang, type PageContext } from '../ui.tsx';

export interface PlaygroundForm {
  source: 'scenario' | 'paste' | 'file';
  scenarioId: string;
  seed: string;
  layout: '3176' | '4750';
  facility: string;
  ruleId: string;
  endpoint: string;
  pasted: string;
}

export interface PlaygroundPageProps {
  ctx: PageContext;
  form: PlaygroundForm;
  scenarios: { id: string; description_vi: string }[];
  mutations: Map<string, string[]>;
  facilities: { maCSKCB: string; ten: string }[];
  outcome?: PlaygroundOutcome;
  error?: string;
}

function FindingList(props: { lang: Lang; findings: Finding[]; max?: number }) {
  const { lang } = props;
  const shown = props.findings.slice(0, props.max ?? 30);
  return (
    <ul>
      {shown.map((f) => (
        <li data-rule={f.ruleId}>
          <OutcomeBadge lang={lang} outcome={f.outcome} /> <code>{f.ruleId}</code>
          {f.location.line !== undefined ? tr(lang, ` (dòng ${f.location.line})`, ` (line ${f.location.line})`) : ''}: <span class="wrap">{lang === 'en' ? f.message_en : f.message_vi}</span>
          <div class="muted">
            {tr(lang, 'Căn cứ: ', 'Basis: ')}
            {f.citation.decision}
            {f.citation.clause ? `, ${f.citation.clause}` : ''}
          </div>
        </li>
      ))}
      {props.findings.length > shown.length ? <li>{tr(lang, `… và ${props.findings.length - shown.length} kết luận khác`, `… and ${props.findings.length - shown.length} more`)}</li> : null}
    </ul>
  );
}

/** Lines around `line` of the document a finding points to (decoded table text, or the envelope). */
function excerpt(pkg: ParsedPackage | undefined, f: Finding | undefined, radius = 3): { from: number; lines: string[] } | undefined {
  if (!pkg || !f || f.location.line === undefined) return undefined;
  const doc = f.location.document;
  let text: string | undefined;
  if (!doc || doc === 'envelope') text = pkg.envelopeText;
  else text = pkg.hoso[f.location.hoso ?? 0]?.files.find((x) => x.table === doc)?.text;
  if (text === undefined) return undefined;
  const all = text.split(/\r?\n/);
  const from = Math.max(1, f.location.line - radius);
  return { from, lines: all.slice(from - 1, Math.min(all.length, f.location.line + radius)) };
}

function Excerpt(props: { lang: Lang; label: string; ex?: { from: number; lines: string[] }; mark?: number }) {
  if (!props.ex) return null;
  return (
    <div class="xml" tabindex={0} role="region" aria-label={props.label}>
      <ol start={props.ex.from}>
        {props.ex.lines.map((l, i) => (
          <li class={props.ex!.from + i === props.mark ? 'hl-fail' : undefined}>{l}</li>
        ))}
      </ol>
    </div>
  );
}

function Side(props: { lang: Lang; title: string; side?: PlaygroundSide; id: string }) {
  const { lang, side } = props;
  if (!side) return null;
  const problems = (side.result?.findings ?? []).filter((f) => f.outcome === 'fail' || f.outcome === 'error');
  return (
    <section class="panel" id={props.id} aria-label={props.title}>
      <h3>
        {props.title} <VerdictBadge lang={lang} verdict={side.result?.summary.verdict ?? null} />
      </h3>
      {side.error ? <p class="error-box">{side.error}</p> : null}
      {side.result ? (
        <p class="muted">
          {tr(lang, `Không đạt ${side.result.summary.counts.fail} · cảnh báo ${side.result.summary.counts.warning} · đạt ${side.result.summary.counts.pass}`, `Fail ${side.result.summary.counts.fail} · warning ${side.result.summary.counts.warning} · pass ${side.result.summary.counts.pass}`)} · <code>{side.endpoint}</code>
        </p>
      ) : null}
      {problems.length ? <FindingList lang={lang} findings={problems} max={12} /> : <p>{tr(lang, 'Không có lỗi.', 'No failures.')}</p>}
    </section>
  );
}

export function PlaygroundPage(props: PlaygroundPageProps) {
  const { ctx, form, outcome } = props;
  const { lang } = ctx;
  const first = outcome?.caught[0];
  return (
    <Layout ctx={ctx} title={tr(lang, 'Thực hành', 'Playground')} section="playground">
      <h1>{tr(lang, 'Thực hành: tạo lỗi và xem quy tắc nào bắt được', 'Playground: inject a mistake and see which rule catches it')}</h1>
      <p class="muted">
        {tr(
          lang,
          'Không có gì ở trang này được lưu thành hồ sơ của cơ sở; tệp được kiểm tra như khi gửi lên Cổng từ tài khoản cơ sở đã chọn.',
          'Nothing on this page is stored as a facility submission; files are checked as if sent to the portal from the chosen facility’s account.',
        )}
      </p>
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/thuc-hanh" enctype="multipart/form-data" class="panel">
        <fieldset>
          <legend>{tr(lang, 'Nguồn hồ sơ', 'Source')}</legend>
          <p>
            <label>
              <input type="radio" name="source" value="scenario" checked={form.source === 'scenario'} /> {tr(lang, 'Kịch bản sinh tự động', 'Generated scenario')}
            </label>{' '}
            <label>
              <input type="radio" name="source" value="paste" checked={form.source === 'paste'} /> {tr(lang, 'Dán XML', 'Paste XML')}
            </label>{' '}
            <label>
              <input type="radio" name="source" value="file" checked={form.source === 'file'} /> {tr(lang, 'Tải tệp lên', 'Upload a file')}
            </label>
          </p>
          <div class="cols">
            <div>
              <p>
                <label>
                  {tr(lang, 'Kịch bản', 'Scenario')}
                  <br />
                  <select name="scenario">
                    {props.scenarios.map((s) => (
                      <option value={s.id} selected={s.id === form.scenarioId}>
                        {s.id} — {s.description_vi.length > 90 ? `${s.description_vi.slice(0, 88)}…` : s.description_vi}
                      </option>
                    ))}
                  </select>
                </label>
              </p>
              <p>
                <label>
                  {tr(lang, 'Hạt giống (seed)', 'Seed')} <input type="text" name="seed" value={form.seed} size={10} />
                </label>{' '}
                <label>
                  {tr(lang, 'Bố cục', 'Layout')}{' '}
                  <select name="layout">
                    <option value="3176" selected={form.layout === '3176'}>
                      QĐ 3176
                    </option>
                    <option value="4750" selected={form.layout === '4750'}>
                      QĐ 4750
                    </option>
                  </select>
                </label>
              </p>
            </div>
            <div>
              <p>
                <label>
                  {tr(lang, 'XML (hồ sơ GIAMDINHHS hoặc check-in)', 'XML (GIAMDINHHS envelope or check-in)')}
                  <br />
                  <textarea name="xml" rows={5} cols={60}>
                    {form.pasted}
                  </textarea>
                </label>
              </p>
              <p>
                <label>
                  {tr(lang, `Tệp XML (tối đa ${PLAYGROUND_MAX_BYTES / 1024 / 1024} MB)`, `XML file (up to ${PLAYGROUND_MAX_BYTES / 1024 / 1024} MB)`)} <input type="file" name="file" accept=".xml,application/xml,text/xml" />
                </label>
              </p>
              <p>
                <label>
                  {tr(lang, 'Đường gửi', 'Endpoint')}{' '}
                  <select name="endpoint">
                    {PLAYGROUND_ENDPOINTS.map((e) => (
                      <option value={e} selected={e === form.endpoint}>
                        {e}
                      </option>
                    ))}
                  </select>
                </label>
              </p>
            </div>
          </div>
          <p>
            <label>
              {tr(lang, 'Gửi như cơ sở', 'Send as facility')}{' '}
              <select name="facility">
                {props.facilities.map((f) => (
                  <option value={f.maCSKCB} selected={f.maCSKCB === form.facility}>
                    {f.maCSKCB} {f.ten}
                  </option>
                ))}
              </select>
            </label>
          </p>
        </fieldset>
        <p>
          <label>
            {tr(lang, 'Lỗi cần tạo (quy tắc phải bắt được; chỉ áp dụng cho kịch bản sinh tự động)', 'Mistake to inject (the rule that must catch it; generated scenarios only)')}
            <br />
            <select name="rule">
              <option value="">{tr(lang, '(không tạo lỗi — chỉ kiểm tra)', '(no mistake — just check)')}</option>
              {[...props.mutations.entries()].map(([group, ids]) => (
                <optgroup label={group}>
                  {ids.map((id) => (
                    <option value={id} selected={id === form.ruleId}>
                      {id}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
        </p>
        <button type="submit">{tr(lang, 'Chạy', 'Run')}</button>
      </form>
      {outcome ? (
        <section id="playground-result" aria-live="polite">
          <h2>{tr(lang, 'Kết quả', 'Result')}</h2>
          {outcome.gate ? (
            <p class="error-box">
              {tr(lang, `Cổng từ chối tệp (mã ${outcome.gate.maKetQua}, ${outcome.gate.code}): `, `The portal refuses the file (code ${outcome.gate.maKetQua}, ${outcome.gate.code}): `)}
              {outcome.gate.message}
            </p>
          ) : null}
          {outcome.mutationIgnored ? <p class="banner">{tr(lang, 'Lỗi cần tạo chỉ áp dụng cho kịch bản sinh tự động; tệp được kiểm tra nguyên trạng.', 'Mistakes apply to generated scenarios only; the file was checked as it is.')}</p> : null}
          {outcome.notApplicable ? (
            <p class="banner">
              {tr(lang, `Không tạo được lỗi ${outcome.ruleId} trên kịch bản này: `, `${outcome.ruleId} cannot be injected into this scenario: `)}
              {outcome.notApplicable}
            </p>
          ) : null}
          {outcome.ruleId && outcome.mutated ? (
            first ? (
              <div class="caught" id="verdict-caught">
                <p>
                  <strong>{tr(lang, `Quy tắc ${outcome.ruleId} đã bắt được lỗi`, `Rule ${outcome.ruleId} caught the mistake`)}</strong>
                  {tr(lang, ` (${outcome.caught.length} chỗ).`, ` (${outcome.caught.length} place(s)).`)}
                </p>
                <p>
                  {tr(lang, 'Đã thay đổi: ', 'Changed: ')}
                  <span lang="en">{outcome.description}</span>
                </p>
                <p class="wrap">{lang === 'en' ? first.message_en : first.message_vi}</p>
                <p>
                  {tr(lang, 'Căn cứ: ', 'Basis: ')}
                  {first.citation.decision}
                  {first.citation.clause ? `, ${first.citation.clause}` : ''}
                </p>
              </div>
            ) : (
              <div class="missed" id="verdict-missed">
                <strong>{tr(lang, `Quy tắc ${outcome.ruleId} KHÔNG bắt được lỗi này`, `Rule ${outcome.ruleId} did NOT catch this mistake`)}</strong> — <span lang="en">{outcome.description}</span>
              </div>
            )
          ) : null}
          {outcome.ruleId && outcome.mutated && first ? (
            <>
              <h3>{tr(lang, 'Dòng XML bị thay đổi', 'The changed XML lines')}</h3>
              <div class="cols">
                <Excerpt lang={lang} label={tr(lang, 'Bản đúng', 'Correct version')} ex={excerpt(outcome.correct?.pkg, first)} />
                <Excerpt lang={lang} label={tr(lang, 'Bản có lỗi', 'With the mistake')} ex={excerpt(outcome.mutated.pkg, first)} mark={first.location.line} />
              </div>
            </>
          ) : null}
          <div class="cols">
            <Side lang={lang} id="side-correct" title={tr(lang, outcome.mutated ? 'Bản đúng' : 'Kết quả kiểm tra', outcome.mutated ? 'Correct version' : 'Check result')} side={outcome.correct} />
            <Side lang={lang} id="side-mutated" title={tr(lang, 'Bản có lỗi', 'With the mistake')} side={outcome.mutated} />
          </div>
          {outcome.alsoCaught.length ? (
            <>
              <h3>{tr(lang, 'Các quy tắc khác cũng phát hiện', 'Other rules that noticed')}</h3>
              <FindingList lang={lang} findings={outcome.alsoCaught} />
            </>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}
