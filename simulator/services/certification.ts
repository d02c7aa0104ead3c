/**
 * What the web pages read and do about certification runs and readiness, for a signed-in principal. Every
 * function goes through the same services as the API (CertificationService, simulator/certification/
 * readiness.ts, reports/evidence) behind the one access check (`canRead`): a run or a facility the
 * principal may not read is reported as absent, so the pages answer 404 and nothing leaks.
 */
import { canRead, type Principal } from '../access.ts';
import { computeReadiness, registerBundle, type Readiness, type RegisteredRun } from '../certification/readiness.ts';
import type { CertificationService, RunStatus } from '../certification/service.ts';
import type { LabKey } from '../certification/lab-key.ts';
import type { BundleFile, RunBundles } from '../certification/bundles.ts';
import type { RunRecord } from '../../reports/evidence/model.ts';
import type { PortalStore } from '../store.ts';

const mayRead = async (store: PortalStore, p: Principal, maCSKCB: string) => canRead(p, { maCSKCB, maTinh: (await store.getFacility(maCSKCB))?.maTinh });

/** The runs a principal may read, newest first: a facility its own, a reviewer its province's. */
export async function runsFor(svc: CertificationService, store: PortalStore, p: Principal): Promise<RunRecord[]> {
  const scope = p.role === 'facility' ? { maCSKCB: p.maCSKCB } : p.role === 'reviewer' ? { maTinh: p.maTinh } : undefined;
  if (!scope) return [];
  const out: RunRecord[] = [];
  for (const r of await svc.list(scope)) if (await mayRead(store, p, r.facility.maCSKCB)) out.push(r);
  return out;
}

/** One run if the principal may read it (unknown and forbidden look the same). */
export async function runFor(svc: CertificationService, store: PortalStore, p: Principal, id: string): Promise<RunRecord | undefined> {
  const run = await svc.get(id);
  return run && (await mayRead(store, p, run.facility.maCSKCB)) ? run : undefined;
}

/** The verdict a finished run recorded in its timeline when it was finished ("verdict pass|fail"), without judging it again. */
export function recordedVerdict(run: RunRecord): 'pass' | 'fail' | undefined {
  const e = [...run.timeline].reverse().find((t) => /^verdict (pass|fail)$/.test(t.event));
  return e ? (e.event.slice(8) as 'pass' | 'fail') : undefined;
}

export interface RunProgress {
  /** required scenarios passed, of all required */
  done: number;
  total: number;
  finished: boolean;
  verdict: 'pass' | 'fail';
  submissions: number;
  scenarios: { id: string; state: string; submissions: number; passing: number }[];
}

/** The live figures of a run (what the page shows and the event stream sends), from the service's status. */
export function progressOf(status: RunStatus): RunProgress {
  const required = status.verdict.scenarios.filter((s) => s.required);
  return {
    done: required.filter((s) => s.state === 'passed' || s.state === 'waived').length,
    total: required.length,
    finished: status.run.status === 'finished',
    verdict: status.verdict.verdict,
    submissions: status.submissions.length,
    scenarios: status.verdict.scenarios.map((s) => ({ id: s.id, state: s.state, submissions: s.submissions.length, passing: s.passing.length })),
  };
}

/** The signed evidence bundle of a finished run (the same bytes as the API's), built once and then read back checked. */
export function bundleOf(bundles: RunBundles, runId: string, unmasked = false): Promise<BundleFile> {
  return bundles.get(runId, unmasked);
}

/** Registers a finished run for readiness by its own evidence bundle (verified like any uploaded bundle). */
export async function registerRunForReadiness(bundles: RunBundles, store: PortalStore, run: RunRecord, by: string, labKey: LabKey, now: Date): Promise<RegisteredRun> {
  const bundle = await bundles.bytes(run.id);
  return registerBundle(store, { maCSKCB: run.facility.maCSKCB, bundle, by, labCertPem: labKey.certPem, now });
}

/** A facility's readiness if the principal may read it. */
export async function readinessFor(store: PortalStore, p: Principal, maCSKCB: string): Promise<Readiness | undefined> {
  return (await store.getFacility(maCSKCB)) && (await mayRead(store, p, maCSKCB)) ? computeReadiness(store, maCSKCB) : undefined;
}

export type ReadinessState = 'approved' | 'refused' | 'ready' | 'not-ready';

/**
 * One word for a facility's readiness (the board's column): the latest decision when it still stands —
 * an approval stands while the facility stays ready, a refusal until the facility is ready again — else
 * whether it is ready for a decision.
 */
export function readinessState(r: Readiness): { state: ReadinessState; missing: number; decision?: Readiness['decisions'][number] } {
  const decision = r.decisions.at(-1);
  if (decision?.verdict === 'approved' && r.ready) return { state: 'approved', missing: 0, decision };
  if (decision?.verdict === 'refused' && !r.ready) return { state: 'refused', missing: r.missing.length, decision };
  return r.ready ? { state: 'ready', missing: 0 } : { state: 'not-ready', missing: r.missing.length };
}
