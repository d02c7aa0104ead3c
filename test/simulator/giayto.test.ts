import { describe, expect, it } from 'vitest';
import { DEMO, MD5_UPPER, b64, json, makePortal, takeToken } from './helpers.ts';

type P = Awaited<ReturnType<typeof makePortal>>;
const GBT = '<?xml version="1.0" encoding="utf-8"?>\n<HSDLGBT><MA_CSKCB>52001</MA_CSKCB><CHUKYDONVI/></HSDLGBT>';
const GCS = '<?xml version="1.0" encoding="utf-8"?>\n<HSDLGCS><MA_CSKCB>52001</MA_CSKCB><CHUKYDONVI/></HSDLGCS>';

async function send(p: P, fields: Record<string, string>, encoding: 'form' | 'json' = 'form', withAuth = true) {
  const key = await takeToken(p);
  const all = { ...(withAuth ? { token: key.access_token, id_token: key.id_token, username: DEMO.username, password: MD5_UPPER } : {}), maCskcb: DEMO.maCSKCB, ...fields };
  const init = encoding === 'form' ? { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(all).toString() } : json(all);
  const res = await p.request('/api/hososuckhoe/guiGiayToDienTu', init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, string>) : null, detail: decodeURIComponent(res.headers.get('x-sskdt-detail') ?? '') };
}

describe('POST /api/hososuckhoe/guiGiayToDienTu', () => {
  it('accepts a death notice (60) with a PascalCase answer and stores it', async () => {
    const p = await makePortal();
    const { body } = await send(p, { loaiHs: '60', fileBase64Str: b64(GBT) });
    expect(Object.keys(body!)).toEqual(['MaKetQua', 'MaGD', 'ThoiGianTiepNhan']);
    expect(body).toMatchObject({ MaKetQua: '200', ThoiGianTiepNhan: '20260319103245' });
    const stored = (await p.store.getSubmission(body!.MaGD))!;
    expect(stored.endpoint).toBe('guiGiayToDienTu');
    expect(stored.fileBytes!.toString()).toBe(GBT);
  });

  it('accepts a birth certificate (61) as JSON', async () => {
    expect((await send(await makePortal(), { loaiHs: '61', fileBase64Str: b64(GCS) }, 'json')).body!.MaKetQua).toBe('200');
  });

  it('205: wrong root for loaiHs, unknown loaiHs, bad base64, not XML (reason in X-Sskdt-Detail with SSKDT_DEBUG)', async () => {
    const p = await makePortal({ debug: true });
    const wrongRoot = await send(p, { loaiHs: '61', fileBase64Str: b64(GBT) });
    expect(wrongRoot.body!.MaKetQua).toBe('205');
    expect(wrongRoot.detail).toMatch(/HSDLGCS/);
    expect((await send(p, { loaiHs: '39', fileBase64Str: b64(GBT) })).body!.MaKetQua).toBe('205');
    expect((await send(p, { loaiHs: '60', fileBase64Str: '@@@' })).body!.MaKetQua).toBe('205');
    const notXml = await send(p, { loaiHs: '60', fileBase64Str: b64('<HSDLGBT>\n<A></B>') });
    expect(notXml.body!.MaKetQua).toBe('205');
    expect(notXml.detail).toMatch(/dòng 2/);
  });

  it('without SSKDT_DEBUG: no X-Sskdt-Detail; the reason of a stored refusal is read with its MaGD', async () => {
    const p = await makePortal();
    const wrongRoot = await send(p, { loaiHs: '61', fileBase64Str: b64(GBT) });
    expect(wrongRoot.body!.MaKetQua).toBe('205');
    expect(wrongRoot.detail).toBe('');
    expect(JSON.stringify((await p.store.getSubmission(wrongRoot.body!.MaGD))!.envelopeResult)).toMatch(/HSDLGCS/);
  });

  it('1001 over the size limit', async () => {
    const { body } = await send(await makePortal({ maxFileBytes: 50 }), { loaiHs: '60', fileBase64Str: b64(GBT) });
    expect(body!.MaKetQua).toBe('1001');
  });

  it('401 without a valid token (empty body by default, JSON with json401)', async () => {
    expect((await send(await makePortal(), { loaiHs: '60', fileBase64Str: b64(GBT) }, 'form', false)).status).toBe(401);
    const { status, body } = await send(await makePortal({ authFailure: 'json401' }), { loaiHs: '60', fileBase64Str: b64(GBT) }, 'form', false);
    expect(status).toBe(200);
    expect(body!.MaKetQua).toBe('401');
  });

  it('refuses a maCskcb of another facility', async () => {
    const { body } = await send(await makePortal(), { loaiHs: '60', fileBase64Str: b64(GBT), maCskcb: '52002' });
    expect(body).toMatchObject({ MaKetQua: '403', MaGD: '' });
  });
});
