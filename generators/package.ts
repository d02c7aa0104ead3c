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
import { allFieldNames, DEFAULT_DIALECT, envelopeDialect, innerText, orderedSpec, outerBytes, type Dialect } from './dialects.ts';
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
  /** HIS export style (generators/dialects.ts); default: catalogue order, declarations, line breaks */
  dialect?: Dialect;
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
export function tableDocuments(encounter: Encounter, tables = encounter.tables, dialect: Dialect = DEFAULT_DIALECT): EnvelopeFile[] {
  const layout = getLayout(encounter.layout);
  const files: EnvelopeFile[] = [];
  for (const id of ALL_TABLES) {
    if (id === 'XML0') continue;
    const rows = tables[id];
    if (!rows || rows.length === 0) continue;
    const spec = orderedSpec(layout.tables.get(id)!, dialect);
    const content = serializeTable(spec, rows, { cdataFields: dialect.cdataAll ? allFieldNames(spec) : CDATA_FIELDS, declaration: !dialect.noInnerDeclaration, pretty: !dialect.oneLine });
    files.push({ loaiHoSo: spec.loaihoso!, content: innerText(content, dialect) });
  }
  return files;
}

/** Unsigned envelope text of an encounter (files may be replaced, e.g. by mutants). */
export function envelopeText(encounter: Encounter, files?: EnvelopeFile[], dialect: Dialect = DEFAULT_DIALECT): string {
  return envelopeDialect(buildEnvelope({ MACSKCB: encounter.facility.code, NGAYLAP: encounter.ngayLap, hoso: [{ files: files ?? tableDocuments(encounter, encounter.tables, dialect) }] }), dialect);
}

export function checkinText(encounter: Encounter, rows: readonly RowValues[] = encounter.checkin, dialect: Dialect = DEFAULT_DIALECT): string {
  const spec = getLayout(encounter.layout).tables.get('XML0')!;
  return buildCheckin(spec, rows, { cdataFields: dialect.cdataAll ? allFieldNames(spec) : CDATA_FIELDS, pretty: !dialect.oneLine });
}

export function buildPackage(encounter: Encounter, options: PackageOptions = {}): GeneratedPackage {
  const key = options.unsigned ? undefined : options.signer ?? facilityKey(encounter.facility.code);
  const dialect = options.dialect ?? DEFAULT_DIALECT;
  const envelope = outerBytes(encoder.encode(signDocument(envelopeText(encounter, undefined, dialect), key)), dialect);
  const checkin = outerBytes(encoder.encode(signDocument(checkinText(encounter, encounter.checkin, dialect), key)), dialect);
  return { encounter, envelope, checkin, envelopeSha256: sha256Hex(envelope), checkinSha256: sha256Hex(checkin), signed: key !== undefined };
}
