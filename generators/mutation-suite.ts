/**
 * Runs every mutation operator on every applicable scenario and checks that the targeted rule catches the
 * mutant (attribution). Catalogue-driven mutations of one table and kind share a package (each rule must
 * still report its own field); hand-written and condition set-up mutations are checked one by one.
 */
import { getLayout } from '../conformance/catalogue/catalogue.ts';
import { checkPackage } from '../conformance/check.ts';
import type { Result, LayoutId } from '../conformance/result.ts';
import { fieldRuleIds, ruleModules } from '../conformance/rules/registry.ts';
import { buildEncounter, type Encounter } from './encounters.ts';
import { ENVELOPE_META } from '../conformance/envelope/rules.ts';
import { isMutant, mutate, mutateBatch, operatorFor, type Mutant } from './mutants.ts';
import { buildPackage } from './package.ts';
import { loadTestPki } from './pki/test-pki.ts';
import { Rng, packageSeed } from './random.ts';
import { PORTAL_ONLY_SCENARIOS, SCENARIOS } from './scenarios.ts';

export interface TableScore {
  mutants: number;
  caught: number;
  score: number;
}

export interface MutationReport {
  layouts: LayoutId[];
  checks: number;
  /** by table id (XML0…XML15) for field rules, by group (CROSS, SIG, PILOT) for hand-written rules */
  byTable: Record<string, TableScore>;
  survivors: { ruleId: string; layout: LayoutId; scenario: string; mutation: string; seen: string[] }[];
  /** rule ids (both layouts) with no mutation operator */
  noOperator: string[];
  /** rule ids with an operator that applied to no scenario */
  noScenario: string[];
  /** mutants not counted: the unmutated package already fails the targeted rule (not attributable) */
  baselineFailing: { ruleId: string; layout: LayoutId; scenario: string }[];
}

export function testRegistry() {
  const pki = loadTestPki();
  return { certificatesFor: (f: string) => (pki.facilities[f] ? [pki.facilities[f].certPem] : []), trustAnchors: [pki.caCertPem] };
}

function groupOf(ruleId: string): string {
  const head = ruleId.split('.')[0];
  return head;
}

/** A message the run rendered (fail, warning or skip verdicts of any rule), for the message-wording test. */
export interface RenderedMessage {
  ruleId: string;
  outcome: string;
  message_vi: string;
  message_en: string;
}

