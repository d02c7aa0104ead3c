/**
 * npm run bench:cert — offline certification of ~2,000 packages: `sskdt-lab generate --scenario all --count 46`
 * for 52001 (22 scenarios × 46 visits × record + check-in = 2,024 signed files, generated in a child process,
 * not timed), then the plan run over the folder (decode, check in the certification profile with signatures
 * and certificates, match scenarios, judge) and the signed evidence bundle. Prints seconds per phase and the
 * process's peak resident memory.
 *
 *   node --import tsx bench/cert.ts [--count 46] [--keep DIR]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QD2733_PILOT_PLAN } from '../conformance/plans/index.ts';
import { loadTestPki } from '../generators/pki/test-pki.ts';
import { writeBundle } from '../reports/evidence/bundle.ts';
import { loadOrCreateLabKey } from '../simulator/certification/lab-key.ts';
import { runOffline } from '../simulator/certification/offline.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const count = Number(arg('--count') ?? 46);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = arg('--keep') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-cert-'));
const folder = path.join(work, 'exports');

console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
if (!fs.existsSync(folder)) {
  const t = performance.now();
  const g = spawnSync(process.execPath, [path.join(repo, 'bin/sskdt-lab.mjs'), 'generate', '--scenario', 'all', '--seed', 'bench', '--count', String(count), '--facility', '52001', '--out', folder], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(`generate failed: ${g.stderr}`);
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s (not part of the figure)`);
}
const files = fs.readdirSync(folder).filter((f) => f.endsWith('.xml')).length;
const pki = loadTestPki();
const registry = { certificatesFor: (f: string) => (pki.facilities[f] ? [pki.facilities[f].certPem] : []), trustAnchors: [pki.caCertPem] };
const labKey = loadOrCreateLabKey(path.join(work, 'data'));
const rssBefore = process.memoryUsage().rss;

const t0 = performance.now();
const outcome = runOffline({ folder, facility: { maCSKCB: '52001' }, plan: QD2733_PILOT_PLAN, at: new Date('2026-11-21T00:00:00Z'), registry, registrySource: 'test PKI', ranBy: 'bench' });
const t1 = performance.now();
const rssAfterRun = process.memoryUsage().rss;
const zip = await writeBundle(outcome, { labKey });
const t2 = performance.now();
fs.writeFileSync(path.join(work, 'bundle.zip'), zip);

const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`offline certification of ${files} packages (${outcome.inventory.judged} judged), verdict ${outcome.verdict.verdict}`);
console.log(`  run (read, check, match, judge): ${((t1 - t0) / 1000).toFixed(1)} s  (${(files / ((t1 - t0) / 1000)).toFixed(0)} packages/s)`);
console.log(`  bundle (reports, manifest, signature, zip): ${((t2 - t1) / 1000).toFixed(1)} s, ${(zip.length / 1024 / 1024).toFixed(1)} MiB`);
console.log(`  total: ${((t2 - t0) / 1000).toFixed(1)} s; peak RSS ${peakMiB.toFixed(0)} MiB (before the run ${(rssBefore / 1024 / 1024).toFixed(0)} MiB, after it ${(rssAfterRun / 1024 / 1024).toFixed(0)} MiB)`);
if (!arg('--keep')) fs.rmSync(work, { recursive: true, force: true });
