/**
 * Online certification runs: a run is opened for a facility, every submission the facility makes to the
 * portal while it is open is judged with the plan (the same evaluation as an offline run: the certification
 * profile, signatures required, the facility's registered certificates), progress is read per scenario, and
 * the run is finished. Submissions outside the run's window never count. The API routes, the CLI and the
 * bundle all call these functions; access checks are the callers' (routes: simulator/access.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { compactResult, expandResult } from '../../conformance/result-compact.ts';
import { ruleMeta } from '../../conformance/rules/registry.ts';
import { toolVersions } from '../../reports/evidence/versions.ts';
import { DEFAULT_PLAN, judgeRun, planById, planDigest, type CertificationPlan, type RunSubmission, type RunVerdict, type Waiver } from '../../conformance/plans/index.ts';
import type { CertificationOutcome, JudgedSubmission, RunEvent, RunRecord } from '../../reports/evidence/model.ts';
import type { CatalogueSet } from '../../conformance/catalogues/model.ts';
import { catalogueJobData, catalogueSetOf } from '../catalogue-job.ts';
import { isUniqueViolation, type PortalStore, type SqlClient, type WindowSubmission } from '../store.ts';
import { evaluateSubmission, type Evaluated } from './evaluate.ts';
import { describeCertificates } from './offline.ts';
import { parseWaivers, WaiverError } from './waivers.ts';

export class CertificationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

interface RunRow {
  id: string;
  ma_cskcb: string;
  plan_id: string;
  plan_version: string;
  plan_sha256: string;
  status: 'open' | 'finished';
  opened_at: string;
  opened_by: string;
  finished_at: string | null;
  finished_by: string | null;
  timeline: string;
}

interface WaiverRow {
  id: string;
  rule_id: string;
  ma_lk: string | null;
  submission: string | null;
  reason: string;
  approver: string;
  expires_at: string;
  created_at: string;
}

/** Endpoints whose submissions a plan judges (records and check-ins); other uploads are listed, not judged. */
const JUDGED_ENDPOINT = /^(guiHoSoXmlQD|checkInKcbQd)/;

export interface RunStatus {
  run: RunRecord;
  verdict: RunVerdict;
  /** submissions of the facility during the run, judged */
  submissions: { id: string; receivedAt: string; endpoint: string; verdict: string; scenarios: string[]; failingRules: string[] }[];
  /** uploads during the run that no plan judges (e.g. guiGiayToDienTu) */
  notJudged: { id: string; endpoint: string }[];
  waivers: Waiver[];
}

export interface CertificationDeps {
  store: PortalStore;
  trustAnchors: () => string[];
  clock: () => number;
  /** judge an open run's new submissions in the background this long after intake pauses (default: off) */
  prejudgeAfterMs?: number;
  /** a background judgement failed (logged by the portal) */
  onError?: (err: unknown) => void;
}

interface JudgementRow {
  ma_giao_dich: string;
  inputs: string;
  result: Buffer;
  facts: string | null;
  personal: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class CertificationService {
  /**
   * Judged submissions by maGiaoDich + the digest of everything the judgement depends on (the file, plan,
   * engine and rule pack, registered certificates, trust anchors): a stored submission never changes, so
   * neither does its judgement. Kept in memory and in the store (cert_judgements), so the first view of a run
   * after a restart reads its judgements instead of checking every submission again.
   */
  private readonly cache = new Map<string, Evaluated>();
  private static readonly CACHE_MAX = 20_000;
  /** submissions checked afresh for a plan since this service started (tests, metrics) */
  evaluations = 0;
  /** background judging of an open run's new submissions: this long after the last arrival (undefined: off) */
  prejudgeAfterMs: number | undefined;
  private readonly prejudging = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: CertificationDeps) {
    this.prejudgeAfterMs = deps.prejudgeAfterMs;
  }

  private get db() {
    return this.deps.store.sql;
  }

  private now(): string {
    return new Date(this.deps.clock()).toISOString();
  }

