/**
 * `sskdt-lab serve` and `sskdt-lab facility add|list|cert-add` (dispatched by bin/sskdt-lab.mjs).
 * Exit codes: 0 ok, 1 refused by the registry (duplicate, unknown facility, bad certificate), 3 bad usage.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { startPortal } from './main.ts';
import { seedIfEmpty } from './seed.ts';
import { RegistryError, isUniqueViolation, type PortalStore } from './store.ts';
import { openStore as openConfiguredStore } from './store-open.ts';
import { StoreOpenError, startupErrorText } from './store-safety.ts';

const USAGE = `usage:
  sskdt-lab serve [--port N] [--host H] [--data-dir DIR]      serve the portal simulator (also: npm start)
  sskdt-lab facility list [--data-dir DIR] [--json]
  sskdt-lab facility add <MA_CSKCB> --name <TEN> [--password P] [--username U] [--locked] [--data-dir DIR]
                                                           (username defaults to <MA_CSKCB>_BV, password to sskdt-demo)
  sskdt-lab facility cert-add <MA_CSKCB> <certificate.pem> [--data-dir DIR]
Settings come from the environment (PORT, DATA_DIR, SSKDT_*): see docs/simulator.md.`;

class UsageError extends Error {}

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

async function openStore(dataDir: string | undefined): Promise<PortalStore> {
  const config = loadConfig();
  const store = await openConfiguredStore({ dataDir: dataDir ?? config.dataDir, databaseUrl: config.databaseUrl, quickCheck: false });
  await seedIfEmpty(store, config.seedFile);
  return store;
}

export async function main(command: string, args: string[]): Promise<number> {
  try {
    if (command === 'serve') return await serveCommand(args);
    if (command === 'facility') return await facilityCommand(args);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`sskdt-lab ${command}: ${(e as Error).message}\n${USAGE}`);
      return 3;
    }
    if (e instanceof ConfigError) {
      err(`sskdt-lab ${command}: bad setting: ${e.message}`);
      return 3;
    }
    if (e instanceof StoreOpenError || (command === 'serve' && (e as { code?: string }).code === 'EADDRINUSE')) {
      err(startupErrorText(e));
      return 1;
    }
    if (e instanceof RegistryError || isUniqueViolation(e)) {
      err(`sskdt-lab ${command}: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
}

async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const config = loadConfig({ ...process.env, ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}), ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}) });
  const running = await startPortal(config);
  await new Promise<void>((resolve) => {
    const stop = () => void running.close().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

async function facilityCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    // `facility --help` (or no subcommand at all) is a request for help, not a mistake worth exit 3.
    if (sub === undefined) throw new UsageError('facility needs a subcommand: add | list | cert-add');
    out(USAGE);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      username: { type: 'string' },
      locked: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (sub === 'list') {
    if (positionals.length) throw new UsageError(`facility list takes no arguments, got "${positionals.join(' ')}"`);
    const store = await openStore(values['data-dir']);
    try {
      const list = await store.listFacilities();
      if (values.json) out(JSON.stringify(list, null, 2));
      else {
        for (const f of list)
          out(`${f.maCSKCB}  ${f.ten}  accounts: ${f.accounts.map((a) => a.username + (a.locked ? ' (locked)' : '')).join(', ') || '-'}  certificates: ${f.certificates}`);
      }
    } finally {
      await store.close();
    }
    return 0;
  }
  if (sub === 'add') {
    const [maCSKCB, ...extra] = positionals;
    if (!maCSKCB || extra.length) throw new UsageError('facility add needs exactly one MA_CSKCB');
    if (!values.name) throw new UsageError('facility add needs --name');
    const store = await openStore(values['data-dir']);
    try {
      await store.transaction(async (s) => {
        await s.addFacility({ maCSKCB, ten: values.name!, synthetic: true });
        await s.addAccount({ username: values.username ?? `${maCSKCB}_BV`, maCSKCB, password: values.password ?? 'sskdt-demo', locked: values.locked });
      });
      out(`added facility ${maCSKCB} with account ${values.username ?? `${maCSKCB}_BV`}`);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (sub === 'cert-add') {
    const [maCSKCB, pemFile, ...extra] = positionals;
    if (!maCSKCB || !pemFile || extra.length) throw new UsageError('facility cert-add needs MA_CSKCB and a PEM file');
    let pem: string;
    try {
      pem = fs.readFileSync(pemFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${pemFile}: ${(e as Error).message}`);
    }
    const store = await openStore(values['data-dir']);
    try {
      const row = await store.addCertificate(maCSKCB, pem);
      out(`registered certificate serial ${row.serial} (${row.subject}; ${row.notBefore} → ${row.notAfter}) for ${maCSKCB}`);
    } finally {
      await store.close();
    }
    return 0;
  }
  throw new UsageError(sub ? `unknown facility subcommand "${sub}"` : 'facility needs a subcommand: add | list | cert-add');
}
