/** Shared citation and line iteration of the tender rules (CROSS.TENDER.*). */
import type { HoSo, Row } from '../../model.ts';
import { linesOf, val } from '../../pilot/rule-helpers.ts';
import { outpatientRecord, type FixtureRecord } from '../fixtures-kit.ts';

export const TENDER_CITATION = {
  decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); QĐ 5937/QĐ-BYT Phụ lục 6, 7 (mã nhóm thầu)',
  clause: 'Bảng 2 chỉ tiêu 15 và Bảng 3 chỉ tiêu 16 TT_THAU: số quyết định;mã gói thầu;mã nhóm thầu;năm ban hành quyết định, cách nhau dấu ";" (thuốc: thêm ;Gi.YY khi hai nhà thầu cùng trúng, thêm ;mã đơn vị khi áp thầu; thuốc/VTYT tự bào chế, sản xuất: số văn bản;năm; VTYT áp thầu: số QĐ.mã đơn vị;Gi;Ni;năm; VTYT phê duyệt trước TT 14/2020: số QĐ.mã đơn vị;Gi;năm)',
};

/** Every XML2/XML3 line with a TT_THAU value, with the value trimmed (an array: a generator cost more per line). */
export function tenderLines(h: HoSo): { row: Row; value: string }[] {
  const out: { row: Row; value: string }[] = [];
  for (const row of linesOf(h)) {
    const v = val(row, 'TT_THAU')?.trim();
    if (v) out.push({ row, value: v });
  }
  return out;
}

/** The outpatient base record with the drug's and the supply's TT_THAU replaced. */
export function tenderRecord(drug: string | undefined, supply: string | undefined, MA_LK = 'LK20251006020'): FixtureRecord {
  const rec = outpatientRecord(MA_LK);
  if (drug !== undefined) rec.XML2[0].TT_THAU = drug;
  if (supply !== undefined) rec.XML3.find((r) => r.MA_NHOM === '10')!.TT_THAU = supply;
  return rec;
}