  async start(maCSKCB: string, by: string, planId?: string): Promise<RunRecord> {
    const facility = await this.deps.store.getFacility(maCSKCB);
    if (!facility) throw new CertificationError('CERT.FACILITY_UNKNOWN', `no facility ${maCSKCB} in the registry`, 404);
    const plan = planId ? planById(planId) : DEFAULT_PLAN;
    if (!plan) throw new CertificationError('CERT.PLAN_UNKNOWN', `unknown plan "${planId}"`);
    const open = await this.db.get<{ id: string }>("SELECT id FROM cert_runs WHERE ma_cskcb = ? AND status = 'open'", [maCSKCB]);
    if (open) throw new CertificationError('CERT.RUN_OPEN', `facility ${maCSKCB} already has an open run ${open.id}: finish it first`, 409);
    const at = this.now();
    const id = `run-${maCSKCB}-${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
    const timeline: RunEvent[] = [{ at, event: `run opened with plan ${plan.id}@${plan.version}`, by }];
    try {
      await this.db.run('INSERT INTO cert_runs (id, ma_cskcb, plan_id, plan_version, plan_sha256, status, opened_at, opened_by, timeline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, maCSKCB, plan.id, plan.version, planDigest(plan), 'open', at, by, JSON.stringify(timeline)]);
    } catch (e) {
      if (isUniqueViolation(e)) throw new CertificationError('CERT.RUN_OPEN', `facility ${maCSKCB} already has an open run`, 409);
      throw e;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const r = await this.db.get<RunRow>('SELECT * FROM cert_runs WHERE id = ?', [id]);
    return r ? await this.record(r) : undefined;
  }

  async list(scope: { maCSKCB: string } | { maTinh: string } | 'all'): Promise<RunRecord[]> {
    const rows = await (scope === 'all'
      ? this.db.all<RunRow>('SELECT * FROM cert_runs ORDER BY opened_at DESC, id')
      : 'maCSKCB' in scope
        ? this.db.all<RunRow>('SELECT * FROM cert_runs WHERE ma_cskcb = ? ORDER BY opened_at DESC, id', [scope.maCSKCB])
        : this.db.all<RunRow>('SELECT r.* FROM cert_runs r JOIN facilities f ON f.ma_cskcb = r.ma_cskcb WHERE f.ma_tinh = ? ORDER BY r.opened_at DESC, r.id', [scope.maTinh]));
    const out: RunRecord[] = [];
    for (const r of rows) out.push(await this.record(r));
    return out;
  }

  private async record(r: RunRow): Promise<RunRecord> {
    const f = await this.deps.store.getFacility(r.ma_cskcb);
    return {
      id: r.id,
      mode: 'online',
      status: r.status,
      facility: { maCSKCB: r.ma_cskcb, ...(f ? { name: f.ten, maTinh: f.maTinh } : {}) },
      plan: { id: r.plan_id, version: r.plan_version, sha256: r.plan_sha256 },
      openedAt: r.opened_at,
      ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
      referenceTime: r.finished_at ?? this.now(),
      ranBy: r.opened_by,
      timeline: JSON.parse(r.timeline) as RunEvent[],
    };
  }

  /** The plan a run was opened with; a run whose plan version is no longer shipped cannot be re-judged. */
  private planOf(run: RunRecord): CertificationPlan {
    const plan = planById(run.plan.id);
    if (!plan || plan.version !== run.plan.version) {
      throw new CertificationError('CERT.PLAN_VERSION', `run ${run.id} was opened with ${run.plan.id}@${run.plan.version}, which this lab no longer ships`, 409);
    }
    return plan;
  }

  async waivers(runId: string): Promise<Waiver[]> {
    const rows = await this.db.all<WaiverRow>('SELECT * FROM cert_waivers WHERE run_id = ? ORDER BY created_at, id', [runId]);
    return rows.map((w) => ({ id: w.id, ruleId: w.rule_id, ...(w.ma_lk ? { maLk: w.ma_lk } : {}), ...(w.submission ? { submission: w.submission } : {}), reason: w.reason, approver: w.approver, expiresAt: w.expires_at, createdAt: w.created_at }));
  }

  /** Records a waiver granted by `approver` (the caller checks that the approver may grant it). */
  async addWaiver(runId: string, input: unknown, approver: string): Promise<Waiver> {
    const run = await this.get(runId);
    if (!run) throw new CertificationError('CERT.RUN_UNKNOWN', `no run ${runId}`, 404);
    if (run.status !== 'open') throw new CertificationError('CERT.RUN_FINISHED', `run ${runId} is finished: waivers are granted while a run is open`, 409);
    const existing = await this.waivers(runId);
    let w: Waiver;
    try {
      [w] = parseWaivers([{ ...(input as object), approver, id: `W${existing.length + 1}`, createdAt: this.now() }], new Date(this.deps.clock()));
    } catch (e) {
      if (e instanceof WaiverError) throw new CertificationError('CERT.WAIVER', e.message);
      throw e;
    }
    await this.db.tx(async (q) => {
      await q.run('INSERT INTO cert_waivers (run_id, id, rule_id, ma_lk, submission, reason, approver, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [runId, w.id, w.ruleId, w.maLk ?? null, w.submission ?? null, w.reason, w.approver, w.expiresAt, w.createdAt]);
      await this.appendEvent(q, runId, { at: w.createdAt, event: `waiver ${w.id} for ${w.ruleId}${w.maLk ? ` (MA_LK ${w.maLk})` : ''} until ${w.expiresAt}: ${w.reason}`, by: approver });
    });
    return w;
  }

  /** Appends to a run's timeline inside a transaction (the row is locked on a server database, so two instances never lose an event). */
  private async appendEvent(q: SqlClient, runId: string, e: RunEvent): Promise<void> {
    const r = (await q.get<{ timeline: string }>(`SELECT timeline FROM cert_runs WHERE id = ?${q.dialect === 'postgres' ? ' FOR UPDATE' : ''}`, [runId]))!;
    const timeline = [...(JSON.parse(r.timeline) as RunEvent[]), e];
    await q.run('UPDATE cert_runs SET timeline = ? WHERE id = ?', [JSON.stringify(timeline), runId]);
  }

  /** The facility's submissions inside the run's window (opened_at ≤ receivedAt ≤ finished_at or now). */
  private windowSubmissions(run: RunRecord): Promise<WindowSubmission[]> {
    return this.deps.store.submissionsInWindow(run.facility.maCSKCB, run.openedAt, run.finishedAt ?? '9999-12-31T23:59:59.999Z');
  }

  private async registry(maCSKCB: string) {
    const certs = await this.deps.store.certificatesFor(maCSKCB);
    return { certificatesFor: (f: string) => (f === maCSKCB ? certs : []), trustAnchors: this.deps.trustAnchors() };
  }

  /**
   * What a submission's judgement depends on besides its own bytes, as one digest per run: the plan, the
   * versions and digests of engine, catalogue, code lists and rule pack, the facility's registered
   * certificates, the trust anchors and the facility's stored catalogues (newest version id). A change to any of
   * them makes every stored judgement stale.
   */
  private judgementContext(plan: CertificationPlan, registry: Awaited<ReturnType<CertificationService['registry']>>, maCSKCB: string, catalogueStamp: number): string {
    return sha256(JSON.stringify({ tools: toolVersions(plan), certificates: registry.certificatesFor(maCSKCB), trustAnchors: registry.trustAnchors, catalogues: catalogueStamp }));
  }

  /**
   * The facility's stored catalogues (as the portal's own checks use them), or none: the CATALOGUE.* rules then
   * skip. Versions are only ever added, so the newest version id (the stamp) names what a judgement used.
   */
  private async catalogues(maCSKCB: string): Promise<{ stamp: number; set?: CatalogueSet }> {
    const job = await catalogueJobData(this.deps.store, maCSKCB);
    return job ? { stamp: await this.deps.store.catalogueStamp(maCSKCB), set: catalogueSetOf(job) } : { stamp: 0 };
  }

  /** What the bundle says about the catalogues the run was judged with (nothing when the facility has none). */
  private async catalogueSource(maCSKCB: string): Promise<{ catalogueSource?: string }> {
    const versions = await this.deps.store.catalogueVersionsOf(maCSKCB);
    if (versions.length === 0) return {};
    const kinds = [...new Set(versions.map((v) => v.kind))].sort().join(', ');
    return { catalogueSource: `the portal's stored catalogues of ${maCSKCB}: ${versions.length} version(s) (${kinds}), newest #${await this.deps.store.catalogueStamp(maCSKCB)}` };
  }

