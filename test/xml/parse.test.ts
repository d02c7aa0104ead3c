import { describe, expect, it } from 'vitest';
import { child, childElements, parseXml, textOf, XmlParseError, type XmlElement } from '../../conformance/xml/parse.ts';

function parseError(xml: string): XmlParseError {
  try {
    parseXml(xml);
  } catch (e) {
    if (e instanceof XmlParseError) return e;
    throw e;
  }
  throw new Error('expected an XmlParseError');
}

describe('strict XML parser', () => {
  it('keeps values as exact strings (leading zeros, CDATA, references) and remembers lines', () => {
    const doc = parseXml('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<R a="x&amp;y">\n  <MA>007</MA>\n  <T><![CDATA[<b>&amp;</b>]]></T>\n  <N>Nguy&#7877;n &#x41;&lt;</N>\n  <E/>\n</R>');
    expect(doc.declaration).toEqual({ version: '1.0', encoding: 'utf-8' });
    expect(doc.root.attrs).toEqual([{ name: 'a', value: 'x&y' }]);
    const ma = child(doc.root, 'MA') as XmlElement;
    expect(textOf(ma)).toBe('007');
    expect([ma.line, ma.col]).toEqual([3, 3]);
    expect(textOf(child(doc.root, 'T')!)).toBe('<b>&amp;</b>');
    expect(textOf(child(doc.root, 'N')!)).toBe('Nguyễn A<');
    expect(child(doc.root, 'E')!.children).toHaveLength(0);
    expect(childElements(doc.root).map((e) => e.name)).toEqual(['MA', 'T', 'N', 'E']);
  });

  it('normalises line ends like an XML processor (text, CDATA, attributes) but keeps &#xD;', () => {
    const doc = parseXml('<R a="1\r\n2\r3\t4">x\r\ny\rz<C><![CDATA[p\r\nq]]></C><D>&#xD;</D></R>');
    expect(doc.root.attrs[0].value).toBe('1 2 3 4');
    expect((doc.root.children[0] as { value: string }).value).toBe('x\ny\nz');
    expect(textOf(child(doc.root, 'C')!)).toBe('p\nq');
    expect(textOf(child(doc.root, 'D')!)).toBe('\r');
  });

  it('records source offsets of elements', () => {
    const src = '<R><A>1</A><B x="2"/></R>';
    const doc = parseXml(src);
    const [a, b] = childElements(doc.root);
    expect(src.slice(a.start, a.end)).toBe('<A>1</A>');
    expect(src.slice(b.start, b.end)).toBe('<B x="2"/>');
    expect(src.slice(doc.root.start, doc.root.end)).toBe(src);
  });

  it.each([
    ['<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>', 'XML_DTD_FORBIDDEN', 1, 1],
    ['<r>\n  <a>\n</r>', 'XML_TAG_MISMATCH', 3, 1],
    ['<r>&nope;</r>', 'XML_ENTITY_UNKNOWN', 1, 4],
    ['<r>a & b</r>', 'XML_SYNTAX', 1, 6],
    ['<r/><s/>', 'XML_MULTIPLE_ROOTS', 1, 5],
    ['<r>\n<a>\n<b>', 'XML_UNCLOSED', 3, 4],
    ['<r a="1" a="2"/>', 'XML_DUPLICATE_ATTRIBUTE', 1, 10],
    ['<r a=1/>', 'XML_SYNTAX', 1, 6],
    ['<r>\u0001</r>', 'XML_BAD_CHAR', 1, 4],
    ['<?xml version="1.0" encoding="windows-1258"?><r/>', 'XML_ENCODING', 1, 1],
    ['   ', 'XML_EMPTY', 1, 1],
    ['text<r/>', 'XML_TEXT_OUTSIDE_ROOT', 1, 1],
    ['<r>]]></r>', 'XML_SYNTAX', 1, 4],
    ['<r><?xml version="1.0"?></r>', 'XML_SYNTAX', 1, 4],
  ])('refuses %j with %s at line %i col %i', (xml, code, line, col) => {
    const e = parseError(xml);
    expect(e.code).toBe(code);
    expect([e.line, e.col]).toEqual([line, col]);
    expect(e.message).toMatch(/line \d+, column \d+/);
  });

  it('enforces the depth limit before any deeper work', () => {
    const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
    expect(parseError(deep).code).toBe('XML_DEPTH_LIMIT');
    expect(() => parseXml('<a><b><c/></b></a>', { maxDepth: 2 })).toThrow(/deeper than 2/);
  });

  it('enforces the size limit', () => {
    expect(() => parseXml('<a>' + 'x'.repeat(100) + '</a>', { maxLength: 50 })).toThrow(XmlParseError);
  });
});

describe('positions', () => {
  it('answers forward and backward look-ups with the same line and column', () => {
    const src = '<R>\n  <A>1</A>\r\n  <B>2</B>\n\n<C/></R>';
    const doc = parseXml(src);
    const [a, b, c] = childElements(doc.root);
    expect([a.line, a.col, b.line, b.col, c.line, c.col]).toEqual([2, 3, 3, 3, 5, 1]);
    // backward after the scan (as rules do for error locations)
    expect(doc.position(a.start)).toEqual({ line: 2, col: 3 });
    expect(doc.position(0)).toEqual({ line: 1, col: 1 });
    expect(doc.position(c.start)).toEqual({ line: 5, col: 1 });
  });

  it('numbers columns on a one-line document', () => {
    const doc = parseXml('<R>' + '<X/>'.repeat(1000) + '</R>');
    const xs = childElements(doc.root);
    expect(xs[999].line).toBe(1);
    expect(xs[999].col).toBe(4 + 999 * 4);
  });
});

