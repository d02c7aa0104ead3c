import { describe, expect, it } from 'vitest';
import { parseForm } from '../../simulator/app.ts';

describe('parseForm', () => {
  it('decodes like URLSearchParams (plus, escapes, empty values, repeated keys keep the first)', () => {
    const text = 'UserName=52001_BV&a=1+2%2B3&empty=&flag&x=%E1%BB%87&username=second&bad=%ZZ%41';
    const map = new Map<string, string>();
    parseForm(text, map);
    const expected = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(text)) if (!expected.has(k.toLowerCase())) expected.set(k.toLowerCase(), v);
    expect(map).toEqual(expected);
    expect(map.get('username')).toBe('52001_BV');
    expect(map.get('a')).toBe('1 2+3');
  });
});
