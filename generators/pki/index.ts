/** Test PKI and CHUKYDONVI signing for generators, the portal and trainers (see test-pki/README.md). */
export { TEST_CA_NAME, createCa, createFacilityCertificate, exportPkcs12, type CaOptions, type FacilityCertOptions, type KeyAndCert, type Pkcs12Options } from './pki.ts';
export { signEnveloped, subjectNameOf, type SignOptions } from './sign.ts';
export { TEST_PKI_DIR, loadTestPki, type TestKeyPair, type TestPki } from './test-pki.ts';
export { DEMO_FACILITIES, type DemoFacility } from './facilities.ts';
