/**
 * `sskdt-lab check` on what `sskdt-lab generate` wrote: the receipt time and endpoint come from manifest.json
 * (a package generated last week is not "late" today), and --test-pki / --certificate / --trust-anchor give the
 * signature rules the registry the portal would use (without them the certificate checks are skipped).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repo, run, type Run } from './run-cli.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage } from '../../generators/package.ts';
import { TEST_PKI_DIR } from '../../generators/pki/test-pki.ts';
import { Rng } from '../../generators/random.ts';
import { scenarioById } from '../../generators/scenarios.ts';



interface Finding {
  ruleId: string;
  outcome: string;
}

let dir: string;
let receivedAt: string;
const runs: Record<string, Run> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sskdt-cli-manifest-'));
  const encounter = buildEncounter(scenarioById('kham-bhyt')!, new Rng('cli-manifest'), { layout: '3176' });
  receivedAt = encounter.receivedAt;
  const pkg = buildPackage(encounter);
  writeFileSync(join(dir, 'p.xml'), pkg.envelope);
  writeFileSync(join(dir, 'q.xml'), pkg.envelope);
  writeFileSync(join(dir, 'p.checkin.xml'), pkg.checkin);
  const packages = [
    // as older manifests: no endpoint, so by file name (a check-in goes to checkIn*)
    { receivedAt, layout: '3176', envelope: { file: 'p.xml' }, checkin: { file: 'p.checkin.xml' } },
    // a mutant meant for the other layout's endpoint
    { receivedAt, layout: '3176', envelope: { file: 'q.xml', endpoint: 'guiHoSoXmlQD4750' } },
  ];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: 'sskdt-lab generate', packages }));
  const jobs: Record<string, string[]> = {
    manifest: ['check', 'p.xml', '--signature', 'required', '--test-pki'],
    manifestAll: ['check', 'p.xml', '--signature', 'required', '--test-pki', '--findings', 'all'],
    ownCert: ['check', 'p.xml', '--signature', 'required', '--certificate', `52002=${join(TEST_PKI_DIR, 'facility-52001.cert.pem')}`, '--trust-anchor', join(TEST_PKI_DIR, 'ca.cert.pem')],
    badCert: ['check', 'p.xml', '--certificate', '52001'],
    endpoints: ['check', 'p.checkin.xml', 'q.xml'],
  };
  const names = Object.keys(jobs);
  const results = await Promise.all(names.map((n) => run(dir, jobs[n])));
  names.forEach((n, k) => (runs[n] = results[k]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check reads manifest.json and takes a certificate registry', () => {
  it('uses the manifest receipt time and endpoint, and the test PKI verifies the chain and registration', () => {
    const r = runs.manifest;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: receipt times and endpoints from manifest.json');
    const result = JSON.parse(r.stdout) as { checkedAt: string; layout: { reason: string }; findings: Finding[]; summary: { byRule: Record<string, { pass: number; skip: number }> } };
    expect(result.checkedAt).toBe(receivedAt);
    expect(result.layout.reason).toContain('guiHoSoXmlQD3176');
    expect(result.findings.filter((f) => f.ruleId.startsWith('PILOT.TIMELINESS'))).toEqual([]);
    // lean report: byRule lists only rules with a problem; the certificate rules passed, so they are absent
    expect(result.summary.byRule['SIG.CERT.CHAIN']).toBeUndefined();
    expect(result.summary.byRule['SIG.CERT.REGISTERED']).toBeUndefined();
    expect(result.findings.filter((f) => f.ruleId.startsWith('SIG.CERT.'))).toEqual([]);
    // with --findings all the per-rule table is complete
    const all = JSON.parse(runs.manifestAll.stdout) as { summary: { byRule: Record<string, { pass: number; skip: number }> } };
    expect(all.summary.byRule['SIG.CERT.CHAIN']).toMatchObject({ pass: 1, skip: 0 });
    expect(all.summary.byRule['SIG.CERT.REGISTERED']).toMatchObject({ pass: 1, skip: 0 });
  });

  it('takes the endpoint of each file from the manifest (check-in by its name when the manifest has none)', () => {
    const [checkin, other] = runs.endpoints.stdout.trim().split('\n').map((l) => JSON.parse(l) as { layout: { reason: string } });
    expect(checkin.layout.reason).toContain('checkInKcbQd3176');
    expect(other.layout.reason).toContain('guiHoSoXmlQD4750');
  });

  it('a certificate registered for another facility fails SIG.CERT.REGISTERED', () => {
    const r = runs.ownCert;
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { findings: Finding[] };
    expect(result.findings.filter((f) => f.outcome === 'fail').map((f) => f.ruleId)).toEqual(['SIG.CERT.REGISTERED']);
  });

  it('--certificate without MA_CSKCB= is bad usage (exit 3, says the expected form)', () => {
    expect(runs.badCert.code).toBe(3);
    expect(runs.badCert.stderr).toContain('--certificate must be MA_CSKCB=FILE');
  });
});
