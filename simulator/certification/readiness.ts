/**
 * Readiness per facility: pilot conditions C1–C13 (conformance/plans/readiness-policy.ts) from
 *  - certification runs, registered by their signed evidence manifest (the `manifest.json` + `manifest.p7s`
 *    of an evidence bundle, verified against the lab's own certificate before it is accepted);
 *  - manual evidence (documents uploaded with who and when, size-limited);
 * and the reviewer's decision: a JSON document signed by the lab (detached CMS, verifiable with plain
 * OpenSSL) and a printable Vietnamese PDF, both referencing the passed run's manifest digest.
 *
 * The API routes (simulator/routes/readiness.ts) and the CLI (readiness-cli.ts) call these functions; who
 * may call which is decided by the callers through simulator/lab-actor.ts.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { READINESS_POLICY, READINESS_POLICY_VERSION, type ReadinessConditionPolicy } from '../../conformance/plans/readiness-policy.ts';
import { signDetached, verifyDetached } from '../../reports/evidence/cms.ts';
import { MANIFEST, SIGNATURE } from '../../reports/evidence/bundle.ts';
import { DEFAULT_VERIFY_LIMITS, readZip, verifyBundle } from '../../reports/evidence/verify.ts';
import { renderDecisionPdf } from '../../reports/evidence/readiness-pdf.ts';
import { VERDICT_VI, type ConditionState, type ReadinessDecision } from '../../reports/evidence/readiness-decision.ts';

export type { ConditionState, ReadinessDecision };
import type { Facility, PortalStore } from '../store.ts';
import { describeCertificate, type LabKey } from './lab-key.ts';

/** A refusal with a stable code, the input at fault, and the HTTP status / CLI exit it maps to. */
export class ReadinessError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly location: string,
    readonly status: 400 | 404 | 409 | 413,
    readonly details?: unknown,
    /** the same refusal in Vietnamese, for the Department's and the facility's pages */
    readonly message_vi?: string,
  ) {
    super(message);
    this.name = 'ReadinessError';
  }
}

export interface EvidenceLimits {
  /** one document */
  maxFileBytes: number;
  /** documents in force (not withdrawn) per facility */
  maxFilesPerFacility: number;
  /** bytes in force per facility */
  maxBytesPerFacility: number;
  /** a registered run's manifest */
  maxManifestBytes: number;
  /** a whole evidence bundle sent to register its run */
  maxBundleBytes: number;
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxFilesPerFacility: 100,
  maxBytesPerFacility: 200 * 1024 * 1024,
  maxManifestBytes: 16 * 1024 * 1024,
  maxBundleBytes: 128 * 1024 * 1024,
};

// ---------------------------------------------------------------- model

export interface RegisteredRun {
  id: number;
  runId: string;
  verdict: string;
  plan: string;
  finishedAt: string | null;
  manifestSha256: string;
  conditions: { id: string; state: string }[];
  addedBy: string;
  addedAt: string;
}

export interface EvidenceItem {
  id: number;
  conditionId: string;
  title: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
}


export interface ConditionReadiness {
  id: string;
  article: string;
  condition_vi: string;
  check_kind: ReadinessConditionPolicy['check_kind'];
  required: boolean;
  sources: ReadinessConditionPolicy['sources'];
  state: ConditionState;
  /** met by: the run (its state in the run's manifest) and/or documents in force */
  run?: { runId: string; state: string };
  documents: { id: number; title: string; sha256: string; uploadedBy: string; uploadedAt: string }[];
  document_vi?: string;
  note?: string;
  note_vi?: string;
}

export interface DecisionSummary {
  id: string;
  verdict: 'approved' | 'refused';
  decidedBy: string;
  decidedAt: string;
  jsonSha256: string;
}

export interface Readiness {
  facility: { maCSKCB: string; ten: string; maTinh: string };
  policyVersion: string;
  /** the latest registered run that passed; the decision references its manifest */
  run: RegisteredRun | null;
  runs: RegisteredRun[];
  conditions: ConditionReadiness[];
  ready: boolean;
  /** what stands between the facility and an approval (Vietnamese, English) */
  missing: { vi: string; en: string }[];
  evidence: EvidenceItem[];
  decisions: DecisionSummary[];
}

