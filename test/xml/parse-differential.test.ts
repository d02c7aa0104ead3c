/**
 * The tuned parser (conformance/xml/parse.ts) against the frozen reference copy it was tuned from
 * (reference-parse.ts): on every input both give the same tree (every node, every field, parents, offsets,
 * lines and columns, shared strings or not) or the same refusal (code, message, line, column, offset).
 * Inputs: the seeded fuzzer's documents (random, package envelopes and tables, hostile), pretty-printed table
 * documents, and mutations aimed at the scanner's fast paths (end tags, names, indentation, ']]>', '&', CR).
 */
import { describe, expect, it } from 'vitest';
import { fuzzInputs, mutateText, rng } from '../../generators/fuzz.ts';
import { mayHoldBadChar, parseXml, XmlParseError, type ParseOptions, type XmlDocument, type XmlNode } from '../../conformance/xml/parse.ts';
import { parseXml as referenceParseXml, XmlParseError as ReferenceXmlParseError } from './reference-parse.ts';

function nodeView(n: XmlNode): unknown {
  if (n.kind === 'element') {
    return { ...n, parent: n.parent ? [n.parent.name, n.parent.start] : null, children: n.children.map(nodeView) };
  }
  return { ...n };
}

function docView(doc: XmlDocument, probes: number[]): unknown {
  return {
    source: doc.source,
    declaration: doc.declaration,
    prolog: doc.prolog.map(nodeView),
    epilog: doc.epilog.map(nodeView),
    root: nodeView(doc.root),
    positions: probes.map((o) => doc.position(Math.min(o, doc.source.length))),
  };
}

function outcome(parse: typeof parseXml, xml: string, options: ParseOptions, probes: number[]): unknown {
  try {
    return docView(parse(xml, options) as XmlDocument, probes);
  } catch (e) {
    if (e instanceof XmlParseError || e instanceof ReferenceXmlParseError) return { code: e.code, message: e.message, line: e.line, col: e.col, offset: e.offset };
    return { thrown: String(e) };
  }
}

/** Hazards for the scanner's fast paths, inserted at random places. */
const HAZARDS = [
  '</', '>', '<', ' ', '\n', '\r', '\r\n', '\t', ']]>', ']]', '&', '&amp;', '&#x41;', '&#13;', '<![CDATA[x]]>', '<!-- c -->',
  '<A>', '</A>', '</A >', '</A\n>', '</A\u00a0>', '<A/>', '<AB>', '</AB>', '<a:b>', '</a:b>', '<Ế>', '</Ế>', '<_x.y-z>', '<1a>', '<-a>',
  'xmlns:a="urn:a"', ' x="1"', ':', '\u0001', '\uFFFE', 'ế', '\n    ', '\n  ',
];

function tableDocument(r: () => number): string {
  const fields = ['MA_LK', 'STT', 'MA_DICH_VU', 'TEN_DICH_VU', 'SO_LUONG', 'DON_GIA_BV', 'NGAY_YL', 'MA_KHOA', 'T_THANHTIEN_BV', 'GHI_CHU'];
  const rows: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const cells = fields.map((f) => {
      const v = r() < 0.2 ? '' : r() < 0.3 ? `<![CDATA[Khám bệnh ${i}]]>` : String(Math.floor(r() * 1e6));
      return r() < 0.1 ? `      <${f}/>` : `      <${f}>${v}</${f}>`;
    });
    rows.push(`    <CHI_TIET_DVKT>\n${cells.join('\n')}\n    </CHI_TIET_DVKT>`);
  }
  const eol = r() < 0.2 ? '\r\n' : '\n';
  return `<?xml version="1.0" encoding="utf-8"?>\n<CHITIEU_CHITIET_DVKT_VTYT>\n  <DSACH_CHI_TIET_DVKT>\n${rows.join('\n')}\n  </DSACH_CHI_TIET_DVKT>\n</CHITIEU_CHITIET_DVKT_VTYT>`.replace(/\n/g, eol);
}

function mutateWith(text: string, r: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (out.length + 1));
    out = r() < 0.7 ? out.slice(0, at) + HAZARDS[Math.floor(r() * HAZARDS.length)] + out.slice(at) : mutateText(out, r);
  }
  return out;
}

