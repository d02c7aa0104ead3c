/**
 * Mutation operators: for every rule, a way to derive from a valid encounter a package that breaks exactly
 * what the rule exists for. Catalogue-driven field rules (REQUIRED, TYPE, LENGTH, FORMAT, CODELIST and the
 * row-structure rules) get their operators from the catalogue, so a new field gets operators
 * automatically; hand-written rules (cross-table, signature, pilot) have a hand-written operator each.
 *
 * `mutate(encounter, ruleId)` → a failing package, or `{ notApplicable }` when the scenario has nothing the
 * rule could catch (e.g. no XML13 to drop in a visit without referral).
 */
import { checkSheetMaxLength, getLayout, type FieldSpec, type TableSpec } from '../conformance/catalogue/catalogue.ts';
import { listInForce, maKhoaList, underListedGroup } from '../conformance/codelists/index.ts';
import { CONDITIONS } from '../conformance/rules/field/conditions.ts';
import { add, dec, toFixed } from '../conformance/decimal.ts';
import type { Encounter, TableRows } from './encounters.ts';
import { checkinText, envelopeText, signDocument, tableDocuments, sha256Hex, type KeyMaterial } from './package.ts';
import { loadTestPki } from './pki/test-pki.ts';
import type { EnvelopeFile, RowValues } from './serialize.ts';
import type { FieldValue, Row } from '../conformance/model.ts';
import { dt12, isoLocal, parseDt } from './time.ts';
import { CLAIM_OPERATORS } from './mutants-claim.ts';
import { CATALOGUE_OPERATORS } from './mutants-catalogue.ts';
import type { CatalogueSet } from '../conformance/catalogues/model.ts';

export interface Mutant {
  ruleId: string;
  scenarioId: string;
  /** which document carries the mistake */
  kind: 'GIAMDINHHS' | 'CHECKIN';
  bytes: Uint8Array;
  sha256: string;
  /** what was changed, in English */
  description: string;
  /** check the mutant as received at this time (ISO 8601) instead of the encounter's receivedAt */
  receivedAt?: string;
  /** check options the mistake needs (endpoint of the other layout, a size limit); merged over the caller's */
  checkOptions?: { endpoint?: string; layout?: undefined; limits?: { maxBytes?: number }; catalogues?: CatalogueSet };
}

export interface NotApplicable {
  notApplicable: string;
  /** set when the operator would apply to the same scenario on an earlier visit date (yyyy-mm-dd) */
  retryWithReferenceDate?: string;
}

export type MutateResult = Mutant | NotApplicable;

export function isMutant(r: MutateResult): r is Mutant {
  return (r as Mutant).bytes !== undefined;
}

/** A mutable working copy of an encounter's rows, and how the package is then written and signed. */
export interface Draft {
  enc: Encounter;
  tables: TableRows;
  checkin: RowValues[];
  /** text-level edits of an inner table document (XML1…XML15) */
  tableText: Map<string, (text: string) => string>;
  /** text-level edit of the check-in before signing */
  checkinEdit?: (text: string) => string;
  /** edits of the signed outer document */
  signedEdit?: (text: string) => string;
  signer?: KeyMaterial | null;
  kind: 'GIAMDINHHS' | 'CHECKIN';
  /** receipt time to check the mutant with (timeliness rules) */
  receivedAt?: string;
  /** set by operators that change more than their field (condition set-ups): not batchable */
  solo?: boolean;
  checkOptions?: Mutant['checkOptions'];
  /** final byte-level edit (encoding mistakes) */
  bytesEdit?: (bytes: Uint8Array) => Uint8Array;
}

export type Operator = (d: Draft) => string | NotApplicable;

const na = (reason: string, retryWithReferenceDate?: string): NotApplicable => ({ notApplicable: reason, retryWithReferenceDate });

function clone(rows: RowValues[]): RowValues[] {
  return rows.map((r) => ({ ...r }));
}

function draftOf(enc: Encounter): Draft {
  const tables: TableRows = {};
  for (const [k, v] of Object.entries(enc.tables)) if (v) tables[k] = clone(v);
  return { enc, tables, checkin: clone(enc.checkin), tableText: new Map(), kind: 'GIAMDINHHS' };
}

const encoder = new TextEncoder();

function render(d: Draft, ruleId: string, description: string): Mutant {
  const key = d.signer === null ? undefined : d.signer ?? loadTestPki().facilities[d.enc.facility.code];
  let text: string;
  if (d.kind === 'CHECKIN') {
    let t = checkinText(d.enc, d.checkin);
    if (d.checkinEdit) t = d.checkinEdit(t);
    text = signDocument(t, key);
  } else {
    const files: EnvelopeFile[] = tableDocuments(d.enc, d.tables).map((f) => {
      const table = getLayout(d.enc.layout).byLoaiHoSo.get(f.loaiHoSo)!.table;
      const edit = d.tableText.get(table);
      return edit ? { ...f, content: edit(f.content) } : f;
    });
    text = signDocument(envelopeText(d.enc, files), key);
  }
  if (d.signedEdit) text = d.signedEdit(text);
  let bytes: Uint8Array = encoder.encode(text);
  if (d.bytesEdit) bytes = d.bytesEdit(bytes);
  return { ruleId, scenarioId: d.enc.scenarioId, kind: d.kind, bytes, sha256: sha256Hex(bytes), description, receivedAt: d.receivedAt, checkOptions: d.checkOptions };
}

// ---------------------------------------------------------------------------------------------------
// catalogue-driven operators

/** rows of a table in the draft (XML0 = the check-in rows) */
function rowsOf(d: Draft, table: string): RowValues[] | undefined {
  if (table === 'XML0') {
    d.kind = 'CHECKIN';
    return d.checkin;
  }
  return d.tables[table];
}

const isDigits = (s: string) => /^\d+$/.test(s);

function repeatTo(seed: string, n: number): string {
  let s = '';
  while (s.length < n) s += seed;
  return s.slice(0, n);
}

/** a value of the field's type one character longer than allowed */
function tooLong(f: FieldSpec, current: string | undefined): string {
  // beyond the BHXH check sheet's size where it allows more (within it the engine only warns)
  const n = (checkSheetMaxLength(f) ?? f.maxLength ?? 0) + 1;
  if (f.type === 'number' || f.type === 'datetime12' || f.type === 'date8' || f.type === 'date8|datetime12') return repeatTo('1', n);
  if (f.type === 'decimal') return repeatTo('1', n);
  return repeatTo(current && current.length > 0 ? current : 'X', n);
}

