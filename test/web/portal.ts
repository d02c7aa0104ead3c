/**
 * A served portal for the web tests: in-memory store seeded with the demo registry, checks run at receipt
 * (results 'sync', so a page shows the verdict without waiting), listening on a free loopback port.
 * Packages are generated (valid, or with one named mistake) and sent through the portal's own API.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildEncounter, type Encounter } from '../../generators/encounters.ts';
import { isMutant, mutate } from '../../generators/mutants.ts';
import { buildPackage } from '../../generators/package.ts';
import { packageSeed, Rng } from '../../generators/random.ts';
import { scenarioById } from '../../generators/scenarios.ts';
import { createPortal } from '../../simulator/app.ts';
import { configWith, type SimConfig } from '../../simulator/config.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store } from '../../simulator/store.ts';

export interface ServedPortal {
  url: string;
  store: Store;
  /** a temporary data folder (the lab's signing key is created there on first use) */
  dataDir: string;
  close(): Promise<void>;
}

export async function servePortal(overrides: Partial<SimConfig> = {}): Promise<ServedPortal> {
  const store = new Store(':memory:');
  await seedIfEmpty(store);
  const dataDir = mkdtempSync(join(tmpdir(), 'sskdt-web-'));
  const portal = createPortal({ store, config: configWith({ workers: 0, results: 'sync', dataDir, ...overrides }) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    dataDir,
    close: async () => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      portal.scheduler.stop();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function encounterFor(scenarioId: string, facility: string, seed = 'web'): Encounter {
  const spec = scenarioById(scenarioId);
  if (!spec) throw new Error(`unknown scenario ${scenarioId}`);
  return buildEncounter(spec, new Rng(packageSeed(scenarioId, seed, 0)), { layout: '3176', facility });
}

/** The signed envelope of a valid encounter, or of a mutant that the rule `ruleId` must catch. */
export function envelopeOf(e: Encounter, ruleId?: string): Uint8Array {
  if (!ruleId) return buildPackage(e).envelope;
  const m = mutate(e, ruleId);
  if (!isMutant(m)) throw new Error(`${ruleId} does not apply to ${e.scenarioId}: ${m.notApplicable}`);
  return m.bytes;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Takes a token and sends a GIAMDINHHS envelope as a HIS would; returns the portal's answer. */
export async function send(url: string, username: string, maCSKCB: string, bytes: Uint8Array): Promise<{ maKetQua: string; maGiaoDich: string; thongDiep: string }> {
  const passwordHash = md5('sskdt-demo');
  const token = (await (await fetch(`${url}/api/token/take`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: passwordHash }) })).json()) as {
    APIKey: { access_token: string; id_token: string };
  };
  const res = await fetch(`${url}/api/qd130/guiHoSoXmlQD3176`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash },
    body: JSON.stringify({ username, loaiHoSo: '130', maTinh: '52', maCSKCB, fileHSBase64: Buffer.from(bytes).toString('base64') }),
  });
  return (await res.json()) as { maKetQua: string; maGiaoDich: string; thongDiep: string };
}

/** A HIS client of one facility account: one token, then check-ins and records sent as the portal expects. */
export async function hisClient(url: string, username: string, maCSKCB: string): Promise<{ send(endpoint: 'checkInKcbQd3176' | 'guiHoSoXmlQD3176', bytes: Uint8Array): Promise<{ maKetQua: string; maGiaoDich: string }> }> {
  const passwordHash = md5('sskdt-demo');
  const token = (await (await fetch(`${url}/api/token/take`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: passwordHash }) })).json()) as {
    APIKey: { access_token: string; id_token: string };
  };
  const headers = { 'Content-Type': 'application/json', accessToken: token.APIKey.access_token, tokenId: token.APIKey.id_token, passwordHash };
  return {
    async send(endpoint, bytes) {
      const loaiHoSo = endpoint.startsWith('checkIn') ? '0' : '130';
      const res = await fetch(`${url}/api/qd130/${endpoint}`, { method: 'POST', headers, body: JSON.stringify({ username, loaiHoSo, maTinh: maCSKCB.slice(0, 2), maCSKCB, fileHSBase64: Buffer.from(bytes).toString('base64') }) });
      return (await res.json()) as { maKetQua: string; maGiaoDich: string };
    },
  };
}
