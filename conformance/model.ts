/**
 * The parsed package: what every rule reads. Produced once per submission by conformance/envelope
 * (bytes → envelope → tables → rows). Values stay strings exactly as sent; each remembers its line.
 */
import type { XmlDocument, XmlElement } from './xml/parse.ts';
import type { Layout, TableSpec } from './catalogue/catalogue.ts';
import type { LayoutId } from './result.ts';
import type { CatalogueSet } from './catalogues/model.ts';

/** One element value of a row. `present=false` means the element is absent (distinct from empty). */
export interface FieldValue {
  name: string;
  /** text exactly as sent after XML decoding (CDATA content kept, no trimming, no numeric coercion) */
  value: string;
  present: boolean;
  /** true when the element exists but has no text (or only whitespace) */
  empty: boolean;
  line: number;
  col: number;
  cdata: boolean;
}

export interface Row {
  table: string;
  /** 0-based index of the row inside its table document */
  index: number;
  /** line/col of the row element in the decoded table document */
  line: number;
  col: number;
  /** values by element name (first occurrence); missing elements are absent from the map */
  values: Map<string, FieldValue>;
  /** element names in the order they appear (for order warnings) */
  elementOrder: string[];
  /** elements that are not catalogue fields, and duplicated elements */
  unknownElements: { name: string; line: number; col: number }[];
  duplicateElements: { name: string; line: number; col: number }[];
  /** convenience: value of MA_LK / STT if present */
  MA_LK?: string;
  STT?: string;
  element: XmlElement;
}

export interface TableFile {
  /** table id from LOAIHOSO (XML1…XML15), or XML0 for a check-in document */
  table: string;
  /** the LOAIHOSO text as sent */
  loaiHoSo: string;
  /** index of FILEHOSO inside its HOSO (0-based) */
  fileIndex: number;
  /** line of the FILEHOSO element in the envelope */
  envelopeLine: number;
  /** decoded inner document text (UTF-8, BOM removed) */
  text: string;
  doc: XmlDocument;
  spec: TableSpec;
  rows: Row[];
}

export interface HoSo {
  index: number;
  line: number;
  files: TableFile[];
  /** convenience: files by table id (first file of each table) */
  byTable: Map<string, TableFile>;
}

export interface SignatureSite {
  /** the CHUKYDONVI element if present */
  chukydonvi?: XmlElement;
  /** number of Signature elements anywhere in the document (wrapping attacks put more than one) */
  signatureCount: number;
  /** true when CHUKYDONVI holds a Signature */
  signed: boolean;
}

export interface ParsedPackage {
  kind: 'GIAMDINHHS' | 'CHECKIN';
  /** the whole outer document as decoded text; signature checks canonicalise from it */
  envelopeText: string;
  /**
   * The UTF-8 bytes envelopeText was decoded from (a leading BOM included), when the package was decoded from
   * bytes: the signature digest hashes the canonical document's source ranges from them without re-encoding.
   */
  envelopeBytes?: Uint8Array;
  envelope: XmlDocument;
  /** GIAMDINHHS: THONGTINDONVI/MACSKCB; CHECKIN: first row's MA_CSKCB */
  MACSKCB?: string;
  NGAYLAP?: string;
  SOLUONGHOSO?: string;
  hoso: HoSo[];
  signature: SignatureSite;
  layout: Layout;
  layoutReason: string;
  /** SHA-256 of the bytes received, hex */
  sha256: string;
  bytes: number;
}

/** Options every rule may read. Nothing here comes from the network, the clock or a store directly. */
export interface CheckOptions {
  /** force a layout; otherwise chosen from the endpoint and the content */
  layout?: LayoutId;
  /** the endpoint used, if any: 'guiHoSoXmlQD130' | 'guiHoSoXmlQD4750' | 'guiHoSoXmlQD3176' | 'checkInKcbQd4750' | 'checkInKcbQd3176' */
  endpoint?: string;
  /** 'default' turns medium-confidence verdicts into warnings; 'strict' (certification) keeps them as failures */
  profile?: 'default' | 'strict';
  /** the time of receipt (ISO 8601); rules needing "now" read this, never the clock */
  receivedAt?: string;
  /**
   * Set by checkParsed when no receivedAt was given: the receipt time was taken from the envelope's NGAYLAP
   * (end of that day, Vietnam time) so time rules never measure to the machine's clock; they say so.
   */
  receivedAtFrom?: 'NGAYLAP';
  /** the facility the submission came from (portal account), if known */
  facility?: string;
  /** signature verification mode */
  signatureMode?: 'off' | 'verify-if-present' | 'required';
  /** certificates registered per facility (PEM) and the trust store (PEM CA certificates) */
  registry?: {
    certificatesFor(facility: string): string[];
    trustAnchors: string[];
  };
  /** working-day calendar: holidays as yyyymmdd */
  holidays?: string[];
  /** tolerances and thresholds of the pilot rules (see docs/rules.md for defaults) */
  thresholds?: Record<string, number>;
  /** health-book profile switch: require XML8 for outpatient non-insured visits (disputed, CV 4395) */
  requireXml8ForOutpatient?: boolean;
  /** 'all' lists every verdict as a finding; 'problems' lists only fail/warning/error/skip (counts stay exact) */
  findings?: 'all' | 'problems';
  /**
   * the facilities' own catalogues (staff, equipment, drugs, services, supplies; conformance/catalogues). The
   * CATALOGUE.* rules read the package facility's versions in force on each line's date; without them they skip.
   */
  catalogues?: CatalogueSet;
  /** limits for untrusted input */
  limits?: { maxBytes?: number; maxDepth?: number; maxRows?: number; maxMarkup?: number };
}

export type { XmlDocument, XmlElement };
