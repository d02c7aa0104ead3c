/** @jsxImportSource hono/jsx */
/**
 * The citizen's health book as VNeID would show it, phone-sized, built from the accepted submissions of one
 * person (conformance/healthbook.ts projectHealthBook): the four groups of QĐ 31 Đ2 k3 and the documents;
 * every item that will be empty is marked, with the reason.
 */
import type { HealthBookDocument, HealthBookEntry, HealthBookValue } from '../../../conformance/healthbook.ts';
import type { HealthBookView } from '../../services/submissions.ts';
import { Layout, tr, xmlTime, type Lang, type PageContext } from '../ui.tsx';

const ADMIN_LABELS: Record<string, [string, string]> = {
  hoTen: ['Họ và tên', 'Full name'],
  ngaySinh: ['Ngày sinh', 'Date of birth'],
  gioiTinh: ['Giới tính', 'Sex'],
  danToc: ['Dân tộc', 'Ethnicity'],
  quocTich: ['Quốc tịch', 'Nationality'],
  ngheNghiep: ['Nghề nghiệp', 'Occupation'],
  soDinhDanh: ['Số định danh cá nhân', 'Personal ID number'],
  dienThoai: ['Điện thoại', 'Phone'],
  maTheBhyt: ['Số thẻ BHYT', 'Health insurance card'],
  noiDangKyBanDau: ['Nơi đăng ký KCB ban đầu', 'Registered facility'],
  hanThe: ['Hạn thẻ', 'Card validity'],
  diaChi: ['Địa chỉ', 'Address'],
  maTinh: ['Tỉnh cư trú', 'Province'],
  maHuyen: ['Huyện', 'District'],
  maXa: ['Xã cư trú', 'Commune'],
  nguoiGiamHo: ['Người giám hộ', 'Guardian'],
  noiQuanLyHoSo: ['Nơi quản lý hồ sơ', 'Record kept by'],
};
const HISTORY_LABELS: Record<string, [string, string]> = {
  diUng: ['Dị ứng', 'Allergies'],
  tienSuBenh: ['Tiền sử bệnh', 'Medical history'],
  tiemChung: ['Tiêm chủng', 'Vaccinations'],
};
const FACT_LABELS: Record<string, [string, string]> = {
  coSoKcb: ['Cơ sở KBCB', 'Facility'],
  thoiGianVao: ['Vào', 'Admitted'],
  thoiGianVaoNoiTru: ['Vào nội trú', 'Inpatient from'],
  thoiGianRa: ['Ra', 'Discharged'],
  hinhThucKcb: ['Hình thức KBCB', 'Type of visit'],
  lyDoDenKham: ['Lý do đến khám', 'Reason for visit'],
  lyDoVaoNoiTru: ['Lý do vào nội trú', 'Reason for admission'],
  tinhTrangRaVien: ['Tình trạng ra viện', 'Discharge status'],
  ketQuaDieuTri: ['Kết quả điều trị', 'Outcome of treatment'],
  khoa: ['Khoa', 'Department'],
  nhomMau: ['Nhóm máu', 'Blood group'],
  canNang: ['Cân nặng (kg)', 'Weight (kg)'],
  chieuCao: ['Chiều cao', 'Height'],
};

/** GIOI_TINH codes of QĐ 130 Bảng 1 */
const SEX: Record<string, [string, string]> = { '1': ['Nam', 'Male'], '2': ['Nữ', 'Female'], '3': ['Chưa xác định', 'Undetermined'] };
const TIME_KEYS = new Set(['ngaySinh', 'thoiGianVao', 'thoiGianVaoNoiTru', 'thoiGianRa']);

function Value(props: { lang: Lang; k: string; v: HealthBookValue }) {
  const { v, lang } = props;
  if (v.value === null)
    return (
      <dd class="empty">
        {tr(lang, 'Trống', 'Empty')}
        {v.note ? ` — ${v.note}` : ''}
      </dd>
    );
  const shown = TIME_KEYS.has(props.k) ? xmlTime(v.value) : props.k === 'gioiTinh' ? (SEX[v.value]?.[lang === 'en' ? 1 : 0] ?? v.value) : v.value;
  return (
    <dd>
      {shown}
      {props.k === 'hinhThucKcb' && v.note ? ` (${v.note})` : ''}
    </dd>
  );
}

function Group(props: { lang: Lang; values: Record<string, HealthBookValue>; labels: Record<string, [string, string]> }) {
  return (
    <dl>
      {Object.entries(props.values).map(([k, v]) => (
        <>
          <dt>{props.labels[k] ? tr(props.lang, props.labels[k][0], props.labels[k][1]) : k}</dt>
          <Value lang={props.lang} k={k} v={v} />
        </>
      ))}
    </dl>
  );
}

