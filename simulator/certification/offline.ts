/**
 * Offline certification: the plan run over a folder of files a facility exported (what a reviewer receives by
 * e-mail or USB). Every file is accounted for: judged, or named with the reason it was not (not XML, a
 * duplicate, another facility's, a link, over the count limit) — never silently dropped.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_BYTES } from '../../conformance/envelope/decode.ts';
import type { CheckOptions } from '../../conformance/model.ts';
import { judgeRun, planDigest, type CertificationPlan, type Waiver } from '../../conformance/plans/index.ts';
import { evaluateSubmission } from './evaluate.ts';
import type { CertificationOutcome, InputInventory, JudgedSubmission, RegisteredCertificate, RunRecord } from '../../reports/evidence/model.ts';

/** More files than this in one folder is not an export of one facility: the rest are named as not read. */
export const MAX_OFFLINE_FILES = 20_000;

export interface OfflineRunOptions {
  folder: string;
  facility: { maCSKCB: string; name?: string; maTinh?: string };
  plan: CertificationPlan;
  /** reference time: receipt time of files without a generator manifest, and the bundle's timestamps */
  at: Date;
  registry?: CheckOptions['registry'];
  registrySource: string;
  /** the facility's catalogues (CATALOGUE.* rules), and where they came from; without them those rules skip */
  catalogues?: CheckOptions['catalogues'];
  catalogueSource?: string;
  waivers?: Waiver[];
  ranBy: string;
  maxBytes?: number;
  maxFiles?: number;
  /** called after each judged file (progress on a terminal) */
  onFile?: (done: number, total: number) => void;
}

interface Candidate {
  abs: string;
  rel: string;
}

const posix = (p: string) => p.split(path.sep).join('/');

/** Receipt time and endpoint per file from a `manifest.json` written by `sskdt-lab generate`. */
function generatorManifest(file: string): Map<string, { receivedAt: string; endpoint?: string }> {
  const out = new Map<string, { receivedAt: string; endpoint?: string }>();
  let m: { generator?: string; packages?: { receivedAt?: string; layout?: string; envelope?: { file?: string; endpoint?: string }; checkin?: { file?: string; endpoint?: string } }[] };
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return out;
  }
  if (m?.generator !== 'sskdt-lab generate' || !Array.isArray(m.packages)) return out;
  for (const p of m.packages) {
    if (typeof p.receivedAt !== 'string' || Number.isNaN(Date.parse(p.receivedAt))) continue;
    const layout = p.layout === '4750' ? '4750' : '3176';
    for (const f of [p.envelope, p.checkin]) {
      if (!f?.file) continue;
      const endpoint = f.endpoint ?? (f.file.endsWith('.checkin.xml') ? `checkInKcbQd${layout}` : `guiHoSoXmlQD${layout}`);
      out.set(f.file, { receivedAt: new Date(p.receivedAt).toISOString(), endpoint });
    }
  }
  return out;
}

function looksLikeXml(head: Buffer): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x3c; // '<'
}

function readLimited(file: string, maxBytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(fs.fstatSync(fd).size, maxBytes + 1));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export function describeCertificates(pems: string[]): RegisteredCertificate[] {
  return pems.flatMap((pem) => {
    try {
      const x = new X509Certificate(pem);
      return [{ subject: x.subject.replace(/\n/g, ', '), serialNumber: x.serialNumber, sha256: createHash('sha256').update(x.raw).digest('hex'), notBefore: new Date(x.validFrom).toISOString(), notAfter: new Date(x.validTo).toISOString() }];
    } catch {
      return [];
    }
  });
}

