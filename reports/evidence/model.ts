/**
 * The certification run (evidence model) as both the online (portal) and offline (folder) paths produce it: what the bundle
 * writer, the CLI and the API read. One model, so a run is reported the same way whichever way it was made.
 */
import type { CertificationPlan, RunVerdict, SubmissionFacts, Waiver } from '../../conformance/plans/index.ts';
import type { Result } from '../../conformance/result.ts';

export interface RunEvent {
  at: string;
  event: string;
  by?: string;
}

export interface RunRecord {
  id: string;
  mode: 'online' | 'offline';
  status: 'open' | 'finished';
  facility: { maCSKCB: string; name?: string; maTinh?: string };
  plan: { id: string; version: string; sha256: string };
  openedAt: string;
  finishedAt?: string;
  /** the time rules measure "now" against and the bundle's timestamps (offline: --at) */
  referenceTime: string;
  /** who opened / ran it (account or OS user) */
  ranBy: string;
  timeline: RunEvent[];
}

export interface JudgedSubmission {
  /** id within the run: maGiaoDich online, the file's path relative to the folder offline */
  id: string;
  /** the bytes exactly as received (the evidence) */
  bytes: Uint8Array;
  receivedAt: string;
  endpoint?: string;
  /** absent when there is nothing to check (the portal refused the body before decoding) */
  result?: Result;
  facts?: SubmissionFacts;
  personalValues: string[];
  /** the portal's answer, online */
  portalAnswer?: { maKetQua: string; thongDiep: string };
}

/** What an offline folder held besides the judged files: always named, never silently dropped. */
export interface InputInventory {
  folder?: string;
  filesSeen: number;
  judged: number;
  ignored: { file: string; reason: string }[];
  duplicates: { file: string; sameAs: string }[];
  otherFacility: { file: string; facility: string }[];
}

export interface RegisteredCertificate {
  subject: string;
  serialNumber: string;
  sha256: string;
  notBefore: string;
  notAfter: string;
}

export interface CertificationOutcome {
  run: RunRecord;
  plan: CertificationPlan;
  verdict: RunVerdict;
  submissions: JudgedSubmission[];
  inventory: InputInventory;
  waivers: Waiver[];
  certificates: RegisteredCertificate[];
  /** where the registered certificates and trust anchors came from */
  registrySource: string;
  /** where the facility's catalogues (CATALOGUE.* rules) came from; absent: none, those rules skipped */
  catalogueSource?: string;
}
