/**
 * Reads of stored submissions and health books for a principal: the service functions the simulator-only
 * API routes call (and pages call, so both answer the same). Each read goes through `canRead`
 * (simulator/access.ts); a record the principal may not read is reported exactly like a missing one.
 */
import { canRead, scopeOf, type Principal } from './access.ts';
import type { PortalStore, StoredSubmission } from './store.ts';
import { projectHealthBook, sortNewestFirst, type HealthBookEntry } from '../conformance/healthbook.ts';

/** The stored submission if it exists and the principal may read it. */
export async function readableSubmission(store: PortalStore, principal: Principal, maGiaoDich: string): Promise<StoredSubmission | undefined> {
  const sub = await store.getSubmission(maGiaoDich);
  return sub && (await mayRead(store, principal, sub)) ? sub : undefined;
}

async function mayRead(store: PortalStore, principal: Principal, sub: StoredSubmission): Promise<boolean> {
  return canRead(principal, { maCSKCB: sub.maCSKCB, maTinh: principal.role === 'reviewer' ? (await store.getFacility(sub.maCSKCB))?.maTinh : undefined });
}

/** Said wherever a stored file no longer matches the SHA-256 recorded when it was received. */
export const DAMAGED_MESSAGE = 'Tệp đã lưu bị hỏng: nội dung không còn khớp SHA-256 ghi lúc tiếp nhận, không được dùng (stored file damaged: SHA-256 mismatch)';

/** What /api/sim/ketqua answers: what was received, the envelope gate result and the field check result. */
export function submissionView(sub: StoredSubmission, withFile: boolean, page?: { offset: number; limit: number }) {
  let result = sub.checkResult;
  const all = (result as { findings?: unknown[] } | null)?.findings;
  if (page && Array.isArray(all)) {
    // one page of the stored findings (already capped at SSKDT_MAX_STORED_FINDINGS when stored)
    result = { ...(result as object), findings: all.slice(page.offset, page.offset + page.limit), findingsPage: { offset: page.offset, limit: page.limit, stored: all.length } };
  }
  return {
    simulatorOnly: true as const,
    maGiaoDich: sub.maGiaoDich,
    endpoint: sub.endpoint,
    username: sub.username,
    maCSKCB: sub.maCSKCB,
    loaiHoSo: sub.loaiHoSo,
    maTinh: sub.maTinh,
    receivedAt: sub.receivedAt,
    thoiGianTiepNhan: sub.thoiGianTiepNhan,
    answer: { maKetQua: sub.maKetQua, thongDiep: sub.thongDiep },
    file: {
      bytes: sub.fileSize,
      sha256: sub.sha256,
      integrity: sub.integrity,
      ...(sub.integrity === 'mismatch' ? { error: DAMAGED_MESSAGE, code: 'STORED_FILE_DAMAGED' } : {}),
      ...(withFile && sub.fileBytes ? { base64: sub.fileBytes.toString('base64'), ...(sub.integrity === 'partial' ? { keptBytes: sub.fileBytes.byteLength } : {}) } : {}),
    },
    envelope: sub.envelopeResult,
    check: { status: sub.status, checkedAt: sub.checkedAt, result },
  };
}

export type HealthBookRead =
  | { found: false }
  | { found: true; entries: HealthBookEntry[]; maGiaoDich?: string; pendingChecks: number }
  | { found: true; projectionError: { maGiaoDich: string; message: string } };

/** One stored file to project into health-book entries (what crosses to a worker thread). */
export interface ProjectionItem {
  bytes: Uint8Array;
  maGiaoDich: string;
  receivedAt: string;
  endpoint: string;
}

export type ProjectionOutcome = { ok: true; entries: HealthBookEntry[] } | { ok: false; maGiaoDich: string; message: string };

