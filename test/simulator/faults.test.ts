/**
 * Fault injection for HIS resilience testing: a HIS-like client sees each fault deterministically for a seed
 * (latency, 500/503, dropped connections, early token expiry, maintenance window, lower size limit, delayed
 * results), plans are set through the API (facility itself, its reviewer, a trainer; others 404) and the CLI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decide, draw, parseFaultPlan, type FaultPlan } from '../../simulator/faults.ts';
import { main as faultsCli } from '../../simulator/faults-cli.ts';
import { configWith } from '../../simulator/config.ts';
import { startPortal } from '../../simulator/main.ts';
import { Store } from '../../simulator/store.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { DEMO, MD5_UPPER, envelope, form, headersFor, makePortal, submitFields, type TestPortal } from './helpers.ts';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-faults-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function setPlan(p: TestPortal, plan: unknown, as = DEMO.username, maCSKCB = DEMO.maCSKCB) {
  return p.request(`/api/sim/faults/${maCSKCB}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...(await headersFor(p, as)) }, body: JSON.stringify(plan) });
}

/**
 * A HIS-like client: takes a token, sends `count` submissions one after another; on 500/503/a network error
 * it retries the same submission (up to 10 times), on 401 it takes a new token first. Returns what it saw.
 */
async function hisClient(send: (path: string, init: RequestInit) => Promise<Response>, count: number) {
  const seen: string[] = [];
  const acknowledged: string[] = [];
  let key: { access_token: string; id_token: string } | undefined;
  const login = async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      let res: Response;
      try {
        res = await send('/api/token/take', form({ username: DEMO.username, password: MD5_UPPER }));
      } catch {
        seen.push('token:drop');
        continue;
      }
      seen.push(`token:${res.status}`);
      if (res.status !== 200) continue;
      const body = (await res.json()) as { maKetQua: string; APIKey: { access_token: string; id_token: string } };
      if (body.maKetQua === '200') return body.APIKey;
    }
    throw new Error('no token');
  };
  for (let i = 0; i < count; i++) {
    for (let attempt = 0; attempt < 10; attempt++) {
      key ??= await login();
      let res: Response;
      try {
        res = await send('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { ...FORM, accessToken: key.access_token, tokenId: key.id_token, passwordHash: MD5_UPPER } });
      } catch {
        seen.push('submit:drop');
        continue;
      }
      seen.push(`submit:${res.status}`);
      if (res.status === 401) {
        key = undefined;
        continue;
      }
      if (res.status !== 200) continue;
      const body = (await res.json()) as { maKetQua: string; maGiaoDich: string };
      if (body.maKetQua === '200') {
        acknowledged.push(body.maGiaoDich);
        break;
      }
    }
  }
  return { seen, acknowledged };
}

const portalSend = (p: TestPortal) => async (u: string, init: RequestInit) => {
  const res = await p.request(u, init);
  if (res.type === 'error') throw new TypeError('network error');
  return res;
};

describe('seeded decisions', () => {
  it('draw and decide are pure: the same seed and request index give the same fault', () => {
    expect(draw(7, 3, 'fail')).toBe(draw(7, 3, 'fail'));
    expect(draw(7, 3, 'fail')).not.toBe(draw(8, 3, 'fail'));
    const plan = parseFaultPlan({ seed: 7, error500Share: 0.2, error503Share: 0.2, dropShare: 0.1, latency: { distribution: 'uniform', minMs: 10, maxMs: 90 } });
    const a = Array.from({ length: 200 }, (_, i) => decide(plan, i + 1, 'submit', 0));
    expect(Array.from({ length: 200 }, (_, i) => decide(plan, i + 1, 'submit', 0))).toEqual(a);
    // the shares come out near what was asked (200 draws)
    const count = (f: string) => a.filter((d) => d.fail === f).length;
    expect(count('500')).toBeGreaterThan(20);
    expect(count('503')).toBeGreaterThan(20);
    expect(count('drop')).toBeGreaterThan(5);
    expect(a.every((d) => d.latencyMs >= 10 && d.latencyMs <= 90)).toBe(true);
  });

  it('refuses a plan that does not add up, naming the problem', () => {
    expect(() => parseFaultPlan({ seed: 1, error500Share: 0.7, error503Share: 0.5 })).toThrow(/at most 1/);
    expect(() => parseFaultPlan({ seed: 1, latency: { distribution: 'uniform', minMs: 50 } })).toThrow(/minMs ≤ maxMs/);
    expect(() => parseFaultPlan({ seed: 1, surprise: true })).toThrow(/surprise|Unrecognized/i);
  });
});

