/** @jsxImportSource hono/jsx */
/**
 * Upload an evidence bundle to verify it: the same verification as `sskdt-lab verify` (reports/evidence/
 * verify.ts — read in memory, never extracted), shown check by check with what was found.
 */
import type { BundleCheckId, BundleVerification } from '../../../reports/evidence/verify.ts';
import { Layout, tr, type PageContext } from '../ui.tsx';

const CHECK_LABEL: Record<BundleCheckId, [string, string]> = {
  zip: ['Tệp zip đọc được và an toàn (tên tệp, kích thước, tỉ lệ nén)', 'The zip is readable and safe (names, sizes, ratio)'],
  manifest: ['manifest.json có mặt và đúng định dạng gói bằng chứng', 'manifest.json is present and is an evidence-bundle manifest'],
  signature: ['Chữ ký CMS (manifest.p7s) hợp lệ với chứng thư của phòng lab này', 'The CMS signature (manifest.p7s) verifies with this lab’s certificate'],
  files: ['Mọi tệp trong manifest có mặt, đúng kích thước và SHA-256', 'Every listed file is present with its size and SHA-256'],
  extra: ['Không có tệp nào ngoài danh sách', 'No file beyond those listed'],
};

const OUTCOME: Record<'pass' | 'fail' | 'not-checked', [string, string, string]> = {
  pass: ['Đạt', 'Pass', 'pass'],
  fail: ['Không đạt', 'Fail', 'fail'],
  'not-checked': ['Không kiểm tra được', 'Not checked', 'none'],
};

export function VerifyBundlePage(props: { ctx: PageContext; fileName?: string; size?: number; result?: BundleVerification; error?: string; maxBytes: number; labFingerprint: string }) {
  const { ctx, result } = props;
  const { lang } = ctx;
  return (
    <Layout ctx={ctx} title={tr(lang, 'Kiểm tra gói bằng chứng', 'Verify an evidence bundle')} section="certification">
      <h1>{tr(lang, 'Kiểm tra gói bằng chứng', 'Verify an evidence bundle')}</h1>
      <p>
        {tr(
          lang,
          'Tải lên một gói .zip của lượt chứng nhận để kiểm tra: chữ ký của phòng lab trên manifest.json, SHA-256 và kích thước của từng tệp, không thiếu, không thừa. Gói được đọc trong bộ nhớ, không giải nén ra đĩa, không lưu lại.',
          'Upload a certification run’s .zip to verify it: the lab’s signature over manifest.json, every file’s SHA-256 and size, nothing missing or extra. The bundle is read in memory, never extracted to disk, and not stored.',
        )}
      </p>
      <form method="post" action="/kiem-tra-goi" enctype="multipart/form-data" class="filters">
        <label>
          {tr(lang, 'Gói bằng chứng (.zip)', 'Evidence bundle (.zip)')}
          <input type="file" name="bundle" accept=".zip,application/zip" required />
        </label>
        <button type="submit">{tr(lang, 'Kiểm tra', 'Verify')}</button>
      </form>
      <p class="muted">
        {tr(lang, `Tối đa ${Math.round(props.maxBytes / 1024 / 1024)} MB. Chứng thư của phòng lab (SHA-256): `, `At most ${Math.round(props.maxBytes / 1024 / 1024)} MB. The lab’s certificate (SHA-256): `)}
        <code class="wrap">{props.labFingerprint}</code>
      </p>
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      {result ? (
        <section aria-labelledby="result-h" class={result.ok ? 'caught' : 'missed'} id="verify-result">
          <h2 id="result-h">
            {result.ok ? tr(lang, 'HỢP LỆ — gói nguyên vẹn và do phòng lab này ký', 'VALID — the bundle is intact and signed by this lab') : tr(lang, 'KHÔNG HỢP LỆ — gói đã bị thay đổi, thiếu tệp, hoặc không do phòng lab này ký', 'INVALID — the bundle was changed, lacks files, or was not signed by this lab')}
          </h2>
          <dl class="facts">
            <dt>{tr(lang, 'Tệp', 'File')}</dt>
            <dd>
              {props.fileName} ({props.size} {tr(lang, 'byte', 'bytes')})
            </dd>
            {result.manifest?.runId ? (
              <>
                <dt>{tr(lang, 'Lượt', 'Run')}</dt>
                <dd>{result.manifest.runId}</dd>
              </>
            ) : null}
            {result.manifest?.facility ? (
              <>
                <dt>{tr(lang, 'Cơ sở', 'Facility')}</dt>
                <dd>{result.manifest.facility}</dd>
              </>
            ) : null}
            {result.manifest?.plan ? (
              <>
                <dt>{tr(lang, 'Kế hoạch', 'Plan')}</dt>
                <dd>{result.manifest.plan}</dd>
              </>
            ) : null}
            {result.manifest?.verdict ? (
              <>
                <dt>{tr(lang, 'Kết luận ghi trong gói', 'Verdict in the bundle')}</dt>
                <dd>{result.manifest.verdict === 'pass' ? tr(lang, 'Đạt (pass)', 'Pass') : result.manifest.verdict === 'fail' ? tr(lang, 'Không đạt (fail)', 'Fail') : result.manifest.verdict}</dd>
              </>
            ) : null}
          </dl>
          <table id="verify-checks">
            <thead>
              <tr>
                <th scope="col">{tr(lang, 'Kiểm tra', 'Check')}</th>
                <th scope="col">{tr(lang, 'Kết quả', 'Outcome')}</th>
                <th scope="col">{tr(lang, 'Chi tiết', 'Details')}</th>
              </tr>
            </thead>
            <tbody>
              {result.checks.map((c) => {
                // the verifier writes each line in both languages; the reader sees theirs (as tr does)
                const details = lang === 'en' ? c.details : c.details_vi;
                return (
                  <tr data-check={c.id}>
                    <th scope="row">{tr(lang, CHECK_LABEL[c.id][0], CHECK_LABEL[c.id][1])}</th>
                    <td>
                      <span class={`badge b-${OUTCOME[c.outcome][2]}`}>{tr(lang, OUTCOME[c.outcome][0], OUTCOME[c.outcome][1])}</span>
                    </td>
                    <td class="wrap">
                      {details.length > 0 ? (
                        <ul class="tight">
                          {details.slice(0, 20).map((d) => (
                            <li>{d}</li>
                          ))}
                          {details.length > 20 ? <li>{tr(lang, `… và ${details.length - 20} mục khác`, `… and ${details.length - 20} more`)}</li> : null}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
    </Layout>
  );
}
