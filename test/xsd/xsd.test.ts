import { afterAll, describe, expect, it } from 'vitest';
import { ALL_TABLES, getLayout, rawCatalogue } from '../../conformance/catalogue/catalogue.ts';
import { generateAllXsd, generateEnvelopeXsd, generateXsd, jsRegexToXsdPatterns, XsdPatternError } from '../../conformance/xsd.ts';
import { buildCheckin, buildEnvelope, serializeTable } from '../../generators/serialize.ts';
import { sampleRegex, validRow } from './synth.ts';
import { disposeXsdCache, validateWithXsd } from './validate.ts';

afterAll(() => disposeXsdCache());

const LAYOUTS = ['4750', '3176'] as const;

function docFor(layout: '4750' | '3176', table: string, rows = 2): string {
  const spec = getLayout(layout).tables.get(table)!;
  const n = spec.recordMode === 'single' ? 1 : rows;
  const data = Array.from({ length: n }, (_, i) => validRow(spec, i));
  return table === 'XML0' ? buildCheckin(spec, data) : serializeTable(spec, data);
}

describe('jsRegexToXsdPatterns', () => {
  it('strips anchors and replaces \\d by [0-9] (XSD \\d is any Unicode digit)', () => {
    expect(jsRegexToXsdPatterns('^\\d{8}(;\\d{8})*$')).toEqual(['[0-9]{8}(;[0-9]{8})*']);
    expect(jsRegexToXsdPatterns('^[\\d.]+$')).toEqual(['[0-9.]+']);
    expect(jsRegexToXsdPatterns('^(?:a|b)$')).toEqual(['(a|b)']);
  });
  it('turns a leading "not n zeros" lookahead into a second pattern that must also match', () => {
    expect(jsRegexToXsdPatterns('^(?!0{10})\\d{10}$')).toEqual(['[0-9]{10}', '0{0,9}([^0][\\s\\S]*)?']);
  });
  it.each([
    ['^(?=a)a$', 'lookaround'],
    ['^(?<=a)a$', 'lookaround'],
    ['^a+?$', 'lazy'],
    ['^(a)\\1$', 'escape \\1'],
    ['^\\bword$', 'escape \\b'],
    ['^a$|^b$', 'anchor'],
    ['^\\s+$', 'differs'],
    ['a', 'anchored'],
  ])('refuses JavaScript-only syntax %s', (source, why) => {
    expect(() => jsRegexToXsdPatterns(source)).toThrow(XsdPatternError);
    expect(() => jsRegexToXsdPatterns(source)).toThrow(why);
  });

  // Every distinct catalogue format: the JS regex and the generated XSD pattern(s) agree on probe strings.
  const formats = new Set<string>();
  for (const t of rawCatalogue())
    for (const f of t.fields) {
      if (f.format) formats.add(f.format);
      if (f.overlay_3176?.format) formats.add(f.overlay_3176.format);
    }
  it(`agrees with JavaScript on probe strings for all ${formats.size} catalogue formats`, () => {
    expect(formats.size).toBeGreaterThan(30);
    let probes = 0;
    for (const source of formats) {
      const js = new RegExp(source, 'u');
      const patterns = jsRegexToXsdPatterns(source);
      for (const p of patterns) expect(p).not.toMatch(/\(\?|\\d|^\^|\$$/);
      const steps = patterns.map((p) => `<xs:pattern value="${p.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"/>`);
      let inner = `<xs:restriction base="xs:string">${steps[0]}</xs:restriction>`;
      for (const s of steps.slice(1)) inner = `<xs:restriction><xs:simpleType>${inner}</xs:simpleType>${s}</xs:restriction>`;
      const xsd = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="V"><xs:simpleType>${inner}</xs:simpleType></xs:element></xs:schema>`;
      const sample = sampleRegex(source);
      const candidates = [
        sample, '', ' ', `${sample}x`, `x${sample}`, `${sample};${sample}`, `${sample} `, sample.slice(1), '0'.repeat(sample.length),
        sample.replace(/1/g, '\u0661'), // Arabic-Indic digit one: \d in XSD, not in JS
        `${sample}\n`, '0', '10', '12', '13', '1.5', '1.234', 'K1', 'G100', 'H001;T002', 'CT07',
      ];
      for (const c of candidates) {
        const xml = `<V>${c.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</V>`;
        const got = validateWithXsd(xsd, xml).valid;
        expect({ source, c, xsd: got }).toEqual({ source, c, xsd: js.test(c) });
        probes++;
      }
    }
    expect(probes).toBeGreaterThan(500);
  });
});

describe('generated XSDs', () => {
  for (const layout of LAYOUTS) {
    it(`layout ${layout}: all ${ALL_TABLES.length + 1} schemas × 2 variants compile in libxml2`, () => {
      const all = generateAllXsd(layout);
      expect(all.size).toBe(2 * (ALL_TABLES.length + 1));
      for (const [name, xsd] of all) {
        expect(xsd, name).toContain('<xs:schema');
        expect(() => validateWithXsd(xsd, '<NOT_A_ROOT/>'), name).not.toThrow();
        expect(validateWithXsd(xsd, '<NOT_A_ROOT/>').valid, name).toBe(false);
      }
    });
  }

  it('follows the catalogue: every field is an element, minOccurs from required, maxLength from max_length', () => {
    const spec = getLayout('3176').tables.get('XML1')!;
    const xsd = generateXsd('XML1', '3176');
    for (const f of spec.fields) {
      const m = new RegExp(`<xs:element name="${f.name}" minOccurs="(\\d)">`).exec(xsd);
      expect(m, f.name).not.toBeNull();
      expect(m![1], f.name).toBe(f.required === 'yes' ? '1' : '0');
    }
    expect(xsd).toContain('<xs:element name="HO_TEN" minOccurs="1">');
    expect(generateXsd('XML13', '4750')).toContain('name="MA_NOI_DI"');
    expect(generateXsd('XML13', '4750')).not.toContain('name="TINH_TRANG_CT"');
    expect(generateXsd('XML13', '3176')).toContain('name="TINH_TRANG_CT"');
    expect(() => generateXsd('XML99', '3176')).toThrow(/unknown table/);
  });

  for (const layout of LAYOUTS) {
    describe(`layout ${layout}`, () => {
      for (const table of ALL_TABLES) {
        it(`${table}: a valid document passes strict and lenient; missing/too long/bad pattern/reordered are rejected`, () => {
          const spec = getLayout(layout).tables.get(table)!;
          const strict = generateXsd(table, layout, 'strict');
          const lenient = generateXsd(table, layout, 'lenient');
          const rows = spec.recordMode === 'single' ? [validRow(spec)] : [validRow(spec, 0), validRow(spec, 1)];
          const write = (r: typeof rows) => (table === 'XML0' ? buildCheckin(spec, r) : serializeTable(spec, r));
          const good = write(rows);
          expect(validateWithXsd(strict, good)).toEqual({ valid: true, errors: [] });
          expect(validateWithXsd(lenient, good)).toEqual({ valid: true, errors: [] });

          // optional fields may be present and empty
          const optional = spec.fields.find((f) => f.required !== 'yes');
          if (optional) expect(validateWithXsd(strict, write([{ ...rows[0], [optional.name]: '' }, ...rows.slice(1)])).valid).toBe(true);

          const required = spec.fields.find((f) => f.required === 'yes')!;
          for (const xsd of [strict, lenient]) {
            const missing = validateWithXsd(xsd, write([{ ...rows[0], [required.name]: undefined }, ...rows.slice(1)]));
            expect(missing.valid, `missing ${required.name}`).toBe(false);
            expect(missing.errors.map((e) => e.message).join('\n')).toContain(required.name);
            expect(validateWithXsd(xsd, write([{ ...rows[0], [required.name]: '' }, ...rows.slice(1)])).valid, `empty ${required.name}`).toBe(false);
          }

          const long = spec.fields.find((f) => f.maxLength !== null && !f.formatSource && f.type === 'string');
          if (long) {
            const r = validateWithXsd(strict, write([{ ...rows[0], [long.name]: 'Ư'.repeat(long.maxLength! + 1) }, ...rows.slice(1)]));
            expect(r.valid, `too long ${long.name}`).toBe(false);
            expect(r.errors.map((e) => e.message).join('\n')).toMatch(/maxLength|length/);
            // exactly at the limit, counted in characters (not UTF-8 bytes), is fine
            expect(validateWithXsd(strict, write([{ ...rows[0], [long.name]: 'Ư'.repeat(long.maxLength!) }, ...rows.slice(1)])).valid).toBe(true);
          }

          const formatted = spec.fields.find((f) => f.formatSource && f.required === 'yes');
          if (formatted) {
            const bad = '#bad#'.slice(0, Math.max(1, Math.min(5, formatted.maxLength ?? 5)));
            expect(formatted.format!.test(bad)).toBe(false);
            const r = validateWithXsd(strict, write([{ ...rows[0], [formatted.name]: bad }, ...rows.slice(1)]));
            expect(r.valid, `bad pattern ${formatted.name}`).toBe(false);
            expect(r.errors.map((e) => e.message).join('\n')).toContain(formatted.name);
          }

          // element order: strict rejects a swap, lenient accepts it
          const [a, b] = spec.fields;
          const swapped: Record<string, string | undefined> = { [b.name]: rows[0][b.name], [a.name]: rows[0][a.name] };
          const reordered = write([{ ...swapped, ...Object.fromEntries(Object.entries(rows[0]).filter(([k]) => k !== a.name && k !== b.name)) } as typeof rows[0], ...rows.slice(1)]).replace(
            `<${a.name}>${rows[0][a.name]}</${a.name}>`,
            '',
          );
          const withSwap = reordered.replace(`<${b.name}>${rows[0][b.name]}</${b.name}>`, `<${b.name}>${rows[0][b.name]}</${b.name}><${a.name}>${rows[0][a.name]}</${a.name}>`);
          expect(validateWithXsd(strict, withSwap).valid, 'strict order').toBe(false);
          expect(validateWithXsd(lenient, withSwap).valid, 'lenient order').toBe(true);

          // unknown element
          expect(validateWithXsd(lenient, write([{ ...rows[0], NOT_A_FIELD: 'x' }, ...rows.slice(1)])).valid).toBe(false);
        });
      }
    });
  }
});

describe('envelope and check-in', () => {
  const envelopeOf = (over: Partial<Parameters<typeof buildEnvelope>[0]> = {}) =>
    buildEnvelope({ MACSKCB: '79024', NGAYLAP: '20260105', hoso: [{ files: [{ loaiHoSo: 'XML1', content: docFor('3176', 'XML1') }, { loaiHoSo: 'XML2', content: docFor('3176', 'XML2') }] }], ...over });

  it('accepts a GIAMDINHHS envelope (with xsi/xsd namespace declarations) and rejects bad parts', () => {
    const xsd = generateEnvelopeXsd('3176');
    expect(validateWithXsd(xsd, envelopeOf())).toEqual({ valid: true, errors: [] });
    expect(validateWithXsd(generateXsd('GIAMDINHHS', '4750', 'lenient'), envelopeOf())).toEqual({ valid: true, errors: [] });
    expect(validateWithXsd(xsd, envelopeOf({ MACSKCB: '7902' })).valid).toBe(false);
    expect(validateWithXsd(xsd, envelopeOf({ NGAYLAP: '2026-01-05' })).valid).toBe(false);
    expect(validateWithXsd(xsd, envelopeOf({ hoso: [{ files: [{ loaiHoSo: 'XML0', content: '<x/>' }] }] })).valid).toBe(false);
    const badBase64 = envelopeOf().replace(/<NOIDUNGFILE>[^<]*<\/NOIDUNGFILE>/, '<NOIDUNGFILE>@@not base64@@</NOIDUNGFILE>');
    const r = validateWithXsd(xsd, badBase64);
    expect(r.valid).toBe(false);
    expect(r.errors[0].message).toContain('NOIDUNGFILE');
    // libxml2 alone skips characters outside the alphabet; the pattern makes the XSD as strict as the engine
    const replaceContent = (v: string) => envelopeOf().replace(/<NOIDUNGFILE>[^<]*<\/NOIDUNGFILE>/, `<NOIDUNGFILE>${v}</NOIDUNGFILE>`);
    for (const bad of ['!!!!', '@@@@QUJD', 'QUJDRB==', 'QUJDRA=', '']) expect(validateWithXsd(xsd, replaceContent(bad)).valid, bad).toBe(false);
    for (const good of ['QUJD', 'QUJDRA==', 'QUJDREU=', 'QUJD\nREVG\n', ' QUJD REVG ']) expect(validateWithXsd(xsd, replaceContent(good)).valid, good).toBe(true);
  });

  it('lets CHUKYDONVI hold any content (an XMLDSig Signature) in the envelope and the check-in', () => {
    const sig = '<CHUKYDONVI><Signature xmlns="http://www.w3.org/2000/09/xmldsig#" Id="x"><SignedInfo/><SignatureValue>AAAA</SignatureValue></Signature></CHUKYDONVI>';
    expect(validateWithXsd(generateEnvelopeXsd('3176'), envelopeOf().replace('<CHUKYDONVI/>', sig)).valid).toBe(true);
    const checkin = docFor('3176', 'XML0');
    expect(checkin).toContain('<CHUKYDONVI/>');
    expect(validateWithXsd(generateXsd('XML0', '3176'), checkin.replace('<CHUKYDONVI/>', sig)).valid).toBe(true);
    expect(validateWithXsd(generateXsd('XML0', '3176'), checkin.replace('<CHUKYDONVI/>', '')).valid).toBe(true);
  });
});
