/**
 * Run by test/engine/shapes.test.ts in a child `node --allow-natives-syntax --import tsx`: decodes a check-in, a
 * two-HOSO envelope and a bare table, first with decodePackage in the interpreter, then with decodePackage forced
 * through TurboFan, and prints which of the objects every rule reads do not share V8's hidden class (map).
 */
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { checkinRow, checkinXml, envelopeXml, inpatientRecord, outpatientRecord } from '../../conformance/rules/fixtures-kit.ts';
import { prepare, optimizeNext, sameMap, turbofan } from './v8-natives.ts';


const enc = (s: string) => new TextEncoder().encode(s);
const noMaLk = outpatientRecord('LK-SHAPE-1');
const envelope = enc(envelopeXml([inpatientRecord('LK-SHAPE-2'), noMaLk]));
const checkin = enc(checkinXml([checkinRow()]));
const xml1 = /<LOAIHOSO>XML1<\/LOAIHOSO>\s*<NOIDUNGFILE>([^<]*)<\/NOIDUNGFILE>/.exec(new TextDecoder().decode(envelope))![1];
const bare = new Uint8Array(Buffer.from(xml1, 'base64'));

function decodeAll() {
  return [decodePackage(envelope), decodePackage(checkin), decodePackage(bare, { allowBareTable: true })];
}

const interpreted = decodeAll();
prepare(decodePackage);
decodeAll();
optimizeNext(decodePackage);
const optimisedEnvelope = decodePackage(envelope);
// read before another kind of package can deoptimise it
const ranInTurbofan = turbofan(decodePackage);
const optimised = [optimisedEnvelope, ...decodeAll().slice(1)];

const differ: string[] = [];
const all = [...interpreted, ...optimised];
const label = (i: number) => `${['envelope', 'check-in', 'bare table'][i % 3]} (${i < 3 ? 'interpreted' : 'optimised'})`;
const compare = (what: string, pick: (p: (typeof all)[number]) => object | undefined) => {
  const first = pick(all[0])!;
  all.forEach((p, i) => {
    const o = pick(p);
    if (o !== undefined && !sameMap(first, o)) differ.push(`${what} of ${label(i)}`);
  });
};
compare('package', (p) => p);
compare('hoso array', (p) => p.hoso);
compare('HoSo', (p) => p.hoso[0]);
compare('files array', (p) => p.hoso[0].files);
compare('TableFile', (p) => p.hoso[0].files[0]);
compare('rows array', (p) => p.hoso[0].files[0].rows);
compare('Row', (p) => p.hoso[0].files[0].rows[0]);
// rows without an STT / MA_LK element (the check-in's and a table's rows differ in which they carry)
compare('Row (any)', (p) => p.hoso.at(-1)!.files.at(-1)!.rows.at(-1));
console.log(JSON.stringify({ turbofan: ranInTurbofan, differ, hosoCount: optimised[0].hoso.length }));
