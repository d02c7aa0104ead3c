/**
 * The trainers' playground: check a generated scenario or a pasted / uploaded file, optionally with one
 * named mistake injected (the mutation operators of generators/mutants.ts), and compare with the correct
 * version. Checks run through the portal's Checker (worker pool when served) with the same options as a
 * portal submission; nothing is stored: the store is only read for the registered certificates.
 */
import { decodePackage } from '../../conformance/envelope/decode.ts';
import type { ParsedPackage } from '../../conformance/model.ts';
import type { Finding, LayoutId, Result } from '../../conformance/result.ts';
import { fieldRuleIds, ruleModules } from '../../conformance/rules/registry.ts';
import { ENVELOPE_META } from '../../conformance/envelope/rules.ts';
import { buildEncounter, type Encounter } from '../../generators/encounters.ts';
import { hasOperator, isMutant, mutate } from '../../generators/mutants.ts';
import { buildPackage } from '../../generators/package.ts';
import { packageSeed, Rng } from '../../generators/random.ts';
import { scenarioById, SCENARIOS } from '../../generators/scenarios.ts';
import { jobFor, type Checker } from '../checker.ts';
import type { CatalogueJobData } from '../catalogue-job.ts';
import { demoCatalogueData } from '../../generators/catalogues.ts';
import type { SimConfig } from '../config.ts';
import { gateSubmission, type GateOutcome, type SubmitEndpoint } from '../envelope-gate.ts';
import type { PortalStore } from '../store.ts';

/** Uploaded or pasted files above this are refused before anything is decoded. */
export const PLAYGROUND_MAX_BYTES = 5 * 1024 * 1024;

export const PLAYGROUND_ENDPOINTS: SubmitEndpoint[] = ['guiHoSoXmlQD3176', 'guiHoSoXmlQD4750', 'checkInKcbQd3176', 'checkInKcbQd4750'];

export type PlaygroundInput =
  | { source: 'scenario'; scenarioId: string; seed: string; layout: LayoutId; facility: string; ruleId?: string }
  | { source: 'file'; bytes: Uint8Array; endpoint: SubmitEndpoint; facility: string; ruleId?: string };

export interface PlaygroundSide {
  bytes: Uint8Array;
  endpoint: string;
  result?: Result;
  /** the checker failed (message) */
  error?: string;
  pkg?: ParsedPackage;
}

export interface PlaygroundOutcome {
  correct?: PlaygroundSide;
  mutated?: PlaygroundSide;
  ruleId?: string;
  /** what the operator changed (English, from the generator) */
  description?: string;
  /** the targeted rule's failures on the mutant */
  caught: Finding[];
  /** failures on the mutant that the correct version does not have (other rules that noticed) */
  alsoCaught: Finding[];
  notApplicable?: string;
  /** the file was refused by the portal's envelope gate (as a submission would be) */
  gate?: GateOutcome;
  /** a mistake was asked for on a file: operators work on generated scenarios only */
  mutationIgnored?: boolean;
}

export interface PlaygroundDeps {
  store: PortalStore;
  config: SimConfig;
  checker: Checker;
}

/** Rule ids that have a mutation operator for the layout, grouped by their first segment (XML1, CROSS, SIG …). */
const choicesByLayout = new Map<LayoutId, Map<string, string[]>>();