describe('well-formedness agreed with libxml2 (issue 11: found by the differential fuzzer)', () => {
  const refuses = (xml: string, code: string) => {
    let caught: unknown;
    try {
      parseXml(xml);
    } catch (err) {
      caught = err;
    }
    expect(caught, xml).toBeInstanceOf(XmlParseError);
    expect((caught as XmlParseError).code, xml).toBe(code);
  };
  it('a character reference to a surrogate or a non-character is refused', () => {
    for (const ref of ['&#xD800;', '&#xDFFF;', '&#55296;', '&#xFFFE;', '&#xFFFF;', '&#x110000;', '&#x0000000000041;']) refuses(`<r>${ref}</r>`, 'XML_BAD_CHAR');
    expect(textOf(parseXml('<r>&#x1F600;&#xFFFD;&#x10FFFF;</r>').root)).toBe('😀\uFFFD\u{10FFFF}');
  });
  it("'--' inside a comment and a comment ending in '--->' are refused", () => {
    refuses('<r><!-- a -- b --></r>', 'XML_SYNTAX');
    refuses('<r><!-- a ---></r>', 'XML_SYNTAX');
    expect(parseXml('<r><!----><!-- a - b --></r>').root.name).toBe('r');
  });
  it('an undeclared namespace prefix on an element or attribute is refused; declared ones and xml: pass', () => {
    refuses('<x:y/>', 'XML_NAMESPACE');
    refuses('<r a:b="1"/>', 'XML_NAMESPACE');
    refuses('<r><p:q xmlns:p="urn:p"/><p:q/></r>', 'XML_NAMESPACE'); // out of scope after its element closed
    refuses('<r xmlns:p=""/>', 'XML_NAMESPACE');
    refuses('<r xmlns:p="urn:p" xmlns:q="urn:p" p:a="1" q:a="2"/>', 'XML_DUPLICATE_ATTRIBUTE');
    expect(parseXml('<r xmlns:p="urn:p" p:a="1" xml:lang="vi"><p:q/></r>').root.children).toHaveLength(1);
    // a typo'd namespace URI is still a declaration: HIS dialects with xmlns:xsi="…XMLSchema-instanse" pass
    expect(parseXml('<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instanse" xsi:nil="true"/>').root.attrs).toHaveLength(2);
  });
  it('only XML whitespace separates; names follow XML 1.0; the XML declaration is strict', () => {
    refuses('<r\u00A0a="1"/>', 'XML_SYNTAX');
    refuses('<r>x</r>\u00A0', 'XML_TEXT_OUTSIDE_ROOT');
    refuses('<a×b/>', 'XML_SYNTAX');
    refuses('<?xml version="1.0" encodin="utf-8"?><r/>', 'XML_SYNTAX');
    refuses('<r><?a:b x?></r>', 'XML_SYNTAX');
    refuses('<r xmlns:ds="urn:x"><ds:82/></r>', 'XML_NAMESPACE');
    refuses('<r xml:5pace="x"/>', 'XML_NAMESPACE');
    expect(parseXml('<?xml version="1."?><r xml:space="default"/>').declaration?.version).toBe('1.');
    expect(parseXml('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Đơn_vị/>').declaration).toEqual({ version: '1.0', encoding: 'UTF-8', standalone: 'yes' });
  });
  it('U+FEFF inside a CDATA section or text is a character, kept (only at the start of the entity is it a BOM)', () => {
    // fuzz seed 13, input #31984: a U+FEFF at the start of a CDATA section of an inner table
    const cdata = parseXml('\uFEFF<R><![CDATA[\uFEFFTheo dõi tăng huyết áp]]><T>\uFEFFa\uFEFF</T><U a="\uFEFFx"/><![CDATA[\uFEFF]]></R>');
    expect(cdata.root.children[0]).toMatchObject({ kind: 'text', cdata: true, value: '\uFEFFTheo dõi tăng huyết áp' });
    expect(textOf(child(cdata.root, 'T')!)).toBe('\uFEFFa\uFEFF');
    expect(child(cdata.root, 'U')!.attrs[0].value).toBe('\uFEFFx');
    expect(textOf(cdata.root)).toBe('\uFEFFTheo dõi tăng huyết áp\uFEFF');
    // the leading byte order mark of the document is not text
    expect(cdata.source.startsWith('<R>')).toBe(true);
  });
  it('attributes per element are capped, and duplicates are found in linear time', () => {
    const many = (n: number) => `<r${Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('')}/>`;
    expect(parseXml(many(256)).root.attrs).toHaveLength(256);
    refuses(many(257), 'XML_ATTRIBUTE_LIMIT');
    expect(parseXml(many(5000), { maxAttributes: 5000 }).root.attrs).toHaveLength(5000);
    refuses(`<r${Array.from({ length: 3000 }, (_, i) => ` a${i}="${i}"`).join('')} a2999="x"/>`.replace('<r', '<r'), 'XML_ATTRIBUTE_LIMIT');
    let caught: XmlParseError | undefined;
    try {
      parseXml(`<r${Array.from({ length: 3000 }, (_, i) => ` a${i}="${i}"`).join('')} a2999="x"/>`, { maxAttributes: 10_000 });
    } catch (err) {
      caught = err as XmlParseError;
    }
    expect(caught?.code).toBe('XML_DUPLICATE_ATTRIBUTE');
  });
});