/** a value that is not of the field's type (calendar-invalid date, letters in a number, comma decimal) */
function wrongType(f: FieldSpec): string | undefined {
  switch (f.type) {
    case 'number':
      return (f.maxLength ?? 2) >= 2 ? '1A' : 'A';
    case 'decimal':
      return '1,5';
    case 'datetime12':
      return '202613320000';
    case 'date8':
      return '20261332';
    case 'date8|datetime12':
      return '20261332';
    default:
      return undefined;
  }
}

/** a value that breaks the field's format while keeping its length (and, where possible, its type) */
function wrongFormat(f: FieldSpec, current: string | undefined): string | undefined {
  if (!f.format) return undefined;
  const max = f.maxLength ?? 1024;
  const cur = current ?? '';
  const candidates = [
    cur.length > 0 ? cur.slice(0, -1) + (isDigits(cur.slice(-1)) ? 'A' : '9') : '',
    cur.length > 1 ? cur.slice(1) : '',
    cur + '9',
    '0',
    '99',
    'A',
    'X1',
    '1.5',
    repeatTo('9', Math.min(max, 13)),
    '-1',
    '#',
  ];
  for (const c of candidates) {
    if (c === '' || c.length > max) continue;
    if (!f.format.test(c)) return c;
  }
  return undefined;
}

/** a value in the right format that no code list in force contains */
function outsideList(f: FieldSpec, current: string | undefined, refDate: string | undefined): string | undefined {
  const key = `${f.table}.${f.name}`;
  const list = f.name === 'MA_KHOA' ? maKhoaList() : listInForce(key, refDate)?.list;
  if (!list) return undefined;
  const codes: ReadonlySet<string> = list.codes;
  const cur = current ?? '';
  const candidates = f.name === 'MA_KHOA' ? ['K98', 'K97', 'K61'] : [];
  // vary the current code digit by digit, then try generic codes of every shape
  for (let i = cur.length - 1; i >= 0; i--) {
    if (!isDigits(cur[i])) continue;
    for (let dgt = 9; dgt >= 0; dgt--) candidates.push(cur.slice(0, i) + String(dgt) + cur.slice(i + 1));
  }
  candidates.push('9', '0', '99', '98', '999', '90', '9.9', '99.99', 'Z', 'ZZ', 'U99.9', 'X99');
  // never a code the list accepts through a listed upper level (occupations: 61110 under group 61 is valid)
  const fits = (c: string) => !codes.has(c) && !underListedGroup(list.file, codes, c) && (f.maxLength === null || c.length <= f.maxLength);
  // prefer a code in the right format; where the format is the list itself (enums), any code outside it
  return candidates.find((c) => fits(c) && (!f.format || f.format.test(c))) ?? candidates.find(fits);
}

/**
 * Conditional fields the scenarios leave out: make the condition true and keep the field absent. Returns a
 * reference date when the condition is a visit date (then retry on an encounter of that date).
 */
const CONDITION_SETUPS: Record<string, (row: RowValues) => string | void> = {
  'XML0.MA_VAT_TU': (r) => void Object.assign(r, { MA_DICH_VU: undefined, TEN_DICH_VU: undefined, MA_THUOC: undefined, TEN_THUOC: undefined }),
  'XML0.TEN_VAT_TU': (r) => void Object.assign(r, { MA_VAT_TU: 'N03.02.070' }),
  'XML0.MA_THUOC': (r) => void Object.assign(r, { MA_DICH_VU: undefined, TEN_DICH_VU: undefined, MA_VAT_TU: undefined, TEN_VAT_TU: undefined }),
  'XML0.TEN_THUOC': (r) => void Object.assign(r, { MA_THUOC: '40.48' }),
  'XML0.MA_DICH_VU': (r) => void Object.assign(r, { MA_THUOC: undefined, TEN_THUOC: undefined, MA_VAT_TU: undefined, TEN_VAT_TU: undefined }),
  'XML0.TEN_DICH_VU': (r) => void Object.assign(r, { MA_DICH_VU: '02.1896' }),
  'XML0.LY_DO_VNT': (r) => void Object.assign(r, { NGAY_VAO_NOI_TRU: r.NGAY_VAO }),
  'XML1.MAHUYEN_CU_TRU': () => '2025-06-20',
  'XML9.MAHUYEN_CU_TRU': () => '2025-06-20',
  'XML12.MAHUYEN_CU_TRU': () => '2025-06-20',
  'XML3.MA_XANG_DAU': (r) => void Object.assign(r, { MA_NHOM: '12' }),
  'XML3.TT_THAU': (r) => void Object.assign(r, { MA_NHOM: '10' }),
  'XML7.NGUYENNHAN_DINHCHI': (r) => void Object.assign(r, { MA_DINH_CHI_THAI: '1', THOIGIAN_DINHCHI: r.NGAY_VAO, TUOI_THAI: '12' }),
  'XML7.THOIGIAN_DINHCHI': (r) => void Object.assign(r, { MA_DINH_CHI_THAI: '1', NGUYENNHAN_DINHCHI: 'Thai lưu', TUOI_THAI: '12' }),
  'XML7.TUOI_THAI': (r) => void Object.assign(r, { MA_DINH_CHI_THAI: '1', NGUYENNHAN_DINHCHI: 'Thai lưu', THOIGIAN_DINHCHI: r.NGAY_VAO }),
  'XML7.SO_NGAY_NGHI': (r) => void Object.assign(r, { NGOAITRU_TUNGAY: r.NGAY_CT, NGOAITRU_DENNGAY: r.NGAY_CT }),
  'XML7.NGOAITRU_TUNGAY': (r) => void Object.assign(r, { SO_NGAY_NGHI: '1', NGOAITRU_DENNGAY: r.NGAY_CT }),
  'XML7.NGOAITRU_DENNGAY': (r) => void Object.assign(r, { SO_NGAY_NGHI: '1', NGOAITRU_TUNGAY: r.NGAY_CT }),
  'XML6.PHACDO_DTRI_LAO': (r) => void Object.assign(r, { LOAI_DTRI_LAO: '1', NGAYBD_DTRI_LAO: r.NGAYKD_HIV, NGAYKT_DTRI_LAO: r.NGAYKD_HIV }),
  'XML6.NGAYBD_DTRI_LAO': (r) => void Object.assign(r, { LOAI_DTRI_LAO: '1', PHACDO_DTRI_LAO: '1', NGAYKT_DTRI_LAO: r.NGAYKD_HIV }),
  'XML6.NGAYKT_DTRI_LAO': (r) => void Object.assign(r, { LOAI_DTRI_LAO: '1', PHACDO_DTRI_LAO: '1', NGAYBD_DTRI_LAO: r.NGAYKD_HIV }),
  'XML6.LAN_XN_PCR': (r) => void Object.assign(r, { MA_TINH_TRANG_DK: '1', NGAY_XN_PCR: r.NGAYKD_HIV, NGAY_KQ_XN_PCR: r.NGAYKD_HIV, MA_KQ_XN_PCR: '0' }),
  'XML6.NGAY_XN_PCR': (r) => void Object.assign(r, { MA_TINH_TRANG_DK: '1', LAN_XN_PCR: '1', NGAY_KQ_XN_PCR: r.NGAYKD_HIV, MA_KQ_XN_PCR: '0' }),
  'XML6.NGAY_KQ_XN_PCR': (r) => void Object.assign(r, { MA_TINH_TRANG_DK: '1', LAN_XN_PCR: '1', NGAY_XN_PCR: r.NGAYKD_HIV, MA_KQ_XN_PCR: '0' }),
  'XML6.MA_KQ_XN_PCR': (r) => void Object.assign(r, { MA_TINH_TRANG_DK: '1', LAN_XN_PCR: '1', NGAY_XN_PCR: r.NGAYKD_HIV, NGAY_KQ_XN_PCR: r.NGAYKD_HIV }),
  'XML2.MA_DICH_VU': (r) => void Object.assign(r, { MA_NHOM: '7', MA_THUOC: 'B.01.KT', SO_DANG_KY: undefined, TT_THAU: undefined }),
  'XML6.MA_BAC_PHAC_DO': (r) => void Object.assign(r, { MA_PHAC_DO_DIEU_TRI: 'KHAC' }),
  'XML11.NGUYENNHAN_DINHCHI': (r) => void Object.assign(r, { MA_DINH_CHI_THAI: '1', TUOI_THAI: '12' }),
  'XML11.TUOI_THAI': (r) => void Object.assign(r, { MA_DINH_CHI_THAI: '1', NGUYENNHAN_DINHCHI: 'Thai lưu' }),
};

