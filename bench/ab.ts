/**
 * A/B of checkPackage in one process: the engine of this working tree against the engine of another checkout
 * (e.g. `git archive <commit> | tar -x -C ../ab-base` + a node_modules symlink), on the same packages as
 * bench:check (50 KB, signature off) and bench:signature (signed ~55 KB, signature required), findings 'problems'.
 * Each engine runs in its own processes, in alternating rounds, so both see the same machine load; prints the
 * best and the median batch (250 ms) of each and the ratios. Also checks that both give the same summary and findings (a speed-up must not change verdicts).
 *
 *   node --import tsx bench/ab.ts --base ../ab-base [--rounds 4] [--seconds 3]
 */
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { signEnveloped } from '../generators/pki/sign.ts';
import { loadTestPki } from '../generators/pki/test-pki.ts';
import { validPackageXml } from '../test/fixtures/valid.ts';
import { packageOfSize } from './packages.ts';
import type { CheckPackageOptions } from '../conformance/check.ts';
import type { Result } from '../conformance/result.ts';

type Check = (bytes: Uint8Array, options?: CheckPackageOptions) => Result;
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const baseDir = arg('--base');
if (!baseDir) throw new Error('usage: bench/ab.ts --base DIR [--seconds N]');
const seconds = Number(arg('--seconds') ?? 3);


/** The bench:signature package: a signed valid package of at least 50,000 bytes. */
function signedPackage() {
  const pki = loadTestPki();
  const { keyPem, certPem } = pki.facilities['52001'];
  let rows = 4;
  let xml = '';
  for (;;) {
    xml = validPackageXml({ tables: { XML1: 1, XML2: rows, XML3: rows, XML4: Math.max(1, rows >> 2), XML5: Math.max(1, rows >> 3), XML7: 1, XML8: 1 } });
    if (Buffer.byteLength(xml) >= 50_000) break;
    rows = Math.ceil(rows * 1.3);
  }
  return { bytes: new TextEncoder().encode(signEnveloped(xml, keyPem, certPem)), registry: { certificatesFor: () => [certPem], trustAnchors: [pki.caCertPem] } };
}

function casesOf(): [string, Uint8Array, CheckPackageOptions][] {
  const signed = signedPackage();
  return [
    ['bench:check 50 KB, signature off', packageOfSize(50 * 1024), { findings: 'problems', signatureMode: 'off', endpoint: 'guiHoSoXmlQD3176', receivedAt: '2025-10-10T05:00:00Z' }],
    ['bench:signature package, signature required', signed.bytes, { findings: 'problems', signatureMode: 'required', receivedAt: '2026-08-10T03:00:00Z', registry: signed.registry }],
  ];
}

/** Child: one engine only, batches of 250 ms per case; prints the batch rates as JSON. */
async function child(dir: string) {
  const check: Check = (await import(path.resolve(dir, 'conformance/check.ts'))).checkPackage;
  const out: number[][] = [];
  for (const [, bytes, options] of casesOf()) {
    for (let i = 0; i < 60; i++) check(bytes, options);
    const rates: number[] = [];
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      let n = 0;
      const start = performance.now();
      while (performance.now() - start < 250) (check(bytes, options), n++);
      rates.push(n / ((performance.now() - start) / 1000));
    }
    out.push(rates);
  }
  console.log(JSON.stringify(out));
}

/**
 * Driver: checks that A and B give the same Result, then runs each engine in its own process, in rounds
 * A B / B A / A B … (one process per engine per round, so neither shares a heap or JIT state with the other,
 * and the order does not favour either), and pools the batches of each engine.
 */
async function driver() {
  const a: Check = (await import(path.resolve('conformance/check.ts'))).checkPackage;
  const b: Check = (await import(path.resolve(baseDir!, 'conformance/check.ts'))).checkPackage;
  const cases = casesOf();
  const rounds = Number(arg('--rounds') ?? 4);
  console.log(`A = ${process.cwd()} (this tree), B = ${baseDir}; node ${process.version}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}; ${rounds} rounds, one process per engine per round, ${seconds} s per case per process, 250 ms batches`);
  const pooled: { A: number[][]; B: number[][] } = { A: cases.map(() => []), B: cases.map(() => []) };
  const { execFileSync } = await import('node:child_process');
  for (let r = 0; r < rounds; r++) {
    for (const label of (r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) as ('A' | 'B')[]) {
      const dir = label === 'A' ? process.cwd() : path.resolve(baseDir!);
      const text = execFileSync(process.execPath, ['--import', 'tsx', path.resolve('bench/ab.ts'), '--child', dir, '--base', baseDir!, '--seconds', String(seconds)], { encoding: 'utf8' });
      const rates = JSON.parse(text.trim().split('\n').pop()!) as number[][];
      rates.forEach((xs, i) => pooled[label][i].push(...xs));
    }
  }
  const stat = (xs: number[]) => {
    const s = [...xs].sort((x, y) => y - x);
    return { best: s[0], median: s[s.length >> 1] };
  };
  cases.forEach(([name, bytes, options], i) => {
    const ra = a(bytes, options);
    const rb = b(bytes, options);
    const same = isDeepStrictEqual({ ...ra, timings: {} }, { ...rb, timings: {} });
    const A = stat(pooled.A[i]);
    const B = stat(pooled.B[i]);
    console.log(`${name} (${bytes.byteLength} bytes; results identical: ${same ? 'yes' : 'NO'}; ${ra.summary.counts.total} verdicts, ${ra.findings.length} listed)`);
    console.log(`  A best ${A.best.toFixed(0)}/s median ${A.median.toFixed(0)}/s | B best ${B.best.toFixed(0)}/s median ${B.median.toFixed(0)}/s | A/B best ×${(A.best / B.best).toFixed(2)} median ×${(A.median / B.median).toFixed(2)} (${pooled.A[i].length} batches each)`);
  });
}

const childDir = arg('--child');
await (childDir ? child(childDir) : driver());
