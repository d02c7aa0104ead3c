/**
 * The simulator's durable store: one SQLite file (better-sqlite3, WAL, synchronous=FULL).
 *
 * Durability contract: a submission row is committed (fsync'd) before the answer carrying its maGiaoDich
 * is sent. Writes go through a group-commit queue: every write queued during one event-loop turn is
 * committed in ONE transaction, and each caller's promise resolves only after that COMMIT returns. The
 * answer therefore still follows its own commit, but 50 concurrent submissions share one fsync.
 *
 * maGiaoDich: the row id (INTEGER PRIMARY KEY AUTOINCREMENT, so an id is never handed out twice, even after
 * deletes) allocated inside the committing transaction, zero-padded to 10 digits, followed by 6 random
 * upper-case hex characters: e.g. `0000000042A1B2C3`. An id is only shown to a client after its commit,
 * so a crash can never make the simulator reuse an acknowledged maGiaoDich.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { isResult, isStoredResult, readStoredResult, storedResult, type StoredResult } from './stored-result.ts';

export type SubmissionStatus = 'pending' | 'done' | 'rejected';

export interface Facility {
  maCSKCB: string;
  ten: string;
  maTinh: string;
  synthetic: boolean;
  createdAt: string;
}

/** facility: a HIS account of one facility; reviewer: Sở Y tế of one province (reads its facilities); trainer: runs the lab, reads no personal data. */
export type AccountRole = 'facility' | 'reviewer' | 'trainer';

export interface Account {
  username: string;
  role: AccountRole;
  /** the facility of a 'facility' account; '' for reviewer and trainer accounts */
  maCSKCB: string;
  /** the province a 'reviewer' reads; null otherwise */
  maTinh: string | null;
  /** MD5 hex of the plain password, upper case */
  passwordMd5: string;
  locked: boolean;
}

export interface CertificateRow {
  id: number;
  maCSKCB: string;
  serial: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  pem: string;
  addedAt: string;
}

export interface TokenRow {
  idToken: string;
  accessToken: string;
  username: string;
  ip: string;
  issuedAt: number;
  expiresAt: number;
}

export interface NewSubmission {
  endpoint: string;
  username: string;
  maCSKCB: string;
  loaiHoSo: string;
  maTinh: string;
  contentType: string;
  clientIp: string;
  rawBody: Uint8Array;
  /** decoded file (null when it could not be decoded or was over the limit) */
  fileBytes: Uint8Array | null;
  fileSize: number;
  /** SHA-256 hex of the decoded file (or of the raw base64 text when it did not decode) */
  sha256: string;
  receivedAt: string;
  thoiGianTiepNhan: string;
  maKetQua: string;
  thongDiep: string;
  status: SubmissionStatus;
  envelopeResult: unknown;
  checkResult?: unknown;
  /** health-book lookup keys found by a synchronous check */
  healthBookKeys?: string[];
  /** guiGiayToDienTu only: loaiHs and the root element seen */
  giayTo?: { loaiHs: string; root: string | null };
}

/** A submission as read back: the fields written, plus its id, maGiaoDich and the check state. */
export interface StoredSubmission extends Omit<NewSubmission, 'rawBody' | 'fileBytes' | 'checkResult' | 'healthBookKeys' | 'giayTo'> {
  id: number;
  maGiaoDich: string;
  rawBody: Buffer | null;
  fileBytes: Buffer | null;
  checkResult: unknown | null;
  checkedAt: string | null;
  /**
   * The stored file checked against its stored SHA-256 when read back: 'ok'; 'mismatch' (the bytes changed on
   * disk — fileBytes is then null: a damaged file is never served as the one received); 'partial' (only a
   * prefix was kept, e.g. a refused body); 'none' (no decoded file).
   */
  integrity: 'ok' | 'mismatch' | 'partial' | 'none';
}

/** What Store.submissionsInWindow reads of a submission. */
export type WindowSubmission = Pick<StoredSubmission, 'maGiaoDich' | 'endpoint' | 'receivedAt' | 'maKetQua' | 'thongDiep' | 'fileBytes' | 'rawBody' | 'integrity' | 'sha256'>;

/** Filters of Store.listSubmissions. */
export interface SubmissionQuery {
  /** only these facilities ([] = nothing) */
  facilities?: string[];
  /** only facilities of this province (facilities.ma_tinh) */
  province?: string;
  status?: SubmissionStatus;
  verdict?: 'pass' | 'warning' | 'fail';
  kind?: 'checkin' | 'record' | 'paper';
  /** ISO 8601: received at or after */
  since?: string;
  /** ISO 8601: received before */
  before?: string;
  /** only submissions with a listed fail or warning of this rule */
  problemRule?: string;
  limit: number;
  offset?: number;
}

/** A submission in a list: no bodies, the verdict from its check result (null while pending or rejected). */
export interface SubmissionSummary {
  id: number;
  maGiaoDich: string;
  endpoint: string;
  username: string;
  maCSKCB: string;
  receivedAt: string;
  maKetQua: string;
  thongDiep: string;
  status: SubmissionStatus;
  fileSize: number;
  verdict: 'pass' | 'warning' | 'fail' | null;
  fails: number;
  warnings: number;
}

export interface Card {
  maThe: string;
  hoTen: string;
  /** dd/MM/yyyy */
  ngaySinh: string;
  /** the maKetQua the lookup answers for this card when name and birth date match */
  scenario: string;
  /** response fields (maKetQua/ghiChu excluded) */
  data: Record<string, unknown>;
}

/** Store.countSubmissions: everything, one facility, or the facilities of one province. */
export type SubmissionScope = { maCSKCB: string } | { maTinh: string } | 'all';
export interface SubmissionCounts { total: number; pending: number; done: number; rejected: number }
export interface NewFacility { maCSKCB: string; ten: string; maTinh?: string; synthetic?: boolean }
export type FacilityListing = Facility & { accounts: { username: string; locked: boolean }[]; certificates: number };
export interface NewAccount { username: string; role?: AccountRole; maCSKCB?: string; maTinh?: string; password?: string; passwordMd5?: string; locked?: boolean }
export interface AuthorityAccount { username: string; role: AccountRole; maTinh: string | null; locked: boolean }
export interface RuleCountsRow { maCSKCB: string; maGiaoDich: string; receivedAt: string; visits: number; counts: Record<string, Record<string, number> | null> }

/**
 * Plain SQL on the store's database, for the modules that keep their own tables (certification runs,
 * readiness, report caches). Placeholders are `?`; every call returns a promise. Write SQL both engines
 * understand, or branch on `dialect` where they differ.
 */
export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** runs a statement; resolves with the number of rows it changed */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** runs an INSERT into a table whose key is `id`; resolves with the new row's id */
  insert(sql: string, params?: unknown[]): Promise<number>;
  /** runs `fn` in one transaction (committed when its promise resolves, rolled back when it rejects) */
  tx<T>(fn: (q: SqlClient) => Promise<T>): Promise<T>;
}

/**
 * A SQL expression reading one field of a JSON text column: `path` is dot-separated ("summary.verdict").
 * SQLite json_extract; PostgreSQL jsonb #>> (text), cast to integer for 'int'.
 */
export function jsonField(dialect: SqlClient['dialect'], column: string, path: string, type: 'text' | 'int' = 'text'): string {
  if (!/^[A-Za-z0-9_.]+$/.test(path) || !/^[a-z_.]+$/.test(column)) throw new Error(`jsonField: bad path ${column} ${path}`);
  if (dialect === 'sqlite') return `json_extract(${column}, '$.${path}')`;
  const expr = `(${column}::jsonb #>> '{${path.split('.').join(',')}}')`;
  return type === 'int' ? `${expr}::integer` : expr;
}

