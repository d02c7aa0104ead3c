/**
 * Seeds a fresh store with the demo registry: facilities, accounts and synthetic cards (see
 * simulator/seed/binh-dinh.json; everything in it is synthetic demo data).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CARD_RESULT_CODES } from './card-codes.ts';
import type { Card, Store } from './store.ts';

export const DEFAULT_SEED_FILE = fileURLToPath(new URL('./seed/binh-dinh.json', import.meta.url));

const SeedCard = z.object({
  maThe: z.string(),
  hoTen: z.string(),
  ngaySinh: z.string(),
  gioiTinh: z.enum(['Nam', 'Nữ']),
  scenario: z.string().refine((c) => CARD_RESULT_CODES.includes(c), 'unknown maKetQua'),
  gtTheTu: z.string().optional(),
  gtTheDen: z.string().optional(),
  maTheMoi: z.string().optional(),
  gtTheTuMoi: z.string().optional(),
  gtTheDenMoi: z.string().optional(),
  diaChi: z.string().optional(),
  maDKBD: z.string().optional(),
});

export const SeedFile = z.object({
  synthetic: z.literal(true),
  facilities: z.array(
    z.object({
      maCSKCB: z.string().regex(/^[0-9A-Z]{5}$/),
      ten: z.string(),
      accounts: z.array(z.object({ username: z.string(), password: z.string(), locked: z.boolean().optional() })),
    }),
  ),
  cards: z.array(SeedCard),
});
export type SeedFile = z.infer<typeof SeedFile>;

export function readSeed(file = DEFAULT_SEED_FILE): SeedFile {
  return SeedFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The full response fields of a seeded card (the documented KQNhanLichSuKCB2024 fields). */
export function cardData(c: z.infer<typeof SeedCard>, facilities: SeedFile['facilities']): Record<string, unknown> {
  const maDKBD = c.maDKBD ?? '52001';
  const dkbd = facilities.find((f) => f.maCSKCB === maDKBD);
  const maSoBHXH = c.maThe.slice(5);
  return {
    maThe: c.maThe,
    hoTen: c.hoTen,
    ngaySinh: c.ngaySinh,
    gioiTinh: c.gioiTinh,
    diaChi: c.diaChi ?? 'Phường Trần Phú, Quy Nhơn, Bình Định (địa chỉ demo)',
    maDKBD,
    cqBHXH: 'Bảo hiểm xã hội tỉnh Bình Định (demo)',
    gtTheTu: c.gtTheTu ?? '01/01/2026',
    gtTheDen: c.gtTheDen ?? '31/12/2026',
    maKV: '',
    ngayDu5Nam: '01/01/2021',
    maSoBHXH,
    maTheCu: c.maTheMoi ? c.maThe : null,
    maTheMoi: c.maTheMoi ?? null,
    gtTheTuMoi: c.gtTheTuMoi ?? null,
    gtTheDenMoi: c.gtTheDenMoi ?? null,
    maDKBDMoi: c.maTheMoi ? maDKBD : null,
    tenDKBDMoi: c.maTheMoi ? (dkbd?.ten ?? null) : null,
  };
}

/** Seeds the store when it has no facility yet. Returns true when it seeded. */
export function seedIfEmpty(store: Store, file = DEFAULT_SEED_FILE): boolean {
  if (!store.isEmpty()) return false;
  seed(store, readSeed(file));
  return true;
}

export function seed(store: Store, data: SeedFile): void {
  store.db.transaction(() => {
    for (const f of data.facilities) {
      store.addFacility({ maCSKCB: f.maCSKCB, ten: f.ten, synthetic: true });
      for (const a of f.accounts) store.addAccount({ username: a.username, maCSKCB: f.maCSKCB, password: a.password, locked: a.locked });
    }
    for (const c of data.cards) {
      const card: Card = { maThe: c.maThe, hoTen: c.hoTen, ngaySinh: c.ngaySinh, scenario: c.scenario, data: cardData(c, data.facilities) };
      store.upsertCard(card);
    }
  })();
}

/** Demo accounts for logs and README (username, facility, password, locked). */
export function demoAccounts(data: SeedFile = readSeed()): { username: string; maCSKCB: string; ten: string; password: string; locked: boolean }[] {
  return data.facilities.flatMap((f) => f.accounts.map((a) => ({ username: a.username, maCSKCB: f.maCSKCB, ten: f.ten, password: a.password, locked: !!a.locked })));
}
