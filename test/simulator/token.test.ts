import { describe, expect, it, vi } from 'vitest';
import { DEMO, MD5_LOWER, MD5_UPPER, authHeaders, envelope, form, json, makePortal, submitFields, takeToken } from './helpers.ts';

const take = (p: Awaited<ReturnType<typeof makePortal>>, init: RequestInit, ip?: string) => p.request('/api/token/take', init, ip).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any>, headers: r.headers }));

describe('POST /api/token/take', () => {
  it('answers 200 with APIKey for a form body (upper-case MD5, as in the guide)', async () => {
    const p = await makePortal();
    const { status, body } = await take(p, form({ username: DEMO.username, password: MD5_UPPER }));
    expect(status).toBe(200);
    expect(body.maKetQua).toBe('200');
    expect(Object.keys(body.APIKey).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'token_type', 'username']);
    expect(body.APIKey.username).toBe('52001_BV');
    // expires_in is an absolute UTC time consistent with the 10-minute default TTL
    expect(Date.parse(body.APIKey.expires_in) - p.clock.now).toBe(600_000);
  });

  it('accepts a JSON body with PascalCase keys and ignores unknown keys', async () => {
    const p = await makePortal();
    const { body } = await take(p, json({ Username: DEMO.username, Password: MD5_UPPER, chukydonvi: '' }));
    expect(body.maKetQua).toBe('200');
  });

  it('accepts a lower-case MD5 by default and refuses it in strict mode', async () => {
    expect((await take(await makePortal(), form({ username: DEMO.username, password: MD5_LOWER }))).body.maKetQua).toBe('200');
    const strict = await take(await makePortal({ md5StrictCase: true, debug: true }), form({ username: DEMO.username, password: MD5_LOWER }));
    expect(strict.body.maKetQua).toBe('401');
    expect(strict.body.APIKey).toBeUndefined();
    expect(decodeURIComponent(strict.headers.get('x-sskdt-detail')!)).toMatch(/viết hoa/);
  });

  it('answers 401 for an unknown account and for a wrong password, HTTP 200 without APIKey', async () => {
    const p = await makePortal();
    const unknown = await take(p, form({ username: '99999_BV', password: MD5_UPPER }));
    // the documented result code, plus a short Vietnamese reason a HIS can log (the same for both: no account probing)
    expect([unknown.status, unknown.body]).toEqual([200, { maKetQua: '401', thongDiep: 'Sai tên đăng nhập hoặc mật khẩu' }]);
    const wrong = await take(p, form({ username: DEMO.username, password: 'A'.repeat(32) }));
    expect(wrong.body).toEqual({ maKetQua: '401', thongDiep: 'Sai tên đăng nhập hoặc mật khẩu' });
  });

  it('answers 402 when the facility code sent does not match the account', async () => {
    const { body } = await take(await makePortal(), form({ username: DEMO.username, password: MD5_UPPER, maCSKCB: '52002' }));
    expect(body).toEqual({ maKetQua: '402', thongDiep: 'Mã cơ sở KCB không đúng với tài khoản: 52002' });
  });

  it('answers 403 for the locked demo account', async () => {
    const { body } = await take(await makePortal(), form({ username: '52015_BV', password: MD5_UPPER }));
    expect(body).toEqual({ maKetQua: '403', thongDiep: 'Tài khoản đã bị khóa' });
  });

  it('answers 500 when the store fails', async () => {
    const p = await makePortal();
    vi.spyOn(p.store, 'getAccount').mockImplementation(() => {
      throw new Error('disk gone');
    });
    const { body } = await take(p, form({ username: DEMO.username, password: MD5_UPPER }));
    // the reason, not the internal error text
    expect(body).toEqual({ maKetQua: '500', thongDiep: 'Lỗi hệ thống, vui lòng thử lại sau' });
  });
});

describe('token lifetime and binding', () => {
  const submit = (p: Awaited<ReturnType<typeof makePortal>>, key: { access_token: string; id_token: string }, ip?: string) =>
    p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key) } }, ip);

  it('expires after the TTL (clock injected, no sleeping)', async () => {
    const p = await makePortal({ tokenTtlSeconds: 60 });
    const key = await takeToken(p);
    p.clock.now += 59_000;
    expect((await submit(p, key)).status).toBe(200);
    p.clock.now += 1_000;
    const expired = await submit(p, key);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe('');
  });

  it('with IP binding on, refuses the token from another IP', async () => {
    const p = await makePortal({ tokenIpBinding: true });
    const key = await takeToken(p, MD5_UPPER, '192.0.2.10');
    expect((await submit(p, key, '192.0.2.10')).status).toBe(200);
    expect((await submit(p, key, '192.0.2.99')).status).toBe(401);
  });

  it('without IP binding (default), accepts the token from another IP', async () => {
    const p = await makePortal();
    const key = await takeToken(p, MD5_UPPER, '192.0.2.10');
    expect((await submit(p, key, '192.0.2.99')).status).toBe(200);
  });

  it('refuses a forged access token and a wrong passwordHash header', async () => {
    const p = await makePortal();
    const key = await takeToken(p);
    expect((await submit(p, { ...key, access_token: key.access_token.replace(/^./, (c) => (c === '0' ? '1' : '0')) })).status).toBe(401);
    const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key, 'B'.repeat(32)) } });
    expect(res.status).toBe(401);
  });
});
