/**
 * Our C14N equals libxml2's (libxml2-wasm) and xml-crypto's, byte for byte, on documents chosen to hit
 * the classic traps: inherited namespaces, CDATA, references, attribute whitespace, CRLF, BOM, PIs,
 * comments, Vietnamese text.
 */
import { DOMParser } from '@xmldom/xmldom';
import { XmlC14NMode, XmlDocument as LibDoc, type XmlElement as LibElement } from 'libxml2-wasm';
import { C14nCanonicalization, ExclusiveCanonicalization } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { canonicalizeDocument, canonicalizeSubtree, type C14nMode } from '../../conformance/signature/c14n.ts';
import { type XmlElement, parseXml } from '../../conformance/xml/parse.ts';

const DS = 'http://www.w3.org/2000/09/xmldsig#';

const corpus: Record<string, string> = {
  envelope: `<?xml version="1.0" encoding="utf-8"?>
<GIAMDINHHS xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <THONGTINDONVI><MACSKCB>52001</MACSKCB></THONGTINDONVI>
  <THONGTINHOSO><NGAYLAP>20260319</NGAYLAP><GHI_CHU>Bệnh nhân Nguyễn Thị Hồng Đào – tái khám</GHI_CHU></THONGTINHOSO>
  <CHUKYDONVI><Signature xmlns="${DS}" Id="s1"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><Reference URI=""><DigestValue>abc=</DigestValue></Reference></SignedInfo><SignatureValue>x</SignatureValue></Signature></CHUKYDONVI>
</GIAMDINHHS>
`,
  crlfAndAttributes: '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<r b="1\r\n2" a="tab\there" c="&#xD;&#xA;&#9;&#x20;" d=\'q"uote&apos;s\' e="&lt;&amp;&gt;">\r\n  <T x="1">line1\r\nline2\rline3&#13;&#xD;end</T>\r\n</r>\r\n',
  cdataAndReferences: '<r><T><![CDATA[a < b && c > d ]] ]]><![CDATA[\r\nx]]>&lt;&gt;&amp;&quot;&apos;&#x1F600;&#233; ></T><e/><f></f></r>',
  pisAndComments: '<?xml version="1.0"?>\n<!-- head -->\n<?pi-before  some   data ?>\n<r><!-- inner --><?inner?>text<T><?x y?><!--c--></T></r>\n<!-- tail --><?pi-after?>\n',
  namespaces:
    '<r xmlns="urn:d" xmlns:a="urn:a" xmlns:b="urn:b" b:z="1" a:z="2" z="3" a:y="4"><s xmlns:a="urn:a" xmlns="urn:d"><T xmlns=""><u xmlns="urn:e" xmlns:c="urn:c"><v c:k="1" xml:lang="vi"/></u></T></s></r>',
  inheritedXmlAttrs: '<r xml:lang="vi" xml:space="preserve"><s xmlns:p="urn:p"><T p:a="1" xml:lang="en"><p:q/></T></s></r>',
  exclusiveUse:
    '<r xmlns:unused="urn:unused" xmlns:p="urn:p" xmlns:q="urn:q" xmlns="urn:default"><mid><T><p:a q:att="1"><b xmlns="urn:other"><c xmlns=""/></b></p:a></T></mid></r>',
  signedInfoDefaultNs: `<GIAMDINHHS xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><CHUKYDONVI><Signature xmlns="${DS}"><SignedInfo><CanonicalizationMethod Algorithm="c"/><Reference URI=""><Transforms><Transform Algorithm="t"/></Transforms></Reference></SignedInfo></Signature></CHUKYDONVI></GIAMDINHHS>`,
  prefixedSignature: `<GIAMDINHHS xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><CHUKYDONVI><ds:Signature xmlns:ds="${DS}"><ds:SignedInfo><ds:Reference URI=""/></ds:SignedInfo></ds:Signature></CHUKYDONVI></GIAMDINHHS>`,
  vietnameseAndWhitespace: '<r>\n\t<HO_TEN>NGUYỄN VĂN ĐỨC</HO_TEN>  \n  <DIA_CHI attr="Thôn Hòa Hội,\tXã Cát Hanh">Số 1 &amp; 2 — Phù Cát, Bình Định</DIA_CHI>\n<T/></r>',
};

/** The apex used for subtree comparisons: SignedInfo if any, else the first element named T. */
function apexOf(root: XmlElement): XmlElement {
  const all: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    all.push(e);
    for (const c of e.children) if (c.kind === 'element') walk(c);
  };
  walk(root);
  return all.find((e) => e.name.endsWith('SignedInfo')) ?? all.find((e) => e.name === 'T') ?? root;
}
const signatureOf = (root: XmlElement): XmlElement | undefined => {
  let found: XmlElement | undefined;
  const walk = (e: XmlElement) => {
    if (e.name === 'Signature' || e.name === 'ds:Signature') found ??= e;
    for (const c of e.children) if (c.kind === 'element') walk(c);
  };
  walk(root);
  return found;
};

