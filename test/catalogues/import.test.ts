/**
 * Reading catalogue files: CSV (comma or semicolon, template codes or Vietnamese headers) and XLSX (text, numbers,
 * real dates), kind recognised from the header, and bad rows refused as a whole with file, line, column and code.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CatalogueImportError, readCatalogueFile, readCatalogueFiles, type ImportIssue } from '../../conformance/catalogues/import.ts';
import { catalogueCsv, catalogueXlsx } from '../../conformance/catalogues/write.ts';
import { demoCatalogueData } from '../../generators/catalogues.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function issuesOf(p: Promise<unknown>): Promise<ImportIssue[]> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogueImportError);
    return (e as CatalogueImportError).issues;
  }
  throw new Error('expected the import to be refused');
}

describe('CSV', () => {
  it('reads a staff catalogue with template headers; the facility comes from the option', async () => {
    const csv = 'STT,MA_BHXH,HO_TEN,MACCHN,NGAYCAP_CCHN,TU_NGAY,DEN_NGAY\r\n1,5200000001,"Nguyễn Văn An",001234/BĐ-CCHN,20150310,20200101,\r\n2,5200000002,Trần Thị Bình,001235/BĐ-CCHN,20160101,20200101,20231231\r\n';
    const r = await readCatalogueFile('nhan-vien.csv', utf8(csv), { facility: '52001' });
    expect(r.kind).toBe('staff');
    expect(r.rows).toBe(2);
    expect(r.versions).toHaveLength(1);
    const v = r.versions[0];
    expect(v).toMatchObject({ facility: '52001', kind: 'staff', effectiveFrom: '20200101', source: 'nhan-vien.csv' });
    expect(v.entries[0]).toMatchObject({ code: '001234/BĐ-CCHN', name: 'Nguyễn Văn An', ids: ['5200000001'], licensedFrom: '20150310', from: '20200101', line: 2 });
    expect(v.entries[1].to).toBe('20231231');
  });

  it('reads semicolon-separated files with Vietnamese headers and a BOM; MA_CSKCB per row', async () => {
    const csv = '\uFEFFMã thuốc;Tên thuốc;Số đăng ký;Đơn giá;Đơn giá BH;Từ ngày;Mã CSKCB\n40.17;Paracetamol 500mg;VD-21334-14;450;450;20250101;52002\n';
    const r = await readCatalogueFile('thuoc.csv', utf8(csv));
    expect(r.kind).toBe('drugs');
    expect(r.versions[0]).toMatchObject({ facility: '52002', effectiveFrom: '20250101' });
    expect(r.versions[0].entries[0]).toMatchObject({ code: '40.17', price: '450', priceBh: '450', variant: 'VD-21334-14' });
  });

  it('reads a department catalogue (Mẫu 01/DM); a staff file naming MA_KHOA stays a staff file', async () => {
    const csv = 'STT,MA_KHOA,TEN_KHOA,TU_NGAY,DEN_NGAY\n1,K01,Khoa Khám bệnh,20200101,\n2,K02.D35,Đơn nguyên sơ sinh,20230101,20251231\n';
    const r = await readCatalogueFile('khoa.csv', utf8(csv), { facility: '52001' });
    expect(r.kind).toBe('departments');
    expect(r.versions[0].entries.map((e) => [e.code, e.name, e.from, e.to])).toEqual([
      ['K01', 'Khoa Khám bệnh', '20200101', undefined],
      ['K02.D35', 'Đơn nguyên sơ sinh', '20230101', '20251231'],
    ]);
    const vi = await readCatalogueFile('khoa-phong.csv', utf8('Mã khoa;Tên khoa phòng;Từ ngày\nK03;Khoa Nội tổng hợp;20200101\n'), { facility: '52001' });
    expect(vi.kind).toBe('departments');
    expect(vi.versions[0].entries[0]).toMatchObject({ code: 'K03', name: 'Khoa Nội tổng hợp' });
    const staff = await readCatalogueFile('nv.csv', utf8('MACCHN,HO_TEN,MA_KHOA,TU_NGAY\n001234/BĐ-CCHN,Nguyễn Văn An,K01,20200101\n'), { facility: '52001' });
    expect(staff.kind).toBe('staff');
    const missing = await issuesOf(readCatalogueFile('khoa.csv', utf8('MA_KHOA,TU_NGAY\nK01,20200101\n'), { facility: '52001' }));
    expect(missing.map((i) => `${i.line} ${i.column} ${i.code}`)).toEqual(['1 TEN_KHOA CATALOGUE.COLUMN_MISSING']);
  });

  it('writes and reads back the demo catalogues unchanged', async () => {
    for (const v of demoCatalogueData('52001')) {
      const back = await readCatalogueFile(`${v.kind}.csv`, utf8(catalogueCsv(v.kind, [v])));
      expect(back.kind).toBe(v.kind);
      expect(back.versions[0].entries.map(({ line: _l, ...e }) => e)).toEqual(v.entries);
    }
  });

  it('refuses bad rows with file, line, column and code, and nothing is returned', async () => {
    const csv = [
      'MA_DICH_VU,TEN_DICH_VU,DON_GIA,TU_NGAY,DEN_NGAY,MA_CSKCB',
      '02.1896,Khám Nội,50600,20250101,,52001',
      '02.1904,Khám Nhi,"50.600đ",20250101,,52001',
      '22.0120.1370,,46200,2025-01-01,,52001',
      '23.0075.1494,Glucose,21500,20250301,20250201,52001',
      '02.1896,Khám Nội (trùng),50600,20250101,,52001',
      '18.0067.0028,X-quang,65400,20250101,,52002',
      '18.0001.0001,Siêu âm,43900,20250230,,52001',
    ].join('\n');
    const issues = await issuesOf(readCatalogueFile('dvkt.csv', utf8(csv), { facility: '52001' }));
    const brief = issues.map((i) => `${i.line} ${i.column ?? ''} ${i.code}`);
    expect(brief).toEqual([
      '3 DON_GIA CATALOGUE.PRICE',
      '4 TEN_DICH_VU CATALOGUE.REQUIRED',
      '4 TU_NGAY CATALOGUE.DATE',
      '5 DEN_NGAY CATALOGUE.DATE_ORDER',
      '6 MA_DICH_VU CATALOGUE.DUPLICATE',
      '7 MA_CSKCB CATALOGUE.FACILITY',
      '8 TU_NGAY CATALOGUE.DATE',
    ]);
    expect(issues.every((i) => i.file === 'dvkt.csv' && i.message && i.message_vi)).toBe(true);
    expect(issues[0].message).toContain('50.600đ');
  });

  it('names a missing column, an unknown kind, a missing facility, bad encoding and format', async () => {
    expect((await issuesOf(readCatalogueFile('a.csv', utf8('MA_THUOC,TEN_THUOC,TU_NGAY\n40.17,Para,20250101\n'), { facility: '52001' }))).map((i) => [i.code, i.column])).toEqual([['CATALOGUE.COLUMN_MISSING', 'DON_GIA']]);
    expect((await issuesOf(readCatalogueFile('b.csv', utf8('A,B\n1,2\n'), { facility: '52001' })))[0].code).toBe('CATALOGUE.KIND');
    expect((await issuesOf(readCatalogueFile('c.csv', utf8('MA_MAY,TEN_TB,TU_NGAY\nXN.1.52001.1,Máy,20250101\n'))))[0].code).toBe('CATALOGUE.FACILITY_MISSING');
    expect((await issuesOf(readCatalogueFile('d.csv', new Uint8Array([0x4d, 0x41, 0xff, 0xfe]), { facility: '52001' })))[0].code).toBe('CATALOGUE.ENCODING');
    expect((await issuesOf(readCatalogueFile('e.pdf', utf8('%PDF'), { facility: '52001' })))[0].code).toBe('CATALOGUE.FORMAT');
    expect((await issuesOf(readCatalogueFile('f.xlsx', utf8('not a zip'), { facility: '52001' })))[0].code).toBe('CATALOGUE.XLSX');
    expect((await issuesOf(readCatalogueFile('g.csv', utf8('MA_MAY,TEN_TB,TU_NGAY\n'), { facility: '52001' })))[0].code).toBe('CATALOGUE.EMPTY');
  });

  it('a set of files is all or nothing', async () => {
    const good = { name: 'tb.csv', bytes: utf8('MA_MAY,TEN_TB,TU_NGAY\nXN.1.52001.1,Máy xét nghiệm,20250101\n') };
    const bad = { name: 'vt.csv', bytes: utf8('MA_VAT_TU,TEN_VAT_TU,DON_GIA,TU_NGAY\nN03.02.070,Bơm tiêm,abc,20250101\n') };
    expect(await readCatalogueFiles([good], { facility: '52001' })).toHaveLength(1);
    const issues = await issuesOf(readCatalogueFiles([good, bad], { facility: '52001' }));
    expect(issues.map((i) => `${i.file}:${i.line} ${i.code}`)).toEqual(['vt.csv:2 CATALOGUE.PRICE']);
  });
});

describe('XLSX', () => {
  it('reads a workbook written by the lab (text cells) the same as the CSV', async () => {
    const v = demoCatalogueData('52010').find((x) => x.kind === 'supplies')!;
    const back = await readCatalogueFile('vtyt.xlsx', await catalogueXlsx('supplies', [v]));
    expect(back.versions[0].entries.map(({ line: _l, ...e }) => e)).toEqual(v.entries);
    expect(back.versions[0].entries[0].line).toBe(2);
  });

  it('reads what a person types in Excel: real dates, numbers, a title sheet first; bad cells by row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hướng dẫn').addRow(['Danh mục thiết bị y tế — Mẫu số 06/DM']);
    const ws = wb.addWorksheet('MAU_06');
    ws.addRow(['STT', 'TEN_TB', 'MA_MAY', 'TU_NGAY', 'DEN_NGAY', 'MA_CSKCB']);
    ws.addRow([1, 'Máy xét nghiệm huyết học', 'XN.1.52001.1', new Date(Date.UTC(2024, 0, 15)), null, '52001']);
    ws.addRow([2, 'Máy siêu âm', 'SA.1.52001.1', 20240201, 20231231, '52001']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const issues = await issuesOf(readCatalogueFile('ttb.xlsx', bytes));
    expect(issues.map((i) => `${i.line} ${i.column} ${i.code}`)).toEqual(['3 DEN_NGAY CATALOGUE.DATE_ORDER']);
    ws.getRow(3).getCell(5).value = null;
    const ok = await readCatalogueFile('ttb.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(ok.kind).toBe('equipment');
    expect(ok.versions[0].entries.map((e) => [e.code, e.from, e.line])).toEqual([
      ['XN.1.52001.1', '20240115', 2],
      ['SA.1.52001.1', '20240201', 3],
    ]);
  });
});
