/**
 * `sskdt-lab generate | scenarios | replay | pki | mutate` (dispatched by bin/sskdt-lab.mjs).
 * Exit codes: 0 ok, 1 failure (e.g. the portal refused records), 3 bad usage.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LayoutId } from '../conformance/result.ts';
import { buildEncounter, type Encounter } from './encounters.ts';
import { isMutant, mutate, operatorFor } from './mutants.ts';
import { buildPackage, sha256Hex } from './package.ts';
import { DEFAULT_REFERENCE_DATE, Rng, packageSeed } from './random.ts';
import { DEFAULT_DIALECT, dialectByName, DIALECTS } from './dialects.ts';
import { SCENARIOS, selectScenarios } from './scenarios.ts';
import { exportPkcs12 } from './pki/pki.ts';
import { loadTestPki } from './pki/test-pki.ts';
import { facilityByCode } from './people.ts';
import { createProgress } from '../bin/progress.ts';

class UsageError extends Error {}

type Flags = Record<string, string | true>;

function parseFlags(args: string[], known: Record<string, 'value' | 'bool'>): Flags {
  const out: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"`);
    const [name, inline] = a.slice(2).split('=', 2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'bool') out[name] = true;
    else {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      out[name] = v;
    }
  }
  return out;
}

const str = (f: Flags, k: string, d?: string): string | undefined => (typeof f[k] === 'string' ? (f[k] as string) : d);

function int(f: Flags, k: string, d: number, min = 0): number {
  const v = str(f, k);
  if (v === undefined) return d;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${k} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

function layoutOf(f: Flags): LayoutId {
  const v = str(f, 'layout', '3176');
  if (v !== '4750' && v !== '3176') throw new UsageError(`--layout must be 4750 or 3176, got "${v}"`);
  return v;
}

function scenariosOf(f: Flags) {
  try {
    return selectScenarios(str(f, 'scenario', 'all')!);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Yesterday in Vietnam time (yyyy-mm-dd): the default day the visits end by, so that a fresh `replay` (or a
 * `check` of what `generate` just wrote) is on time. The library default (DEFAULT_REFERENCE_DATE) stays fixed
 * for tests; the CLI reads the clock here, outside any rule.
 */
export function yesterdayInVietnam(nowMs: number = Date.now()): string {
  return new Date(nowMs + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
}

function referenceDateOf(f: Flags): string {
  const v = str(f, 'date', yesterdayInVietnam())!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--date must be yyyy-mm-dd, got "${v}"`);
  if (!isCalendarDate(v)) throw new UsageError(`--date ${v} is not a day of the calendar`);
  return v;
}

/** 2026-02-28 yes, 2026-02-30 no. */
function isCalendarDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** --seed: digits (the usage says N); a typo such as "--seed abc" is refused instead of silently seeding with it. */
function seedOf(f: Flags): string {
  const v = str(f, 'seed', '1')!;
  if (!/^\d{1,15}$/.test(v)) throw new UsageError(`--seed must be a whole number, got "${v}"`);
  return v;
}

/** Creates the --out folder, or a one-line usage error (a file in the way, no permission) instead of a stack trace. */
function outFolder(out: string): string {
  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot create --out folder ${out}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (e as Error).message)}`);
  }
  return dir;
}

