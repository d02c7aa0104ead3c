/**
 * decimal.ts aligns scales inline and reads powers of ten from a table (speed): the reference below is the
 * former form (a tuple from align, 10n ** n per call). Both must agree on many values of mixed scales.
 */
import { describe, expect, it } from 'vitest';
import { add, cmp, roundHalfUp, sub, type Decimal } from '../../conformance/decimal.ts';
import { moneyTolerance } from '../../conformance/pilot/rule-helpers.ts';

const pow10 = (n: number): bigint => 10n ** BigInt(n);
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * pow10(a.scale - b.scale), a.scale];
  return [a.units * pow10(b.scale - a.scale), b.units, b.scale];
}
const ref = {
  add(a: Decimal, b: Decimal): Decimal { const [x, y, scale] = align(a, b); return { units: x + y, scale }; },
  sub(a: Decimal, b: Decimal): Decimal { const [x, y, scale] = align(a, b); return { units: x - y, scale }; },
  cmp(a: Decimal, b: Decimal): number { const [x, y] = align(a, b); return x < y ? -1 : x > y ? 1 : 0; },
  roundHalfUp(a: Decimal, places: number): Decimal {
    if (a.scale <= places) return { units: a.units * pow10(places - a.scale), scale: places };
    const factor = pow10(a.scale - places);
    const neg = a.units < 0n;
    const abs = neg ? -a.units : a.units;
    let q = abs / factor;
    if ((abs % factor) * 2n >= factor) q += 1n;
    return { units: neg ? -q : q, scale: places };
  },
};

// a fixed pseudo-random sequence (no Math.random: the test is the same every run)
let seed = 12345;
const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const randomDecimal = (): Decimal => {
  const digits = String(next(1_000_000_000)) + String(next(1000));
  const units = BigInt(digits.slice(0, 1 + next(digits.length))) * (next(3) === 0 ? -1n : 1n);
  return { units, scale: next(8) === 0 ? 41 + next(4) : next(7) };
};
const same = (x: Decimal, y: Decimal) => x.units === y.units && x.scale === y.scale;

describe('decimal fast paths', () => {
  it('add, sub, cmp and roundHalfUp agree with the reference on 20,000 pairs of mixed scales', () => {
    for (let i = 0; i < 20_000; i++) {
      const a = randomDecimal();
      const b = randomDecimal();
      expect(same(add(a, b), ref.add(a, b))).toBe(true);
      expect(same(sub(a, b), ref.sub(a, b))).toBe(true);
      expect(cmp(a, b)).toBe(ref.cmp(a, b));
      const places = next(5);
      expect(same(roundHalfUp(a, places), ref.roundHalfUp(a, places))).toBe(true);
    }
  });

  it('the default money tolerance is 0.00, as parsed before', () => {
    expect(moneyTolerance({})).toEqual({ units: 0n, scale: 2 });
    expect(moneyTolerance({ thresholds: { 'money.tolerance': 0 } })).toEqual({ units: 0n, scale: 2 });
    expect(moneyTolerance({ thresholds: { 'money.tolerance': 0.5 } })).toEqual({ units: 50n, scale: 2 });
  });
});
