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