describe('a HIS-like client sees each fault deterministically for a seed', () => {
  const plan: FaultPlan = { seed: 42, error500Share: 0.25, error503Share: 0.25, dropShare: 0.1, latency: { distribution: 'fixed', ms: 1, share: 0.5 } };

  it('500/503/dropped connections and latency: the same attempts for the same seed, a retry never double-submits', async () => {
    const runOnce = async (seed: number) => {
      const p = await makePortal();
      expect((await setPlan(p, { ...plan, seed })).status).toBe(200);
      const his = await hisClient(portalSend(p), 8);
      const record = (await (await p.request(`/api/sim/faults/${DEMO.maCSKCB}`, { headers: await headersFor(p, 'TRAINER_52') })).json()) as { record: { requests: number; events: { faults: string[] }[] } };
      return { his, stored: (await p.store.countSubmissions()).total, record: record.record };
    };
    const a = await runOnce(42);
    const b = await runOnce(42);
    expect(b.his.seen).toEqual(a.his.seen);
    expect(b.record).toEqual({ ...a.record, events: a.record.events.map((e) => ({ ...e, at: expect.any(String) })) });
    // every kind of fault was met, and the client still got all 8 through
    for (const kind of ['submit:500', 'submit:503', 'submit:drop']) expect(a.his.seen).toContain(kind);
    expect(a.his.acknowledged).toHaveLength(8);
    // faults come before anything is stored: one row per acknowledged submission, none twice
    expect(a.stored).toBe(8);
    expect(new Set(a.his.acknowledged).size).toBe(8);
    // what the client saw is what decide() says for the seed, request by request (one counter per facility)
    const expected = a.his.seen.map((entry, i) => {
      const route = entry.startsWith('token') ? 'token' : 'submit';
      const fail = decide({ ...plan, seed: 42 }, i + 1, route, 0).fail;
      return `${route}:${fail === undefined ? 200 : fail}`;
    });
    expect(a.his.seen).toEqual(expected);
    expect(a.record.requests).toBe(a.his.seen.length);
    expect(a.record.events.some((e) => e.faults.includes('latency'))).toBe(true);
    const other = await runOnce(43);
    expect(other.his.seen).not.toEqual(a.his.seen);
  });

  it('tokens expiring early: the token dies before its expires_in; the client re-logs in', async () => {
    const p = await makePortal();
    await setPlan(p, { seed: 1, tokenTtlSeconds: 30 });
    const res = await p.request('/api/token/take', form({ username: DEMO.username, password: MD5_UPPER }));
    const key = ((await res.json()) as { APIKey: { access_token: string; id_token: string; expires_in: string } }).APIKey;
    // announced: the normal 10 minutes
    expect(Date.parse(key.expires_in) - p.clock.now).toBe(600_000);
    const send = () => p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { ...FORM, accessToken: key.access_token, tokenId: key.id_token, passwordHash: MD5_UPPER } });
    p.clock.now += 29_000;
    expect((await send()).status).toBe(200);
    p.clock.now += 2_000;
    expect((await send()).status).toBe(401);
    const his = await hisClient(portalSend(p), 1);
    expect(his.acknowledged).toHaveLength(1);
  });

  it('maintenance window: 503 with Retry-After up to its end, then normal service', async () => {
    const p = await makePortal();
    const from = new Date(p.clock.now - 1000).toISOString();
    const to = new Date(p.clock.now + 120_000).toISOString();
    expect((await setPlan(p, { seed: 1, maintenance: { from, to } })).status).toBe(200);
    const res = await p.request('/api/token/take', form({ username: DEMO.username, password: MD5_UPPER }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('120');
    expect(await res.text()).toMatch(/bảo trì/);
    p.clock.now += 120_000;
    expect((await p.request('/api/token/take', form({ username: DEMO.username, password: MD5_UPPER }))).status).toBe(200);
  });

  it('a lower size limit answers 1001 above it; only the facility whose plan it is', async () => {
    const p = await makePortal();
    await setPlan(p, { seed: 1, maxFileBytes: 200 });
    const his = async (username: string, maCSKCB: string) => {
      const key = ((await (await p.request('/api/token/take', form({ username, password: MD5_UPPER }))).json()) as { APIKey: { access_token: string; id_token: string } }).APIKey;
      const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope({ MACSKCB: maCSKCB }), { username, maCSKCB })), headers: { ...FORM, accessToken: key.access_token, tokenId: key.id_token, passwordHash: MD5_UPPER } });
      return ((await res.json()) as { maKetQua: string }).maKetQua;
    };
    expect(await his(DEMO.username, DEMO.maCSKCB)).toBe('1001');
    expect(await his('52002_BV', '52002')).toBe('200');
  });

  it('delayed results: the check result appears only after the delay', async () => {
    const p = await makePortal();
    await setPlan(p, { seed: 1, resultDelayMs: 150 });
    const [answer] = (await hisClient(portalSend(p), 1)).acknowledged;
    await p.scheduler.whenIdle();
    expect((await p.store.getSubmission(answer))!.status).toBe('pending');
    for (let i = 0; i < 300 && (await p.store.getSubmission(answer))!.status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await p.scheduler.whenIdle();
    }
    expect((await p.store.getSubmission(answer))!.status).toBe('done');
  });

  it('a plan bound to a certification run applies only while that run is open', async () => {
    const p = await makePortal();
    const h = await headersFor(p, DEMO.username);
    const started = await p.request('/api/sim/cert/runs', { method: 'POST', headers: { 'Content-Type': 'application/json', ...h }, body: '{}' });
    const runId = ((await started.json()) as { run: { id: string } }).run.id;
    await setPlan(p, { seed: 1, runId, error503Share: 1, routes: ['submit'] });
    const send = () => p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(envelope())), headers: { ...FORM, ...h } });
    expect((await send()).status).toBe(503);
    await p.request(`/api/sim/cert/runs/${runId}/finish`, { method: 'POST', headers: h });
    expect((await send()).status).toBe(200);
  });

  it('over real HTTP a dropped connection is a network error for the client, and the same for the same seed', async () => {
    const dataDir = path.join(tmp, 'http');
    const running = await startPortal(configWith({ port: 0, host: '127.0.0.1', dataDir, workers: 0, writerThread: false }), () => {});
    try {
      const base = running.url;
      const send = (u: string, init: RequestInit) => fetch(base + u, init);
      const store = running.store;
      const { writeFaultPlan } = await import('../../simulator/faults.ts');
      (await writeFaultPlan(store, DEMO.maCSKCB, { seed: 5, dropShare: 0.5, routes: ['submit'] }, 'test'));
      const first = await hisClient(send, 4);
      (await writeFaultPlan(store, DEMO.maCSKCB, { seed: 5, dropShare: 0.5, routes: ['submit'] }, 'test', Date.now() + 1));
      const second = await hisClient(send, 4);
      expect(first.seen).toContain('submit:drop');
      expect(second.seen).toEqual(first.seen);
      expect(first.acknowledged).toHaveLength(4);
    } finally {
      await running.close();
    }
  }, 60_000);
});

