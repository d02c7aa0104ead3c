/**
 * CATALOGUE.DEPARTMENT — every department code of the claim (XML1/XML2/XML3 MA_KHOA, XML7 MA_KHOA_RV; each ';'
 * item) is a department of the facility's department catalogue (danh mục khoa/phòng, Mẫu số 01/DM) in force on
 * the line's date. The BHXH check sheet marks XML3 MA_KHOA "Check Danh mục": the code must be one the facility
 * declared, not only a code of the national list (the field rules check that).
 */
import { entryValidOn, type IndexedVersion } from '../../catalogues/model.ts';
import type { HoSo, Row } from '../../model.ts';
import { catalogueFixtures } from './fixtures.ts';
import { CATALOGUE_DECISION, catalogueRule, fieldItems, showDay, type Item } from './shared.ts';

/** table → department fields and the row dates they are judged on (first present wins; else the visit's day) */
export const DEPARTMENT_FIELDS: Record<string, { fields: string[]; dates: string[] }> = {
  XML1: { fields: ['MA_KHOA'], dates: ['NGAY_RA', 'NGAY_VAO'] },
  XML2: { fields: ['MA_KHOA'], dates: ['NGAY_YL', 'NGAY_TH_YL'] },
  XML3: { fields: ['MA_KHOA'], dates: ['NGAY_YL', 'NGAY_TH_YL'] },
  XML7: { fields: ['MA_KHOA_RV'], dates: ['NGAY_CT', 'NGAY_RA'] },
};

function* departmentItems(h: HoSo, x1: Row | undefined): Iterable<Item> {
  for (const [table, { fields, dates }] of Object.entries(DEPARTMENT_FIELDS)) if (h.byTable.has(table)) yield* fieldItems(h, x1, table, fields, dates);
}

/**
 * The rows that declare a department code: the code itself, else the department it details — a sub-code
 * (`K03.1`) or a ward of another department (`K02.D35`, QĐ 1804 PL02 writing rules) is the department `K03` /
 * `K02` when the facility declared only that. A combined code (`K0249`) must be declared as written.
 */
function rowsFor(v: IndexedVersion, code: string) {
  const exact = v.entries(code);
  if (exact.length > 0) return exact;
  const base = /^(K\d{2}(?:\d{2})*)\.(?:\d{1,2}|D\d{2})(?:\.D\d{2})?$/.exec(code)?.[1];
  return base ? v.entries(base) : exact;
}

export const fixtures = catalogueFixtures('a service performed in a department the facility never declared', (rec) => {
  rec.XML3[1].MA_KHOA = 'K48';
});

export const rule = catalogueRule({
  kind: 'departments',
  meta: {
    id: 'CATALOGUE.DEPARTMENT',
    tables: Object.keys(DEPARTMENT_FIELDS),
    fields: ['MA_KHOA', 'MA_KHOA_RV'],
    citation: {
      decision: CATALOGUE_DECISION,
      clause: 'MA_KHOA (Bảng 1, 2, 3), MA_KHOA_RV (Bảng 7): mã khoa theo danh mục khoa/phòng cơ sở đã khai báo (Mẫu số 01/DM: MA_KHOA, TEN_KHOA, TU_NGAY, DEN_NGAY); bảng kiểm tra 4750/3176, Bảng 3 MA_KHOA: "Check Danh mục"',
    },
    messages: {
      vi: '{field} = "{actual}" không có trong danh mục khoa/phòng cơ sở {facility} còn hiệu lực ngày {day}{detail_vi}: ghi mã khoa đã khai báo với BHXH nơi người bệnh được điều trị/cung cấp dịch vụ, hoặc bổ sung khoa vào danh mục',
      en: '{field} = "{actual}" is not in facility {facility}\'s department catalogue in force on {day}{detail_en}: write the department code declared to BHXH where the patient was treated or served, or add the department to the catalogue',
    },
    confidence: 'medium',
    description_en:
      "Department codes (XML1/XML2/XML3 MA_KHOA, XML7 MA_KHOA_RV; each ';' item) are departments of the facility's department catalogue (Mẫu 01/DM) in force on the line's date (a sub-code or .Dxx ward counts as its department when only that is declared); skip without catalogues.",
  },
  items: departmentItems,
  judge: (it, v) => {
    const rows = rowsFor(v, it.value);
    if (rows.some((e) => entryValidOn(e, it.day!))) return { ok: true };
    const spans = rows.map((e) => `${showDay(e.from)}–${e.to ? showDay(e.to) : '…'}`).join('; ');
    return { ok: false, actual: it.value, data: { detail_vi: spans ? ` (chỉ khai báo ${spans})` : '', detail_en: spans ? ` (declared only ${spans})` : '' } };
  },
  fixtures,
});
