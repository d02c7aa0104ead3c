import { describe, expect, it } from 'vitest';
import { CARD_RESULT_CODES } from '../../simulator/card-codes.ts';
import { readSeed } from '../../simulator/seed.ts';
import { DEMO, MD5_UPPER, json, makePortal, takeToken } from './helpers.ts';

type P = Awaited<ReturnType<typeof makePortal>>;
const CB = { hoTenCb: 'TRẦN THỊ CÁN BỘ', cccdCb: '052190001234' };

async function lookup(p: P, body: Record<string, string>, opts: { encoding?: 'json' | 'form'; query?: Record<string, string> } = {}) {
  const key = await takeToken(p);
  const q = new URLSearchParams(opts.query ?? { token: key.access_token, id_token: key.id_token, username: DEMO.username, password: MD5_UPPER });
  const init = opts.encoding === 'form' ? { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() } : json(body);
  const res = await p.request(`/api/egw/KQNhanLichSuKCB2024?${q}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const seed = readSeed();
const card = (code: string) => seed.cards.find((c) => c.scenario === code)!;

describe('POST /api/egw/KQNhanLichSuKCB2024', () => {
  it('000 returns every documented field for a seeded card (JSON body)', async () => {
    const c = card('000');
    const { body } = await lookup(await makePortal(), { maThe: c.maThe, hoTen: c.hoTen, ngaySinh: c.ngaySinh, ...CB });
    expect(body).toMatchObject({ maKetQua: '000', maThe: c.maThe, hoTen: c.hoTen, ngaySinh: '15/03/1980', gioiTinh: 'Nam', maDKBD: '52001', maSoBHXH: '0000000001', dsLichSuKCB2018: null });
    for (const f of ['ghiChu', 'diaChi', 'cqBHXH', 'gtTheTu', 'gtTheDen', 'maKV', 'ngayDu5Nam', 'maTheCu', 'maTheMoi', 'gtTheTuMoi', 'gtTheDenMoi', 'maDKBDMoi', 'tenDKBDMoi']) expect(body).toHaveProperty(f);
  });

  it('accepts a form body, a lower-case card code and a bare birth year', async () => {
    const c = card('000');
    const { body } = await lookup(await makePortal(), { maThe: c.maThe.toLowerCase(), hoTen: c.hoTen, ngaySinh: '1980', ...CB }, { encoding: 'form' });
    expect(body!.maKetQua).toBe('000');
  });

  it('every documented maKetQua is reachable through seeded cards or inputs', async () => {
    const p = await makePortal();
    const seen = new Map<string, unknown>();
    const run = async (b: Record<string, string>) => {
      const { body } = await lookup(p, { ...CB, ...b });
      seen.set(body!.maKetQua as string, body);
      return body!;
    };
    for (const c of seed.cards) expect((await run({ maThe: c.maThe, hoTen: c.hoTen, ngaySinh: c.ngaySinh })).maKetQua).toBe(c.scenario);
    const base = card('000');
    expect((await run({ maThe: 'DN4520999999999', hoTen: 'AI ĐÓ', ngaySinh: '01/01/1990' })).maKetQua).toBe('050');
    expect((await run({ maThe: 'DN45201', hoTen: 'AI ĐÓ', ngaySinh: '01/01/1990' })).maKetQua).toBe('051');
    expect((await run({ maThe: 'DN4990000000001', hoTen: 'AI ĐÓ', ngaySinh: '01/01/1990' })).maKetQua).toBe('052');
    expect((await run({ maThe: 'DN9520000000001', hoTen: 'AI ĐÓ', ngaySinh: '01/01/1990' })).maKetQua).toBe('053');
    expect((await run({ maThe: base.maThe, hoTen: 'TRẦN VĂN AN', ngaySinh: base.ngaySinh })).maKetQua).toBe('060');
    expect((await run({ maThe: base.maThe, hoTen: 'NGUYỄN VĂN ANH', ngaySinh: base.ngaySinh })).maKetQua).toBe('061');
    // real clients strip diacritics and change case before sending: the name still matches
    for (const hoTen of ['NGUYEN VAN AN', 'Nguyen Van An', '  nguyễn   văn  an ']) expect((await run({ maThe: base.maThe, hoTen, ngaySinh: base.ngaySinh })).maKetQua, hoTen).toBe('000');
    expect((await run({ maThe: base.maThe, hoTen: base.hoTen, ngaySinh: '16/03/1980' })).maKetQua).toBe('070');
    expect((await run({ maThe: base.maThe, hoTen: base.hoTen, ngaySinh: '1980-03-15' })).maKetQua).toBe('205');
    expect((await run({ maThe: base.maThe, hoTen: base.hoTen, ngaySinh: base.ngaySinh, cccdCb: '' })).maKetQua).toBe('205');
    const bad = await lookup(await makePortal({ authFailure: 'json401' }), { maThe: base.maThe }, { query: { token: 'x', id_token: 'y', username: DEMO.username, password: MD5_UPPER } });
    seen.set(bad.body!.maKetQua as string, bad.body);
    expect([...seen.keys()].sort()).toEqual([...CARD_RESULT_CODES].sort());
    for (const [code, body] of seen) expect((body as { ghiChu: string }).ghiChu, code).not.toBe('');
  });

  it('a card renewed (003) carries the new card fields', async () => {
    const c = card('003');
    const { body } = await lookup(await makePortal(), { maThe: c.maThe, hoTen: c.hoTen, ngaySinh: c.ngaySinh, ...CB });
    expect(body).toMatchObject({ maKetQua: '003', maTheCu: c.maThe, maTheMoi: 'HT3520000000104', gtTheDenMoi: '31/12/2026' });
  });

  it('bad token → HTTP 401 empty body by default', async () => {
    const { status, body } = await lookup(await makePortal(), { maThe: 'x' }, { query: { token: 'x', id_token: 'y', username: DEMO.username, password: MD5_UPPER } });
    expect(status).toBe(401);
    expect(body).toBeNull();
  });
});
