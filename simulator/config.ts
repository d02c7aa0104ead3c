/**
 * Settings of the portal simulator. Every behaviour that guesses at the real BHXH portal ([G] in
 * docs/portal-api.md) is a setting here; docs/portal-differences.md lists them with their defaults.
 * All settings come from environment variables so `npm start` can be tuned without code.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export type AuthFailurePolicy = 'http401-empty' | 'json401';
export type SignatureMode = 'off' | 'verify-if-present' | 'required';
export type ResultsMode = 'async' | 'sync';
export type ExpiresInFormat = 'iso-utc' | 'iso-local' | 'seconds';

export interface SimConfig {
  /** PORT: TCP port (default 8130) */
  port: number;
  /** HOST: bind address (default 127.0.0.1; the lab never listens on other interfaces by default) */
  host: string;
  /** DATA_DIR: directory of the SQLite store and the lab key (default ./data) */
  dataDir: string;
  /** DATABASE_URL: a postgres:// URL puts the store in PostgreSQL (several instances share it); unset = SQLite in DATA_DIR */
  databaseUrl?: string;
  /** SSKDT_TOKEN_TTL_SECONDS: token lifetime (default 600 = 10 min, the gateway's SessionTimeLimit default) */
  tokenTtlSeconds: number;
  /** SSKDT_TOKEN_IP_BINDING: a token is valid only from the IP that took it (default off) */
  tokenIpBinding: boolean;
  /** SSKDT_TRUST_PROXY: read the caller IP from X-Forwarded-For (default off) */
  trustProxy: boolean;
  /** SSKDT_MD5_STRICT_CASE: the MD5 password must be upper-case hex as in the guide (default off: any case) */
  md5StrictCase: boolean;
  /** SSKDT_AUTH_FAILURE: bad/expired token → HTTP 401 empty body ('http401-empty', default) or HTTP 200 {"maKetQua":"401"} ('json401') */
  authFailure: AuthFailurePolicy;
  /** SSKDT_MAX_FILE_BYTES: decoded file size limit; above it the answer is maKetQua 1001 (default 20 MB) */
  maxFileBytes: number;
  /** SSKDT_MAX_DEPTH: XML nesting limit for untrusted documents (default 64; QĐ 130 documents need < 10) */
  maxDepth: number;
  /** SSKDT_SIGNATURE_MODE: CHUKYDONVI verification passed to the engine (default 'verify-if-present') */
  signatureMode: SignatureMode;
  /** SSKDT_SIGNATURE_REJECT_CODE: maKetQua for a rejected signature in sync mode (default '205'; '125' = 09/BH-like) */
  signatureRejectCode: string;
  /** SSKDT_RESULTS: 'async' (default) answers after the envelope gate and stores field results later; 'sync' runs the full check before answering and summarises failures in thongDiep */
  results: ResultsMode;
  /** SSKDT_FORM_SPACE_TO_PLUS: in form bodies, restore ' ' → '+' inside base64 (ASP.NET-like leniency, default on) */
  formSpaceToPlus: boolean;
  /** SSKDT_SUCCESS_TEXT: the exact success thongDiep (default 'Tiếp nhận thành công') */
  successText: string;
  /** SSKDT_TOKEN_TYPE: APIKey.token_type (default 'Bearer') */
  tokenType: string;
  /** SSKDT_EXPIRES_IN_FORMAT: APIKey.expires_in as 'iso-utc' (default, e.g. 2026-05-03T10:15:00Z), 'iso-local' (+07:00) or 'seconds' */
  expiresInFormat: ExpiresInFormat;
  /** SSKDT_CHECK_MATINH: refuse (205) a maTinh that differs from the first two characters of maCSKCB (default off) */
  checkMaTinh: boolean;
  /** SSKDT_CROSS_FACILITY_CODE: maKetQua when maCSKCB is not the token account's facility (default '403') */
  crossFacilityCode: string;
  /** SSKDT_WORKERS: worker threads for the conformance check (default os.availableParallelism()) */
  workers: number;
  /** SSKDT_WRITER_THREAD: commit submissions in a writer thread so fsync never blocks the event loop (default on; file stores only) */
  writerThread: boolean;
  /** SSKDT_CHECK_YIELD: queued field checks wait while submissions are being received (default on) */
  checkYield: boolean;
  /**
   * SSKDT_CHECKS_DURING_INTAKE: with SSKDT_CHECK_YIELD, how many checks still run at once while submissions
   * are being received, so the backlog does not only grow under sustained intake (default 0: wait for a
   * pause, letting one check through per second). Measured (bench:submit, 50 KB packages with thousands of
   * failures, load ~10): 1 check during intake finished ~40 checks in the 10 s run instead of ~2 and cost
   * about half the intake rate (one such check costs the CPU of ~20 submissions), so it stays opt-in.
   */
  checksDuringIntake: number;
  /** SSKDT_INLINE_GATE_MAX_BYTES: files up to this size are gated on the event loop, larger ones in a worker thread (default 0: every gate off the event loop when workers > 0) */
  inlineGateMaxBytes: number;
  /** SSKDT_FINDINGS: findings stored per check: 'problems' (default; counts of every verdict stay exact in the summary) or 'all' (every pass too — large) */
  findings: 'all' | 'problems';
  /** SSKDT_PROFILE: severity profile passed to the engine (default 'default') */
  profile: 'default' | 'strict';
  /** SSKDT_TRUST_ANCHORS: comma-separated PEM files of CA certificates trusted for CHUKYDONVI (default: the lab's test CA, generators/pki/test-pki/ca.cert.pem) */
  trustAnchorFiles: string[];
  /** SSKDT_SEED: seed file used on first start (default simulator/seed/binh-dinh.json) */
  seedFile?: string;
  /** SSKDT_TOKEN_SECRET: HMAC key for access tokens (default: random per store, kept in the store) */
  tokenSecret?: string;
  /** SSKDT_SIGNIN_FAILURES: failed sign-ins of one username before it is held back (default 5; 0 = never) */
  signInFailuresPerUsername: number;
  /** SSKDT_SIGNIN_FAILURES_PER_ADDRESS: failed sign-ins from one caller address before it is held back (default 20; 0 = never) */
  signInFailuresPerAddress: number;
  /** SSKDT_SIGNIN_BACKOFF_SECONDS: first hold-back after too many failures, doubling with each further failure (default 60) */
  signInBackoffSeconds: number;
  /** SSKDT_SIGNIN_BACKOFF_MAX_SECONDS: longest hold-back (default 3600) */
  signInBackoffMaxSeconds: number;
  /** SSKDT_LOOKUPS_PER_MINUTE: health-book lookups by personal ID / card number per account and minute (default 60; 0 = unlimited) */
  lookupsPerMinute: number;
  /** SSKDT_JSON_MAX_DEPTH: nesting limit of a JSON request body, checked before parsing (default 8; the portal's bodies are flat) */
  jsonMaxDepth: number;
  /** SSKDT_JSON_MAX_KEYS: keys in a JSON request body, checked before parsing (default 256) */
  jsonMaxKeys: number;
  /** SSKDT_GATE_TIME_LIMIT_MS: time budget of one envelope gate in a worker; over it → 205 naming the limit (default 10000) */
  gateTimeLimitMs: number;
  /** SSKDT_CHECK_TIME_LIMIT_MS: time budget of one field check in a worker; over it → an error result naming the limit (default 120000) */
  checkTimeLimitMs: number;
  /** SSKDT_CARD_LOOKUPS_PER_MINUTE: card lookups (KQNhanLichSuKCB2024) per account and minute (default 600; 0 = unlimited) */
  cardLookupsPerMinute: number;
  /** SSKDT_DEBUG: send the X-Sskdt-Detail header and reasons beyond the documented result code (why a token was refused, internal error text) — for a vendor's own lab only (default off) */
  debug: boolean;
  /** SSKDT_METRICS: who may read /metrics without SSKDT_METRICS_TOKEN: 'local' (default: callers on a loopback address, and trainer tokens), 'open' (anyone; the metrics carry no personal data), 'off' (404) */
  metrics: 'local' | 'open' | 'off';
  /** SSKDT_METRICS_TOKEN: when set, /metrics also answers `Authorization: Bearer <token>` from any address (a Prometheus scraper), and loopback callers need it too */
  metricsToken?: string;
  /** SSKDT_LOG_LEVEL: pino level of the JSON-line log on stdout (default 'info': one line per submission; 'debug': every request; 'silent': none) */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** SSKDT_QUICK_CHECK: run PRAGMA quick_check on the store at start-up and refuse to serve a damaged one (default on) */
  quickCheck: boolean;
  /** SSKDT_ACCOUNT_QUOTA_BYTES: bytes (bodies + decoded files) one account may have stored; over it a submission is refused with maKetQua 507 and nothing is stored (default 1 GiB; 0 = unlimited) */
  accountQuotaBytes: number;
  /** SSKDT_MAX_STORED_FINDINGS: findings stored per check result, the worst first; the summary counts stay exact (default 5000) */
  maxStoredFindings: number;
}

