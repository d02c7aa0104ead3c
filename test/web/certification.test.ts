/**
 * Certification, readiness and bundle-verification pages over HTTP (no browser): who may open what (404 for
 * another facility's run or readiness, also for the live events and downloads), CSRF refusal of every form
 * post, upload limits (413, nothing stored), refusals shown with the service's code, the live event stream,
 * escaping of uploaded titles, and the verification page on a file that is not a bundle, with each check's
 * details in the page's language.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_EVIDENCE_LIMITS } from '../../simulator/certification/readiness.ts';
import { makePortal, type TestPortal } from '../simulator/helpers.ts';

const ORIGIN = 'http://portal.test';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function portal(): Promise<TestPortal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sskdt-web-cert-'));
  dirs.push(dataDir);
  return await makePortal({ results: 'sync', dataDir });
}

async function cookieOf(p: TestPortal, username: string): Promise<string> {
  const res = await p.request('/dang-nhap', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN }, body: new URLSearchParams({ username, password: 'sskdt-demo', next: '/' }).toString() });
  expect(res.status, `sign-in ${username}`).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0];
}

const post = (cookie: string, body: BodyInit, origin = ORIGIN, type?: string): RequestInit => ({ method: 'POST', headers: { cookie, Origin: origin, ...(type ? { 'Content-Type': type } : {}) }, body });
const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

async function startRun(p: TestPortal, cookie: string, facility: string): Promise<string> {
  const res = await p.request('/chung-nhan', post(cookie, urlencoded({ facility }), ORIGIN, FORM));
  expect(res.status).toBe(303);
  const m = /^\/chung-nhan\/([^?]+)\?ok=started$/.exec(res.headers.get('location') ?? '');
  expect(m, res.headers.get('location') ?? '').not.toBeNull();
  return decodeURIComponent(m![1]);
}

function upload(fields: Record<string, string>, file?: { field: string; name: string; bytes: Uint8Array }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  if (file) f.set(file.field, new File([new Uint8Array(file.bytes)], file.name));
  return f;
}

describe('certification and readiness pages over HTTP', () => {
  it("a facility reads only its own runs and readiness (404 otherwise); the Department reads its province's", async () => {
    const p = await portal();
    const f1 = await cookieOf(p, '52001_BV');
    const f2 = await cookieOf(p, '52002_BV');
    const own = await startRun(p, f1, '52001');
    const other = await startRun(p, f2, '52002');
    // 52001 may not start a run for another facility either
    expect((await p.request('/chung-nhan', post(f1, urlencoded({ facility: '52002' }), ORIGIN, FORM))).status).toBe(404);

    expect((await p.request(`/chung-nhan/${own}`, { headers: { cookie: f1 } })).status).toBe(200);
    for (const path of [`/chung-nhan/${other}`, `/chung-nhan/${other}/su-kien`, `/chung-nhan/${other}/goi-bang-chung.zip`, '/san-sang/52002', '/san-sang/52002/tai-lieu/1', '/san-sang/52002/quyet-dinh/QD-52002-20260319-001.pdf', '/san-sang/99999']) {
      expect((await p.request(path, { headers: { cookie: f1 } })).status, path).toBe(404);
    }
    for (const [path, body] of [[`/chung-nhan/${other}/ket-thuc`, ''], [`/chung-nhan/${other}/dang-ky`, ''], ['/san-sang/52002/quyet-dinh', 'verdict=refused&note=x']] as const) {
      expect((await p.request(path, post(f1, body, ORIGIN, FORM))).status, path).toBe(404);
    }
    const list = await (await p.request('/chung-nhan', { headers: { cookie: f1 } })).text();
    expect(list).toContain(own);
    expect(list).not.toContain(other);
    expect((await p.request('/san-sang', { headers: { cookie: f1 } })).headers.get('location')).toBe('/san-sang/52001');

    const department = await cookieOf(p, 'SYT_52');
    const all = await (await p.request('/chung-nhan', { headers: { cookie: department } })).text();
    expect(all).toContain(own);
    expect(all).toContain(other);
    expect((await p.request(`/chung-nhan/${other}`, { headers: { cookie: department } })).status).toBe(200);
    expect((await p.request('/san-sang/52002', { headers: { cookie: department } })).status).toBe(200);

    const trainer = await cookieOf(p, 'TRAINER_52');
    for (const path of ['/chung-nhan', `/chung-nhan/${own}`, '/san-sang/52001']) expect((await p.request(path, { headers: { cookie: trainer } })).status, path).toBe(404);
    const anonymous = await p.request(`/chung-nhan/${own}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/dang-nhap\?next=/);
  });

  it('refuses cross-site form posts (CSRF) on every new form', async () => {
    const p = await portal();
    const f1 = await cookieOf(p, '52001_BV');
    const run = await startRun(p, f1, '52001');
    const evil = 'https://evil.example';
    for (const [path, body] of [
      ['/chung-nhan', urlencoded({ facility: '52001' })],
      [`/chung-nhan/${run}/ket-thuc`, ''],
      [`/chung-nhan/${run}/dang-ky`, ''],
      ['/san-sang/52001/quyet-dinh', 'verdict=approved'],
      ['/san-sang/52001/tai-lieu/1/rut', ''],
    ] as const) {
      expect((await p.request(path, post(f1, body, evil, FORM))).status, path).toBe(403);
    }
    for (const path of ['/san-sang/52001/tai-lieu', '/san-sang/52001/luot', '/kiem-tra-goi']) {
      expect((await p.request(path, post(f1, upload({ condition: 'C4', title: 'x' }, { field: path.endsWith('tai-lieu') ? 'file' : 'bundle', name: 'a.pdf', bytes: Buffer.from('%PDF-1.4') }), evil))).status, path).toBe(403);
    }
    // nothing happened: the run is still open, nothing uploaded
    expect(await (await p.request(`/chung-nhan/${run}`, { headers: { cookie: f1 } })).text()).toContain('Kết thúc lượt và xem kết luận');
    expect(p.store.db.prepare('SELECT COUNT(*) AS n FROM readiness_evidence').get()).toEqual({ n: 0 });
  });

  it('uploads a document within the limits, escapes its title, refuses oversize (413) and automated conditions with their code', async () => {
    const p = await portal();
    const f1 = await cookieOf(p, '52001_BV');
    const hostile = '<script>alert(1)</script> Quy chế số 1';
    const ok = await p.request('/san-sang/52001/tai-lieu', post(f1, upload({ condition: 'c6', title: hostile }, { field: 'file', name: 'quy-che.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') })));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/san-sang/52001?ok=uploaded');
    const page = await (await p.request('/san-sang/52001?ok=uploaded', { headers: { cookie: f1 } })).text();
    expect(page).toContain('Đã tải lên tài liệu.');
    expect(page.includes('<script>alert(1)')).toBe(false);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Quy chế số 1');
    const download = await p.request('/san-sang/52001/tai-lieu/1', { headers: { cookie: f1 } });
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''quy-che.pdf");
    expect(download.headers.get('content-type')).toBe('application/octet-stream');

    const big = new Uint8Array(DEFAULT_EVIDENCE_LIMITS.maxFileBytes + 128 * 1024);
    const tooBig = await p.request('/san-sang/52001/tai-lieu', post(f1, upload({ condition: 'C4', title: 'Lớn' }, { field: 'file', name: 'big.pdf', bytes: big })));
    expect(tooBig.status).toBe(413);
    const automated = await p.request('/san-sang/52001/tai-lieu', post(f1, upload({ condition: 'C1', title: 'x' }, { field: 'file', name: 'a.pdf', bytes: Buffer.from('%PDF-1.4') })));
    expect(automated.status).toBe(400);
    const automatedText = await automated.text();
    expect(automatedText).toContain('READINESS.CONDITION_AUTOMATED');
    // said in Vietnamese on the page (the lab API keeps its English message)
    expect(automatedText).toContain('C1 được chứng minh bằng một lượt chứng nhận đạt, không phải bằng tài liệu');
    expect(automatedText).not.toContain('is evidenced by');
    const notAZip = await p.request('/san-sang/52001/luot', post(f1, upload({}, { field: 'bundle', name: 'goi.zip', bytes: Buffer.from('not a zip at all') })));
    expect(notAZip.status).toBe(400);
    const notAZipText = await notAZip.text();
    expect(notAZipText).toContain('READINESS.RUN_BUNDLE');
    expect(notAZipText).toContain('gói bằng chứng không kiểm tra được');
    expect(notAZipText).not.toContain('does not verify');
    expect(p.store.db.prepare('SELECT COUNT(*) AS n FROM readiness_evidence').get()).toEqual({ n: 1 });

    // withdrawn: kept with who and when, no longer evidence
    expect((await p.request('/san-sang/52001/tai-lieu/1/rut', post(f1, '', ORIGIN, FORM))).headers.get('location')).toBe('/san-sang/52001?ok=withdrawn');
    expect(p.store.db.prepare('SELECT withdrawn_by FROM readiness_evidence WHERE id = 1').get()).toEqual({ withdrawn_by: '52001_BV' });
  });

  it('only the Department decides; approving too early names what is missing; a refusal is signed and downloadable', async () => {
    const p = await portal();
    const f1 = await cookieOf(p, '52001_BV');
    const byFacility = await p.request('/san-sang/52001/quyet-dinh', post(f1, urlencoded({ verdict: 'approved' }), ORIGIN, FORM));
    expect(byFacility.status).toBe(403);
    expect(await byFacility.text()).toContain('Quyết định là việc của Sở Y tế');
    const department = await cookieOf(p, 'SYT_52');
    const early = await p.request('/san-sang/52001/quyet-dinh', post(department, urlencoded({ verdict: 'approved' }), ORIGIN, FORM));
    expect(early.status).toBe(409);
    const text = await early.text();
    expect(text).toContain('Chưa thể phê duyệt, còn thiếu');
    expect(text).toContain('READINESS.NOT_READY');
    expect(p.store.db.prepare('SELECT COUNT(*) AS n FROM readiness_decisions').get()).toEqual({ n: 0 });

    const refused = await p.request('/san-sang/52001/quyet-dinh', post(department, urlencoded({ verdict: 'refused', note: 'Chưa có lượt chứng nhận đạt' }), ORIGIN, FORM));
    expect(refused.status).toBe(303);
    const page = await (await p.request('/san-sang/52001?ok=decided', { headers: { cookie: f1 } })).text();
    expect(page).toContain('CHƯA ĐẠT — chưa đủ điều kiện triển khai thí điểm');
    const id = (p.store.db.prepare('SELECT id FROM readiness_decisions').get() as { id: string }).id;
    const pdf = await p.request(`/san-sang/52001/quyet-dinh/${id}.pdf`, { headers: { cookie: f1 } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const board = await (await p.request('/tinh', { headers: { cookie: department } })).text();
    expect(board).toContain('data-readiness="refused"');
  });

  it('a run page streams its progress, refuses a second open run with its code, takes the Department\'s waivers, and hides the unmasked bundle from the Department', async () => {
    const p = await portal();
    const f1 = await cookieOf(p, '52001_BV');
    const run = await startRun(p, f1, '52001');
    const again = await p.request('/chung-nhan', post(f1, urlencoded({ facility: '52001' }), ORIGIN, FORM));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('CERT.RUN_OPEN');

    const events = await p.request(`/chung-nhan/${run}/su-kien`, { headers: { cookie: f1 } });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = events.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/^event: progress\ndata: /);
    const data = JSON.parse(text.split('\n')[1].slice('data: '.length)) as { done: number; total: number; finished: boolean; text: string; scenarios: { id: string; label: string }[] };
    expect(data).toMatchObject({ done: 0, total: 22, finished: false, text: '0/22 kịch bản bắt buộc đạt · 0 hồ sơ đã nhận trong lượt' });
    expect(data.scenarios.find((s) => s.id === 'checkin-xml0')?.label).toBe('Chưa có hồ sơ');

    // a waiver: the Department grants it on the open run; the facility may not; shown on the page
    const department = await cookieOf(p, 'SYT_52');
    const waiver = { ruleId: 'SIG.VALUE', reason: 'Chứng thư mới đang chờ đăng ký', expiresAt: '2026-12-31' };
    const byFacility = await p.request(`/chung-nhan/${run}/mien-tru`, post(f1, urlencoded(waiver), ORIGIN, FORM));
    expect(byFacility.status).toBe(403);
    expect((await p.request(`/chung-nhan/${run}/mien-tru`, post(department, urlencoded(waiver), 'https://evil.example', FORM))).status).toBe(403);
    const short = await p.request(`/chung-nhan/${run}/mien-tru`, post(department, urlencoded({ ...waiver, reason: 'x' }), ORIGIN, FORM));
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('CERT.WAIVER');
    const granted = await p.request(`/chung-nhan/${run}/mien-tru`, post(department, urlencoded(waiver), ORIGIN, FORM));
    expect(granted.headers.get('location')).toBe(`/chung-nhan/${run}?ok=waived#waivers-h`);
    const withWaiver = await (await p.request(`/chung-nhan/${run}`, { headers: { cookie: f1 } })).text();
    expect(withWaiver).toContain('Chứng thư mới đang chờ đăng ký');
    expect(withWaiver).toContain('2026-12-31 23:59:59');

    // no bundle while open; after finishing, the masked one for the Department, the unmasked one for the facility only
    expect((await p.request(`/chung-nhan/${run}/goi-bang-chung.zip`, { headers: { cookie: f1 } })).status).toBe(404);
    expect((await p.request(`/chung-nhan/${run}/ket-thuc`, post(f1, '', ORIGIN, FORM))).headers.get('location')).toBe(`/chung-nhan/${run}?ok=finished`);
    const finished = await (await p.request(`/chung-nhan/${run}?ok=finished`, { headers: { cookie: f1 } })).text();
    expect(finished).toContain('Kết luận: KHÔNG ĐẠT');
    const masked = await p.request(`/chung-nhan/${run}/goi-bang-chung.zip`, { headers: { cookie: department } });
    expect(masked.status).toBe(200);
    expect(masked.headers.get('content-type')).toBe('application/zip');
    expect((await p.request(`/chung-nhan/${run}/goi-bang-chung.zip?unmasked=1`, { headers: { cookie: department } })).status).toBe(404);
    expect((await p.request(`/chung-nhan/${run}/goi-bang-chung.zip?unmasked=1`, { headers: { cookie: f1 } })).status).toBe(200);

    // the verification page: the real bundle is valid, a text file is not a bundle
    const zip = new Uint8Array(await masked.arrayBuffer());
    const valid = await (await p.request('/kiem-tra-goi', post(department, upload({}, { field: 'bundle', name: 'goi.zip', bytes: zip })))).text();
    expect(valid).toContain('HỢP LỆ — gói nguyên vẹn và do phòng lab này ký');
    const invalid = await (await p.request('/kiem-tra-goi', post(department, upload({}, { field: 'bundle', name: 'x.zip', bytes: Buffer.from('không phải zip') })))).text();
    expect(invalid).toContain('KHÔNG HỢP LỆ');
    expect(invalid).toMatch(/data-check="zip"[^]*?Không đạt/);
    // each check's details in the page's language: Vietnamese by default, English when the reader switched
    expect(valid).toMatch(/data-check="signature"[^]*?<li>chữ ký trên manifest\.json: hợp lệ; bên ký: /);
    expect(valid).toMatch(/data-check="files"[^]*?<li>(\d+)\/\1 tệp khớp SHA-256 và kích thước ghi trong manifest\.json<\/li>/);
    expect(valid).not.toContain('signature of manifest.json');
    expect(invalid).toMatch(/data-check="zip"[^]*?<li>không phải tệp zip đọc được \(bị cắt cụt hoặc hỏng\)/);
    expect(invalid).not.toContain('not a readable zip');
    const english = `${department}; sskdt_lang=en`;
    const validEn = await (await p.request('/kiem-tra-goi', post(english, upload({}, { field: 'bundle', name: 'goi.zip', bytes: zip })))).text();
    expect(validEn).toContain('VALID — the bundle is intact and signed by this lab');
    expect(validEn).toMatch(/data-check="signature"[^]*?<li>signature of manifest\.json: valid, by /);
    expect(validEn).toMatch(/data-check="files"[^]*?<li>(\d+) of \1 files match their SHA-256 and size in manifest\.json<\/li>/);
    expect(validEn).not.toContain('chữ ký trên manifest.json');
    const invalidEn = await (await p.request('/kiem-tra-goi', post(english, upload({}, { field: 'bundle', name: 'x.zip', bytes: Buffer.from('không phải zip') })))).text();
    expect(invalidEn).toMatch(/data-check="zip"[^]*?<li>not a readable zip \(truncated or damaged\)/);
    expect(invalidEn).not.toContain('không phải tệp zip đọc được');
  });
});
