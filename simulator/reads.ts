/**
 * Reads of stored submissions and health books for a principal: the service functions the simulator-only
 * API routes call (and pages call, so both answer the same). Each read goes through `canRead`
 * (simulator/access.ts); a record the principal may not read is reported exactly like a missing one.
 */
import { canRead, scopeOf, type Principal } from './access.ts';
import type { Store, StoredSubmission } from './store.ts';
import { projectHealthBook, sortNewestFirst, type HealthBookEntry } from '../conformance/healthbook.ts';

/** The stored submission if it exists and the principal may read it. */
export function readableSubmission(store: Store, principal: Principal, maGiaoDich: string): StoredSubmission | undefined {
  const sub = store.getSubmission(maGiaoDich);
  return sub && mayRead(store, principal, sub) ? sub : undefined;
}

function mayRead(store: Store, principal: Principal, sub: StoredSubmission): boolean {
  return canRead(principal, { maCSKCB: sub.maCSKCB, maTinh: principal.role === 'reviewer' ? store.getFacility(sub.maCSKCB)?.maTinh : undefined });
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

/**
 * The health-book view for a principal: by maGiaoDich (the entries of that submission) or by personal ID /
 * card number (every checked submission of that person the principal may read, newest first).
 */
export function readHealthBook(store: Store, principal: Principal, id: string): HealthBookRead {
  const direct = store.getSubmission(id);
  let subs: StoredSubmission[];
  if (direct) {
    if (!mayRead(store, principal, direct)) return { found: false };
    subs = [direct];
  } else {
    subs = [];
    for (const n of store.submissionsForHealthBookKey(id)) {
      const sub = store.getSubmissionById(n);
      if (sub && mayRead(store, principal, sub)) subs.push(sub);
    }
    if (subs.length === 0) return { found: false };
  }
  const entries: HealthBookEntry[] = [];
  for (const sub of subs) {
    if (sub.integrity === 'mismatch') return { found: true, projectionError: { maGiaoDich: sub.maGiaoDich, message: DAMAGED_MESSAGE } };
    if (sub.status === 'rejected' || !sub.fileBytes || sub.endpoint.startsWith('checkIn') || sub.endpoint === 'guiGiayToDienTu') continue;
    try {
      entries.push(...projectHealthBook(sub.fileBytes, { maGiaoDich: sub.maGiaoDich, receivedAt: sub.receivedAt, endpoint: sub.endpoint }));
    } catch (err) {
      return { found: true, projectionError: { maGiaoDich: sub.maGiaoDich, message: (err as Error).message } };
    }
  }
  return { found: true, entries: sortNewestFirst(entries), ...(direct ? { maGiaoDich: direct.maGiaoDich } : {}), pendingChecks: subs.filter((s) => s.status === 'pending').length };
}

/** Submission counts the principal may see: its facility, its province, or (trainer) all — counts carry no personal data. */
export function readStats(store: Store, principal: Principal) {
  return store.countSubmissions(scopeOf(principal));
}
