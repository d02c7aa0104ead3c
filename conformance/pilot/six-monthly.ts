/**
 * The six-monthly report of QĐ 2733 PL01 Đ8 (pilot condition C12), as a pure model: which visits a
 * submission carries (read from its bytes), how visits are grouped into the six visit types, and the
 * matrix six visit types × insured / uninsured × visits received / visits whose data reached the portal.
 * No storage, no clock: simulator/reporting reads the store and calls this; reports/evidence writes CSV/XLSX.
 *
 * Definitions (the decision names the columns, not how to count them; docs/reports.md explains the choice):
 * - a visit is one MA_LK of one facility;
 * - "received" (số lượt KCB): the portal received at least one readable submission for the visit, a check-in
 *   (XML0) or a record (GIAMDINHHS), accepted or refused;
 * - "reached" (số lượt đã liên thông): the portal accepted (maKetQua 200) a record (GIAMDINHHS) for the visit;
 * - the visit belongs to the period of its admission date NGAY_VAO (the portal's receipt date when NGAY_VAO
 *   is missing or not a date; counted in the notes);
 * - visit type and insured/uninsured come from the latest accepted record, else the latest record, else the
 *   latest check-in; insured = MA_THE_BHYT not empty (C7: an uninsured visit carries no card number).
 */
import { decodePackage, EnvelopeError } from '../envelope/decode.ts';

/** The six visit types of PL01 Đ8 with the MA_LOAI_KCB codes each groups (pilot-conditions.json C12). */
export const SIX_VISIT_TYPES = [
  { id: 'kham', codes: ['01'], name_vi: 'Khám bệnh', name_en: 'Outpatient examination' },
  { id: 'ngoaitru', codes: ['02', '05', '08'], name_vi: 'Điều trị ngoại trú', name_en: 'Outpatient treatment' },
  { id: 'nhanthuoc', codes: ['07'], name_vi: 'Nhận thuốc theo hẹn', name_en: 'Drug refill by appointment' },
  { id: 'noitru', codes: ['03', '09'], name_vi: 'Điều trị nội trú', name_en: 'Inpatient treatment' },
  { id: 'banngay', codes: ['04'], name_vi: 'Điều trị ban ngày', name_en: 'Day treatment' },
  { id: 'tuxa', codes: ['14'], name_vi: 'Khám bệnh, chữa bệnh từ xa', name_en: 'Telemedicine' },
] as const;

/** Visits whose MA_LOAI_KCB is outside the six types (06, 10–13, 15, 16) or missing: reported, never dropped. */
export const OTHER_VISIT_TYPE = { id: 'khac' as const, codes: [] as string[], name_vi: 'Loại hình khác / không rõ MA_LOAI_KCB', name_en: 'Other or missing MA_LOAI_KCB' };

export type VisitTypeId = (typeof SIX_VISIT_TYPES)[number]['id'] | 'khac';

export function visitTypeOf(maLoaiKcb: string): VisitTypeId {
  const code = maLoaiKcb.trim();
  for (const t of SIX_VISIT_TYPES) if ((t.codes as readonly string[]).includes(code)) return t.id;
  return 'khac';
}

/** One visit as a submission states it. */
export interface VisitMention {
  maLk: string;
  /** MA_LOAI_KCB as sent ('' when absent) */
  maLoaiKcb: string;
  insured: boolean;
  /** NGAY_VAO as sent ('' when absent) */
  ngayVao: string;
}

export type SubmissionKind = 'checkin' | 'record';

export interface SubmissionFacts {
  readable: boolean;
  /** why the visits could not be read (envelope error code and message) */
  reason?: string;
  visits: VisitMention[];
}

/** Bumped when the extraction changes, so cached facts are computed again. */
export const FACTS_VERSION = 1;

/** The kind of submission an endpoint receives, or undefined for endpoints that carry no visit (papers). */
export function submissionKind(endpoint: string): SubmissionKind | undefined {
  if (/^checkInKcb/i.test(endpoint)) return 'checkin';
  if (/^guiHoSoXml/i.test(endpoint)) return 'record';
  return undefined;
}

/**
 * The visits a submission carries: XML1 rows of a GIAMDINHHS package (one per HOSO, usually), XML0 rows of a
 * check-in. Never throws: unreadable bytes give `readable: false` with the envelope's reason.
 */