describe('who may set a plan', () => {
  it('the facility itself, the reviewer of its province and a trainer; another facility gets 404; no token 401', async () => {
    const p = await makePortal();
    const plan = { seed: 3, error503Share: 0.1 };
    expect((await setPlan(p, plan, DEMO.username)).status).toBe(200);
    expect((await setPlan(p, plan, 'SYT_52')).status).toBe(200);
    expect((await setPlan(p, plan, 'TRAINER_52')).status).toBe(200);
    expect((await setPlan(p, plan, '52002_BV')).status).toBe(404);
    expect((await p.request(`/api/sim/faults/${DEMO.maCSKCB}`, { headers: await headersFor(p, '52002_BV') })).status).toBe(404);
    expect((await p.request(`/api/sim/faults/${DEMO.maCSKCB}`, { method: 'DELETE', headers: await headersFor(p, '52002_BV') })).status).toBe(404);
    expect((await p.request(`/api/sim/faults/${DEMO.maCSKCB}`)).status).toBe(401);
    const bad = await setPlan(p, { seed: 3, error503Share: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/error503Share/);
    const shown = (await (await p.request(`/api/sim/faults/${DEMO.maCSKCB}`, { headers: await headersFor(p, DEMO.username) })).json()) as { plan: unknown; setBy: string };
    expect(shown).toMatchObject({ plan, setBy: 'TRAINER_52' });
    expect(((await (await p.request(`/api/sim/faults/${DEMO.maCSKCB}`, { method: 'DELETE', headers: await headersFor(p, DEMO.username) })).json()) as { cleared: boolean }).cleared).toBe(true);
  });
});

describe('sskdt-lab faults', () => {
  it('set, show and clear a plan in the store; usage errors exit 3, an invalid plan 1', async () => {
    const dataDir = path.join(tmp, 'cli');
    const store = Store.open(dataDir);
    (await seedIfEmpty(store));
    store.close();
    const out: string[] = [];
    const errs: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errs.push(String(s)), true));
    try {
      expect(await faultsCli('faults', ['set', '52001', '--seed', '9', '--latency', 'uniform:100-900', '--error-503', '0.2', '--drop', '0.05', '--token-ttl', '60', '--data-dir', dataDir])).toBe(0);
      expect(JSON.parse(out.join('')).plan).toEqual({ seed: 9, latency: { distribution: 'uniform', minMs: 100, maxMs: 900 }, error503Share: 0.2, dropShare: 0.05, tokenTtlSeconds: 60 });
      out.length = 0;
      expect(await faultsCli('faults', ['show', '52001', '--data-dir', dataDir])).toBe(0);
      expect(JSON.parse(out.join('')).plan.seed).toBe(9);
      expect(await faultsCli('faults', ['set', '52001', '--seed', '9', '--error-500', '3', '--data-dir', dataDir])).toBe(1);
      expect(errs.join('')).toMatch(/error500Share/);
      expect(await faultsCli('faults', ['set', '52001', '--data-dir', dataDir])).toBe(3);
      expect(await faultsCli('faults', ['set', '99999', '--seed', '1', '--data-dir', dataDir])).toBe(1);
      out.length = 0;
      expect(await faultsCli('faults', ['clear', '52001', '--data-dir', dataDir])).toBe(0);
      expect(out.join('')).toMatch(/cleared/);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    // a portal on that store sees what the CLI set
    const s2 = Store.open(dataDir);
    const { readFaultPlan } = await import('../../simulator/faults.ts');
    expect((await readFaultPlan(s2, '52001'))).toBeUndefined();
    s2.close();
  });
});
