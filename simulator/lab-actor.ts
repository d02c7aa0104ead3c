/**
 * What a caller may do with readiness and reports, on top of the one access check (simulator/access.ts):
 *
 * - reads of a facility's readiness, evidence, decisions and one-facility report: `canRead` (the facility
 *   itself, or the reviewer of its province);
 * - the province-wide report: the reviewer of that province;
 * - uploading or withdrawing manual evidence: whoever may read the facility (the facility, or its reviewer
 *   recording a paper received);
 * - approving or refusing a facility's readiness: a reviewer's act, for the reviewer's own province.
 */
import { canRead, provinceOf, type Principal } from './access.ts';

export type { Principal };

export function canReadFacility(principal: Principal, facility: { maCSKCB: string; maTinh: string }): boolean {
  return canRead(principal, facility);
}

export function canReadProvince(principal: Principal, maTinh: string): boolean {
  return principal.role === 'reviewer' && principal.maTinh === maTinh;
}

export function canAddEvidence(principal: Principal, facility: { maCSKCB: string; maTinh: string }): boolean {
  return canRead(principal, facility);
}

export function canDecide(principal: Principal, facility: { maCSKCB: string; maTinh: string }): boolean {
  return principal.role === 'reviewer' && principal.maTinh === provinceOf(facility);
}

/** The province a principal works in (a facility's is its code's first two characters), if any. */
export function homeProvince(principal: Principal): string | undefined {
  if (principal.role === 'reviewer') return principal.maTinh;
  if (principal.role === 'facility') return principal.maCSKCB.slice(0, 2);
  return undefined;
}
