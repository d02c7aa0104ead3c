/** Catalogue versions written as the template files ./import.ts reads (CSV UTF-8 with BOM, or XLSX with text cells). */
import type { CatalogueKind, CatalogueVersion } from './model.ts';
import { entryCells, templateHeader } from './import.ts';

function table(kind: CatalogueKind, versions: CatalogueVersion[]): string[][] {
  const header = ['STT', ...templateHeader(kind)];
  const rows: string[][] = [header];
  let n = 0;
  for (const v of versions) for (const e of v.entries) {
    const c = entryCells(kind, v.facility, e);
    rows.push(header.map((h) => (h === 'STT' ? String(++n) : (c[h] ?? ''))));
  }
  return rows;
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV (comma, CRLF, UTF-8 with BOM so Excel shows Vietnamese correctly). */
export function catalogueCsv(kind: CatalogueKind, versions: CatalogueVersion[]): string {
  return '\uFEFF' + table(kind, versions).map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** XLSX with one sheet, every cell text (codes keep their leading zeros, dates stay yyyymmdd). */
export async function catalogueXlsx(kind: CatalogueKind, versions: CatalogueVersion[]): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind);
  for (const r of table(kind, versions)) ws.addRow(r);
  ws.eachRow((row) => row.eachCell((cell) => (cell.numFmt = '@')));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
