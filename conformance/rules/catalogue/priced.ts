/**
 * Drug, service and supply lines against the facility's price catalogues: the code is known on the line's date
 * (…KNOWN), and the unit price billed equals the catalogue price on that date (…PRICE). Several rows may share
 * a code (brands of one drug: SO_DANG_KY; models of one supply: MA_HIEU): when the line names one that the
 * catalogue has, only its rows count; the price passes when any row in force carries it.
 */
import { cmp, parseDecimal } from '../../decimal.ts';
import { entryValidOn, type CatalogueEntry, type CatalogueKind, type IndexedVersion } from '../../catalogues/model.ts';
import type { HoSo, Row } from '../../model.ts';
import { rowsOf, val } from '../../pilot/rule-helpers.ts';
import type { RuleFixtures } from '../contract.ts';
import { CATALOGUE_DECISION, catalogueRule, dayOf, showDay, visitDay, type Item, type Judgement } from './shared.ts';

export interface PricedLine {
  kind: Extract<CatalogueKind, 'drugs' | 'services' | 'supplies'>;
  table: 'XML2' | 'XML3';
  codeField: string;
  /** the line field naming a brand/model the catalogue may split a code by */
  variantField?: string;
  /** price fields of the line and which catalogue price each must equal */
  prices: { field: string; catalogue: 'price' | 'priceBh' }[];
  isLine(row: Row): boolean;
  what_vi: string;
  what_en: string;
  clause: string;
}

export const DRUG_LINES: PricedLine = {
  kind: 'drugs',
  table: 'XML2',
  codeField: 'MA_THUOC',
  variantField: 'SO_DANG_KY',
  prices: [{ field: 'DON_GIA', catalogue: 'price' }],
  isLine: (r) => val(r, 'MA_THUOC')?.trim() !== undefined && val(r, 'MA_THUOC')!.trim() !== '',
  what_vi: 'thuốc',
  what_en: 'drug',
  clause: 'XML2 MA_THUOC, DON_GIA: thuốc và đơn giá theo danh mục thuốc cơ sở đã khai báo (Mẫu số 03/DM: MA_THUOC, SO_DANG_KY, DON_GIA, TU_NGAY, DEN_NGAY)',
};

const code = (r: Row, f: string) => val(r, f)?.trim() ?? '';

export const SERVICE_LINES: PricedLine = {
  kind: 'services',
  table: 'XML3',
  codeField: 'MA_DICH_VU',
  prices: [
    { field: 'DON_GIA_BV', catalogue: 'price' },
    { field: 'DON_GIA_BH', catalogue: 'priceBh' },
  ],
  isLine: (r) => code(r, 'MA_DICH_VU') !== '' && code(r, 'MA_VAT_TU') === '',
  what_vi: 'dịch vụ kỹ thuật',
  what_en: 'service',
  clause: 'XML3 MA_DICH_VU, DON_GIA_BV, DON_GIA_BH: dịch vụ kỹ thuật và giá theo danh mục DVKT cơ sở đã khai báo (Mẫu số 05/DM: MA_DICH_VU, DON_GIA, GIA_THANH_TOAN, TU_NGAY, DEN_NGAY)',
};

export const SUPPLY_LINES: PricedLine = {
  kind: 'supplies',
  table: 'XML3',
  codeField: 'MA_VAT_TU',
  variantField: 'MA_HIEU_SP',
  prices: [
    { field: 'DON_GIA_BV', catalogue: 'price' },
    { field: 'DON_GIA_BH', catalogue: 'priceBh' },
  ],
  isLine: (r) => code(r, 'MA_VAT_TU') !== '',
  what_vi: 'vật tư y tế',
  what_en: 'supply',
  clause: 'XML3 MA_VAT_TU, DON_GIA_BV, DON_GIA_BH: vật tư và giá theo danh mục VTYT cơ sở đã khai báo (Mẫu số 04/DM: MA_VAT_TU, MA_HIEU, DON_GIA, DON_GIA_BH, TU_NGAY, DEN_NGAY)',
};

const ORDER_DATES = ['NGAY_YL', 'NGAY_TH_YL'];

function* lineItems(spec: PricedLine, h: HoSo, x1: Row | undefined, fields: string[]): Iterable<Item> {
  const fallback = visitDay(x1);
  for (const row of rowsOf(h, spec.table)) {
    if (!spec.isLine(row)) continue;
    const day = dayOf(row, ORDER_DATES) ?? fallback;
    for (const field of fields) yield { hoso: h, row, field, value: code(row, spec.codeField), day };
  }
}