/** the row to mutate: the first row holding a value for the field, else the first row */
function targetRow(rows: RowValues[], field: string): RowValues {
  return rows.find((r) => r[field] !== undefined && r[field] !== '') ?? rows[0];
}

/** A generated row seen as the engine sees it, for the predicates of conditions.ts. */
function asParsedRow(table: string, r: RowValues): Row {
  const values = new Map<string, FieldValue>();
  for (const [name, value] of Object.entries(r)) {
    if (value === undefined) continue;
    values.set(name, { name, value, present: true, empty: value.trim() === '', line: 0, col: 0, cdata: false });
  }
  return { table, index: 0, line: 0, col: 0, values, elementOrder: [...values.keys()], unknownElements: [], duplicateElements: [], element: undefined as unknown as Row['element'] };
}

/** For a conditional field: the first row holding a value where the condition holds (dropping it is then a finding). */
function conditionedRow(rows: RowValues[], table: string, field: string): RowValues | undefined {
  const cond = CONDITIONS[`${table}.${field}`];
  if (cond?.kind !== 'predicate') return undefined;
  return rows.find((r) => r[field] !== undefined && r[field] !== '' && cond.when(asParsedRow(table, r), {}));
}

function fieldOperator(spec: TableSpec, f: FieldSpec, kind: string): Operator {
  return (d) => {
    const rows = rowsOf(d, spec.table);
    if (!rows || rows.length === 0) return na(`${spec.table} is not sent in this scenario`);
    const row = (kind === 'REQUIRED' ? conditionedRow(rows, spec.table, f.name) : undefined) ?? targetRow(rows, f.name);
    const current = row[f.name];
    switch (kind) {
      case 'REQUIRED': {
        const cond = CONDITIONS[`${spec.table}.${f.name}`];
        // a conditional field may be the condition of another one: never batch it
        if (cond) d.solo = true;
        if (cond?.kind === 'skip') return na(`the engine does not check this condition (${cond.reason_en})`);
        if (current === undefined || current === '') {
          // a conditional field absent here: create the condition, leave the field out
          const setup = CONDITION_SETUPS[`${spec.table}.${f.name}`];
          if (setup) {
            d.solo = true;
            const retry = setup(row);
            if (retry) return na(`the condition needs a visit before 2025-07-01`, retry);
            return `created the condition of ${spec.table}.${f.name} without the field`;
          }
          return na(`${f.name} is not filled in this scenario`);
        }
        if (cond?.kind === 'predicate' && !cond.when(asParsedRow(spec.table, row), {})) {
          // the field is filled where its condition does not hold (e.g. MA_BAC_PHAC_DO beside a listed regimen):
          // dropping it there is no mistake; create the condition on that row, then drop the field
          const setup = CONDITION_SETUPS[`${spec.table}.${f.name}`];
          if (!setup) return na(`${f.name} is filled only where its condition does not hold`);
          d.solo = true;
          const retry = setup(row);
          if (retry) return na(`the condition needs a visit before 2025-07-01`, retry);
          row[f.name] = undefined;
          return `created the condition of ${spec.table}.${f.name} and dropped the field`;
        }
        row[f.name] = undefined;
        return `dropped ${spec.table}.${f.name}`;
      }
      case 'LENGTH': {
        if (f.maxLength === null) return na('no maximum length');
        row[f.name] = tooLong(f, current);
        return `${spec.table}.${f.name} set to ${f.maxLength + 1} characters`;
      }
      case 'TYPE': {
        const v = wrongType(f);
        if (v === undefined) return na('string field: no type to break');
        row[f.name] = v;
        return `${spec.table}.${f.name} = "${v}" (wrong type)`;
      }
      case 'FORMAT': {
        if (!f.format && f.multiValueSeparator) {
          // the engine's FORMAT rule of a list field without a pattern is its item count (MAX_ITEMS)
          const item = current?.split(f.multiValueSeparator)[0] || 'A';
          row[f.name] = Array.from({ length: 13 }, () => item).join(f.multiValueSeparator);
          return `${spec.table}.${f.name} with 13 items`;
        }
        const v = wrongFormat(f, current);
        if (v === undefined) return na('no format');
        row[f.name] = v;
        return `${spec.table}.${f.name} = "${v}" (breaks ${f.formatSource})`;
      }
      case 'CODELIST': {
        const ra = d.tables.XML1?.[0]?.NGAY_RA ?? d.checkin[0]?.NGAY_VAO;
        const refDate = ra?.slice(0, 8);
        const isIcd = ['MA_BENH_CHINH', 'MA_BENH_KT', 'MA_BENH'].includes(f.name);
        if (isIcd && refDate !== undefined && refDate >= '20260701') {
          // from 01/07/2026 (TT 06/2026, list not available as data) unknown codes are only "unverified"
          return na('ICD-10 codes after 2026-07-01 cannot be refuted (TT 06 list not available)', '2026-06-20');
        }
        const choice = listInForce(`${spec.table}.${f.name}`, refDate);
        if (choice?.outOfRange && refDate !== undefined && choice.list.to !== null && refDate > choice.list.to) {
          // e.g. MAHUYEN_CU_TRU after 2025-07-01: the only list ended and nothing replaced it; the engine skips
          // retry with a visit while the list was in force (first day of its last month)
          const to = choice.list.to;
          return na(`the only list for ${f.name} ended on ${to}, before the visit (the engine skips it)`, `${to.slice(0, 4)}-${to.slice(4, 6)}-01`);
        }
        const v = outsideList(f, current?.split(f.multiValueSeparator ?? '\u0000')[0], refDate);
        if (v === undefined) return na('no value outside the list fits the format');
        row[f.name] = v;
        return `${spec.table}.${f.name} = "${v}" (not in the code list)`;
      }
      default:
        return na(`unknown field rule kind ${kind}`);
    }
  };
}

