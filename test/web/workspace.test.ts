/**
 * The web workspace over HTTP (no browser): session cookie flags, CSRF refusal, secure headers, sign-in
 * back-off, role and facility isolation (404, never 403), escaping of values that came from a file, and
 * /doc negotiation (JSON for API clients, the viewer for browsers).
 */
import { describe, expect, it } from 'vitest';
import { getLayout } from '../../conformance/catalogue/catalogue.ts';
import { buildEnvelope, serializeTable } from '../../generators/serialize.ts';
import { authHeaders, envelope, form, json, makePortal, MD5_UPPER, submitFields, takeToken, type TestPortal } from '../simulator/helpers.ts';

const ORIGIN = 'http://portal.test';

async function signIn(p: TestPortal, username: string, password = 'sskdt-demo', ip?: string): Promise<Response> {
  return p.request('/dang-nhap', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN }, body: new URLSearchParams({ username, password, next: '/' }).toString() }, ip);
}

async function cookieOf(p: TestPortal, username: string): Promise<string> {
  const res = await signIn(p, username);
  expect(res.status, `sign-in ${username}`).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0];
}

async function submitAs(p: TestPortal, username: string, maCSKCB: string, xml: string): Promise<string> {
  // the helpers' takeToken is 52001_BV's; other accounts take theirs the same way
  const key = username === '52001_BV' ? await takeToken(p) : ((await (await p.request('/api/token/take', form({ username, password: MD5_UPPER }))).json()) as { APIKey: { access_token: string; id_token: string } }).APIKey;
  const res = await p.request('/api/qd130/guiHoSoXmlQD4750', json(submitFields(xml, { username, maCSKCB }), authHeaders(key)));
  const body = (await res.json()) as { maKetQua: string; maGiaoDich: string };
  expect(body.maKetQua).toBe('200');
  return body.maGiaoDich;
}

