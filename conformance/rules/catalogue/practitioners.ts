/** Where practitioner codes sit in the claim, and the date each is judged on (the order, the result, the paper). */
import type { HoSo, Row } from '../../model.ts';
import { fieldItems, type Item } from './shared.ts';

/** table → practitioner fields and the row dates they are judged on (first present wins; else the visit's day) */
export const PRACTITIONER_FIELDS: Record<string, { fields: string[]; dates: string[] }> = {
  XML2: { fields: ['MA_BAC_SI'], dates: ['NGAY_YL', 'NGAY_TH_YL'] },
  XML3: { fields: ['MA_BAC_SI', 'NGUOI_THUC_HIEN'], dates: ['NGAY_YL', 'NGAY_TH_YL'] },
  XML4: { fields: ['MA_BS_DOC_KQ'], dates: ['NGAY_KQ'] },
  XML5: { fields: ['NGUOI_THUC_HIEN'], dates: ['THOI_DIEM_DBLS'] },
  XML7: { fields: ['MA_BS'], dates: ['NGAY_CT'] },
  XML10: { fields: ['MA_BS'], dates: ['NGAY_CT'] },
  XML11: { fields: ['MA_BS'], dates: ['NGAY_CT'] },
  XML13: { fields: ['MA_BAC_SI'], dates: ['NGAY_CT'] },
  XML14: { fields: ['MA_BAC_SI'], dates: ['NGAY_CT'] },
};

export const PRACTITIONER_TABLES = Object.keys(PRACTITIONER_FIELDS);
export const PRACTITIONER_FIELD_NAMES = [...new Set(Object.values(PRACTITIONER_FIELDS).flatMap((f) => f.fields))];

export function* practitionerItems(h: HoSo, x1: Row | undefined): Iterable<Item> {
  for (const [table, { fields, dates }] of Object.entries(PRACTITIONER_FIELDS)) if (h.byTable.has(table)) yield* fieldItems(h, x1, table, fields, dates);
}

/** Tables that carry MA_TTDV (the head of the facility or the person authorised, by BHXH code). */
export const TTDV_TABLES = ['XML1', 'XML7', 'XML8', 'XML9', 'XML10', 'XML11', 'XML13', 'XML14'];
