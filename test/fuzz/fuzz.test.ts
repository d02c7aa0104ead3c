/**
 * A small seeded run of the differential fuzzer (generators/fuzz.ts; the full run is `npm run fuzz`): no
 * crash, no input over the time budget, libxml2 agrees on well-formedness and on every text value, our
 * C14N equals libxml2's. Counts, not timings: the budget is generous so a busy machine does not fail it.
 */
import { XmlDocument, type XmlCData } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { fuzzInputs, libView, libxml2String, ourView, runFuzz } from '../../generators/fuzz.ts';
import { parseXml } from '../../conformance/xml/parse.ts';

describe('seeded fuzzer', () => {
  it('is deterministic: the same seed gives the same inputs', () => {
    const a = [...fuzzInputs(7, 50)].map((i) => i.xml);
    const b = [...fuzzInputs(7, 50)].map((i) => i.xml);
    expect(a).toEqual(b);
    expect([...fuzzInputs(8, 50)].map((i) => i.xml)).not.toEqual(a);
  });

  it('a leading U+FEFF that libxml2-wasm drops when it decodes a value over 16 bytes is put back (libxml2 keeps it)', () => {
    // fuzz seed 13, input #31984: U+FEFF at the start of a CDATA section (XML 1.0: a Char, i.e. text)
    const xml = '<R a="\uFEFFaaaaaaaaaaaaaaaaaaaa"><![CDATA[\uFEFFTheo dõi tăng huyết áp]]><S>\uFEFFb</S></R>';
    const doc = XmlDocument.fromString(xml);
    try {
      const cdata = doc.root.find('node()')[0] as XmlCData;
      // the binding's artefact (Emscripten UTF8ToString → TextDecoder): if this starts failing, libxml2-wasm was fixed
      expect(cdata.content).toBe('Theo dõi tăng huyết áp');
      expect(doc.root.attrs[0].value).toBe('aaaaaaaaaaaaaaaaaaaa');
      // libxml2 itself keeps the character: its XPath string-length counts it
      expect(doc.root.eval('string-length(text())')).toBe(23);
      expect(libxml2String(cdata, cdata.content, '.', true)).toBe('\uFEFFTheo dõi tăng huyết áp');
      expect(libxml2String(doc.root.attrs[0], doc.root.attrs[0].value, '.', true)).toBe('\uFEFFaaaaaaaaaaaaaaaaaaaa');
      // short values (16 bytes or fewer) are decoded by hand and keep it: nothing is added twice
      const s = doc.root.get('S/text()') as XmlCData;
      expect(libxml2String(s, s.content, '.', true)).toBe('\uFEFFb');
      // so the fuzzer's two views agree, as our parser and libxml2 do
      const ours: string[] = [];
      const theirs: string[] = [];
      ourView(parseXml(xml).root, ours);
      libView(doc.root, theirs, true);
      expect(theirs).toEqual(ours);
      expect(ours).toContain('#"\uFEFFTheo dõi tăng huyết áp"');
      const naive: string[] = [];
      libView(doc.root, naive, false);
      expect(naive).not.toEqual(ours);
    } finally {
      doc.dispose();
    }
  });

  it('600 inputs: no crash, no hang, no disagreement with libxml2', () => {
    const report = runFuzz({ seed: 20261203, count: 600, hangMs: 20_000 });
    const examples = [...report.crashes.map((c) => `crash #${c.index}: ${c.error}`), ...report.disagreements.map((d) => `#${d.index} ${d.what}: ${d.detail}\n${d.xml.slice(0, 500)}`)];
    expect(examples).toEqual([]);
    expect(report.counts).toEqual({ crashes: 0, hangs: 0, disagreements: 0 });
    // the run really compared something of every kind
    expect(report.bothAccepted).toBeGreaterThan(50);
    expect(report.bothRefused).toBeGreaterThan(50);
    expect(report.c14nCompared).toBeGreaterThan(30);
    expect(report.packagesChecked).toBeGreaterThan(200);
    for (const n of Object.values(report.byKind)) expect(n).toBeGreaterThan(20);
  }, 120_000);
});
