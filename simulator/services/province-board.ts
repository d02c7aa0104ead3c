/**
 * The Department of Health's board: every facility the reviewer may read with its last activity, and the
 * share of visits whose health-book documents reached the portal, per facility and month of receipt.
 *
 * Documents watched (the province's plan asks the police and the Department to watch them): the referral
 * (XML13), the re-exam appointment (XML14), results of ordered tests (XML4), the discharge paper (XML7), and
 * uninsured visits identified by a personal ID. Each is the verdict of the engine's own rule, read from the
 * stored result's summary counts, so the board says exactly what the submission pages say:
 * - a record "calls for" the document when the rule applied (it passed, failed or warned somewhere);
 * - the document "reached the portal" when the rule did not fail or warn in that record.
 * The unit is one accepted record submission (a HIS sends one visit per GIAMDINHHS; `visits` tells how many
 * MA_LK a record carried, and multi-visit records are counted once, as their worst visit).
 */
import type { Principal } from '../access.ts';
import { computeReadiness } from '../certification/readiness.ts';
import { readinessState, type ReadinessState } from './certification.ts';
import type { PortalStore } from '../store.ts';
import { readableFacilities } from '../web/principal.ts';

export const WATCHED_DOCUMENTS = [
  { id: 'referral', ruleId: 'CROSS.DOCUMENT.XML13', table: 'XML13', name_vi: 'Giấy chuyển tuyến', name_en: 'Referral' },
  { id: 'reexam', ruleId: 'CROSS.DOCUMENT.XML14', table: 'XML14', name_vi: 'Giấy hẹn khám lại', name_en: 'Re-exam appointment' },
  { id: 'tests', ruleId: 'CROSS.DOCUMENT.XML4', table: 'XML4', name_vi: 'Kết quả cận lâm sàng', name_en: 'Test results' },
  { id: 'discharge', ruleId: 'CROSS.DOCUMENT.XML7', table: 'XML7', name_vi: 'Giấy ra viện', name_en: 'Discharge paper' },
  { id: 'uninsuredId', ruleId: 'PILOT.IDENTITY.UNINSURED_ID', table: 'XML1', name_vi: 'Không thẻ BHYT, có số định danh', name_en: 'Uninsured, with a personal ID' },
] as const;

export type WatchedDocumentId = (typeof WATCHED_DOCUMENTS)[number]['id'];

export interface Coverage {
  /** records that called for the document */
  callsFor: number;
  /** of those, records where it reached the portal */
  reached: number;
}

export interface FacilityRow {
  maCSKCB: string;
  ten: string;
  lastReceivedAt?: string;
  submissions: number;
  /** readiness C1–C13 (the readiness service's verdict, summed up: simulator/services/certification.ts) */
  readiness: { state: ReadinessState; missing: number };
  /** month (yyyy-mm, Vietnam time, of receipt) → document → coverage */
  byMonth: Record<string, Record<WatchedDocumentId, Coverage>>;
}

export interface ProvinceBoard {
  months: string[];
  facilities: FacilityRow[];
}

const VN_OFFSET_MS = 7 * 3600_000;

/** yyyy-mm of an ISO time in Asia/Ho_Chi_Minh. */
export function monthOf(iso: string): string {
  return new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 7);
}

/** First instant (ISO, UTC) of a Vietnam-time month and of the next one: the list filter for "visits that lack it". */
export function monthRange(month: string): { since: string; before: string } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return undefined;
  const start = Date.UTC(y, mo - 1, 1) - VN_OFFSET_MS;
  const end = Date.UTC(mo === 12 ? y + 1 : y, mo === 12 ? 0 : mo, 1) - VN_OFFSET_MS;
  return { since: new Date(start).toISOString(), before: new Date(end).toISOString() };
}

const emptyCoverage = (): Record<WatchedDocumentId, Coverage> =>
  Object.fromEntries(WATCHED_DOCUMENTS.map((d) => [d.id, { callsFor: 0, reached: 0 }])) as Record<WatchedDocumentId, Coverage>;

async function readinessOf(store: PortalStore, maCSKCB: string): Promise<FacilityRow['readiness']> {
  const { state, missing } = readinessState(await computeReadiness(store, maCSKCB));
  return { state, missing };
}

/** The board for a principal: the facilities it may read (a reviewer: its province), newest months first. */
export async function provinceBoardFor(store: PortalStore, p: Principal, maxMonths = 6): Promise<ProvinceBoard> {
  const facilities = await readableFacilities(store, p);
  const codes = facilities.map((f) => f.maCSKCB);
  const activity = await store.lastActivity(codes);
  const readiness = new Map<string, FacilityRow['readiness']>();
  for (const f of facilities) readiness.set(f.maCSKCB, await readinessOf(store, f.maCSKCB));
  const rows = new Map<string, FacilityRow>(facilities.map((f) => [f.maCSKCB, { maCSKCB: f.maCSKCB, ten: f.ten, lastReceivedAt: activity.get(f.maCSKCB)?.lastReceivedAt, submissions: activity.get(f.maCSKCB)?.submissions ?? 0, readiness: readiness.get(f.maCSKCB)!, byMonth: {} }]));
  const months = new Set<string>();
  for (const rec of await store.ruleCountsOfRecords(codes, WATCHED_DOCUMENTS.map((d) => d.ruleId))) {
    const row = rows.get(rec.maCSKCB);
    if (!row) continue;
    const month = monthOf(rec.receivedAt);
    months.add(month);
    const cov = (row.byMonth[month] ??= emptyCoverage());
    for (const d of WATCHED_DOCUMENTS) {
      const c = rec.counts[d.ruleId];
      if (!c) continue;
      const problems = (c.fail ?? 0) + (c.warning ?? 0) + (c.error ?? 0);
      if (problems + (c.pass ?? 0) === 0) continue;
      cov[d.id].callsFor++;
      if (problems === 0) cov[d.id].reached++;
    }
  }
  return { months: [...months].sort().reverse().slice(0, maxMonths), facilities: [...rows.values()] };
}
