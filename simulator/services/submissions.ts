/**
 * Reading submissions and health books on behalf of a signed-in principal. Every read goes through
 * `canReadFacility` (simulator/web/principal.ts): what the principal may not read is reported as absent
 * (`undefined`), so callers answer 404 and nothing about another facility leaks.
 */
import { projectHealthBook, sortNewestFirst, type HealthBookEntry } from '../../conformance/healthbook.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { ParsedPackage } from '../../conformance/model.ts';
import type { Result } from '../../conformance/result.ts';
import { canReadFacility, readableFacilities, type Principal } from '../web/principal.ts';
import type { Store, StoredSubmission, SubmissionQuery, SubmissionSummary } from '../store.ts';

export const PAGE_SIZE = 25;

export interface SubmissionFilter {
  status?: SubmissionQuery['status'];
  verdict?: SubmissionQuery['verdict'];
  kind?: SubmissionQuery['kind'];
  /** one facility among those readable */
  facility?: string;
  page?: number;
}

export function listSubmissionsFor(store: Store, p: Principal, filter: SubmissionFilter = {}): { rows: SubmissionSummary[]; total: number; page: number; pages: number } {
  let facilities = readableFacilities(store, p);
  if (filter.facility) facilities = facilities.filter((f) => f === filter.facility);
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const { rows, total } = store.listSubmissions({ facilities, status: filter.status, verdict: filter.verdict, kind: filter.kind, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** The submission if the principal may read it; undefined otherwise (unknown and forbidden look the same). */
export function submissionFor(store: Store, p: Principal, maGiaoDich: string): StoredSubmission | undefined {
  const sub = store.getSubmission(maGiaoDich);
  if (!sub || !canReadFacility(store, p, sub.maCSKCB)) return undefined;
  return sub;
}

/** The stored check result when it is a Result (not pending, not an engine error). */
export function resultOf(sub: StoredSubmission): Result | undefined {
  const r = sub.checkResult as Partial<Result> | null;
  return r && Array.isArray(r.findings) && r.summary ? (r as Result) : undefined;
}

/** The decoded package of an accepted submission (tables, rows, decoded inner documents); undefined if it cannot be decoded. */
export function decodedPackageOf(sub: StoredSubmission): ParsedPackage | undefined {
  if (!sub.fileBytes || sub.status === 'rejected' || sub.endpoint === 'guiGiayToDienTu') return undefined;
  try {
    return decodePackage(sub.fileBytes, { endpoint: sub.endpoint });
  } catch {
    return undefined;
  }
}

export interface HealthBookView {
  id: string;
  entries: HealthBookEntry[];
  /** submissions of this person still waiting for their field check */
  pending: number;
  /** submissions whose projection failed (not shown) */
  unreadable: string[];
}

/**
 * The citizen's health book as the principal may see it: by maGiaoDich (that submission), or by personal ID /
 * card number (every accepted record submission of that person at the facilities the principal reads).
 */
export function healthBookFor(store: Store, p: Principal, id: string): HealthBookView | undefined {
  const bySubmission = submissionFor(store, p, id);
  const subs = bySubmission ? [bySubmission] : store.submissionsForHealthBookKey(id).map((n) => store.getSubmissionById(n)).filter((s): s is StoredSubmission => !!s && canReadFacility(store, p, s.maCSKCB));
  if (subs.length === 0) return undefined;
  const entries: HealthBookEntry[] = [];
  const unreadable: string[] = [];
  for (const sub of subs) {
    if (sub.status === 'rejected' || !sub.fileBytes || !sub.endpoint.startsWith('guiHoSo')) continue;
    try {
      entries.push(...projectHealthBook(sub.fileBytes, { maGiaoDich: sub.maGiaoDich, receivedAt: sub.receivedAt, endpoint: sub.endpoint }));
    } catch {
      unreadable.push(sub.maGiaoDich);
    }
  }
  return { id, entries: sortNewestFirst(entries), pending: subs.filter((s) => s.status === 'pending').length, unreadable };
}
