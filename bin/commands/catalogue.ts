/**
 * `sskdt-lab catalogue import|list|demo`: a facility's catalogues (staff, equipment, drugs, services, supplies, departments) in
 * the lab's store, the same services as /api/sim/catalogue (simulator/catalogues.ts; docs/catalogues.md).
 * Exit codes: 0 done, 1 refused (a bad file: every problem listed with file, line, column and code; nothing is
 * stored), 2 internal error, 3 bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CatalogueImportError, formatIssue, isCatalogueKind } from '../../conformance/catalogues/import.ts';
import { catalogueCsv, catalogueXlsx } from '../../conformance/catalogues/write.ts';
import { demoCatalogueData } from '../../generators/catalogues.ts';
import { DEMO_FACILITIES } from '../../generators/people.ts';
import { CatalogueServiceError, importCatalogues, importDemoCatalogues } from '../../simulator/catalogues.ts';
import { loadConfig } from '../../simulator/config.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { RegistryError, type CatalogueVersionSummary, type PortalStore } from '../../simulator/store.ts';
import { openStore as openConfiguredStore } from '../../simulator/store-open.ts';

const USAGE = `usage:
  sskdt-lab catalogue import --facility MA_CSKCB [--effective yyyymmdd] [--kind staff|equipment|drugs|services|supplies|departments] [--by WHO] <files.csv|.xlsx…>
  sskdt-lab catalogue list [--facility MA_CSKCB] [--json]
  sskdt-lab catalogue demo [--facility MA_CSKCB …] [--out DIR]
Every command takes --data-dir DIR (default DATA_DIR or ./data). import stores one version per file (all files or
none); demo stores the demo facilities' synthetic catalogues (consistent with sskdt-lab generate), or with --out
writes them as CSV and XLSX files instead. Columns and versions: docs/catalogues.md.`;

class UsageError extends Error {}

const out = (s: string) => process.stdout.write(s + '\n');

export async function main(command: string, args: string[]): Promise<number> {
  try {
    return await catalogueCommand(args);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`sskdt-lab ${command}: ${(e as Error).message}\n${USAGE}\n`);
      return 3;
    }
    if (e instanceof CatalogueImportError) {
      process.stderr.write(`sskdt-lab ${command}: nothing stored; ${e.issues.length} problem(s):\n${e.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
      return 1;
    }
    if (e instanceof CatalogueServiceError || e instanceof RegistryError) {
      process.stderr.write(`sskdt-lab ${command}: ${(e as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`sskdt-lab ${command}: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

async function openStore(dataDir: string | undefined): Promise<PortalStore> {
  const config = loadConfig();
  const store = await openConfiguredStore({ dataDir: dataDir ?? config.dataDir, databaseUrl: config.databaseUrl });
  await seedIfEmpty(store, config.seedFile);
  return store;
}

function printVersions(list: CatalogueVersionSummary[]): void {
  for (const v of list) out(`${v.maCSKCB}  ${v.kind.padEnd(9)}  from ${v.effectiveFrom}  ${String(v.rows).padStart(5)} rows  #${v.id}  ${v.source}  (${v.importedBy}, ${v.importedAt})`);
}

async function catalogueCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    out(USAGE);
    return 0;
  }
  if (sub === undefined) throw new UsageError('catalogue needs a subcommand: import | list | demo');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      facility: { type: 'string', multiple: true },
      effective: { type: 'string' },
      kind: { type: 'string' },
      by: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const facilities = values.facility ?? [];
  if (sub === 'import') {
    if (facilities.length !== 1) throw new UsageError('catalogue import needs one --facility MA_CSKCB');
    if (positionals.length === 0) throw new UsageError('catalogue import needs at least one .csv or .xlsx file');
    if (values.kind !== undefined && !isCatalogueKind(values.kind)) throw new UsageError(`--kind must be staff, equipment, drugs, services, supplies or departments, got "${values.kind}"`);
    if (values.effective !== undefined && !/^\d{8}$/.test(values.effective)) throw new UsageError(`--effective must be yyyymmdd, got "${values.effective}"`);
    const files = positionals.map((f) => {
      try {
        return { name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) };
      } catch (e) {
        throw new UsageError(`cannot read ${f}: ${(e as Error).message}`);
      }
    });
    const store = await openStore(values['data-dir']);
    try {
      const stored = await importCatalogues(store, { maCSKCB: facilities[0], files, by: values.by ?? 'cli', now: new Date(), effectiveFrom: values.effective, kind: values.kind as never });
      out(`stored ${stored.length} catalogue version(s) for ${facilities[0]}:`);
      printVersions(stored);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (sub === 'list') {
    if (positionals.length) throw new UsageError(`catalogue list takes no files, got "${positionals.join(' ')}"`);
    if (facilities.length > 1) throw new UsageError('catalogue list takes at most one --facility');
    const store = await openStore(values['data-dir']);
    try {
      const list = await store.listCatalogueVersions(facilities[0]);
      if (values.json) out(JSON.stringify(list, null, 2));
      else if (list.length === 0) out(`no catalogues stored${facilities[0] ? ` for ${facilities[0]}` : ''}`);
      else printVersions(list);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (sub === 'demo') {
    if (positionals.length) throw new UsageError(`catalogue demo takes no files, got "${positionals.join(' ')}"`);
    const codes = facilities.length ? facilities : DEMO_FACILITIES.map((f) => f.code);
    for (const c of codes) if (!/^[0-9A-Z]{5}$/.test(c)) throw new UsageError(`--facility must be 5 characters [0-9A-Z], got "${c}"`);
    if (values.out) {
      fs.mkdirSync(values.out, { recursive: true });
      let n = 0;
      for (const f of codes) {
        for (const v of demoCatalogueData(f)) {
          fs.writeFileSync(path.join(values.out, `${f}-${v.kind}.csv`), catalogueCsv(v.kind, [v]));
          fs.writeFileSync(path.join(values.out, `${f}-${v.kind}.xlsx`), await catalogueXlsx(v.kind, [v]));
          n += 2;
        }
      }
      out(`wrote ${n} files (CSV and XLSX, every kind, ${codes.join(', ')}) to ${values.out}`);
      return 0;
    }
    const store = await openStore(values['data-dir']);
    try {
      const stored = await importDemoCatalogues(store, codes, values.by ?? 'demo', new Date());
      out(`stored ${stored.length} demo catalogue version(s):`);
      printVersions(stored);
    } finally {
      await store.close();
    }
    return 0;
  }
  throw new UsageError(`unknown catalogue subcommand "${sub}"`);
}
