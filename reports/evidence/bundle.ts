/**
 * The evidence bundle of a certification run: a zip holding the submissions exactly as received, one Result
 * JSON per submission, the facility report (HTML), JUnit XML, the lab's certificate, `manifest.json` (SHA-256
 * and size of every other file; versions and digests of engine, catalogue, code lists, rule pack and plan; the
 * facility and its registered certificates; the timeline; waivers; who ran it) and `manifest.p7s`, a detached
 * CMS signature over the exact bytes of manifest.json by the lab's key.
 *
 * Deterministic: entries in a fixed order, every timestamp the run's reference time, DOS times written in
 * UTC fields, no extended-timestamp extras, Results without timings; with the same inputs and reference
 * time the zip is byte-identical, signature included (RSA PKCS#1 v1.5 signs deterministically).
 */
import { createHash } from 'node:crypto';
import yazl from 'yazl';
import type { Result } from '../../conformance/result.ts';
import { signDetached } from './cms.ts';
import { renderFacilityReport } from './facility-report.ts';
import { renderRunJunit } from './junit.ts';
import { createMasker } from './mask.ts';
import type { CertificationOutcome } from './model.ts';
import { toolVersions } from './versions.ts';

export const BUNDLE_FORMAT = 'sskdt-lab certification evidence bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.p7s';
export const LAB_CERTIFICATE = 'lab-certificate.pem';

export interface BundleOptions {
  /** the lab's signing key and certificate (simulator/certification/lab-key.ts) */
  labKey: { keyPem: string; certPem: string; fingerprintSha256: string };
  /** false (default) masks personal data in the reports and Result JSON; submissions are never changed */
  unmasked?: boolean;
}