function Doc(props: { lang: Lang; title: string; doc: HealthBookDocument; testId: string }) {
  const { lang, doc } = props;
  const filled = Object.entries(doc.fields).filter(([, v]) => v !== null);
  return (
    <div class={doc.present ? 'doc' : 'doc absent'} data-doc={props.testId}>
      <h3>
        {props.title}: {doc.present ? tr(lang, 'có', 'present') : <span class="empty">{tr(lang, 'sẽ trống', 'will be empty')}</span>}
      </h3>
      {doc.present ? (
        <dl>
          {filled.map(([k, v]) => (
            <>
              <dt>
                <code>{k}</code>
              </dt>
              <dd>{/^\d{8}(\d{4})?$/.test(v ?? '') ? xmlTime(v) : v}</dd>
            </>
          ))}
        </dl>
      ) : null}
      {doc.note ? <p class={doc.present ? 'muted' : 'empty'}>{doc.note}</p> : null}
    </div>
  );
}

function Visit(props: { lang: Lang; e: HealthBookEntry; open: boolean }) {
  const { lang, e } = props;
  const f = e.visit.facts;
  return (
    <section aria-label={tr(lang, `Đợt khám ${xmlTime(f.thoiGianVao.value)}`, `Visit ${xmlTime(f.thoiGianVao.value)}`)}>
      <h2>
        {xmlTime(f.thoiGianVao.value)} · {f.hinhThucKcb.note ?? f.hinhThucKcb.value ?? ''}
      </h2>
      <p class="muted">
        {tr(lang, 'Cơ sở', 'Facility')} {e.MACSKCB ?? ''} · MA_LK <span class="mono">{e.MA_LK ?? ''}</span>
      </p>
      <h3>{tr(lang, '(c) Thông tin lần khám', '(c) This visit')}</h3>
      <Group lang={lang} values={f} labels={FACT_LABELS} />
      <dl>
        <dt>{tr(lang, 'Chẩn đoán', 'Diagnosis')}</dt>
        <Value lang={lang} k="chanDoan" v={e.visit.diagnosis.text} />
        <dt>ICD-10</dt>
        <dd>
          {e.visit.diagnosis.icd10Main.value ?? '—'}
          {e.visit.diagnosis.icd10Secondary.length ? `; ${e.visit.diagnosis.icd10Secondary.join('; ')}` : ''}
        </dd>
      </dl>
      <details open={props.open}>
        <summary>{tr(lang, `Thuốc (${e.visit.drugs.length})`, `Medicines (${e.visit.drugs.length})`)}</summary>
        <ul>
          {e.visit.drugs.map((d) => (
            <li>
              {d.fields.TEN_THUOC ?? d.fields.MA_THUOC} {d.fields.HAM_LUONG ?? ''} — {d.fields.SO_LUONG ?? ''} {d.fields.DON_VI_TINH ?? ''}
              {d.fields.LIEU_DUNG ? `; ${d.fields.LIEU_DUNG}` : ''}
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>{tr(lang, `Dịch vụ, thủ thuật (${e.visit.procedures.length})`, `Services and procedures (${e.visit.procedures.length})`)}</summary>
        <ul>
          {e.visit.procedures.map((d) => (
            <li>{d.fields.TEN_DICH_VU ?? d.fields.MA_DICH_VU}</li>
          ))}
        </ul>
      </details>
      <h3>{tr(lang, '(d) Giấy tờ', '(d) Documents')}</h3>
      <Doc lang={lang} testId="discharge" title={tr(lang, 'Giấy ra viện (XML7)', 'Discharge paper (XML7)')} doc={e.documents.dischargePaper} />
      <Doc lang={lang} testId="referral" title={tr(lang, 'Giấy chuyển tuyến (XML13)', 'Referral (XML13)')} doc={e.documents.referral} />
      <Doc lang={lang} testId="reexam" title={tr(lang, 'Giấy hẹn khám lại (XML14)', 'Re-exam appointment (XML14)')} doc={e.documents.reExamAppointment} />
      <div class={e.documents.testResults.present ? 'doc' : 'doc absent'} data-doc="results">
        <h3>
          {tr(lang, 'Kết quả cận lâm sàng (XML4)', 'Test results (XML4)')}:{' '}
          {e.documents.testResults.present ? tr(lang, `${e.visit.results.length} kết quả`, `${e.visit.results.length} result(s)`) : <span class="empty">{tr(lang, 'sẽ trống', 'will be empty')}</span>}
        </h3>
        {e.visit.results.length ? (
          <ul>
            {e.visit.results.slice(0, 12).map((r) => (
              <li>
                {r.fields.TEN_CHI_SO ?? r.fields.MA_CHI_SO ?? r.fields.MA_DICH_VU}: {r.fields.GIA_TRI ?? r.fields.KET_LUAN ?? r.fields.MO_TA ?? ''} {r.fields.DON_VI_DO ?? ''}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">{e.documents.testResults.note}</p>
        )}
      </div>
      <Doc lang={lang} testId="summary" title={tr(lang, 'Tóm tắt hồ sơ bệnh án (XML8)', 'Record summary (XML8)')} doc={e.documents.recordSummary} />
      <Doc lang={lang} testId="sickleave" title={tr(lang, 'Giấy nghỉ việc hưởng BHXH (XML11)', 'Sick-leave certificate (XML11)')} doc={e.documents.sickLeave} />
      {e.missing.length ? (
        <details>
          <summary>{tr(lang, `Mục sẽ trống trên VNeID (${e.missing.length})`, `Items empty on VNeID (${e.missing.length})`)}</summary>
          <ul class="missing">
            {e.missing.map((m) => (
              <li>
                <strong>{m.field_vi}</strong> — {m.reason === 'no-xml-source' ? tr(lang, 'không có trường XML nào cung cấp', 'no XML field feeds it') : m.reason === 'table-not-sent' ? tr(lang, `không gửi ${m.table}`, `${m.table} not sent`) : tr(lang, 'có gửi nhưng để trống', 'sent but blank')}
                {m.note ? `: ${m.note}` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function HealthBookSearchPage(props: { ctx: PageContext; error?: string; id?: string }) {
  const { ctx } = props;
  const { lang } = ctx;
  return (
    <Layout ctx={ctx} title={tr(lang, 'Sổ sức khỏe điện tử', 'Electronic health book')} section="healthbook">
      <h1>{tr(lang, 'Xem trước Sổ sức khỏe điện tử', 'Health-book preview')}</h1>
      <p>{tr(lang, 'Nhập số định danh cá nhân, số thẻ BHYT hoặc mã giao dịch của một hồ sơ đã gửi.', 'Enter a personal ID number, an insurance card number or the transaction id of a submission.')}</p>
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="get" action="/so-suc-khoe" class="filters">
        <label>
          {tr(lang, 'Số định danh / thẻ BHYT / mã giao dịch', 'Personal ID / card / transaction id')}
          <input type="text" name="id" value={props.id ?? ''} required />
        </label>
        <button type="submit">{tr(lang, 'Xem', 'Show')}</button>
      </form>
    </Layout>
  );
}

export function HealthBookPage(props: { ctx: PageContext; view: HealthBookView }) {
  const { ctx, view } = props;
  const { lang } = ctx;
  const newest = view.entries[0];
  return (
    <Layout ctx={ctx} title={tr(lang, 'Sổ sức khỏe điện tử', 'Electronic health book')} section="healthbook">
      <p>
        <a href="/so-suc-khoe">{tr(lang, '← Tìm người khác', '← Look up someone else')}</a>
      </p>
      <p class="muted">
        {tr(
          lang,
          'Bản xem trước theo tinh thần mục Sổ sức khỏe điện tử trên VNeID, dựng từ các hồ sơ Cổng đã nhận; không phải giao diện chính thức.',
          'A preview in the spirit of VNeID’s health book, built from what the portal received; not the official interface.',
        )}
      </p>
      {view.projectionError ? (
        <p class="error-box" role="alert">
          {tr(lang, `Không dựng được Sổ sức khỏe từ hồ sơ ${view.projectionError.maGiaoDich}: `, `The health book could not be built from ${view.projectionError.maGiaoDich}: `)}
          {view.projectionError.message}
        </p>
      ) : null}
      {view.pending ? <p class="banner">{tr(lang, `${view.pending} hồ sơ của người này đang được kiểm tra.`, `${view.pending} submission(s) of this person are still being checked.`)}</p> : null}
      <div class="phone" id="phone">
        <div class="bar">
          <h1>{tr(lang, 'Sổ sức khỏe điện tử', 'Electronic health book')}</h1>
          <p>{newest ? `${newest.administrative.hoTen.value ?? ''} · ${newest.keys.soDinhDanh ?? newest.keys.maThe[0] ?? ''}` : view.id}</p>
        </div>
        {newest ? (
          <>
            <section aria-label={tr(lang, 'Thông tin hành chính', 'Administrative')}>
              <h2>{tr(lang, '(a) Thông tin hành chính', '(a) Administrative')}</h2>
              <Group lang={lang} values={newest.administrative} labels={ADMIN_LABELS} />
            </section>
            <section aria-label={tr(lang, 'Tiền sử', 'History')}>
              <h2>{tr(lang, '(b) Tiền sử', '(b) History')}</h2>
              <Group lang={lang} values={newest.history} labels={HISTORY_LABELS} />
            </section>
            {view.entries.map((e, i) => (
              <Visit lang={lang} e={e} open={i === 0} />
            ))}
          </>
        ) : (
          <section>
            <p>{tr(lang, 'Chưa có đợt khám nào được chấp nhận cho người này.', 'No accepted visit for this person yet.')}</p>
          </section>
        )}
      </div>
    </Layout>
  );
}