function structureOperator(spec: TableSpec, kind: string): Operator {
  return (d) => {
    const rows = rowsOf(d, spec.table);
    if (!rows || rows.length === 0) return na(`${spec.table} is not sent in this scenario`);
    const editRow = (edit: (text: string) => string) => {
      if (spec.table === 'XML0') d.checkinEdit = edit;
      else d.tableText.set(spec.table, edit);
    };
    const first = spec.fields[0].name; // MA_LK (or the first field of XML12)
    switch (kind) {
      case 'UNKNOWN_ELEMENT':
        rows[0].TRUONG_KHONG_CO = '1';
        return `added <TRUONG_KHONG_CO> to the first ${spec.rowElement}`;
      case 'DUPLICATE_ELEMENT':
        editRow((t) => t.replace(new RegExp(`(\\s*<${first}>[^<]*</${first}>)`), '$1$1'));
        return `repeated <${first}> in the first ${spec.rowElement}`;
      case 'LIST_MISSING': {
        if (!spec.listElement) return na(`${spec.table} holds a single record (no list element)`);
        const list = spec.listElement;
        editRow((t) => t.replace(new RegExp(`\\s*<${list}>`), '').replace(new RegExp(`\\s*</${list}>`), ''));
        return `rows of ${spec.table} written without <${list}>`;
      }
      case 'ORDER': {
        const present = spec.fields.filter((f) => rows[0][f.name] !== undefined && rows[0][f.name] !== '');
        if (present.length < 2) return na('fewer than two fields');
        const a = present[0].name;
        // move the first element after the second (both are written on their own line)
        editRow((t) => t.replace(new RegExp(`(\\s*<${a}>(?:[^<]|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)*</${a}>)(\\s*<${present[1].name}>(?:[^<]|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)*</${present[1].name}>)`), '$2$1'));
        return `swapped <${a}> and <${present[1].name}> in the first ${spec.rowElement}`;
      }
      default:
        return na(`unknown structure rule kind ${kind}`);
    }
  };
}

// ---------------------------------------------------------------------------------------------------
// hand-written operators

const plusOne = (v: string | undefined) => toFixed(add(dec(v ?? '0'), dec('1')), 2);

function xml1(d: Draft): RowValues {
  return d.tables.XML1![0];
}

function bumpXml1(field: string): Operator {
  return (d) => {
    const r = xml1(d);
    r[field] = plusOne(r[field]);
    return `XML1.${field} + 1`;
  };
}

/** the first XML2 or XML3 line holding `field` */
function lineWith(d: Draft, field: string, tables = ['XML2', 'XML3']): RowValues | undefined {
  for (const t of tables) {
    const hit = d.tables[t]?.find((r) => r[field] !== undefined && r[field] !== '');
    if (hit) return hit;
  }
  return undefined;
}

const minutes = (v: string) => parseDt(v);

function withSigner(pick: (pki: ReturnType<typeof loadTestPki>, facility: string) => KeyMaterial | undefined, what: string): Operator {
  return (d) => {
    const k = pick(loadTestPki(), d.enc.facility.code);
    if (!k) return na(`no ${what} key in the test PKI`);
    d.signer = k;
    return `signed with ${what}`;
  };
}

function signedText(edit: (t: string) => string, description: string): Operator {
  return (d) => {
    d.signedEdit = edit;
    return description;
  };
}

function dropTable(table: string): Operator {
  return (d) => {
    if (!d.tables[table]) return na(`${table} is not sent in this scenario`);
    delete d.tables[table];
    return `removed ${table}`;
  };
}

const LOAI_INPATIENT = ['03', '04', '09'];