export interface ManifestFileEntry {
  path: string;
  sha256: string;
  size: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A file name safe inside a zip on every system: no separators, no dots-only, printable. */
export function safeEntryName(id: string): string {
  const base = id.replace(/[\\/]+/g, '__').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_');
  return base.slice(-150) || 'submission';
}

function withoutTimings(r: Result): Result {
  return { ...r, timings: {} };
}

/** The files of the bundle (everything but the signature), in zip order. */
export function bundleFiles(o: CertificationOutcome, opts: BundleOptions): { files: { path: string; bytes: Buffer }[]; manifest: Buffer } {
  const masker = createMasker(o.submissions.flatMap((s) => s.personalValues), !opts.unmasked);
  const files: { path: string; bytes: Buffer }[] = [];
  const subEntries: unknown[] = [];
  const judgements = new Map(o.verdict.submissions.map((j) => [j.id, j]));
  o.submissions.forEach((s, i) => {
    const n = String(i + 1).padStart(4, '0');
    const name = `${n}-${safeEntryName(s.id)}`;
    const subPath = `submissions/${name.endsWith('.xml') ? name : `${name}.xml`}`;
    files.push({ path: subPath, bytes: Buffer.from(s.bytes) });
    let resultPath: string | undefined;
    if (s.result) {
      resultPath = `results/${name.replace(/\.xml$/i, '')}.json`;
      files.push({ path: resultPath, bytes: Buffer.from(JSON.stringify(masker.value(withoutTimings(s.result)), null, 2) + '\n', 'utf8') });
    }
    const j = judgements.get(s.id);
    subEntries.push({
      id: masker.text(s.id),
      file: subPath,
      ...(resultPath ? { result: resultPath } : {}),
      receivedAt: s.receivedAt,
      ...(s.endpoint ? { endpoint: s.endpoint } : {}),
      sha256: sha256(s.bytes),
      size: s.bytes.byteLength,
      ...(s.portalAnswer ? { portalAnswer: s.portalAnswer } : {}),
      verdict: j?.verdict ?? 'pending',
      scenarios: j?.scenarios ?? [],
      failingRules: (j?.failingRules ?? []).map((f) => ({ ruleId: f.ruleId, state: f.state, count: f.count, ...(f.waiver ? { waiver: f.waiver } : {}) })),
    });
  });
  files.push({ path: 'report.html', bytes: Buffer.from(renderFacilityReport(o, masker), 'utf8') });
  files.push({ path: 'junit.xml', bytes: Buffer.from(renderRunJunit(o, masker), 'utf8') });
  files.push({ path: LAB_CERTIFICATE, bytes: Buffer.from(opts.labKey.certPem, 'utf8') });

  const v = o.verdict;
  const manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    run: {
      id: o.run.id,
      mode: o.run.mode,
      status: o.run.status,
      openedAt: o.run.openedAt,
      finishedAt: o.run.finishedAt ?? null,
      referenceTime: o.run.referenceTime,
      ranBy: o.run.ranBy,
      timeline: o.run.timeline.map((t) => ({ ...t, event: masker.text(t.event) })),
    },
    facility: { ...o.run.facility, registeredCertificates: o.certificates, registrySource: o.registrySource, ...(o.catalogueSource ? { catalogueSource: o.catalogueSource } : {}) },
    versions: toolVersions(o.plan),
    verdict: {
      verdict: v.verdict,
      reasons: v.reasons.map((r) => ({ vi: masker.text(r.vi), en: masker.text(r.en) })),
      scenarios: v.scenarios.map((s) => ({ id: s.id, required: s.required, state: s.state, submissions: s.submissions.length, passing: s.passing.length, failingRules: s.failingRules })),
      conditions: v.conditions.map((c) => ({ id: c.id, check_kind: c.check_kind, state: c.state, scenarios: c.scenarios })),
      failingRules: v.failingRules.map((f) => ({ ruleId: f.ruleId, state: f.state, count: f.count, ...(f.waiver ? { waiver: f.waiver } : {}) })),
    },
    waivers: o.waivers.map((w) => ({ ...w, applied: v.waiversApplied.includes(w.id) })),
    inputs: {
      ...o.inventory,
      ignored: o.inventory.ignored.map((x) => ({ ...x, file: masker.text(x.file) })),
      duplicates: o.inventory.duplicates.map((x) => ({ file: masker.text(x.file), sameAs: masker.text(x.sameAs) })),
      otherFacility: o.inventory.otherFacility.map((x) => ({ ...x, file: masker.text(x.file) })),
    },
    submissions: subEntries,
    evidencePolicy: {
      submissionsKeptAsReceived: true,
      submissions_vi: 'Các tệp trong submissions/ là hồ sơ đúng như cơ sở đã gửi (từng byte), không ẩn dữ liệu cá nhân: chúng là bằng chứng.',
      submissions_en: 'The files under submissions/ are the submissions exactly as received, byte for byte, with personal data not masked: they are the evidence.',
      personalDataMaskedInReports: masker.active,
      reports_vi: masker.active ? 'Dữ liệu cá nhân (họ tên, số định danh, số thẻ, địa chỉ, điện thoại, ngày sinh) được thay bằng *** trong report.html, junit.xml, results/ và tệp kê này.' : 'Bản không ẩn dữ liệu cá nhân (--unmasked), chỉ dành cho chính cơ sở.',
      reports_en: masker.active ? 'Personal data (names, ID and card numbers, addresses, phones, birth dates) is replaced by *** in report.html, junit.xml, results/ and this manifest.' : 'Unmasked copy (--unmasked), for the facility itself only.',
      resultsWithoutTimings: true,
    },
    signature: { file: SIGNATURE, format: 'CMS (PKCS#7) detached, PEM, SHA-256 with RSA, over the exact bytes of manifest.json', signerCertificate: LAB_CERTIFICATE, signerFingerprintSha256: opts.labKey.fingerprintSha256 },
    files: files.map((f): ManifestFileEntry => ({ path: f.path, sha256: sha256(f.bytes), size: f.bytes.byteLength })),
  };
  return { files, manifest: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') };
}

/** DOS date/time fields are local time in yazl: shift so they read the UTC reference time on any machine. */
function dosDate(at: Date): Date {
  const t = Math.max(at.getTime(), Date.UTC(1980, 0, 1, 12));
  const local = new Date(t);
  return new Date(t + local.getTimezoneOffset() * 60_000);
}

export async function writeBundle(o: CertificationOutcome, opts: BundleOptions): Promise<Buffer> {
  const { files, manifest } = bundleFiles(o, opts);
  const at = new Date(o.run.referenceTime);
  const p7s = Buffer.from(signDetached(manifest, opts.labKey.keyPem, opts.labKey.certPem, at), 'utf8');
  const zip = new yazl.ZipFile();
  const mtime = dosDate(at);
  const add = (name: string, bytes: Buffer) => zip.addBuffer(bytes, name, { mtime, mode: 0o100644, compress: true, forceDosTimestamp: true });
  add(MANIFEST, manifest);
  add(SIGNATURE, p7s);
  for (const f of files) add(f.path, f.bytes);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}