const USAGE: Record<string, string> = {
  generate:
    'usage: sskdt-lab generate --out DIR [--scenario <id|id,id|all>] [--seed N] [--count K] [--layout 4750|3176] [--facility 52001] [--date yyyy-mm-dd] [--unsigned] [--mutate <ruleId>] [--dialect <name>]\n' +
    `  --dialect: HIS export style of the bytes (${DIALECTS.map((d) => d.name).join(', ')}; default catalogue)\n` +
    '  writes <scenario>-<seed>-<i>.xml (GIAMDINHHS envelope), <scenario>-<seed>-<i>.checkin.xml (XML0) and manifest.json\n' +
    '  --count K is per scenario (all = 22 scenarios); --date is the reference day the visits end by (default yesterday, Vietnam time);\n' +
    '  check a package with its manifest receivedAt (sskdt-lab check reads manifest.json next to the files)',
  mutate: 'usage: sskdt-lab mutate --rule <ruleId> --out DIR [--scenario …] [--seed N] [--count K] [--layout …] (same as generate --mutate)',
  scenarios: 'usage: sskdt-lab scenarios [--json]',
  pki: 'usage: sskdt-lab pki --out DIR --facility 52001 [--password PASS] (exports the facility test key and certificate as PKCS#12, plus PEM files and the CA)',
  replay:
    'usage: sskdt-lab replay --portal URL --facility 52001 --password PASS [--username U] [--scenario all] [--count N] [--seed S] [--layout 3176|4750] [--date yyyy-mm-dd] [--rate R/s] [--concurrency C] [--endpoint-version 3176|4750] [--unsigned] [--quiet] [--wait S]\n' +
    '  --count N visits per scenario (all = 22 scenarios, so --count 20 sends 440 check-ins and 440 records);\n' +
    '  --date: the visits end by this day (default yesterday, Vietnam time); sent at another time than planned, a record gets a PILOT.TIMELINESS warning;\n' +
    '  then waits (--wait S seconds, default 300; 0: does not wait) for the portal to check what it acknowledged, prints the verdicts\n' +
    '  and exits 1 when a submission was refused or a check fails',
};

export async function main(command: string, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE[command] ?? 'commands: generate, mutate, scenarios, pki, replay'}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'scenarios':
        return scenariosCommand(parseFlags(args, { json: 'bool' }));
      case 'generate':
        return generateCommand(parseFlags(args, GENERATE_FLAGS));
      case 'mutate': {
        const f = parseFlags(args, { ...GENERATE_FLAGS, rule: 'value' });
        if (!f.rule) throw new UsageError('--rule is required');
        return generateCommand({ ...f, mutate: f.rule });
      }
      case 'pki':
        return pkiCommand(parseFlags(args, { out: 'value', facility: 'value', password: 'value' }));
      case 'replay':
        return await replayCommand(
          parseFlags(args, { portal: 'value', facility: 'value', password: 'value', username: 'value', scenario: 'value', count: 'value', seed: 'value', layout: 'value', rate: 'value', concurrency: 'value', 'endpoint-version': 'value', unsigned: 'bool', quiet: 'bool', date: 'value', wait: 'value' }),
        );
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      // one line; the options are behind --help
      process.stderr.write(`sskdt-lab ${command}: ${e.message} (see sskdt-lab ${command} --help)\n`);
      return 3;
    }
    throw e;
  }
}

const GENERATE_FLAGS: Record<string, 'value' | 'bool'> = {
  out: 'value',
  scenario: 'value',
  seed: 'value',
  count: 'value',
  layout: 'value',
  facility: 'value',
  date: 'value',
  unsigned: 'bool',
  mutate: 'value',
  dialect: 'value',
};

