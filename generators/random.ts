/**
 * The single source of randomness of the generators: a seeded PRNG (sfc32 seeded through cyrb128), with a
 * Vietnamese faker driven by it. Nothing in generators/ reads Math.random(), Date.now() or randomUUID:
 * the same seed gives the same bytes.
 */
import { Faker, base, vi } from '@faker-js/faker';

/** Reference date of generated visits unless the caller passes another (yyyy-mm-dd, Vietnam local time). */
export const DEFAULT_REFERENCE_DATE = '2026-11-20';

/** cyrb128: a small string hash giving four 32-bit words, used to seed sfc32 from any label. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private fakerInstance: Faker | undefined;
  /** the label the generator was seeded with (kept for forks and manifests) */
  readonly label: string;

  constructor(seed: number | string) {
    this.label = String(seed);
    [this.a, this.b, this.c, this.d] = cyrb128(this.label);
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm-up: decorrelate close seeds
  }

  /** sfc32 step */
  nextUint32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** float in [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** integer in [min, max] (inclusive) */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max})`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** picks by weight: [[value, weight], …] */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }

  /** n decimal digits (leading zeros allowed) */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** k distinct items, order kept from the source list */
  sample<T>(items: readonly T[], k: number): T[] {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx
      .slice(0, Math.min(k, items.length))
      .sort((x, y) => x - y)
      .map((i) => items[i]);
  }

  /** an independent stream for a named purpose (adding a draw in one part does not shift another) */
  fork(purpose: string): Rng {
    return new Rng(`${this.label}/${purpose}`);
  }

  /** faker (Vietnamese locale with base fallbacks) drawing from this generator */
  get faker(): Faker {
    if (!this.fakerInstance) {
      this.fakerInstance = new Faker({
        locale: [vi, base],
        randomizer: {
          next: () => this.next(),
          seed: () => {
            throw new Error('reseed the Rng, not faker');
          },
        },
      });
    }
    return this.fakerInstance;
  }
}

/** The seed label of one package: scenario, run seed and index (stable, independent of the run's other packages). */
export function packageSeed(scenarioId: string, seed: number | string, index: number): string {
  return `${scenarioId}#${seed}#${index}`;
}