async function facilityOrThrow(store: PortalStore, maCSKCB: string): Promise<Facility> {
  const f = await store.getFacility(maCSKCB);
  if (!f) throw new ReadinessError('READINESS.FACILITY_UNKNOWN', `no facility ${maCSKCB} is registered in the lab`, 'facility', 404, undefined, `cơ sở ${maCSKCB} chưa được đăng ký trong phòng lab`);
  return f;
}

interface RunRow { id: number; run_id: string; verdict: string; plan: string; finished_at: string | null; conditions: string; manifest_sha256: string; added_by: string; added_at: string }
interface EvidenceRow { id: number; condition_id: string; title: string; file_name: string; media_type: string; size: number; sha256: string; uploaded_by: string; uploaded_at: string; withdrawn_by: string | null; withdrawn_at: string | null }

const runOf = (r: RunRow): RegisteredRun => ({
  id: r.id,
  runId: r.run_id,
  verdict: r.verdict,
  plan: r.plan,
  finishedAt: r.finished_at,
  manifestSha256: r.manifest_sha256,
  conditions: JSON.parse(r.conditions),
  addedBy: r.added_by,
  addedAt: r.added_at,
});
const evidenceOf = (r: EvidenceRow): EvidenceItem => ({
  id: r.id,
  conditionId: r.condition_id,
  title: r.title,
  fileName: r.file_name,
  mediaType: r.media_type,
  size: r.size,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
  withdrawnBy: r.withdrawn_by,
  withdrawnAt: r.withdrawn_at,
});

export async function computeReadiness(store: PortalStore, maCSKCB: string): Promise<Readiness> {
  const f = await facilityOrThrow(store, maCSKCB);
  const runs = (await store.sql.all<RunRow>('SELECT * FROM readiness_runs WHERE ma_cskcb = ? ORDER BY id', [maCSKCB])).map(runOf);
  const evidence = (await store.sql.all<EvidenceRow>('SELECT id, condition_id, title, file_name, media_type, size, sha256, uploaded_by, uploaded_at, withdrawn_by, withdrawn_at FROM readiness_evidence WHERE ma_cskcb = ? ORDER BY id', [maCSKCB])).map(evidenceOf);
  const decisions = (await store.sql.all<{ id: string; verdict: 'approved' | 'refused'; decided_by: string; decided_at: string; json_sha256: string }>('SELECT id, verdict, decided_by, decided_at, json_sha256 FROM readiness_decisions WHERE ma_cskcb = ? ORDER BY decided_at, id', [maCSKCB])).map((d) => ({
    id: d.id,
    verdict: d.verdict,
    decidedBy: d.decided_by,
    decidedAt: d.decided_at,
    jsonSha256: d.json_sha256,
  }));
  // The latest passed run counts (by finish time, then registration): a later failed run does not undo it,
  // but it is listed, so the reviewer sees it.
  const passed = runs.filter((r) => r.verdict === 'pass').sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? '') || a.id - b.id);
  const run = passed.at(-1) ?? null;
  const inForce = evidence.filter((e) => !e.withdrawnAt);
  const conditions: ConditionReadiness[] = READINESS_POLICY.map((p) => {
    const runState = run?.conditions.find((c) => c.id === p.id)?.state;
    const docs = p.sources.includes('document') ? inForce.filter((e) => e.conditionId === p.id) : [];
    let state: ConditionState = 'missing';
    if (p.sources.includes('run') && runState === 'evidenced') state = 'met';
    else if (docs.length > 0) state = 'met';
    else if (p.sources.includes('run') && runState === 'waived') state = 'waived';
    return {
      id: p.id,
      article: p.article,
      condition_vi: p.condition_vi,
      check_kind: p.check_kind,
      required: p.required,
      sources: p.sources,
      state,
      ...(run && runState ? { run: { runId: run.runId, state: runState } } : {}),
      documents: docs.map((d) => ({ id: d.id, title: d.title, sha256: d.sha256, uploadedBy: d.uploadedBy, uploadedAt: d.uploadedAt })),
      ...(p.document_vi ? { document_vi: p.document_vi } : {}),
      ...(p.note ? { note: p.note } : {}),
      ...(p.note_vi ? { note_vi: p.note_vi } : {}),
    };
  });
  const missing: { vi: string; en: string }[] = [];
  if (!run) missing.push({ vi: 'Chưa có lượt chứng nhận nào đạt (đăng ký manifest.json và manifest.p7s của gói bằng chứng)', en: 'No passed certification run is registered (register the evidence bundle’s manifest.json and manifest.p7s)' });
  for (const c of conditions.filter((x) => x.required && x.state === 'missing')) {
    const how = c.sources.map((s) => (s === 'run' ? 'lượt chứng nhận đạt' : 'tài liệu')).join(' hoặc ');
    const howEn = c.sources.map((s) => (s === 'run' ? 'a passed certification run' : 'a document')).join(' or ');
    missing.push({ vi: `${c.id} chưa có bằng chứng (${how}): ${c.condition_vi}`, en: `${c.id} has no evidence (${howEn})` });
  }
  return {
    facility: { maCSKCB: f.maCSKCB, ten: f.ten, maTinh: f.maTinh },
    policyVersion: READINESS_POLICY_VERSION,
    run,
    runs,
    conditions,
    ready: missing.length === 0,
    missing,
    evidence,
    decisions,
  };
}

