import { describe, expect, it } from 'vitest';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage } from '../../generators/package.ts';
import { Rng, packageSeed } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';

function run(seed: string, layout: '3176' | '4750', unsigned = false): string[] {
  return SCENARIOS.map((s) => {
    const p = buildPackage(buildEncounter(s, new Rng(packageSeed(s.id, seed, 0)), { layout }), { unsigned });
    return `${p.envelopeSha256}:${p.checkinSha256}`;
  });
}

describe('generator determinism', () => {
  it('gives byte-identical signed packages for the same seed', () => {
    expect(run('42', '3176')).toEqual(run('42', '3176'));
  });

  it('gives byte-identical unsigned packages for the same seed in the 4750 layout', () => {
    expect(run('7', '4750', true)).toEqual(run('7', '4750', true));
  });

  it('gives different packages for different seeds', () => {
    const a = run('1', '3176', true);
    const b = run('2', '3176', true);
    for (let i = 0; i < a.length; i++) expect(a[i]).not.toBe(b[i]);
  });

  it('uses one MA_LK per encounter across every table and the check-in', () => {
    for (const s of SCENARIOS) {
      const e = buildEncounter(s, new Rng(packageSeed(s.id, 'malk', 0)));
      const ids = new Set<string | undefined>([...Object.values(e.tables).flatMap((rows) => rows!.map((r) => r.MA_LK)), ...e.checkin.map((r) => r.MA_LK)]);
      expect([...ids]).toEqual([e.MA_LK]);
    }
  });

  it('draws the same stream from the same label and forks independent streams', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    expect(new Rng('x').fork('p').nextUint32()).not.toBe(new Rng('x').fork('q').nextUint32());
    expect(new Rng('v').faker.person.lastName()).toBe(new Rng('v').faker.person.lastName());
  });
});
