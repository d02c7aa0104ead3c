/**
 * The six-monthly report (QĐ 2733 PL01 Đ8) over a store seeded with generated submissions: insured and
 * uninsured visits of every visit type, accepted and refused records, check-ins without a record, a visit
 * outside the period, another province's facility; CSV content and an XLSX read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage, type GeneratedPackage } from '../../generators/package.ts';
import { Rng } from '../../generators/random.ts';
import { scenarioById } from '../../generators/scenarios.ts';
import { parsePeriod, visitFactsOf } from '../../conformance/pilot/six-monthly.ts';
import { parseCsvLine, sixMonthlyCsv, sixMonthlyXlsx } from '../../reports/evidence/six-monthly.ts';
import { ReportInputError, sixMonthlyReportFor } from '../../simulator/reporting/six-monthly.ts';
import { seedIfEmpty } from '../../simulator/seed.ts';
import { Store, type NewSubmission } from '../../simulator/store.ts';

function pkg(scenario: string, seed: string, opts: { facility?: string; date?: string } = {}): GeneratedPackage {
  const spec = scenarioById(scenario)!;
  return buildPackage(buildEncounter(spec, new Rng(seed), { facility: opts.facility ?? '52001', referenceDate: opts.date ?? '2026-11-20' }), { unsigned: true });
}

function submission(store: Store, bytes: Uint8Array, o: { endpoint: string; maCSKCB?: string; maKetQua?: string; at?: string }): Promise<unknown> {
  const s: NewSubmission = {
    endpoint: o.endpoint,
    username: `${o.maCSKCB ?? '52001'}_BV`,
    maCSKCB: o.maCSKCB ?? '52001',
    loaiHoSo: '130',
    maTinh: (o.maCSKCB ?? '52001').slice(0, 2),
    contentType: 'application/x-www-form-urlencoded',
    clientIp: '127.0.0.1',
    rawBody: new Uint8Array(0),
    fileBytes: bytes,
    fileSize: bytes.byteLength,
    sha256: '0'.repeat(64),
    receivedAt: '2026-11-20T05:00:00.000Z',
    thoiGianTiepNhan: o.at ?? '20261120120000',
    maKetQua: o.maKetQua ?? '200',
    thongDiep: '',
    status: o.maKetQua && o.maKetQua !== '200' ? 'rejected' : 'done',
    envelopeResult: null,
  };
  return store.addSubmission(s);
}

const RECORD = 'guiHoSoXmlQD3176';
const CHECKIN = 'checkInKcbQd3176';

/** A store with: every type × insured/uninsured sent in full, plus the special cases the assertions name. */
async function seededStore(): Promise<Store> {
  const store = new Store(':memory:');
  await seedIfEmpty(store);
  await store.addFacility({ maCSKCB: '79001', ten: 'Bệnh viện TP.HCM (demo)' });
  const types = ['kham', 'ngoaitru', 'linhthuoc', 'noitru', 'banngay', 'tuxa'];
  for (const t of types) {
    for (const side of ['bhyt', 'vienphi']) {
      // two visits of each kind, each with a check-in and an accepted record
      for (const i of [1, 2]) {
        const p = pkg(`${t}-${side}`, `${t}-${side}-${i}`);
        await submission(store, p.checkin, { endpoint: CHECKIN });
        await submission(store, p.envelope, { endpoint: RECORD });
      }
    }
  }
  // an inpatient insured visit whose only record was refused (received, not reached)
  const refused = pkg('noitru-bhyt', 'refused');
  await submission(store, refused.checkin, { endpoint: CHECKIN });
  await submission(store, refused.envelope, { endpoint: RECORD, maKetQua: '205' });
  // an outpatient-exam uninsured visit with a check-in only (received, not reached)
  await submission(store, pkg('kham-vienphi', 'checkin-only').checkin, { endpoint: CHECKIN });
  // a visit refused first, then accepted: reached once, counted once
  const retried = pkg('tuxa-bhyt', 'retried');
  await submission(store, retried.envelope, { endpoint: RECORD, maKetQua: '205' });
  await submission(store, retried.envelope, { endpoint: RECORD, maKetQua: '200' });
  // outside the period (visit in the first half of 2026)
  await submission(store, pkg('kham-bhyt', 'h1', { date: '2026-03-10' }).envelope, { endpoint: RECORD });
  // another facility of the province, and a facility of another province (not in province 52's report)
  await submission(store, pkg('kham-bhyt', 'other-52', { facility: '52002' }).envelope, { endpoint: RECORD, maCSKCB: '52002' });
  await submission(store, pkg('kham-bhyt', 'hcm').envelope, { endpoint: RECORD, maCSKCB: '79001' });
  // an unreadable body: counted in the notes, never in the matrix
  await submission(store, new TextEncoder().encode('<GIAMDINHHS><oops>'), { endpoint: RECORD, maKetQua: '205' });
  return store;
}

