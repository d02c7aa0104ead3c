/**
 * One submission judged for a certification plan: decoded once, checked with the plan's options (the
 * certification profile, signatures required, the facility's registered certificates and catalogues), its scenario facts
 * read from the same parsed package, and the personal values it carries collected for masking in reports.
 * Online and offline runs both come through here, so a file gets the same verdict either way.
 */
import { checkPackage, checkParsed } from '../../conformance/check.ts';
import { decodePackage, EnvelopeError, type DecodedPackage } from '../../conformance/envelope/decode.ts';
import type { CheckOptions } from '../../conformance/model.ts';
import { submissionFacts, type CertificationPlan, type SubmissionFacts } from '../../conformance/plans/index.ts';
import type { Result } from '../../conformance/result.ts';

/** Fields whose values are personal data (Nghị định 13/2023): masked in bundle reports unless --unmasked. */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  'HO_TEN', 'HO_TEN_CHA', 'HO_TEN_ME', 'HO_TEN_CON', 'HO_TEN_NND', 'NGUOI_GIAM_HO',
  'SO_CCCD', 'SO_CCCD_NND', 'MA_THE_BHYT', 'MA_THE_TAM', 'MA_THE_NND', 'MA_BHXH', 'MA_BHXH_NND', 'MA_BN',
  'DIA_CHI', 'NOI_CU_TRU_NND', 'DIEN_THOAI', 'NGAY_SINH', 'NGAYSINH_NND',
]);

export interface EvaluateInput {
  bytes: Uint8Array;
  plan: CertificationPlan;
  /** the endpoint it was (or would be) sent to; decides the layout and the kind */
  endpoint?: string;
  receivedAt: string;
  facility: string;
  registry?: CheckOptions['registry'];
  /** the facility's catalogues (the CATALOGUE.* rules skip without them) */
  catalogues?: CheckOptions['catalogues'];
  fileName?: string;
  maxBytes?: number;
}

export interface Evaluated {
  result: Result;
  /** absent when the envelope could not be decoded (the Result then carries the ENVELOPE.* failure) */
  facts?: SubmissionFacts;
  /** personal values found in the package (for masking), longest first */
  personalValues: string[];
}

export function kindOfEndpoint(endpoint: string | undefined): 'GIAMDINHHS' | 'CHECKIN' | undefined {
  if (!endpoint) return undefined;
  return endpoint.startsWith('checkIn') ? 'CHECKIN' : 'GIAMDINHHS';
}

export function evaluateSubmission(input: EvaluateInput): Evaluated {
  const options = {
    endpoint: input.endpoint,
    kind: kindOfEndpoint(input.endpoint),
    profile: input.plan.profile,
    signatureMode: input.plan.signature,
    findings: 'problems' as const,
    receivedAt: input.receivedAt,
    checkedAt: input.receivedAt,
    facility: input.facility,
    registry: input.registry,
    ...(input.catalogues ? { catalogues: input.catalogues } : {}),
    fileName: input.fileName,
    limits: input.maxBytes ? { maxBytes: input.maxBytes } : undefined,
  };
  let pkg: DecodedPackage;
  try {
    pkg = decodePackage(input.bytes, { kind: options.kind, endpoint: options.endpoint, maxBytes: input.maxBytes });
  } catch (e) {
    if (!(e instanceof EnvelopeError)) throw e;
    // checkPackage turns the same envelope error into the Result every other path reports
    return { result: checkPackage(input.bytes, options), personalValues: [] };
  }
  const result = checkParsed(pkg, options, {});
  return { result, facts: submissionFacts(pkg), personalValues: personalValuesOf(pkg) };
}

function personalValuesOf(pkg: DecodedPackage): string[] {
  const values = new Set<string>();
  for (const hoso of pkg.hoso) {
    for (const file of hoso.files) {
      for (const row of file.rows) {
        for (const [name, v] of row.values) {
          const text = v.value.trim();
          // very short values (a sex code, a one-letter name part) would mask unrelated text
          if (PERSONAL_FIELDS.has(name) && v.present && text.length >= 4) values.add(text);
        }
      }
    }
  }
  return [...values].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}