export function runMutationSuite(opts: { layouts?: LayoutId[]; seed?: string; onMessage?: (m: RenderedMessage) => void } = {}): MutationReport {
  const layouts = opts.layouts ?? ['3176', '4750'];
  const seed = opts.seed ?? 'mutation';
  const registry = testRegistry();
  // hand-written rules of the registry plus the envelope checks (ENGINE.INTERNAL reports a crash, not a rule)
  const hand = [...ruleModules().map((m) => m.rule.meta.id), ...[...ENVELOPE_META.keys()].filter((id) => id !== 'ENGINE.INTERNAL')];
  const report: MutationReport = { layouts, checks: 0, byTable: {}, survivors: [], noOperator: [], noScenario: [], baselineFailing: [] };
  const applied = new Set<string>();
  const allIds = new Set<string>();

  for (const layout of layouts) {
    // catalogue-driven rules, plus the list-wrapper check of every list table (reported by the decoder)
    const listTables = [...getLayout(layout).tables.values()].filter((t) => t.listElement).map((t) => `${t.table}.STRUCTURE.LIST_MISSING`);
    const fieldIds = [...fieldRuleIds(layout), ...listTables];
    for (const id of [...fieldIds, ...hand]) {
      allIds.add(id);
      if (!operatorFor(id, layout) && !report.noOperator.includes(id)) report.noOperator.push(id);
    }
    const groups = new Map<string, string[]>();
    for (const id of fieldIds) {
      const [t, , k] = id.split('.');
      const key = `${t}.${k}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(id);
    }
    const dated = new Map<string, Encounter>();
    const encounterAt = (scenarioId: string, date?: string): Encounter => {
      const key = `${scenarioId}@${date ?? ''}`;
      let e = dated.get(key);
      if (!e) {
        const spec = [...SCENARIOS, ...PORTAL_ONLY_SCENARIOS].find((s) => s.id === scenarioId)!;
        e = buildEncounter(spec, new Rng(packageSeed(scenarioId, seed, 0)), { layout, referenceDate: date });
        dated.set(key, e);
      }
      return e;
    };
    const seen = (r: Result): Result => {
      if (opts.onMessage) for (const f of r.findings) if (f.outcome !== 'pass' && f.outcome !== 'not-applicable') opts.onMessage({ ruleId: f.ruleId, outcome: f.outcome, message_vi: f.message_vi, message_en: f.message_en });
      return r;
    };
    const check = (m: Mutant, e: Encounter, signed: boolean): Result => {
      report.checks++;
      return seen(checkPackage(m.bytes, { profile: 'strict', findings: 'problems', signatureMode: signed ? 'required' : 'off', registry, receivedAt: m.receivedAt ?? e.receivedAt, layout, kind: m.kind, facility: e.facility.code, ...m.checkOptions }));
    };
    // what the unmutated package already reports (per encounter and signing mode): a mutant is attributable
    // only if its rule is silent on the original
    const baseline = new Map<string, Set<string>>();
    const baseFailing = (e: Encounter, signed: boolean): Set<string> => {
      const key = `${e.seed}|${e.receivedAt}|${signed}`;
      let set = baseline.get(key);
      if (!set) {
        const p = buildPackage(e, { unsigned: !signed });
        set = new Set<string>();
        for (const [kind, bytes] of [['GIAMDINHHS', p.envelope], ['CHECKIN', p.checkin]] as const) {
          report.checks++;
          const r = seen(checkPackage(bytes, { profile: 'strict', findings: 'problems', signatureMode: signed ? 'required' : 'off', registry, receivedAt: e.receivedAt, layout, kind, facility: e.facility.code }));
          for (const f of r.findings) if (f.outcome === 'fail' || f.outcome === 'warning') set.add(f.ruleId);
        }
        baseline.set(key, set);
      }
      return set;
    };
    const record = (ruleId: string, e: Encounter, r: Result, mutation: string) => {
      applied.add(ruleId);
      if (baseFailing(e, ruleId.startsWith('SIG.')).has(ruleId)) {
        report.baselineFailing.push({ ruleId, layout, scenario: e.scenarioId });
        return;
      }
      const g = groupOf(ruleId);
      const s = (report.byTable[g] ??= { mutants: 0, caught: 0, score: 0 });
      s.mutants++;
      // caught by the rule, or by the root-cause finding that explains it on the same value (Finding.explains)
      if (r.findings.some((f) => (f.ruleId === ruleId || f.explains?.includes(ruleId)) && (f.outcome === 'fail' || f.outcome === 'warning'))) s.caught++;
      else report.survivors.push({ ruleId, layout, scenario: e.scenarioId, mutation, seen: [...new Set(r.findings.filter((f) => f.outcome === 'fail' || f.outcome === 'warning').map((f) => f.ruleId))].slice(0, 5) });
    };
    const single = (ruleId: string, e0: Encounter) => {
      const signed = ruleId.startsWith('SIG.');
      let e = e0;
      let m = mutate(e, ruleId, { unsigned: !signed });
      if (!isMutant(m) && m.retryWithReferenceDate) {
        e = encounterAt(e0.scenarioId, m.retryWithReferenceDate);
        m = mutate(e, ruleId, { unsigned: !signed });
      }
      if (isMutant(m)) record(ruleId, e, check(m, e, signed), m.description);
    };
    for (const spec of [...SCENARIOS, ...PORTAL_ONLY_SCENARIOS]) {
      const e = encounterAt(spec.id);
      for (const ids of groups.values()) {
        const b = mutateBatch(e, ids, { unsigned: true });
        if (b.mutant) {
          const r = check(b.mutant, e, false);
          for (const id of b.applied) record(id, e, r, 'batched catalogue mutation');
        }
        for (const id of b.solo) single(id, e);
        for (const [id, n] of Object.entries(b.notApplicable)) if (n.retryWithReferenceDate) single(id, e);
      }
      for (const id of hand) single(id, e);
    }
  }
  for (const s of Object.values(report.byTable)) s.score = s.mutants ? s.caught / s.mutants : 1;
  report.noScenario = [...allIds].filter((id) => !applied.has(id) && !report.noOperator.includes(id)).sort();
  return report;
}

export function formatMutationReport(r: MutationReport): string {
  const lines = [`mutation score by table (layouts ${r.layouts.join(', ')}; ${r.checks} packages checked)`];
  for (const [t, s] of Object.entries(r.byTable).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) lines.push(`  ${t.padEnd(8)} ${String(s.caught).padStart(5)}/${String(s.mutants).padEnd(5)} ${s.score.toFixed(4)}`);
  lines.push(`survivors: ${r.survivors.length}`);
  for (const s of r.survivors) lines.push(`  ${s.ruleId} [${s.layout}] @ ${s.scenario}: ${s.mutation} (reported: ${s.seen.join(', ') || 'nothing'})`);
  lines.push(`not counted (the original already fails the rule): ${r.baselineFailing.length}`);
  for (const b of r.baselineFailing) lines.push(`  ${b.ruleId} [${b.layout}] @ ${b.scenario}`);
  lines.push(`rules without an operator: ${r.noOperator.length ? r.noOperator.join(' ') : 'none'}`);
  lines.push(`rules no scenario could exercise: ${r.noScenario.length}`);
  if (r.noScenario.length) lines.push(`  ${r.noScenario.join(' ')}`);
  return lines.join('\n');
}
