import { describe, expect, it } from 'vitest';
import { authHeaders, DEMO, envelope, form, headersFor, makePortal, submitFields, takeToken } from './helpers.ts';

describe('GET /api/sim/so-suc-khoe/:id (simulator-only)', () => {
  it('projects a received package by maGiaoDich, and by personal ID or card number once checked', async () => {
    const p = makePortal();
    const key = await takeToken(p);
    const send = async () =>
      (await (await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key) } })).json()) as { maGiaoDich: string };
    const a = await send();
    p.clock.now += 60_000;
    const b = await send();
    const own = { headers: await headersFor(p, DEMO.username) };
    const byTx = await p.request(`/api/sim/so-suc-khoe/${a.maGiaoDich}`, own);
    expect(byTx.headers.get('x-sskdt-simulator-only')).toBe('true');
    const one = (await byTx.json()) as { entries: { MA_LK: string; maGiaoDich: string }[] };
    expect(one.entries).toHaveLength(1);
    expect(one.entries[0]).toMatchObject({ MA_LK: 'LK0001', maGiaoDich: a.maGiaoDich });

    await p.scheduler.whenIdle();
    for (const personKey of ['052080001234', 'DN4520000000001']) {
      const res = (await (await p.request(`/api/sim/so-suc-khoe/${personKey}`, own)).json()) as { entries: { maGiaoDich: string }[] };
      // both visits, newest (same NGAY_RA, later receipt) first
      expect(res.entries.map((e) => e.maGiaoDich)).toEqual([b.maGiaoDich, a.maGiaoDich]);
    }
    expect((await p.request('/api/sim/so-suc-khoe/000000000000', own)).status).toBe(404);
  });
});