export const HAND_WRITTEN: Record<string, Operator> = {
  'CROSS.MA_LK.ORPHAN': (d) => {
    const t = ['XML2', 'XML3', 'XML4', 'XML5', 'XML7', 'XML8', 'XML14'].find((x) => d.tables[x]?.length);
    if (!t) return na('no table besides XML1');
    for (const r of d.tables[t]!) r.MA_LK = `${r.MA_LK}X`;
    return `${t} rows carry an MA_LK without XML1`;
  },
  'CROSS.MA_LK.MISMATCH': (d) => {
    const t = ['XML3', 'XML2', 'XML4', 'XML7', 'XML14'].find((x) => d.tables[x]?.length);
    if (!t) return na('no table besides XML1');
    d.tables[t]![0].MA_LK = `${d.enc.MA_LK}9`;
    return `${t} row 1 carries another MA_LK`;
  },
  'CROSS.STT.SEQUENCE': (d) => {
    const t = ['XML3', 'XML2', 'XML4', 'XML5'].find((x) => d.tables[x]?.length);
    if (!t) return na('no list table');
    const rows = d.tables[t]!;
    rows[rows.length - 1].STT = String(rows.length + 1);
    return `${t}: last STT skips a number`;
  },
  'CROSS.XML2.THANH_TIEN_BV': (d) => {
    const r = d.tables.XML2?.[0];
    if (!r) return na('no XML2');
    r.THANH_TIEN_BV = plusOne(r.THANH_TIEN_BV);
    return 'XML2 line 1 THANH_TIEN_BV + 1';
  },
  'CROSS.XML3.THANH_TIEN_BV': (d) => {
    const r = d.tables.XML3?.[0];
    if (!r) return na('no XML3');
    r.THANH_TIEN_BV = plusOne(r.THANH_TIEN_BV);
    return 'XML3 line 1 THANH_TIEN_BV + 1';
  },
  'CROSS.LINE.THANH_TIEN_BH': (d) => {
    const r = lineWith(d, 'THANH_TIEN_BH');
    if (!r) return na('no cost line');
    r.THANH_TIEN_BH = plusOne(r.THANH_TIEN_BH);
    return 'line THANH_TIEN_BH + 1';
  },
  'CROSS.LINE.T_NGUONKHAC': (d) => {
    const r = lineWith(d, 'T_NGUONKHAC');
    if (!r) return na('no cost line');
    r.T_NGUONKHAC_NSNN = '1000';
    return 'line T_NGUONKHAC_NSNN = 1000 while T_NGUONKHAC stays';
  },
  'CROSS.LINE.SPLIT': (d) => {
    const r = lineWith(d, 'T_BNCCT');
    if (!r) return na('no cost line');
    r.T_BNCCT = plusOne(r.T_BNCCT);
    return 'line T_BNCCT + 1 (split no longer adds up)';
  },
  'CROSS.MONEY.NEGATIVE': (d) => {
    const r = lineWith(d, 'T_BNTT');
    if (!r) return na('no cost line');
    r.T_BNTT = `-${r.T_BNTT}`.replace(/^-0(\.0+)?$/, '-1.00');
    return 'line T_BNTT negative';
  },
  'CROSS.LINE.CO_PAYMENT': (d) => {
    // the co-payment written into T_BNTT instead of T_BNCCT (seen in real exports); the split still adds up
    const r = ['XML2', 'XML3'].flatMap((t) => d.tables[t] ?? []).find((x) => Number(x.T_BNCCT) > 0);
    if (!r) return na('no line with a co-payment (100 % benefit or uninsured)');
    r.T_BNTT = toFixed(add(dec(r.T_BNTT!), dec(r.T_BNCCT!)), 2);
    r.T_BNCCT = '0.00';
    return 'line co-payment moved from T_BNCCT into T_BNTT';
  },
  'CROSS.VALUE.PLACEHOLDER': (d) => {
    const r = xml1(d);
    r.HO_TEN = 'undefined';
    return 'XML1 HO_TEN = "undefined" (an unset variable printed by the HIS)';
  },
  'CROSS.T_THUOC.SUM': bumpXml1('T_THUOC'),
  'CROSS.T_VTYT.SUM': bumpXml1('T_VTYT'),
  'CROSS.T_TONGCHI_BV.SUM': bumpXml1('T_TONGCHI_BV'),
  'CROSS.T_TONGCHI_BH.SUM': bumpXml1('T_TONGCHI_BH'),
  'CROSS.T_BNTT.SUM': bumpXml1('T_BNTT'),
  'CROSS.T_BNCCT.SUM': bumpXml1('T_BNCCT'),
  'CROSS.T_NGUONKHAC.SUM': bumpXml1('T_NGUONKHAC'),
  'CROSS.T_BHTT.FORMULA': bumpXml1('T_BHTT'),
  'CROSS.TIME.STAY_ORDER': (d) => {
    const r = xml1(d);
    [r.NGAY_VAO, r.NGAY_RA] = [r.NGAY_RA, r.NGAY_VAO];
    return 'XML1 NGAY_VAO and NGAY_RA swapped';
  },
  'CROSS.TIME.ORDER_IN_STAY': (d) => {
    const r = lineWith(d, 'NGAY_YL');
    if (!r) return na('no cost line');
    const before = dt12(minutes(xml1(d).NGAY_VAO!) - 60);
    r.NGAY_YL = before;
    if (r.NGAY_TH_YL) r.NGAY_TH_YL = before;
    return 'a line ordered one hour before NGAY_VAO';
  },
  'CROSS.TIME.EXECUTION_AFTER_ORDER': (d) => {
    const r = lineWith(d, 'NGAY_TH_YL');
    if (!r) return na('no executed line');
    r.NGAY_TH_YL = dt12(minutes(r.NGAY_YL!) - 1);
    return 'NGAY_TH_YL one minute before NGAY_YL';
  },
  'CROSS.TIME.RESULT_AFTER_ORDER': (d) => {
    const r = d.tables.XML3?.find((x) => x.NGAY_KQ);
    if (!r) return na('no result time');
    r.NGAY_KQ = dt12(minutes(r.NGAY_YL!) - 1);
    return 'XML3 NGAY_KQ one minute before NGAY_YL';
  },
  'CROSS.TIME.CLINICAL_EVENT_IN_STAY': (d) => {
    const r = d.tables.XML5?.[0];
    if (!r) return na('no XML5');
    r.THOI_DIEM_DBLS = dt12(minutes(xml1(d).NGAY_RA!) + 24 * 60);
    return 'XML5 entry dated a day after NGAY_RA';
  },
  'CROSS.TIME.XML14_DATES': (d) => {
    const r = d.tables.XML14?.[0];
    if (!r) return na('no XML14');
    // the appointment one day before discharge
    r.NGAY_HEN_KL = dt12(minutes(xml1(d).NGAY_RA!) - 24 * 60);
    return 'XML14 NGAY_HEN_KL a day before NGAY_RA';
  },
  'CROSS.MA_LOAI_KCB.UNDER_4H': (d) => {
    const r = xml1(d);
    if (!['03', '04'].includes(r.MA_LOAI_KCB!)) return na('not an inpatient or day stay');
    r.NGAY_RA = dt12(minutes(r.NGAY_VAO_NOI_TRU ?? r.NGAY_VAO!) + 60);
    return 'stay shortened to one hour';
  },
  'CROSS.MA_LOAI_KCB.EXAM_DURATION': (d) => {
    const r = xml1(d);
    if (r.MA_LOAI_KCB !== '01') return na('not an exam visit');
    r.NGAY_RA = dt12(minutes(r.NGAY_VAO!) + 3 * 24 * 60);
    return 'exam visit lasting three days';
  },
  'CROSS.SO_NGAY_DTRI.FORMULA': (d) => {
    const r = xml1(d);
    if (!['01', '07', '09', '02', '03', '04', '06'].includes(r.MA_LOAI_KCB!)) return na('the formula covers 01/07/09 and 02/03/04/06 only');
    r.SO_NGAY_DTRI = String(Number(r.SO_NGAY_DTRI) + 1);
    return 'SO_NGAY_DTRI + 1';
  },
  'CROSS.INPATIENT.REQUIRED_FIELDS': (d) => {
    const r = xml1(d);
    if (!LOAI_INPATIENT.includes(r.MA_LOAI_KCB!)) return na('not an inpatient stay');
    r.LY_DO_VNT = undefined;
    return 'LY_DO_VNT dropped on an inpatient stay';
  },
  'CROSS.INPATIENT.EXAM_FEE': (d) => {
    const r = xml1(d);
    if (!LOAI_INPATIENT.includes(r.MA_LOAI_KCB!)) return na('not an inpatient stay');
    const exam = d.tables.XML3?.find((x) => x.MA_NHOM === '13');
    if (!exam) return na('no exam line');
    d.tables.XML3!.push({ ...exam, STT: String(d.tables.XML3!.length + 1) });
    return 'a second exam billed during an inpatient stay';
  },
  'CROSS.DOCUMENT.XML7': (d) => (['1', '4'].includes(xml1(d).MA_LOAI_RV!) ? dropTable('XML7')(d) : na('XML7 is required only for MA_LOAI_RV 1 or 4')),
  'CROSS.DOCUMENT.XML13': dropTable('XML13'),
  'CROSS.DOCUMENT.XML8_VISIT_TYPE': (d) => {
    const r = xml1(d);
    if (d.tables.XML8?.length || ['03', '04', '06'].includes(r.MA_LOAI_KCB!)) return na('a visit type with a record summary');
    d.tables.XML8 = [
      {
        MA_LK: r.MA_LK,
        MA_LOAI_KCB: r.MA_LOAI_KCB,
        NGAY_VAO: r.NGAY_VAO,
        NGAY_RA: r.NGAY_RA,
        CHAN_DOAN_VAO: r.CHAN_DOAN_VAO ?? r.CHAN_DOAN_RV,
        CHAN_DOAN_RV: r.CHAN_DOAN_RV,
        QT_BENHLY: r.LY_DO_VV ?? 'Khám bệnh',
        TOMTAT_KQ: 'Không có kết quả cận lâm sàng bất thường',
        PP_DIEUTRI: r.PP_DIEU_TRI ?? 'Điều trị nội khoa',
        KET_QUA_DTRI: r.KET_QUA_DTRI,
        MA_TTDV: r.MA_TTDV,
        NGAY_CT: r.NGAY_RA?.slice(0, 8),
      },
    ];
    return `XML8 sent for a visit of type ${r.MA_LOAI_KCB}`;
  },
  'CROSS.XML6.ARV_DAYS': (d) => {
    const r = d.tables.XML6?.[0];
    if (!r?.SO_NGAY_CAP_THUOC_ARV || !r.NGAY_BAT_DAU_XU_TRI || !r.NGAY_KET_THUC_XU_TRI) return na('no ARV supply in XML6');
    r.SO_NGAY_CAP_THUOC_ARV = '365';
    return 'SO_NGAY_CAP_THUOC_ARV = 365, beyond the treatment period';
  },
  'CROSS.DOCUMENT.XML14': (d) => (xml1(d).NGAY_TAI_KHAM ? dropTable('XML14')(d) : na('no re-exam date')),
  'CROSS.DOCUMENT.XML4': (d) => (d.tables.XML3?.some((r) => ['1', '2', '3'].includes(r.MA_NHOM!)) ? dropTable('XML4')(d) : na('no lab or imaging line')),
  'CROSS.IDENTITY.XML1_MATCH': (d) => {
    // fields the check sheet says must equal XML1 when filled
    const t = ['XML14', 'XML13', 'XML15'].find((x) => d.tables[x]?.[0]);
    if (!t) return na('no table repeating the identity');
    const field = t === 'XML14' ? 'DIA_CHI' : 'HO_TEN';
    d.tables[t]![0][field] = `${d.tables[t]![0][field]} A`;
    return `${t}.${field} differs from XML1`;
  },
  'SIG.PRESENT': (d) => {
    d.signer = null;
    return 'unsigned';
  },
  'SIG.COUNT': signedText((t) => t.replace(/(<Signature[\s\S]*<\/Signature>)/, '$1$1'), 'a second Signature in CHUKYDONVI'),
  'SIG.LOCATION': signedText((t) => t.replace(/<CHUKYDONVI>(<Signature[\s\S]*<\/Signature>)<\/CHUKYDONVI>/, '<CHUKYDONVI></CHUKYDONVI>$1'), 'Signature moved out of CHUKYDONVI'),
  'SIG.STRUCTURE': signedText((t) => t.replace(/<SignatureValue>[^<]*<\/SignatureValue>/, ''), 'SignatureValue removed'),
  'SIG.REFERENCE.URI': signedText((t) => t.replace(/URI=""/, 'URI="#HS1"'), 'Reference URI="#HS1"'),
  'SIG.TRANSFORMS': signedText((t) => t.replace('http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/TR/1999/REC-xslt-19991116'), 'enveloped-signature transform replaced by XSLT'),
  'SIG.ALGORITHMS': signedText((t) => t.replace('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'), 'SignatureMethod rsa-sha1'),
  'SIG.DIGEST': signedText((t) => t.replace('<THONGTINDONVI>', ' <THONGTINDONVI>').replace('<DSACH_TRANG_THAI_KCB>', ' <DSACH_TRANG_THAI_KCB>'), 'one signed byte changed (a space added)'),
  'SIG.VALUE': signedText((t) => {
    const start = t.indexOf('<SignatureValue>') + '<SignatureValue>'.length;
    // the first letter or digit after the 20th character (never '+', '/', '=' or a line break)
    let i = start + 20;
    while (!/[A-Za-z0-9]/.test(t[i])) i++;
    return `${t.slice(0, i)}${t[i] === 'A' ? 'B' : 'A'}${t.slice(i + 1)}`;
  }, 'one character of SignatureValue changed'),
  'SIG.CERT.REGISTERED': withSigner((pki, f) => Object.entries(pki.facilities).find(([code]) => code !== f)?.[1], "another facility's certificate"),
  'SIG.CERT.VALIDITY': withSigner((pki) => pki.expired, 'an expired certificate'),
  'SIG.CERT.CHAIN': withSigner((pki) => pki.rogue, 'a certificate from a rogue CA'),
  'SIG.CERT.KEYUSAGE': withSigner((pki) => pki.noSigning, 'a certificate without signing key usage'),
};

