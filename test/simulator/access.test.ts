/**
 * Isolation of the simulator-only reads (issue 11): every /api/sim route needs credentials and answers only
 * for the caller's facility (or a reviewer's province); another facility's token gets the same 404 as a
 * missing record. Plus the sign-in back-off and the per-account lookup budget.
 */
import { describe, expect, it } from 'vitest';
import { canRead, RateLimiter, SignInBackoff, type Principal } from '../../simulator/access.ts';
import { ROUTES } from '../../simulator/schemas.ts';
import { authHeaders, DEMO, envelope, form, headersFor, makePortal, md5, MD5_UPPER, submitFields, takeToken, type TestPortal } from './helpers.ts';

async function submitAsOwner(p: TestPortal): Promise<string> {
  const key = await takeToken(p);
  const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key) } });
  const body = (await res.json()) as { maKetQua: string; maGiaoDich: string };
  expect(body.maKetQua).toBe('200');
  await p.scheduler.whenIdle();
  return body.maGiaoDich;
}

/** Every simulator-only GET route of the OpenAPI table, with its path parameters filled in. */
function simRoutes(maGiaoDich: string): string[] {
  return ROUTES.filter((r) => r.method === 'get' && r.path.startsWith('/api/sim/')).map((r) => r.path.replace(/\{[^}]+\}/g, maGiaoDich));
}

describe('canRead: the one access check', () => {
  const facility: Principal = { role: 'facility', maCSKCB: '52001', username: '52001_BV' };
  const reviewer: Principal = { role: 'reviewer', maTinh: '52', username: 'SYT_52' };
  const trainer: Principal = { role: 'trainer', username: 'TRAINER_52' };
  it('a facility reads its own records, a reviewer its province, a trainer and an anonymous caller nothing', () => {
    expect(canRead(facility, { maCSKCB: '52001' })).toBe(true);
    expect(canRead(facility, { maCSKCB: '52002' })).toBe(false);
    expect(canRead(reviewer, { maCSKCB: '52002' })).toBe(true);
    expect(canRead(reviewer, { maCSKCB: '79001' })).toBe(false);
    expect(canRead(reviewer, { maCSKCB: '79001', maTinh: '52' })).toBe(true);
    expect(canRead(trainer, { maCSKCB: '52001' })).toBe(false);
    expect(canRead(undefined, { maCSKCB: '52001' })).toBe(false);
    expect(canRead(facility, { maCSKCB: '' })).toBe(false);
  });
});