  private async loadJudgement(maGiaoDich: string, planId: string, inputs: string): Promise<Evaluated | undefined> {
    const row = await this.db.get<JudgementRow>('SELECT ma_giao_dich, inputs, result, facts, personal FROM cert_judgements WHERE ma_giao_dich = ? AND plan_id = ?', [maGiaoDich, planId]);
    if (!row || row.inputs !== inputs) return undefined;
    try {
      return { result: expandResult(row.result, ruleMeta), ...(row.facts ? { facts: JSON.parse(row.facts) as Evaluated['facts'] } : {}), personalValues: JSON.parse(row.personal) as string[] };
    } catch {
      return undefined; // unreadable (another format): judged again and replaced
    }
  }

  private async saveJudgements(planId: string, rows: { maGiaoDich: string; inputs: string; e: Evaluated }[]): Promise<void> {
    if (rows.length === 0) return;
    const put = `INSERT INTO cert_judgements (ma_giao_dich, plan_id, inputs, result, facts, personal, judged_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (ma_giao_dich, plan_id) DO UPDATE SET inputs = excluded.inputs, result = excluded.result, facts = excluded.facts, personal = excluded.personal, judged_at = excluded.judged_at`;
    const at = this.now();
    await this.db.tx(async (q) => {
      for (const r of rows) await q.run(put, [r.maGiaoDich, planId, r.inputs, compactResult(r.e.result, ruleMeta), r.e.facts ? JSON.stringify(r.e.facts) : null, JSON.stringify(r.e.personalValues), at]);
    });
  }

