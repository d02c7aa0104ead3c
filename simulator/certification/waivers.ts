/**
 * Waivers as data: a reviewer accepts one failing rule for one run (optionally for one visit MA_LK or one
 * submission), with a reason, the approver and an expiry. A waived failure shows as `waived`, never `pass`,
 * and every waiver is written into the bundle manifest whether or not it applied.
 */
import { z } from 'zod';
import type { Waiver } from '../../conformance/plans/index.ts';

export const WaiverInput = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional(),
  ruleId: z.string().min(1).max(200),
  maLk: z.string().min(1).max(100).optional(),
  submission: z.string().min(1).max(500).optional(),
  reason: z.string().trim().min(5, 'a waiver needs a reason of at least 5 characters').max(2000),
  approver: z.string().trim().min(1).max(200),
  expiresAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s), 'expiresAt must be an ISO 8601 date or time'),
  createdAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'createdAt must be an ISO 8601 time').optional(),
}).strict();
export type WaiverInput = z.infer<typeof WaiverInput>;

export class WaiverError extends Error {}

/** Validates waivers (a JSON array), giving ids W1, W2 … to those without one. */
export function parseWaivers(data: unknown, now: Date): Waiver[] {
  const list = z.array(WaiverInput).max(1000).safeParse(data);
  if (!list.success) {
    const first = list.error.issues[0];
    throw new WaiverError(`waiver ${first.path.join('.') || '(list)'}: ${first.message}`);
  }
  const ids = new Set<string>();
  return list.data.map((w, i) => {
    const id = w.id ?? `W${i + 1}`;
    if (ids.has(id)) throw new WaiverError(`waiver id ${id} is used twice`);
    ids.add(id);
    return {
      id,
      ruleId: w.ruleId,
      ...(w.maLk ? { maLk: w.maLk } : {}),
      ...(w.submission ? { submission: w.submission } : {}),
      reason: w.reason,
      approver: w.approver,
      expiresAt: new Date(w.expiresAt).toISOString(),
      createdAt: w.createdAt ? new Date(w.createdAt).toISOString() : now.toISOString(),
    };
  });
}