export function visitFactsOf(bytes: Uint8Array | null, kind: SubmissionKind): SubmissionFacts {
  if (!bytes || bytes.byteLength === 0) return { readable: false, reason: 'no file was stored (not decodable or over the size limit)', visits: [] };
  let pkg;
  try {
    pkg = decodePackage(bytes, { kind: kind === 'checkin' ? 'CHECKIN' : 'GIAMDINHHS' });
  } catch (e) {
    if (e instanceof EnvelopeError) return { readable: false, reason: `${e.code}: ${e.message}`, visits: [] };
    return { readable: false, reason: `unreadable: ${(e as Error).message}`, visits: [] };
  }
  const table = kind === 'checkin' ? 'XML0' : 'XML1';
  const visits: VisitMention[] = [];
  const seen = new Set<string>();
  for (const hoso of pkg.hoso) {
    const file = hoso.byTable.get(table);
    if (!file) continue;
    for (const row of file.rows) {
      const get = (name: string) => row.values.get(name)?.value.trim() ?? '';
      const maLk = get('MA_LK');
      if (!maLk || seen.has(maLk)) continue;
      seen.add(maLk);
      visits.push({ maLk, maLoaiKcb: get('MA_LOAI_KCB'), insured: get('MA_THE_BHYT') !== '', ngayVao: get('NGAY_VAO') });
    }
  }
  if (visits.length === 0) return { readable: false, reason: `no ${table} row with MA_LK`, visits };
  return { readable: true, visits };
}

/* ------------------------------------------------------------------ period */

export interface ReportPeriod {
  /** e.g. 2026-H2 */
  id: string;
  /** first and last day, yyyy-mm-dd, inclusive */
  from: string;
  to: string;
}

/**
 * Bad report input. Codes: REPORT.PERIOD and REPORT.PROVINCE (malformed: CLI exit 3, HTTP 400),
 * REPORT.PROVINCE_UNKNOWN and REPORT.FACILITY_UNKNOWN (nothing registered by that code: exit 1, HTTP 404).
 */
export class ReportInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** the parameter at fault (CLI option / query parameter) */
    readonly location: string,
  ) {
    super(message);
    this.name = 'ReportInputError';
  }

  get notFound(): boolean {
    return this.code.endsWith('_UNKNOWN');
  }
}

/** `2026-H1` (01/01–30/06) or `2026-H2` (01/07–31/12); the reporting periods of PL01 Đ8 are half-years. */
export function parsePeriod(text: string): ReportPeriod {
  const m = /^(\d{4})-H([12])$/i.exec(text.trim());
  if (!m) throw new ReportInputError('REPORT.PERIOD', `period "${text}" is not a half-year: write YYYY-H1 (January–June) or YYYY-H2 (July–December), e.g. 2026-H2`, 'period');
  const year = Number(m[1]);
  if (year < 2020 || year > 2100) throw new ReportInputError('REPORT.PERIOD', `period year ${year} is outside 2020–2100`, 'period');
  const first = m[2] === '1';
  return { id: `${year}-H${m[2]}`, from: `${year}-${first ? '01-01' : '07-01'}`, to: `${year}-${first ? '06-30' : '12-31'}` };
}

/* ------------------------------------------------------------------ matrix */

export interface Counts {
  /** visits the portal received something for */
  received: number;
  /** visits whose record the portal accepted */
  reached: number;
}

export interface MatrixRow {
  visitType: VisitTypeId;
  name_vi: string;
  name_en: string;
  /** MA_LOAI_KCB codes grouped in this row ('khac': the codes actually met) */
  codes: string[];
  insured: Counts;
  uninsured: Counts;
}

export interface FacilityMatrix {
  maCSKCB: string;
  ten: string;
  /** the six types, then the 'khac' row */
  rows: MatrixRow[];
  /** sums over the six types only (the form's totals) */
  totalSix: { insured: Counts; uninsured: Counts };
  /** sums over every row, 'khac' included: equal to the number of distinct visits in the period */
  totalAll: { insured: Counts; uninsured: Counts };
}

/** One stored submission, as the aggregation needs it. */
export interface SubmissionForReport {
  maGiaoDich: string;
  maCSKCB: string;
  kind: SubmissionKind;
  accepted: boolean;
  /** yyyyMMddHHmmss (Vietnam time), the portal's receipt time */
  thoiGianTiepNhan: string;
  facts: SubmissionFacts;
}

export interface SixMonthlyReport {
  kind: 'sskdt-lab/six-monthly-report';
  version: 1;
  basis: string;
  period: ReportPeriod;
  maTinh: string;
  /** the facility asked for, when the report is for one facility */
  facilityFilter?: string;
  generatedAt: string;
  /** the province (or the one facility), then each facility */
  total: FacilityMatrix;
  facilities: FacilityMatrix[];
  notes: {
    submissionsRead: number;
    /** check-ins and records the visits could not be read from (they count nowhere: their visit is unknown) */
    unreadableSubmissions: number;
    unreadableExamples: { maGiaoDich: string; reason: string }[];
    /** visits placed in the period by the portal's receipt date because NGAY_VAO was missing or not a date */
    visitsDatedByReceipt: number;
    /** visits in the period with MA_LOAI_KCB outside the six types, by code ('' = missing) */
    otherCodes: Record<string, number>;
  };
}

interface VisitState {
  maCSKCB: string;
  /** ranks: accepted record 3, record 2, check-in 1; ties go to the later receipt */
  rank: number;
  at: string;
  mention: VisitMention;
  reached: boolean;
  firstReceipt: string;
}

const emptyCounts = (): Counts => ({ received: 0, reached: 0 });

