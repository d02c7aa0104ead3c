/**
 * `sskdt-lab replay` against the portal simulator mocked with msw (no socket): token, check-in, record, and
 * the portal's verdict on what was sent.
 */
import { createHash } from 'node:crypto';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPortalMock } from '../../simulator/msw.ts';
import { main } from '../../generators/cli.ts';

const BASE = 'https://egw.baohiemxahoi.gov.vn';
const mock = createPortalMock({ baseUrl: BASE, config: { signatureMode: 'required' } });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  mock.close();
});

async function replay(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await main('replay', args), out };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('sskdt-lab replay', () => {
  it('takes a token, sends check-in then record for each visit and prints what came back', async () => {
    const { code, out } = await replay(['--portal', BASE, '--facility', '52001', '--password', 'sskdt-demo', '--scenario', 'kham-bhyt,noitru-vienphi', '--count', '2', '--concurrency', '2']);
    expect(code).toBe(0);
    expect(out.match(/check-in maKetQua=200 maGiaoDich=\S+ thongDiep=Tiếp nhận thành công/g)).toHaveLength(4);
    expect(out.match(/record {3}maKetQua=200 maGiaoDich=\S+ thongDiep=Tiếp nhận thành công/g)).toHaveLength(4);
    expect(out).toMatch(/summary: 4 record\(s\)/);
    expect(out).toMatch(/record 200: 4/);
    // replay waited for the portal's checks and printed their verdicts
    expect(out).toMatch(/verdicts of 8 of 8 acknowledged submission\(s\):/);
    expect(out).not.toMatch(/record fail/);
    // the portal checked what was sent (signature required): every generated record passes
    await mock.whenIdle();
    const ids = [...out.matchAll(/record {3}maKetQua=200 maGiaoDich=(\S+)/g)].map((m) => m[1]);
    // simulator-only reads need the facility's token, like a submission
    const hash = createHash('md5').update('sskdt-demo').digest('hex').toUpperCase();
    const token = (await (await fetch(`${BASE}/api/token/take`, { method: 'POST', body: new URLSearchParams({ username: '52001_BV', password: hash }) })).json()) as { APIKey: { access_token: string; id_token: string } };
    const headers = { accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash: hash };
    for (const id of ids) {
      const k = (await (await fetch(`${BASE}/api/sim/ketqua/${id}`, { headers })).json()) as { check: { status: string; result?: { summary: { verdict: string; counts: { fail: number; error: number } } } } };
      expect(k.check.status).toBe('done');
      expect(k.check.result?.summary.counts.fail).toBe(0);
      expect(k.check.result?.summary.counts.error).toBe(0);
    }
  });

  it('waits for the verdicts and exits 1 when a record fails its check (unsigned, signature required)', async () => {
    const { code, out } = await replay(['--portal', BASE, '--facility', '52001', '--password', 'sskdt-demo', '--scenario', 'kham-bhyt', '--count', '2', '--unsigned', '--quiet']);
    expect(out).toMatch(/record 200: 2/);
    expect(out).toMatch(/verdicts of 4 of 4 acknowledged submission\(s\):/);
    expect(out).toMatch(/^ {2}record fail: 2$/m);
    expect(code).toBe(1);
  });

  it('exits 1 when the portal refuses the token (locked account)', async () => {
    const { code, out } = await replay(['--portal', BASE, '--facility', '52015', '--password', 'sskdt-demo', '--quiet']);
    expect(code).toBe(1);
    expect(out).toMatch(/token refused: .*maKetQua=403/);
  });

  it('exits 1 with a clear message (no stack trace) when the portal cannot be reached', async () => {
    const quietMsw = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { code, out } = await replay(['--portal', 'http://127.0.0.1:9/', '--facility', '52001', '--password', 'sskdt-demo', '--quiet']);
      expect(code).toBe(1);
      expect(out).toMatch(/^cannot reach the portal at http:\/\/127\.0\.0\.1:9\/api\/token\/take: /);
      expect(out).not.toMatch(/at postForm/);
    } finally {
      quietMsw.mockRestore();
    }
  });

  it('exits 3 on bad usage', async () => {
    expect((await replay(['--portal', 'not a url', '--facility', '52001', '--password', 'x'])).code).toBe(3);
    expect((await replay(['--portal', BASE, '--facility', '52001', '--password', 'x', '--rate', '-1'])).code).toBe(3);
    const bad = await replay(['--portal', BASE, '--facility', '52001', '--password', 'x', '--seed', 'abc']);
    expect(bad.code).toBe(3);
    expect(bad.out).toBe('sskdt-lab replay: --seed must be a whole number, got "abc" (see sskdt-lab replay --help)\n');
  });
});
