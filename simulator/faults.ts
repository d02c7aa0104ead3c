/**
 * Fault injection for HIS resilience testing (what WireMock's faults give HTTP clients, specific to this
 * portal): per facility, optionally only while one certification run is open. A plan is seeded: the n-th
 * request of the facility to an affected portal route gets the same fault for the same seed, every time, so a
 * vendor can replay a failure and prove their HIS retries, re-logs in and never double-submits.
 *
 * Faults are decided when the caller's account is known (after the token check) and before anything is
 * stored, so a refused or dropped request left nothing behind and retrying it is always right.
 *
 * Plans live in the store's meta table (`faults:<MA_CSKCB>`), so `sskdt-lab faults set` reaches a running
 * portal at its next request; the injected faults are recorded in memory (the last 1,000 per facility,
 * `GET /api/sim/faults/{maCSKCB}`), logged (pino) and counted (`sskdt_faults_injected_total`).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PortalStore } from './store.ts';

export const FAULT_ROUTES = ['token', 'submit', 'card', 'giayto'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

const share = z.number().min(0).max(1);
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time, e.g. 2026-12-03T08:00:00Z');

export const FaultPlanSchema = z
  .object({
    /** seeds every draw: the same seed gives the same faults to the same sequence of requests */
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** only while this certification run (of the same facility) is open */
    runId: z.string().min(1).max(100).optional(),
    /** the portal routes affected (default all four) */
    routes: z.array(z.enum(FAULT_ROUTES)).min(1).optional(),
    /** added latency before the answer */
    latency: z
      .object({
        distribution: z.enum(['fixed', 'uniform', 'exponential']),
        /** fixed */
        ms: z.number().int().min(0).max(120_000).optional(),
        /** uniform */
        minMs: z.number().int().min(0).max(120_000).optional(),
        maxMs: z.number().int().min(0).max(120_000).optional(),
        /** exponential (capped at maxMs, default 30 s) */
        meanMs: z.number().int().min(1).max(120_000).optional(),
        /** share of requests delayed (default 1) */
        share: share.optional(),
      })
      .strict()
      .optional(),
    /** share of requests answered HTTP 500 with the route's maKetQua 500 body */
    error500Share: share.optional(),
    /** share of requests answered HTTP 503 (empty body, Retry-After) like an overloaded gateway */
    error503Share: share.optional(),
    /** share of requests whose connection is closed without an answer */
    dropShare: share.optional(),
    /** seconds after which a token taken now stops working, while expires_in still says the normal lifetime */
    tokenTtlSeconds: z.number().int().min(1).max(86_400).optional(),
    /** every affected request in [from, to) is answered HTTP 503 "đang bảo trì" with Retry-After up to `to` */
    maintenance: z.object({ from: isoTime, to: isoTime }).strict().optional(),
    /** a lower size limit for this facility's files (the usual 1001 answer above it) */
    maxFileBytes: z.number().int().min(1).optional(),
    /** accepted submissions' field results appear only this long after receipt (status pending meanwhile) */
    resultDelayMs: z.number().int().min(0).max(3_600_000).optional(),
  })
  .strict()
  .refine((p) => (p.error500Share ?? 0) + (p.error503Share ?? 0) + (p.dropShare ?? 0) <= 1, 'error500Share + error503Share + dropShare must be at most 1')
  .refine((p) => !p.maintenance || Date.parse(p.maintenance.to) > Date.parse(p.maintenance.from), 'maintenance.to must be after maintenance.from')
  .refine((p) => !p.latency || p.latency.distribution !== 'fixed' || p.latency.ms !== undefined, 'latency fixed needs ms')
  .refine((p) => !p.latency || p.latency.distribution !== 'uniform' || (p.latency.minMs !== undefined && p.latency.maxMs !== undefined && p.latency.maxMs >= p.latency.minMs), 'latency uniform needs minMs ≤ maxMs')
  .refine((p) => !p.latency || p.latency.distribution !== 'exponential' || p.latency.meanMs !== undefined, 'latency exponential needs meanMs');

export type FaultPlan = z.infer<typeof FaultPlanSchema>;

export interface StoredFaultPlan {
  maCSKCB: string;
  plan: FaultPlan;
  setAt: string;
  setBy: string;
}

/** What one request gets. `fail` ends it; the others change how it is handled. */
export interface FaultDecision {
  /** 1-based index of this request among the facility's affected requests since the plan was set */
  n: number;
  route: FaultRoute;
  latencyMs: number;
  fail?: 'drop' | '500' | '503' | 'maintenance';
  /** seconds, for 503 and maintenance */
  retryAfter?: number;
  maxFileBytes?: number;
  resultDelayMs?: number;
  tokenTtlSeconds?: number;
}

export interface FaultEvent {
  n: number;
  at: string;
  route: FaultRoute;
  faults: string[];
  latencyMs?: number;
}

export class FaultPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultPlanError';
  }
}

const KEY = (maCSKCB: string) => `faults:${maCSKCB}`;

/** Validates a plan (zod) into a FaultPlanError naming each problem. */
export function parseFaultPlan(input: unknown): FaultPlan {
  const r = FaultPlanSchema.safeParse(input);
  if (!r.success) throw new FaultPlanError(r.error.issues.map((i) => `${i.path.join('.') || 'plan'}: ${i.message}`).join('; '));
  return r.data;
}

/** Plans in the store (the CLI and the portal use these). */
export async function readFaultPlan(store: PortalStore, maCSKCB: string): Promise<StoredFaultPlan | undefined> {
  const raw = await store.getMeta(KEY(maCSKCB));
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as StoredFaultPlan;
  } catch {
    return undefined;
  }
}

