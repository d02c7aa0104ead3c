/**
 * Rules and helpers rewritten for a cheaper cold start (see docs/engine.md, batch speed) must give the same
 * Result as before: each rewritten rule is run next to its earlier check (test/support/legacy-rules.ts) on its
 * fixtures, generated scenarios and mutants, and packages with random values in the fields it reads, in both
 * findings modes and both profiles. Helpers are compared with their earlier versions on random text, and the
 * rule runner's per-rule counting (cells of a Tally) with adding every verdict to a SummaryBuilder.
 */
import { describe, expect, it } from 'vitest';
import { runListed, Tally, type Counter } from '../../conformance/check.ts';
import { checkPackage } from '../../conformance/check.ts';
import { localMinutes } from '../../conformance/calendar.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { CheckOptions, ParsedPackage } from '../../conformance/model.ts';
import { splitCards } from '../../conformance/pilot/identity.ts';
import { NO_ROWS } from '../../conformance/pilot/rule-helpers.ts';
import { SummaryBuilder, type Finding, type LayoutId } from '../../conformance/result.ts';
import type { Rule } from '../../conformance/rules/contract.ts';
import { bedDaysTotal, bedLines, benefitDigit, items, machineItems } from '../../conformance/rules/cross/claim-helpers.ts';
import { toPlain } from '../../conformance/decimal.ts';
import { checkinRow, checkinXml, envelopeXml, inpatientRecord, outpatientRecord } from '../../conformance/rules/fixtures-kit.ts';
import { Listing } from '../../conformance/rules/field/listing.ts';
import { ruleGroups } from '../../conformance/rules/registry.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { isMutant, mutate } from '../../generators/mutants.ts';
import { buildPackage } from '../../generators/package.ts';
import { packageSeed, Rng } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';
import * as legacy from '../support/legacy-rules.ts';

const modules = ruleGroups()
  .filter((g) => g.group !== 'signature')
  .flatMap((g) => g.modules);
const rules: Rule[] = modules.map((m) => m.rule);
const rewritten = rules.filter((r) => legacy.LEGACY_CHECKS[r.meta.id]);

function run(pkg: ParsedPackage, options: CheckOptions, all: boolean, ruleList: Rule[], counter: () => Counter): string {
  const c = counter();
  const findings: Finding[] = [];
  const listing = new Listing(3, 40);
  for (const rule of ruleList) runListed(rule, pkg, options, all, c, findings, listing);
  const sb = c instanceof SummaryBuilder ? c : new SummaryBuilder();
  if (c instanceof Tally) c.flushInto(sb);
  return JSON.stringify([sb.take(), findings, listing.markers()]);
}

interface Input {
  name: string;
  bytes: Uint8Array;
  options: CheckOptions;
}

const encoder = new TextEncoder();
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];

const CARDS = ['DN4010123456789', 'HT3010123456789', 'TE1010123456789', 'CC5010123456789', 'HN2010123456789', 'X', 'dn4010123456789', 'DN401012345678', 'DN6010123456789', ' GD4010123456789 ', '', 'XX'];
const MACHINES = ['SH.2.01001.AU680-1', 'SH.2.01001.AU680-1;AU680-2', 'XN.1.79024.001', 'MAY XN 01', '', ' ; ', 'ĐT.1.01001.ECG1;bad item', 'SH.2.01001.A;XN.1.79024.B', 'AU680-1', 'XN.1.01001.001; XN.1.01001.002 ;'];
const TYPES = ['01', '02', '03', '04', '05', '06', '07', '09', '', ' 03 '];
const DAYS = ['0', '1', '2', '3', '4', '10', 'x', '', ' 2 ', '-1'];
const DATES = ['202510060800', '202510091030', '20251006', '20251009', '202510061', '202502300800', '', '202510062460'];

function cardList(rng: Rng): string {
  const n = 1 + Math.floor(rng.next() * 3);
  const cards = Array.from({ length: n }, () => pick(rng, CARDS));
  return cards.join(';') + (rng.next() < 0.1 ? ';' : '');
}
const listOf = (rng: Rng, value: string) => Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => value).join(';');

