/**
 * The shape of ./xml-fields.json as zod schemas. Not loaded when checking: the data file is validated by
 * test/engine/catalogue-schema.test.ts (and `npm run build` ships it unchanged), because importing zod and
 * parsing the 16 tables cost ~50 ms of every CLI start-up. Every key of the data file is in the schema, so
 * the validated and the raw data are the same objects.
 */
import { z } from 'zod';

export const FieldType = z.enum(['string', 'number', 'decimal', 'datetime12', 'date8']);
export type FieldType = z.infer<typeof FieldType>;

const Change = z.object({ by: z.string(), note_en: z.string() });

const Overlay3176 = z.object({
  max_length: z.number().int().nullable().optional(),
  format: z.string().nullable().optional(),
  type: z.string().optional(),
  confidence: z.enum(['high', 'medium']),
  evidence_en: z.string(),
});

export const RawField = z.object({
  order: z.number().int(),
  name: z.string().regex(/^[A-Z0-9_]+$/),
  type: FieldType,
  max_length: z.number().int().nullable(),
  required: z.enum(['yes', 'no', 'conditional']),
  condition_vi: z.string().nullable(),
  description_vi: z.string(),
  validation_note_vi: z.string().nullable(),
  format: z.string().nullable(),
  since: z.enum(['130', '4750', '3176']),
  source: z.string(),
  type_vi: z.string(),
  changes: z.array(Change),
  confidence: z.enum(['high', 'medium']),
  /** confidence of the presence rule when it differs from the field's (the check sheet marks it required) */
  required_confidence: z.enum(['high', 'medium']).optional(),
  check_sheet: z.record(z.string(), z.unknown()).optional(),
  multi_value_separator: z.string().optional(),
  /** 'integer_part': the size limit counts the digits before the decimal point (MUC_HUONG 47.5 is 2 digits) */
  length_counts: z.enum(['integer_part']).optional(),
  notes_en: z.union([z.string(), z.array(z.string())]).optional(),
  overlay_3176: Overlay3176.optional(),
});
export type RawField = z.infer<typeof RawField>;

export const RemovedField = z.object({
  name: z.string(),
  type: FieldType,
  max_length: z.number().int().nullable(),
  required: z.enum(['yes', 'no', 'conditional']),
  description_vi: z.string(),
  since: z.string(),
  source: z.string(),
  removed_by: z.string(),
}).passthrough();

export const RawTable = z.object({
  table: z.string().regex(/^XML(\d|1[0-5])$/),
  name_vi: z.string(),
  root: z.string(),
  list_element: z.string().nullable(),
  row_element: z.string(),
  record_mode: z.enum(['list', 'single']),
  loaihoso: z.string().nullable(),
  transport_vi: z.string(),
  signature_vi: z.string(),
  when_sent_vi: z.string(),
  element_source: z.string(),
  field_source: z.string(),
  version: z.string(),
  field_count: z.number().int(),
  notes_en: z.union([z.string(), z.array(z.string())]).optional(),
  removed_fields: z.array(RemovedField).optional(),
  fields: z.array(RawField),
});
export type RawTable = z.infer<typeof RawTable>;
export type RemovedField = z.infer<typeof RemovedField>;

export const RawCatalogue = z.array(RawTable).length(16);
