/**
 * What the web pages read about submissions, for a signed-in principal. Single records and health books go
 * through simulator/reads.ts (the same functions the simulator-only API calls, each behind `canRead`);
 * lists are narrowed to `readableFacilities`, the same check applied to facilities. What a principal may
 * not read is reported as absent, so the pages answer 404 and nothing about another facility leaks.
 */
import type { HealthBookEntry } from '../../conformance/healthbook.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { ParsedPackage } from '../../conformance/model.ts';
import type { Result } from '../../conformance/result.ts';
import type { Principal } from '../access.ts';
import { readableSubmission, readHealthBook, readHealthBookOffLoop, type HealthBookRead, type ProjectionItem, type ProjectionOutcome } from '../reads.ts';
import type { PortalStore, StoredSubmission, SubmissionQuery, SubmissionSummary } from '../store.ts';
import { readableFacilities } from '../web/principal.ts';
import { monthRange } from './province-board.ts';

export const PAGE_SIZE = 25;

export interface SubmissionFilter {
  status?: SubmissionQuery['status'];
  verdict?: SubmissionQuery['verdict'];
  kind?: SubmissionQuery['kind'];
  /** one facility among those readable */
  facility?: string;
  /** records with a fail or warning of this rule (the board's "visits that lack it") */
  rule?: string;
  /** yyyy-mm, Vietnam time, of receipt */
  month?: string;
  page?: number;
}

export async function listSubmissionsFor(store: PortalStore, p: Principal, filter: SubmissionFilter = {}): Promise<{ rows: SubmissionSummary[]; total: number; page: number; pages: number }> {
  let facilities = (await readableFacilities(store, p)).map((f) => f.maCSKCB);
  if (filter.facility) facilities = facilities.filter((f) => f === filter.facility);
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const range = filter.month ? monthRange(filter.month) : undefined;
  const { rows, total } = await store.listSubmissions({ facilities, status: filter.status, verdict: filter.verdict, kind: filter.kind, problemRule: filter.rule, ...range, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** The submission if the principal may read it; undefined otherwise (unknown and forbidden look the same). */
export function submissionFor(store: PortalStore, p: Principal, maGiaoDich: string): Promise<StoredSubmission | undefined> {
  return readableSubmission(store, p, maGiaoDich);
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
  /** a submission whose projection failed (nothing is shown then, as in the API) */
  projectionError?: { maGiaoDich: string; message: string };
}

/**
 * The citizen's health book as the principal may see it: by maGiaoDich (that submission), or by personal ID /
 * card number (every accepted record submission of that person at the facilities the principal reads).
 */
export async function healthBookFor(store: PortalStore, p: Principal, id: string): Promise<HealthBookView | undefined> {
  return viewOf(id, await readHealthBook(store, p, id));
}

/** The same view with the stored XML parsed by `project` (the worker pool when the portal is served). */
export async function healthBookForOffLoop(store: PortalStore, p: Principal, id: string, project: (items: ProjectionItem[]) => Promise<ProjectionOutcome>): Promise<HealthBookView | undefined> {
  return viewOf(id, await readHealthBookOffLoop(store, p, id, project));
}

function viewOf(id: string, read: HealthBookRead): HealthBookView | undefined {
  if (!read.found) return undefined;
  if ('projectionError' in read) return { id, entries: [], pending: 0, projectionError: read.projectionError };
  return { id, entries: read.entries, pending: read.pendingChecks };
}