describe('six-monthly report (PL01 Đ8)', () => {
  it('counts visits received and reached per visit type × insured/uninsured, from what the portal received', async () => {
    const store = await seededStore();
    const report = await sixMonthlyReportFor(store, { period: '2026-H2', maTinh: '52', now: new Date('2026-12-01T00:00:00Z') });
    const row = (id: string) => report.total.rows.find((r) => r.visitType === id)!;
    expect(row('kham').insured).toEqual({ received: 3, reached: 3 }); // 2 + the 52002 visit
    expect(row('kham').uninsured).toEqual({ received: 3, reached: 2 }); // + the check-in-only visit
    expect(row('noitru').insured).toEqual({ received: 3, reached: 2 }); // + the refused record
    expect(row('tuxa').insured).toEqual({ received: 3, reached: 3 }); // the retried visit counts once, reached
    for (const id of ['ngoaitru', 'nhanthuoc', 'banngay']) {
      expect(row(id).insured).toEqual({ received: 2, reached: 2 });
      expect(row(id).uninsured).toEqual({ received: 2, reached: 2 });
    }
    expect(report.total.totalSix).toEqual({ insured: { received: 15, reached: 14 }, uninsured: { received: 13, reached: 12 } });
    expect(row('khac').insured.received + row('khac').uninsured.received).toBe(0);
    // per facility: 52002's one visit is only in its own block; 79001 (province 79) is nowhere
    const f52002 = report.facilities.find((f) => f.maCSKCB === '52002')!;
    expect(f52002.totalAll).toEqual({ insured: { received: 1, reached: 1 }, uninsured: { received: 0, reached: 0 } });
    expect(report.facilities.map((f) => f.maCSKCB)).not.toContain('79001');
    expect(report.notes.unreadableSubmissions).toBe(1);
    expect(report.notes.unreadableExamples[0].reason).toMatch(/^ENVELOPE\./);

    // the first half-year holds only the March visit
    const h1 = await sixMonthlyReportFor(store, { period: '2026-H1', maTinh: '52' });
    expect(h1.total.totalAll).toEqual({ insured: { received: 1, reached: 1 }, uninsured: { received: 0, reached: 0 } });

    // one facility's own report
    const own = await sixMonthlyReportFor(store, { period: '2026-H2', maTinh: '52', maCSKCB: '52002' });
    expect(own.facilities).toHaveLength(1);
    expect(own.total.totalSix.insured).toEqual({ received: 1, reached: 1 });

    // the facts are cached: a second report reads no XML and gives the same matrix
    const cached = (store.db.prepare('SELECT COUNT(*) AS n FROM report_visit_facts').get() as { n: number }).n;
    expect(cached).toBeGreaterThan(50);
    expect((await sixMonthlyReportFor(store, { period: '2026-H2', maTinh: '52', now: new Date('2026-12-01T00:00:00Z') }))).toEqual(report);
    store.close();
  });

  it('writes CSV with Vietnamese headers and an XLSX that reads back with the same numbers', async () => {
    const store = await seededStore();
    const report = await sixMonthlyReportFor(store, { period: '2026-H2', maTinh: '52', now: new Date('2026-12-01T00:00:00Z') });
    const csv = sixMonthlyCsv(report);
    expect(csv.startsWith('\uFEFFky_bao_cao,tu_ngay,den_ngay,ma_tinh,ma_cskcb')).toBe(true);
    const rows = csv.slice(1).trimEnd().split('\r\n').map(parseCsvLine);
    const header = rows[0];
    const at = (r: string[], col: string) => r[header.indexOf(col)];
    const noitru = rows.find((r) => at(r, 'ma_cskcb') === 'TOAN_TINH' && at(r, 'loai_hinh') === 'noitru')!;
    expect(at(noitru, 'ten_loai_hinh')).toBe('Điều trị nội trú');
    expect(at(noitru, 'ma_loai_kcb')).toBe('03;09');
    expect([at(noitru, 'co_bhyt_so_luot_kcb'), at(noitru, 'co_bhyt_so_luot_da_lien_thong')]).toEqual(['3', '2']);
    const total = rows.find((r) => at(r, 'ma_cskcb') === 'TOAN_TINH' && at(r, 'loai_hinh') === 'tong')!;
    expect(at(total, 'khong_bhyt_so_luot_kcb')).toBe('13');
    // a block per facility of the province (5 demo facilities), 8 lines each, plus the province block
    expect(rows.length - 1).toBe(8 * 6);
    expect(rows.some((r) => at(r, 'ten_cskcb') === 'Bệnh viện Đa khoa khu vực Bồng Sơn (dữ liệu demo)')).toBe(true);

    const wb = new ExcelJS.Workbook();
    const xlsx = await sixMonthlyXlsx(report);
    await wb.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer);
    const sheet = wb.getWorksheet('Tổng hợp')!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    let found = false;
    sheet.eachRow((row, n) => {
      if (row.getCell(2).value === 'Điều trị nội trú') {
        expect(values(n).slice(2)).toEqual(['03;09', 3, 2, 2, 2]);
        found = true;
      }
    });
    expect(found).toBe(true);
    expect(String(sheet.getCell('A1').value)).toContain('BÁO CÁO 6 THÁNG');
    expect(wb.getWorksheet('52002')).toBeDefined();
    const data = wb.getWorksheet('Dữ liệu')!;
    expect(data.rowCount).toBe(rows.length);
    expect(wb.getWorksheet('Ghi chú')!.getColumn(2).values).toContain(1); // the unreadable submission
    store.close();
  });

  it('refuses bad input with a code and the parameter at fault', async () => {
    const store = new Store(':memory:');
    await seedIfEmpty(store);
    const fail = async (q: Parameters<typeof sixMonthlyReportFor>[1]) => {
      try {
        await sixMonthlyReportFor(store, q);
      } catch (e) {
        expect(e).toBeInstanceOf(ReportInputError);
        return { code: (e as ReportInputError).code, location: (e as ReportInputError).location, message: (e as Error).message };
      }
      throw new Error('expected a refusal');
    };
    expect(await fail({ period: '2026-07', maTinh: '52' })).toMatchObject({ code: 'REPORT.PERIOD', location: 'period' });
    expect(await fail({ period: '2026-H3', maTinh: '52' })).toMatchObject({ code: 'REPORT.PERIOD' });
    expect(await fail({ period: '2026-H2', maTinh: 'BD' })).toMatchObject({ code: 'REPORT.PROVINCE', location: 'province' });
    expect(await fail({ period: '2026-H2', maTinh: '01' })).toMatchObject({ code: 'REPORT.PROVINCE_UNKNOWN', message: expect.stringContaining('no facility') });
    expect(await fail({ period: '2026-H2', maTinh: '52', maCSKCB: '99999' })).toMatchObject({ code: 'REPORT.FACILITY_UNKNOWN', location: 'facility' });
    expect(parsePeriod('2026-h1')).toEqual({ id: '2026-H1', from: '2026-01-01', to: '2026-06-30' });
    store.close();
  });

  it('reads the visits of a check-in and of a record, and says why it cannot', () => {
    const p = pkg('noitru-vienphi', 'facts');
    const record = visitFactsOf(p.envelope, 'record');
    expect(record.readable).toBe(true);
    expect(record.visits).toEqual([{ maLk: p.encounter.tables.XML1![0].MA_LK, maLoaiKcb: '03', insured: false, ngayVao: expect.stringMatching(/^2026\d{8}$/) }]);
    expect(visitFactsOf(p.checkin, 'checkin').visits[0].maLk).toBe(p.encounter.tables.XML1![0].MA_LK);
    expect(visitFactsOf(p.checkin, 'record')).toMatchObject({ readable: false, reason: expect.stringContaining('ENVELOPE.ROOT') });
    expect(visitFactsOf(null, 'record').readable).toBe(false);
  });
});

