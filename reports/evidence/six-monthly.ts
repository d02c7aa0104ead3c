/**
 * The six-monthly report (QĐ 2733 PL01 Đ8) as CSV and XLSX, written from the report model only
 * (conformance/pilot/six-monthly.ts). XLSX through exceljs; both carry Vietnamese headers first.
 */
import ExcelJS from 'exceljs';
import type { FacilityMatrix, MatrixRow, SixMonthlyReport } from '../../conformance/pilot/six-monthly.ts';

export const CSV_COLUMNS = [
  'ky_bao_cao',
  'tu_ngay',
  'den_ngay',
  'ma_tinh',
  'ma_cskcb',
  'ten_cskcb',
  'loai_hinh',
  'ten_loai_hinh',
  'ma_loai_kcb',
  'co_bhyt_so_luot_kcb',
  'co_bhyt_so_luot_da_lien_thong',
  'khong_bhyt_so_luot_kcb',
  'khong_bhyt_so_luot_da_lien_thong',
] as const;

/** The label of the row that sums the six types (the form's total line). */
export const TOTAL_ROW = { id: 'tong', name_vi: 'Tổng cộng (6 loại hình)' };
/** ma_cskcb of the province-wide block of the CSV. */
export const PROVINCE_SCOPE = 'TOAN_TINH';

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function lines(m: FacilityMatrix): { id: string; name: string; codes: string; row: Pick<MatrixRow, 'insured' | 'uninsured'> }[] {
  const six = m.rows.filter((r) => r.visitType !== 'khac');
  const other = m.rows.find((r) => r.visitType === 'khac')!;
  return [
    ...six.map((r) => ({ id: r.visitType, name: r.name_vi, codes: r.codes.join(';'), row: r })),
    { id: TOTAL_ROW.id, name: TOTAL_ROW.name_vi, codes: six.flatMap((r) => r.codes).join(';'), row: m.totalSix },
    { id: other.visitType, name: other.name_vi, codes: other.codes.map((c) => c || '(trống)').join(';'), row: other },
  ];
}

/**
 * CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheet programs read the diacritics): the
 * province-wide block (ma_cskcb TOAN_TINH; the facility itself for a one-facility report), then one block
 * per facility; each block has the six types, their total and the "other" line.
 */
