/**
 * npm run bench:parsers — our strict parser (conformance/xml/parse.ts) vs fast-xml-parser 5.12.1
 * (`parse(xml, true)`, validation on, values kept as strings) vs libxml2-wasm 0.7.2 (XmlDocument.fromString),
 * MB/s on the same inner table documents, in one run, with ratios. libxmljs2 is not measured: 0.35 bundles
 * libxml2 2.9.9 and crashes the process on a quadratic blow-up (shared/notes/library-measurements.md).
 *
 *   node --import tsx bench/parsers.ts [--seconds 2]
 */
import { XMLParser } from 'fast-xml-parser';
import { XmlDocument, XmlElement, type XmlTreeNode } from 'libxml2-wasm';
import { decodePackage } from '../conformance/envelope/decode.ts';
import { parseXml } from '../conformance/xml/parse.ts';
import { cloneRecord, envelopeXml, inpatientRecord, priceRecord } from '../conformance/rules/fixtures-kit.ts';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 2;

const fxp = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  isArray: (name: string) => ['CHI_TIET_THUOC', 'CHI_TIET_DVKT', 'CHI_TIET_CLS', 'CHI_TIET_DIEN_BIEN_BENH'].includes(name),
});

/** Inner documents (decoded text) of an inpatient package with its lines repeated `factor` times. */
function documents(factor: number): { name: string; text: string }[] {
  const base = inpatientRecord();
  const rec = cloneRecord(base);
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5']) {
    const rows = base[t] ?? [];
    rec[t] = Array.from({ length: rows.length * factor }, (_, i) => ({ ...rows[i % rows.length], STT: String(i + 1) }));
  }
  const pkg = decodePackage(new TextEncoder().encode(envelopeXml([priceRecord(rec)])));
  return pkg.hoso[0].files.map((f) => ({ name: f.table, text: f.text }));
}

function measure(fn: () => void, bytes: number): number {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    fn();
    n++;
  }
  return (bytes * n) / ((performance.now() - start) / 1000) / 1e6;
}

const cases = [
  { label: 'small (one inpatient stay)', docs: documents(1) },
  { label: 'large (the same stay, lines x40)', docs: documents(40) },
];

console.log(`node ${process.version}; ${seconds} s per measurement; MB/s of decoded table text (higher is better)`);
for (const c of cases) {
  const texts = c.docs.map((d) => d.text);
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const ours = measure(() => {
    for (const t of texts) parseXml(t);
  }, bytes);
  const fast = measure(() => {
    for (const t of texts) {
      const r = fxp.parse(t, true);
      if (r === undefined) throw new Error('fxp returned nothing');
    }
  }, bytes);
  const wasm = measure(() => {
    for (const t of texts) XmlDocument.fromString(t).dispose();
  }, bytes);
  // libxml2-wasm, parse and copy every field of every row into JS (name, text, line) as our rows do
  const wasmExtract = measure(() => {
    for (const t of texts) {
      const doc = XmlDocument.fromString(t);
      const out: { name: string; value: string; line: number }[] = [];
      const walk = (el: XmlElement) => {
        let hasElementChild = false;
        for (let n: XmlTreeNode | null = el.firstChild; n; n = n.next) {
          if (n instanceof XmlElement) {
            hasElementChild = true;
            walk(n);
          }
        }
        if (!hasElementChild) out.push({ name: el.name, value: el.content, line: el.line });
      };
      walk(doc.root);
      doc.dispose();
    }
  }, bytes);
  console.log(`\n${c.label}: ${c.docs.length} documents, ${(bytes / 1024).toFixed(0)} KB`);
  const row = (name: string, v: number) => console.log(`  ${name.padEnd(44)} ${v.toFixed(1).padStart(7)} MB/s  ${(v / ours).toFixed(2)}× ours`);
  row('ours: parseXml (tree, offsets, line/col)', ours);
  row('fast-xml-parser 5.12.1 parse(xml, true)', fast);
  row('libxml2-wasm 0.7.2 fromString + dispose', wasm);
  row('libxml2-wasm 0.7.2 parse + copy fields to JS', wasmExtract);
}
console.log('\nlibxml2-wasm keeps its tree in WebAssembly memory: the rows every rule reads must be copied out, which is what');
console.log('the last line measures; our parser yields that JS tree directly, with exact offsets for C14N and signature checks.');
