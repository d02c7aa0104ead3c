/** Shared helpers for the simulator tests: a seeded in-memory portal and hand-built packages. */
import { createHash } from 'node:crypto';
import { getLayout } from '../../conformance/catalogue/catalogue.ts';
import { buildCheckin, buildEnvelope, serializeTable } from '../../generators/serialize.ts';
import { configWith, type SimConfig } from '../../simulator/config.ts';
import { createPortal, type Portal } from '../../simulator/app.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store } from '../../simulator/store.ts';

export const DEMO = { username: '52001_BV', password: 'sskdt-demo', maCSKCB: '52001' };
export const md5 = (s: string) => createHash('md5').update(s).digest('hex');
export const MD5_UPPER = md5(DEMO.password).toUpperCase();
export const MD5_LOWER = md5(DEMO.password);

export interface TestPortal extends Portal {
  store: Store;
  clock: { now: number };
  request(path: string, init?: RequestInit, ip?: string): Promise<Response>;
}

export async function makePortal(overrides: Partial<SimConfig> = {}): Promise<TestPortal> {
  const store = new Store(':memory:');
  await seedIfEmpty(store);
  const clock = { now: Date.UTC(2026, 2, 19, 3, 32, 45) };
  const portal = createPortal({ store, config: configWith({ workers: 0, ...overrides }), clock: () => clock.now, defaultIp: '10.0.0.1' });
  return {
    ...portal,
    store,
    clock,
    request: async (path, init, ip) => portal.app.request(`http://portal.test${path}`, init, ip ? { incoming: { socket: { remoteAddress: ip } } } : undefined),
  };
}

export function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

export function json(fields: Record<string, unknown>, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(fields) };
}

export async function takeToken(p: TestPortal, password = MD5_UPPER, ip?: string) {
  const res = await p.request('/api/token/take', form({ username: DEMO.username, password }), ip);
  const body = (await res.json()) as { maKetQua: string; APIKey: { access_token: string; id_token: string; expires_in: string } };
  if (body.maKetQua !== '200') throw new Error(`token: ${JSON.stringify(body)}`);
  return body.APIKey;
}

/** A token of any demo account (facility, reviewer SYT_52, trainer TRAINER_52) as the headers a simulator-only read sends. */
export async function headersFor(p: TestPortal, username: string, password = 'sskdt-demo', ip?: string): Promise<Record<string, string>> {
  const hash = md5(password).toUpperCase();
  const res = await p.request('/api/token/take', form({ username, password: hash }), ip);
  const body = (await res.json()) as { maKetQua: string; APIKey: { access_token: string; id_token: string } };
  if (body.maKetQua !== '200') throw new Error(`token of ${username}: ${JSON.stringify(body)}`);
  return authHeaders(body.APIKey, hash);
}

export function authHeaders(key: { access_token: string; id_token: string }, passwordHash = MD5_UPPER): Record<string, string> {
  return { accessToken: key.access_token, tokenId: key.id_token, passwordHash };
}

/** A minimal XML1 (TONG_HOP) row: enough for the envelope; field verdicts are the engine's business. */
export function xml1(maCSKCB = DEMO.maCSKCB, maLk = 'LK0001'): string {
  const spec = getLayout('4750').tables.get('XML1')!;
  return serializeTable(spec, [{ MA_LK: maLk, STT: '1', MA_BN: 'BN0001', HO_TEN: 'NGUYỄN VĂN AN', SO_CCCD: '052080001234', NGAY_SINH: '198003150000', GIOI_TINH: '1', MA_THE_BHYT: 'DN4520000000001', MA_CSKCB: maCSKCB, NGAY_VAO: '202603190800', NGAY_RA: '202603191000' }]);
}

export function envelope(opts: { MACSKCB?: string; SOLUONGHOSO?: string; loaiHoSo?: string; hoso?: number; padTo?: number } = {}): string {
  const files = [{ loaiHoSo: opts.loaiHoSo ?? 'XML1', content: xml1(opts.MACSKCB ?? DEMO.maCSKCB) }];
  if (opts.padTo) {
    // Grow the package with XML1 copies in further HOSO until it reaches the wanted size.
    const one = buildEnvelope({ MACSKCB: opts.MACSKCB ?? DEMO.maCSKCB, NGAYLAP: '20260319', hoso: [{ files }] });
    const n = Math.max(1, Math.ceil(opts.padTo / (one.length - 400)));
    return buildEnvelope({ MACSKCB: opts.MACSKCB ?? DEMO.maCSKCB, NGAYLAP: '20260319', hoso: Array.from({ length: n }, (_, i) => ({ files: [{ loaiHoSo: 'XML1', content: xml1(opts.MACSKCB ?? DEMO.maCSKCB, `LK${String(i).padStart(4, '0')}`) }] })) });
  }
  return buildEnvelope({ MACSKCB: opts.MACSKCB ?? DEMO.maCSKCB, NGAYLAP: '20260319', SOLUONGHOSO: opts.SOLUONGHOSO, hoso: Array.from({ length: opts.hoso ?? 1 }, () => ({ files })) });
}

export function checkin(maCSKCB = DEMO.maCSKCB): string {
  const spec = getLayout('4750').tables.get('XML0')!;
  return buildCheckin(spec, [{ MA_LK: 'LK0001', STT: '1', MA_BN: 'BN0001', HO_TEN: 'NGUYỄN VĂN AN', MA_THE_BHYT: 'DN4520000000001', MA_CSKCB: maCSKCB, NGAY_VAO: '202603190800' }]);
}

export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function submitFields(xml: string, extra: Record<string, string> = {}): Record<string, string> {
  return { username: DEMO.username, loaiHoSo: '130', maTinh: '52', maCSKCB: DEMO.maCSKCB, fileHSBase64: b64(xml), ...extra };
}
