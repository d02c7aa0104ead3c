/**
 * A minimal valid-value synthesizer for the catalogue, for XSD/engine agreement tests: one value per field
 * that satisfies its type, length and format. Formats are sampled by a tiny generator for the regex subset
 * the catalogue uses (literals, classes, \d, groups, alternation, quantifiers, a leading (?!…)).
 */
import type { FieldSpec, TableSpec } from '../../conformance/catalogue/catalogue.ts';
import type { RowValues } from '../../generators/serialize.ts';

type Node =
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'char'; value: string }
  | { kind: 'repeat'; node: Node; min: number };

/** One string matching `source` (digits prefer '1' so "not all zeros" lookaheads hold). */
export function sampleRegex(source: string): string {
  let s = source.replace(/^\^/, '').replace(/\$$/, '');
  s = s.replace(/^\(\?![^)]*\)/, ''); // a leading negative lookahead: sampling '1's satisfies the ones we use
  let i = 0;
  const parseAlt = (): Node => {
    const options: Node[] = [parseSeq()];
    while (s[i] === '|') {
      i++;
      options.push(parseSeq());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  };
  const parseAtom = (): Node => {
    const c = s[i++];
    if (c === '(') {
      if (s[i] === '?' && s[i + 1] === ':') i += 2;
      const inner = parseAlt();
      if (s[i++] !== ')') throw new Error(`unbalanced group in ${source}`);
      return inner;
    }
    if (c === '[') {
      const negate = s[i] === '^';
      if (negate) i++;
      let first = '';
      while (s[i] !== ']') {
        let ch = s[i++];
        if (ch === '\\') {
          const e = s[i++];
          ch = e === 'd' ? '1' : e;
        }
        if (!first) first = ch;
      }
      i++;
      return { kind: 'char', value: negate ? (first === 'Z' ? 'A' : 'Z') : first };
    }
    if (c === '\\') {
      const e = s[i++];
      return { kind: 'char', value: e === 'd' ? '1' : e === 'w' ? 'a' : e };
    }
    if (c === '.') return { kind: 'char', value: 'a' };
    return { kind: 'char', value: c };
  };
  const parseSeq = (): Node => {
    const items: Node[] = [];
    while (i < s.length && s[i] !== '|' && s[i] !== ')') {
      let atom = parseAtom();
      const q = s[i];
      if (q === '*' || q === '?') {
        i++;
        atom = { kind: 'repeat', node: atom, min: 0 };
      } else if (q === '+') {
        i++;
        atom = { kind: 'repeat', node: atom, min: 1 };
      } else if (q === '{') {
        const end = s.indexOf('}', i);
        const min = Number(s.slice(i + 1, end).split(',')[0]);
        i = end + 1;
        atom = { kind: 'repeat', node: atom, min };
      }
      items.push(atom);
    }
    return { kind: 'seq', items };
  };
  const gen = (n: Node): string => {
    switch (n.kind) {
      case 'seq':
        return n.items.map(gen).join('');
      case 'alt':
        return gen(n.options[0]);
      case 'char':
        return n.value;
      case 'repeat':
        return gen(n.node).repeat(n.min);
    }
  };
  const tree = parseAlt();
  if (i !== s.length) throw new Error(`unparsed rest of ${source}: ${s.slice(i)}`);
  return gen(tree);
}

const DATE8 = '20260105';
const DATETIME12 = '202601050830';

/** A valid value for one field in its layout. */
export function validValue(f: FieldSpec): string {
  if (f.type === 'date8' || f.type === 'date8|datetime12') return DATE8;
  if (f.type === 'datetime12') return DATETIME12;
  if (f.formatSource) {
    const v = sampleRegex(f.formatSource);
    if (!f.format!.test(v)) throw new Error(`sample ${v} does not match ${f.formatSource}`);
    return v;
  }
  if (f.type === 'number') return '1';
  if (f.type === 'decimal') return '1.5';
  const text = 'Nguyễn Văn A';
  return f.maxLength !== null && f.maxLength < text.length ? 'A'.repeat(Math.min(1, f.maxLength)) : text;
}

/** A row with every field filled with a valid value (optional and conditional fields too). */
export function validRow(spec: TableSpec, index = 0): RowValues {
  const row: RowValues = {};
  for (const f of spec.fields) row[f.name] = f.name === 'STT' ? String(index + 1) : validValue(f);
  return row;
}