// ---------------------------------------------------------------- runs

const ManifestShape = z.object({
  format: z.literal('sskdt-lab certification evidence bundle'),
  run: z.object({ id: z.string().min(1), finishedAt: z.string().nullable().optional() }),
  facility: z.object({ maCSKCB: z.string() }),
  versions: z.object({ plan: z.object({ id: z.string(), version: z.string() }) }),
  verdict: z.object({ verdict: z.string(), conditions: z.array(z.object({ id: z.string(), state: z.string() })) }),
});

/**
 * Registers a certification run for readiness by its signed manifest. Refused unless the signature verifies
 * against the lab's certificate (so only runs this lab judged count), the manifest is an evidence-bundle
 * manifest, and it is for this facility. Registering the same manifest twice is a no-op.
 */
export async function registerRun(store: PortalStore, input: { maCSKCB: string; manifest: Uint8Array; signaturePem: string; by: string; labCertPem: string; now: Date; limits?: EvidenceLimits }): Promise<RegisteredRun> {
  const limits = input.limits ?? DEFAULT_EVIDENCE_LIMITS;
  await facilityOrThrow(store, input.maCSKCB);
  if (input.manifest.byteLength > limits.maxManifestBytes) throw new ReadinessError('READINESS.RUN_TOO_LARGE', `the manifest is ${input.manifest.byteLength} bytes, over the limit of ${limits.maxManifestBytes}`, 'manifest', 413, undefined, `tệp manifest dài ${input.manifest.byteLength} byte, vượt giới hạn ${limits.maxManifestBytes} byte`);
  const check = verifyDetached(input.manifest, input.signaturePem, input.labCertPem);
  if (!check.ok) throw new ReadinessError('READINESS.RUN_SIGNATURE', `the manifest's signature does not verify with this lab's certificate: ${check.reason}`, 'signature', 400, undefined, `chữ ký của manifest không khớp với chứng thư số của phòng lab này (${check.reason})`);
  let manifest: z.infer<typeof ManifestShape>;
  try {
    manifest = ManifestShape.parse(JSON.parse(Buffer.from(input.manifest).toString('utf8')));
  } catch (e) {
    throw new ReadinessError('READINESS.RUN_MANIFEST', `not an evidence-bundle manifest: ${(e as Error).message.slice(0, 300)}`, 'manifest', 400, undefined, `không phải manifest của gói bằng chứng (${(e as Error).message.slice(0, 300)})`);
  }
  if (manifest.facility.maCSKCB !== input.maCSKCB) throw new ReadinessError('READINESS.RUN_FACILITY', `the run is for facility ${manifest.facility.maCSKCB}, not ${input.maCSKCB}`, 'manifest', 400, undefined, `lượt chứng nhận này của cơ sở ${manifest.facility.maCSKCB}, không phải của cơ sở ${input.maCSKCB}`);
  const sha = createHash('sha256').update(input.manifest).digest('hex');
  await store.sql.run(
    `INSERT INTO readiness_runs (ma_cskcb, run_id, verdict, plan, finished_at, conditions, manifest, manifest_sha256, signature, added_by, added_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ma_cskcb, manifest_sha256) DO NOTHING`,
    [
      input.maCSKCB,
      manifest.run.id,
      manifest.verdict.verdict,
      `${manifest.versions.plan.id}@${manifest.versions.plan.version}`,
      manifest.run.finishedAt ?? null,
      JSON.stringify(manifest.verdict.conditions.map((c) => ({ id: c.id, state: c.state }))),
      Buffer.from(input.manifest),
      sha,
      input.signaturePem,
      input.by,
      input.now.toISOString(),
    ],
  );
  return runOf((await store.sql.get<RunRow>('SELECT * FROM readiness_runs WHERE ma_cskcb = ? AND manifest_sha256 = ?', [input.maCSKCB, sha]))!);
}