/** A record with random values in the fields the rewritten rules read. */
function randomRecord(rng: Rng, i: number) {
  const rec = i % 2 ? inpatientRecord(`LK-RW-${i}`) : outpatientRecord(`LK-RW-${i}`);
  const x1 = rec.XML1[0];
  if (rng.next() < 0.7) {
    x1.MA_THE_BHYT = cardList(rng);
    for (const f of ['MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN']) if (rng.next() < 0.5) x1[f] = listOf(rng, x1[f] ?? '01001');
  }
  if (rng.next() < 0.7) x1.MA_LOAI_KCB = pick(rng, TYPES);
  if (rng.next() < 0.7) x1.SO_NGAY_DTRI = pick(rng, DAYS);
  if (rng.next() < 0.4) x1.NGAY_VAO = pick(rng, DATES);
  if (rng.next() < 0.4) x1.NGAY_RA = pick(rng, DATES);
  if (rng.next() < 0.3) x1.MA_DOITUONG_KCB = pick(rng, ['1.1', '2', '3.3', '1.7']);
  if (rng.next() < 0.2) x1.MA_CSKCB = pick(rng, ['01001', '79024', '']);
  if (rng.next() < 0.3) x1.T_BNCCT = pick(rng, ['0', '0.00', '1500', '']);
  for (const t of ['XML2', 'XML3']) {
    for (const r of rec[t] ?? []) {
      if (t === 'XML3' && rng.next() < 0.6) r.MA_MAY = pick(rng, MACHINES);
      if (rng.next() < 0.3) r.MUC_HUONG = pick(rng, ['80', '95', '100', '32', '']);
      if (rng.next() < 0.15) r.STT = pick(rng, ['1', '2', '3', ' 1 ', '', '9']);
      if (t === 'XML3' && rng.next() < 0.3) r.MA_NHOM = pick(rng, ['13', ' 13 ', '14', '15', '16', '1', '10']);
      if (rng.next() < 0.2) r.SO_LUONG = pick(rng, ['1', '2', '0.5', '', 'x']);
      if (t === 'XML3' && rng.next() < 0.15) r.TYLE_TT_DV = pick(rng, ['100', '50', '', '30']);
    }
  }
  // XML15 (STT optional there): numbered, unnumbered, or numbered wrongly
  const x15 = rng.next();
  if (x15 < 0.5) {
    const stt = x15 < 0.2 ? ['', ''] : x15 < 0.35 ? ['1', '2'] : ['', '2'];
    rec.XML15 = stt.map((s) => ({ MA_LK: x1.MA_LK, ...(s ? { STT: s } : {}) }));
  }
  return rec;
}

function inputs(): Input[] {
  const out: Input[] = [];
  for (const m of modules) {
    if (!legacy.LEGACY_CHECKS[m.rule.meta.id]) continue;
    for (const fx of [...m.fixtures.valid, ...m.fixtures.invalid]) out.push({ name: `${m.rule.meta.id} fixture ${fx.name}`, bytes: encoder.encode(fx.xml), options: fx.options ?? {} });
  }
  const ids = rewritten.map((r) => r.meta.id);
  for (const layout of ['4750', '3176'] as LayoutId[]) {
    for (const s of SCENARIOS) {
      const e = buildEncounter(s, new Rng(packageSeed(s.id, 'rewrites', 0)), { layout });
      out.push({ name: `${s.id} ${layout}`, bytes: buildPackage(e, { unsigned: true }).envelope, options: { receivedAt: e.receivedAt } });
      for (const id of ids) {
        const m = mutate(e, id, { unsigned: true });
        if (isMutant(m)) out.push({ name: `${s.id} ${layout} mutant ${id}`, bytes: m.bytes, options: { receivedAt: m.receivedAt ?? e.receivedAt, ...m.checkOptions } });
      }
    }
  }
  const rng = new Rng(20261203);
  for (let i = 0; i < 120; i++) {
    const records = [randomRecord(rng, 2 * i), ...(rng.next() < 0.3 ? [randomRecord(rng, 2 * i + 1)] : [])];
    out.push({ name: `random envelope ${i}`, bytes: encoder.encode(envelopeXml(records)), options: {} });
  }
  for (let i = 0; i < 60; i++) {
    const rows = Array.from({ length: 1 + Math.floor(rng.next() * 3) }, (_, k) =>
      checkinRow({ STT: rng.next() < 0.8 ? String(k + 1) : pick(rng, ['', '5', ' 1 ']), MA_THE_BHYT: cardList(rng), ...(rng.next() < 0.5 ? { MA_DKBD: listOf(rng, '01001') } : {}) }),
    );
    out.push({ name: `random check-in ${i}`, bytes: encoder.encode(checkinXml(rows)), options: {} });
  }
  return out;
}

function decoded(input: Input): ParsedPackage | undefined {
  try {
    return decodePackage(input.bytes, { endpoint: input.options.endpoint, layout: input.options.layout, maxBytes: input.options.limits?.maxBytes });
  } catch {
    return undefined; // an envelope the decoder refuses runs no rule
  }
}

