/**
 * Bounded work (issue 11): hostile bodies are refused before the expensive work, and every record names the
 * account's facility. Counts and codes, not timings, so these hold with both cores busy.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkJsonShape } from '../../simulator/json-limits.ts';
import { InlineChecker } from '../../simulator/checker.ts';
import { WorkerPool } from '../../simulator/workers.ts';
import type { GiayToGateInput } from '../../simulator/envelope-gate.ts';
import { buildEnvelope } from '../../generators/serialize.ts';
import { configWith } from '../../simulator/config.ts';
import { createPortal } from '../../simulator/app.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store } from '../../simulator/store.ts';
import { authHeaders, b64, checkin, DEMO, envelope, form, makePortal, MD5_UPPER, submitFields, takeToken, xml1, type TestPortal } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

async function submit(p: TestPortal, xml: string, endpoint = 'guiHoSoXmlQD4750') {
  const key = await takeToken(p);
  const res = await p.request(`/api/qd130/${endpoint}`, { ...form(submitFields(xml)), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key) } });
  return (await res.json()) as { maKetQua: string; maGiaoDich: string; thongDiep: string };
}

describe('JSON bodies: depth and key count checked before parsing', () => {
  it('checkJsonShape stops at the first level over the limit and skips strings', () => {
    const deep = '['.repeat(1_000_000);
    expect(checkJsonShape(deep, { maxDepth: 8, maxKeys: 10 })).toMatchObject({ limit: 'depth', offset: 8 });
    expect(checkJsonShape('{"a":"[[[[[[[[[[[[","b":"\\"{{{{{{{{{{{"}', { maxDepth: 2, maxKeys: 10 })).toBeNull();
    expect(checkJsonShape(`{${Array.from({ length: 20 }, (_, i) => `"k${i}" : 1`).join(',')}}`, { maxDepth: 2, maxKeys: 10 })).toMatchObject({ limit: 'keys' });
  });

  it('anonymous deeply nested JSON to guiGiayToDienTu → 401, never parsed, nothing stored', async () => {
    const p = await makePortal();
    const parse = vi.spyOn(JSON, 'parse');
    const body = `{"token":"x","fileBase64Str":${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}}`;
    const res = await p.request('/api/hososuckhoe/guiGiayToDienTu', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBe(401);
    expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 1000)).toHaveLength(0);
    expect((await p.store.countSubmissions()).total).toBe(0);
  });

  it('a JSON submission with too many keys → 205 naming the limit, before parsing', async () => {
    const p = await makePortal({ jsonMaxKeys: 50 });
    const key = await takeToken(p);
    const fields: Record<string, string> = submitFields(envelope());
    for (let i = 0; i < 100; i++) fields[`extra${i}`] = 'x';
    const res = await p.request('/api/qd130/guiHoSoXmlQD4750', { method: 'POST', headers: { 'Content-Type': 'application/json', ...authHeaders(key) }, body: JSON.stringify(fields) });
    const answer = (await res.json()) as { maKetQua: string; thongDiep: string };
    expect(answer.maKetQua).toBe('205');
    expect(answer.thongDiep).toMatch(/hơn 50 khóa/);
  });
});

describe('attributes per element', () => {
  it('200,000 attributes on one element → 205 XML_ATTRIBUTE_LIMIT at the 257th attribute (the rest is never compared)', async () => {
    const p = await makePortal();
    const attrs = Array.from({ length: 200_000 }, (_, i) => ` a${i}="1"`).join('');
    const xml = envelope().replace('<GIAMDINHHS', `<GIAMDINHHS${attrs}`);
    const answer = await submit(p, xml);
    expect(answer.maKetQua).toBe('205');
    const stored = (await p.store.getSubmission(answer.maGiaoDich))!;
    const env = stored.envelopeResult as { code: string; location: { line: number; col: number } };
    expect(env.code).toBe('ENVELOPE.XML');
    expect(answer.thongDiep).toMatch(/quá nhiều thuộc tính.*XML_ATTRIBUTE_LIMIT/);
    // refused where the 257th attribute starts: everything after it was never looked at
    expect(env.location.col).toBeLessThan(xml.indexOf(' a257="1"') + 20);
  });
});

describe('facility consistency', () => {
  it("an inner table's MA_CSKCB of another facility → 205 naming table, row and field", async () => {
    const p = await makePortal();
    const xml = buildEnvelope({ MACSKCB: DEMO.maCSKCB, NGAYLAP: '20260319', hoso: [{ files: [{ loaiHoSo: 'XML1', content: xml1('52002') }] }] });
    const answer = await submit(p, xml);
    expect(answer.maKetQua).toBe('205');
    expect(answer.thongDiep).toMatch(/XML1\.MA_CSKCB là "52002"/);
    expect(answer.thongDiep).toMatch(/HOSO 1, XML1, MA_CSKCB, dòng \d+/);
    expect(((await p.store.getSubmission(answer.maGiaoDich))!.envelopeResult as { location: unknown }).location).toMatchObject({ table: 'XML1', row: 0, field: 'MA_CSKCB' });
  });

  it('two MACSKCB, two SOLUONGHOSO or two NOIDUNGFILE → 205 (the first would silently win)', async () => {
    const p = await makePortal();
    const base = envelope();
    for (const [el, doubled] of [
      ['MACSKCB', base.replace('<MACSKCB>52001</MACSKCB>', '<MACSKCB>52001</MACSKCB><MACSKCB>52002</MACSKCB>')],
      ['SOLUONGHOSO', base.replace(/<SOLUONGHOSO>1<\/SOLUONGHOSO>/, '<SOLUONGHOSO>1</SOLUONGHOSO><SOLUONGHOSO>2</SOLUONGHOSO>')],
      ['NOIDUNGFILE', base.replace(/(<NOIDUNGFILE>[^<]*<\/NOIDUNGFILE>)/, '$1$1')],
    ] as const) {
      expect(doubled).not.toBe(base);
      const answer = await submit(p, doubled);
      expect(answer.maKetQua, el).toBe('205');
      expect(answer.thongDiep, el).toMatch(new RegExp(`<${el}> xuất hiện nhiều lần`));
    }
  });

  it('a check-in without MA_CSKCB → 205', async () => {
    const p = await makePortal();
    const xml = checkin().replace(/<MA_CSKCB>52001<\/MA_CSKCB>/, '');
    expect(xml).not.toBe(checkin());
    const answer = await submit(p, xml, 'checkInKcbQd4750');
    expect(answer.maKetQua).toBe('205');
    expect(answer.thongDiep).toMatch(/thiếu MA_CSKCB/);
    expect((await submit(p, checkin(), 'checkInKcbQd4750')).maKetQua).toBe('200');
  });
});

describe('every gate off the event loop, with a time budget', () => {
  it('guiGiayToDienTu is gated by the checker (the worker pool when served), not on the event loop', async () => {
    const store = new Store(':memory:');
    await seedIfEmpty(store);
    const checker = new InlineChecker();
    const gateGiayTo = vi.spyOn(checker, 'gateGiayTo');
    const portal = createPortal({ store, config: configWith({ workers: 0 }), checker, defaultIp: '10.0.0.1' });
    const take = await portal.app.request('http://portal.test/api/token/take', form({ username: DEMO.username, password: MD5_UPPER }));
    const key = ((await take.json()) as { APIKey: { access_token: string; id_token: string } }).APIKey;
    const res = await portal.app.request(
      'http://portal.test/api/hososuckhoe/guiGiayToDienTu',
      form({ token: key.access_token, id_token: key.id_token, username: DEMO.username, password: MD5_UPPER, maCskcb: DEMO.maCSKCB, loaiHs: '60', fileBase64Str: b64('<HSDLGBT><MA_CSKCB>52001</MA_CSKCB></HSDLGBT>') }),
    );
    expect(((await res.json()) as { MaKetQua: string }).MaKetQua).toBe('200');
    expect(gateGiayTo).toHaveBeenCalledTimes(1);
  });

  it('a gate over its budget is answered 205 GATE_TIME_LIMIT and its worker replaced', async () => {
    // 1 ms cannot cover even starting a worker thread, so this gate is over budget on any machine.
    const pool = new WorkerPool(1, { gateTimeLimitMs: 1, checkTimeLimitMs: 1 });
    try {
      const input: GiayToGateInput = { loaiHs: '60', base64: b64('<HSDLGBT/>'), fromForm: false, formSpaceToPlus: false, maxFileBytes: 1 << 20, maxDepth: 64 };
      const outcome = await pool.gateGiayTo(input);
      expect(outcome).toMatchObject({ maKetQua: '205', code: 'GATE_TIME_LIMIT' });
      expect(outcome.message).toMatch(/SSKDT_GATE_TIME_LIMIT_MS/);
      expect(pool.timeLimitHits).toBe(1);
      expect(pool.size).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
