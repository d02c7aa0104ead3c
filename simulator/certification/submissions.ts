/**
 * A facility's own submissions with their verdicts, newest first, a page at a time (API and CLI). Carries no
 * personal data: ids, endpoint, times, the portal's answer, the check's verdict and counts.
 */
import { jsonField, type PortalStore } from '../store.ts';

export const SUBMISSION_VERDICTS = ['pass', 'warning', 'fail', 'pending', 'rejected'] as const;
export type SubmissionVerdict = (typeof SUBMISSION_VERDICTS)[number];
export const MAX_PAGE_SIZE = 500;

export interface SubmissionListItem {
  maGiaoDich: string;
  endpoint: string;
  loaiHoSo: string;
  receivedAt: string;
  maKetQua: string;
  status: string;
  verdict: SubmissionVerdict;
  counts?: { fail: number; warning: number; error: number; pass: number };
  bytes: number;
  sha256: string;
}

export interface SubmissionPage {
  facility: string;
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  items: SubmissionListItem[];
}

export class ListInputError extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseListQuery(q: { since?: string; verdict?: string; page?: string; pageSize?: string }): { since?: string; verdict?: SubmissionVerdict; page: number; pageSize: number } {
  let since: string | undefined;
  if (q.since !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}/.test(q.since) || Number.isNaN(Date.parse(q.since))) throw new ListInputError('since', `since must be an ISO 8601 date or time, got "${q.since}"`);
    since = new Date(q.since).toISOString();
  }
  if (q.verdict !== undefined && !(SUBMISSION_VERDICTS as readonly string[]).includes(q.verdict)) throw new ListInputError('verdict', `verdict must be one of ${SUBMISSION_VERDICTS.join(', ')}, got "${q.verdict}"`);
  const page = q.page === undefined ? 1 : Number(q.page);
  if (!Number.isSafeInteger(page) || page < 1) throw new ListInputError('page', `page must be a positive integer, got "${q.page}"`);
  const pageSize = q.pageSize === undefined ? 50 : Number(q.pageSize);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new ListInputError('pageSize', `pageSize must be 1…${MAX_PAGE_SIZE}, got "${q.pageSize}"`);
  return { since, verdict: q.verdict as SubmissionVerdict | undefined, page, pageSize };
}

interface Row {
  ma_giao_dich: string;
  endpoint: string;
  loai_ho_so: string;
  received_at: string;
  ma_ket_qua: string;
  status: string;
  file_size: number;
  sha256: string;
  verdict: string | null;
  c_fail: number | null;
  c_warning: number | null;
  c_error: number | null;
  c_pass: number | null;
}

export async function listSubmissions(store: PortalStore, maCSKCB: string, q: { since?: string; verdict?: SubmissionVerdict; page: number; pageSize: number }): Promise<SubmissionPage> {
  const j = (path: string, type: 'text' | 'int' = 'text') => jsonField(store.sql.dialect, 'check_result', path, type);
  const where = ['ma_cskcb = ?'];
  const args: unknown[] = [maCSKCB];
  if (q.since) {
    where.push('received_at >= ?');
    args.push(q.since);
  }
  if (q.verdict === 'pending' || q.verdict === 'rejected') {
    where.push('status = ?');
    args.push(q.verdict);
  } else if (q.verdict) {
    where.push(`status = 'done' AND ${j('summary.verdict')} = ?`);
    args.push(q.verdict);
  }
  const clause = where.join(' AND ');
  const total = (await store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM submissions WHERE ${clause}`, args))!.n;
  const rows = await store.sql.all<Row>(
    `SELECT ma_giao_dich, endpoint, loai_ho_so, received_at, ma_ket_qua, status, file_size, sha256,
            ${j('summary.verdict')} AS verdict,
            ${j('summary.counts.fail', 'int')} AS c_fail,
            ${j('summary.counts.warning', 'int')} AS c_warning,
            ${j('summary.counts.error', 'int')} AS c_error,
            ${j('summary.counts.pass', 'int')} AS c_pass
       FROM submissions WHERE ${clause} ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`,
    [...args, q.pageSize, (q.page - 1) * q.pageSize],
  );
  return {
    facility: maCSKCB,
    page: q.page,
    pageSize: q.pageSize,
    total,
    pages: Math.ceil(total / q.pageSize),
    items: rows.map((r) => ({
      maGiaoDich: r.ma_giao_dich,
      endpoint: r.endpoint,
      loaiHoSo: r.loai_ho_so,
      receivedAt: r.received_at,
      maKetQua: r.ma_ket_qua,
      status: r.status,
      verdict: (r.status === 'pending' || r.status === 'rejected' ? r.status : (r.verdict ?? 'pending')) as SubmissionVerdict,
      ...(r.c_fail !== null ? { counts: { fail: r.c_fail ?? 0, warning: r.c_warning ?? 0, error: r.c_error ?? 0, pass: r.c_pass ?? 0 } } : {}),
      bytes: r.file_size,
      sha256: r.sha256,
    })),
  };
}
