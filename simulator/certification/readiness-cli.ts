/**
 * `sskdt-lab readiness …` (dispatched by bin/sskdt-lab.mjs): readiness per facility over the lab's data
 * folder, the same services as /api/sim/readiness/*.
 * Exit codes: 0 done (show: the facility is ready), 1 refused or not ready (unknown facility, bad document,
 * signature that does not verify, approval before readiness), 2 internal error, 3 bad usage.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { seedIfEmpty } from '../seed.ts';
import { openStore } from '../store-open.ts';
import { loadOrCreateLabKey, LAB_CERT_FILE } from './lab-key.ts';
import { addEvidence, computeReadiness, decide, getDecision, ReadinessError, registerBundle, registerRun, withdrawEvidence, type Readiness } from './readiness.ts';

const USAGE = `usage:
  sskdt-lab readiness show --facility MA_CSKCB [--json]                 exit 0 ready, 1 not ready
  sskdt-lab readiness add-run --facility MA_CSKCB (--bundle bundle.zip | --manifest manifest.json --signature manifest.p7s) [--by WHO]
  sskdt-lab readiness add-evidence --facility MA_CSKCB --condition C6 --title TEXT --file PATH [--by WHO]
  sskdt-lab readiness withdraw --facility MA_CSKCB --evidence ID [--by WHO]
  sskdt-lab readiness decide --facility MA_CSKCB --verdict approved|refused --reviewer USERNAME [--note TEXT] [--out DIR]
  sskdt-lab readiness export --facility MA_CSKCB --decision ID --out DIR
Every command takes --data-dir DIR (default DATA_DIR or ./data). A run counts once its manifest verifies
against the lab's certificate; documents evidence C4, C5, C6, C9, C11, C12. decide: the reviewer account
must be a reviewer (Sở Y tế) of the facility's province; it writes <id>.json, <id>.p7s, <id>.pdf and lab.pem
to --out. Verify with: openssl cms -verify -binary -inform PEM -in <id>.p7s -content <id>.json -CAfile lab.pem -purpose any`;

class UsageError extends Error {}

const out = (s: string) => process.stdout.write(s + '\n');
const STATE = { met: 'đạt', waived: 'đạt (miễn trừ)', missing: 'THIẾU' } as const;

export async function main(command: string, args: string[]): Promise<number> {
  try {
    return await readinessCommand(args);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`sskdt-lab ${command}: ${(e as Error).message}\n${USAGE}\n`);
      return 3;
    }
    if (e instanceof ReadinessError) {
      process.stderr.write(`sskdt-lab ${command}: ${e.code} (--${e.location}): ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`sskdt-lab ${command}: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

function readFile(file: string, option: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`--${option}: cannot read ${file}: ${(e as Error).message}`);
  }
}

function printReadiness(r: Readiness): void {
  out(`${r.facility.maCSKCB} ${r.facility.ten} (tỉnh ${r.facility.maTinh}): ${r.ready ? 'SẴN SÀNG / READY' : 'CHƯA SẴN SÀNG / NOT READY'}`);
  out(r.run ? `run ${r.run.runId} (${r.run.plan}, ${r.run.verdict}) manifest SHA-256 ${r.run.manifestSha256}` : 'no passed certification run registered');
  for (const c of r.conditions) {
    const by = [...(c.run ? [`run: ${c.run.state}`] : []), ...c.documents.map((d) => `doc #${d.id} "${d.title}" (${d.uploadedBy}, ${d.uploadedAt})`)].join('; ');
    out(`  ${c.id.padEnd(3)} ${STATE[c.state].padEnd(14)} ${c.required ? '' : '(không bắt buộc) '}${by}`);
  }
  for (const m of r.missing) out(`  thiếu: ${m.vi}`);
  for (const d of r.decisions) out(`  decision ${d.id}: ${d.verdict} by ${d.decidedBy} at ${d.decidedAt}`);
}

async function readinessCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError('readiness needs a subcommand: show | add-run | add-evidence | withdraw | decide | export');
  if (sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      facility: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      manifest: { type: 'string' },
      bundle: { type: 'string' },
      signature: { type: 'string' },
      condition: { type: 'string' },
      title: { type: 'string' },
      file: { type: 'string' },
      evidence: { type: 'string' },
      verdict: { type: 'string' },
      reviewer: { type: 'string' },
      note: { type: 'string' },
      decision: { type: 'string' },
      out: { type: 'string' },
      by: { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!['show', 'add-run', 'add-evidence', 'withdraw', 'decide', 'export'].includes(sub)) throw new UsageError(`unknown readiness subcommand "${sub}"`);
  const facility = values.facility;
  if (!facility) throw new UsageError('--facility is required');
  const need = (name: keyof typeof values) => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required for readiness ${sub}`);
    return v;
  };
  const by = values.by ?? `cli:${os.userInfo().username}`;
  const dataDir = values['data-dir'] ?? loadConfig().dataDir;
  const store = await openStore({ dataDir, databaseUrl: loadConfig().databaseUrl });
  try {
    await seedIfEmpty(store, loadConfig().seedFile);
    const now = new Date();
    if (sub === 'show') {
      const r = await computeReadiness(store, facility);
      if (values.json) out(JSON.stringify(r, null, 2));
      else printReadiness(r);
      return r.ready ? 0 : 1;
    }
    if (sub === 'add-run') {
      const labCertPem = loadOrCreateLabKey(dataDir).certPem;
      const run = values.bundle
        ? await registerBundle(store, { maCSKCB: facility, bundle: readFile(values.bundle, 'bundle'), by, labCertPem, now })
        : await registerRun(store, { maCSKCB: facility, manifest: readFile(need('manifest'), 'manifest'), signaturePem: readFile(need('signature'), 'signature').toString('latin1'), by, labCertPem, now });
      out(`registered run ${run.runId} (${run.verdict}, ${run.plan}) for ${facility}; manifest SHA-256 ${run.manifestSha256}`);
      return 0;
    }
    if (sub === 'add-evidence') {
      const file = need('file');
      const item = await addEvidence(store, { maCSKCB: facility, conditionId: need('condition').toUpperCase(), title: need('title'), fileName: path.basename(file), content: readFile(file, 'file'), by, now });
      out(`added document #${item.id} for ${item.conditionId} of ${facility}: "${item.title}" (${item.size} bytes, SHA-256 ${item.sha256}) by ${item.uploadedBy} at ${item.uploadedAt}`);
      return 0;
    }
    if (sub === 'withdraw') {
      const id = Number(need('evidence'));
      if (!Number.isInteger(id) || id <= 0) throw new UsageError('--evidence must be a document number');
      const item = await withdrawEvidence(store, { maCSKCB: facility, id, by, now });
      out(`withdrew document #${item.id} of ${facility} (${item.withdrawnBy}, ${item.withdrawnAt})`);
      return 0;
    }
    if (sub === 'decide') {
      const verdict = need('verdict');
      if (verdict !== 'approved' && verdict !== 'refused') throw new UsageError('--verdict must be approved or refused');
      const username = need('reviewer');
      const account = await store.getAccount(username);
      const f = await store.getFacility(facility);
      if (!f) throw new ReadinessError('READINESS.FACILITY_UNKNOWN', `no facility ${facility} is registered in the lab`, 'facility', 404);
      if (!account || account.role !== 'reviewer' || account.maTinh !== f.maTinh) {
        throw new ReadinessError('READINESS.REVIEWER', `${username} is not a reviewer account of province ${f.maTinh} (a readiness decision is a reviewer's act)`, 'reviewer', 400);
      }
      const d = await decide(store, { maCSKCB: facility, verdict, ...(values.note ? { note: values.note } : {}), reviewer: { username: account.username, maTinh: f.maTinh }, labKey: loadOrCreateLabKey(dataDir), now });
      out(`decision ${d.id}: ${d.decision.verdict_vi} — JSON SHA-256 ${d.jsonSha256}`);
      if (values.out) writeDecision(values.out, d.id, d.json, d.p7s, d.pdf, loadOrCreateLabKey(dataDir).certPem);
      return 0;
    }
    // export
    const id = need('decision');
    const dir = need('out');
    const d = await getDecision(store, facility, id);
    if (!d) throw new ReadinessError('READINESS.DECISION_UNKNOWN', `facility ${facility} has no decision ${id}`, 'decision', 404);
    writeDecision(dir, d.id, d.json, d.p7s, d.pdf, loadOrCreateLabKey(dataDir).certPem);
    return 0;
  } finally {
    await store.close();
  }
}

function writeDecision(dir: string, id: string, json: Buffer, p7s: string, pdf: Buffer, labCert: string): void {
  const target = path.resolve(dir);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, `${id}.json`), json);
  fs.writeFileSync(path.join(target, `${id}.p7s`), p7s);
  fs.writeFileSync(path.join(target, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(target, 'lab.pem'), labCert);
  out(`wrote ${id}.json, ${id}.p7s, ${id}.pdf and lab.pem (the lab's certificate, ${LAB_CERT_FILE} of the data folder) to ${target}`);
}
