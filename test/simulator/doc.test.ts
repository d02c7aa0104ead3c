import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../simulator/schemas.ts';
import { SCHEMA_VERSION } from '../../simulator/store.ts';
import { DEMO, headersFor, makePortal } from './helpers.ts';

describe('simulator-only routes', () => {
  it('/doc is an OpenAPI 3 document with every route, simulator-only ones tagged', async () => {
    const res = await (await makePortal()).request('/doc');
    expect(res.headers.get('x-sskdt-simulator-only')).toBe('true');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { tags: string[]; requestBody?: { content: Record<string, unknown> } }>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const r of ROUTES) expect(doc.paths[r.path]?.[r.method], r.path).toBeDefined();
    expect(doc.paths['/api/sim/ketqua/{maGiaoDich}'].get.tags).toEqual(['simulator-only']);
    expect(Object.keys(doc.paths['/api/qd130/guiHoSoXmlQD4750'].post.requestBody!.content).sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
  });

  it('/health answers ok with the schema version', async () => {
    const body = (await (await (await makePortal()).request('/health')).json()) as { status: string; schemaVersion: number };
    expect(body).toMatchObject({ status: 'ok', schemaVersion: SCHEMA_VERSION });
  });

  it('/xsd/:layout/:table.xsd serves the catalogue XSD', async () => {
    const res = await (await makePortal()).request('/xsd/4750/XML1.xsd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/xml/);
    expect(await res.text()).toMatch(/TONG_HOP/);
    expect((await (await makePortal()).request('/xsd/9999/XML1.xsd')).status).toBe(404);
  });

  it('/api/sim/so-suc-khoe answers 404 for an unknown transaction', async () => {
    const p = await makePortal();
    expect((await p.request('/api/sim/so-suc-khoe/none', { headers: await headersFor(p, DEMO.username) })).status).toBe(404);
  });
});
