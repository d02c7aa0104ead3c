/**
 * Regenerates the committed test PKI under generators/pki/test-pki/ (public test material).
 * Run: npx tsx generators/pki/make-test-pki.ts [outDir]
 * The keys change on every run: commit the result and re-run the signature tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_FACILITIES } from './facilities.ts';
import { TEST_CA_NAME, createCa, createFacilityCertificate, exportPkcs12, type KeyAndCert } from './pki.ts';

// Fixed windows so the committed material stays valid for tests for years.
const FROM = new Date('2025-01-01T00:00:00Z');
const CA_TO = new Date('2045-01-01T00:00:00Z');
const LEAF_TO = new Date('2040-01-01T00:00:00Z');

export function makeTestPki(out: string): void {
  mkdirSync(out, { recursive: true });
  const write = (name: string, kc: KeyAndCert) => {
    writeFileSync(join(out, `${name}.key.pem`), kc.keyPem);
    writeFileSync(join(out, `${name}.cert.pem`), kc.certPem);
  };
  const f1 = DEMO_FACILITIES[0];
  const leafFor1 = (ca: KeyAndCert, extra: Partial<Parameters<typeof createFacilityCertificate>[0]> = {}) =>
    createFacilityCertificate({ ca, facilityCode: f1.code, facilityName: f1.name, province: f1.province, validFrom: FROM, validTo: LEAF_TO, ...extra });

  const ca = createCa({ commonName: TEST_CA_NAME, validFrom: FROM, validTo: CA_TO });
  write('ca', ca);
  for (const f of DEMO_FACILITIES) {
    const leaf = createFacilityCertificate({ ca, facilityCode: f.code, facilityName: f.name, province: f.province, validFrom: FROM, validTo: LEAF_TO });
    write(`facility-${f.code}`, leaf);
    // Vendors load this into their HIS test setup; the password is public on purpose.
    writeFileSync(join(out, `facility-${f.code}.p12`), exportPkcs12({ ...leaf, chainPems: [ca.certPem], password: 'sskdt-lab', friendlyName: `${f.code} test` }));
  }
  write('expired-52001', leafFor1(ca, { validFrom: new Date('2023-01-01T00:00:00Z'), validTo: new Date('2024-01-01T00:00:00Z') }));
  // keyUsage without digitalSignature/nonRepudiation: SIG.CERT.KEYUSAGE must refuse it.
  write('nosign-52001', leafFor1(ca, { keyUsage: { keyEncipherment: true } }));
  // A rogue CA that copies our CA's name: names match (checkIssued is true), the signature does not.
  const rogueCa = createCa({ commonName: TEST_CA_NAME, validFrom: FROM, validTo: CA_TO });
  write('rogue-ca', rogueCa);
  write('rogue-52001', leafFor1(rogueCa));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'test-pki');
  makeTestPki(out);
  console.log(`test PKI written to ${out}`);
}
