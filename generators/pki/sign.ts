/**
 * Signing of envelopes and check-ins in the CHUKYDONVI vendor profile (enveloped XMLDSig, RSA-SHA256,
 * SHA-256, inclusive C14N by default). The implementation lives in conformance/signature/sign.ts next to
 * the canonicaliser it shares with the verifier; this is the generators' entry point.
 */
export { signEnveloped, subjectNameOf, type SignOptions } from '../../conformance/signature/sign.ts';
