/**
 * Six-monthly report (PL01 Đ8) over a store of N generated visits (check-in + record each, unsigned):
 * the first report reads every submission's XML (and fills the visit-facts cache), the second reads only
 * the cache. Prints seconds and peak RSS; no assertions. Run: npm run bench:six-monthly -- [visits]
 */
import { createHash } from 'node:crypto';
import { buildEncounter } from '../generators/encounters.ts';
import { buildPackage } from '../generators/package.ts';
import { Rng, packageSeed } from '../generators/random.ts';
import { SCENARIOS } from '../generators/scenarios.ts';
import { sixMonthlyReportFor } from '../simulator/reporting/six-monthly.ts';
import { seedIfEmpty } from '../simulator/seed.ts';
import { Store } from '../simulator/store.ts';

const n = Number(process.argv[2] ?? 2000);
const store = new Store(':memory:');
await seedIfEmpty(store);
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

const t0 = performance.now();
const rows: Parameters<Store['addSubmission']>[0][] = [];
for (let i = 0; i < n; i++) {
  const s = SCENARIOS[i % SCENARIOS.length];
  const p = buildPackage(buildEncounter(s, new Rng(packageSeed(s.id, 'six', i))), { unsigned: true });
  for (const [endpoint, bytes] of [['checkInKcbQd3176', p.checkin], ['guiHoSoXmlQD3176', p.envelope]] as const) {
    rows.push({
      endpoint, username: '52001_BV', maCSKCB: '52001', loaiHoSo: '130', maTinh: '52', contentType: 'application/x-www-form-urlencoded', clientIp: '127.0.0.1',
      rawBody: new Uint8Array(0), fileBytes: bytes, fileSize: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), receivedAt: '2026-11-20T05:00:00.000Z',
      thoiGianTiepNhan: '20261120120000', maKetQua: i % 10 === 0 && endpoint.startsWith('gui') ? '205' : '200', thongDiep: '', status: 'done', envelopeResult: null,
    });
  }
}
await Promise.all(rows.map((r) => store.addSubmission(r)));
rows.length = 0;
console.log(`node ${process.version}: ${n} visits (${2 * n} submissions) generated and stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

for (const label of ['cold (reads XML)', 'warm (cache)']) {
  const t = performance.now();
  const r = await sixMonthlyReportFor(store, { period: '2026-H2', maTinh: '52' });
  const ms = performance.now() - t;
  const six = r.total.totalSix;
  console.log(`${label.padEnd(17)} ${(ms / 1000).toFixed(2)} s → ${((2 * n * 1000) / ms).toFixed(0)} submissions/s; received ${six.insured.received + six.uninsured.received}, reached ${six.insured.reached + six.uninsured.reached}`);
}
clearInterval(timer);
sample();
console.log(`peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB`);
store.close();
