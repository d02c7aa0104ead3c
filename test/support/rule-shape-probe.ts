/**
 * Run by test/engine/rule-shapes.test.ts in a child `node --allow-natives-syntax --import tsx`: prints which of
 * the arrays and objects the hand-written rules loop over do not share V8's hidden class (map) with their
 * usual counterpart, whichever tier built them.
 */
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { splitCards } from '../../conformance/pilot/identity.ts';
import { NO_ROWS, rowsOf } from '../../conformance/pilot/rule-helpers.ts';
import { machineItems } from '../../conformance/rules/cross/claim-helpers.ts';
import { envelopeXml, outpatientRecord } from '../../conformance/rules/fixtures-kit.ts';
import { prepare, optimizeNext, sameMap, turbofan } from './v8-natives.ts';


const pkg = decodePackage(new TextEncoder().encode(envelopeXml([outpatientRecord()])));
const h = pkg.hoso[0];
const rows = rowsOf(h, 'XML2');
const differ: string[] = [];
const check = (what: string, a: object, b: object) => {
  if (!sameMap(a, b)) differ.push(what);
};
check('rowsOf of a missing table', rowsOf(h, 'XML12'), rows);
check('NO_ROWS', NO_ROWS, rows);

// a literal array the strings were pushed onto: what splitCards returns in the interpreter
const pushed: string[] = [];
pushed.push('a');
const interpretedCards = splitCards('DN4010123456789;HT3010123456789');
prepare(splitCards);
// a few calls first: the literal's allocation site learns its elements kind on the first push
for (let i = 0; i < 3; i++) splitCards('A;B');
optimizeNext(splitCards);
const optimisedCards = splitCards('DN4010123456789;HT3010123456789');
const ranInTurbofan = turbofan(splitCards);
check('splitCards (interpreted)', interpretedCards, pushed);
check('splitCards (optimised)', optimisedCards, pushed);

const [full, serial] = machineItems('SH.2.01001.AU680-1;AU680-2');
check('machine item of a bare serial', serial, full);
check('machine items', machineItems('MAY XN 01') as object, machineItems('XN.1.01001.001') as object);
console.log(JSON.stringify({ turbofan: ranInTurbofan, differ, rows: rows.length }));
