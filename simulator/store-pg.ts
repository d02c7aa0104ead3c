/**
 * The store on PostgreSQL (node-postgres): several portal instances share one database, chosen by
 * DATABASE_URL=postgres://…  Same contract as the embedded SQLite store (PortalStore), same migrations
 * (migrationSql translates them), and the same durability rule: a write's promise resolves only after the
 * COMMIT that holds it has returned, so an answer carrying a maGiaoDich is sent only for a committed row.
 *
 * maGiaoDich: the row id from the `submissions` sequence (never handed out twice, by any instance, even
 * after a rollback) zero-padded to 10 digits + 6 random upper-case hex characters, as on SQLite; the
 * column is UNIQUE as well.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import pg from 'pg';
import {
  addCatalogueVersionsSql,
  checkColumns,
  checkedFile,
  facilityListing,
  fromDbRow,
  migrationSql,
  RegistryError,
  SCHEMA_VERSION,
  toBuffer,
  validateNewAccount,
  type Account,
  type AccountRole,
  type AuthorityAccount,
  type Card,
  type CatalogueVersionRows,
  type CatalogueVersionSummary,
  type NewCatalogueVersion,
  type WindowSubmission,
  type CertificateRow,
  type Facility,
  type FacilityListing,
  type NewAccount,
  type NewFacility,
  type NewSubmission,
  type PortalStore,
  type RuleCountsRow,
  type SqlClient,
  type StoredSubmission,
  type SubmissionCounts,
  type SubmissionDbRow,
  type SubmissionQuery,
  type SubmissionScope,
  type SubmissionStatus,
  type SubmissionSummary,
  type TokenRow,
} from './store.ts';
import { redactUrl } from './store-open.ts';

/** int8 (COUNT, BIGINT columns) and numeric (SUM) as JS numbers: every value the lab stores fits. */
const TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** `?` placeholders (outside quotes) → $1, $2 … */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') out += `$${++n}`;
    else out += ch;
  }
  return out;
}

const param = (v: unknown) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? toBuffer(v) : v === undefined ? null : v);

type Queryable = pg.Pool | pg.PoolClient;

class PgSql implements SqlClient {
  readonly dialect = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    private readonly client?: pg.PoolClient,
  ) {}

  private get q(): Queryable {
    return this.client ?? this.pool;
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.q.query(numberPlaceholders(sql), params.map(param))).rows as T[];
  }

  async get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.q.query(numberPlaceholders(sql), params.map(param))).rowCount ?? 0;
  }

  async insert(sql: string, params: unknown[] = []): Promise<number> {
    const r = await this.q.query(`${numberPlaceholders(sql)} RETURNING id`, params.map(param));
    return Number(r.rows[0].id);
  }

  /** BEGIN … COMMIT on one pooled connection; a nested tx joins the outer one. */
  async tx<T>(fn: (q: SqlClient) => Promise<T>): Promise<T> {
    if (this.client) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const r = await fn(new PgSql(this.pool, client));
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
}

/** Advisory lock class of claimed checks (session locks, two-key form: CHECK_LOCK, submission id). */
const CHECK_LOCK = 130_4750;

/** Serialises migrations of instances starting at once (pg_advisory_xact_lock key). */
const MIGRATION_LOCK = 7_130_4750;

export class PgStore implements PortalStore {
  readonly engine = 'postgres' as const;
  readonly location: string;
  readonly sql: SqlClient;

  private constructor(
    private readonly pool: pg.Pool,
    url: string,
    sql?: SqlClient,
  ) {
    this.location = redactUrl(url);
    this.sql = sql ?? new PgSql(pool);
  }

