/**
 * `sskdt-lab cert run|start|status|finish|waive`, `sskdt-lab verify`, `sskdt-lab key show` and
 * `sskdt-lab submissions` (dispatched by bin/sskdt-lab.mjs).
 *
 * Exit codes as `check`: 0 the facility passes / the bundle is valid, 1 it does not / the bundle is not valid,
 * 2 internal error, 3 bad usage or unreadable input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckOptions } from '../../conformance/model.ts';
import { DEFAULT_PLAN, planById, type CertificationPlan, type RunVerdict } from '../../conformance/plans/index.ts';
import { writeBundle } from '../../reports/evidence/bundle.ts';
import type { CertificationOutcome } from '../../reports/evidence/model.ts';
import { verifyBundle } from '../../reports/evidence/verify.ts';
import { loadTrustAnchors } from '../../simulator/checker.ts';
import { ConfigError, loadConfig } from '../../simulator/config.ts';
import { LAB_CERT_FILE, loadOrCreateLabKey } from '../../simulator/certification/lab-key.ts';
import { runOffline } from '../../simulator/certification/offline.ts';
import { CatalogueSet } from '../../conformance/catalogues/model.ts';
import { catalogueDataOf } from '../../simulator/catalogue-job.ts';
import { readCatalogues } from './check.ts';
import { parseWaivers, WaiverError } from '../../simulator/certification/waivers.ts';
import { CertificationError, CertificationService, type RunStatus } from '../../simulator/certification/service.ts';
import { ListInputError, listSubmissions, parseListQuery } from '../../simulator/certification/submissions.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import type { PortalStore } from '../../simulator/store.ts';
import { openStore } from '../../simulator/store-open.ts';

export const EXIT = { ok: 0, fail: 1, internal: 2, usage: 3 } as const;

const USAGE = `usage:
  sskdt-lab cert run --facility MA_CSKCB --from FOLDER --out BUNDLE.zip [options]
      runs the certification plan over a folder of exported files and writes the signed evidence bundle
      --at ISO8601            reference time: receipt time of files without a generator manifest and
                              every timestamp in the bundle (same files + same --at = byte-identical zip)
      --certificate MA_CSKCB=FILE   registered certificate (repeatable); --trust-anchor FILE (repeatable)
                              default: the lab's registry in the data folder (demo facilities seeded)
      --catalogue FILE|DIR    the facility's catalogues (.csv/.xlsx, as for check --catalogue; repeatable; rows
                              without MA_CSKCB are --facility's); default: its catalogues stored in the data
                              folder (sskdt-lab catalogue import), if any; without catalogues the CATALOGUE.*
                              rules are skipped
      --waivers FILE          JSON array of waivers {ruleId, reason, approver, expiresAt, maLk?, submission?}
      --unmasked              keep personal data in the reports (the facility's own copy)
      --plan ID               certification plan (default ${DEFAULT_PLAN.id})
      --by NAME               who runs it (default: the OS user)
      --data-dir DIR          the lab's data folder (default DATA_DIR or ./data): signing key and registry
      --json                  print the verdict as JSON
  sskdt-lab cert start --facility MA_CSKCB [--plan ID] [--by NAME] [--data-dir DIR]
      opens an online run: the facility's submissions to the portal from now on are judged with the plan
  sskdt-lab cert status RUN_ID [--json] [--data-dir DIR]      progress per scenario (exit 0 passing so far, 1 not)
  sskdt-lab cert finish RUN_ID [--out BUNDLE.zip] [--unmasked] [--by NAME] [--data-dir DIR]
      closes the run, prints its verdict (exit 0 pass, 1 fail) and writes its evidence bundle
  sskdt-lab cert waive RUN_ID --rule RULE_ID --reason TEXT --approver NAME --expires ISO8601 [--ma-lk MA_LK]
  sskdt-lab cert list [--facility MA_CSKCB] [--data-dir DIR]
  sskdt-lab submissions --facility MA_CSKCB [--since ISO8601] [--verdict pass|warning|fail|pending|rejected]
                        [--page N] [--page-size N] [--json] [--data-dir DIR]
      the facility's submissions to the portal with their verdicts, newest first
  sskdt-lab verify BUNDLE.zip [--lab-certificate lab.pem | --data-dir DIR] [--json]
      checks the signature, every digest, and that no file is missing or extra (each finding in English,
      then in Vietnamese)
  sskdt-lab key show [--data-dir DIR] [--json]
      prints the lab's signing certificate (PEM) and its SHA-256 fingerprint (created on first use)
exit: 0 pass / valid, 1 fail / not valid, 2 internal error, 3 bad usage or unreadable input`;

class UsageError extends Error {}

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

export async function main(command: string, args: string[]): Promise<number> {
  try {
    if (args.includes('--help') || args.includes('-h')) {
      out(USAGE);
      return EXIT.ok;
    }
    if (command === 'verify') return await verifyCommand(args);
    if (command === 'key') return keyCommand(args);
    if (command === 'cert') {
      const [sub, ...rest] = args;
      if (sub === 'run') return await certRunCommand(rest);
      if (sub === 'start' || sub === 'status' || sub === 'finish' || sub === 'waive' || sub === 'list') return await onlineCommand(sub, rest);
      throw new UsageError(sub ? `unknown cert subcommand "${sub}"` : 'cert needs a subcommand: run | start | status | finish | waive | list');
    }
    if (command === 'submissions') return await submissionsCommand(args);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof CertificationError) {
      err(`sskdt-lab ${command}: ${e.code}: ${e.message}`);
      return e.status === 404 || e.code === 'CERT.WAIVER' ? EXIT.usage : EXIT.fail;
    }
    if (e instanceof ListInputError) {
      err(`sskdt-lab ${command}: --${e.location}: ${e.message}\n${USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof WaiverError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`sskdt-lab ${command}: ${(e as Error).message}\n${USAGE}`);
      return EXIT.usage;
    }
    err(`sskdt-lab ${command}: internal error: ${(e as Error).stack ?? e}`);
    return EXIT.internal;
  }
}

function dataDirOf(given: string | undefined): string {
  return path.resolve(given ?? loadConfig().dataDir);
}

function readPem(file: string, flag: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`${flag}: ${file} is not a PEM certificate`);
  return pem;
}

function planOf(id: string | undefined): CertificationPlan {
  if (!id) return DEFAULT_PLAN;
  const p = planById(id);
  if (!p) throw new UsageError(`unknown plan "${id}"`);
  return p;
}

function atOf(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new UsageError(`--at is not an ISO 8601 time: "${value}"`);
  return new Date(t);
}

export function printVerdict(v: RunVerdict, facility: string, log: (s: string) => void = out): void {
  log(`${v.verdict === 'pass' ? 'PASS' : 'FAIL'}  facility ${facility}`);
  for (const s of v.scenarios) {
    const mark = s.state === 'passed' ? 'ok  ' : s.state === 'waived' ? 'waiv' : s.state === 'not-started' ? '--  ' : 'FAIL';
    log(`  ${mark} ${s.id.padEnd(20)} ${s.state.padEnd(11)} ${String(s.passing.length).padStart(3)}/${String(s.submissions.length).padEnd(3)} ${s.state === 'failed' ? s.failingRules.join(', ') : ''}`);
  }
  for (const r of v.reasons) log(`  - ${r.vi}\n    ${r.en}`);
}

async function certRunCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      facility: { type: 'string' },
      from: { type: 'string' },
      out: { type: 'string' },
      at: { type: 'string' },
      certificate: { type: 'string', multiple: true },
      'trust-anchor': { type: 'string', multiple: true },
      catalogue: { type: 'string', multiple: true },
      waivers: { type: 'string' },
      unmasked: { type: 'boolean' },
      plan: { type: 'string' },
      by: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length) throw new UsageError(`cert run takes no positional arguments, got "${positionals.join(' ')}"`);
  const facility = values.facility;
  if (!facility || !/^[0-9A-Za-z]{5}$/.test(facility)) throw new UsageError('cert run needs --facility with a 5-character MA_CSKCB');
  if (!values.from) throw new UsageError('cert run needs --from FOLDER');
  if (!values.out) throw new UsageError('cert run needs --out BUNDLE.zip');
  let st: fs.Stats;
  try {
    st = fs.statSync(values.from);
  } catch {
    throw new UsageError(`--from: cannot read ${values.from}`);
  }
  if (!st.isDirectory()) throw new UsageError(`--from: ${values.from} is not a folder`);
  const at = atOf(values.at);
  const plan = planOf(values.plan);
  const dataDir = dataDirOf(values['data-dir']);

  let waivers = [] as ReturnType<typeof parseWaivers>;
  if (values.waivers) {
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(values.waivers, 'utf8'));
    } catch (e) {
      throw new UsageError(`--waivers: cannot read ${values.waivers} as JSON: ${(e as Error).message}`);
    }
    waivers = parseWaivers(data, at);
  }

  // Registered certificates and trust anchors: as given, or the lab's registry (as the portal checks them).
  let registry: CheckOptions['registry'];
  let registrySource: string;
  let facilityInfo: { maCSKCB: string; name?: string; maTinh?: string } = { maCSKCB: facility };
  const given = (values.certificate ?? []).length + (values['trust-anchor'] ?? []).length > 0;
  const store = await openLabStore(dataDir);
  try {
    const f = await store.getFacility(facility);
    if (f) facilityInfo = { maCSKCB: facility, name: f.ten, maTinh: f.maTinh };
    if (given) {
      const byFacility = new Map<string, string[]>();
      for (const spec of values.certificate ?? []) {
        const m = /^([0-9A-Za-z]{5})=(.+)$/.exec(spec);
        if (!m) throw new UsageError(`--certificate must be MA_CSKCB=FILE, got "${spec}"`);
        byFacility.set(m[1], [...(byFacility.get(m[1]) ?? []), readPem(m[2], '--certificate')]);
      }
      const anchors = (values['trust-anchor'] ?? []).map((file) => readPem(file, '--trust-anchor'));
      registry = { certificatesFor: (code) => byFacility.get(code) ?? [], trustAnchors: anchors };
      registrySource = 'given on the command line (--certificate / --trust-anchor)';
    } else {
      const byFacility = new Map<string, string[]>();
      for (const c of await store.listCertificates()) byFacility.set(c.maCSKCB, [...(byFacility.get(c.maCSKCB) ?? []), c.pem]);
      const certs = byFacility.get(facility) ?? [];
      const anchors = loadTrustAnchors(loadConfig());
      registry = { certificatesFor: (code) => byFacility.get(code) ?? [], trustAnchors: anchors };
      registrySource = `the lab's registry (data folder): ${certs.length} registered certificate(s) of ${facility}, ${anchors.length} trust anchor(s)`;
    }
    // The facility's catalogues: the files given, else those stored in the data folder (as the portal judges).
    let catalogues: CatalogueSet | undefined;
    let catalogueSource: string | undefined;
    if (values.catalogue?.length) {
      const read = await readCatalogues(values.catalogue, facility);
      if (typeof read === 'string') throw new UsageError(read);
      catalogues = new CatalogueSet(read);
      const mine = read.filter((v) => v.facility === facility);
      catalogueSource = `given on the command line (--catalogue): ${mine.length} version(s) of ${facility} (${[...new Set(mine.map((v) => v.kind))].sort().join(', ') || 'none'})`;
    } else {
      const stored = await catalogueDataOf(store, facility);
      if (stored.length) {
        catalogues = new CatalogueSet(stored);
        catalogueSource = `the lab's stored catalogues (data folder): ${stored.length} version(s) of ${facility} (${[...new Set(stored.map((v) => v.kind))].sort().join(', ')})`;
      }
    }
    const ranBy = values.by ?? safeUser();
    const outcome = runOffline({ folder: values.from, facility: facilityInfo, plan, at, registry, registrySource, catalogues, catalogueSource, waivers, ranBy });
    const labKey = loadOrCreateLabKey(dataDir);
    const zip = await writeBundle(outcome, { labKey, unmasked: values.unmasked === true });
    fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    fs.writeFileSync(values.out, zip);
    report(outcome, values.json === true, values.out, zip.length, labKey.fingerprintSha256);
    return outcome.verdict.verdict === 'pass' ? EXIT.ok : EXIT.fail;
  } finally {
    await store.close();
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

function report(o: CertificationOutcome, json: boolean, outFile: string, bytes: number, fingerprint: string): void {
  if (json) {
    out(JSON.stringify({ run: o.run, verdict: o.verdict, inputs: o.inventory, bundle: { file: outFile, bytes, labCertificateSha256: fingerprint } }, null, 2));
    return;
  }
  printVerdict(o.verdict, `${o.run.facility.maCSKCB}${o.run.facility.name ? ` ${o.run.facility.name}` : ''}`);
  const inv = o.inventory;
  out(`  files: ${inv.filesSeen} seen, ${inv.judged} judged, ${inv.ignored.length} ignored, ${inv.duplicates.length} duplicates, ${inv.otherFacility.length} of another facility`);
  for (const i of inv.ignored) out(`    ignored   ${i.file}: ${i.reason}`);
  for (const d of inv.duplicates) out(`    duplicate ${d.file} = ${d.sameAs}`);
  for (const x of inv.otherFacility) out(`    facility  ${x.file}: ${x.facility}`);
  out(`  bundle: ${outFile} (${bytes} bytes), signed by the lab key SHA-256 ${fingerprint}`);
}

async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { 'lab-certificate': { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('verify needs exactly one bundle');
  let trusted: string;
  let trustedFrom: string;
  if (values['lab-certificate']) {
    trusted = readPem(values['lab-certificate'], '--lab-certificate');
    trustedFrom = values['lab-certificate'];
  } else {
    const file = path.join(dataDirOf(values['data-dir']), LAB_CERT_FILE);
    if (!fs.existsSync(file)) throw new UsageError(`no lab certificate to trust: give --lab-certificate lab.pem (the lab's "sskdt-lab key show"), or --data-dir of the lab that signed it`);
    trusted = readPem(file, '--data-dir');
    trustedFrom = `the lab certificate in ${path.dirname(file)}`;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(positionals[0]);
  } catch (e) {
    throw new UsageError(`cannot read ${positionals[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const v = await verifyBundle(bytes, trusted);
  if (values.json) out(JSON.stringify({ ...v, trustedCertificate: trustedFrom }, null, 2));
  else {
    out(`${v.ok ? 'VALID' : 'NOT VALID'}  ${positionals[0]}  (trusting ${trustedFrom})`);
    if (v.manifest) out(`  run ${v.manifest.runId ?? '?'}  facility ${v.manifest.facility ?? '?'}  plan ${v.manifest.plan ?? '?'}  verdict ${v.manifest.verdict ?? '?'}  ${v.manifest.files} files`);
    // Each line in English, then in Vietnamese below it, as the verdict's reasons print both (printVerdict): the
    // Department's reviewer reads the Vietnamese; the English line stays first and unchanged for scripts.
    v.verified.forEach((line, i) => out(`  ok: ${line}\n      ${v.verified_vi[i]}`));
    v.problems.forEach((p, i) => out(`  PROBLEM: ${p}\n           ${v.problems_vi[i]}`));
  }
  return v.ok ? EXIT.ok : EXIT.fail;
}

function keyCommand(args: string[]): number {
  const [sub, ...rest] = args;
  if (sub !== 'show') throw new UsageError(sub ? `unknown key subcommand "${sub}"` : 'key needs a subcommand: show');
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length) throw new UsageError('key show takes no arguments');
  const k = loadOrCreateLabKey(dataDirOf(values['data-dir']));
  if (values.json) out(JSON.stringify({ certPem: k.certPem, fingerprintSha256: k.fingerprintSha256, subject: k.subject, serialNumber: k.serialNumber, notBefore: k.notBefore, notAfter: k.notAfter, created: k.created }, null, 2));
  else {
    if (k.created) err('created a new lab signing key in the data folder');
    err(`subject: ${k.subject}\nserial: ${k.serialNumber}\nvalid: ${k.notBefore} – ${k.notAfter}\nSHA-256 fingerprint: ${k.fingerprintSha256}`);
    process.stdout.write(k.certPem);
  }
  return EXIT.ok;
}

async function openLabStore(dataDir: string): Promise<PortalStore> {
  const store = await openStore({ dataDir, databaseUrl: loadConfig().databaseUrl });
  await seedIfEmpty(store, loadConfig().seedFile);
  return store;
}

function printStatus(s: RunStatus): void {
  const r = s.run;
  out(`run ${r.id}  facility ${r.facility.maCSKCB}  plan ${r.plan.id}@${r.plan.version}  ${r.status}  opened ${r.openedAt} by ${r.ranBy}${r.finishedAt ? `  finished ${r.finishedAt}` : ''}`);
  out(`  ${s.submissions.length} submissions judged${s.notJudged.length ? `, ${s.notJudged.length} not part of the plan` : ''}; ${s.waivers.length} waivers`);
  printVerdict(s.verdict, r.facility.maCSKCB);
}

async function onlineCommand(sub: 'start' | 'status' | 'finish' | 'waive' | 'list', args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      facility: { type: 'string' },
      plan: { type: 'string' },
      by: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      unmasked: { type: 'boolean' },
      rule: { type: 'string' },
      reason: { type: 'string' },
      approver: { type: 'string' },
      expires: { type: 'string' },
      'ma-lk': { type: 'string' },
    },
  });
  const dataDir = dataDirOf(values['data-dir']);
  const store = await openLabStore(dataDir);
  try {
    const config = loadConfig();
    const service = new CertificationService({ store, clock: () => Date.now(), trustAnchors: () => loadTrustAnchors(config) });
    const by = values.by ?? safeUser();
    if (sub === 'start' || sub === 'list') {
      if (positionals.length) throw new UsageError(`cert ${sub} takes no positional arguments`);
      if (sub === 'list') {
        const runs = await service.list(values.facility ? { maCSKCB: values.facility } : 'all');
        if (values.json) out(JSON.stringify(runs, null, 2));
        else for (const r of runs) out(`${r.id}  ${r.facility.maCSKCB}  ${r.status}  opened ${r.openedAt}${r.finishedAt ? `  finished ${r.finishedAt}` : ''}  ${r.plan.id}@${r.plan.version}`);
        return EXIT.ok;
      }
      if (!values.facility) throw new UsageError('cert start needs --facility');
      const run = await service.start(values.facility, by, values.plan);
      if (values.json) out(JSON.stringify(run, null, 2));
      else out(`opened run ${run.id} for ${run.facility.maCSKCB} (plan ${run.plan.id}@${run.plan.version}); submissions to the portal from now on count.\nNext: sskdt-lab cert status ${run.id}`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(`cert ${sub} needs exactly one RUN_ID`);
    const id = positionals[0];
    if (sub === 'waive') {
      if (!values.rule || !values.reason || !values.approver || !values.expires) throw new UsageError('cert waive needs --rule, --reason, --approver and --expires');
      const w = await service.addWaiver(id, { ruleId: values.rule, reason: values.reason, expiresAt: values.expires, ...(values['ma-lk'] ? { maLk: values['ma-lk'] } : {}) }, values.approver);
      out(values.json ? JSON.stringify(w, null, 2) : `waiver ${w.id} for ${w.ruleId} recorded on run ${id} (until ${w.expiresAt})`);
      return EXIT.ok;
    }
    const status = sub === 'finish' ? await service.finish(id, by) : await service.status(id);
    if (values.json) out(JSON.stringify(status, null, 2));
    else printStatus(status);
    if (sub === 'finish' && values.out) {
      const zip = await writeBundle(await service.outcome(id), { labKey: loadOrCreateLabKey(dataDir), unmasked: values.unmasked === true });
      fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      fs.writeFileSync(values.out, zip);
      if (!values.json) out(`  bundle: ${values.out} (${zip.length} bytes)`);
    }
    return status.verdict.verdict === 'pass' ? EXIT.ok : EXIT.fail;
  } finally {
    await store.close();
  }
}

async function submissionsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { facility: { type: 'string' }, since: { type: 'string' }, verdict: { type: 'string' }, page: { type: 'string' }, 'page-size': { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  if (positionals.length) throw new UsageError('submissions takes no positional arguments');
  if (!values.facility) throw new UsageError('submissions needs --facility');
  const query = parseListQuery({ since: values.since, verdict: values.verdict, page: values.page, pageSize: values['page-size'] });
  const store = await openLabStore(dataDirOf(values['data-dir']));
  try {
    if (!(await store.getFacility(values.facility))) throw new UsageError(`no facility ${values.facility} in the registry`);
    const page = await listSubmissions(store, values.facility, query);
    if (values.json) out(JSON.stringify(page, null, 2));
    else {
      out(`facility ${page.facility}: ${page.total} submissions${query.verdict ? ` with verdict ${query.verdict}` : ''}${query.since ? ` since ${query.since}` : ''}; page ${page.page}/${Math.max(1, page.pages)}`);
      for (const i of page.items) out(`  ${i.receivedAt}  ${i.maGiaoDich}  ${i.endpoint.padEnd(20)} ${i.verdict.padEnd(8)} ${i.counts ? `fail=${i.counts.fail} warning=${i.counts.warning}` : `maKetQua=${i.maKetQua}`}`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
