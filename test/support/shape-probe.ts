/**
 * Run by test/engine/shapes.test.ts in a child `node --allow-natives-syntax --import tsx`: decodes a check-in, a
 * two-HOSO envelope and a bare table, first with decodePackage in the interpreter, then with decodePackage forced
 * through TurboFan, and prints which of the objects every rule reads do not share V8's hidden class (map).
 * Natives calls go through Function() because TypeScript does not parse `%Name(...)`.
 */
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { checkinRow, checkinXml, envelopeXml, inpatientRecord, outpatientRecord } from '../../conformance/rules/fixtures-kit.ts';

const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const prepare = new Function('f', '%PrepareFunctionForOptimization(f)') as (f: unknown) => void;
const optimizeNext = new Function('f', '%OptimizeFunctionOnNextCall(f)') as (f: unknown) => void;
const optimizationStatus = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;

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
// bit 4 (16) of %GetOptimizationStatus: the function runs TurboFan code (read before another kind can deoptimise it)
const turbofan = (optimizationStatus(decodePackage) & 16) !== 0;
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
console.log(JSON.stringify({ turbofan, differ, hosoCount: optimised[0].hoso.length }));