function emptyMatrix(maCSKCB: string, ten: string): FacilityMatrix {
  const rows: MatrixRow[] = [...SIX_VISIT_TYPES, OTHER_VISIT_TYPE].map((t) => ({
    visitType: t.id,
    name_vi: t.name_vi,
    name_en: t.name_en,
    codes: [...t.codes],
    insured: emptyCounts(),
    uninsured: emptyCounts(),
  }));
  return { maCSKCB, ten, rows, totalSix: { insured: emptyCounts(), uninsured: emptyCounts() }, totalAll: { insured: emptyCounts(), uninsured: emptyCounts() } };
}

/** yyyymmdd of a NGAY_VAO (yyyymmddHHMM) that is a real calendar date, else undefined. */
function admissionDay(ngayVao: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{4})?$/.exec(ngayVao);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}${m[2]}${m[3]}`;
}

const MAX_EXAMPLES = 20;

/**
 * Folds the submissions of the facilities in scope into the report. `submissions` may be any iterable
 * (the store streams them); every submission is looked at once.
 */
export function buildSixMonthlyReport(input: {
  period: ReportPeriod;
  maTinh: string;
  facilities: { maCSKCB: string; ten: string }[];
  facilityFilter?: string;
  generatedAt: string;
  submissions: Iterable<SubmissionForReport>;
}): SixMonthlyReport {
  const visits = new Map<string, VisitState>();
  const notes: SixMonthlyReport['notes'] = { submissionsRead: 0, unreadableSubmissions: 0, unreadableExamples: [], visitsDatedByReceipt: 0, otherCodes: {} };
  for (const s of input.submissions) {
    notes.submissionsRead++;
    if (!s.facts.readable) {
      notes.unreadableSubmissions++;
      if (notes.unreadableExamples.length < MAX_EXAMPLES) notes.unreadableExamples.push({ maGiaoDich: s.maGiaoDich, reason: s.facts.reason ?? 'unreadable' });
      continue;
    }
    const rank = s.kind === 'record' ? (s.accepted ? 3 : 2) : 1;
    for (const v of s.facts.visits) {
      const key = `${s.maCSKCB}|${v.maLk}`;
      const state = visits.get(key);
      const reached = s.kind === 'record' && s.accepted;
      if (!state) {
        visits.set(key, { maCSKCB: s.maCSKCB, rank, at: s.thoiGianTiepNhan, mention: v, reached, firstReceipt: s.thoiGianTiepNhan });
        continue;
      }
      state.reached ||= reached;
      if (s.thoiGianTiepNhan < state.firstReceipt) state.firstReceipt = s.thoiGianTiepNhan;
      if (rank > state.rank || (rank === state.rank && s.thoiGianTiepNhan >= state.at)) {
        state.rank = rank;
        state.at = s.thoiGianTiepNhan;
        state.mention = v;
      }
    }
  }
  const from = input.period.from.replace(/-/g, '');
  const to = input.period.to.replace(/-/g, '');
  const byFacility = new Map(input.facilities.map((f) => [f.maCSKCB, emptyMatrix(f.maCSKCB, f.ten)]));
  const scopeName = input.facilityFilter ? (input.facilities.find((f) => f.maCSKCB === input.facilityFilter)?.ten ?? input.facilityFilter) : `Tỉnh ${input.maTinh}`;
  const total = emptyMatrix(input.facilityFilter ?? input.maTinh, scopeName);
  for (const v of visits.values()) {
    let day = admissionDay(v.mention.ngayVao);
    if (!day) day = v.firstReceipt.slice(0, 8);
    if (day < from || day > to) continue;
    if (!admissionDay(v.mention.ngayVao)) notes.visitsDatedByReceipt++;
    const type = visitTypeOf(v.mention.maLoaiKcb);
    if (type === 'khac') notes.otherCodes[v.mention.maLoaiKcb] = (notes.otherCodes[v.mention.maLoaiKcb] ?? 0) + 1;
    for (const m of [total, byFacility.get(v.maCSKCB)]) {
      if (!m) continue;
      const row = m.rows.find((r) => r.visitType === type)!;
      if (type === 'khac' && !row.codes.includes(v.mention.maLoaiKcb)) row.codes.push(v.mention.maLoaiKcb);
      const side = v.mention.insured ? 'insured' : 'uninsured';
      const cells = [row[side], m.totalAll[side], ...(type === 'khac' ? [] : [m.totalSix[side]])];
      for (const c of cells) {
        c.received++;
        if (v.reached) c.reached++;
      }
    }
  }
  for (const m of [total, ...byFacility.values()]) m.rows.find((r) => r.visitType === 'khac')!.codes.sort();
  return {
    kind: 'sskdt-lab/six-monthly-report',
    version: 1,
    basis: 'QĐ 2733/QĐ-BYT Phụ lục 01 Điều 8 (điều kiện C12)',
    period: input.period,
    maTinh: input.maTinh,
    ...(input.facilityFilter ? { facilityFilter: input.facilityFilter } : {}),
    generatedAt: input.generatedAt,
    total,
    facilities: [...byFacility.values()],
    notes,
  };
}