const receivedDaysAfterDischarge = (days: number): Operator => (d) => {
  d.receivedAt = isoLocal(minutes(xml1(d).NGAY_RA!) + days * 24 * 60);
  return `received ${days} days after NGAY_RA`;
};

/** Operators of the QĐ 2733 pilot rules. */
export const PILOT_OPERATORS: Record<string, Operator> = {
  'PILOT.IDENTITY.UNINSURED_ID': (d) => {
    const r = xml1(d);
    if (r.MA_THE_BHYT) return na('insured visit');
    r.SO_CCCD = undefined;
    return 'non-insured visit without SO_CCCD';
  },
  'PILOT.IDENTITY.CARD_FORMAT': (d) => {
    const r = xml1(d);
    if (!r.MA_THE_BHYT) return na('no card');
    r.MA_THE_BHYT = `${r.MA_THE_BHYT.slice(0, 2)}7${r.MA_THE_BHYT.slice(3)}`;
    return 'card benefit level 7';
  },
  'PILOT.IDENTITY.PERSONAL_ID': (d) => {
    const r = xml1(d);
    const id = r.SO_CCCD;
    if (!id || !/^\d{12}$/.test(id)) return na('no 12-digit personal ID');
    // century/sex digit no longer matches GIOI_TINH
    r.SO_CCCD = `${id.slice(0, 3)}${Number(id[3]) ^ 1}${id.slice(4)}`;
    for (const t of ['XML13', 'XML15']) if (d.tables[t]?.[0]?.SO_CCCD) d.tables[t]![0].SO_CCCD = r.SO_CCCD;
    return 'SO_CCCD century/sex digit contradicts GIOI_TINH';
  },
  'PILOT.HEALTHBOOK.FIELDS': (d) => {
    const r = xml1(d);
    if (!r.SO_CCCD || !r.MA_THE_BHYT) return na('an uninsured patient needs SO_CCCD for identity (PILOT.IDENTITY.UNINSURED_ID)');
    r.SO_CCCD = undefined;
    return 'health-book item SO_CCCD left empty';
  },
  'PILOT.HEALTHBOOK.UNINSURED_TABLES': (d) => (xml1(d).MA_THE_BHYT ? na('insured visit') : dropTable('XML8')(d)),
  'PILOT.HEALTHBOOK.SUMMARY_CONTENT': (d) => {
    const r = d.tables.XML8?.[0];
    if (!r) return na('no XML8');
    r.QT_BENHLY = '.';
    return 'XML8 QT_BENHLY = "."';
  },
  'PILOT.TIMELINESS.SEND_AFTER_VISIT': receivedDaysAfterDischarge(4),
  'PILOT.TIMELINESS.FINALISE_WORKING_DAYS': receivedDaysAfterDischarge(15),
  'PILOT.TIMELINESS.MONTHLY_DEADLINE': receivedDaysAfterDischarge(50),
  'PILOT.CHECKIN.AFTER_FIRST_COST': (d) => {
    const r = d.checkin[0];
    d.kind = 'CHECKIN';
    if (r.MA_DOITUONG_KCB === '2') return na('emergency: no check-in needed');
    r.NGAY_YL = dt12(minutes(r.NGAY_VAO_NOI_TRU ?? r.NGAY_VAO!) - 10);
    return 'check-in first cost ten minutes before arrival';
  },
  'PILOT.CHECKIN.FIRST_COST_ITEM': (d) => {
    const r = d.checkin[0];
    d.kind = 'CHECKIN';
    if (r.MA_DOITUONG_KCB === '2') return na('emergency: no check-in needed');
    if (r.MA_THUOC) Object.assign(r, { MA_DICH_VU: '02.1896', TEN_DICH_VU: 'Khám Nội' });
    else Object.assign(r, { MA_THUOC: '40.48', TEN_THUOC: 'Paracetamol 500mg' });
    return 'check-in names two first costs';
  },
};

