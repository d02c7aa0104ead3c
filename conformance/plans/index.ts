/** Certification plans (data) and the pure judgement of a run. */
import { createHash } from 'node:crypto';
import { QD2733_PILOT_PLAN } from './qd2733-pilot.ts';
import type { CertificationPlan } from './plan.ts';

export * from './plan.ts';
export * from './facts.ts';
export { QD2733_PILOT_PLAN };

export const PLANS: readonly CertificationPlan[] = [QD2733_PILOT_PLAN];
export const DEFAULT_PLAN = QD2733_PILOT_PLAN;

export function planById(id: string): CertificationPlan | undefined {
  return PLANS.find((p) => p.id === id);
}

/** SHA-256 of the plan's canonical JSON: manifests name the exact plan a run was judged with. */
export function planDigest(plan: CertificationPlan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}
