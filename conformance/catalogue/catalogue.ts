/**
 * The field catalogue of XML0–XML15 (QĐ 130 as amended by 4750, 3176 and 1931), loaded once (shape: ./schema.ts).
 * Source of truth for both checking (conformance/) and generating (generators/): element names, order,
 * wrappers, types, lengths, formats, required flags, provenance and confidence.
 *
 * Data: ./xml-fields.json, copied from shared/spec (see ./SOURCE-README.md for provenance and caveats).
 */
import { createRequire } from 'node:module';
import type { FieldType, RawField, RawTable, RemovedField } from './schema.ts';
import type { LayoutId } from '../result.ts';

const require = createRequire(import.meta.url);

export type { FieldType, RawField, RawTable } from './schema.ts';

/** The field types the catalogue uses (schema.ts's FieldType), for the 3176 overlay's type override. */
const FIELD_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'decimal', 'datetime12', 'date8']);

/** A field as it applies in one layout (overlays resolved). */
export interface FieldSpec {
  table: string;
  order: number;
  name: string;
  /** type in this layout; 'date8|datetime12' where a layout accepts both (XML14 NGAY_HEN_KL in 3176) */
  type: FieldType | 'date8|datetime12';
  maxLength: number | null;
  required: 'yes' | 'no' | 'conditional';
  condition_vi: string | null;
  description_vi: string;
  validation_note_vi: string | null;
  /** compiled once */
  format: RegExp | null;
  formatSource: string | null;
  multiValueSeparator: string | null;
  since: '130' | '4750' | '3176';
  source: string;
  type_vi: string;
  /** 'medium' when the field itself, or the overlay that changed it, rests on medium evidence */
  confidence: 'high' | 'medium';
  /** confidence of the REQUIRED rule: `required_confidence` of the catalogue, else `confidence` */
  requiredConfidence: 'high' | 'medium';
  /** set when a 3176 overlay was applied: what it changed and on what evidence */
  overlay?: { by: '3176' | '1931'; evidence_en: string; confidence: 'high' | 'medium' };
  /** 'integer_part': maxLength counts the digits before the decimal point (a percentage such as MUC_HUONG) */
  lengthCounts?: 'integer_part';
  raw: RawField;
}

export interface TableSpec {
  table: string;
  name_vi: string;
  root: string;
  listElement: string | null;
  rowElement: string;
  recordMode: 'list' | 'single';
  loaihoso: string | null;
  fields: FieldSpec[];
  byName: Map<string, FieldSpec>;
  signature_vi: string;
  when_sent_vi: string;
  element_source: string;
}

export interface Layout {
  /** XML13 structure (and the endpoint family): '4750' or '3176' */
  id: LayoutId;
  /**
   * The QĐ 3176 field overlays (`overlay_3176`: MA_TTDV/MA_BS 255 as a practising-licence code, XML14
   * NGAY_HEN_KL yyyymmdd or yyyymmddHHMM): on for visits from 2025-01-01 whatever the XML13 structure, since
   * real 2026 exports keep the 4750 XML13 while writing 3176 values elsewhere. Default: id === '3176'.
   */
  overlay3176: boolean;
  /** QĐ 1931 overlay: MUC_HUONG max length 4 (from 01/07/2026); without it 3 */
  overlay1931: boolean;
  tables: Map<string, TableSpec>;
  /** table by LOAIHOSO value (XML1…XML15) */
  byLoaiHoSo: Map<string, TableSpec>;
  /** table by root element name */
  byRoot: Map<string, TableSpec>;
}

let rawCache: RawTable[] | null = null;

/** The catalogue as shipped (validated against ./schema.ts by the tests, not on every start-up). */
export function rawCatalogue(): RawTable[] {
  if (!rawCache) {
    const data = require('./xml-fields.json') as RawTable[];
    if (!Array.isArray(data) || data.length !== 16) throw new Error('conformance/catalogue/xml-fields.json: expected the 16 tables XML0–XML15');
    rawCache = data;
  }
  return rawCache;
}

/** 1931 changed only MUC_HUONG 3 → 4; the catalogue stores the post-1931 value. */
const MUC_HUONG_BEFORE_1931 = 3;

/** Date from which QĐ 1931 applies (visit end date, yyyymmdd). */
export const QD1931_EFFECTIVE = '20260701';

/** Date from which QĐ 3176/QĐ-BYT (29/10/2024) applies: 01/01/2025 (yyyymmdd, visit end date). */
export const QD3176_EFFECTIVE = '20250101';

function buildField(table: string, f: RawField, overlay3176: boolean, overlay1931: boolean): FieldSpec {
  let type: FieldSpec['type'] = f.type;
  let maxLength = f.max_length;
  let formatSource = f.format;
  let confidence = f.confidence;
  let overlay: FieldSpec['overlay'];
  if (overlay3176 && f.overlay_3176) {
    const o = f.overlay_3176;
    if (o.max_length !== undefined) maxLength = o.max_length;
    if (o.format !== undefined) formatSource = o.format;
    if (o.type === 'date8 or datetime12') type = 'date8|datetime12';
    else if (o.type && FIELD_TYPES.has(o.type)) type = o.type as FieldType;
    overlay = { by: '3176', evidence_en: o.evidence_en, confidence: o.confidence };
    if (o.confidence === 'medium') confidence = 'medium';
  }
  if (f.name === 'MUC_HUONG' && f.changes.some((c) => c.by === '1931')) {
    if (!overlay1931) maxLength = MUC_HUONG_BEFORE_1931;
    else overlay = { by: '1931', evidence_en: 'QĐ 1931/QĐ-BYT: MUC_HUONG max length 3 → 4 (secondary source only)', confidence: 'medium' };
  }
  return {
    table,
    order: f.order,
    name: f.name,
    type,
    maxLength,
    required: f.required,
    condition_vi: f.condition_vi,
    description_vi: f.description_vi,
    validation_note_vi: f.validation_note_vi,
    format: formatSource ? new RegExp(formatSource, 'u') : null,
    formatSource,
    multiValueSeparator: f.multi_value_separator ?? null,
    since: f.since,
    source: f.source,
    type_vi: f.type_vi,
    confidence,
    requiredConfidence: f.required_confidence ?? confidence,
    overlay,
    lengthCounts: f.length_counts,
    raw: f,
  };
}

