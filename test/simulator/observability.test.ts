/** /metrics (prom-client, who may read it) and the JSON-line log (pino): one line per submission, with a request id. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { configWith, type SimConfig } from '../../simulator/config.ts';
import { createPortal } from '../../simulator/app.ts';
import { createLogger } from '../../simulator/observability.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store } from '../../simulator/store.ts';
import { DEMO, MD5_UPPER, authHeaders, envelope, form, headersFor, makePortal, submitFields, takeToken } from './helpers.ts';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const LOCAL = '127.0.0.1';

async function submit(p: Awaited<ReturnType<typeof makePortal>>, xml = envelope(), extraHeaders: Record<string, string> = {}) {
  const key = await takeToken(p);
  const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { ...form(submitFields(xml)), headers: { ...FORM, ...authHeaders(key), ...extraHeaders } });
  return { res, body: (await res.json()) as { maKetQua: string; maGiaoDich: string } };
}

describe('/metrics', () => {
  it('Prometheus text: requests by route pattern and code, latency histogram, results, verdicts, queue depth and pending checks — no ids in labels', async () => {
    const p = await makePortal();
    const ok = await submit(p);
    await submit(p, envelope({ MACSKCB: '52002' }));
    await p.scheduler.whenIdle();
    const h = await headersFor(p, DEMO.username);
    await p.request(`/api/sim/ketqua/${ok.body.maGiaoDich}`, { headers: h });
    const res = await p.request('/metrics', undefined, LOCAL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/sskdt_http_requests_total\{route="\/api\/qd130\/guiHoSoXmlQD4750",method="POST",code="200"\} 2/);
    expect(text).toMatch(/sskdt_http_requests_total\{route="\/api\/sim\/ketqua\/:maGiaoDich",method="GET",code="200"\} 1/);
    expect(text).toMatch(/sskdt_http_request_duration_seconds_bucket\{le="\+Inf",route="\/api\/token\/take",method="POST"\} 3/);
    expect(text).toMatch(/sskdt_portal_results_total\{endpoint="guiHoSoXmlQD4750",maKetQua="200"\} 1/);
    expect(text).toMatch(/sskdt_portal_results_total\{endpoint="guiHoSoXmlQD4750",maKetQua="205"\} 1/);
    expect(text).toMatch(/sskdt_check_verdicts_total\{verdict="(pass|warning|fail)"\} 1/);
    expect(text).toMatch(/^sskdt_check_queue_depth 0$/m);
    expect(text).toMatch(/^sskdt_checks_pending 0$/m);
    // no maGiaoDich, facility, username or person in any label
    expect(text).not.toContain(ok.body.maGiaoDich);
    expect(text).not.toMatch(/52001|NGUY|052080001234/);
  });

  it('who may read it: loopback callers and trainer tokens by default; others 401; a bearer token when SSKDT_METRICS_TOKEN is set; off → 404', async () => {
    const p = await makePortal();
    expect((await p.request('/metrics', undefined, '192.0.2.7')).status).toBe(401);
    expect((await p.request('/metrics', undefined, '::1')).status).toBe(200);
    expect((await p.request('/metrics', { headers: await headersFor(p, 'TRAINER_52') }, '192.0.2.7')).status).toBe(200);
    // a facility or a reviewer token is not enough: the metrics are lab-wide
    expect((await p.request('/metrics', { headers: await headersFor(p, DEMO.username) }, '192.0.2.7')).status).toBe(401);
    expect((await p.request('/metrics', { headers: await headersFor(p, 'SYT_52') }, '192.0.2.7')).status).toBe(401);

    const t = await makePortal({ metricsToken: 's3cret-scraper' });
    expect((await t.request('/metrics', undefined, LOCAL)).status).toBe(401);
    expect((await t.request('/metrics', { headers: { Authorization: 'Bearer wrong' } }, '192.0.2.7')).status).toBe(401);
    expect((await t.request('/metrics', { headers: { Authorization: 'Bearer s3cret-scraper' } }, '192.0.2.7')).status).toBe(200);

    expect((await (await makePortal({ metrics: 'open' })).request('/metrics', undefined, '192.0.2.7')).status).toBe(200);
    expect((await (await makePortal({ metrics: 'off' })).request('/metrics', undefined, LOCAL)).status).toBe(404);
  });
});

async function capturingPortal(overrides: Partial<SimConfig> = {}) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      cb();
    },
  });
  const store = new Store(':memory:');
  (await seedIfEmpty(store));
  const portal = createPortal({ store, config: configWith({ workers: 0, ...overrides }), logger: createLogger('info', sink), defaultIp: '10.0.0.1' });
  const p = { ...portal, store, clock: { now: Date.now() }, request: async (path: string, init?: RequestInit, ip?: string) => portal.app.request(`http://portal.test${path}`, init, ip ? { incoming: { socket: { remoteAddress: ip } } } : undefined) };
  return { p, lines };
}

describe('verdict counts in sync mode', () => {
  it('a check done before the answer (SSKDT_RESULTS=sync) is counted too', async () => {
    const p = await makePortal({ results: 'sync' });
    expect((await submit(p)).body.maKetQua).toBe('200');
    expect(await p.metrics.text()).toMatch(/sskdt_check_verdicts_total\{verdict="(pass|warning|fail)"\} 1/);
  });
});

describe('JSON-line log', () => {
  it('one line per submission received, with the request id (echoed in X-Request-Id), facility, result code and maGiaoDich; no file content', async () => {
    const { p, lines } = await capturingPortal();
    const { res, body } = await submit(p as unknown as Awaited<ReturnType<typeof makePortal>>, envelope(), { 'X-Request-Id': 'his-run-42' });
    expect(res.headers.get('x-request-id')).toBe('his-run-42');
    const subs = lines.filter((l) => l.msg && String(l.msg).startsWith('guiHoSoXmlQD4750'));
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ level: 30, service: 'sskdt-lab', reqId: 'his-run-42', endpoint: 'guiHoSoXmlQD4750', maCSKCB: '52001', maKetQua: '200', maGiaoDich: body.maGiaoDich });
    expect(typeof subs[0].time).toBe('string');
    // token/take at info level logs nothing (only submissions), and nothing personal is written
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/NGUY|052080001234|fileHSBase64/);
  });

  it('a refused token is logged too (401), and a request id that is not a short token is replaced', async () => {
    const { p, lines } = await capturingPortal();
    const res = await p.request('/api/qd130/guiHoSoXmlQD130', { ...form(submitFields(envelope())), headers: { ...FORM, accessToken: 'x', tokenId: 'y', passwordHash: MD5_UPPER, 'X-Request-Id': 'bad id with spaces\u0007' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{6}-[0-9a-z]+$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ endpoint: 'guiHoSoXmlQD130', maKetQua: '401', reqId: res.headers.get('x-request-id') });
  });

  it('tests are quiet: a portal without a logger writes nothing (silent default)', async () => {
    const p = await makePortal();
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stdout.write;
    try {
      await submit(p);
    } finally {
      process.stdout.write = orig;
    }
    expect(writes.join('')).not.toMatch(/guiHoSoXmlQD4750/);
  });
});