function* inputs(): Generator<{ xml: string; options: ParseOptions }> {
  for (const input of fuzzInputs(20261204, 1500)) yield { xml: input.xml, options: {} };
  const r = rng(4242);
  for (let i = 0; i < 1500; i++) {
    const base = r() < 0.6 ? tableDocument(r) : [...fuzzInputs(i, 1)][0].xml;
    const xml = r() < 0.15 ? base : mutateWith(base, r);
    const options: ParseOptions = r() < 0.1 ? { maxDepth: 1 + Math.floor(r() * 4) } : r() < 0.05 ? { maxAttributes: 1 } : {};
    yield { xml, options };
  }
  yield* [
    '<R></R >',
    '<R></R',
    '<R></R\t\n >',
    '<R><A></A></R>',
    '<R><AB></A></R>',
    '<R><A></AB></R>',
    '</R>',
    '<R>\n  \n</R>',
    `<R>\n${' '.repeat(63)}<A/>\n${' '.repeat(64)}<A/>\n${' '.repeat(200)}</R>`,
    '<R>\n \t<A/></R>',
    '<R>a]]>b</R>',
    '<R><![CDATA[x]]>]]></R>',
    '<R>&amp;<![CDATA[&]]>&lt;\r\n</R>',
    '<a:R xmlns:a="urn:a"><a:B/></a:R>',
    '<a:R/>',
    '<R><a:B xmlns:a="urn:a"></a:B><a:C/></R>',
    '<Ế><Ễ>1</Ễ></Ế>',
    '<R><B·>1</B·></R>',
    '<R.x-y_z:1/>',
    '<R',
    '<R/',
    '<R></',
  ].map((xml) => ({ xml, options: {} }));
}

describe('tuned XML parser against the reference parser', () => {
  it('gives the same tree or the same refusal on 3,000+ inputs', () => {
    let accepted = 0;
    let refused = 0;
    for (const { xml, options } of inputs()) {
      const probes = [0, xml.length >> 1, xml.length, 1, xml.length >> 2];
      const expected = outcome(referenceParseXml as typeof parseXml, xml, options, probes);
      const actual = outcome(parseXml, xml, options, probes);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expect({ xml, actual }).toEqual({ xml, actual: expected });
      // the forbidden-character check on the UTF-8 bytes (as decodePackage passes them), BOM included
      const bytes = Buffer.from(`${xml.length % 3 === 0 ? '\uFEFF' : ''}${xml}`, 'utf8');
      const fromBytes = outcome(parseXml, xml, { ...options, utf8: bytes.subarray(0) }, probes);
      if (JSON.stringify(fromBytes) !== JSON.stringify(expected)) expect({ xml, fromBytes }).toEqual({ xml, fromBytes: expected });
      if ('code' in (expected as object)) refused++;
      else accepted++;
    }
    // both kinds were really compared
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  }, 120_000);
});

describe('mayHoldBadChar (the forbidden-character check on UTF-8 bytes)', () => {
  // What parseXml refuses on the decoded text.
  const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
  const PIECES = ['a', 'ế', '<', '\t', '\n', '\r', ' ', '\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\u007F', '\u0085', '\uFFFE', '\uFFFF', '\uFFFD', '\uFEFF', '\uEFBF', '\uF000', '\u{1F600}', '\u{10FFFF}', 'ï¿¾'];

  it('answers as the regex over the decoded text, at every length and alignment', () => {
    const r = rng(7);
    for (let n = 0; n < 20_000; n++) {
      const len = Math.floor(r() * 24);
      let text = '';
      for (let k = 0; k < len; k++) text += r() < 0.5 ? 'x' : PIECES[Math.floor(r() * PIECES.length)];
      const encoded = Buffer.from(text, 'utf8');
      // copied at every offset 0–3 into a larger buffer, so the word loop meets every alignment
      const shift = n % 4;
      const backing = new Uint8Array(encoded.length + 8).fill(0x01);
      backing.set(encoded, shift);
      expect([text, mayHoldBadChar(backing.subarray(shift, shift + encoded.length))]).toEqual([text, BAD_CHAR.test(text)]);
      // a Node Buffer too (a file as read; the scan reads any Uint8Array through a view of its own)
      const asBuffer = Buffer.from(backing.buffer, shift, encoded.length);
      expect([text, mayHoldBadChar(asBuffer)]).toEqual([text, BAD_CHAR.test(text)]);
    }
  });

  it('finds a forbidden character at the very end of a long document', () => {
    const text = `<R>${'ế'.repeat(1000)}</R>`;
    for (const bad of ['\u0001', '\uFFFE', '\uFFFF']) {
      for (let tail = 0; tail < 5; tail++) {
        const bytes = Buffer.from(text + ' '.repeat(tail) + bad, 'utf8');
        expect(mayHoldBadChar(bytes)).toBe(true);
        expect(mayHoldBadChar(bytes.subarray(0, bytes.length - Buffer.byteLength(bad)))).toBe(false);
      }
    }
  });
});