/**
 * The BHXH check sheet's maximum length where it allows more than the appendix (catalogue `check_sheet`,
 * e.g. XML3 TT_THAU 100 vs 50, GOI_VTYT 4 vs 3). Sizes of 4000 are database sizes for unbounded text, not a
 * limit the sheet checks; they never apply to a bounded field here (an unbounded field has no LENGTH rule).
 */
export function checkSheetMaxLength(f: Pick<FieldSpec, 'maxLength' | 'raw'>): number | undefined {
  const m = f.raw.check_sheet?.max_length;
  if (typeof m !== 'number' || f.maxLength === null || m <= f.maxLength || m >= 4000) return undefined;
  return m;
}

const layoutCache = new Map<string, Layout>();

/**
 * A layout: '4750' (XML13 with MA_NOI_DI/MA_NOI_DEN/TEN_DICH_VU/TEN_THUOC/PP_DIEU_TRI, no TINH_TRANG_CT)
 * or '3176' (the catalogue as shipped, plus medium-confidence 3176 overlays). Compiled once and cached.
 */
export function getLayout(id: LayoutId, overlay1931 = true, overlay3176 = id === '3176'): Layout {
  const key = `${id}:${overlay1931}:${overlay3176}`;
  const hit = layoutCache.get(key);
  if (hit) return hit;
  const tables = new Map<string, TableSpec>();
  for (const t of rawCatalogue()) {
    let rawFields = t.fields;
    if (id === '4750' && t.table === 'XML13' && t.removed_fields) {
      rawFields = xml13As4750(t);
    }
    const fields = rawFields.map((f) => buildField(t.table, f, overlay3176, overlay1931));
    tables.set(t.table, {
      table: t.table,
      name_vi: t.name_vi,
      root: t.root,
      listElement: t.list_element,
      rowElement: t.row_element,
      recordMode: t.record_mode,
      loaihoso: t.loaihoso,
      fields,
      byName: new Map(fields.map((f) => [f.name, f])),
      signature_vi: t.signature_vi,
      when_sent_vi: t.when_sent_vi,
      element_source: t.element_source,
    });
  }
  const byLoaiHoSo = new Map<string, TableSpec>();
  const byRoot = new Map<string, TableSpec>();
  for (const t of tables.values()) {
    if (t.loaihoso) byLoaiHoSo.set(t.loaihoso, t);
    byRoot.set(t.root, t);
  }
  const layout: Layout = { id, overlay1931, overlay3176, tables, byLoaiHoSo, byRoot };
  layoutCache.set(key, layout);
  return layout;
}

/**
 * XML13 in the 4750 layout: the 3176 renames reverted (MA_CSKCB_DI → MA_NOI_DI, MA_CSKCB_DEN → MA_NOI_DEN),
 * TINH_TRANG_CT dropped, TEN_DICH_VU / TEN_THUOC / PP_DIEU_TRI restored at their 4750 positions (from the
 * STT in their `source`).
 */
function xml13As4750(t: RawTable): RawField[] {
  const removed = new Map((t.removed_fields ?? []).map((r) => [r.name, r]));
  const asRaw = (r: RemovedField, order: number): RawField => ({
    order,
    name: r.name,
    type: r.type,
    max_length: r.max_length,
    required: r.required,
    condition_vi: null,
    description_vi: r.description_vi,
    validation_note_vi: null,
    format: r.name.startsWith('MA_NOI_') ? '^[0-9A-Z]{5}$' : null,
    since: '4750',
    source: r.source,
    type_vi: 'Chuỗi',
    changes: [],
    confidence: 'high',
  });
  const out: RawField[] = [];
  for (const f of t.fields) {
    if (f.since === '3176' && f.name === 'TINH_TRANG_CT') continue;
    if (f.name === 'MA_CSKCB_DI' && removed.has('MA_NOI_DI')) {
      out.push(asRaw(removed.get('MA_NOI_DI')!, 0));
      continue;
    }
    if (f.name === 'MA_CSKCB_DEN' && removed.has('MA_NOI_DEN')) {
      out.push(asRaw(removed.get('MA_NOI_DEN')!, 0));
      continue;
    }
    out.push(f);
  }
  // Insert TEN_DICH_VU, TEN_THUOC, PP_DIEU_TRI by their appendix STT (the number in "(STT n)" of `source`).
  for (const name of ['TEN_DICH_VU', 'TEN_THUOC', 'PP_DIEU_TRI']) {
    const r = removed.get(name);
    if (!r) continue;
    const stt = Number(/\(STT (\d+)\)/.exec(r.source)?.[1] ?? NaN);
    const at = Number.isFinite(stt) ? Math.min(Math.max(stt - 1, 0), out.length) : out.length;
    out.splice(at, 0, asRaw(r, 0));
  }
  return out.map((f, i) => ({ ...f, order: i + 1 }));
}

export const ALL_TABLES = ['XML0', 'XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML6', 'XML7', 'XML8', 'XML9', 'XML10', 'XML11', 'XML12', 'XML13', 'XML14', 'XML15'] as const;
export type TableId = (typeof ALL_TABLES)[number];