describe('/api/sim/* × credentials', () => {
  it('every simulator-only route refuses an anonymous caller (401) and a bad token (401)', async () => {
    const p = await makePortal();
    const id = await submitAsOwner(p);
    const routes = simRoutes(id);
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const path of routes) {
      const anonymous = await p.request(path);
      expect(anonymous.status, path).toBe(401);
      expect(JSON.stringify(await anonymous.json())).not.toMatch(/NGUYỄN|052080001234/);
      const bad = await p.request(path, { headers: { accessToken: 'x', tokenId: 'y', passwordHash: MD5_UPPER } });
      expect(bad.status, path).toBe(401);
    }
  });

  it("another facility's token gets 404 on every route that reads a record, the same answer as for a missing one", async () => {
    const p = await makePortal();
    const id = await submitAsOwner(p);
    const own = { headers: await headersFor(p, DEMO.username) };
    const other = { headers: await headersFor(p, '52002_BV') };
    const paths = [`/api/sim/ketqua/${id}`, `/api/sim/ketqua/${id}?file=1`, `/api/sim/so-suc-khoe/${id}`, '/api/sim/so-suc-khoe/052080001234', '/api/sim/so-suc-khoe/DN4520000000001'];
    // routes keyed by a submission; facility-keyed ones (/api/sim/readiness/{maCSKCB}/…, /api/sim/catalogue/{maCSKCB},
    // /api/sim/faults/{maCSKCB}) have their own isolation tests (readiness, catalogues, faults .test.ts)
    const facilityKeyed = ['/api/sim/readiness/', '/api/sim/catalogue/', '/api/sim/faults/'];
    for (const route of simRoutes(id)) if (route.includes(id) && !facilityKeyed.some((k) => route.startsWith(k)) && !paths.includes(route)) paths.push(route);
    for (const path of paths) {
      expect((await p.request(path, own)).status, path).toBe(200);
      const res = await p.request(path, other);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      expect(text, path).not.toMatch(/NGUYỄN|base64|52001_BV|sha256/);
      // indistinguishable from a record that does not exist (apart from the id echoed back)
      const missing = await p.request(path.replace(id, '0000009999ABCDEF').replace('052080001234', '052099999999').replace('DN4520000000001', 'DN4520000009999'), other);
      expect(missing.status, path).toBe(404);
      expect(Object.keys(JSON.parse(text)).sort(), path).toEqual(Object.keys((await missing.json()) as object).sort());
    }
  });

  it('counts: a facility sees its own, the reviewer its province, the trainer everything (no personal data)', async () => {
    const p = await makePortal();
    await submitAsOwner(p);
    const total = async (username: string) => ((await (await p.request('/api/sim/stats', { headers: await headersFor(p, username) })).json()) as { total: number }).total;
    expect(await total(DEMO.username)).toBe(1);
    expect(await total('52002_BV')).toBe(0);
    expect(await total('SYT_52')).toBe(1);
    expect(await total('TRAINER_52')).toBe(1);
  });

  it('the reviewer SYT_52 reads the facilities of province 52 but not another province; the trainer reads no record', async () => {
    const p = await makePortal();
    const id = await submitAsOwner(p);
    await p.store.addAccount({ username: 'SYT_79', role: 'reviewer', maTinh: '79', password: 'sskdt-demo' });
    const reviewer = { headers: await headersFor(p, 'SYT_52') };
    const k = (await (await p.request(`/api/sim/ketqua/${id}`, reviewer)).json()) as { maCSKCB: string };
    expect(k.maCSKCB).toBe('52001');
    const book = (await (await p.request('/api/sim/so-suc-khoe/052080001234', reviewer)).json()) as { entries: unknown[] };
    expect(book.entries).toHaveLength(1);
    for (const username of ['SYT_79', 'TRAINER_52']) {
      const h = { headers: await headersFor(p, username) };
      expect((await p.request(`/api/sim/ketqua/${id}`, h)).status).toBe(404);
      expect((await p.request('/api/sim/so-suc-khoe/052080001234', h)).status).toBe(404);
    }
  });

  it("reviewer and trainer tokens are not a facility's: submissions and card lookups refuse them like a bad token", async () => {
    const p = await makePortal();
    for (const username of ['SYT_52', 'TRAINER_52']) {
      const headers = await headersFor(p, username);
      const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form({ ...submitFields(envelope()), username }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
      expect(res.status).toBe(401);
      expect((await p.store.countSubmissions()).total).toBe(0);
    }
  });
});

describe('lookups by personal ID or card number are rate limited per account', () => {
  it('the health-book lookup answers 429 with Retry-After once the budget is spent, per account', async () => {
    const p = await makePortal({ lookupsPerMinute: 3 });
    await submitAsOwner(p);
    const own = { headers: await headersFor(p, DEMO.username) };
    for (let i = 0; i < 3; i++) expect((await p.request(`/api/sim/so-suc-khoe/05208000123${i}`, own)).status).toBe(404);
    const limited = await p.request('/api/sim/so-suc-khoe/052080001234', own);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // another account has its own budget
    expect((await p.request('/api/sim/so-suc-khoe/052080001234', { headers: await headersFor(p, 'SYT_52') })).status).toBe(200);
    p.clock.now += 60_000;
    expect((await p.request('/api/sim/so-suc-khoe/052080001234', own)).status).toBe(200);
  });

  it('the card lookup answers HTTP 429 with Retry-After once the budget is spent', async () => {
    const p = await makePortal({ cardLookupsPerMinute: 2 });
    const key = await takeToken(p);
    const q = new URLSearchParams({ token: key.access_token, id_token: key.id_token, username: DEMO.username, password: MD5_UPPER });
    const lookup = () => p.request(`/api/egw/KQNhanLichSuKCB2024?${q}`, form({ maThe: 'DN4520000000001', hoTen: 'NGUYỄN VĂN AN', ngaySinh: '15/03/1980', hoTenCb: 'CB', cccdCb: '052080001111' }));
    expect((await lookup()).status).toBe(200);
    expect((await lookup()).status).toBe(200);
    const limited = await lookup();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });

  it('RateLimiter refills continuously', async () => {
    const r = new RateLimiter(60);
    for (let i = 0; i < 60; i++) expect(await r.take('a', 0)).toBe(0);
    expect(await r.take('a', 0)).toBe(1000);
    expect(await r.take('a', 1000)).toBe(0);
    expect(await r.take('b', 0)).toBe(0);
  });
});