  /** Connects, creates or migrates the schema (one instance at a time), and returns the store. */
  static async open(url: string, opts: { max?: number } = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types: TYPES, application_name: 'sskdt-lab' });
    // an idle connection that breaks (database restarted) is dropped, not thrown at the process
    pool.on('error', (err: Error) => console.error('[sskdt-lab] PostgreSQL connection error:', err.message));
    const store = new PgStore(pool, url);
    try {
      await store.migrate();
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.sql.tx(async (q) => {
      await q.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await q.run('CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL, applied_at TEXT NOT NULL)');
      const current = (await q.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version'))?.v ?? 0;
      if (current > SCHEMA_VERSION) throw new Error(`store schema version ${current} is newer than this simulator (${SCHEMA_VERSION})`);
      for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
        await q.run(migrationSql(v, 'postgres'));
        await q.run('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)', [v, new Date().toISOString()]);
      }
    });
  }

  async schemaVersion(): Promise<number> {
    return (await this.sql.get<{ v: number }>('SELECT MAX(version) AS v FROM schema_version'))!.v;
  }

  transaction<T>(fn: (s: PortalStore) => Promise<T>): Promise<T> {
    return this.sql.tx((q) => fn(new PgStore(this.pool, this.location, q)));
  }

  // ---- submissions --------------------------------------------------------------------------------

  /** Commits a submission; resolves with its maGiaoDich after COMMIT. */
  async addSubmission(s: NewSubmission): Promise<{ id: number; maGiaoDich: string }> {
    const c = checkColumns(s.checkResult);
    const suffix = randomBytes(3).toString('hex').toUpperCase();
    return this.sql.tx(async (q) => {
      const row = (await q.get<{ id: number; ma_giao_dich: string }>(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('submissions', 'id')) AS id)
         INSERT INTO submissions (id, ma_giao_dich, endpoint, username, ma_cskcb, loai_ho_so, ma_tinh, content_type, client_ip, raw_body, file_bytes,
           file_size, sha256, received_at, thoi_gian_tiep_nhan, ma_ket_qua, thong_diep, status, envelope_result, check_result, check_compact, checked_at)
         SELECT n.id, lpad(n.id::text, 10, '0') || ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM n
         RETURNING id, ma_giao_dich`,
        [
          suffix, s.endpoint, s.username, s.maCSKCB, s.loaiHoSo, s.maTinh, s.contentType, s.clientIp, s.rawBody, s.fileBytes,
          s.fileSize, s.sha256, s.receivedAt, s.thoiGianTiepNhan, s.maKetQua, s.thongDiep, s.status, JSON.stringify(s.envelopeResult ?? null),
          c.checkResult, c.checkCompact, s.checkResult === undefined ? null : new Date().toISOString(),
        ],
      ))!;
      if (s.giayTo) await q.run('INSERT INTO giay_to_dien_tu (submission_id, loai_hs, root_element) VALUES (?, ?, ?)', [row.id, s.giayTo.loaiHs, s.giayTo.root]);
      for (const k of s.healthBookKeys ?? []) await q.run('INSERT INTO health_book_keys (key, submission_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [k, row.id]);
      return { id: row.id, maGiaoDich: row.ma_giao_dich };
    });
  }

  async getSubmission(maGiaoDich: string): Promise<StoredSubmission | undefined> {
    const r = await this.sql.get<SubmissionDbRow>('SELECT * FROM submissions WHERE ma_giao_dich = ?', [maGiaoDich]);
    return r ? fromDbRow(r) : undefined;
  }

  async getSubmissionById(id: number): Promise<StoredSubmission | undefined> {
    const r = await this.sql.get<SubmissionDbRow>('SELECT * FROM submissions WHERE id = ?', [id]);
    return r ? fromDbRow(r) : undefined;
  }

  async submissionsInWindow(maCSKCB: string, from: string, until: string): Promise<WindowSubmission[]> {
    const rows = await this.sql.all<Pick<SubmissionDbRow, 'ma_giao_dich' | 'endpoint' | 'received_at' | 'ma_ket_qua' | 'thong_diep' | 'file_bytes' | 'file_size' | 'sha256' | 'raw_body'>>(
      'SELECT ma_giao_dich, endpoint, received_at, ma_ket_qua, thong_diep, file_bytes, file_size, sha256, raw_body FROM submissions WHERE ma_cskcb = ? AND received_at >= ? AND received_at <= ? ORDER BY received_at, id',
      [maCSKCB, from, until],
    );
    return rows.map((r) => ({ maGiaoDich: r.ma_giao_dich, endpoint: r.endpoint, receivedAt: r.received_at, maKetQua: r.ma_ket_qua, thongDiep: r.thong_diep, rawBody: r.raw_body, sha256: r.sha256, ...checkedFile(r) }));
  }

  async bytesStoredBy(username: string): Promise<number> {
    return (await this.sql.get<{ n: number }>('SELECT COALESCE(SUM(octet_length(raw_body)), 0) + COALESCE(SUM(octet_length(file_bytes)), 0) AS n FROM submissions WHERE username = ?', [username]))!.n;
  }

  async setCheckResult(id: number, result: unknown, status: SubmissionStatus = 'done', healthBookKeys?: string[]): Promise<void> {
    const { checkResult, checkCompact } = checkColumns(result);
    await this.sql.tx(async (q) => {
      await q.run('UPDATE submissions SET check_result = ?, check_compact = ?, checked_at = ?, status = ? WHERE id = ?', [checkResult, checkCompact, new Date().toISOString(), status, id]);
      for (const k of healthBookKeys ?? []) await q.run('INSERT INTO health_book_keys (key, submission_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [k, id]);
    });
  }

  async submissionsForHealthBookKey(key: string): Promise<number[]> {
    return (await this.sql.all<{ id: number }>('SELECT submission_id AS id FROM health_book_keys WHERE key = ? ORDER BY submission_id', [key])).map((r) => r.id);
  }

  async pendingSubmissionIds(): Promise<number[]> {
    return (await this.sql.all<{ id: number }>(`SELECT id FROM submissions WHERE status = 'pending' ORDER BY id`)).map((r) => r.id);
  }

  async listSubmissions(q: SubmissionQuery): Promise<{ rows: SubmissionSummary[]; total: number }> {
    const where: string[] = [];
    const args: unknown[] = [];
    const head = `s.check_result::jsonb`;
    if (q.facilities) {
      if (q.facilities.length === 0) return { rows: [], total: 0 };
      where.push(`s.ma_cskcb IN (${q.facilities.map(() => '?').join(',')})`);
      args.push(...q.facilities);
    }
    if (q.province !== undefined) {
      where.push('f.ma_tinh = ?');
      args.push(q.province);
    }
    if (q.status) {
      where.push('s.status = ?');
      args.push(q.status);
    }
    if (q.verdict) {
      where.push(`(${head} #>> '{summary,verdict}') = ?`);
      args.push(q.verdict);
    }
    if (q.kind === 'checkin') where.push(`s.endpoint LIKE 'checkIn%'`);
    if (q.kind === 'record') where.push(`s.endpoint LIKE 'guiHoSo%'`);
    if (q.kind === 'paper') where.push(`s.endpoint = 'guiGiayToDienTu'`);
    if (q.since) {
      where.push('s.received_at >= ?');
      args.push(q.since);
    }
    if (q.before) {
      where.push('s.received_at < ?');
      args.push(q.before);
    }
    if (q.problemRule) {
      where.push(`(COALESCE((${head} -> 'summary' -> 'byRule' -> ? ->> 'fail')::integer, 0) + COALESCE((${head} -> 'summary' -> 'byRule' -> ? ->> 'warning')::integer, 0)) > 0`);
      args.push(q.problemRule, q.problemRule);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM submissions s LEFT JOIN facilities f ON f.ma_cskcb = s.ma_cskcb';
    const total = (await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n ${from} ${filter}`, args))!.n;
    const rows = await this.sql.all<{
      id: number; ma_giao_dich: string; endpoint: string; username: string; ma_cskcb: string; received_at: string; ma_ket_qua: string;
      thong_diep: string; status: SubmissionStatus; file_size: number; verdict: string | null; fails: number | null; warnings: number | null;
    }>(
      `SELECT s.id, s.ma_giao_dich, s.endpoint, s.username, s.ma_cskcb, s.received_at, s.ma_ket_qua, s.thong_diep, s.status, s.file_size,
         (${head} #>> '{summary,verdict}') AS verdict, (${head} #>> '{summary,counts,fail}')::integer AS fails, (${head} #>> '{summary,counts,warning}')::integer AS warnings
       ${from} ${filter} ORDER BY s.id DESC LIMIT ? OFFSET ?`,
      [...args, q.limit, q.offset ?? 0],
    );
    return {
      total,
      rows: rows.map((r) => ({
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
        verdict: r.verdict === 'pass' || r.verdict === 'warning' || r.verdict === 'fail' ? r.verdict : null,
        fails: r.fails ?? 0,
        warnings: r.warnings ?? 0,
      })),
    };
  }

  async ruleCountsOfRecords(facilities: string[], ruleIds: string[]): Promise<RuleCountsRow[]> {
    if (facilities.length === 0 || ruleIds.length === 0) return [];
    const rows = await this.sql.all<{ ma_cskcb: string; ma_giao_dich: string; received_at: string; ma_lk: unknown; by_rule: Record<string, Record<string, number>> | null }>(
      `SELECT ma_cskcb, ma_giao_dich, received_at, check_result::jsonb #> '{subject,MA_LK}' AS ma_lk, check_result::jsonb #> '{summary,byRule}' AS by_rule
       FROM submissions WHERE ma_cskcb IN (${facilities.map(() => '?').join(',')}) AND endpoint LIKE 'guiHoSo%' AND status = 'done' AND ma_ket_qua = '200'
       ORDER BY id`,
      facilities,
    );
    return rows.map((r) => ({
      maCSKCB: r.ma_cskcb,
      maGiaoDich: r.ma_giao_dich,
      receivedAt: r.received_at,
      visits: Math.max(1, Array.isArray(r.ma_lk) ? r.ma_lk.length : 1),
      counts: Object.fromEntries(ruleIds.map((id) => [id, r.by_rule?.[id] ?? null])),
    }));
  }

  async lastActivity(facilities: string[]): Promise<Map<string, { lastReceivedAt: string; submissions: number }>> {
    const out = new Map<string, { lastReceivedAt: string; submissions: number }>();
    if (facilities.length === 0) return out;
    const rows = await this.sql.all<{ ma_cskcb: string; last: string; n: number }>(
      `SELECT ma_cskcb, MAX(received_at) AS last, COUNT(*) AS n FROM submissions WHERE ma_cskcb IN (${facilities.map(() => '?').join(',')}) GROUP BY ma_cskcb`,
      facilities,
    );
    for (const r of rows) out.set(r.ma_cskcb, { lastReceivedAt: r.last, submissions: r.n });
    return out;
  }

  async countSubmissions(scope: SubmissionScope = 'all'): Promise<SubmissionCounts> {
    const rows = await (scope === 'all'
      ? this.sql.all<{ status: SubmissionStatus; n: number }>('SELECT status, COUNT(*) AS n FROM submissions GROUP BY status')
      : 'maCSKCB' in scope
        ? this.sql.all<{ status: SubmissionStatus; n: number }>('SELECT status, COUNT(*) AS n FROM submissions WHERE ma_cskcb = ? GROUP BY status', [scope.maCSKCB])
        : this.sql.all<{ status: SubmissionStatus; n: number }>('SELECT status, COUNT(*) AS n FROM submissions WHERE ma_cskcb IN (SELECT ma_cskcb FROM facilities WHERE ma_tinh = ?) GROUP BY status', [scope.maTinh]));
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
    const n = await this.sql.run('INSERT INTO facilities (ma_cskcb, ten, ma_tinh, synthetic, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (ma_cskcb) DO NOTHING', [
      f.maCSKCB, f.ten, f.maTinh ?? f.maCSKCB.slice(0, 2), f.synthetic === false ? 0 : 1, new Date().toISOString(),
    ]);
    if (n === 0) throw new RegistryError(`facility ${f.maCSKCB} already exists`);
  }

  async getFacility(maCSKCB: string): Promise<Facility | undefined> {
    const r = await this.sql.get<{ ma_cskcb: string; ten: string; ma_tinh: string; synthetic: number; created_at: string }>('SELECT * FROM facilities WHERE ma_cskcb = ?', [maCSKCB]);
    return r ? { maCSKCB: r.ma_cskcb, ten: r.ten, maTinh: r.ma_tinh, synthetic: r.synthetic === 1, createdAt: r.created_at } : undefined;
  }

  async listFacilities(): Promise<FacilityListing[]> {
    const fac = await this.sql.all<{ ma_cskcb: string; ten: string; ma_tinh: string; synthetic: number; created_at: string }>('SELECT * FROM facilities ORDER BY ma_cskcb');
    const acc = await this.sql.all<{ username: string; ma_cskcb: string; locked: number }>(`SELECT username, ma_cskcb, locked FROM accounts WHERE role = 'facility' ORDER BY username`);
    const certs = await this.sql.all<{ ma_cskcb: string; n: number }>('SELECT ma_cskcb, COUNT(*) AS n FROM certificates GROUP BY ma_cskcb');
    return facilityListing(fac, acc, certs);
  }

  async addAccount(a: NewAccount): Promise<void> {
    const { role, md5 } = await validateNewAccount(a, this);
    await this.sql.run('INSERT INTO accounts (username, role, ma_cskcb, ma_tinh, password_md5, locked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      a.username, role, role === 'facility' ? a.maCSKCB : null, role === 'reviewer' ? a.maTinh : null, md5, a.locked ? 1 : 0, new Date().toISOString(),
    ]);
  }

  async getAccount(username: string): Promise<Account | undefined> {
    // usernames compare case-insensitively, as SQLite's COLLATE NOCASE does
    const r = await this.sql.get<{ username: string; role: AccountRole; ma_cskcb: string | null; ma_tinh: string | null; password_md5: string; locked: number }>(
      'SELECT * FROM accounts WHERE lower(username) = lower(?) ORDER BY username LIMIT 1',
      [username],
    );
    return r ? { username: r.username, role: r.role, maCSKCB: r.ma_cskcb ?? '', maTinh: r.ma_tinh, passwordMd5: r.password_md5, locked: r.locked === 1 } : undefined;
  }

  async listAuthorityAccounts(): Promise<AuthorityAccount[]> {
    const rows = await this.sql.all<{ username: string; role: AccountRole; ma_tinh: string | null; locked: number }>(`SELECT username, role, ma_tinh, locked FROM accounts WHERE role <> 'facility' ORDER BY username`);
    return rows.map((r) => ({ username: r.username, role: r.role, maTinh: r.ma_tinh, locked: r.locked === 1 }));
  }

  async setAccountLocked(username: string, locked: boolean): Promise<void> {
    await this.sql.run('UPDATE accounts SET locked = ? WHERE username = ?', [locked ? 1 : 0, username]);
  }

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
    const id = await this.sql.insert('INSERT INTO certificates (ma_cskcb, serial, subject, not_before, not_after, pem, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.maCSKCB, row.serial, row.subject, row.notBefore, row.notAfter, row.pem, row.addedAt,
    ]);
    return { id, ...row };
  }

  async listCertificates(maCSKCB?: string): Promise<CertificateRow[]> {
    const rows = await (maCSKCB
      ? this.sql.all<Record<string, string | number>>('SELECT * FROM certificates WHERE ma_cskcb = ? ORDER BY id', [maCSKCB])
      : this.sql.all<Record<string, string | number>>('SELECT * FROM certificates ORDER BY id'));
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
    return (await this.sql.all<{ pem: string }>('SELECT pem FROM certificates WHERE ma_cskcb = ? ORDER BY id', [maCSKCB])).map((r) => r.pem);
  }

  // ---- tokens -------------------------------------------------------------------------------------

  async addToken(t: TokenRow): Promise<void> {
    await this.sql.run('INSERT INTO tokens (id_token, access_token, username, ip, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [t.idToken, t.accessToken, t.username, t.ip, t.issuedAt, t.expiresAt]);
  }

  async getToken(idToken: string): Promise<TokenRow | undefined> {
    const r = await this.sql.get<{ id_token: string; access_token: string; username: string; ip: string; issued_at: number; expires_at: number }>('SELECT * FROM tokens WHERE id_token = ?', [idToken]);
    return r ? { idToken: r.id_token, accessToken: r.access_token, username: r.username, ip: r.ip, issuedAt: r.issued_at, expiresAt: r.expires_at } : undefined;
  }

  // ---- cards --------------------------------------------------------------------------------------

  async upsertCard(c: Card): Promise<void> {
    await this.sql.run(
      'INSERT INTO cards (ma_the, ho_ten, ngay_sinh, scenario, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (ma_the) DO UPDATE SET ho_ten = excluded.ho_ten, ngay_sinh = excluded.ngay_sinh, scenario = excluded.scenario, data = excluded.data',
      [c.maThe, c.hoTen, c.ngaySinh, c.scenario, JSON.stringify(c.data)],
    );
  }

  async getCard(maThe: string): Promise<Card | undefined> {
    const r = await this.sql.get<{ ma_the: string; ho_ten: string; ngay_sinh: string; scenario: string; data: string }>('SELECT * FROM cards WHERE ma_the = ?', [maThe]);
    return r ? { maThe: r.ma_the, hoTen: r.ho_ten, ngaySinh: r.ngay_sinh, scenario: r.scenario, data: JSON.parse(r.data) } : undefined;
  }

  async findCardByMaSoBHXH(maSo: string): Promise<Card | undefined> {
    const r = await this.sql.get<{ ma_the: string }>('SELECT ma_the FROM cards WHERE substr(ma_the, 6) = ? ORDER BY ma_the LIMIT 1', [maSo]);
    return r ? await this.getCard(r.ma_the) : undefined;
  }

  async countCards(): Promise<number> {
    return (await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM cards'))!.n;
  }

  // ---- meta ---------------------------------------------------------------------------------------

  async getMeta(key: string): Promise<string | undefined> {
    return (await this.sql.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]))?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /** Created once per database: the first instance's insert wins, every instance reads the same key. */
  async tokenSecret(): Promise<string> {
    await this.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', ['token_secret', randomBytes(32).toString('hex')]);
    return (await this.getMeta('token_secret'))!;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM facilities'))!.n === 0;
  }

  // ---- facility catalogues ----------------------------------------------------------------------

  addCatalogueVersions(versions: NewCatalogueVersion[]): Promise<number[]> {
    return addCatalogueVersionsSql(this.sql, versions);
  }

  async listCatalogueVersions(maCSKCB?: string): Promise<CatalogueVersionSummary[]> {
    const sql = `SELECT id, ma_cskcb, kind, effective_from, source, sha256, row_count, imported_by, imported_at FROM catalogue_versions ${maCSKCB ? 'WHERE ma_cskcb = ?' : ''} ORDER BY ma_cskcb, kind, effective_from, id`;
    const rows = await this.sql.all<Record<string, string | number>>(sql, maCSKCB ? [maCSKCB] : []);
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

  async catalogueVersionsOf(maCSKCB: string): Promise<CatalogueVersionRows[]> {
    const rows = await this.sql.all<{ id: number; kind: string; effective_from: string; source: string; entries: string }>('SELECT id, kind, effective_from, source, entries FROM catalogue_versions WHERE ma_cskcb = ? ORDER BY id', [maCSKCB]);
    return rows.map((r) => ({ id: r.id, kind: r.kind, effectiveFrom: r.effective_from, source: r.source, entries: JSON.parse(r.entries) as unknown[] }));
  }

  async catalogueStamp(maCSKCB: string): Promise<number> {
    return (await this.sql.get<{ m: number | null }>('SELECT MAX(id) AS m FROM catalogue_versions WHERE ma_cskcb = ?', [maCSKCB]))?.m ?? 0;
  }

  // ---- check jobs ---------------------------------------------------------------------------------

  /**
   * Claims are session-level advisory locks (key CHECK_LOCK, submission id) held on one dedicated
   * connection: PostgreSQL releases them when that session ends, so a killed instance's checks become
   * free for the others at once, without a lease to wait out.
   */
  private lockClient?: Promise<pg.PoolClient>;
  private lockChain: Promise<unknown> = Promise.resolve();

  private onLockClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    this.lockClient ??= this.pool.connect();
    const p = this.lockChain.then(async () => fn(await this.lockClient!));
    this.lockChain = p.catch(() => undefined);
    return p;
  }

  claimCheck(id: number): Promise<boolean> {
    return this.onLockClient(async (c) => (await c.query('SELECT pg_try_advisory_lock($1, $2::integer) AS ok', [CHECK_LOCK, id])).rows[0].ok === true);
  }

  claimPendingChecks(limit: number): Promise<number[]> {
    return this.onLockClient(async (c) => {
      const r = await c.query(
        `SELECT p.id FROM (SELECT id FROM submissions WHERE status = 'pending' ORDER BY id LIMIT $1) p WHERE pg_try_advisory_lock($2, p.id::integer)`,
        [limit, CHECK_LOCK],
      );
      return r.rows.map((x: { id: number }) => Number(x.id));
    });
  }

  releaseCheck(id: number): Promise<void> {
    return this.onLockClient(async (c) => {
      await c.query('SELECT pg_advisory_unlock($1, $2::integer)', [CHECK_LOCK, id]);
    });
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.lockClient) (await this.lockClient.catch(() => undefined))?.release(true);
    await this.pool.end();
  }
}
