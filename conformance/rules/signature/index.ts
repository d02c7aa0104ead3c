/** Hand-written rules of the "signature" group (CHUKYDONVI XMLDSig), collected for conformance/rules/registry.ts. */
import type { RuleModule } from '../contract.ts';
import * as algorithms from './algorithms.ts';
import * as certChain from './cert-chain.ts';
import * as certKeyUsage from './cert-keyusage.ts';
import * as certRegistered from './cert-registered.ts';
import * as certValidity from './cert-validity.ts';
import * as count from './count.ts';
import * as digest from './digest.ts';
import * as location from './location.ts';
import * as present from './present.ts';
import * as referenceUri from './reference-uri.ts';
import * as structure from './structure.ts';
import * as transforms from './transforms.ts';
import * as value from './value.ts';

/** In verification order: policy (anti-wrapping gate) first, then digest and value, then the certificate. */
export const rules: RuleModule[] = [
  present,
  count,
  location,
  structure,
  referenceUri,
  transforms,
  algorithms,
  digest,
  value,
  certRegistered,
  certValidity,
  certChain,
  certKeyUsage,
];