function scenariosCommand(f: Flags): number {
  if (f.json) {
    process.stdout.write(`${JSON.stringify(SCENARIOS.map((s) => ({ id: s.id, visit: s.visit, insured: s.insured, variant: s.variant ?? null, description_vi: s.description_vi })), null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...SCENARIOS.map((s) => s.id.length));
  process.stdout.write(SCENARIOS.map((s) => `${s.id.padEnd(w)}  ${s.description_vi}\n`).join(''));
  return 0;
}

export interface ManifestEntry {
  scenario: string;
  seed: string;
  index: number;
  layout: LayoutId;
  MA_LK: string;
  MACSKCB: string;
  /** when the record is meant to be received (check it with this receivedAt) */
  receivedAt: string;
  /** endpoint: where the document is meant to be sent (sskdt-lab check uses it to choose the layout) */
  envelope: { file: string; sha256: string; bytes: number; endpoint: string };
  checkin?: { file: string; sha256: string; bytes: number; endpoint: string };
  /** a size limit the mutant needs to be caught (ENVELOPE.SIZE) */
  maxBytes?: number;
  signed: boolean;
  /** 'pass' for valid packages; for mutants 'fail' and the rule that must catch it */
  expected: { verdict: 'pass' } | { verdict: 'fail'; ruleId: string; document: 'GIAMDINHHS' | 'CHECKIN'; mutation: string };
}

export interface Manifest {
  generator: 'sskdt-lab generate';
  seed: string;
  layout: LayoutId;
  referenceDate: string;
  mutate?: string;
  /** HIS export dialect of the bytes (generators/dialects.ts), when not the default */
  dialect?: string;
  packages: ManifestEntry[];
  /** scenarios where the requested mutation does not apply */
  notApplicable?: { scenario: string; index: number; reason: string }[];
}

/** Encounters of a run, in a stable order: scenario list order, then index. */
export function* encountersOf(opts: { scenarios: ReturnType<typeof selectScenarios>; seed: string; count: number; layout: LayoutId; facility?: string; referenceDate?: string }): Generator<{ index: number; encounter: Encounter }> {
  for (const s of opts.scenarios) {
    for (let i = 0; i < opts.count; i++) {
      yield { index: i, encounter: buildEncounter(s, new Rng(packageSeed(s.id, opts.seed, i)), { layout: opts.layout, facility: opts.facility, referenceDate: opts.referenceDate }) };
    }
  }
}

function generateCommand(f: Flags): number {
  const out = str(f, 'out');
  if (!out) throw new UsageError('--out is required');
  const seed = seedOf(f);
  const count = int(f, 'count', 1, 1);
  const layout = layoutOf(f);
  const scenarios = scenariosOf(f);
  const referenceDate = referenceDateOf(f);
  const facility = str(f, 'facility');
  if (facility !== undefined && !/^[0-9A-Z]{5}$/.test(facility)) throw new UsageError(`--facility must be a 5-character code, got "${facility}"`);
  if (facility !== undefined && f.unsigned !== true && !loadTestPki().facilities[facility]) {
    throw new UsageError(`the test PKI has no key for facility ${facility} (demo facilities: ${Object.keys(loadTestPki().facilities).join(', ')}); add --unsigned`);
  }
  const ruleId = str(f, 'mutate');
  if (ruleId !== undefined && !operatorFor(ruleId, layout)) throw new UsageError(`no mutation operator for rule "${ruleId}" (layout ${layout}); "sskdt-lab rules" lists the rule ids`);
  const dir = outFolder(out);
  const dialectName = str(f, 'dialect', DEFAULT_DIALECT.name)!;
  const dialect = dialectByName(dialectName);
  if (!dialect) throw new UsageError(`unknown --dialect "${dialectName}" (known: ${DIALECTS.map((d) => d.name).join(', ')})`);
  if (ruleId !== undefined && dialect !== DEFAULT_DIALECT) throw new UsageError('--dialect applies to valid packages only (not with --mutate)');
  const manifest: Manifest = { generator: 'sskdt-lab generate', seed, layout, referenceDate, mutate: ruleId, ...(dialect !== DEFAULT_DIALECT ? { dialect: dialect.name } : {}), packages: [] };
  const write = (name: string, bytes: Uint8Array, endpoint: string) => {
    writeFileSync(join(dir, name), bytes);
    return { file: name, sha256: sha256Hex(bytes), bytes: bytes.byteLength, endpoint };
  };
  const progress = createProgress({ label: 'generate', unit: 'packages', total: scenarios.length * count });
  for (const { index, encounter } of encountersOf({ scenarios, seed, count, layout, facility, referenceDate })) {
    progress.tick();
    const base = `${encounter.scenarioId}-${seed}-${index}`;
    const common = { scenario: encounter.scenarioId, seed, index, layout, MA_LK: encounter.MA_LK, MACSKCB: encounter.facility.code, receivedAt: encounter.receivedAt };
    if (ruleId) {
      const m = mutate(encounter, ruleId, { unsigned: f.unsigned === true });
      if (!isMutant(m)) {
        (manifest.notApplicable ??= []).push({ scenario: encounter.scenarioId, index, reason: m.notApplicable });
        continue;
      }
      const file = m.kind === 'CHECKIN' ? `${base}.checkin.xml` : `${base}.xml`;
      const endpoint = m.checkOptions?.endpoint ?? (m.kind === 'CHECKIN' ? `checkInKcbQd${layout}` : `guiHoSoXmlQD${layout}`);
      const entry = write(file, m.bytes, endpoint);
      const maxBytes = m.checkOptions?.limits?.maxBytes;
      manifest.packages.push({
        ...common,
        receivedAt: m.receivedAt ?? encounter.receivedAt,
        envelope: entry,
        ...(maxBytes !== undefined ? { maxBytes } : {}),
        signed: !(f.unsigned === true && !ruleId.startsWith('SIG.')) && ruleId !== 'SIG.PRESENT',
        expected: { verdict: 'fail', ruleId, document: m.kind, mutation: m.description },
      });
      continue;
    }
    const pkg = buildPackage(encounter, { unsigned: f.unsigned === true, dialect });
    manifest.packages.push({
      ...common,
      envelope: write(`${base}.xml`, pkg.envelope, `guiHoSoXmlQD${layout}`),
      checkin: write(`${base}.checkin.xml`, pkg.checkin, `checkInKcbQd${layout}`),
      signed: pkg.signed,
      expected: { verdict: 'pass' },
    });
  }
  progress.done();
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const na = manifest.notApplicable?.length ?? 0;
  process.stdout.write(`${manifest.packages.length} package(s) written to ${dir}${na ? `; ${na} scenario run(s) where ${ruleId} does not apply (see manifest.json)` : ''}\n`);
  return 0;
}

function pkiCommand(f: Flags): number {
  const out = str(f, 'out');
  const facility = str(f, 'facility');
  if (!out || !facility) throw new UsageError('--out and --facility are required');
  const pki = loadTestPki();
  const pair = pki.facilities[facility];
  if (!pair) throw new UsageError(`no test certificate for facility ${facility}; known: ${Object.keys(pki.facilities).join(', ')}`);
  const password = str(f, 'password', 'sskdt-demo')!;
  const dir = outFolder(out);
  const p12 = exportPkcs12({ keyPem: pair.keyPem, certPem: pair.certPem, chainPems: [pki.caCertPem], password, friendlyName: `${facility} ${facilityByCode(facility).name}` });
  writeFileSync(join(dir, `${facility}.p12`), p12);
  writeFileSync(join(dir, `${facility}.cert.pem`), pair.certPem);
  writeFileSync(join(dir, 'ca.cert.pem'), pki.caCertPem);
  process.stdout.write(`${facility}.p12 (password "${password}"), ${facility}.cert.pem and ca.cert.pem written to ${dir}\nTest material only: never use these keys for real records.\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// replay: a HIS client against a portal (the simulator or a test gateway)

interface PortalReply {
  maKetQua?: string;
  maGiaoDich?: string;
  thongDiep?: string;
  [k: string]: unknown;
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: PortalReply | undefined; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  let body: PortalReply | undefined;
  try {
    body = text ? (JSON.parse(text) as PortalReply) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/**
 * loaiHoSo of the submission: the BHXH guide says "mặc định điền 130" for guiHoSoXml*, whatever the
 * layout (docs/portal-api.md §2); the check-in uses "0".
 */
export const LOAI_HO_SO_SUBMISSION = '130';
export const LOAI_HO_SO_CHECKIN = '0';

async function replayCommand(f: Flags): Promise<number> {
  const portal = str(f, 'portal');
  const facility = str(f, 'facility');
  const password = str(f, 'password');
  if (!portal || !facility || !password) throw new UsageError('--portal, --facility and --password are required');
  let base: URL;
  try {
    base = new URL(portal.endsWith('/') ? portal : `${portal}/`);
  } catch {
    throw new UsageError(`--portal is not a URL: "${portal}"`);
  }
  if (!/^[0-9A-Z]{5}$/.test(facility)) throw new UsageError(`--facility must be a 5-character code, got "${facility}"`);
  const username = str(f, 'username', `${facility}_BV`)!;
  const count = int(f, 'count', 1, 1);
  const seed = seedOf(f);
  const layout = layoutOf(f);
  const scenarios = scenariosOf(f);
  const rate = Number(str(f, 'rate', '0'));
  if (!Number.isFinite(rate) || rate < 0) throw new UsageError('--rate must be a number ≥ 0 (records per second; 0 = as fast as possible)');
  const concurrency = int(f, 'concurrency', 1, 1);
  const version = str(f, 'endpoint-version', layout)!;
  if (version !== '3176' && version !== '4750') throw new UsageError('--endpoint-version must be 3176 or 4750');
  const quiet = f.quiet === true;
  const referenceDate = referenceDateOf(f);
  const waitSeconds = int(f, 'wait', 300, 0);

  const passwordHash = md5(password);
  const tokenUrl = new URL('api/token/take', base).href;
  let token: Awaited<ReturnType<typeof postForm>>;
  try {
    token = await postForm(tokenUrl, { username, password: passwordHash });
  } catch (e) {
    // A stopped portal or a wrong port is the usual first mistake: say so instead of a fetch stack trace.
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    process.stderr.write(`cannot reach the portal at ${tokenUrl}: ${cause?.code ?? cause?.message ?? (e as Error).message} (is it running? npm start serves http://127.0.0.1:8130)\n`);
    return 1;
  }
  const key = token.body?.APIKey as { access_token?: string; id_token?: string } | undefined;
  if (token.body?.maKetQua !== '200' || !key?.access_token) {
    process.stderr.write(`token refused: HTTP ${token.status} maKetQua=${token.body?.maKetQua ?? '?'} ${token.text.slice(0, 200)}\n`);
    return 1;
  }
  const headers = { accessToken: key.access_token, tokenId: key.id_token ?? '', passwordHash };
  const checkinUrl = new URL(`api/qd130/checkInKcbQd${version}`, base).href;
  const submitUrl = new URL(`api/qd130/guiHoSoXmlQD${version}`, base).href;
  const form = (loaiHoSo: string, bytes: Uint8Array) => ({ username, loaiHoSo, maTinh: facility.slice(0, 2), maCSKCB: facility, fileHSBase64: Buffer.from(bytes).toString('base64') });

  const jobs = [...encountersOf({ scenarios, seed, count, layout, facility, referenceDate })];
  const tally = new Map<string, number>();
  const count1 = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
  let next = 0;
  const started = performance.now();
  const interval = rate > 0 ? 1000 / rate : 0;
  const latencies: number[] = [];
  /** acknowledged submissions whose check verdict replay waits for */
  const acknowledged: { kind: 'check-in' | 'record'; maGiaoDich: string; label: string }[] = [];
  const progress = createProgress({ label: 'replay', unit: 'visits', total: jobs.length, quiet });

  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= jobs.length) return;
      if (interval > 0) {
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const { encounter } = jobs[i];
      const pkg = buildPackage(encounter, { unsigned: f.unsigned === true });
      const t0 = performance.now();
      const c = await postForm(checkinUrl, form(LOAI_HO_SO_CHECKIN, pkg.checkin), headers).catch((e: Error) => ({ status: 0, body: undefined, text: e.message }));
      const s = await postForm(submitUrl, form(LOAI_HO_SO_SUBMISSION, pkg.envelope), headers).catch((e: Error) => ({ status: 0, body: undefined, text: e.message }));
      latencies.push(performance.now() - t0);
      count1(`checkin ${c.body?.maKetQua ?? `HTTP ${c.status}`}`);
      count1(`record ${s.body?.maKetQua ?? `HTTP ${s.status}`}`);
      const label = `${encounter.scenarioId} ${encounter.MA_LK}`;
      if (c.body?.maKetQua === '200' && c.body.maGiaoDich) acknowledged.push({ kind: 'check-in', maGiaoDich: c.body.maGiaoDich, label });
      if (s.body?.maKetQua === '200' && s.body.maGiaoDich) acknowledged.push({ kind: 'record', maGiaoDich: s.body.maGiaoDich, label });
      if (!quiet) {
        const line = (what: string, r: typeof c) => `${what} maKetQua=${r.body?.maKetQua ?? '-'} maGiaoDich=${r.body?.maGiaoDich ?? '-'} thongDiep=${r.body?.thongDiep ?? (r.body ? '-' : `HTTP ${r.status} ${r.text.slice(0, 80)}`)}`;
        progress.log(`${label}\n  ${line('check-in', c)}\n  ${line('record  ', s)}`, process.stdout);
      }
      progress.tick({ failed: c.body?.maKetQua !== '200' || s.body?.maKetQua !== '200' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1) : '-');
  process.stdout.write(`\nsummary: ${jobs.length} record(s) in ${seconds.toFixed(2)} s (${(jobs.length / seconds).toFixed(1)}/s), check-in+record latency p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms\n`);
  for (const [k, v] of [...tally].sort()) process.stdout.write(`  ${k}: ${v}\n`);
  const failures = [...tally].filter(([k]) => !k.endsWith(' 200')).reduce((s, [, v]) => s + v, 0);
  if (waitSeconds === 0 || acknowledged.length === 0) return failures > 0 ? 1 : 0;
  const verdicts = await waitForVerdicts(base, headers, acknowledged, waitSeconds, quiet);
  return failures > 0 || verdicts.failed > 0 || verdicts.pending > 0 ? 1 : 0;
}

/**
 * After sending, the portal checks each acknowledged submission in the background: poll
 * /api/sim/ketqua/{maGiaoDich} until every check is done (or `waitSeconds` pass) and print the verdicts.
 */
async function waitForVerdicts(
  base: URL,
  headers: Record<string, string>,
  submissions: { kind: 'check-in' | 'record'; maGiaoDich: string; label: string }[],
  waitSeconds: number,
  quiet: boolean,
): Promise<{ failed: number; pending: number }> {
  const deadline = performance.now() + waitSeconds * 1000;
  const progress = createProgress({ label: 'verdicts', unit: 'checks', total: submissions.length, quiet });
  const verdicts = new Map<string, number>();
  const failedRecords: string[] = [];
  let waiting = [...submissions];
  let unreadable = 0;
  while (waiting.length > 0 && performance.now() < deadline) {
    const still: typeof waiting = [];
    // a few reads at a time: the portal is busy checking
    for (let i = 0; i < waiting.length; i += 8) {
      await Promise.all(
        waiting.slice(i, i + 8).map(async (sub) => {
          let body: { check?: { status?: string; result?: { summary?: { verdict?: string; counts?: { fail?: number } } } } } | undefined;
          try {
            const res = await fetch(new URL(`api/sim/ketqua/${encodeURIComponent(sub.maGiaoDich)}`, base), { headers });
            body = res.ok ? ((await res.json()) as typeof body) : undefined;
            if (!res.ok && res.status !== 404) throw new Error(`HTTP ${res.status}`);
          } catch {
            body = undefined;
          }
          const status = body?.check?.status;
          if (status === 'pending' || (body === undefined && performance.now() < deadline)) {
            still.push(sub);
            return;
          }
          const verdict = body === undefined ? 'unreadable' : status === 'done' ? (body.check?.result?.summary?.verdict ?? 'unknown') : (status ?? 'unknown');
          if (body === undefined) unreadable++;
          verdicts.set(`${sub.kind} ${verdict}`, (verdicts.get(`${sub.kind} ${verdict}`) ?? 0) + 1);
          const failed = verdict === 'fail';
          if (failed) failedRecords.push(`${sub.kind} ${sub.maGiaoDich} (${sub.label})`);
          progress.tick({ failed });
        }),
      );
    }
    waiting = still;
    if (waiting.length > 0) await new Promise((r) => setTimeout(r, 250));
  }
  progress.done();
  process.stdout.write(`\nverdicts of ${submissions.length - waiting.length} of ${submissions.length} acknowledged submission(s)${waiting.length ? `; ${waiting.length} still pending after ${waitSeconds} s (--wait)` : ''}:\n`);
  for (const [k, v] of [...verdicts].sort()) process.stdout.write(`  ${k}: ${v}\n`);
  if (!quiet) for (const f of failedRecords.slice(0, 20)) process.stdout.write(`  fail: ${f}\n`);
  if (failedRecords.length > 20) process.stdout.write(`  … and ${failedRecords.length - 20} more failing\n`);
  if (unreadable) process.stderr.write(`${unreadable} verdict(s) could not be read from the portal\n`);
  return { failed: failedRecords.length, pending: waiting.length };
}
