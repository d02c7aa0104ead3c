/**
 * Run by test/engine/field-shapes.test.ts in a child `node --allow-natives-syntax --import tsx`. Prints which of
 * the objects the field engine reads for every value do not share V8's hidden class (map) within their kind:
 * the compiled layouts, tables, fields and their rule objects of every layout variant, and the code-list
 * choices. Then it warms runFieldRules on valid packages, optimises it, runs packages full of problems (the
 * report paths it had never taken) and prints whether it is still optimised.
 */
import { getLayout } from '../../conformance/catalogue/catalogue.ts';
import { listInForce, listsForField } from '../../conformance/codelists/index.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { LayoutId } from '../../conformance/result.ts';
import { compileLayout, runFieldRules } from '../../conformance/rules/field/engine.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { isMutant, mutate } from '../../generators/mutants.ts';
import { buildPackage } from '../../generators/package.ts';
import { packageSeed, Rng } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';
import { prepare, optimizeNext, sameMap, turbofan } from './v8-natives.ts';


const kinds = new Map<string, { first: object; where: string; differ: string[] }>();
function see(kind: string, o: object | undefined, where: string): void {
  if (o === undefined || o === null) return;
  const k = kinds.get(kind);
  if (!k) kinds.set(kind, { first: o, where, differ: [] });
  else if (!sameMap(k.first, o) && k.differ.length < 3) k.differ.push(`${kind}: ${where} differs from ${k.where}`);
}

const codeListKeys = new Set<string>();
for (const id of ['4750', '3176'] as LayoutId[]) {
  for (const overlay1931 of [false, true]) {
    const compiled = compileLayout(getLayout(id, overlay1931));
    const at = `${id}${overlay1931 ? '+1931' : ''}`;
    see('compiled layout', compiled, at);
    see('rule definitions', compiled.defs, at);
    for (const def of compiled.defs) {
      see('rule definition', def, def.id);
      see('rule meta', def.meta, def.id);
    }
    for (const [table, ct] of compiled.tables) {
      see('compiled table', ct, `${at} ${table}`);
      see('compiled fields', ct.fields, `${at} ${table}`);
      for (const cf of ct.fields) {
        const where = `${at} ${cf.key}`;
        see('compiled field', cf, where);
        see('REQUIRED check', cf.required, where);
        see('TYPE check', cf.type, where);
        see('LENGTH check', cf.length, where);
        see('FORMAT check', cf.format, where);
        see('CODELIST check', cf.codelist, where);
        if (cf.codelist && cf.codelist.kind !== 'makhoa') codeListKeys.add(cf.key);
      }
    }
  }
}
// half the fields are first looked up by optimised code (an optimised map() once built HOLEY arrays there)
const keys = [...codeListKeys];
const half = keys.length >> 1;
prepare(listsForField);
prepare(listInForce);
for (const key of keys.slice(0, half)) listInForce(key, '20261201'), listsForField(key);
optimizeNext(listsForField);
optimizeNext(listInForce);
for (const key of keys.slice(half)) listInForce(key, '20261201'), listsForField(key);
for (const key of keys) {
  const lists = listsForField(key);
  see('lists of a field', lists, key);
  for (const l of lists) see('list of a field', l, key);
  for (const date of [undefined, '20200101', '20250630', '20250701', '20261201', '20991231']) {
    const choice = listInForce(key, date);
    see('list choice', choice, `${key} ${date}`);
    see('code list', choice?.list, `${key} ${date}`);
  }
}
const differ = [...kinds.values()].flatMap((k) => k.differ);

// valid packages first (passes only), then field-rule mutants: problems of every kind
const valid: Uint8Array[] = [];
const problems: Uint8Array[] = [];
for (const layout of ['4750', '3176'] as LayoutId[]) {
  for (const [n, s] of SCENARIOS.entries()) {
    const e = buildEncounter(s, new Rng(packageSeed(s.id, 'field-shapes', 0)), { layout });
    const pkg = buildPackage(e, { unsigned: true });
    valid.push(pkg.envelope, pkg.checkin);
    const ids = compileLayout(decodePackage(pkg.envelope).layout).defs.map((d) => d.id);
    for (let i = 0, taken = 0; i < ids.length && taken < 6; i++) {
      const m = mutate(e, ids[(i * 41 + n * 13) % ids.length], { unsigned: true });
      if (isMutant(m)) taken++, problems.push(m.bytes);
    }
  }
}
const decoded = (list: Uint8Array[]) => list.flatMap((b) => {
  try {
    return [decodePackage(b)];
  } catch {
    return [];
  }
});
const validPkgs = decoded(valid);
const problemPkgs = decoded(problems);
const run = (pkgs: typeof validPkgs) => pkgs.map((p) => runFieldRules(p, { options: { receivedAt: '2026-12-01T10:00:00+07:00' }, all: false }));
prepare(runFieldRules);
const interpreted = run(validPkgs);
optimizeNext(runFieldRules);
const optimised = run(validPkgs);
const optimisedBefore = turbofan(runFieldRules);
const withProblems = run(problemPkgs);
const listed = withProblems.reduce((n, r) => n + r.findings.length, 0);
const optimisedAfter = turbofan(runFieldRules);
for (const r of [...interpreted, ...optimised, ...withProblems]) if (!sameMap(interpreted[0], r)) differ.push('field run result: optimised or with problems differs');

console.log(JSON.stringify({ differ: [...new Set(differ)], kinds: kinds.size, optimisedBefore, optimisedAfter, listed }));