export async function writeFaultPlan(store: PortalStore, maCSKCB: string, plan: unknown, setBy: string, now = Date.now()): Promise<StoredFaultPlan> {
  if (!(await store.getFacility(maCSKCB))) throw new FaultPlanError(`no facility ${maCSKCB}`);
  const stored: StoredFaultPlan = { maCSKCB, plan: parseFaultPlan(plan), setAt: new Date(now).toISOString(), setBy };
  await store.setMeta(KEY(maCSKCB), JSON.stringify(stored));
  return stored;
}

export async function clearFaultPlan(store: PortalStore, maCSKCB: string): Promise<boolean> {
  const had = (await store.getMeta(KEY(maCSKCB))) !== undefined;
  if (had) await store.sql.run('DELETE FROM meta WHERE key = ?', [KEY(maCSKCB)]);
  return had;
}

/** A number in [0, 1) from the seed, the request index and what is drawn: the same inputs, the same number. */
export function draw(seed: number, n: number, what: string): number {
  return createHash('sha256').update(`${seed}:${n}:${what}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The decision for the n-th affected request under a plan at time `nowMs` (pure: tests and replays use it). */
export function decide(plan: FaultPlan, n: number, route: FaultRoute, nowMs: number): FaultDecision {
  const d: FaultDecision = { n, route, latencyMs: 0 };
  const l = plan.latency;
  if (l && draw(plan.seed, n, 'latency-share') < (l.share ?? 1)) {
    const u = draw(plan.seed, n, 'latency');
    if (l.distribution === 'fixed') d.latencyMs = l.ms ?? 0;
    else if (l.distribution === 'uniform') d.latencyMs = Math.round(l.minMs! + u * (l.maxMs! - l.minMs!));
    else d.latencyMs = Math.min(l.maxMs ?? 30_000, Math.round(-l.meanMs! * Math.log(1 - u)));
  }
  if (plan.maintenance) {
    const from = Date.parse(plan.maintenance.from);
    const to = Date.parse(plan.maintenance.to);
    if (nowMs >= from && nowMs < to) {
      d.fail = 'maintenance';
      d.retryAfter = Math.max(1, Math.ceil((to - nowMs) / 1000));
      return d;
    }
  }
  const u = draw(plan.seed, n, 'fail');
  const drop = plan.dropShare ?? 0;
  const e500 = plan.error500Share ?? 0;
  const e503 = plan.error503Share ?? 0;
  if (u < drop) d.fail = 'drop';
  else if (u < drop + e500) d.fail = '500';
  else if (u < drop + e500 + e503) {
    d.fail = '503';
    d.retryAfter = 1 + Math.floor(draw(plan.seed, n, 'retry-after') * 5);
  }
  if (plan.maxFileBytes !== undefined && route !== 'token' && route !== 'card') d.maxFileBytes = plan.maxFileBytes;
  if (plan.resultDelayMs !== undefined && route === 'submit') d.resultDelayMs = plan.resultDelayMs;
  if (plan.tokenTtlSeconds !== undefined && route === 'token') d.tokenTtlSeconds = plan.tokenTtlSeconds;
  return d;
}

/** Names of what a decision does (for the record). */
export function faultNames(d: FaultDecision): string[] {
  const out: string[] = [];
  if (d.latencyMs > 0) out.push('latency');
  if (d.fail) out.push(d.fail);
  if (d.maxFileBytes !== undefined) out.push('max-file-bytes');
  if (d.resultDelayMs !== undefined) out.push('result-delay');
  if (d.tokenTtlSeconds !== undefined) out.push('token-ttl');
  return out;
}

const MAX_EVENTS = 1000;

/** The portal's side: the active plan of a facility, the request counter, the record of what was injected. */
export class FaultInjector {
  private state = new Map<string, { version: string; n: number; events: FaultEvent[] }>();

  constructor(
    private readonly store: PortalStore,
    private readonly clock: () => number,
    /** true while a certification run is open (plans with a runId apply only then) */
    private readonly runOpen: (runId: string, maCSKCB: string) => boolean | Promise<boolean> = () => false,
    private readonly onFault: (maCSKCB: string, event: FaultEvent) => void = () => {},
  ) {}

  /** The decision for this request of the facility, or undefined when no plan applies. */
  async next(maCSKCB: string, route: FaultRoute): Promise<FaultDecision | undefined> {
    const stored = await readFaultPlan(this.store, maCSKCB);
    if (!stored) return undefined;
    const { plan } = stored;
    if (plan.routes && !plan.routes.includes(route)) return undefined;
    if (plan.runId && !(await this.runOpen(plan.runId, maCSKCB))) return undefined;
    const version = stored.setAt + JSON.stringify(plan);
    let st = this.state.get(maCSKCB);
    if (!st || st.version !== version) {
      // a new plan starts counting from 1 (and a new record)
      st = { version, n: 0, events: [] };
      this.state.set(maCSKCB, st);
    }
    const now = this.clock();
    const d = decide(plan, ++st.n, route, now);
    const faults = faultNames(d);
    if (faults.length) {
      const event: FaultEvent = { n: d.n, at: new Date(now).toISOString(), route, faults, ...(d.latencyMs ? { latencyMs: d.latencyMs } : {}) };
      st.events.push(event);
      if (st.events.length > MAX_EVENTS) st.events.shift();
      this.onFault(maCSKCB, event);
    }
    return d;
  }

  /** What was injected under the current plan (newest last) and how many requests it has seen. */
  async record(maCSKCB: string): Promise<{ requests: number; events: FaultEvent[] }> {
    const st = this.state.get(maCSKCB);
    const stored = await readFaultPlan(this.store, maCSKCB);
    if (!st || !stored || st.version !== stored.setAt + JSON.stringify(stored.plan)) return { requests: 0, events: [] };
    return { requests: st.n, events: [...st.events] };
  }
}