/** Rows of the line's code in force on its day, narrowed to the line's brand/model when the catalogue has it. */
function inForce(spec: PricedLine, it: Item, v: IndexedVersion): CatalogueEntry[] {
  const rows = v.entries(it.value).filter((e) => entryValidOn(e, it.day!));
  const variant = spec.variantField ? val(it.row, spec.variantField)?.trim() : undefined;
  if (variant) {
    const same = rows.filter((e) => e.variant === variant);
    if (same.length > 0) return same;
  }
  return rows;
}

export function knownRule(spec: PricedLine, id: string, fixtures: RuleFixtures) {
  return catalogueRule({
    kind: spec.kind,
    meta: {
      id,
      tables: [spec.table],
      fields: [spec.codeField],
      citation: { decision: CATALOGUE_DECISION, clause: spec.clause },
      messages: {
        vi: `${spec.codeField} = "{actual}" không có trong danh mục ${spec.what_vi} cơ sở {facility} còn hiệu lực ngày {day}{detail_vi}: ghi đúng mã đã khai báo với BHXH, hoặc bổ sung vào danh mục`,
        en: `${spec.codeField} = "{actual}" is not in facility {facility}'s ${spec.what_en} catalogue in force on {day}{detail_en}: write the code declared to BHXH, or add it to the catalogue`,
      },
      confidence: 'medium',
      description_en: `${spec.table} ${spec.codeField} of every ${spec.what_en} line is in the facility's ${spec.what_en} catalogue in force on the line's date (NGAY_YL).`,
    },
    items: (h, x1) => lineItems(spec, h, x1, [spec.codeField]),
    judge: (it, v): Judgement => {
      const rows = v.entries(it.value);
      if (rows.some((e) => entryValidOn(e, it.day!))) return { ok: true };
      const spans = rows.map((e) => `${showDay(e.from)}–${e.to ? showDay(e.to) : '…'}`).join('; ');
      return { ok: false, actual: it.value, data: { detail_vi: spans ? ` (chỉ có hiệu lực ${spans})` : '', detail_en: spans ? ` (in force only ${spans})` : '' } };
    },
    fixtures,
  });
}

export function priceRule(spec: PricedLine, id: string, fixtures: RuleFixtures) {
  const fields = spec.prices.map((p) => p.field);
  return catalogueRule({
    kind: spec.kind,
    meta: {
      id,
      tables: [spec.table],
      fields,
      citation: { decision: CATALOGUE_DECISION, clause: spec.clause },
      messages: {
        vi: `{field} = {actual} của ${spec.what_vi} "{code}" khác giá trong danh mục cơ sở {facility} ngày {day} ({expected}): ghi đúng đơn giá đã khai báo với BHXH cho ngày đó`,
        en: `{field} = {actual} of ${spec.what_en} "{code}" differs from facility {facility}'s catalogue price on {day} ({expected}): bill the unit price declared to BHXH for that day`,
      },
      confidence: 'medium',
      description_en: `${spec.table} ${fields.join(' and ')} of a ${spec.what_en} line known to the catalogue match the catalogue price in force on the line's date (${spec.prices.map((p) => `${p.field} = catalogue ${p.catalogue === 'price' ? 'DON_GIA' : spec.kind === 'services' ? 'GIA_THANH_TOAN, else DON_GIA' : 'DON_GIA_BH, else DON_GIA'}`).join('; ')}).`,
    },
    items: (h, x1) => lineItems(spec, h, x1, fields),
    judge: (it, v): Judgement => {
      const rows = inForce(spec, it, v);
      if (rows.length === 0) return undefined; // …KNOWN reports the code
      const billedText = val(it.row, it.field)?.trim();
      const billed = billedText === undefined ? null : parseDecimal(billedText);
      if (billed === null) return undefined; // the field rules report a missing or malformed price
      const which = spec.prices.find((p) => p.field === it.field)!.catalogue;
      const expected = [...new Set(rows.map((e) => (which === 'priceBh' ? (e.priceBh ?? e.price) : e.price)).filter((p): p is string => p !== undefined))];
      if (expected.length === 0) return undefined;
      if (expected.some((p) => { const d = parseDecimal(p); return d !== null && cmp(d, billed) === 0; })) return { ok: true, actual: billedText };
      return { ok: false, actual: billedText!, expected: expected.join(' / '), data: { code: it.value } };
    },
    fixtures,
  });
}
