/**
 * /api/sim/catalogue: a facility imports and lists its own catalogues, the reviewer of its province lists them,
 * anyone else gets 404 (as for a facility that does not exist); a bad file answers 400 with every problem and
 * stores nothing; the portal's checks use the facility's stored catalogues.
 */
import { describe, expect, it } from 'vitest';
import { catalogueCsv } from '../../conformance/catalogues/write.ts';
import { demoCatalogueData } from '../../generators/catalogues.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage } from '../../generators/package.ts';
import { Rng } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';
import { runPlayground } from '../../simulator/services/playground.ts';
import { authHeaders, headersFor, makePortal, takeToken } from './helpers.ts';

const csvFile = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

function upload(files: File[], extra: Record<string, string> = {}): FormData {
  const fd = new FormData();
  for (const f of files) fd.append('file', f);
  for (const [k, v] of Object.entries(extra)) fd.append(k, v);
  return fd;
}

const demoCsv = (facility: string, kind: 'staff' | 'drugs' | 'departments') => {
  const v = demoCatalogueData(facility).find((x) => x.kind === kind)!;
  return csvFile(`${facility}-${kind}.csv`, catalogueCsv(kind, [v]));
};

describe('/api/sim/catalogue', () => {
  it('a facility imports and lists its own catalogues; its reviewer reads them; others get 404', async () => {
    const p = await makePortal();
    const own = await headersFor(p, '52001_BV');
    const res = await p.request('/api/sim/catalogue/52001', { method: 'POST', headers: own, body: upload([demoCsv('52001', 'staff'), demoCsv('52001', 'drugs'), demoCsv('52001', 'departments')], { effective: '20250101' }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-sskdt-simulator-only')).toBe('true');
    const body = (await res.json()) as { versions: { kind: string; effectiveFrom: string; rows: number; source: string; importedBy: string }[] };
    expect(body.versions.map((v) => [v.kind, v.effectiveFrom, v.source, v.importedBy])).toEqual([
      ['staff', '20250101', '52001-staff.csv', '52001_BV'],
      ['drugs', '20250101', '52001-drugs.csv', '52001_BV'],
      ['departments', '20250101', '52001-departments.csv', '52001_BV'],
    ]);
    expect(body.versions[0].rows).toBe(31);
    expect(body.versions[2].rows).toBe(demoCatalogueData('52001').find((v) => v.kind === 'departments')!.entries.length);

    const list = async (headers: Record<string, string>, path = '/api/sim/catalogue/52001') => p.request(path, { headers });
    expect(((await (await list(own)).json()) as { versions: unknown[] }).versions).toHaveLength(3);
    const reviewer = await headersFor(p, 'SYT_52');
    expect(((await (await list(reviewer)).json()) as { versions: unknown[] }).versions).toHaveLength(3);
    expect(((await (await list(reviewer, '/api/sim/catalogue')).json()) as { versions: { maCSKCB: string }[] }).versions.map((v) => v.maCSKCB)).toEqual(['52001', '52001', '52001']);

    // another facility, the trainer, an unknown facility: 404 alike; no credentials: 401
    const other = await headersFor(p, '52002_BV');
    const trainer = await headersFor(p, 'TRAINER_52');
    for (const h of [other, trainer]) {
      const r = await list(h);
      expect(r.status).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('CATALOGUE.FACILITY_UNKNOWN');
    }
    expect((await list(own, '/api/sim/catalogue/52999')).status).toBe(404);
    expect((await p.request('/api/sim/catalogue/52001')).status).toBe(401);
    expect(((await (await list(other, '/api/sim/catalogue')).json()) as { versions: unknown[] }).versions).toEqual([]);
    expect((await list(trainer, '/api/sim/catalogue')).status).toBe(403);
    // importing: another facility 404, the reviewer 403 (reads, does not declare)
    expect((await p.request('/api/sim/catalogue/52001', { method: 'POST', headers: other, body: upload([demoCsv('52001', 'staff')]) })).status).toBe(404);
    expect((await p.request('/api/sim/catalogue/52001', { method: 'POST', headers: reviewer, body: upload([demoCsv('52001', 'staff')]) })).status).toBe(403);
    expect(await p.store.listCatalogueVersions()).toHaveLength(3);
  });

  it('a bad file answers 400 with file, line, column and code, and nothing of the import is stored', async () => {
    const p = await makePortal();
    const own = await headersFor(p, '52001_BV');
    const bad = csvFile('thuoc.csv', 'MA_THUOC,TEN_THUOC,DON_GIA,TU_NGAY\n40.17,Paracetamol,450,20250101\n40.150,Amoxicillin,"1.218,5",20250101\n');
    const res = await p.request('/api/sim/catalogue/52001', { method: 'POST', headers: own, body: upload([demoCsv('52001', 'staff'), bad]) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { file: string; line: number; column: string; code: string; message_vi: string }[] } };
    expect(body.error.code).toBe('CATALOGUE.IMPORT');
    expect(body.error.issues).toEqual([expect.objectContaining({ file: 'thuoc.csv', line: 3, column: 'DON_GIA', code: 'CATALOGUE.PRICE' })]);
    expect(body.error.issues[0].message_vi).toContain('không phải đơn giá');
    expect((await p.store.listCatalogueVersions())).toEqual([]);
    expect((await p.request('/api/sim/catalogue/52001', { method: 'POST', headers: own, body: upload([]) })).status).toBe(400);
    expect((await p.request('/api/sim/catalogue/52001', { method: 'POST', headers: own, body: upload([bad], { effective: '2025-01-01' }) })).status).toBe(400);
  });

  it.each([0, 1])('the portal checks a submission with its facility’s stored catalogues (%i worker threads)', async (workers) => {
    const p = await makePortal({ workers });
    const spec = SCENARIOS.find((s) => s.id === 'noitru-bhyt')!;
    const e = buildEncounter(spec, new Rng('catalogue-api'), { layout: '3176', facility: '52001' });
    const pkg = buildPackage(e, { unsigned: true });
    const key = await takeToken(p);
    const send = async () => {
      const fields = { username: '52001_BV', loaiHoSo: '130', maTinh: '52', maCSKCB: '52001', fileHSBase64: Buffer.from(pkg.envelope).toString('base64') };
      const r = await p.request('/api/qd130/guiHoSoXmlQD3176', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...authHeaders(key) }, body: new URLSearchParams(fields).toString() });
      return ((await r.json()) as { maGiaoDich: string }).maGiaoDich;
    };
    const verdicts = async (id: string) => {
      await p.scheduler.whenIdle();
      const r = (await (await p.request(`/api/sim/ketqua/${id}`, { headers: await headersFor(p, '52001_BV') })).json()) as { check: { result: { summary: { byRule: Record<string, { pass: number; skip: number; fail: number; warning: number }> } } } };
      return r.check.result.summary.byRule['CATALOGUE.DRUG.PRICE'];
    };
    const before = await verdicts(await send());
    expect(before).toMatchObject({ skip: 1, pass: 0 });
    const own = await headersFor(p, '52001_BV');
    expect((await p.request('/api/sim/catalogue/52001', { method: 'POST', headers: own, body: upload([demoCsv('52001', 'drugs')]) })).status).toBe(201);
    const after = await verdicts(await send());
    expect(after.pass).toBeGreaterThan(0);
    expect(after.skip + after.fail + after.warning).toBe(0);
    await p.checker.close();
  });

  it('the trainers’ playground shows a CATALOGUE mistake: a generated scenario is judged with its demo catalogues', async () => {
    // strict: the playground lists what fails, and the catalogue rules (medium) fail only in the strict profile
    const p = await makePortal({ profile: 'strict' });
    const out = await runPlayground({ store: p.store, config: p.config, checker: p.checker }, { source: 'scenario', scenarioId: 'noitru-bhyt', seed: '1', layout: '3176', facility: '52001', ruleId: 'CATALOGUE.DRUG.PRICE' }, p.clock.now);
    expect(out.correct?.result?.summary.byRule['CATALOGUE.DRUG.PRICE']).toMatchObject({ fail: 0, skip: 0 });
    expect(out.caught.map((f) => f.ruleId)).toContain('CATALOGUE.DRUG.PRICE');
  });
});
