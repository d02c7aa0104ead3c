/**
 * Exact decimal arithmetic for money, prices and quantities (never binary float).
 * A value is a BigInt of units and a scale (number of digits after the point): 130081.00 = 13008100n, scale 2.
 * The standard writes decimals with '.' and no thousands separator (QĐ 130, "Định dạng số thập phân").
 */

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string strictly ('.' separator, optional '-', no exponent, no spaces). Returns null if invalid. */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac) * (m[1] ? -1n : 1n);
  return { units, scale: frac.length };
}

/** Like parseDecimal, but throws on invalid input (for values already checked by field rules). */
export function dec(text: string | number | bigint): Decimal {
  if (typeof text === 'bigint') return { units: text, scale: 0 };
  if (typeof text === 'number') {
    if (!Number.isInteger(text)) throw new TypeError(`dec(): pass non-integers as strings, got ${text}`);
    return { units: BigInt(text), scale: 0 };
  }
  const d = parseDecimal(text);
  if (!d) throw new RangeError(`not a decimal: "${text}"`);
  return d;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

// Powers of ten up to the scales money and quantities use, computed once (BigInt exponentiation per call was a
// measurable share of the cross-table rules' time).
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

// add, sub and cmp align the scales inline: no tuple per operation.
export function add(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { units: a.units + b.units, scale: a.scale };
  if (a.scale > b.scale) return { units: a.units + b.units * pow10(a.scale - b.scale), scale: a.scale };
  return { units: a.units * pow10(b.scale - a.scale) + b.units, scale: b.scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { units: a.units - b.units, scale: a.scale };
  if (a.scale > b.scale) return { units: a.units - b.units * pow10(a.scale - b.scale), scale: a.scale };
  return { units: a.units * pow10(b.scale - a.scale) - b.units, scale: b.scale };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Division rounded half away from zero to `places` digits. */
export function div(a: Decimal, b: Decimal, places: number): Decimal {
  if (b.units === 0n) throw new RangeError('division by zero');
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); scale the numerator to keep places+1 digits.
  const num = a.units * pow10(places + 1 + b.scale);
  const den = b.units * pow10(a.scale);
  const q = num / den; // truncated, places+1 digits
  return roundHalfUp({ units: q, scale: places + 1 }, places);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let acc = ZERO;
  for (const v of values) acc = add(acc, v);
  return acc;
}

/** Rounds half away from zero (the usual accounting rule) to `places` digits. */
export function roundHalfUp(a: Decimal, places: number): Decimal {
  if (a.scale === places) return a; // immutable: the value itself
  if (a.scale < places) return { units: a.units * pow10(places - a.scale), scale: places };
  const factor = pow10(a.scale - places);
  const neg = a.units < 0n;
  const abs = neg ? -a.units : a.units;
  let q = abs / factor;
  const r = abs % factor;
  if (r * 2n >= factor) q += 1n;
  return { units: neg ? -q : q, scale: places };
}

export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  let x = a.units;
  let y = b.units;
  if (a.scale > b.scale) y *= pow10(a.scale - b.scale);
  else if (a.scale < b.scale) x *= pow10(b.scale - a.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function eq(a: Decimal, b: Decimal): boolean {
  return cmp(a, b) === 0;
}

export function isNegative(a: Decimal): boolean {
  return a.units < 0n;
}

export function abs(a: Decimal): Decimal {
  return a.units < 0n ? { units: -a.units, scale: a.scale } : a;
}

/** Plain string with exactly `places` digits (rounded half up), or the natural scale when omitted. */
export function toFixed(a: Decimal, places?: number): string {
  const d = places === undefined ? a : roundHalfUp(a, places);
  const neg = d.units < 0n;
  let digits = (neg ? -d.units : d.units).toString();
  if (d.scale === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(d.scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
}

/** Shortest plain form: trailing zeros after the point removed ("130081.00" → "130081"). */
export function toPlain(a: Decimal): string {
  let s = toFixed(a);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}