/** Projects stored files into health-book entries (the first failure ends it, naming its submission). */
export function projectItems(items: ProjectionItem[], project: typeof projectHealthBook = projectHealthBook): ProjectionOutcome {
  const entries: HealthBookEntry[] = [];
  for (const it of items) {
    try {
      entries.push(...project(it.bytes, { maGiaoDich: it.maGiaoDich, receivedAt: it.receivedAt, endpoint: it.endpoint }));
    } catch (err) {
      return { ok: false, maGiaoDich: it.maGiaoDich, message: (err as Error).message };
    }
  }
  return { ok: true, entries };
}

type Sources =
  | { found: false }
  | { found: true; damaged: string }
  | { found: true; items: ProjectionItem[]; maGiaoDich?: string; pendingChecks: number };

/** What a health-book read projects: the submissions the principal may read, without parsing anything. */
async function healthBookSources(store: PortalStore, principal: Principal, id: string): Promise<Sources> {
  const direct = await store.getSubmission(id);
  let subs: StoredSubmission[];
  if (direct) {
    if (!(await mayRead(store, principal, direct))) return { found: false };
    subs = [direct];
  } else {
    subs = [];
    for (const n of await store.submissionsForHealthBookKey(id)) {
      const sub = await store.getSubmissionById(n);
      if (sub && (await mayRead(store, principal, sub))) subs.push(sub);
    }
    if (subs.length === 0) return { found: false };
  }
  const items: ProjectionItem[] = [];
  for (const sub of subs) {
    if (sub.integrity === 'mismatch') return { found: true, damaged: sub.maGiaoDich };
    if (sub.status === 'rejected' || !sub.fileBytes || sub.endpoint.startsWith('checkIn') || sub.endpoint === 'guiGiayToDienTu') continue;
    items.push({ bytes: sub.fileBytes, maGiaoDich: sub.maGiaoDich, receivedAt: sub.receivedAt, endpoint: sub.endpoint });
  }
  return { found: true, items, ...(direct ? { maGiaoDich: direct.maGiaoDich } : {}), pendingChecks: subs.filter((s) => s.status === 'pending').length };
}

function finish(src: Sources, outcome: () => ProjectionOutcome): HealthBookRead;
function finish(src: Sources, outcome: () => Promise<ProjectionOutcome>): Promise<HealthBookRead>;
function finish(src: Sources, outcome: () => ProjectionOutcome | Promise<ProjectionOutcome>): HealthBookRead | Promise<HealthBookRead> {
  if (!src.found) return { found: false };
  if ('damaged' in src) return { found: true, projectionError: { maGiaoDich: src.damaged, message: DAMAGED_MESSAGE } };
  const done = (o: ProjectionOutcome): HealthBookRead =>
    o.ok
      ? { found: true, entries: sortNewestFirst(o.entries), ...(src.maGiaoDich ? { maGiaoDich: src.maGiaoDich } : {}), pendingChecks: src.pendingChecks }
      : { found: true, projectionError: { maGiaoDich: o.maGiaoDich, message: o.message } };
  const o = outcome();
  return o instanceof Promise ? o.then(done) : done(o);
}

/**
 * The health-book view for a principal: by maGiaoDich (the entries of that submission) or by personal ID /
 * card number (every checked submission of that person the principal may read, newest first). Parses on the
 * calling thread: the API uses readHealthBookOffLoop.
 */
export async function readHealthBook(store: PortalStore, principal: Principal, id: string): Promise<HealthBookRead> {
  const src = await healthBookSources(store, principal, id);
  return finish(src, () => projectItems('items' in src ? src.items : []));
}

/** The same view with the XML parsing done by `project` (the worker pool when the portal is served). */
export async function readHealthBookOffLoop(store: PortalStore, principal: Principal, id: string, project: (items: ProjectionItem[]) => Promise<ProjectionOutcome>): Promise<HealthBookRead> {
  const src = await healthBookSources(store, principal, id);
  return finish(src, () => ('items' in src && src.items.length ? project(src.items) : Promise.resolve<ProjectionOutcome>({ ok: true, entries: [] })));
}

/** Submission counts the principal may see: its facility, its province, or (trainer) all — counts carry no personal data. */
export function readStats(store: PortalStore, principal: Principal) {
  return store.countSubmissions(scopeOf(principal));
}
