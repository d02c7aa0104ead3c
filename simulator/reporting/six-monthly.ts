/**
 * The six-monthly report (QĐ 2733 PL01 Đ8) from what the portal received: the store's check-ins and records
 * of a province's facilities folded into the matrix of conformance/pilot/six-monthly.ts. The API route and
 * the CLI both call `sixMonthlyReportFor`.
 *
 * The visits of each submission are read from its bytes once and cached in `report_visit_facts` (keyed by
 * submission and extraction version), so a second report over the same half-year reads no XML.
 */
import {
  buildSixMonthlyReport,
  FACTS_VERSION,
  parsePeriod,
  ReportInputError,
  submissionKind,
  visitFactsOf,
  type SixMonthlyReport,
  type SubmissionFacts,
  type SubmissionForReport,
} from '../../conformance/pilot/six-monthly.ts';
import type { PortalStore } from '../store.ts';

export { ReportInputError };

export interface SixMonthlyQuery {
  /** YYYY-H1 | YYYY-H2 */
  period: string;
  /** 2-digit province code */
  maTinh: string;
  /** one facility of that province (its own report); all of the province's facilities when absent */
  maCSKCB?: string;
  now?: Date;
}

/** Submissions whose facts are computed and cached per transaction (bounds memory and lock time). */
const CACHE_BATCH = 200;

/** Validates the query against the registry; throws ReportInputError with a code and the parameter at fault. */
export async function resolveScope(store: PortalStore, q: Pick<SixMonthlyQuery, 'maTinh' | 'maCSKCB'>): Promise<{ maTinh: string; facilities: { maCSKCB: string; ten: string }[] }> {
  const maTinh = q.maTinh.trim();
  if (!/^\d{2}$/.test(maTinh)) throw new ReportInputError('REPORT.PROVINCE', `province "${q.maTinh}" is not a 2-digit province code (mã tỉnh), e.g. 52`, 'province');
  const inProvince = (await store.listFacilities()).filter((f) => f.maTinh === maTinh);
  if (q.maCSKCB !== undefined) {
    const f = await store.getFacility(q.maCSKCB);
    if (!f) throw new ReportInputError('REPORT.FACILITY_UNKNOWN', `no facility ${q.maCSKCB} is registered in the lab`, 'facility');
    if (f.maTinh !== maTinh) throw new ReportInputError('REPORT.FACILITY_UNKNOWN', `no facility ${q.maCSKCB} in province ${maTinh} (it belongs to province ${f.maTinh})`, 'facility');
    return { maTinh, facilities: [{ maCSKCB: f.maCSKCB, ten: f.ten }] };
  }
  if (inProvince.length === 0) throw new ReportInputError('REPORT.PROVINCE_UNKNOWN', `no facility is registered in province ${maTinh}`, 'province');
  return { maTinh, facilities: inProvince.map((f) => ({ maCSKCB: f.maCSKCB, ten: f.ten })) };
}

export async function sixMonthlyReportFor(store: PortalStore, q: SixMonthlyQuery): Promise<SixMonthlyReport> {
  const period = parsePeriod(q.period);
  const scope = await resolveScope(store, q);
  const codes = scope.facilities.map((f) => f.maCSKCB);
  await fillFactsCache(store, codes);
  return buildSixMonthlyReport({
    period,
    maTinh: scope.maTinh,
    facilities: scope.facilities,
    ...(q.maCSKCB ? { facilityFilter: q.maCSKCB } : {}),
    generatedAt: (q.now ?? new Date()).toISOString(),
    submissions: await submissionsWithFacts(store, codes),
  });
}

const VISIT_ENDPOINTS = `(s.endpoint LIKE 'checkInKcb%' OR s.endpoint LIKE 'guiHoSoXml%')`;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Reads the visits of every submission of these facilities that has no (current) cached facts. */
async function fillFactsCache(store: PortalStore, facilities: string[]): Promise<void> {
  if (facilities.length === 0) return;
  const missing = await store.sql.all<{ id: number; endpoint: string }>(
    `SELECT s.id AS id, s.endpoint AS endpoint FROM submissions s LEFT JOIN report_visit_facts f ON f.submission_id = s.id
     WHERE s.ma_cskcb IN (${placeholders(facilities.length)}) AND ${VISIT_ENDPOINTS} AND (f.version IS NULL OR f.version <> ?) ORDER BY s.id`,
    [...facilities, FACTS_VERSION],
  );
  for (let i = 0; i < missing.length; i += CACHE_BATCH) {
    const batch: { id: number; facts: unknown }[] = [];
    for (const m of missing.slice(i, i + CACHE_BATCH)) {
      const bytes = (await store.sql.get<{ file_bytes: Buffer | null }>('SELECT file_bytes FROM submissions WHERE id = ?', [m.id]))!.file_bytes;
      batch.push({ id: m.id, facts: visitFactsOf(bytes, submissionKind(m.endpoint)!) });
    }
    await store.sql.tx(async (q) => {
      for (const b of batch) {
        await q.run('INSERT INTO report_visit_facts (submission_id, version, facts) VALUES (?, ?, ?) ON CONFLICT(submission_id) DO UPDATE SET version = excluded.version, facts = excluded.facts', [b.id, FACTS_VERSION, JSON.stringify(b.facts)]);
      }
    });
  }
}

async function submissionsWithFacts(store: PortalStore, facilities: string[]): Promise<SubmissionForReport[]> {
  if (facilities.length === 0) return [];
  const rows = await store.sql.all<{ maGiaoDich: string; maCSKCB: string; endpoint: string; maKetQua: string; thoiGianTiepNhan: string; facts: string }>(
    `SELECT s.ma_giao_dich AS "maGiaoDich", s.ma_cskcb AS "maCSKCB", s.endpoint AS endpoint, s.ma_ket_qua AS "maKetQua",
            s.thoi_gian_tiep_nhan AS "thoiGianTiepNhan", f.facts AS facts
     FROM submissions s JOIN report_visit_facts f ON f.submission_id = s.id
     WHERE s.ma_cskcb IN (${placeholders(facilities.length)}) AND ${VISIT_ENDPOINTS} ORDER BY s.id`,
    facilities,
  );
  return rows.map((r) => ({
    maGiaoDich: r.maGiaoDich,
    maCSKCB: r.maCSKCB,
    kind: submissionKind(r.endpoint)!,
    accepted: r.maKetQua === '200',
    thoiGianTiepNhan: r.thoiGianTiepNhan,
    facts: JSON.parse(r.facts) as SubmissionFacts,
  }));
}