/** True when `e` is a unique-constraint violation of either engine. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}

/**
 * The store contract: what the portal, the services, the pages and the CLI use. Every method returns a
 * promise, so the same callers run on the embedded SQLite store (Store, the default) and on a shared
 * database server. Writes resolve only after their COMMIT.
 */
export interface PortalStore {
  readonly engine: 'sqlite' | 'postgres';
  /** where the data lives, for logs (a file path, ':memory:', or a database URL without its password) */
  readonly location: string;
  /** plain SQL on the same database, for modules with their own tables */
  readonly sql: SqlClient;
  schemaVersion(): Promise<number>;
  /** runs `fn` in one transaction; the store it is given writes inside that transaction */
  transaction<T>(fn: (s: PortalStore) => Promise<T>): Promise<T>;

  addSubmission(s: NewSubmission): Promise<{ id: number; maGiaoDich: string }>;
  getSubmission(maGiaoDich: string): Promise<StoredSubmission | undefined>;
  getSubmissionById(id: number): Promise<StoredSubmission | undefined>;
  /** a facility's submissions received in [from, until], oldest first, with the file checked against its SHA-256 and the portal's answer (no check result) */
  submissionsInWindow(maCSKCB: string, from: string, until: string): Promise<WindowSubmission[]>;
  setCheckResult(id: number, result: unknown, status?: SubmissionStatus, healthBookKeys?: string[]): Promise<void>;
  submissionsForHealthBookKey(key: string): Promise<number[]>;
  pendingSubmissionIds(): Promise<number[]>;
  /** bytes of bodies and decoded files stored for one account (the byte quota starts from this) */
  bytesStoredBy(username: string): Promise<number>;
  listSubmissions(q: SubmissionQuery): Promise<{ rows: SubmissionSummary[]; total: number }>;
  ruleCountsOfRecords(facilities: string[], ruleIds: string[]): Promise<RuleCountsRow[]>;
  lastActivity(facilities: string[]): Promise<Map<string, { lastReceivedAt: string; submissions: number }>>;
  countSubmissions(scope?: SubmissionScope): Promise<SubmissionCounts>;

  addFacility(f: NewFacility): Promise<void>;
  getFacility(maCSKCB: string): Promise<Facility | undefined>;
  listFacilities(): Promise<FacilityListing[]>;
  addAccount(a: NewAccount): Promise<void>;
  getAccount(username: string): Promise<Account | undefined>;
  listAuthorityAccounts(): Promise<AuthorityAccount[]>;
  setAccountLocked(username: string, locked: boolean): Promise<void>;
  addCertificate(maCSKCB: string, pem: string): Promise<CertificateRow>;
  listCertificates(maCSKCB?: string): Promise<CertificateRow[]>;
  certificatesFor(maCSKCB: string): Promise<string[]>;

  addToken(t: TokenRow): Promise<void>;
  getToken(idToken: string): Promise<TokenRow | undefined>;

  upsertCard(c: Card): Promise<void>;
  getCard(maThe: string): Promise<Card | undefined>;
  findCardByMaSoBHXH(maSo: string): Promise<Card | undefined>;
  countCards(): Promise<number>;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** the HMAC key for access tokens: created once per store, the same for every instance on it */
  tokenSecret(): Promise<string>;
  isEmpty(): Promise<boolean>;

  /** Stores catalogue versions in one transaction (all or none); returns their ids in order. */
  addCatalogueVersions(versions: NewCatalogueVersion[]): Promise<number[]>;
  /** Versions (without their rows) of one facility, or of every facility; by facility, kind, effective date, id. */
  listCatalogueVersions(maCSKCB?: string): Promise<CatalogueVersionSummary[]>;
  /** Every version of a facility with its rows (what the CATALOGUE.* rules are given). */
  catalogueVersionsOf(maCSKCB: string): Promise<CatalogueVersionRows[]>;
  /** The newest version id of a facility (0 when none): changes whenever its catalogues do. */
  catalogueStamp(maCSKCB: string): Promise<number>;

  /**
   * Check jobs shared by instances (PostgreSQL): claimCheck takes one pending check for this instance (false
   * when another instance holds it), claimPendingChecks takes up to `limit` pending checks no live instance
   * holds, releaseCheck gives one back. A claim lives as long as the instance's database session, so the
   * checks of an instance that dies are taken again by the others. Absent on SQLite (one process).
   */
  claimCheck?(id: number): Promise<boolean>;
  claimPendingChecks?(limit: number): Promise<number[]>;
  releaseCheck?(id: number): Promise<void>;

  /** commits what is queued, then closes */
  close(): Promise<void>;
}

export type CatalogueVersionRows = { id: number; kind: string; effectiveFrom: string; source: string; entries: unknown[] };

/** addCatalogueVersions on any engine: one transaction, refused whole when a facility is unknown. */
export function addCatalogueVersionsSql(sql: SqlClient, versions: NewCatalogueVersion[]): Promise<number[]> {
  return sql.tx(async (q) => {
    const ids: number[] = [];
    for (const v of versions) {
      if (!(await q.get('SELECT 1 AS x FROM facilities WHERE ma_cskcb = ?', [v.maCSKCB]))) throw new RegistryError(`no facility ${v.maCSKCB}`);
      ids.push(
        await q.insert('INSERT INTO catalogue_versions (ma_cskcb, kind, effective_from, source, sha256, row_count, entries, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
          v.maCSKCB, v.kind, v.effectiveFrom, v.source, v.sha256, v.entries.length, JSON.stringify(v.entries), v.importedBy, v.importedAt,
        ]),
      );
    }
    return ids;
  });
}

/**
 * One migration: SQL both engines take (written in SQLite's dialect and translated for PostgreSQL by
 * migrationSql: INTEGER → BIGINT, INTEGER PRIMARY KEY AUTOINCREMENT → BIGSERIAL PRIMARY KEY, BLOB → BYTEA),
 * or a text per engine where the dialects differ more. Append-only: a migration's number is its place.
 */
export type Migration = string | { sqlite: string; postgres: string };