export function mutationChoices(layout: LayoutId): Map<string, string[]> {
  // the rule set and the operators are fixed for the life of the process: compute once per layout
  const hit = choicesByLayout.get(layout);
  if (hit) return hit;
  const ids = [...new Set([...ruleModules().map((m) => m.rule.meta.id), ...ENVELOPE_META.keys(), ...fieldRuleIds(layout)])].filter((id) => id !== 'ENGINE.INTERNAL' && hasOperator(id, layout));
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const head = id.split('.')[0];
    if (!groups.has(head)) groups.set(head, []);
    groups.get(head)!.push(id);
  }
  const rank = (g: string) => (/^XML\d+$/.test(g) ? Number(g.slice(3)) : g === 'ENVELOPE' ? -1 : 100);
  const sorted = new Map([...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
  choicesByLayout.set(layout, sorted);
  return sorted;
}

export function scenarioChoices() {
  return SCENARIOS.map((s) => ({ id: s.id, description_vi: s.description_vi }));
}

const isProblem = (f: Finding) => f.outcome === 'fail' || f.outcome === 'error';
const keyOf = (f: Finding) => `${f.ruleId}|${f.location.table ?? ''}|${f.location.row ?? ''}|${f.location.field ?? ''}`;

async function checkSide(deps: PlaygroundDeps, bytes: Uint8Array, endpoint: string, facility: string, receivedAt: string, extra: { endpoint?: string; limits?: { maxBytes?: number }; demoCatalogues?: CatalogueJobData } = {}): Promise<PlaygroundSide> {
  const job = await jobFor(deps.store, deps.config, { fileBytes: bytes, endpoint: extra.endpoint ?? endpoint, maCSKCB: facility, receivedAt });
  if (extra.demoCatalogues && !job.catalogues) job.catalogues = extra.demoCatalogues;
  if (extra.limits) job.options.limits = { ...job.options.limits, ...extra.limits };
  const outcome = await deps.checker.check(job);
  let pkg: ParsedPackage | undefined;
  try {
    pkg = decodePackage(bytes, { endpoint: extra.endpoint ?? endpoint });
  } catch {
    pkg = undefined;
  }
  return outcome.ok ? { bytes, endpoint, result: outcome.result, pkg } : { bytes, endpoint, error: outcome.error, pkg };
}

export async function runPlayground(deps: PlaygroundDeps, input: PlaygroundInput, now: number): Promise<PlaygroundOutcome> {
  const out: PlaygroundOutcome = { caught: [], alsoCaught: [] };
  if (input.source === 'file') {
    // The same gate as a submission from the chosen facility's account (size, base64-free bytes, UTF-8, XML, root, MACSKCB).
    const gate = gateSubmission({ endpoint: input.endpoint, base64: Buffer.from(input.bytes).toString('base64'), fromForm: false, accountFacility: input.facility, maxFileBytes: Math.min(deps.config.maxFileBytes, PLAYGROUND_MAX_BYTES), maxDepth: deps.config.maxDepth, formSpaceToPlus: false });
    out.mutationIgnored = !!input.ruleId;
    if (gate.maKetQua !== '200' || !gate.fileBytes) {
      out.gate = gate;
      return out;
    }
    out.correct = await checkSide(deps, gate.fileBytes, input.endpoint, input.facility, new Date(now).toISOString());
    return out;
  }
  const spec = scenarioById(input.scenarioId);
  if (!spec) throw new Error(`unknown scenario ${input.scenarioId}`);
  const encounter: Encounter = buildEncounter(spec, new Rng(packageSeed(spec.id, input.seed, 0)), { layout: input.layout, facility: input.facility });
  const pkg = buildPackage(encounter);
  const recordEndpoint = `guiHoSoXmlQD${input.layout}`;
  // a generated scenario is judged with the facility's demo catalogues (what it was generated from) when the
  // facility has stored none, so the CATALOGUE.* mistakes can be shown too
  const demoCatalogues: CatalogueJobData = { key: `demo|${input.facility}`, json: JSON.stringify(demoCatalogueData(input.facility)) };
  out.correct = await checkSide(deps, pkg.envelope, recordEndpoint, input.facility, encounter.receivedAt, { demoCatalogues });
  if (!input.ruleId) return out;
  out.ruleId = input.ruleId;
  const m = mutate(encounter, input.ruleId);
  if (!isMutant(m)) {
    out.notApplicable = m.notApplicable;
    return out;
  }
  out.description = m.description;
  const endpoint = m.kind === 'CHECKIN' ? `checkInKcbQd${input.layout}` : recordEndpoint;
  if (m.kind === 'CHECKIN') out.correct = await checkSide(deps, pkg.checkin, endpoint, input.facility, encounter.receivedAt, { demoCatalogues });
  out.mutated = await checkSide(deps, m.bytes, endpoint, input.facility, m.receivedAt ?? encounter.receivedAt, { endpoint: m.checkOptions?.endpoint, limits: m.checkOptions?.limits, demoCatalogues });
  const before = new Set((out.correct.result?.findings ?? []).filter(isProblem).map(keyOf));
  const problems = (out.mutated.result?.findings ?? []).filter(isProblem);
  out.caught = problems.filter((f) => f.ruleId === input.ruleId);
  out.alsoCaught = problems.filter((f) => f.ruleId !== input.ruleId && !before.has(keyOf(f)));
  return out;
}
