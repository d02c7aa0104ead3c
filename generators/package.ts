/**
 * Encounter → bytes: each table serialised from the catalogue (CDATA for free text, as vendors write it),
 * the GIAMDINHHS envelope and the XML0 check-in, signed with the facility's test key (enveloped XMLDSig in
 * CHUKYDONVI) unless unsigned output is asked for.
 */
import { createHash } from 'node:crypto';
import { getLayout } from '../conformance/catalogue/catalogue.ts';
import { ALL_TABLES } from '../conformance/catalogue/catalogue.ts';
import { buildCheckin, buildEnvelope, serializeTable, type EnvelopeFile, type RowValues } from './serialize.ts';
import { CDATA_FIELDS, type Encounter } from './encounters.ts';
import { loadTestPki } from './pki/test-pki.ts';
import { signEnveloped } from './pki/sign.ts';

export interface KeyMaterial {
  keyPem: string;
  certPem: string;
}

export interface PackageOptions {
  /** leave CHUKYDONVI empty */
  unsigned?: boolean;
  /** sign with this key instead of the facility's test key (mutants: expired, rogue, other facility) */
  signer?: KeyMaterial;
}

export interface GeneratedPackage {
  encounter: Encounter;
  /** the GIAMDINHHS envelope, UTF-8 */
  envelope: Uint8Array;
  /** the XML0 check-in document, UTF-8 */
  checkin: Uint8Array;
  envelopeSha256: string;
  checkinSha256: string;
  signed: boolean;
}

const encoder = new TextEncoder();

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The facility's test key pair, or undefined when the test PKI has none for that code. */
export function facilityKey(code: string): KeyMaterial | undefined {
  return loadTestPki().facilities[code];
}

/** The one place signing happens: enveloped signature in CHUKYDONVI, or the text unchanged when unsigned. */
export function signDocument(xmlText: string, key: KeyMaterial | undefined): string {
  if (!key) return xmlText;
  return signEnveloped(xmlText, key.keyPem, key.certPem);
}

/** The inner table documents of an encounter, in table order (XML1 … XML15). */
export function tableDocuments(encounter: Encounter, tables = encounter.tables): EnvelopeFile[] {
  const layout = getLayout(encounter.layout);
  const files: EnvelopeFile[] = [];
  for (const id of ALL_TABLES) {
    if (id === 'XML0') continue;
    const rows = tables[id];
    if (!rows || rows.length === 0) continue;
    const spec = layout.tables.get(id)!;
    files.push({ loaiHoSo: spec.loaihoso!, content: serializeTable(spec, rows, { cdataFields: CDATA_FIELDS }) });
  }
  return files;
}

/** Unsigned envelope text of an encounter (files may be replaced, e.g. by mutants). */
export function envelopeText(encounter: Encounter, files: EnvelopeFile[] = tableDocuments(encounter)): string {
  return buildEnvelope({ MACSKCB: encounter.facility.code, NGAYLAP: encounter.ngayLap, hoso: [{ files }] });
}

export function checkinText(encounter: Encounter, rows: readonly RowValues[] = encounter.checkin): string {
  const spec = getLayout(encounter.layout).tables.get('XML0')!;
  return buildCheckin(spec, rows, { cdataFields: CDATA_FIELDS });
}

export function buildPackage(encounter: Encounter, options: PackageOptions = {}): GeneratedPackage {
  const key = options.unsigned ? undefined : options.signer ?? facilityKey(encounter.facility.code);
  const envelope = encoder.encode(signDocument(envelopeText(encounter), key));
  const checkin = encoder.encode(signDocument(checkinText(encounter), key));
  return { encounter, envelope, checkin, envelopeSha256: sha256Hex(envelope), checkinSha256: sha256Hex(checkin), signed: key !== undefined };
}