  /** One accepted submission's judgement: from memory, else from the store, else judged now (and queued in `fresh` to be stored). */
  private async judgementOf(run: RunRecord, plan: CertificationPlan, registry: Awaited<ReturnType<CertificationService['registry']>>, catalogues: CatalogueSet | undefined, context: string, sub: WindowSubmission & { fileBytes: Buffer }, fresh: { maGiaoDich: string; inputs: string; e: Evaluated }[]): Promise<Evaluated> {
    // the file as read (its SHA-256 was checked by the store) and how it was received
    const inputs = sha256(JSON.stringify([context, sub.sha256, sub.endpoint, sub.receivedAt, run.facility.maCSKCB]));
    const key = `${sub.maGiaoDich}\u0000${plan.id}\u0000${inputs}`;
    let e = this.cache.get(key) ?? (await this.loadJudgement(sub.maGiaoDich, plan.id, inputs));
    if (!e) {
      e = evaluateSubmission({ bytes: sub.fileBytes, plan, endpoint: sub.endpoint, receivedAt: sub.receivedAt, facility: run.facility.maCSKCB, registry, catalogues, fileName: `${sub.maGiaoDich}.xml` });
      this.evaluations++;
      fresh.push({ maGiaoDich: sub.maGiaoDich, inputs, e });
    }
    if (!this.cache.has(key)) {
      if (this.cache.size >= CertificationService.CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, e);
    }
    return e;
  }

  /**
   * Called when a facility's submission is stored. While the facility has an open run, its new submissions
   * are judged in the background once intake has paused for `prejudgeAfterMs` (a few per turn of the event
   * loop), so the first view of the run finds them judged. Off when prejudgeAfterMs is undefined.
   */
  arrived(maCSKCB: string): void {
    if (this.prejudgeAfterMs === undefined) return;
    void this.db.get<{ id: string }>("SELECT id FROM cert_runs WHERE ma_cskcb = ? AND status = 'open'", [maCSKCB]).then(
      (open) => {
        if (open && this.prejudgeAfterMs !== undefined) this.schedulePrejudge(open.id, this.prejudgeAfterMs);
      },
      (e) => this.deps.onError?.(e),
    );
  }