export const DEFAULT_TRUST_ANCHOR = fileURLToPath(new URL('../generators/pki/test-pki/ca.cert.pem', import.meta.url));

export const DEFAULT_SUCCESS_TEXT = 'Tiếp nhận thành công';

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(s)) return true;
  if (['0', 'false', 'off', 'no'].includes(s)) return false;
  throw new ConfigError(`expected on/off, got "${v}"`);
}

function int(name: string, v: string | undefined, dflt: number, min = 0): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name}: expected an integer ≥ ${min}, got "${v}"`);
  return n;
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], dflt: T): T {
  if (v === undefined || v === '') return dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(`${name}: expected one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function databaseUrl(v: string): string {
  if (!/^postgres(ql)?:\/\//.test(v)) throw new ConfigError(`DATABASE_URL must be a postgres:// URL, got "${v.replace(/:[^:@/]*@/, ':***@')}"`);
  return v;
}

/** Reads the settings from an environment (process.env by default). Throws ConfigError on a bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): SimConfig {
  return {
    port: int('PORT', env.PORT, 8130),
    host: env.HOST || '127.0.0.1',
    dataDir: env.DATA_DIR || './data',
    ...(env.DATABASE_URL ? { databaseUrl: databaseUrl(env.DATABASE_URL) } : {}),
    tokenTtlSeconds: int('SSKDT_TOKEN_TTL_SECONDS', env.SSKDT_TOKEN_TTL_SECONDS, 600, 1),
    tokenIpBinding: bool(env.SSKDT_TOKEN_IP_BINDING, false),
    trustProxy: bool(env.SSKDT_TRUST_PROXY, false),
    md5StrictCase: bool(env.SSKDT_MD5_STRICT_CASE, false),
    authFailure: oneOf('SSKDT_AUTH_FAILURE', env.SSKDT_AUTH_FAILURE, ['http401-empty', 'json401'] as const, 'http401-empty'),
    maxFileBytes: int('SSKDT_MAX_FILE_BYTES', env.SSKDT_MAX_FILE_BYTES, 20 * 1024 * 1024, 1),
    maxDepth: int('SSKDT_MAX_DEPTH', env.SSKDT_MAX_DEPTH, 64, 4),
    signatureMode: oneOf('SSKDT_SIGNATURE_MODE', env.SSKDT_SIGNATURE_MODE, ['off', 'verify-if-present', 'required'] as const, 'verify-if-present'),
    signatureRejectCode: env.SSKDT_SIGNATURE_REJECT_CODE || '205',
    results: oneOf('SSKDT_RESULTS', env.SSKDT_RESULTS, ['async', 'sync'] as const, 'async'),
    formSpaceToPlus: bool(env.SSKDT_FORM_SPACE_TO_PLUS, true),
    successText: env.SSKDT_SUCCESS_TEXT || DEFAULT_SUCCESS_TEXT,
    tokenType: env.SSKDT_TOKEN_TYPE || 'Bearer',
    expiresInFormat: oneOf('SSKDT_EXPIRES_IN_FORMAT', env.SSKDT_EXPIRES_IN_FORMAT, ['iso-utc', 'iso-local', 'seconds'] as const, 'iso-utc'),
    checkMaTinh: bool(env.SSKDT_CHECK_MATINH, false),
    crossFacilityCode: env.SSKDT_CROSS_FACILITY_CODE || '403',
    workers: int('SSKDT_WORKERS', env.SSKDT_WORKERS, Math.max(1, os.availableParallelism()), 0),
    writerThread: bool(env.SSKDT_WRITER_THREAD, true),
    checkYield: bool(env.SSKDT_CHECK_YIELD, true),
    checksDuringIntake: int('SSKDT_CHECKS_DURING_INTAKE', env.SSKDT_CHECKS_DURING_INTAKE, 0, 0),
    inlineGateMaxBytes: int('SSKDT_INLINE_GATE_MAX_BYTES', env.SSKDT_INLINE_GATE_MAX_BYTES, 0, 0),
    findings: oneOf('SSKDT_FINDINGS', env.SSKDT_FINDINGS, ['all', 'problems'] as const, 'problems'),
    profile: oneOf('SSKDT_PROFILE', env.SSKDT_PROFILE, ['default', 'strict'] as const, 'default'),
    trustAnchorFiles: (env.SSKDT_TRUST_ANCHORS ?? DEFAULT_TRUST_ANCHOR).split(',').map((f) => f.trim()).filter(Boolean),
    seedFile: env.SSKDT_SEED || undefined,
    tokenSecret: env.SSKDT_TOKEN_SECRET || undefined,
    signInFailuresPerUsername: int('SSKDT_SIGNIN_FAILURES', env.SSKDT_SIGNIN_FAILURES, 5, 0),
    signInFailuresPerAddress: int('SSKDT_SIGNIN_FAILURES_PER_ADDRESS', env.SSKDT_SIGNIN_FAILURES_PER_ADDRESS, 20, 0),
    signInBackoffSeconds: int('SSKDT_SIGNIN_BACKOFF_SECONDS', env.SSKDT_SIGNIN_BACKOFF_SECONDS, 60, 1),
    signInBackoffMaxSeconds: int('SSKDT_SIGNIN_BACKOFF_MAX_SECONDS', env.SSKDT_SIGNIN_BACKOFF_MAX_SECONDS, 3600, 1),
    lookupsPerMinute: int('SSKDT_LOOKUPS_PER_MINUTE', env.SSKDT_LOOKUPS_PER_MINUTE, 60, 0),
    jsonMaxDepth: int('SSKDT_JSON_MAX_DEPTH', env.SSKDT_JSON_MAX_DEPTH, 8, 1),
    jsonMaxKeys: int('SSKDT_JSON_MAX_KEYS', env.SSKDT_JSON_MAX_KEYS, 256, 1),
    gateTimeLimitMs: int('SSKDT_GATE_TIME_LIMIT_MS', env.SSKDT_GATE_TIME_LIMIT_MS, 10_000, 1),
    checkTimeLimitMs: int('SSKDT_CHECK_TIME_LIMIT_MS', env.SSKDT_CHECK_TIME_LIMIT_MS, 120_000, 1),
    cardLookupsPerMinute: int('SSKDT_CARD_LOOKUPS_PER_MINUTE', env.SSKDT_CARD_LOOKUPS_PER_MINUTE, 600, 0),
    debug: bool(env.SSKDT_DEBUG, false),
    quickCheck: bool(env.SSKDT_QUICK_CHECK, true),
    accountQuotaBytes: int('SSKDT_ACCOUNT_QUOTA_BYTES', env.SSKDT_ACCOUNT_QUOTA_BYTES, 1024 ** 3, 0),
    maxStoredFindings: int('SSKDT_MAX_STORED_FINDINGS', env.SSKDT_MAX_STORED_FINDINGS, 5000, 1),
    metrics: oneOf('SSKDT_METRICS', env.SSKDT_METRICS, ['local', 'open', 'off'] as const, 'local'),
    metricsToken: env.SSKDT_METRICS_TOKEN || undefined,
    logLevel: oneOf('SSKDT_LOG_LEVEL', env.SSKDT_LOG_LEVEL, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  };
}

/** Defaults with overrides: for tests and the msw handlers (no environment read; the log is silent unless asked for). */
export function configWith(overrides: Partial<SimConfig> = {}): SimConfig {
  return { ...loadConfig({}), logLevel: 'silent', ...overrides };
}
