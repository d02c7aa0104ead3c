/**
 * `npm run fuzz -- --seed N --count M [--no-engine] [--hang-ms MS] [--json]`: the seeded differential fuzzer
 * (generators/fuzz.ts). Prints inputs/s, crashes, hangs and disagreements with libxml2, with up to 20
 * examples of each; exit 1 when any of them is not zero.
 */
import { parseArgs } from 'node:util';
import { runFuzz } from '../generators/fuzz.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '10000' },
    'hang-ms': { type: 'string', default: '2000' },
    'no-engine': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: npm run fuzz -- --seed N --count M [--no-engine] [--hang-ms MS] [--json]\n');
  process.exit(3);
}
const report = runFuzz({
  seed,
  count,
  hangMs: Number(values['hang-ms']),
  engine: !values['no-engine'],
  onProgress: (done, r) => {
    if (done % 10_000 === 0) process.stderr.write(`  ${done} inputs, ${Math.round(done / (r.elapsedMs || 1) * 1000)}/s so far, crashes ${r.counts.crashes}, hangs ${r.counts.hangs}, disagreements ${r.counts.disagreements}\n`);
  },
});
const perSecond = report.inputs / (report.elapsedMs / 1000);
if (values.json) process.stdout.write(JSON.stringify({ ...report, inputsPerSecond: perSecond }, null, 2) + '\n');
else {
  const out = (l: string) => process.stdout.write(l + '\n');
  out(`fuzz seed ${seed}: ${report.inputs} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s = ${perSecond.toFixed(0)} inputs/s (engine ${values['no-engine'] ? 'off' : 'on'}, Node ${process.version})`);
  out(`  kinds: ${Object.entries(report.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  out(`  libxml2: both accepted ${report.bothAccepted}, both refused ${report.bothRefused}, our policy refusals ${report.policyRefusals}, libxml2-only namespace-URI refusals ${report.libxml2NamespaceUriRefusals}, libxml2 C14N refusals (relative namespace URI) ${report.libxml2C14nRefusals}, libxml2 C14N unescaped namespace URIs ${report.libxml2C14nUnescapedNamespaces}, C14N compared ${report.c14nCompared}; packages through gate + engine ${report.packagesChecked}`);
  out(`  crashes ${report.counts.crashes}, hangs (> ${values['hang-ms']} ms) ${report.counts.hangs}, disagreements with libxml2 ${report.counts.disagreements}; slowest input ${report.slowestMs.toFixed(0)} ms`);
  for (const c of report.crashes) out(`  CRASH #${c.index} (${c.kind}): ${c.error.split('\n').slice(0, 3).join(' | ')}\n    ${JSON.stringify(c.xml.slice(0, 300))}`);
  for (const h of report.hangs) out(`  HANG #${h.index} (${h.kind}): ${h.ms} ms`);
  for (const d of report.disagreements) out(`  DISAGREE #${d.index} (${d.kind}, ${d.what}): ${d.detail}\n    ${JSON.stringify(d.xml.slice(0, 300))}`);
}
process.exit(report.counts.crashes + report.counts.hangs + report.counts.disagreements === 0 ? 0 : 1);