/**
 * Registers a run by its whole evidence bundle (zip): the bundle is verified first (signature by this lab,
 * every file's digest, nothing missing or extra; zip-bomb and path limits), then its manifest is registered.
 */
export async function registerBundle(store: PortalStore, input: { maCSKCB: string; bundle: Buffer; by: string; labCertPem: string; now: Date; limits?: EvidenceLimits }): Promise<RegisteredRun> {
  await facilityOrThrow(store, input.maCSKCB);
  const limits = { ...DEFAULT_VERIFY_LIMITS, maxBundleBytes: Math.min(DEFAULT_VERIFY_LIMITS.maxBundleBytes, (input.limits ?? DEFAULT_EVIDENCE_LIMITS).maxBundleBytes) };
  if (input.bundle.byteLength > limits.maxBundleBytes) throw new ReadinessError('READINESS.RUN_TOO_LARGE', `the bundle is ${input.bundle.byteLength} bytes, over the limit of ${limits.maxBundleBytes}`, 'bundle', 413, undefined, `gói bằng chứng dài ${input.bundle.byteLength} byte, vượt giới hạn ${limits.maxBundleBytes} byte`);
  const checked = await verifyBundle(input.bundle, input.labCertPem, limits);
  if (!checked.ok) throw new ReadinessError('READINESS.RUN_BUNDLE', `the bundle does not verify: ${checked.problems.slice(0, 5).join('; ')}`, 'bundle', 400, checked.problems, `gói bằng chứng không kiểm tra được: ${checked.problems_vi.slice(0, 5).join('; ')}`);
  const { entries } = await readZip(input.bundle, limits);
  return await registerRun(store, { ...input, manifest: entries.get(MANIFEST)!, signaturePem: entries.get(SIGNATURE)!.toString('latin1') });
}

// ---------------------------------------------------------------- evidence

/** A media type from the first bytes (never trusted from the upload): served back as an attachment anyway. */
export function sniffMediaType(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'application/zip';
  return 'application/octet-stream';
}