describe('web workspace over HTTP', () => {
  it('signs in with an HttpOnly, SameSite session cookie and sends secure headers', async () => {
    const p = await makePortal({ results: 'sync' });
    const res = await signIn(p, '52001_BV');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ho-so');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await p.request('/ho-so', { headers: { cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a cross-site form post (CSRF) and a wrong password, then backs off with Retry-After', async () => {
    const p = await makePortal();
    const cross = await p.request('/dang-nhap', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' }, body: 'username=52001_BV&password=sskdt-demo' });
    expect(cross.status).toBe(403);
    for (let i = 0; i < 5; i++) expect((await signIn(p, '52002_BV', 'wrong', '10.9.9.9')).status).toBe(400);
    const blocked = await signIn(p, '52002_BV', 'sskdt-demo', '10.9.9.9');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain('Sai tên đăng nhập hoặc mật khẩu');
    p.clock.now += 61_000;
    expect((await signIn(p, '52002_BV', 'sskdt-demo', '10.9.9.9')).status).toBe(303);
  });

  it("a facility gets 404 for another facility's submission; the Department reads its province", async () => {
    const p = await makePortal({ results: 'sync' });
    const own = await submitAs(p, '52001_BV', '52001', envelope());
    const other = await submitAs(p, '52002_BV', '52002', envelope({ MACSKCB: '52002' }).replace(/<MA_CSKCB>52001</g, '<MA_CSKCB>52002<'));
    const facility = await cookieOf(p, '52001_BV');
    expect((await p.request(`/ho-so/${own}`, { headers: { cookie: facility } })).status).toBe(200);
    for (const path of [`/ho-so/${other}`, `/ho-so/${other}/tep.xml`, `/ho-so/${other}/bao-cao.json`, `/so-suc-khoe/${other}`, `/ho-so/${other}/su-kien`]) {
      expect((await p.request(path, { headers: { cookie: facility } })).status, path).toBe(404);
    }
    const list = await (await p.request('/ho-so', { headers: { cookie: facility } })).text();
    expect(list).toContain(own);
    expect(list).not.toContain(other);

    const department = await cookieOf(p, 'SYT_52');
    const all = await (await p.request('/ho-so', { headers: { cookie: department } })).text();
    expect(all).toContain(own);
    expect(all).toContain(other);
    expect((await p.request(`/ho-so/${other}`, { headers: { cookie: department } })).status).toBe(200);

    const board = await (await p.request('/tinh', { headers: { cookie: department } })).text();
    expect(board).toContain('52002');
    expect((await p.request('/tinh', { headers: { cookie: facility } })).status).toBe(404);

    const trainer = await cookieOf(p, 'TRAINER_52');
    expect((await p.request(`/ho-so/${own}`, { headers: { cookie: trainer } })).status).toBe(404);
    expect((await p.request('/tinh', { headers: { cookie: trainer } })).status).toBe(404);
    // signed out: sent to sign-in
    const anonymous = await p.request(`/ho-so/${own}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/dang-nhap\?next=/);
  });

  it('escapes values that came from the file', async () => {
    const p = await makePortal({ results: 'sync' });
    const spec = getLayout('4750').tables.get('XML1')!;
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const table = serializeTable(spec, [{ MA_LK: 'LK0001', STT: '1', MA_BN: 'BN0001', HO_TEN: hostile, SO_CCCD: '052080001234', NGAY_SINH: '198003150000', GIOI_TINH: '1', MA_THE_BHYT: 'DN4520000000001', MA_CSKCB: '52001', NGAY_VAO: '202603190800', NGAY_RA: '202603191000' }], { cdataFields: new Set(['HO_TEN']) });
    const id = await submitAs(p, '52001_BV', '52001', buildEnvelope({ MACSKCB: '52001', NGAYLAP: '20260319', hoso: [{ files: [{ loaiHoSo: 'XML1', content: table }] }] }));
    const cookie = await cookieOf(p, '52001_BV');
    for (const path of [`/ho-so/${id}?xml=0:XML1`, `/so-suc-khoe/${id}`]) {
      const html = await (await p.request(path, { headers: { cookie } })).text();
      // booleans, so a failure does not print the whole page
      expect(html.includes('<img src=x'), `${path} has raw markup from the file`).toBe(false);
      expect(html.includes('<script>alert'), `${path} has a raw script from the file`).toBe(false);
      expect(html.includes('&lt;img src=x'), `${path} shows the value as text`).toBe(true);
    }
  });

  it('/doc answers JSON to API clients and the viewer to browsers', async () => {
    const p = await makePortal();
    const api = await p.request('/doc');
    expect(api.headers.get('content-type')).toMatch(/json/);
    const browser = await p.request('/doc', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(browser.headers.get('content-type')).toMatch(/html/);
    expect(await browser.text()).toContain('/api/qd130/guiHoSoXmlQD3176');
    expect((await p.request('/doc/openapi.json')).headers.get('content-type')).toMatch(/json/);
  });

  it('the playground is for trainers; its posts need the same origin', async () => {
    const p = await makePortal();
    const trainer = await cookieOf(p, 'TRAINER_52');
    expect((await p.request('/thuc-hanh', { headers: { cookie: trainer } })).status).toBe(200);
    const cross = await p.request('/thuc-hanh', { method: 'POST', headers: { cookie: trainer, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' }, body: 'source=scenario&scenario=kham-bhyt' });
    expect(cross.status).toBe(403);
    const pasted = await p.request('/thuc-hanh', {
      method: 'POST',
      headers: { cookie: trainer, 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
      body: new URLSearchParams({ source: 'paste', xml: '<GIAMDINHHS><oops', endpoint: 'guiHoSoXmlQD3176', facility: '52001' }).toString(),
    });
    const text = await pasted.text();
    expect(text).toContain('Cổng từ chối tệp');
    expect(text).not.toContain('<oops');
    expect((await p.store.countSubmissions()).total).toBe(0);
  });
});