const MIGRATIONS: Migration[] = [
  // 1: initial schema
  `
  CREATE TABLE facilities (
    ma_cskcb TEXT PRIMARY KEY,
    ten TEXT NOT NULL,
    ma_tinh TEXT NOT NULL,
    synthetic INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
  );
  CREATE TABLE accounts (
    username TEXT PRIMARY KEY,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    password_md5 TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE certificates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    serial TEXT NOT NULL,
    subject TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    pem TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (ma_cskcb, serial)
  );
  CREATE TABLE tokens (
    id_token TEXT PRIMARY KEY,
    access_token TEXT NOT NULL,
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ma_giao_dich TEXT NOT NULL UNIQUE,
    endpoint TEXT NOT NULL,
    username TEXT NOT NULL,
    ma_cskcb TEXT NOT NULL,
    loai_ho_so TEXT NOT NULL,
    ma_tinh TEXT NOT NULL,
    content_type TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    raw_body BLOB,
    file_bytes BLOB,
    file_size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    thoi_gian_tiep_nhan TEXT NOT NULL,
    ma_ket_qua TEXT NOT NULL,
    thong_diep TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'rejected')),
    envelope_result TEXT NOT NULL,
    check_result TEXT,
    checked_at TEXT
  );
  CREATE INDEX submissions_status ON submissions(status);
  CREATE INDEX submissions_facility ON submissions(ma_cskcb, received_at);
  CREATE TABLE giay_to_dien_tu (
    submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
    loai_hs TEXT NOT NULL,
    root_element TEXT
  );
  CREATE TABLE cards (
    ma_the TEXT PRIMARY KEY,
    ho_ten TEXT NOT NULL,
    ngay_sinh TEXT NOT NULL,
    scenario TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: health-book lookup keys (personal ID, card numbers) of checked submissions
  `
  CREATE TABLE health_book_keys (
    key TEXT NOT NULL,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    PRIMARY KEY (key, submission_id)
  );
  `,
  // 3: account roles. Reviewer (Sở Y tế, one province) and trainer accounts have no facility, so the
  // table is rebuilt with ma_cskcb nullable; existing accounts become 'facility' accounts.
  `
  CREATE TABLE accounts_v3 (
    username TEXT PRIMARY KEY,
    role TEXT NOT NULL DEFAULT 'facility' CHECK (role IN ('facility', 'reviewer', 'trainer')),
    ma_cskcb TEXT REFERENCES facilities(ma_cskcb),
    ma_tinh TEXT,
    password_md5 TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    CHECK ((role = 'facility') = (ma_cskcb IS NOT NULL)),
    CHECK ((role = 'reviewer') = (ma_tinh IS NOT NULL))
  );
  INSERT INTO accounts_v3 (username, role, ma_cskcb, ma_tinh, password_md5, locked, created_at)
    SELECT username, 'facility', ma_cskcb, NULL, password_md5, locked, created_at FROM accounts;
  DROP TABLE accounts;
  ALTER TABLE accounts_v3 RENAME TO accounts;
  `,
  // 4: the visits each check-in / record carries, read once from its bytes for the six-monthly report
  // (simulator/reporting/six-monthly.ts); a cache: rows are recomputed when their version is older
  `
  CREATE TABLE report_visit_facts (
    submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
    version INTEGER NOT NULL,
    facts TEXT NOT NULL
  );
  `,
  // 5: certification runs (simulator/certification/service.ts): one open run per facility at a time, the
  // plan version it is judged with, its timeline; waivers a reviewer granted for a run
  `
  CREATE TABLE cert_runs (
    id TEXT PRIMARY KEY,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    plan_id TEXT NOT NULL,
    plan_version TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'finished')),
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    finished_at TEXT,
    finished_by TEXT,
    timeline TEXT NOT NULL
  );
  CREATE UNIQUE INDEX cert_runs_one_open ON cert_runs(ma_cskcb) WHERE status = 'open';
  CREATE TABLE cert_waivers (
    run_id TEXT NOT NULL REFERENCES cert_runs(id),
    id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    ma_lk TEXT,
    submission TEXT,
    reason TEXT NOT NULL,
    approver TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, id)
  );
  `,
  // 6: readiness per facility (simulator/certification/readiness-store.ts): certification runs registered
  // by their signed manifest, manual evidence with who and when, and the signed decisions
  `
  CREATE TABLE readiness_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    run_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    plan TEXT NOT NULL,
    finished_at TEXT,
    conditions TEXT NOT NULL,
    manifest BLOB NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (ma_cskcb, manifest_sha256)
  );
  CREATE TABLE readiness_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    condition_id TEXT NOT NULL,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    content BLOB NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
  );
  CREATE INDEX readiness_evidence_facility ON readiness_evidence(ma_cskcb, condition_id);
  CREATE TABLE readiness_decisions (
    id TEXT PRIMARY KEY,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    verdict TEXT NOT NULL CHECK (verdict IN ('approved', 'refused')),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    decision_json BLOB NOT NULL,
    decision_p7s TEXT NOT NULL,
    decision_pdf BLOB NOT NULL,
    json_sha256 TEXT NOT NULL
  );
  CREATE INDEX readiness_decisions_facility ON readiness_decisions(ma_cskcb, decided_at);
  `,
  // 7: check results stored compactly (simulator/stored-result.ts): check_result keeps a small JSON head
  // (verdict, counts, per-rule counts of the hand-written rules and of every rule with a problem, MA_LK) for
  // the queries; check_compact the whole Result deflated, messages and citations rendered again when read.
  // Rows written before keep their full JSON in check_result and NULL here.
  `
  ALTER TABLE submissions ADD COLUMN check_compact BLOB;
  `,
  // 8: facility catalogues (simulator/catalogues.ts): each import of one kind for one facility is a version with
  // its effective date; rows as JSON (conformance/catalogues/model.ts CatalogueEntry[]). Never updated in place.
  `
  CREATE TABLE catalogue_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    kind TEXT NOT NULL CHECK (kind IN ('staff', 'equipment', 'drugs', 'services', 'supplies')),
    effective_from TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    entries TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );
  CREATE INDEX catalogue_versions_facility ON catalogue_versions(ma_cskcb, kind, effective_from);
  `,
  // 9: what certification runs keep between restarts (simulator/certification/service.ts, bundles.ts). A
  // submission's judgement for a plan (the Result compacted as in 7, its scenario facts, the personal values to
  // mask), valid while `inputs` (SHA-256 of the file's digest, plan, engine, rule pack, registered certificates
  // and trust anchors) is unchanged; the run's verdict is computed from these each time, so a new submission, a
  // waiver or finishing the run need no invalidation. The evidence bundle of a finished run, per variant: a file
  // in the data folder with its SHA-256 (checked on every read) and the digest of what it was built from.
  `
  CREATE TABLE cert_judgements (
    ma_giao_dich TEXT NOT NULL REFERENCES submissions(ma_giao_dich),
    plan_id TEXT NOT NULL,
    inputs TEXT NOT NULL,
    result BLOB NOT NULL,
    facts TEXT,
    personal TEXT NOT NULL,
    judged_at TEXT NOT NULL,
    PRIMARY KEY (ma_giao_dich, plan_id)
  );
  CREATE TABLE cert_bundles (
    run_id TEXT NOT NULL REFERENCES cert_runs(id),
    variant TEXT NOT NULL CHECK (variant IN ('masked', 'unmasked')),
    inputs TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    built_at TEXT NOT NULL,
    PRIMARY KEY (run_id, variant)
  );
  `,
  // 10: a sixth catalogue kind, the facility's departments (khoa/phòng, Mẫu số 01/DM): the kind CHECK of 8 widened.
  // SQLite cannot alter a CHECK: the table is rebuilt with the same rows and ids (nothing references it).
  // PostgreSQL replaces the column's CHECK in place (a rebuild there would copy ids past a fresh sequence).
  {
    postgres: `
  ALTER TABLE catalogue_versions DROP CONSTRAINT IF EXISTS catalogue_versions_kind_check;
  ALTER TABLE catalogue_versions ADD CONSTRAINT catalogue_versions_kind_check CHECK (kind IN ('staff', 'equipment', 'drugs', 'services', 'supplies', 'departments'));
  `,
    sqlite: `
  CREATE TABLE catalogue_versions_10 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ma_cskcb TEXT NOT NULL REFERENCES facilities(ma_cskcb),
    kind TEXT NOT NULL CHECK (kind IN ('staff', 'equipment', 'drugs', 'services', 'supplies', 'departments')),
    effective_from TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    entries TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );
  INSERT INTO catalogue_versions_10 (id, ma_cskcb, kind, effective_from, source, sha256, row_count, entries, imported_by, imported_at)
    SELECT id, ma_cskcb, kind, effective_from, source, sha256, row_count, entries, imported_by, imported_at FROM catalogue_versions;
  DROP TABLE catalogue_versions;
  ALTER TABLE catalogue_versions_10 RENAME TO catalogue_versions;
  CREATE INDEX catalogue_versions_facility ON catalogue_versions(ma_cskcb, kind, effective_from);
  `,
  },
  // 11: sign-in back-off records and lookup budgets shared by every instance on PostgreSQL (simulator/access.ts);
  // on SQLite (one process) the table exists but the counters stay in memory. `n` = failures or tokens left,
  // `at_ms` = last failure / last refill, `until_ms` = held back until / the last request may be retried at.
  {
    postgres: `
  CREATE TABLE rate_counters (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    n DOUBLE PRECISION NOT NULL,
    at_ms BIGINT NOT NULL,
    until_ms BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
  );
  `,
    sqlite: `
  CREATE TABLE rate_counters (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    n REAL NOT NULL,
    at_ms INTEGER NOT NULL,
    until_ms INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
  );
  `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The SQL of migration `version` (1-based) for an engine. */
export function migrationSql(version: number, engine: 'sqlite' | 'postgres'): string {
  const m = MIGRATIONS[version - 1];
  if (typeof m !== 'string') return m[engine];
  if (engine === 'sqlite') return m;
  return m
    .replace(/\bINTEGER PRIMARY KEY AUTOINCREMENT\b/g, 'BIGSERIAL PRIMARY KEY')
    .replace(/\bINTEGER\b/g, 'BIGINT')
    .replace(/\bBLOB\b/g, 'BYTEA');
}

/**
 * The registry's rules for a new account, the same on every engine: 'facility' (default) needs an existing
 * maCSKCB; 'reviewer' needs a 2-digit maTinh; 'trainer' neither; the username is free; a password (plain,
 * stored as MD5) or a 32-hex MD5 is given. Returns the role and the MD5 to store.
 */
export async function validateNewAccount(
  a: NewAccount,
  registry: { getFacility(maCSKCB: string): Promise<Facility | undefined>; getAccount(username: string): Promise<Account | undefined> },
): Promise<{ role: AccountRole; md5: string }> {
  const role = a.role ?? 'facility';
  if (role === 'facility' && (!a.maCSKCB || !(await registry.getFacility(a.maCSKCB)))) throw new RegistryError(`no facility ${a.maCSKCB ?? '(none given)'}`);
  if (role !== 'facility' && a.maCSKCB) throw new RegistryError(`a ${role} account has no facility`);
  if (role === 'reviewer' && !/^\d{2}$/.test(a.maTinh ?? '')) throw new RegistryError(`a reviewer account needs a 2-digit province code (maTinh), got "${a.maTinh ?? ''}"`);
  if (role !== 'reviewer' && a.maTinh) throw new RegistryError(`only a reviewer account has a province`);
  if (await registry.getAccount(a.username)) throw new RegistryError(`account ${a.username} already exists`);
  const md5 = a.passwordMd5 ? a.passwordMd5.toUpperCase() : a.password !== undefined ? md5Upper(a.password) : undefined;
  if (!md5 || !/^[0-9A-F]{32}$/.test(md5)) throw new RegistryError('an account needs a password (plain) or a 32-hex MD5');
  return { role, md5 };
}

/** Facilities with their facility accounts and certificate counts, from the three registry queries. */
export function facilityListing(
  fac: { ma_cskcb: string; ten: string; ma_tinh: string; synthetic: number; created_at: string }[],
  acc: { username: string; ma_cskcb: string; locked: number }[],
  certs: { ma_cskcb: string; n: number }[],
): FacilityListing[] {
  return fac.map((r) => ({
    maCSKCB: r.ma_cskcb,
    ten: r.ten,
    maTinh: r.ma_tinh,
    synthetic: r.synthetic === 1,
    createdAt: r.created_at,
    accounts: acc.filter((a) => a.ma_cskcb === r.ma_cskcb).map((a) => ({ username: a.username, locked: a.locked === 1 })),
    certificates: Number(certs.find((c) => c.ma_cskcb === r.ma_cskcb)?.n ?? 0),
  }));
}

export function md5Upper(plain: string): string {
  return createHash('md5').update(plain, 'utf8').digest('hex').toUpperCase();
}

interface QueuedWrite {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** SqlClient over one better-sqlite3 connection (statements cached by their text). */
class SqliteSql implements SqlClient {
  readonly dialect = 'sqlite' as const;
  private readonly cache = new Map<string, Database.Statement>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database, private readonly inTx = false) {}

  private stmt(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, st);
    }
    return st;
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.stmt(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    return this.stmt(sql).run(...params).changes;
  }

  async insert(sql: string, params: unknown[] = []): Promise<number> {
    return Number(this.stmt(sql).run(...params).lastInsertRowid);
  }

  /**
   * BEGIN IMMEDIATE … COMMIT on this connection; transactions of this client run one after another. A
   * nested tx (called on the client `fn` is given) joins the outer one. While one is open the store's
   * group commit waits (Store.flush), so no acknowledged write can be rolled back with it.
   */
  tx<T>(fn: (q: SqlClient) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    const run = async (): Promise<T> => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const r = await fn(new SqliteSql(this.db, true));
        this.db.exec('COMMIT');
        return r;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }
}

export class Store implements PortalStore {
  readonly engine = 'sqlite' as const;
  readonly db: Database.Database;
  readonly sql: SqlClient;
  private seq = 0;
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly stmts;
  /** set by useWriterThread(): durable writes go to a worker thread with its own connection */
  private checkpointer?: Worker;
  private writer?: { worker: Worker; pending: Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>; next: number; dead?: Error };

  /** Opens (and creates/migrates) the store. `file` is a path or ':memory:'. */
  constructor(readonly file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // 16 KiB pages: submissions are 50–200 KB blobs; bigger pages mean shorter overflow chains and about
    // half the write time per row (measured). Only takes effect when the file is created.
    this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.sql = new SqliteSql(this.db);
    const seqRow = this.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'submissions'`).get() as { seq: number } | undefined;
    const maxRow = this.db.prepare('SELECT MAX(id) AS m FROM submissions').get() as { m: number | null };
    this.seq = Math.max(seqRow?.seq ?? 0, maxRow.m ?? 0);
    this.stmts = {
      insertSubmission: this.db.prepare(`INSERT INTO submissions (id, ma_giao_dich, endpoint, username, ma_cskcb, loai_ho_so, ma_tinh,
        content_type, client_ip, raw_body, file_bytes, file_size, sha256, received_at, thoi_gian_tiep_nhan, ma_ket_qua, thong_diep,
        status, envelope_result, check_result, check_compact, checked_at)
        VALUES (@id, @maGiaoDich, @endpoint, @username, @maCSKCB, @loaiHoSo, @maTinh, @contentType, @clientIp, @rawBody, @fileBytes,
        @fileSize, @sha256, @receivedAt, @thoiGianTiepNhan, @maKetQua, @thongDiep, @status, @envelopeResult, @checkResult, @checkCompact, @checkedAt)`),
      insertGiayTo: this.db.prepare('INSERT INTO giay_to_dien_tu (submission_id, loai_hs, root_element) VALUES (?, ?, ?)'),
      getSubmission: this.db.prepare('SELECT * FROM submissions WHERE ma_giao_dich = ?'),
      getSubmissionById: this.db.prepare('SELECT * FROM submissions WHERE id = ?'),
      insertKey: this.db.prepare('INSERT OR IGNORE INTO health_book_keys (key, submission_id) VALUES (?, ?)'),
      updateCheck: this.db.prepare('UPDATE submissions SET check_result = ?, check_compact = ?, checked_at = ?, status = ? WHERE id = ?'),
      insertToken: this.db.prepare('INSERT INTO tokens (id_token, access_token, username, ip, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      getToken: this.db.prepare('SELECT * FROM tokens WHERE id_token = ?'),
      getAccount: this.db.prepare('SELECT * FROM accounts WHERE username = ? COLLATE NOCASE'),
      getFacility: this.db.prepare('SELECT * FROM facilities WHERE ma_cskcb = ?'),
      getCard: this.db.prepare('SELECT * FROM cards WHERE ma_the = ?'),
      certsFor: this.db.prepare('SELECT pem FROM certificates WHERE ma_cskcb = ? ORDER BY id'),
    };
  }

  get location(): string {
    return this.file;
  }

  transaction<T>(fn: (s: PortalStore) => Promise<T>): Promise<T> {
    return this.sql.tx(() => fn(this));
  }

  /** Opens the store file `<dataDir>/sskdt-lab.sqlite`. */
  static open(dataDir: string): Store {
    fs.mkdirSync(dataDir, { recursive: true });
    return new Store(path.join(dataDir, 'sskdt-lab.sqlite'));
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)');
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > MIGRATIONS.length) throw new Error(`store schema version ${current} is newer than this simulator (${MIGRATIONS.length})`);
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(migrationSql(v, 'sqlite'));
        this.db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString());
      })();
    }
  }

  async schemaVersion(): Promise<number> {
    return (this.db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v;
  }

  // ---- group commit -------------------------------------------------------------------------------

  /**
   * Queues a write; all writes queued in the same event-loop turn are committed in one transaction.
   * The promise resolves with the write's return value after COMMIT (durable: synchronous=FULL).
   */
  write<T>(run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now (also used on shutdown). */
  flush(): void {
    if (this.db.inTransaction && !this.closed) {
      // a SqlClient transaction is open on this connection: commit the queue after it, never inside it
      setImmediate(() => this.flush());
      return;
    }
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const seqBefore = this.seq;
    const results: unknown[] = [];
    try {
      this.db.transaction(() => {
        for (const w of batch) results.push(w.run());
      })();
    } catch (err) {
      // Nothing of this batch was acknowledged: ids allocated inside it may be allocated again.
      this.seq = seqBefore;
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // Retry one by one so a single bad write does not fail its neighbours.
      for (const w of batch) {
        const before = this.seq;
        try {
          const r = this.db.transaction(() => w.run())();
          w.resolve(r);
        } catch (e) {
          this.seq = before;
          w.reject(e);
        }
      }
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i].resolve(results[i]);
  }

  // ---- submissions --------------------------------------------------------------------------------

  /** Commits a submission; resolves with its maGiaoDich once it is durable. */
  addSubmission(s: NewSubmission): Promise<{ id: number; maGiaoDich: string }> {
    if (this.writer) {
      // Move the two large buffers to the writer instead of copying them through the serializer.
      const rawBody = ownedCopy(s.rawBody);
      const fileBytes = s.fileBytes ? ownedCopy(s.fileBytes) : null;
      const transfer = [rawBody.buffer as ArrayBuffer, ...(fileBytes ? [fileBytes.buffer as ArrayBuffer] : [])];
      return this.remote('addSubmission', [{ ...s, rawBody, fileBytes }], transfer);
    }
    const columns = checkColumns(s.checkResult);
    return this.write(() => this.insertSubmissionNow(s, columns));
  }

  private insertSubmissionNow(s: NewSubmission, columns: ReturnType<typeof checkColumns>): { id: number; maGiaoDich: string } {
    const id = ++this.seq;
    const maGiaoDich = String(id).padStart(10, '0') + randomBytes(3).toString('hex').toUpperCase();
    this.stmts.insertSubmission.run({
      id,
      maGiaoDich,
      endpoint: s.endpoint,
      username: s.username,
      maCSKCB: s.maCSKCB,
      loaiHoSo: s.loaiHoSo,
      maTinh: s.maTinh,
      contentType: s.contentType,
      clientIp: s.clientIp,
      rawBody: toBuffer(s.rawBody),
      fileBytes: s.fileBytes ? toBuffer(s.fileBytes) : null,
      fileSize: s.fileSize,
      sha256: s.sha256,
      receivedAt: s.receivedAt,
      thoiGianTiepNhan: s.thoiGianTiepNhan,
      maKetQua: s.maKetQua,
      thongDiep: s.thongDiep,
      status: s.status,
      envelopeResult: JSON.stringify(s.envelopeResult ?? null),
      ...columns,
      checkedAt: s.checkResult === undefined ? null : new Date().toISOString(),
    });
    if (s.giayTo) this.stmts.insertGiayTo.run(id, s.giayTo.loaiHs, s.giayTo.root);
    for (const k of s.healthBookKeys ?? []) this.stmts.insertKey.run(k, id);
    return { id, maGiaoDich };
  }

  async getSubmission(maGiaoDich: string): Promise<StoredSubmission | undefined> {
    const r = this.stmts.getSubmission.get(maGiaoDich) as SubmissionDbRow | undefined;
    return r ? fromDbRow(r) : undefined;
  }

  /**
   * A facility's submissions received in [from, until], oldest first, with what a certification run judges:
   * the file (checked against its SHA-256 as every read) and the portal's answer, but not the stored check
   * result, whose decoding costs most of a full read.
   */
  async submissionsInWindow(maCSKCB: string, from: string, until: string): Promise<WindowSubmission[]> {
    const rows = this.db
      .prepare('SELECT ma_giao_dich, endpoint, received_at, ma_ket_qua, thong_diep, file_bytes, file_size, sha256, raw_body FROM submissions WHERE ma_cskcb = ? AND received_at >= ? AND received_at <= ? ORDER BY received_at, id')
      .all(maCSKCB, from, until) as Pick<SubmissionDbRow, 'ma_giao_dich' | 'endpoint' | 'received_at' | 'ma_ket_qua' | 'thong_diep' | 'file_bytes' | 'file_size' | 'sha256' | 'raw_body'>[];
    return rows.map((r) => ({ maGiaoDich: r.ma_giao_dich, endpoint: r.endpoint, receivedAt: r.received_at, maKetQua: r.ma_ket_qua, thongDiep: r.thong_diep, rawBody: r.raw_body, sha256: r.sha256, ...checkedFile(r) }));
  }

  async getSubmissionById(id: number): Promise<StoredSubmission | undefined> {
    const r = this.stmts.getSubmissionById.get(id) as SubmissionDbRow | undefined;
    return r ? fromDbRow(r) : undefined;
  }

  /** Stores the conformance check result of a submission (group-committed). */
  setCheckResult(id: number, result: unknown, status: SubmissionStatus = 'done', healthBookKeys?: string[]): Promise<void> {
    if (this.writer) return this.remote('setCheckResult', [id, result, status, healthBookKeys]);
    // compacted (when the check worker has not done it) before the group commit, not inside it
    const { checkResult, checkCompact } = checkColumns(result);
    return this.write(() => {
      this.stmts.updateCheck.run(checkResult, checkCompact, new Date().toISOString(), status, id);
      for (const k of healthBookKeys ?? []) this.stmts.insertKey.run(k, id);
    });
  }

  /** Bytes of bodies and decoded files stored for one account (the byte quota starts from this). */
  async bytesStoredBy(username: string): Promise<number> {
    const r = this.db.prepare('SELECT COALESCE(SUM(LENGTH(raw_body)), 0) + COALESCE(SUM(LENGTH(file_bytes)), 0) AS n FROM submissions WHERE username = ?').get(username) as { n: number };
    return r.n;
  }

  /** Submissions whose health-book entries carry this personal ID or card number. */
  async submissionsForHealthBookKey(key: string): Promise<number[]> {
    return (this.db.prepare('SELECT submission_id AS id FROM health_book_keys WHERE key = ? ORDER BY submission_id').all(key) as { id: number }[]).map((r) => r.id);
  }

  /** Submissions whose field check has not finished (re-queued after a restart). */
  async pendingSubmissionIds(): Promise<number[]> {
    return (this.db.prepare(`SELECT id FROM submissions WHERE status = 'pending' ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  }

  /**
   * One page of submissions, newest first, without their bodies (lists of the web workspace). `facilities`
   * and `province` narrow what the caller may see; the verdict and fail count are read from the stored
   * check result.
   */
  async listSubmissions(q: SubmissionQuery): Promise<{ rows: SubmissionSummary[]; total: number }> {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (q.facilities) {
      if (q.facilities.length === 0) return { rows: [], total: 0 };
      where.push(`s.ma_cskcb IN (${q.facilities.map((_, i) => `@f${i}`).join(',')})`);
      q.facilities.forEach((f, i) => (args[`f${i}`] = f));
    }
    if (q.province !== undefined) {
      where.push('f.ma_tinh = @province');
      args.province = q.province;
    }
    if (q.status) {
      where.push('s.status = @status');
      args.status = q.status;
    }
    if (q.verdict) {
      where.push(`json_extract(s.check_result, '$.summary.verdict') = @verdict`);
      args.verdict = q.verdict;
    }
    if (q.kind === 'checkin') where.push(`s.endpoint LIKE 'checkIn%'`);
    if (q.kind === 'record') where.push(`s.endpoint LIKE 'guiHoSo%'`);
    if (q.kind === 'paper') where.push(`s.endpoint = 'guiGiayToDienTu'`);
    if (q.since) {
      where.push('s.received_at >= @since');
      args.since = q.since;
    }
    if (q.before) {
      where.push('s.received_at < @before');
      args.before = q.before;
    }
    if (q.problemRule) {
      // a fail or warning of that rule, from its counts (in the head of a compact result and in a full one alike)
      where.push(
        `(IFNULL(json_extract(s.check_result, '$.summary.byRule."' || @problemRule || '".fail'), 0) + IFNULL(json_extract(s.check_result, '$.summary.byRule."' || @problemRule || '".warning'), 0)) > 0`,
      );
      args.problemRule = q.problemRule;
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM submissions s LEFT JOIN facilities f ON f.ma_cskcb = s.ma_cskcb';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${from} ${filter}`).get(args) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT s.id, s.ma_giao_dich, s.endpoint, s.username, s.ma_cskcb, s.received_at, s.ma_ket_qua, s.thong_diep, s.status, s.file_size,
          json_extract(s.check_result, '$.summary.verdict', '$.summary.counts.fail', '$.summary.counts.warning') AS summary
        ${from} ${filter} ORDER BY s.id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit: q.limit, offset: q.offset ?? 0 }) as {
      id: number; ma_giao_dich: string; endpoint: string; username: string; ma_cskcb: string; received_at: string; ma_ket_qua: string;
      thong_diep: string; status: SubmissionStatus; file_size: number; summary: string | null;
    }[];
    return {
      total,
      rows: rows.map((r) => {
        // one json_extract with three paths: the stored result (tens of KB) is parsed once per row, not three times
        const [verdict, fails, warnings] = (r.summary ? JSON.parse(r.summary) : []) as [string | null, number | null, number | null];
        return {
        id: r.id,
        maGiaoDich: r.ma_giao_dich,
        endpoint: r.endpoint,
        username: r.username,
        maCSKCB: r.ma_cskcb,
        receivedAt: r.received_at,
        maKetQua: r.ma_ket_qua,
        thongDiep: r.thong_diep,
        status: r.status,
        fileSize: r.file_size,
        verdict: verdict === 'pass' || verdict === 'warning' || verdict === 'fail' ? verdict : null,
        fails: fails ?? 0,
        warnings: warnings ?? 0,
        };
      }),
    };
  }

  /**
   * For each accepted, checked record submission (GIAMDINHHS) of these facilities: when it arrived, how many
   * visits (MA_LK) it carries, and the summary counts of the given rules (null when the rule never ran).
   * The province board's document coverage reads this; no XML is parsed.
   */
  async ruleCountsOfRecords(facilities: string[], ruleIds: string[]): Promise<RuleCountsRow[]> {
    if (facilities.length === 0 || ruleIds.length === 0) return [];
    // one json_extract with every path: each stored result is parsed once
    const paths = ["'$.subject.MA_LK'", ...ruleIds.map((_, i) => `'$.summary.byRule."' || @r${i} || '"'`)].join(', ');
    const args: Record<string, unknown> = {};
    ruleIds.forEach((id, i) => (args[`r${i}`] = id));
    facilities.forEach((f, i) => (args[`f${i}`] = f));
    const rows = this.db
      .prepare(
        `SELECT ma_cskcb, ma_giao_dich, received_at, json_extract(check_result, ${paths}) AS extracted
         FROM submissions WHERE ma_cskcb IN (${facilities.map((_, i) => `@f${i}`).join(',')}) AND endpoint LIKE 'guiHoSo%' AND status = 'done' AND ma_ket_qua = '200'
         ORDER BY id`,
      )
      .all(args) as Record<string, string | number | null>[];
    return rows.map((r) => {
      const [maLk, ...counts] = JSON.parse(String(r.extracted ?? '[]')) as [string[] | null, ...(Record<string, number> | null)[]];
      return {
        maCSKCB: String(r.ma_cskcb),
        maGiaoDich: String(r.ma_giao_dich),
        receivedAt: String(r.received_at),
        visits: Math.max(1, maLk?.length ?? 1),
        counts: Object.fromEntries(ruleIds.map((id, i) => [id, counts[i] ?? null])),
      };
    });
  }

  /** Last receipt time and number of submissions per facility (facilities with none are absent). */
  async lastActivity(facilities: string[]): Promise<Map<string, { lastReceivedAt: string; submissions: number }>> {
    const out = new Map<string, { lastReceivedAt: string; submissions: number }>();
    if (facilities.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT ma_cskcb, MAX(received_at) AS last, COUNT(*) AS n FROM submissions WHERE ma_cskcb IN (${facilities.map(() => '?').join(',')}) GROUP BY ma_cskcb`)
      .all(...facilities) as { ma_cskcb: string; last: string; n: number }[];
    for (const r of rows) out.set(r.ma_cskcb, { lastReceivedAt: r.last, submissions: r.n });
    return out;
  }

  /** Counts by status; optionally of one facility or of the facilities of one province. */
  async countSubmissions(scope: SubmissionScope = 'all'): Promise<SubmissionCounts> {
    const rows = (
      scope === 'all'
        ? this.db.prepare('SELECT status, COUNT(*) AS n FROM submissions GROUP BY status').all()
        : 'maCSKCB' in scope
          ? this.db.prepare('SELECT status, COUNT(*) AS n FROM submissions WHERE ma_cskcb = ? GROUP BY status').all(scope.maCSKCB)
          : this.db.prepare('SELECT status, COUNT(*) AS n FROM submissions WHERE ma_cskcb IN (SELECT ma_cskcb FROM facilities WHERE ma_tinh = ?) GROUP BY status').all(scope.maTinh)
    ) as { status: SubmissionStatus; n: number }[];
    const out = { total: 0, pending: 0, done: 0, rejected: 0 };
    for (const r of rows) {
      out[r.status] = r.n;
      out.total += r.n;
    }
    return out;
  }

  // ---- registry -----------------------------------------------------------------------------------

  async addFacility(f: NewFacility): Promise<void> {
    if (!/^[0-9A-Z]{5}$/.test(f.maCSKCB)) throw new RegistryError(`maCSKCB must be 5 characters [0-9A-Z], got "${f.maCSKCB}"`);
    if (await this.getFacility(f.maCSKCB)) throw new RegistryError(`facility ${f.maCSKCB} already exists`);
    this.db
      .prepare('INSERT INTO facilities (ma_cskcb, ten, ma_tinh, synthetic, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(f.maCSKCB, f.ten, f.maTinh ?? f.maCSKCB.slice(0, 2), f.synthetic === false ? 0 : 1, new Date().toISOString());
  }

  async getFacility(maCSKCB: string): Promise<Facility | undefined> {
    const r = this.stmts.getFacility.get(maCSKCB) as { ma_cskcb: string; ten: string; ma_tinh: string; synthetic: number; created_at: string } | undefined;
    return r ? { maCSKCB: r.ma_cskcb, ten: r.ten, maTinh: r.ma_tinh, synthetic: r.synthetic === 1, createdAt: r.created_at } : undefined;
  }

  async listFacilities(): Promise<FacilityListing[]> {
    const fac = this.db.prepare('SELECT * FROM facilities ORDER BY ma_cskcb').all() as { ma_cskcb: string; ten: string; ma_tinh: string; synthetic: number; created_at: string }[];
    const acc = this.db.prepare(`SELECT username, ma_cskcb, locked FROM accounts WHERE role = 'facility' ORDER BY username`).all() as { username: string; ma_cskcb: string; locked: number }[];
    const certs = this.db.prepare('SELECT ma_cskcb, COUNT(*) AS n FROM certificates GROUP BY ma_cskcb').all() as { ma_cskcb: string; n: number }[];
    return facilityListing(fac, acc, certs);
  }

  /**
   * Adds an account; the password is given in plain text (stored as MD5) or already as MD5 hex.
   * role 'facility' (default) needs maCSKCB; 'reviewer' needs maTinh (2 digits); 'trainer' needs neither.
   */
  async addAccount(a: NewAccount): Promise<void> {
    const { role, md5 } = await validateNewAccount(a, this);
    this.db
      .prepare('INSERT INTO accounts (username, role, ma_cskcb, ma_tinh, password_md5, locked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(a.username, role, role === 'facility' ? a.maCSKCB : null, role === 'reviewer' ? a.maTinh : null, md5, a.locked ? 1 : 0, new Date().toISOString());
  }

  async getAccount(username: string): Promise<Account | undefined> {
    const r = this.stmts.getAccount.get(username) as { username: string; role: AccountRole; ma_cskcb: string | null; ma_tinh: string | null; password_md5: string; locked: number } | undefined;
    return r ? { username: r.username, role: r.role, maCSKCB: r.ma_cskcb ?? '', maTinh: r.ma_tinh, passwordMd5: r.password_md5, locked: r.locked === 1 } : undefined;
  }

  /** Accounts that are not bound to a facility (reviewers, trainers), for listings. */
  async listAuthorityAccounts(): Promise<AuthorityAccount[]> {
    const rows = this.db.prepare(`SELECT username, role, ma_tinh, locked FROM accounts WHERE role <> 'facility' ORDER BY username`).all() as { username: string; role: AccountRole; ma_tinh: string | null; locked: number }[];
    return rows.map((r) => ({ username: r.username, role: r.role, maTinh: r.ma_tinh, locked: r.locked === 1 }));
  }

  async setAccountLocked(username: string, locked: boolean): Promise<void> {
    this.db.prepare('UPDATE accounts SET locked = ? WHERE username = ?').run(locked ? 1 : 0, username);
  }

  /** Registers a signing certificate (PEM) for a facility, like the portal's "Danh mục chứng thư số". */
  async addCertificate(maCSKCB: string, pem: string): Promise<CertificateRow> {
    if (!(await this.getFacility(maCSKCB))) throw new RegistryError(`no facility ${maCSKCB}`);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (err) {
      throw new RegistryError(`not a PEM X.509 certificate: ${(err as Error).message}`);
    }
    const row = {
      maCSKCB,
      serial: cert.serialNumber,
      subject: cert.subject.replace(/\n/g, ', '),
      notBefore: new Date(cert.validFrom).toISOString(),
      notAfter: new Date(cert.validTo).toISOString(),
      pem: cert.toString(),
      addedAt: new Date().toISOString(),
    };
    const info = this.db
      .prepare('INSERT INTO certificates (ma_cskcb, serial, subject, not_before, not_after, pem, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.maCSKCB, row.serial, row.subject, row.notBefore, row.notAfter, row.pem, row.addedAt);
    return { id: Number(info.lastInsertRowid), ...row };
  }

  async listCertificates(maCSKCB?: string): Promise<CertificateRow[]> {
    const rows = (maCSKCB
      ? this.db.prepare('SELECT * FROM certificates WHERE ma_cskcb = ? ORDER BY id').all(maCSKCB)
      : this.db.prepare('SELECT * FROM certificates ORDER BY id').all()) as Record<string, string | number>[];
    return rows.map((r) => ({
      id: Number(r.id),
      maCSKCB: String(r.ma_cskcb),
      serial: String(r.serial),
      subject: String(r.subject),
      notBefore: String(r.not_before),
      notAfter: String(r.not_after),
      pem: String(r.pem),
      addedAt: String(r.added_at),
    }));
  }

  async certificatesFor(maCSKCB: string): Promise<string[]> {
    return (this.stmts.certsFor.all(maCSKCB) as { pem: string }[]).map((r) => r.pem);
  }

  // ---- tokens -------------------------------------------------------------------------------------

  addToken(t: TokenRow): Promise<void> {
    if (this.writer) return this.remote('addToken', [t]);
    return this.write(() => {
      this.stmts.insertToken.run(t.idToken, t.accessToken, t.username, t.ip, t.issuedAt, t.expiresAt);
    });
  }

  async getToken(idToken: string): Promise<TokenRow | undefined> {
    const r = this.stmts.getToken.get(idToken) as { id_token: string; access_token: string; username: string; ip: string; issued_at: number; expires_at: number } | undefined;
    return r ? { idToken: r.id_token, accessToken: r.access_token, username: r.username, ip: r.ip, issuedAt: r.issued_at, expiresAt: r.expires_at } : undefined;
  }

  // ---- cards --------------------------------------------------------------------------------------

  async upsertCard(c: Card): Promise<void> {
    this.db
      .prepare('INSERT INTO cards (ma_the, ho_ten, ngay_sinh, scenario, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(ma_the) DO UPDATE SET ho_ten = excluded.ho_ten, ngay_sinh = excluded.ngay_sinh, scenario = excluded.scenario, data = excluded.data')
      .run(c.maThe, c.hoTen, c.ngaySinh, c.scenario, JSON.stringify(c.data));
  }

  async getCard(maThe: string): Promise<Card | undefined> {
    const r = this.stmts.getCard.get(maThe) as { ma_the: string; ho_ten: string; ngay_sinh: string; scenario: string; data: string } | undefined;
    return r ? { maThe: r.ma_the, hoTen: r.ho_ten, ngaySinh: r.ngay_sinh, scenario: r.scenario, data: JSON.parse(r.data) } : undefined;
  }

  /** A card by its 10-digit mã số BHXH (the last 10 characters of the card code). */
  async findCardByMaSoBHXH(maSo: string): Promise<Card | undefined> {
    const r = this.db.prepare('SELECT ma_the FROM cards WHERE substr(ma_the, 6) = ? ORDER BY ma_the LIMIT 1').get(maSo) as { ma_the: string } | undefined;
    return r ? await this.getCard(r.ma_the) : undefined;
  }

  async countCards(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM cards').get() as { n: number }).n;
  }

  // ---- meta ---------------------------------------------------------------------------------------

  async getMeta(key: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** The HMAC key for access tokens: created once per store. */
  async tokenSecret(): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('token_secret', randomBytes(32).toString('hex'));
    return (await this.getMeta('token_secret'))!;
  }


  async isEmpty(): Promise<boolean> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM facilities').get() as { n: number }).n === 0;
  }

  // ---- facility catalogues ----------------------------------------------------------------------

  /** Stores catalogue versions in one transaction (all or none); returns their ids in order. */
  addCatalogueVersions(versions: NewCatalogueVersion[]): Promise<number[]> {
    return addCatalogueVersionsSql(this.sql, versions);
  }

  /** Versions (without their rows) of one facility, or of every facility; by facility, kind, effective date, id. */
  async listCatalogueVersions(maCSKCB?: string): Promise<CatalogueVersionSummary[]> {
    const sql = `SELECT id, ma_cskcb, kind, effective_from, source, sha256, row_count, imported_by, imported_at FROM catalogue_versions ${maCSKCB ? 'WHERE ma_cskcb = ?' : ''} ORDER BY ma_cskcb, kind, effective_from, id`;
    const rows = (maCSKCB ? this.db.prepare(sql).all(maCSKCB) : this.db.prepare(sql).all()) as Record<string, string | number>[];
    return rows.map((r) => ({
      id: Number(r.id),
      maCSKCB: String(r.ma_cskcb),
      kind: String(r.kind) as CatalogueVersionSummary['kind'],
      effectiveFrom: String(r.effective_from),
      source: String(r.source),
      sha256: String(r.sha256),
      rows: Number(r.row_count),
      importedBy: String(r.imported_by),
      importedAt: String(r.imported_at),
    }));
  }

  /** Every version of a facility with its rows (what the CATALOGUE.* rules are given). */
  async catalogueVersionsOf(maCSKCB: string): Promise<CatalogueVersionRows[]> {
    const rows = this.db.prepare('SELECT id, kind, effective_from, source, entries FROM catalogue_versions WHERE ma_cskcb = ? ORDER BY id').all(maCSKCB) as { id: number; kind: string; effective_from: string; source: string; entries: string }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, effectiveFrom: r.effective_from, source: r.source, entries: JSON.parse(r.entries) as unknown[] }));
  }

  /** The newest version id of a facility (0 when none): changes whenever its catalogues do. */
  async catalogueStamp(maCSKCB: string): Promise<number> {
    return (this.db.prepare('SELECT MAX(id) AS m FROM catalogue_versions WHERE ma_cskcb = ?').get(maCSKCB) as { m: number | null }).m ?? 0;
  }

  // ---- writer thread ----------------------------------------------------------------------------

  /**
   * Moves the durable writes (submissions, tokens, check results) to a worker thread with its own
   * connection to the same file (WAL: this thread keeps reading). The event loop then never blocks on a
   * COMMIT's write and fsync; each promise still resolves only after the COMMIT that holds the row.
   * File stores only (an in-memory database cannot be shared between connections).
   */
  async useWriterThread(): Promise<void> {
    if (this.file === ':memory:' || this.writer) return;
    this.flush();
    const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { module: './store-writer.ts', file: this.file } });
    // Checkpoints (copying the WAL into the database file) run in a third thread, so a COMMIT never waits
    // for one; the writer only checkpoints itself as a safety net when the WAL gets very large.
    const checkpointer = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { module: './store-checkpointer.ts', file: this.file } });
    checkpointer.unref();
    checkpointer.on('error', (err) => console.error('[sskdt-lab] checkpointer stopped:', err));
    this.checkpointer = checkpointer;
    const writer: NonNullable<Store['writer']> = { worker, pending: new Map(), next: 1 };
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error ?? 'store writer failed to start'))));
      worker.once('error', reject);
    });
    worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = writer.pending.get(m.id);
      if (!p) return;
      writer.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
    const die = (err: Error) => {
      writer.dead = err;
      for (const p of writer.pending.values()) p.reject(err);
      writer.pending.clear();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`store writer exited (${code})`)));
    this.writer = writer;
  }

  private remote<T>(op: 'addSubmission' | 'addToken' | 'setCheckResult' | 'close', args: unknown[], transfer: ArrayBuffer[] = []): Promise<T> {
    const w = this.writer!;
    if (w.dead) return Promise.reject(w.dead);
    return new Promise<T>((resolve, reject) => {
      const id = w.next++;
      w.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.worker.postMessage({ id, op, args }, transfer);
    });
  }

  /** Commits what is queued (here and in the writer thread), then closes. */
  async closeAsync(): Promise<void> {
    if (this.writer && !this.writer.dead) {
      await this.remote('close', []).catch(() => {});
      await this.writer.worker.terminate();
    }
    await this.checkpointer?.terminate();
    this.closeSync();
  }

  /** Commits what is queued and closes (without a writer thread, at once: the promise is already settled). */
  close(): Promise<void> {
    if (this.writer || this.checkpointer) return this.closeAsync();
    this.closeSync();
    return Promise.resolve();
  }

  /** Commits what is queued and closes the database (use close() with a writer thread). */
  closeSync(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.writer && !this.writer.dead) void this.writer.worker.terminate();
    void this.checkpointer?.terminate();
    this.db.close();
  }
}

export interface NewCatalogueVersion {
  maCSKCB: string;
  kind: 'staff' | 'equipment' | 'drugs' | 'services' | 'supplies' | 'departments';
  /** yyyymmdd */
  effectiveFrom: string;
  /** file name it came from */
  source: string;
  /** SHA-256 hex of the file */
  sha256: string;
  entries: unknown[];
  importedBy: string;
  importedAt: string;
}

export interface CatalogueVersionSummary extends Omit<NewCatalogueVersion, 'entries' | 'maCSKCB'> {
  id: number;
  maCSKCB: string;
  rows: number;
}

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface SubmissionDbRow {
  id: number;
  ma_giao_dich: string;
  endpoint: string;
  username: string;
  ma_cskcb: string;
  loai_ho_so: string;
  ma_tinh: string;
  content_type: string;
  client_ip: string;
  raw_body: Buffer | null;
  file_bytes: Buffer | null;
  file_size: number;
  sha256: string;
  received_at: string;
  thoi_gian_tiep_nhan: string;
  ma_ket_qua: string;
  thong_diep: string;
  status: SubmissionStatus;
  envelope_result: string;
  check_result: string | null;
  check_compact: Buffer | null;
  checked_at: string | null;
}

/** The stored file checked against its stored SHA-256, as every read does: a damaged file is never returned. */
export function checkedFile(r: Pick<SubmissionDbRow, 'file_bytes' | 'file_size' | 'sha256'>): { fileBytes: Buffer | null; integrity: StoredSubmission['integrity'] } {
  const fileBytes = r.file_bytes;
  if (!fileBytes) return { fileBytes, integrity: 'none' };
  if (fileBytes.byteLength !== r.file_size) return { fileBytes, integrity: 'partial' };
  if (createHash('sha256').update(fileBytes).digest('hex') === r.sha256) return { fileBytes, integrity: 'ok' };
  return { fileBytes: null, integrity: 'mismatch' };
}

export function fromDbRow(r: SubmissionDbRow): StoredSubmission {
  const { fileBytes, integrity } = checkedFile(r);
  return {
    integrity,
    id: r.id,
    maGiaoDich: r.ma_giao_dich,
    endpoint: r.endpoint,
    username: r.username,
    maCSKCB: r.ma_cskcb,
    loaiHoSo: r.loai_ho_so,
    maTinh: r.ma_tinh,
    contentType: r.content_type,
    clientIp: r.client_ip,
    rawBody: r.raw_body,
    fileBytes,
    fileSize: r.file_size,
    sha256: r.sha256,
    receivedAt: r.received_at,
    thoiGianTiepNhan: r.thoi_gian_tiep_nhan,
    maKetQua: r.ma_ket_qua,
    thongDiep: r.thong_diep,
    status: r.status,
    envelopeResult: JSON.parse(r.envelope_result),
    checkResult: r.check_compact ? readStoredResult(r.check_compact) : r.check_result === null ? null : JSON.parse(r.check_result),
    checkedAt: r.checked_at,
  };
}

/**
 * The check_result and check_compact columns of what a check left: a Result (or its stored form, built by the
 * check worker) goes compact (./stored-result.ts); anything else (an `{ engineError }` record) stays JSON.
 */
export function checkColumns(result: unknown): { checkResult: string | null; checkCompact: Buffer | null } {
  if (result === undefined) return { checkResult: null, checkCompact: null };
  const stored: StoredResult | undefined = isStoredResult(result) ? result : isResult(result) ? storedResult(result) : undefined;
  if (!stored) return { checkResult: JSON.stringify(result), checkCompact: null };
  return { checkResult: stored.head, checkCompact: toBuffer(stored.compact) };
}

/**
 * A view that owns its whole ArrayBuffer, safe to transfer: the view itself when it spans its buffer
 * (e.g. a request body), otherwise a copy (never transfer a slice of Node's shared Buffer pool).
 */
function ownedCopy(u: Uint8Array): Uint8Array {
  if (u.byteOffset === 0 && u.byteLength === u.buffer.byteLength && !(u.buffer instanceof SharedArrayBuffer)) return u;
  return new Uint8Array(u);
}

export function toBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
