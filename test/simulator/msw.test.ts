import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Imported through the package subpath vendors use (package.json exports "./msw").
import { createPortalHandlers, createPortalMock } from 'sskdt-lab/msw';
import { MD5_UPPER, envelope, submitFields } from './helpers.ts';

const BASE = 'https://egw.baohiemxahoi.gov.vn';
const mock = createPortalMock({ baseUrl: BASE });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  mock.close();
});

describe('sskdt-lab/msw', () => {
  it('a HIS-like client takes a token and submits through fetch, and the mock stores it', async () => {
    const tokenRes = await fetch(`${BASE}/api/token/take`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: '52001_BV', password: MD5_UPPER }) });
    const token = (await tokenRes.json()) as { maKetQua: string; APIKey: { access_token: string; id_token: string } };
    expect(token.maKetQua).toBe('200');
    const res = await fetch(`${BASE}/api/qd130/guiHoSoXmlQD4750`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash: MD5_UPPER },
      body: JSON.stringify(submitFields(envelope())),
    });
    const body = (await res.json()) as { maKetQua: string; maGiaoDich: string; thongDiep: string };
    expect(body).toMatchObject({ maKetQua: '200', thongDiep: 'Tiếp nhận thành công' });
    expect((await mock.store.getSubmission(body.maGiaoDich))!.fileBytes!.toString('utf8')).toBe(envelope());
    await mock.whenIdle();
    const k = (await (await fetch(`${BASE}/api/sim/ketqua/${body.maGiaoDich}`, { headers: { accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash: MD5_UPPER } })).json()) as { check: { status: string } };
    expect(k.check.status).toBe('done');
  });

  it('answers HTTP 401 with an empty body for a bad token, as the portal does', async () => {
    const res = await fetch(`${BASE}/api/qd130/guiHoSoXmlQD3176`, { method: 'POST', headers: { accessToken: 'bad', tokenId: 'bad', passwordHash: MD5_UPPER }, body: new URLSearchParams(submitFields(envelope())) });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
  });

  it('createPortalHandlers works with a base URL that has a path prefix and custom settings', async () => {
    server.use(...createPortalHandlers({ baseUrl: 'http://his-test.local/bhxh', config: { authFailure: 'json401' } }));
    try {
      const res = await fetch('http://his-test.local/bhxh/api/qd130/guiHoSoXmlQD4750', { method: 'POST', body: new URLSearchParams(submitFields(envelope())) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { maKetQua: string }).maKetQua).toBe('401');
    } finally {
      server.resetHandlers();
    }
  });
});