export function sixMonthlyCsv(report: SixMonthlyReport): string {
  const out: string[] = [CSV_COLUMNS.join(',')];
  const blocks: [string, string, FacilityMatrix][] = report.facilityFilter
    ? report.facilities.map((f) => [f.maCSKCB, f.ten, f])
    : [[PROVINCE_SCOPE, report.total.ten, report.total], ...report.facilities.map((f): [string, string, FacilityMatrix] => [f.maCSKCB, f.ten, f])];
  for (const [code, name, m] of blocks) {
    for (const l of lines(m)) {
      out.push(
        [report.period.id, report.period.from, report.period.to, report.maTinh, code, name, l.id, l.name, l.codes, l.row.insured.received, l.row.insured.reached, l.row.uninsured.received, l.row.uninsured.reached]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return '\uFEFF' + out.join('\r\n') + '\r\n';
}

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function matrixSheet(wb: ExcelJS.Workbook, name: string, title: string, report: SixMonthlyReport, m: FacilityMatrix): void {
  const ws = wb.addWorksheet(name);
  ws.columns = [{ width: 8 }, { width: 34 }, { width: 14 }, { width: 16 }, { width: 20 }, { width: 16 }, { width: 20 }];
  ws.addRow([title]).font = { bold: true, size: 13 };
  ws.addRow([`Kỳ báo cáo ${report.period.id}: từ ${vnDate(report.period.from)} đến ${vnDate(report.period.to)} — mã tỉnh ${report.maTinh} — ${m.ten}${m.maCSKCB !== report.maTinh ? ` (${m.maCSKCB})` : ''}`]);
  ws.addRow([`Căn cứ: ${report.basis}. Số liệu từ dữ liệu Cổng tiếp nhận (mô phỏng) đã nhận, lập lúc ${report.generatedAt}.`]);
  ws.addRow([]);
  const h1 = ws.addRow(['STT', 'Loại hình KCB', 'MA_LOAI_KCB', 'Người bệnh có thẻ BHYT', '', 'Người bệnh không dùng thẻ BHYT', '']);
  const h2 = ws.addRow(['', '', '', 'Số lượt KCB', 'Số lượt đã liên thông', 'Số lượt KCB', 'Số lượt đã liên thông']);
  ws.mergeCells(h1.number, 4, h1.number, 5);
  ws.mergeCells(h1.number, 6, h1.number, 7);
  for (const c of [1, 2, 3]) ws.mergeCells(h1.number, c, h2.number, c);
  for (const r of [h1, h2]) {
    r.font = { bold: true };
    r.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  let stt = 0;
  for (const l of lines(m)) {
    const isTotal = l.id === TOTAL_ROW.id;
    const row = ws.addRow([isTotal || l.id === 'khac' ? '' : ++stt, l.name, l.codes, l.row.insured.received, l.row.insured.reached, l.row.uninsured.received, l.row.uninsured.reached]);
    if (isTotal) row.font = { bold: true };
  }
  for (let r = h1.number; r <= ws.rowCount; r++)
    for (let c = 1; c <= 7; c++) ws.getCell(r, c).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
}

/** The report as an XLSX workbook: the matrix (form layout), one sheet per facility, the long table, notes. */
export async function sixMonthlyXlsx(report: SixMonthlyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sskdt-lab';
  // The report's own time, not the writing time: the same report gives the same workbook properties.
  wb.created = new Date(report.generatedAt);
  wb.modified = new Date(report.generatedAt);
  wb.title = `Báo cáo 6 tháng ${report.period.id} (PL01 Đ8)`;
  const title = 'BÁO CÁO 6 THÁNG TRIỂN KHAI SỔ SỨC KHỎE ĐIỆN TỬ (QĐ 2733 PL01 Điều 8)';
  matrixSheet(wb, 'Tổng hợp', title, report, report.total);
  if (!report.facilityFilter) for (const f of report.facilities) matrixSheet(wb, f.maCSKCB, title, report, f);

  const long = wb.addWorksheet('Dữ liệu');
  long.addRow([...CSV_COLUMNS]).font = { bold: true };
  // The CSV's rows without its BOM and header: one source for both formats.
  for (const line of sixMonthlyCsv(report).replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1)) {
    long.addRow(parseCsvLine(line).map((v, i) => (i >= 9 ? Number(v) : v)));
  }

  const notes = wb.addWorksheet('Ghi chú');
  notes.columns = [{ width: 48 }, { width: 90 }];
  const n = report.notes;
  const rows: [string, string | number][] = [
    ['Lượt KCB (số lượt KCB)', 'một MA_LK của một cơ sở mà Cổng đã nhận ít nhất một bản tin đọc được (check-in XML0 hoặc hồ sơ XML1), được tiếp nhận hay bị từ chối'],
    ['Đã liên thông', 'Cổng đã tiếp nhận (maKetQua 200) hồ sơ GIAMDINHHS của lượt KCB'],
    ['Kỳ của lượt KCB', 'theo ngày vào NGAY_VAO; khi NGAY_VAO thiếu hoặc sai thì theo ngày Cổng nhận'],
    ['Có thẻ BHYT', 'MA_THE_BHYT khác rỗng (theo hồ sơ được tiếp nhận mới nhất, nếu không có thì hồ sơ mới nhất, rồi check-in)'],
    ['Nhóm MA_LOAI_KCB', '01 | 02, 05, 08 | 07 | 03, 09 | 04 | 14 (suy ra, pilot-conditions.json C12); mã khác ghi ở dòng "Loại hình khác"'],
    ['Số bản tin đã đọc', n.submissionsRead],
    ['Bản tin không đọc được (không tính vào đâu)', n.unreadableSubmissions],
    ['Lượt KCB xếp kỳ theo ngày Cổng nhận', n.visitsDatedByReceipt],
    ['Mã loại hình ngoài 6 loại hình', Object.entries(n.otherCodes).map(([c, k]) => `${c || '(trống)'}: ${k}`).join('; ') || '—'],
    ...n.unreadableExamples.map((e): [string, string] => [`Không đọc được: ${e.maGiaoDich}`, e.reason]),
  ];
  for (const r of rows) notes.addRow(r);
  notes.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Splits one CSV line written by sixMonthlyCsv (quoted cells with doubled quotes). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      cells.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return cells;
}