describe('six-monthly report through the API and the CLI', () => {
  it('GET /api/sim/reports/six-monthly answers a facility its own report, refuses the province, and codes bad input', async () => {
    const { makePortal, takeToken, authHeaders, headersFor, form, submitFields } = await import('./helpers.ts');
    const p = await makePortal();
    const key = await takeToken(p);
    const sent = [pkg('noitru-bhyt', 'api-1'), pkg('kham-vienphi', 'api-2')];
    for (const g of sent) {
      const res = await p.request('/api/qd130/guiHoSoXmlQD3176', { ...form(submitFields(new TextDecoder().decode(g.envelope))), headers: { ...form({}).headers, ...authHeaders(key) } });
      expect(((await res.json()) as { maKetQua: string }).maKetQua).toBe('200');
    }
    const get = (q: string, headers: Record<string, string> = authHeaders(key)) => p.request(`/api/sim/reports/six-monthly?${q}`, { headers });
    const res = await get('period=2026-H2');
    expect(res.status).toBe(200);
    const body = (await res.json()) as import('../../conformance/pilot/six-monthly.ts').SixMonthlyReport;
    expect(body.facilityFilter).toBe('52001');
    expect(body.total.rows.find((r) => r.visitType === 'noitru')!.insured).toEqual({ received: 1, reached: 1 });
    expect(body.total.rows.find((r) => r.visitType === 'kham')!.uninsured).toEqual({ received: 1, reached: 1 });
    const csv = await get('period=2026-H2&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toContain('52001,Bệnh viện Đa khoa tỉnh Bình Định (dữ liệu demo),noitru,Điều trị nội trú,03;09,1,1,0,0');
    const xlsx = await get('period=2026-H2&format=xlsx');
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b])); // a zip

    // another facility answers as an unknown one (simulator/access.ts: nothing revealed)
    const denied = await get('period=2026-H2&facility=52002');
    expect(denied.status).toBe(404);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('REPORT.FACILITY_UNKNOWN');
    // the province's reviewer gets the province; a trainer does not
    const reviewer = await get('period=2026-H2', await headersFor(p, 'SYT_52'));
    expect(reviewer.status).toBe(200);
    const province52 = (await reviewer.json()) as import('../../conformance/pilot/six-monthly.ts').SixMonthlyReport;
    expect(province52.facilityFilter).toBeUndefined();
    expect(province52.facilities.length).toBe(5);
    expect(province52.total.totalSix.insured).toEqual({ received: 1, reached: 1 });
    const trainer = await get('period=2026-H2&province=52', await headersFor(p, 'TRAINER_52'));
    expect(trainer.status).toBe(403);
    expect(((await trainer.json()) as { error: { code: string } }).error.code).toBe('ACCESS.PROVINCE');
    // the province-wide report is a reviewer's: a facility asking for it (no facility given) is refused
    const province = await p.request('/api/sim/reports/six-monthly?period=2026-H2&province=52&facility=', { headers: authHeaders(key) });
    expect(province.status).toBe(200);
    expect(((await province.json()) as { facilityFilter: string }).facilityFilter).toBe('52001'); // an empty facility is its own
    const bad = await get('period=2026-13');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; location: string } }).error).toMatchObject({ code: 'REPORT.PERIOD', location: 'period' });
    expect((await get('period=2026-H2', {})).status).toBe(401);
    await p.scheduler.whenIdle();
    p.store.close();
  });

  it('sskdt-lab report six-monthly writes CSV / XLSX from the data folder and exits 3 / 1 on bad input', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { run } = await import('../cli/run-cli.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-six-'));
    try {
      const store = Store.open(path.join(dir, 'data'));
      await seedIfEmpty(store);
      const g = pkg('banngay-vienphi', 'cli');
      await submission(store, g.checkin, { endpoint: CHECKIN });
      await submission(store, g.envelope, { endpoint: RECORD });
      await submission(store, pkg('banngay-bhyt', 'cli-2').checkin, { endpoint: CHECKIN });
      store.close();
      const csv = await run(dir, ['report', 'six-monthly', '--period', '2026-H2', '--province', '52', '--data-dir', 'data']);
      expect(csv.stderr).toBe('');
      expect(csv.code).toBe(0);
      expect(csv.stdout).toContain('TOAN_TINH,Tỉnh 52,banngay,Điều trị ban ngày,04,1,0,1,1');
      const xlsx = await run(dir, ['report', 'six-monthly', '--period', '2026-H2', '--province', '52', '--facility', '52001', '--data-dir', 'data', '--out', 'out/r.xlsx']);
      expect(xlsx.code).toBe(0);
      expect(xlsx.stdout).toMatch(/wrote .*r\.xlsx: 2026-H2, province 52, facility 52001; insured 0\/1 reached, uninsured 1\/1 reached/);
      const wb = new ExcelJS.Workbook();
      const bytes = fs.readFileSync(path.join(dir, 'out/r.xlsx'));
      await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Dữ liệu', 'Ghi chú']);

      const badPeriod = await run(dir, ['report', 'six-monthly', '--period', '2026', '--province', '52', '--data-dir', 'data']);
      expect(badPeriod.code).toBe(3);
      expect(badPeriod.stderr).toContain('REPORT.PERIOD (--period)');
      const unknown = await run(dir, ['report', 'six-monthly', '--period', '2026-H2', '--province', '52', '--facility', '52999', '--data-dir', 'data']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('REPORT.FACILITY_UNKNOWN');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // spawns the CLI several times: minutes on a busy shared machine
});
