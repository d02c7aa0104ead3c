/**
 * What the facility catalogues cost: checkPackage on generated packages without catalogues (the ten CATALOGUE.*
 * rules only skip) and with the demo catalogues loaded (they judge every line), alternating rounds in one process;
 * a large synthetic catalogue (20,000 drugs, 5,000 services, 2,000 staff …): its job JSON size, the parse into a
 * lookup (once per import per worker) and a check against it; reading it from CSV and XLSX. Prints figures, no
 * assertions. Run: npm run bench:catalogues
 */
import { checkPackage } from '../conformance/check.ts';
import { readCatalogueFile } from '../conformance/catalogues/import.ts';
import { CatalogueSet, type CatalogueData, type CatalogueVersion } from '../conformance/catalogues/model.ts';
import { catalogueCsv, catalogueXlsx } from '../conformance/catalogues/write.ts';
import { demoCatalogueData, demoCatalogueSet } from '../generators/catalogues.ts';
import { buildEncounter } from '../generators/encounters.ts';
import { buildPackage } from '../generators/package.ts';
import { Rng, packageSeed } from '../generators/random.ts';
import { SCENARIOS } from '../generators/scenarios.ts';

const packages = SCENARIOS.flatMap((s) =>
  [0, 1].map((i) => {
    const e = buildEncounter(s, new Rng(packageSeed(s.id, 'bench-catalogues', i)), { layout: '3176' });
    return { bytes: buildPackage(e, { unsigned: true }).envelope, receivedAt: e.receivedAt };
  }),
);
const demo = demoCatalogueSet();

/** the engine's own timing of the catalogue phase (Result.timings.catalogue), summed per configuration */
const phase = { without: 0, with: 0 };
function round(catalogues: CatalogueSet | undefined): number {
  const t = performance.now();
  for (const p of packages) {
    const r = checkPackage(p.bytes, { profile: 'strict', findings: 'problems', signatureMode: 'off', receivedAt: p.receivedAt, catalogues });
    phase[catalogues ? 'with' : 'without'] += r.timings.catalogue ?? 0;
  }
  return performance.now() - t;
}

const ms = (x: number) => x.toFixed(2);
round(undefined);
round(demo);
phase.without = phase.with = 0;
const without: number[] = [];
const withIt: number[] = [];
for (let r = 0; r < 8; r++) {
  without.push(round(undefined));
  withIt.push(round(demo));
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const per = (t: number) => t / packages.length;
console.log(`checkPackage, ${packages.length} generated records (3176, strict, problems, unsigned), 8 alternating rounds:`);
console.log(`  without catalogues: median ${ms(per(median(without)))} ms/package, best ${ms(per(Math.min(...without)))}`);
console.log(`  with demo catalogues: median ${ms(per(median(withIt)))} ms/package, best ${ms(per(Math.min(...withIt)))}  (ratio of medians ${(median(withIt) / median(without)).toFixed(3)})`);
console.log(`  the catalogue phase itself (Result.timings.catalogue): ${(phase.without / (8 * packages.length)).toFixed(3)} ms/package without, ${(phase.with / (8 * packages.length)).toFixed(3)} ms/package with`);

// a large catalogue: the demo rows plus many more codes
const big: CatalogueData = demoCatalogueData('52001').map((v): CatalogueVersion => {
  const extra = { staff: 2000, equipment: 500, drugs: 20000, services: 5000, supplies: 3000, departments: 60 }[v.kind];
  const entries = [...v.entries];
  for (let i = 0; i < extra; i++) entries.push({ ...v.entries[i % v.entries.length], code: `${v.entries[i % v.entries.length].code}-${i}`, ...(v.kind === 'staff' ? { ids: [`52${String(i).padStart(8, '0')}`] } : {}) });
  return { ...v, entries };
});
const json = JSON.stringify(big);
let t = performance.now();
const bigSet = CatalogueSet.fromJson(json);
const parseMs = performance.now() - t;
round(bigSet);
t = performance.now();
const bigRound = round(bigSet);
console.log(`large catalogue (${big.reduce((n, v) => n + v.entries.length, 0)} rows): job JSON ${(json.length / 1024 / 1024).toFixed(2)} MiB, parse ${ms(parseMs)} ms (once per import per worker), check ${ms(per(bigRound))} ms/package (first check of a key also indexes the versions it uses)`);
void t;

const drugs = big.find((v) => v.kind === 'drugs')!;
const csv = new TextEncoder().encode(catalogueCsv('drugs', [drugs]));
t = performance.now();
await readCatalogueFile('drugs.csv', csv);
const csvMs = performance.now() - t;
const xlsx = await catalogueXlsx('drugs', [drugs]);
t = performance.now();
await readCatalogueFile('drugs.xlsx', xlsx);
const xlsxMs = performance.now() - t;
console.log(`reading ${drugs.entries.length} drug rows: CSV ${(csv.length / 1024).toFixed(0)} KiB in ${ms(csvMs)} ms; XLSX ${(xlsx.length / 1024).toFixed(0)} KiB in ${ms(xlsxMs)} ms`);