/** Runs the plan over a folder; throws only for a folder that cannot be read at all. */
export function runOffline(opts: OfflineRunOptions): CertificationOutcome {
  const root = path.resolve(opts.folder);
  if (!fs.statSync(root).isDirectory()) throw new Error(`${opts.folder} is not a folder`);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = opts.maxFiles ?? MAX_OFFLINE_FILES;
  const inventory: InputInventory = { filesSeen: 0, judged: 0, ignored: [], duplicates: [], otherFacility: [] };
  const candidates: Candidate[] = [];
  const manifests = new Map<string, Map<string, { receivedAt: string; endpoint?: string }>>();

  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const rel = posix(path.relative(root, abs));
      if (e.isDirectory()) {
        walk(abs);
        continue;
      }
      inventory.filesSeen++;
      if (e.isSymbolicLink()) inventory.ignored.push({ file: rel, reason: 'symbolic link, not followed / liên kết tượng trưng, không đọc' });
      else if (!e.isFile()) inventory.ignored.push({ file: rel, reason: 'not a regular file / không phải tệp thường' });
      else if (e.name === 'manifest.json') {
        const m = generatorManifest(abs);
        manifests.set(posix(path.relative(root, dir)), m);
        inventory.ignored.push({ file: rel, reason: m.size ? 'generator manifest: receipt times and endpoints read from it / tệp kê của bộ sinh dữ liệu: dùng thời điểm nhận và endpoint' : 'not XML / không phải tệp XML' });
      } else candidates.push({ abs, rel });
    }
  };
  walk(root);

  const submissions: JudgedSubmission[] = [];
  const bySha = new Map<string, string>();
  const xmlCandidates: (Candidate & { bytes: Buffer })[] = [];
  for (const c of candidates) {
    const head = readLimited(c.abs, 64);
    if (!c.rel.toLowerCase().endsWith('.xml') || !looksLikeXml(head)) {
      inventory.ignored.push({ file: c.rel, reason: c.rel.toLowerCase().endsWith('.xml') ? 'named .xml but is not XML / tên .xml nhưng không phải XML' : 'not XML / không phải tệp XML' });
      continue;
    }
    if (xmlCandidates.length >= maxFiles) {
      inventory.ignored.push({ file: c.rel, reason: `over the limit of ${maxFiles} files per run / vượt quá ${maxFiles} tệp mỗi lượt` });
      continue;
    }
    const bytes = readLimited(c.abs, maxBytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = bySha.get(sha);
    if (first) {
      inventory.duplicates.push({ file: c.rel, sameAs: first });
      continue;
    }
    bySha.set(sha, c.rel);
    xmlCandidates.push({ ...c, bytes });
  }

  const reference = opts.at.toISOString();
  let done = 0;
  for (const c of xmlCandidates) {
    const dir = posix(path.dirname(c.rel)) === '.' ? '' : posix(path.dirname(c.rel));
    // only a manifest.json in the file's own folder describes it (as `sskdt-lab check` reads it)
    const hint = manifests.get(dir)?.get(path.basename(c.rel));
    const receivedAt = hint?.receivedAt ?? reference;
    const e = evaluateSubmission({ bytes: c.bytes, plan: opts.plan, endpoint: hint?.endpoint, receivedAt, facility: opts.facility.maCSKCB, registry: opts.registry, catalogues: opts.catalogues, fileName: c.rel, maxBytes });
    done++;
    opts.onFile?.(done, xmlCandidates.length);
    const declared = e.facts?.facility;
    if (declared && declared !== opts.facility.maCSKCB) {
      inventory.otherFacility.push({ file: c.rel, facility: declared });
      continue;
    }
    submissions.push({ id: c.rel, bytes: c.bytes, receivedAt, endpoint: hint?.endpoint, result: e.result, facts: e.facts, personalValues: e.personalValues });
  }
  inventory.judged = submissions.length;
  inventory.ignored.sort((a, b) => (a.file < b.file ? -1 : 1));

  const waivers = opts.waivers ?? [];
  const verdict = judgeRun(opts.plan, submissions.map((s) => ({ id: s.id, receivedAt: s.receivedAt, result: s.result, facts: s.facts })), waivers, opts.at);
  const certificates = describeCertificates(opts.registry?.certificatesFor(opts.facility.maCSKCB) ?? []);
  const run: RunRecord = {
    id: `offline-${opts.facility.maCSKCB}-${reference.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`,
    mode: 'offline',
    status: 'finished',
    facility: opts.facility,
    plan: { id: opts.plan.id, version: opts.plan.version, sha256: planDigest(opts.plan) },
    openedAt: reference,
    finishedAt: reference,
    referenceTime: reference,
    ranBy: opts.ranBy,
    timeline: [
      { at: reference, event: `offline run over ${inventory.filesSeen} files: ${inventory.judged} judged, ${inventory.ignored.length} not XML or ignored, ${inventory.duplicates.length} duplicates, ${inventory.otherFacility.length} of another facility`, by: opts.ranBy },
      ...waivers.map((w) => ({ at: w.createdAt, event: `waiver ${w.id} for ${w.ruleId} by ${w.approver} until ${w.expiresAt}: ${w.reason}`, by: w.approver })),
      { at: reference, event: `verdict ${verdict.verdict}`, by: opts.ranBy },
    ],
  };
  return { run, plan: opts.plan, verdict, submissions, inventory: { folder: path.basename(root), ...inventory }, waivers, certificates, registrySource: opts.registrySource, ...(opts.catalogueSource ? { catalogueSource: opts.catalogueSource } : {}) };
}