/** A file name safe to store and to put in a Content-Disposition header: no folders, no control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim().slice(0, 120);
  return clean && clean !== '.' && clean !== '..' ? clean : 'tai-lieu';
}

export async function addEvidence(store: PortalStore, input: { maCSKCB: string; conditionId: string; title: string; fileName: string; content: Uint8Array; by: string; now: Date; limits?: EvidenceLimits }): Promise<EvidenceItem> {
  const limits = input.limits ?? DEFAULT_EVIDENCE_LIMITS;
  await facilityOrThrow(store, input.maCSKCB);
  const policy = READINESS_POLICY.find((p) => p.id === input.conditionId);
  if (!policy) throw new ReadinessError('READINESS.CONDITION_UNKNOWN', `unknown pilot condition "${input.conditionId}" (C1–C13)`, 'condition', 400, undefined, `không có điều kiện thí điểm "${input.conditionId}" (C1–C13)`);
  if (!policy.sources.includes('document')) {
    throw new ReadinessError('READINESS.CONDITION_AUTOMATED', `${policy.id} is evidenced by a passed certification run, not by a document`, 'condition', 400, undefined, `${policy.id} được chứng minh bằng một lượt chứng nhận đạt, không phải bằng tài liệu`);
  }
  const title = input.title.normalize('NFC').trim();
  if (title.length === 0 || title.length > 300) throw new ReadinessError('READINESS.TITLE', 'the title must be 1–300 characters (what the document is: number, date, issuer)', 'title', 400, undefined, 'tên tài liệu phải dài 1–300 ký tự (tài liệu gì: số, ngày, nơi ban hành)');
  if (input.content.byteLength === 0) throw new ReadinessError('READINESS.EVIDENCE_EMPTY', 'the document is empty', 'file', 400, undefined, 'tài liệu rỗng');
  if (input.content.byteLength > limits.maxFileBytes) {
    throw new ReadinessError('READINESS.EVIDENCE_TOO_LARGE', `the document is ${input.content.byteLength} bytes, over the limit of ${limits.maxFileBytes} bytes per document`, 'file', 413, undefined, `tài liệu dài ${input.content.byteLength} byte, vượt giới hạn ${limits.maxFileBytes} byte mỗi tài liệu`);
  }
  const used = (await store.sql.get<{ n: number; bytes: number }>('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM readiness_evidence WHERE ma_cskcb = ? AND withdrawn_at IS NULL', [input.maCSKCB]))!;
  if (used.n + 1 > limits.maxFilesPerFacility) throw new ReadinessError('READINESS.EVIDENCE_QUOTA', `facility ${input.maCSKCB} already has ${used.n} documents in force (limit ${limits.maxFilesPerFacility}); withdraw one first`, 'file', 413, undefined, `cơ sở ${input.maCSKCB} đã có ${used.n} tài liệu còn hiệu lực (giới hạn ${limits.maxFilesPerFacility}); hãy rút bớt một tài liệu trước`);
  if (used.bytes + input.content.byteLength > limits.maxBytesPerFacility) {
    throw new ReadinessError('READINESS.EVIDENCE_QUOTA', `facility ${input.maCSKCB}'s documents would take ${used.bytes + input.content.byteLength} bytes (limit ${limits.maxBytesPerFacility}); withdraw one first`, 'file', 413, undefined, `tài liệu của cơ sở ${input.maCSKCB} sẽ chiếm ${used.bytes + input.content.byteLength} byte (giới hạn ${limits.maxBytesPerFacility}); hãy rút bớt một tài liệu trước`);
  }
  const newId = await store.sql.insert(
    'INSERT INTO readiness_evidence (ma_cskcb, condition_id, title, file_name, media_type, content, size, sha256, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [input.maCSKCB, policy.id, title, safeFileName(input.fileName), sniffMediaType(input.content), Buffer.from(input.content), input.content.byteLength, createHash('sha256').update(input.content).digest('hex'), input.by, input.now.toISOString()],
  );
  return evidenceOf((await store.sql.get<EvidenceRow>('SELECT * FROM readiness_evidence WHERE id = ?', [newId]))!);
}

export async function getEvidence(store: PortalStore, maCSKCB: string, id: number): Promise<(EvidenceItem & { content: Buffer }) | undefined> {
  const r = await store.sql.get<EvidenceRow & { content: Buffer }>('SELECT * FROM readiness_evidence WHERE ma_cskcb = ? AND id = ?', [maCSKCB, id]);
  return r ? { ...evidenceOf(r), content: r.content } : undefined;
}

/** Withdraws a document (kept, with who and when: a decision may already reference it). */
export async function withdrawEvidence(store: PortalStore, input: { maCSKCB: string; id: number; by: string; now: Date }): Promise<EvidenceItem> {
  await facilityOrThrow(store, input.maCSKCB);
  const found = await getEvidence(store, input.maCSKCB, input.id);
  if (!found) throw new ReadinessError('READINESS.EVIDENCE_UNKNOWN', `facility ${input.maCSKCB} has no document ${input.id}`, 'evidence', 404, undefined, `cơ sở ${input.maCSKCB} không có tài liệu ${input.id}`);
  if (!found.withdrawnAt) await store.sql.run('UPDATE readiness_evidence SET withdrawn_by = ?, withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL', [input.by, input.now.toISOString(), input.id]);
  return evidenceOf((await store.sql.get<EvidenceRow>('SELECT * FROM readiness_evidence WHERE id = ?', [input.id]))!);
}

// ---------------------------------------------------------------- decisions

export interface StoredDecision {
  id: string;
  json: Buffer;
  p7s: string;
  pdf: Buffer;
  jsonSha256: string;
  decision: ReadinessDecision;
}


/**
 * The reviewer's decision: approving needs every required condition met and a passed run (409
 * READINESS.NOT_READY names what is missing); refusing needs a note saying why. Writes the decision JSON,
 * its detached CMS signature by the lab key (signing time = decision time) and the PDF, all in the store.
 */