/** Operators of the envelope-level checks (conformance/envelope: ENVELOPE.*). */
export const ENVELOPE_OPERATORS: Record<string, Operator> = {
  'ENVELOPE.SIZE': (d) => {
    d.checkOptions = { limits: { maxBytes: 1024 } };
    return 'checked with a 1 KiB size limit';
  },
  'ENVELOPE.EMPTY': (d) => {
    d.bytesEdit = () => new Uint8Array(0);
    return 'empty body';
  },
  'ENVELOPE.ENCODING': (d) => {
    d.bytesEdit = (b) => {
      const out = new Uint8Array(b);
      out[out.indexOf(0x3c, 40) + 1] = 0xff; // a byte that is never valid UTF-8, inside an element name
      return out;
    };
    return 'an invalid UTF-8 byte';
  },
  'ENVELOPE.FILE_TYPE': (d) => {
    // what a HIS sends when it attaches the printed record instead of the export
    d.bytesEdit = (b) => new Uint8Array([...Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), ...b]);
    return 'a PDF document';
  },
  'ENVELOPE.XML': signedText((t) => t.replace('</THONGTINDONVI>', ''), 'a closing tag removed'),
  'ENVELOPE.ROOT': signedText((t) => t.replace(/<GIAMDINHHS\b/, '<GIAMDINH_HS').replace('</GIAMDINHHS>', '</GIAMDINH_HS>'), 'root renamed GIAMDINH_HS'),
  'ENVELOPE.STRUCTURE': signedText((t) => t.replace(/<THONGTINDONVI>[\s\S]*?<\/THONGTINDONVI>/, ''), 'THONGTINDONVI removed'),
  'ENVELOPE.SOLUONGHOSO': signedText((t) => t.replace(/<SOLUONGHOSO>\d+<\/SOLUONGHOSO>/, '<SOLUONGHOSO>2</SOLUONGHOSO>'), 'SOLUONGHOSO 2 for one HOSO'),
  'ENVELOPE.LOAIHOSO': signedText((t) => t.replace(/<LOAIHOSO>XML1<\/LOAIHOSO>/, '<LOAIHOSO>XML99</LOAIHOSO>'), 'LOAIHOSO XML99'),
  'ENVELOPE.LOAIHOSO_XML12': (d) => {
    const xml12 = '<?xml version="1.0" encoding="utf-8"?>\n<CHI_TIEU_GIAM_DINH_YKHOA><DSACH_GIAM_DINH_YKHOA></DSACH_GIAM_DINH_YKHOA></CHI_TIEU_GIAM_DINH_YKHOA>\n';
    const file = `<FILEHOSO>\n          <LOAIHOSO>XML12</LOAIHOSO>\n          <NOIDUNGFILE>${Buffer.from(xml12, 'utf8').toString('base64')}</NOIDUNGFILE>\n        </FILEHOSO>\n      </HOSO>`;
    d.signedEdit = (t) => t.replace('</HOSO>', file);
    return 'an XML12 file inside the HIS package';
  },
  'ENVELOPE.BASE64': signedText((t) => t.replace(/<NOIDUNGFILE>(.{8})/, '<NOIDUNGFILE>$1*'), 'a "*" inside NOIDUNGFILE'),
  'ENVELOPE.TABLE_ROOT': (d) => {
    d.tableText.set('XML1', (t) => t.replace(/<TONG_HOP>/, '<TONGHOP>').replace('</TONG_HOP>', '</TONGHOP>'));
    d.solo = true;
    return 'XML1 root renamed TONGHOP';
  },
  'ENVELOPE.LAYOUT_MISMATCH': (d) => {
    if (!d.tables.XML13) return na('no XML13 (the layouts differ only there)');
    d.checkOptions = { endpoint: d.enc.layout === '3176' ? 'guiHoSoXmlQD4750' : 'guiHoSoXmlQD3176', layout: undefined };
    return `sent to the ${d.enc.layout === '3176' ? '4750' : '3176'} endpoint`;
  },
  'ENVELOPE.LAYOUT_GUESSED': (d) => {
    // checked offline with nothing to decide the layout: no endpoint, no XML13, no visit date in XML1
    if (d.tables.XML13) d.tables.XML13 = undefined;
    const x1 = d.tables.XML1?.[0];
    if (!x1) return na('no XML1');
    x1.NGAY_VAO = undefined;
    x1.NGAY_RA = undefined;
    d.checkOptions = { endpoint: undefined, layout: undefined };
    return 'no endpoint, XML13 dropped, XML1 NGAY_VAO/NGAY_RA dropped';
  },
  'ENVELOPE.MACSKCB': signedText((t) => t.replace(/<MACSKCB>[^<]*<\/MACSKCB>/, '<MACSKCB>5200</MACSKCB>'), 'MACSKCB of four characters'),
  'ENVELOPE.NGAYLAP': signedText((t) => t.replace(/<NGAYLAP>[^<]*<\/NGAYLAP>/, '<NGAYLAP>20261332</NGAYLAP>'), 'NGAYLAP 20261332'),
};

