/**
 * The readiness decision document (what the lab signs and prints): one model for the JSON, its detached
 * CMS signature and the PDF. Written by simulator/certification/readiness.ts; read by readiness-pdf.ts and
 * by anyone holding the JSON.
 */

/** met: evidenced (by a passed run or a document in force); waived: only by a run whose failures were waived. */
export type ConditionState = 'met' | 'waived' | 'missing';

export const VERDICT_VI = {
  approved: 'ĐẠT — đủ điều kiện triển khai thí điểm Sổ sức khỏe điện tử',
  refused: 'CHƯA ĐẠT — chưa đủ điều kiện triển khai thí điểm Sổ sức khỏe điện tử',
} as const;

export interface ReadinessDecision {
  kind: 'sskdt-lab/readiness-decision';
  version: 1;
  id: string;
  facility: { maCSKCB: string; ten: string; maTinh: string };
  verdict: 'approved' | 'refused';
  verdict_vi: string;
  note: string | null;
  decidedBy: { username: string; role: 'reviewer'; maTinh: string };
  decidedAt: string;
  basis: string;
  policyVersion: string;
  certificationRun: { runId: string; plan: string; finishedAt: string | null; verdict: string; manifestSha256: string } | null;
  conditions: { id: string; article: string; condition_vi: string; required: boolean; state: ConditionState; run?: { runId: string; state: string }; documents: { id: number; title: string; sha256: string; uploadedBy: string; uploadedAt: string }[] }[];
  missingAtDecision: { vi: string; en: string }[];
  signature: { format: string; signerSubject: string; signerFingerprintSha256: string };
}