  private schedulePrejudge(runId: string, afterMs: number): void {
    const open = { id: runId };
    clearTimeout(this.prejudging.get(open.id));
    this.prejudging.set(open.id, setTimeout(() => void this.prejudgeSome(open.id), afterMs).unref());
  }

  /** Resolves when no background judging is scheduled (tests, shutdown). */
  async whenPrejudged(): Promise<void> {
    while (this.prejudging.size > 0) await new Promise((r) => setTimeout(r, 10));
  }

  private async prejudgeSome(runId: string, max = 4): Promise<void> {
    let more = false;
    try {
      const run = await this.get(runId);
      if (run?.status === 'open') {
        const plan = this.planOf(run);
        const registry = await this.registry(run.facility.maCSKCB);
        const catalogues = await this.catalogues(run.facility.maCSKCB);
        const context = this.judgementContext(plan, registry, run.facility.maCSKCB, catalogues.stamp);
        const fresh: { maGiaoDich: string; inputs: string; e: Evaluated }[] = [];
        for (const sub of await this.windowSubmissions(run)) {
          if (!JUDGED_ENDPOINT.test(sub.endpoint) || !sub.fileBytes || sub.maKetQua !== '200') continue;
          if (fresh.length >= max) {
            more = true;
            break;
          }
          await this.judgementOf(run, plan, registry, catalogues.set, context, sub as WindowSubmission & { fileBytes: Buffer }, fresh);
        }
        await this.saveJudgements(plan.id, fresh);
      }
    } catch (e) {
      this.deps.onError?.(e);
    }
    if (more) this.prejudging.set(runId, setTimeout(() => void this.prejudgeSome(runId, max), 0).unref());
    else this.prejudging.delete(runId);
  }

  private async judge(run: RunRecord): Promise<{ plan: CertificationPlan; verdict: RunVerdict; judged: JudgedSubmission[]; notJudged: WindowSubmission[]; waivers: Waiver[] }> {
    const plan = this.planOf(run);
    const registry = await this.registry(run.facility.maCSKCB);
    const catalogues = await this.catalogues(run.facility.maCSKCB);
    const context = this.judgementContext(plan, registry, run.facility.maCSKCB, catalogues.stamp);
    const judged: JudgedSubmission[] = [];
    const runSubs: RunSubmission[] = [];
    const notJudged: WindowSubmission[] = [];
    const fresh: { maGiaoDich: string; inputs: string; e: Evaluated }[] = [];
    for (const sub of await this.windowSubmissions(run)) {
      if (!JUDGED_ENDPOINT.test(sub.endpoint)) {
        notJudged.push(sub);
        continue;
      }
      const portalAnswer = { maKetQua: sub.maKetQua, thongDiep: sub.thongDiep };
      const bytes = sub.fileBytes ?? sub.rawBody ?? Buffer.alloc(0);
      if (!sub.fileBytes || sub.maKetQua !== '200') {
        // refused by the portal (its answer is the verdict): what it received is the evidence
        judged.push({ id: sub.maGiaoDich, bytes, receivedAt: sub.receivedAt, endpoint: sub.endpoint, personalValues: [], portalAnswer });
        runSubs.push({ id: sub.maGiaoDich, receivedAt: sub.receivedAt, refused: { maKetQua: sub.maKetQua, message: sub.thongDiep } });
        continue;
      }
      const e = await this.judgementOf(run, plan, registry, catalogues.set, context, sub as WindowSubmission & { fileBytes: Buffer }, fresh);
      judged.push({ id: sub.maGiaoDich, bytes: sub.fileBytes, receivedAt: sub.receivedAt, endpoint: sub.endpoint, result: e.result, facts: e.facts, personalValues: e.personalValues, portalAnswer });
      runSubs.push({ id: sub.maGiaoDich, receivedAt: sub.receivedAt, result: e.result, facts: e.facts });
    }
    await this.saveJudgements(plan.id, fresh);
    // the run's verdict is always computed here from the judgements: new submissions, waivers and the finish
    // time (waiver expiry is measured against it) are read each time, so nothing cached can go stale
    const waivers = await this.waivers(run.id);
    const at = new Date(run.finishedAt ?? this.now());
    return { plan, verdict: judgeRun(plan, runSubs, waivers, at), judged, notJudged, waivers };
  }

