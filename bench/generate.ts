/**
 * Generator throughput: packages per second, unsigned and signed (envelope + check-in each), over every
 * scenario. Prints figures; no assertions. Run: npx tsx bench/generate.ts [packages]
 */
import { buildEncounter } from '../generators/encounters.ts';
import { buildPackage } from '../generators/package.ts';
import { Rng, packageSeed } from '../generators/random.ts';
import { SCENARIOS } from '../generators/scenarios.ts';

const n = Number(process.argv[2] ?? 400);

function run(label: string, unsigned: boolean): void {
  // warm-up (JIT, code lists, test PKI)
  for (const s of SCENARIOS) buildPackage(buildEncounter(s, new Rng(`warm-${s.id}`)), { unsigned });
  let bytes = 0;
  let encounterMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = SCENARIOS[i % SCENARIOS.length];
    const a = performance.now();
    const e = buildEncounter(s, new Rng(packageSeed(s.id, 'bench', i)));
    encounterMs += performance.now() - a;
    const p = buildPackage(e, { unsigned });
    bytes += p.envelope.byteLength + p.checkin.byteLength;
  }
  const ms = performance.now() - t0;
  console.log(
    `${label.padEnd(9)} ${n} packages in ${(ms / 1000).toFixed(2)} s → ${((n * 1000) / ms).toFixed(0)} packages/s ` +
      `(encounter ${(encounterMs / n).toFixed(2)} ms, serialise${unsigned ? '' : '+sign'} ${((ms - encounterMs) / n).toFixed(2)} ms per package; avg ${(bytes / n / 1024).toFixed(1)} KiB envelope+check-in)`,
  );
}

console.log(`node ${process.version}, ${SCENARIOS.length} scenarios round-robin`);
run('unsigned', true);
run('signed', false);