const LIB_MODE = { inclusive: XmlC14NMode.XML_C14N_1_0, exclusive: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 } as const;

function libxml2Document(xml: string, mode: C14nMode, removeSignature: boolean): string {
  const doc = LibDoc.fromString(xml.replace(/^\ufeff/, ''));
  try {
    if (removeSignature) (doc.get('//*[local-name()="Signature"]') as LibElement | null)?.remove();
    return doc.canonicalizeToString({ mode: LIB_MODE[mode] });
  } finally {
    doc.dispose();
  }
}

function libxml2Subtree(xml: string, mode: C14nMode): string {
  const doc = LibDoc.fromString(xml.replace(/^\ufeff/, ''));
  try {
    const apex = (doc.get('//*[local-name()="SignedInfo"]') ?? doc.get('//*[local-name()="T"]') ?? doc.root) as LibElement;
    return apex.canonicalizeToString({ mode: LIB_MODE[mode] });
  } finally {
    doc.dispose();
  }
}

describe('C14N equals libxml2 byte for byte', () => {
  for (const [name, xml] of Object.entries(corpus)) {
    for (const mode of ['inclusive', 'exclusive'] as const) {
      it(`${name} — whole document minus Signature (${mode})`, () => {
        const doc = parseXml(xml);
        const ours = canonicalizeDocument(doc, { mode, exclude: signatureOf(doc.root) });
        expect(ours).toBe(libxml2Document(xml, mode, true));
      });
      it(`${name} — subtree with inherited namespaces (${mode})`, () => {
        const doc = parseXml(xml);
        expect(canonicalizeSubtree(doc, apexOf(doc.root), { mode })).toBe(libxml2Subtree(xml, mode));
      });
    }
  }

  it('the classic trap: SignedInfo inherits xsi/xsd from GIAMDINHHS and the default xmldsig namespace (inclusive)', () => {
    const doc = parseXml(corpus.signedInfoDefaultNs);
    const out = canonicalizeSubtree(doc, apexOf(doc.root), { mode: 'inclusive' });
    expect(out.startsWith(`<SignedInfo xmlns="${DS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)).toBe(true);
    expect(canonicalizeSubtree(doc, apexOf(doc.root), { mode: 'exclusive' }).startsWith(`<SignedInfo xmlns="${DS}">`)).toBe(true);
  });

  it('a literal CR is a line ending (LF) but &#xD; stays a CR (&#xD;)', () => {
    const doc = parseXml('<r a="x&#xD;y\r\nz">a\r\nb&#xD;</r>');
    expect(canonicalizeDocument(doc, { mode: 'inclusive' })).toBe('<r a="x&#xD;y z">a\nb&#xD;</r>');
  });
});

describe('C14N equals xml-crypto on the root element', () => {
  const parser = new DOMParser();
  // xml-crypto cannot canonicalise processing instructions (throws "node type: 7"): that one is left to libxml2.
  for (const [name, xml] of Object.entries(corpus).filter(([n]) => n !== 'pisAndComments')) {
    for (const mode of ['inclusive', 'exclusive'] as const) {
      it(`${name} (${mode})`, () => {
        const dom = parser.parseFromString(xml.replace(/^\ufeff/, ''), 'text/xml');
        const canon = mode === 'inclusive' ? new C14nCanonicalization() : new ExclusiveCanonicalization();
        const theirs = canon.process(dom.documentElement as unknown as Element, {});
        const doc = parseXml(xml);
        expect(canonicalizeSubtree(doc, doc.root, { mode })).toBe(theirs);
      });
    }
  }
});

describe('exclusive C14N InclusiveNamespaces PrefixList', () => {
  it('renders listed prefixes that are in scope even when unused (libxml2 agrees)', () => {
    const xml = corpus.exclusiveUse;
    const doc = parseXml(xml);
    const ours = canonicalizeSubtree(doc, apexOf(doc.root), { mode: 'exclusive', inclusivePrefixes: ['unused', '#default'] });
    const lib = LibDoc.fromString(xml);
    try {
      const apex = lib.get('//*[local-name()="T"]') as LibElement;
      expect(ours).toBe(apex.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0, inclusiveNamespacePrefixes: ['unused', '#default'] }));
    } finally {
      lib.dispose();
    }
    expect(ours).toContain('xmlns:unused="urn:unused"');
  });
});