  async status(runId: string): Promise<RunStatus> {
    const run = await this.get(runId);
    if (!run) throw new CertificationError('CERT.RUN_UNKNOWN', `no run ${runId}`, 404);
    const { verdict, judged, notJudged, waivers } = await this.judge(run);
    return {
      run,
      verdict,
      submissions: judged.map((s) => {
        const j = verdict.submissions.find((x) => x.id === s.id);
        return { id: s.id, receivedAt: s.receivedAt, endpoint: s.endpoint ?? '', verdict: j?.verdict ?? 'pending', scenarios: j?.scenarios ?? [], failingRules: (j?.failingRules ?? []).map((f) => `${f.ruleId}${f.state === 'waived' ? ' (waived)' : ''}`) };
      }),
      notJudged: notJudged.map((s) => ({ id: s.maGiaoDich, endpoint: s.endpoint })),
      waivers,
    };
  }

  async finish(runId: string, by: string): Promise<RunStatus> {
    const run = await this.get(runId);
    if (!run) throw new CertificationError('CERT.RUN_UNKNOWN', `no run ${runId}`, 404);
    if (run.status === 'finished') throw new CertificationError('CERT.RUN_FINISHED', `run ${runId} is already finished (${run.finishedAt})`, 409);
    const at = this.now();
    const finished = await this.db.tx(async (q) => {
      // only one instance finishes a run: the row changes from open to finished once
      const n = await q.run("UPDATE cert_runs SET status = 'finished', finished_at = ?, finished_by = ? WHERE id = ? AND status = 'open'", [at, by, runId]);
      if (n === 1) await this.appendEvent(q, runId, { at, event: 'run finished', by });
      return n === 1;
    });
    if (!finished) throw new CertificationError('CERT.RUN_FINISHED', `run ${runId} is already finished`, 409);
    const status = await this.status(runId);
    await this.db.tx((q) => this.appendEvent(q, runId, { at, event: `verdict ${status.verdict.verdict}`, by }));
    return this.status(runId);
  }

  /** The finished run as the bundle writer reads it (its reference time is the finish time: the same bundle every time). */
  async outcome(runId: string): Promise<CertificationOutcome> {
    const run = await this.get(runId);
    if (!run) throw new CertificationError('CERT.RUN_UNKNOWN', `no run ${runId}`, 404);
    if (run.status !== 'finished') throw new CertificationError('CERT.RUN_OPEN', `run ${runId} is still open: finish it to get its evidence bundle`, 409);
    const { plan, verdict, judged, notJudged, waivers } = await this.judge(run);
    const certs = await this.deps.store.certificatesFor(run.facility.maCSKCB);
    return {
      run,
      plan,
      verdict,
      submissions: judged,
      inventory: {
        filesSeen: judged.length + notJudged.length,
        judged: judged.length,
        ignored: notJudged.map((s) => ({ file: s.maGiaoDich, reason: `${s.endpoint}: not part of the plan / không thuộc kế hoạch chứng nhận` })),
        duplicates: [],
        otherFacility: [],
      },
      waivers,
      certificates: describeCertificates(certs),
      registrySource: `the portal's registry: ${certs.length} registered certificate(s) of ${run.facility.maCSKCB}, ${this.deps.trustAnchors().length} trust anchor(s)`,
      ...(await this.catalogueSource(run.facility.maCSKCB)),
    };
  }
}