export async function decide(
  store: PortalStore,
  input: { maCSKCB: string; verdict: 'approved' | 'refused'; note?: string; reviewer: { username: string; maTinh: string }; labKey: LabKey; now: Date },
): Promise<StoredDecision> {
  const r = await computeReadiness(store, input.maCSKCB);
  const note = input.note?.normalize('NFC').trim() || null;
  if (note && note.length > 2000) throw new ReadinessError('READINESS.NOTE', 'the note is over 2000 characters', 'note', 400, undefined, 'ghi chú dài quá 2000 ký tự');
  if (input.verdict === 'approved' && !r.ready) {
    throw new ReadinessError('READINESS.NOT_READY', `facility ${input.maCSKCB} is not ready: ${r.missing.map((m) => m.en).join('; ')}`, 'verdict', 409, r.missing);
  }
  if (input.verdict === 'refused' && !note) throw new ReadinessError('READINESS.NOTE', 'a refusal needs a note saying what is missing or wrong', 'note', 400, undefined, 'quyết định từ chối cần ghi chú nêu rõ còn thiếu hoặc sai điều gì');
  const decidedAt = new Date(Math.floor(input.now.getTime() / 1000) * 1000); // whole seconds: CMS signingTime has no fractions
  const day = decidedAt.toISOString().slice(0, 10).replace(/-/g, '');
  const seq = (await store.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM readiness_decisions WHERE ma_cskcb = ?', [input.maCSKCB]))!.n + 1;
  const id = `QD-${input.maCSKCB}-${day}-${String(seq).padStart(3, '0')}`;
  const signer = describeCertificate(input.labKey.certPem);
  const decision: ReadinessDecision = {
    kind: 'sskdt-lab/readiness-decision',
    version: 1,
    id,
    facility: r.facility,
    verdict: input.verdict,
    verdict_vi: VERDICT_VI[input.verdict],
    note,
    decidedBy: { username: input.reviewer.username, role: 'reviewer', maTinh: input.reviewer.maTinh },
    decidedAt: decidedAt.toISOString(),
    basis: 'QĐ 2733/QĐ-BYT Phụ lục 01 (điều kiện C1–C13, pilot-conditions.json)',
    policyVersion: r.policyVersion,
    certificationRun: r.run ? { runId: r.run.runId, plan: r.run.plan, finishedAt: r.run.finishedAt, verdict: r.run.verdict, manifestSha256: r.run.manifestSha256 } : null,
    conditions: r.conditions.map((c) => ({ id: c.id, article: c.article, condition_vi: c.condition_vi, required: c.required, state: c.state, ...(c.run ? { run: c.run } : {}), documents: c.documents })),
    missingAtDecision: r.missing,
    signature: { format: 'CMS (PKCS#7) detached, PEM, SHA-256 with RSA, over the exact bytes of the decision JSON', signerSubject: signer.subject, signerFingerprintSha256: signer.fingerprintSha256 },
  };
  const json = Buffer.from(JSON.stringify(decision, null, 2) + '\n', 'utf8');
  const p7s = signDetached(json, input.labKey.keyPem, input.labKey.certPem, decidedAt);
  const jsonSha256 = createHash('sha256').update(json).digest('hex');
  const pdf = await renderDecisionPdf(decision, { jsonSha256 });
  await store.sql.run(
    'INSERT INTO readiness_decisions (id, ma_cskcb, verdict, decided_by, decided_at, decision_json, decision_p7s, decision_pdf, json_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [id, input.maCSKCB, input.verdict, input.reviewer.username, decision.decidedAt, json, p7s, pdf, jsonSha256],
  );
  return { id, json, p7s, pdf, jsonSha256, decision };
}

export async function getDecision(store: PortalStore, maCSKCB: string, id: string): Promise<StoredDecision | undefined> {
  const r = await store.sql.get<{ id: string; decision_json: Buffer; decision_p7s: string; decision_pdf: Buffer; json_sha256: string }>('SELECT * FROM readiness_decisions WHERE ma_cskcb = ? AND id = ?', [maCSKCB, id]);
  if (!r) return undefined;
  return { id: r.id, json: r.decision_json, p7s: r.decision_p7s, pdf: r.decision_pdf, jsonSha256: r.json_sha256, decision: JSON.parse(r.decision_json.toString('utf8')) };
}