describe('sign-in back-off (token/take)', () => {
  const take = (p: TestPortal, username: string, password: string, ip?: string) => p.request('/api/token/take', form({ username, password: md5(password).toUpperCase() }), ip);

  it('after 5 wrong passwords the right one is answered like a wrong one, with Retry-After, until the hold-back ends; then it doubles', async () => {
    const p = await makePortal();
    for (let i = 0; i < 5; i++) expect(((await (await take(p, DEMO.username, `guess${i}`)).json()) as { maKetQua: string }).maKetQua).toBe('401');
    const held = await take(p, DEMO.username, DEMO.password);
    expect(((await held.json()) as { maKetQua: string }).maKetQua).toBe('401');
    expect(held.headers.get('retry-after')).toBe('60');
    p.clock.now += 60_000;
    expect(((await (await take(p, DEMO.username, 'guess5')).json()) as { maKetQua: string }).maKetQua).toBe('401');
    expect((await take(p, DEMO.username, DEMO.password)).headers.get('retry-after')).toBe('120');
    p.clock.now += 120_000;
    const ok = (await (await take(p, DEMO.username, DEMO.password)).json()) as { maKetQua: string };
    expect(ok.maKetQua).toBe('200');
    // success clears the username's count
    expect(((await (await take(p, DEMO.username, 'guess6')).json()) as { maKetQua: string }).maKetQua).toBe('401');
    expect(((await (await take(p, DEMO.username, DEMO.password)).json()) as { maKetQua: string }).maKetQua).toBe('200');
  });

  it('made-up usernames count too, and one address guessing many usernames is held back for all of them', async () => {
    const p = await makePortal({ signInFailuresPerAddress: 4 });
    for (let i = 0; i < 4; i++) await take(p, `nobody${i}`, 'x', '203.0.113.9');
    const held = await take(p, '52002_BV', DEMO.password, '203.0.113.9');
    expect(((await held.json()) as { maKetQua: string }).maKetQua).toBe('401');
    expect(held.headers.get('retry-after')).toBe('60');
    // another address is not affected
    expect(((await (await take(p, '52002_BV', DEMO.password, '198.51.100.7')).json()) as { maKetQua: string }).maKetQua).toBe('200');
  });

  it('SignInBackoff forgets old failures and keeps a bounded number of keys', async () => {
    const b = new SignInBackoff({ failuresPerUsername: 2, failuresPerAddress: 0, baseMs: 1000, maxMs: 4000, maxKeys: 10 });
    await b.recordFailure('u', 'ip', 0);
    await b.recordFailure('u', 'ip', 0);
    expect(await b.heldBackFor('u', 'ip', 500)).toBe(500);
    expect(await b.heldBackFor('U', 'other', 500)).toBe(500);
    expect(await b.heldBackFor('u', 'ip', 1000)).toBe(0);
    await b.recordFailure('u', 'ip', 100_000); // long after: counting starts again
    expect(await b.heldBackFor('u', 'ip', 100_000)).toBe(0);
    for (let i = 0; i < 1000; i++) await b.recordFailure(`x${i}`, `a${i}`, 200_000);
    expect((b as unknown as { records: Map<string, unknown> }).records.size).toBeLessThanOrEqual(10);
  });
});
