import { describe, expect, it } from 'vitest';
import { authHeaders, DEMO, envelope, form, headersFor, makePortal, submitFields, takeToken } from './helpers.ts';

describe('GET /api/sim/so-suc-khoe/:id (simulator-only)', () => {
  it('projects a received package by maGiaoDich, and by personal ID or card number once checked', async () => {
    const p = await makePortal();
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

describe('health-book projection off the event loop', () => {
  it('the API projects through the checker (the worker pool when served) and answers what the inline read gives', async () => {
    const { InlineChecker } = await import('../../simulator/checker.ts');
    const { readHealthBook } = await import('../../simulator/reads.ts');
    const { WorkerPool } = await import('../../simulator/workers.ts');
    const { createPortal } = await import('../../simulator/app.ts');
    const { configWith } = await import('../../simulator/config.ts');
    const { Store } = await import('../../simulator/store.ts');
    const { seedIfEmpty } = await import('../../simulator/seed.ts');
    const pool = new WorkerPool(1);
    const calls: number[] = [];
    const inline = new InlineChecker();
    // the pool projects; checks stay inline so the test does not wait for a worker per check
    const checker = Object.assign(Object.create(inline) as InstanceType<typeof InlineChecker>, {
      project: (items: Parameters<typeof pool.project>[0]) => {
        calls.push(items.length);
        return pool.project(items);
      },
    });
    try {
      const store = new Store(':memory:');
      (await seedIfEmpty(store));
      const portal = createPortal({ store, config: configWith({ workers: 0 }), checker, defaultIp: '10.0.0.1' });
      const p = { ...portal, store, clock: { now: Date.now() }, request: async (u: string, init?: RequestInit) => portal.app.request(`http://portal.test${u}`, init) };
      const key = await takeToken(p as unknown as Awaited<ReturnType<typeof makePortal>>);
      const sent = (await (await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key) } })).json()) as { maGiaoDich: string };
      await p.scheduler.whenIdle();
      const h = { headers: await headersFor(p as unknown as Awaited<ReturnType<typeof makePortal>>, DEMO.username) };
      const api = (await (await p.request('/api/sim/so-suc-khoe/052080001234', h)).json()) as { entries: unknown[] };
      expect(calls).toEqual([1]);
      const principal = (await portal.principalFromHeaders({ req: { header: (n: string) => (h.headers as Record<string, string>)[n] } } as never));
      expect(principal.ok).toBe(true);
      const direct = (await readHealthBook(store, (principal as unknown as { principal: never }).principal, '052080001234')) as { entries: unknown[] };
      expect(api.entries).toEqual(JSON.parse(JSON.stringify(direct.entries)));
      expect(api.entries).toHaveLength(1);
      expect((await p.request(`/api/sim/so-suc-khoe/${sent.maGiaoDich}`, h)).status).toBe(200);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