/** Envelope check ids with an operator (ENGINE.INTERNAL is a crash report, not a rule). */
export const ENVELOPE_RULE_IDS = Object.keys(ENVELOPE_OPERATORS);

// ---------------------------------------------------------------------------------------------------

const FIELD_KINDS = new Set(['REQUIRED', 'TYPE', 'LENGTH', 'FORMAT', 'CODELIST']);
const STRUCTURE_KINDS = new Set(['UNKNOWN_ELEMENT', 'DUPLICATE_ELEMENT', 'ORDER', 'LIST_MISSING']);

/** The operator for a rule id in a layout, or undefined when there is none. */
export function operatorFor(ruleId: string, layoutId: Encounter['layout']): Operator | undefined {
  const hand = HAND_WRITTEN[ruleId] ?? CLAIM_OPERATORS[ruleId] ?? CATALOGUE_OPERATORS[ruleId] ?? PILOT_OPERATORS[ruleId] ?? ENVELOPE_OPERATORS[ruleId];
  if (hand) return hand;
  const parts = ruleId.split('.');
  if (parts.length !== 3) return undefined;
  const [table, middle, kind] = parts;
  const spec = getLayout(layoutId).tables.get(table);
  if (!spec) return undefined;
  if (middle === 'STRUCTURE' && STRUCTURE_KINDS.has(kind)) return structureOperator(spec, kind);
  const f = spec.byName.get(middle);
  if (f && FIELD_KINDS.has(kind)) return fieldOperator(spec, f, kind);
  return undefined;
}

export function hasOperator(ruleId: string, layoutId: Encounter['layout']): boolean {
  return operatorFor(ruleId, layoutId) !== undefined;
}

export interface MutateOptions {
  /** write the mutant unsigned (faster; ignored for SIG.* rules, which need a signature to break) */
  unsigned?: boolean;
}

/** Derives a package that the rule `ruleId` must catch, from a valid encounter. */
export function mutate(encounter: Encounter, ruleId: string, options: MutateOptions = {}): MutateResult {
  const op = operatorFor(ruleId, encounter.layout);
  if (!op) return na(`no mutation operator for ${ruleId}`);
  const d = draftOf(encounter);
  if (options.unsigned && !ruleId.startsWith('SIG.')) d.signer = null;
  const out = op(d);
  if (typeof out !== 'string') return out;
  return render(d, ruleId, out);
}

export interface BatchResult {
  /** one package carrying every batchable mutation (undefined when none applied) */
  mutant?: Mutant;
  /** rule ids whose mutation the package carries */
  applied: string[];
  /** rule ids that must be mutated alone (their operator changes other fields): call mutate() */
  solo: string[];
  notApplicable: Record<string, NotApplicable>;
}

/**
 * Several catalogue-driven mutations in one package (e.g. every LENGTH mutant of a table): each rule still
 * gets its own operator and must report its own field, at a fraction of the checking cost. Operators that
 * set up a condition (changing other fields) are returned in `solo`.
 */
export function mutateBatch(encounter: Encounter, ruleIds: readonly string[], options: MutateOptions = {}): BatchResult {
  const out: BatchResult = { applied: [], solo: [], notApplicable: {} };
  const d = draftOf(encounter);
  if (options.unsigned) d.signer = null;
  for (const id of ruleIds) {
    const op = operatorFor(id, encounter.layout);
    if (!op) {
      out.notApplicable[id] = na(`no mutation operator for ${id}`);
      continue;
    }
    // dry run on a scratch draft: classify before touching the shared one
    const probe = draftOf(encounter);
    const r = op(probe);
    if (typeof r !== 'string') out.notApplicable[id] = r;
    else if (probe.solo || probe.signedEdit || probe.bytesEdit || probe.checkOptions || probe.signer !== undefined || probe.receivedAt || probe.tableText.size || probe.checkinEdit || probe.kind !== 'GIAMDINHHS') out.solo.push(id);
    else {
      op(d);
      out.applied.push(id);
    }
  }
  if (out.applied.length) out.mutant = render(d, out.applied.join(','), `${out.applied.length} mutations`);
  return out;
}