describe('rules rewritten for a cheaper cold start', () => {
  const all = inputs();

  it('give the Results of their earlier versions (fixtures, scenarios, mutants, random values; both modes and profiles)', () => {
    let compared = 0;
    for (const input of all) {
      const pkg = decoded(input);
      if (!pkg) continue;
      for (const rule of rewritten) {
        const before: Rule = { meta: rule.meta, check: legacy.LEGACY_CHECKS[rule.meta.id] };
        for (const profile of ['default', 'strict'] as const) {
          const options = { ...input.options, profile };
          for (const mode of [false, true]) {
            const now = run(pkg, options, mode, [rule], () => new Tally());
            const earlier = run(pkg, options, mode, [before], () => new Tally());
            expect(now, `${rule.meta.id} on ${input.name} (${profile}, ${mode ? 'all' : 'problems'})`).toBe(earlier);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(4000);
    // rowsOf's shared empty answer is a plain (unfrozen) array, to keep one hidden class: no rule wrote to it
    expect(NO_ROWS.length).toBe(0);
  });

  it('count through the runner and a Tally exactly as adding every verdict to a SummaryBuilder (counts and key order)', () => {
    let compared = 0;
    for (const input of all.filter((_, i) => i % 3 === 0)) {
      const pkg = decoded(input);
      if (!pkg) continue;
      for (const mode of [false, true]) {
        const tallied = run(pkg, input.options, mode, rules, () => new Tally());
        const added = run(pkg, input.options, mode, rules, () => new SummaryBuilder());
        expect(tallied, `${input.name} (${mode ? 'all' : 'problems'})`).toBe(added);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(NO_ROWS.length).toBe(0);
  });
});

describe('helpers rewritten without map()', () => {
  const rng = new Rng(77);
  const pieces = ['DN4010123456789', ' ', ';', '', 'SH.2.01001.AU680-1', 'AU680-2', 'XN.1.79024.001', 'MAY XN', 'Đ', 'ĐT.1.01001.ECG1', '.', '12'];
  const text = () => Array.from({ length: Math.floor(rng.next() * 6) }, () => pick(rng, pieces)).join(pick(rng, ['', ';', ' ; ']));

  it('splitCards and machineItems answer as before (machineItems also when asked again)', () => {
    for (let i = 0; i < 3000; i++) {
      const s = text();
      expect(splitCards(s), s).toEqual(legacy.splitCards(s));
      const earlier = legacy.machineItems(s).map((x) => ({ text: x.text, facility: x.facility, shaped: x.shaped }));
      expect(machineItems(s), s).toEqual(earlier);
      expect(machineItems(s), s).toEqual(earlier);
    }
  });

  it('items, benefitDigit, bedLines and bedDaysTotal answer as before', () => {
    let lines = 0;
    for (const input of inputs()) {
      const pkg = decoded(input);
      if (!pkg) continue;
      for (const h of pkg.hoso) {
        for (const f of h.files) {
          for (const row of f.rows) {
            for (const name of ['MA_THE_BHYT', 'MA_DKBD', 'MA_BENH_KT', 'NGAY_TAI_KHAM', 'MA_MAY']) expect(items(row, name)).toEqual(legacy.items(row, name));
            expect(benefitDigit(row)).toBe(legacy.benefitDigit(row));
          }
        }
        const beds = bedLines(h);
        expect(beds).toEqual(legacy.bedLines(h));
        expect(toPlain(bedDaysTotal(beds))).toBe(toPlain(legacy.bedDaysTotal(beds)));
        lines += beds.length;
      }
    }
    expect(lines).toBeGreaterThan(50);
    for (let i = 0; i < 2000; i++) {
      const s = text();
      const row = { values: new Map([['X', { present: true, empty: s === '', value: s }]]) } as unknown as Parameters<typeof items>[0];
      expect(items(row, 'X'), s).toEqual(legacy.items(row, 'X'));
    }
  });

  it('localMinutes answers as before', () => {
    const digits = () => Array.from({ length: Math.floor(rng.next() * 14) }, () => pick(rng, ['0', '1', '2', '3', '5', '9', 'a', ' '])).join('');
    const samples = [...DATES, '20240229', '20230229', '202512312359', '202512312360', '000000000000', '20251006080', '2025100608000'];
    for (let i = 0; i < 4000; i++) samples.push(digits(), `2025${pick(rng, ['01', '02', '12', '13', '00'])}${pick(rng, ['01', '28', '29', '31', '32'])}${pick(rng, ['', '0000', '2359', '2400', '1260', '07'])}`);
    for (const s of samples) expect(localMinutes(s), s).toBe(legacy.localMinutes(s));
  });
});

describe('timeliness rules measured to NGAYLAP (no receipt time given)', () => {
  it('say on every measured verdict that the delay runs to NGAYLAP; a not-applicable keeps its own reason', () => {
    const late = outpatientRecord('LK-NGAYLAP-1');
    const noEnd = outpatientRecord('LK-NGAYLAP-2');
    delete noEnd.XML1[0].NGAY_RA;
    const r = checkPackage(encoder.encode(envelopeXml([late, noEnd], { NGAYLAP: '20251031' })), { findings: 'all' });
    const timely = r.findings.filter((f) => f.ruleId.startsWith('PILOT.TIMELINESS.'));
    expect(new Set(timely.map((f) => f.ruleId)).size).toBe(3);
    for (const f of timely) {
      if (f.location.MA_LK === 'LK-NGAYLAP-2') expect([f.outcome, f.reason]).toEqual(['not-applicable', 'NGAY_RA missing or not a date']);
      else expect([f.ruleId, f.reason]).toEqual([f.ruleId, 'no receipt time given (--received-at, manifest or portal): measured to the envelope NGAYLAP (2025-10-31T23:59:00+07:00)']);
    }
    // a receipt time given: no such reason
    const given = checkPackage(encoder.encode(envelopeXml([late], { NGAYLAP: '20251031' })), { findings: 'all', receivedAt: '2025-10-31T10:00:00+07:00' });
    const measured = given.findings.filter((f) => f.ruleId.startsWith('PILOT.TIMELINESS.'));
    expect(measured.length).toBe(3);
    for (const f of measured) expect(f.reason).toBeUndefined();
  });
});
