/**
 * `sskdt-lab report six-monthly` (dispatched by bin/sskdt-lab.mjs): the PL01 Đ8 matrix from the lab's store.
 * Exit codes: 0 written, 1 nothing registered by that code (unknown province or facility), 2 internal error,
 * 3 bad usage (bad period, malformed province, missing --out for XLSX).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { seedIfEmpty } from '../seed.ts';
import { openStore } from '../store-open.ts';
import { ReportInputError, sixMonthlyReportFor } from './six-monthly.ts';
import { sixMonthlyCsv, sixMonthlyXlsx } from '../../reports/evidence/six-monthly.ts';

const USAGE = `usage:
  sskdt-lab report six-monthly --period YYYY-H1|YYYY-H2 --province NN [--facility MA_CSKCB]
                               [--format csv|xlsx|json] [--out FILE] [--data-dir DIR]
  The six-monthly report of QĐ 2733 PL01 Đ8: six visit types × insured / uninsured × visits received /
  visits whose data reached the portal, from what the lab's portal received (store in --data-dir, default
  DATA_DIR or ./data). CSV and JSON go to stdout without --out; XLSX needs --out.
  Exit 0 written, 1 unknown province or facility, 2 internal error, 3 bad usage.`;

class UsageError extends Error {}

export async function main(command: string, args: string[]): Promise<number> {
  try {
    return await reportCommand(args);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`sskdt-lab ${command}: ${(e as Error).message}\n${USAGE}\n`);
      return 3;
    }
    if (e instanceof ReportInputError) {
      process.stderr.write(`sskdt-lab ${command}: ${e.code} (--${e.location}): ${e.message}\n`);
      return e.notFound ? 1 : 3;
    }
    process.stderr.write(`sskdt-lab ${command}: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

async function reportCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (sub !== 'six-monthly') throw new UsageError(sub ? `unknown report "${sub}" (six-monthly)` : 'report needs a kind: six-monthly');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      period: { type: 'string' },
      province: { type: 'string' },
      facility: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.period) throw new UsageError('--period is required (e.g. 2026-H2)');
  if (!values.province) throw new UsageError('--province is required (2-digit province code, e.g. 52)');
  const format = values.format ?? (values.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : values.out?.toLowerCase().endsWith('.json') ? 'json' : 'csv');
  if (!['csv', 'xlsx', 'json'].includes(format)) throw new UsageError(`--format must be csv, xlsx or json, got "${format}"`);
  if (format === 'xlsx' && !values.out) throw new UsageError('XLSX is binary: give --out FILE.xlsx');
  const dataDir = values['data-dir'] ?? loadConfig().dataDir;
  const store = await openStore({ dataDir, databaseUrl: loadConfig().databaseUrl });
  try {
    await seedIfEmpty(store, loadConfig().seedFile);
    const report = await sixMonthlyReportFor(store, { period: values.period, maTinh: values.province, ...(values.facility ? { maCSKCB: values.facility } : {}) });
    const bytes = format === 'xlsx' ? await sixMonthlyXlsx(report) : format === 'json' ? JSON.stringify(report, null, 2) + '\n' : sixMonthlyCsv(report);
    if (!values.out) {
      process.stdout.write(bytes);
      return 0;
    }
    const out = path.resolve(values.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, bytes);
    const t = report.total.totalSix;
    process.stdout.write(
      `wrote ${out}: ${report.period.id}, province ${report.maTinh}${report.facilityFilter ? `, facility ${report.facilityFilter}` : `, ${report.facilities.length} facilities`}; ` +
        `insured ${t.insured.reached}/${t.insured.received} reached, uninsured ${t.uninsured.reached}/${t.uninsured.received} reached` +
        `${report.notes.unreadableSubmissions ? `; ${report.notes.unreadableSubmissions} unreadable submission(s) not counted` : ''}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
