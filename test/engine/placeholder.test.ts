/**
 * isPlaceholder's first-character shortcut must answer exactly as the full test (trim, lowercase, set lookup)
 * on every value: generated strings over characters that matter (placeholder letters, ASCII, Unicode
 * whitespace, characters whose lowercase changes length or leaves ASCII, surrogates).
 */
import { describe, expect, it } from 'vitest';
import { isPlaceholder } from '../../conformance/rules/placeholder.ts';

const PLACEHOLDERS = new Set(['undefined', 'null', 'nan', '[object object]']);
const reference = (value: string): boolean => value.length >= 3 && value.length <= 20 && PLACEHOLDERS.has(value.trim().toLowerCase());

describe('isPlaceholder', () => {
  it('matches the full test on placeholders, near misses and random strings', () => {
    const words = ['undefined', 'UNDEFINED', 'Null', 'NaN', 'nan', '[object Object]', '[OBJECT OBJECT]', 'nul', 'nulll', 'un', '[object]', 'N/A', 'none'];
    const pads = ['', ' ', '\t', '\n', '\r\n', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u1680', '  '];
    const cases: string[] = [];
    for (const w of words) for (const a of pads) for (const b of pads) cases.push(a + w + b);
    const alphabet = ['u', 'U', 'n', 'N', 'a', 'A', 'l', 'L', '[', ']', '{', 'o', 'O', ' ', '\t', '\u00a0', '\ufeff', '\u0130', '\u212a', 'ß', 'İ', '\ud83d\ude00', '\ud800', '0', '9', '~', '\u007f', '\u0000', 'd', 'e', 'f', 'i', 'b', 'j', 'c', 't'];
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 50_000; i++) {
      let s = '';
      const len = rnd(24);
      for (let j = 0; j < len; j++) s += alphabet[rnd(alphabet.length)];
      cases.push(s);
    }
    for (let c = 0; c < 0x3000; c++) cases.push(`${String.fromCharCode(c)}ull`, `${String.fromCharCode(c)}undefined`, `${String.fromCharCode(c)}nan`);
    for (const v of cases) expect(isPlaceholder(v), JSON.stringify(v)).toBe(reference(v));
  });
});
