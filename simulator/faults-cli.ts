/**
 * `sskdt-lab faults set|show|clear <MA_CSKCB>`: fault injection plans (simulator/faults.ts) in the store of
 * --data-dir (default DATA_DIR or ./data). A running portal on the same store applies a plan from its next
 * request on. Exit codes: 0 ok, 1 refused (unknown facility, invalid plan), 3 bad usage.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { clearFaultPlan, FaultPlanError, readFaultPlan, writeFaultPlan, type FaultPlan } from './faults.ts';
import { StoreOpenError, startupErrorText } from './store-safety.ts';
import { openStore } from './store-open.ts';
import { seedIfEmpty } from './seed.ts';

const USAGE = `usage:
  sskdt-lab faults set <MA_CSKCB> --seed N [fault options] [--run RUN_ID] [--data-dir DIR]
  sskdt-lab faults set <MA_CSKCB> --plan '<JSON plan>' [--data-dir DIR]
  sskdt-lab faults show <MA_CSKCB> [--data-dir DIR]
  sskdt-lab faults clear <MA_CSKCB> [--data-dir DIR]
fault options (each seeded: the n-th request of the facility gets the same fault for the same seed):
  --latency fixed:MS | uniform:MIN-MAX | exp:MEAN     added latency (ms)      --latency-share X   share delayed (0..1)
  --error-500 X      share answered HTTP 500          --error-503 X    share answered HTTP 503 + Retry-After
  --drop X           share of connections closed without an answer
  --token-ttl S      tokens die after S seconds (expires_in still says the normal lifetime)
  --maintenance FROM/TO   ISO times: everything answered 503 "đang bảo trì" in that window
  --max-file-bytes N      a lower size limit (1001 above it)
  --result-delay-ms N     field results appear only N ms after receipt
  --routes token,submit,card,giayto   the routes affected (default all)
See docs/security.md (fault injection).`;

class UsageError extends Error {}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: expected a number, got "${v}"`);
  return n;
}

function latencyOf(spec: string | undefined, share: number | undefined): FaultPlan['latency'] {
  if (spec === undefined) return undefined;
  const m = /^(fixed|uniform|exp|exponential):(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) throw new UsageError(`--latency: expected fixed:MS, uniform:MIN-MAX or exp:MEAN, got "${spec}"`);
  const s = share !== undefined ? { share } : {};
  if (m[1] === 'fixed') return { distribution: 'fixed', ms: Number(m[2]), ...s };
  if (m[1] === 'uniform') {
    if (m[3] === undefined) throw new UsageError('--latency uniform needs MIN-MAX');
    return { distribution: 'uniform', minMs: Number(m[2]), maxMs: Number(m[3]), ...s };
  }
  return { distribution: 'exponential', meanMs: Number(m[2]), ...s };
}

/** The plan the options describe (validated by writeFaultPlan). */
export function planFromOptions(v: Record<string, string | undefined>): unknown {
  if (v.plan !== undefined) {
    try {
      return JSON.parse(v.plan);
    } catch (e) {
      throw new UsageError(`--plan: not JSON: ${(e as Error).message}`);
    }
  }
  if (v.seed === undefined) throw new UsageError('faults set needs --seed N (or --plan JSON)');
  let maintenance: FaultPlan['maintenance'];
  if (v.maintenance !== undefined) {
    const [from, to] = v.maintenance.split('/');
    if (!from || !to) throw new UsageError(`--maintenance: expected FROM/TO (ISO times), got "${v.maintenance}"`);
    maintenance = { from, to };
  }
  const plan: Record<string, unknown> = {
    seed: num('seed', v.seed),
    runId: v.run,
    routes: v.routes?.split(',').map((r) => r.trim()).filter(Boolean),
    latency: latencyOf(v.latency, num('latency-share', v['latency-share'])),
    error500Share: num('error-500', v['error-500']),
    error503Share: num('error-503', v['error-503']),
    dropShare: num('drop', v.drop),
    tokenTtlSeconds: num('token-ttl', v['token-ttl']),
    maintenance,
    maxFileBytes: num('max-file-bytes', v['max-file-bytes']),
    resultDelayMs: num('result-delay-ms', v['result-delay-ms']),
  };
  for (const k of Object.keys(plan)) if (plan[k] === undefined) delete plan[k];
  return plan;
}

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

export async function main(_command: string, args: string[]): Promise<number> {
  try {
    return await run(args);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`sskdt-lab faults: ${(e as Error).message}\n${USAGE}`);
      return 3;
    }
    if (e instanceof FaultPlanError) {
      err(`sskdt-lab faults: ${e.message}`);
      return 1;
    }
    if (e instanceof StoreOpenError) {
      err(startupErrorText(e));
      return 1;
    }
    throw e;
  }
}

async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || rest.includes('--help')) {
    out(USAGE);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(
      ['data-dir', 'seed', 'plan', 'run', 'routes', 'latency', 'latency-share', 'error-500', 'error-503', 'drop', 'token-ttl', 'maintenance', 'max-file-bytes', 'result-delay-ms'].map((k) => [k, { type: 'string' as const }]),
    ),
  });
  if (!['set', 'show', 'clear'].includes(sub ?? '')) throw new UsageError(sub ? `unknown faults subcommand "${sub}"` : 'faults needs a subcommand: set | show | clear');
  const [maCSKCB, ...extra] = positionals;
  if (!maCSKCB || extra.length) throw new UsageError(`faults ${sub} needs exactly one MA_CSKCB`);
  const v = values as Record<string, string | undefined>;
  const store = await openStore({ dataDir: v['data-dir'] ?? loadConfig().dataDir, databaseUrl: loadConfig().databaseUrl, quickCheck: false });
  try {
    await seedIfEmpty(store, loadConfig().seedFile);
    if (sub === 'set') {
      const stored = await writeFaultPlan(store, maCSKCB, planFromOptions(v), `cli:${process.env.USER ?? 'local'}`);
      out(JSON.stringify(stored, null, 2));
      return 0;
    }
    if (!(await store.getFacility(maCSKCB))) throw new FaultPlanError(`no facility ${maCSKCB}`);
    if (sub === 'show') {
      const stored = await readFaultPlan(store, maCSKCB);
      out(stored ? JSON.stringify(stored, null, 2) : `no fault plan for ${maCSKCB}`);
      return 0;
    }
    out((await clearFaultPlan(store, maCSKCB)) ? `cleared the fault plan of ${maCSKCB}` : `no fault plan for ${maCSKCB}`);
    return 0;
  } finally {
    await store.close();
  }
}
