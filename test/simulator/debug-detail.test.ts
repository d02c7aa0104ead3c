/**
 * SSKDT_DEBUG: X-Sskdt-Detail and any reason beyond the documented result code only when it is on; a sign-in
 * answer never tells "no such account" from "wrong password" (nor, through 402/403, that an account exists)
 * without it.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEMO, MD5_UPPER, envelope, form, makePortal, submitFields } from './helpers.ts';

type P = Awaited<ReturnType<typeof makePortal>>;
const take = async (p: P, fields: Record<string, string>) => {
  const res = await p.request('/api/token/take', form(fields));
  return { status: res.status, body: await res.text(), detail: res.headers.get('x-sskdt-detail') };
};
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('sign-in answers without SSKDT_DEBUG (default)', () => {
  it('an unknown account, a wrong password, a locked account and a wrong facility with a wrong password answer byte for byte alike, without X-Sskdt-Detail', async () => {
    const p = await makePortal();
    const wrongPw = 'B'.repeat(32);
    const answers = [
      await take(p, { username: '99999_BV', password: MD5_UPPER }),
      await take(p, { username: DEMO.username, password: wrongPw }),
      // the locked demo account and a claimed facility are only revealed to a caller who knows the password
      await take(p, { username: '52015_BV', password: wrongPw }),
      await take(p, { username: '52002_BV', password: wrongPw, maCSKCB: '52001' }),
    ];
    for (const a of answers) expect(a).toEqual({ status: 200, body: JSON.stringify({ maKetQua: '401', thongDiep: 'Sai tên đăng nhập hoặc mật khẩu' }), detail: null });
  });

  it('402 and 403 stay (documented codes) for a caller who knows the password', async () => {
    const p = await makePortal();
    expect(JSON.parse((await take(p, { username: '52015_BV', password: MD5_UPPER })).body).maKetQua).toBe('403');
    expect(JSON.parse((await take(p, { username: DEMO.username, password: MD5_UPPER, maCSKCB: '52002' })).body).maKetQua).toBe('402');
  });

  it('a refused submission token (json401) names no reason; a store failure names no internal error', async () => {
    const p = await makePortal({ authFailure: 'json401' });
    const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { ...FORM, accessToken: 'x', tokenId: 'y', passwordHash: MD5_UPPER } });
    expect(res.headers.get('x-sskdt-detail')).toBeNull();
    expect(((await res.json()) as { thongDiep: string }).thongDiep).toBe('Lỗi xác thực tài khoản');

    const q = await makePortal();
    vi.spyOn(q.store, 'getAccount').mockImplementation(() => {
      throw new Error('SQLITE_IOERR at /var/lib/secret-path');
    });
    const broken = await take(q, { username: DEMO.username, password: MD5_UPPER });
    expect(broken.body).not.toMatch(/SQLITE|secret-path/);
    expect(broken.detail).toBeNull();
  });

  it('a 205 keeps its documented reason in thongDiep but sends no header', async () => {
    const p = await makePortal();
    const key = JSON.parse((await take(p, { username: DEMO.username, password: MD5_UPPER })).body).APIKey;
    const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope({ MACSKCB: '52002' }))), headers: { ...FORM, accessToken: key.access_token, tokenId: key.id_token, passwordHash: MD5_UPPER } });
    const body = (await res.json()) as { maKetQua: string; thongDiep: string };
    expect(body.maKetQua).toBe('205');
    expect(body.thongDiep).toMatch(/52002/);
    expect(res.headers.get('x-sskdt-detail')).toBeNull();
  });
});

describe('with SSKDT_DEBUG=on', () => {
  it('X-Sskdt-Detail tells the reasons apart (for a vendor debugging its own client)', async () => {
    const p = await makePortal({ debug: true });
    const unknown = await take(p, { username: '99999_BV', password: MD5_UPPER });
    const wrong = await take(p, { username: DEMO.username, password: 'B'.repeat(32) });
    // the body is still the same for both: only the debug header differs
    expect(unknown.body).toBe(wrong.body);
    expect(decodeURIComponent(unknown.detail!)).toBe('Tài khoản không tồn tại');
    expect(decodeURIComponent(wrong.detail!)).toBe('Sai mật khẩu');
  });

  it('a refused token names its reason; a system error names the error', async () => {
    const p = await makePortal({ authFailure: 'json401', debug: true });
    const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { ...FORM, accessToken: 'x', tokenId: 'y', passwordHash: MD5_UPPER } });
    expect(res.headers.get('x-sskdt-detail')).not.toBeNull();
    expect(((await res.json()) as { thongDiep: string }).thongDiep).toMatch(/^Lỗi xác thực tài khoản: .+/);

    const q = await makePortal({ debug: true });
    vi.spyOn(q.store, 'getAccount').mockImplementation(() => {
      throw new Error('disk gone');
    });
    expect(decodeURIComponent((await take(q, { username: DEMO.username, password: MD5_UPPER })).detail!)).toMatch(/disk gone/);
  });

  it('is read from the environment as SSKDT_DEBUG (default off)', async () => {
    const { loadConfig } = await import('../../simulator/config.ts');
    expect(loadConfig({}).debug).toBe(false);
    expect(loadConfig({ SSKDT_DEBUG: 'on' }).debug).toBe(true);
    expect(() => loadConfig({ SSKDT_DEBUG: 'maybe' })).toThrow(/on\/off/);
  });
});
