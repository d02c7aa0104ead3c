/** Code lists chosen by the visit date, special syntaxes, and honest verdicts where no list exists. */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { listInForce, maKhoaProblem } from '../../conformance/codelists/index.ts';
import type { Result } from '../../conformance/result.ts';
import { utf8, validCheckinXml, validPackageXml } from '../fixtures/valid.ts';

function xml1(date: string, overrides: Record<string, string | undefined>, profile: 'default' | 'strict' = 'strict'): Result {
  return checkPackage(utf8(validPackageXml({ tables: { XML1: 1 }, date, overrides: { XML1: overrides } })), { profile, findings: 'problems' });
}
const verdict = (r: Result, id: string) => r.findings.find((f) => f.ruleId === id);

describe('MA_LOAI_KCB by visit date', () => {
  it('QĐ 1804 (01–16) from 2026-08-01; QĐ 824 (01–10) before', () => {
    expect(listInForce('XML1.MA_LOAI_KCB', '20260801')!.list.document).toMatch(/1804/);
    expect(listInForce('XML1.MA_LOAI_KCB', '20260731')!.list.document).toMatch(/824/);
    expect(verdict(xml1('20260810', { MA_LOAI_KCB: '13' }), 'XML1.MA_LOAI_KCB.CODELIST')).toBeUndefined();
    const before = verdict(xml1('20260710', { MA_LOAI_KCB: '13' }), 'XML1.MA_LOAI_KCB.CODELIST');
    // QĐ 824 list is medium confidence: a failure in strict, a warning by default
    expect(before).toMatchObject({ outcome: 'fail', actual: '13' });
    expect(before!.message_vi).toMatch(/824/);
    expect(verdict(xml1('20260710', { MA_LOAI_KCB: '13' }, 'default'), 'XML1.MA_LOAI_KCB.CODELIST')).toMatchObject({ outcome: 'warning', severity: 'warning' });
  });
});

describe('MA_DOITUONG_KCB (QĐ 3276)', () => {
  it('"02" is a non-canonical warning, "2" passes, "5" fails', () => {
    expect(verdict(xml1('20260810', { MA_DOITUONG_KCB: '2' }), 'XML1.MA_DOITUONG_KCB.CODELIST')).toBeUndefined();
    expect(verdict(xml1('20260810', { MA_DOITUONG_KCB: '02' }), 'XML1.MA_DOITUONG_KCB.CODELIST')).toMatchObject({ outcome: 'warning', expected: '2' });
    expect(verdict(xml1('20260810', { MA_DOITUONG_KCB: '5' }), 'XML1.MA_DOITUONG_KCB.CODELIST')).toMatchObject({ outcome: 'fail' });
  });
});

describe('GIOI_TINH, MA_DANTOC', () => {
  it('GIOI_TINH 1/2/3 only; MA_DANTOC from the list', () => {
    // '4' breaks the format ^(1|2|3)$ first: one failure, which also explains the code-list verdict
    expect(verdict(xml1('20260810', { GIOI_TINH: '4' }), 'XML1.GIOI_TINH.FORMAT')).toMatchObject({ outcome: 'fail', explains: ['XML1.GIOI_TINH.CODELIST'] });
    expect(verdict(xml1('20260810', { MA_DANTOC: '99' }), 'XML1.MA_DANTOC.CODELIST')).toMatchObject({ outcome: 'fail' });
  });
});

describe('MATINH / MAXA by visit date (before / from 2025-07-01)', () => {
  it('uses the 63-province list before and the 34-province list after', () => {
    expect(listInForce('XML1.MATINH_CU_TRU', '20250630')!.list.codes.size).toBe(63);
    expect(listInForce('XML1.MATINH_CU_TRU', '20250701')!.list.codes.size).toBe(34);
    // 02 (Hà Giang) merged into Tuyên Quang from 2025-07-01
    expect(verdict(xml1('20250615', { MATINH_CU_TRU: '02', MAXA_CU_TRU: '00001', MAHUYEN_CU_TRU: '001' }), 'XML1.MATINH_CU_TRU.CODELIST')).toBeUndefined();
    expect(verdict(xml1('20260810', { MATINH_CU_TRU: '02' }), 'XML1.MATINH_CU_TRU.CODELIST')).toMatchObject({ outcome: 'fail' });
  });
  it('MAHUYEN_CU_TRU is required only for visits before 2025-07-01', () => {
    expect(verdict(xml1('20260810', { MAHUYEN_CU_TRU: undefined }), 'XML1.MAHUYEN_CU_TRU.REQUIRED')).toBeUndefined();
    const before = xml1('20250615', { MAHUYEN_CU_TRU: undefined, MATINH_CU_TRU: '01', MAXA_CU_TRU: '00001' });
    expect(verdict(before, 'XML1.MAHUYEN_CU_TRU.REQUIRED')).toMatchObject({ outcome: 'fail' });
  });
});

describe('MA_KHOA (QĐ 1804 syntax)', () => {
  it.each([
    ['K01', null],
    ['K0809', null],
    ['K16.1', null],
    ['K02.D35', null],
    ['K99', null],
    ['K61', 'not a QĐ 1804'],
    ['K0861', 'K61'],
    ['K03.1', 'sub-code'],
    ['K2', 'syntax'],
    ['k01', 'syntax'],
  ])('%s', (code, problem) => {
    const p = maKhoaProblem(code, true);
    if (problem === null) expect(p).toBeNull();
    else expect(p?.en).toContain(problem);
  });
  it('XML1 lists several departments with ";"; before 2026-08-01 syntax only', () => {
    expect(verdict(xml1('20260810', { MA_KHOA: 'K03;K19' }), 'XML1.MA_KHOA.CODELIST')).toBeUndefined();
    expect(verdict(xml1('20260810', { MA_KHOA: 'K03;K61' }), 'XML1.MA_KHOA.CODELIST')).toMatchObject({ actual: 'K03;K61' });
    expect(verdict(xml1('20260710', { MA_KHOA: 'K61' }), 'XML1.MA_KHOA.CODELIST')).toBeUndefined();
    expect(verdict(xml1('20260710', { MA_KHOA: 'KHOA1' }), 'XML1.MA_KHOA.CODELIST')!.message_en).toMatch(/syntax only/);
  });
});

describe('ICD-10 (QĐ 4469) and the TT 06/2026 gap', () => {
  it('before 2026-07-01 an unknown code fails; from then it is a skip with a reason, never a silent pass', () => {
    const before = verdict(xml1('20260615', { MA_BENH_CHINH: 'Z99.99' }), 'XML1.MA_BENH_CHINH.CODELIST');
    expect(before).toMatchObject({ outcome: 'fail' });
    const after = verdict(xml1('20260810', { MA_BENH_CHINH: 'Z99.99' }), 'XML1.MA_BENH_CHINH.CODELIST');
    expect(after).toMatchObject({ outcome: 'skip' });
    expect(after!.reason).toMatch(/TT 06/);
    expect(verdict(xml1('20260810', { MA_BENH_CHINH: 'J18.9', MA_BENH_KT: 'I10;E11.9' }), 'XML1.MA_BENH_KT.CODELIST')).toBeUndefined();
  });
});

describe('conditional presence', () => {
  it('XML2 TT_THAU is required unless MA_NHOM is 7 or 17', () => {
    const run = (o: Record<string, string | undefined>) => checkPackage(utf8(validPackageXml({ tables: { XML1: 1, XML2: 1 }, overrides: { XML2: o } })), { profile: 'strict', findings: 'all' });
    const f4 = run({ MA_NHOM: '4', TT_THAU: undefined }).findings.find((f) => f.ruleId === 'XML2.TT_THAU.REQUIRED');
    expect(f4).toMatchObject({ outcome: 'fail' });
    expect(f4!.message_en).toMatch(/unless MA_NHOM is 7 or 17/);
    expect(run({ MA_NHOM: '7', TT_THAU: undefined }).findings.find((f) => f.ruleId === 'XML2.TT_THAU.REQUIRED')).toMatchObject({ outcome: 'not-applicable' });
  });
  it('XML0 MA_DICH_VU is required when neither MA_THUOC nor MA_VAT_TU is given', () => {
    const bytes = (o: Record<string, string | undefined>) => utf8(validCheckinXml(1, { overrides: { XML0: o } }));
    const r1 = checkPackage(bytes({ MA_DICH_VU: undefined, TEN_DICH_VU: undefined, MA_THUOC: undefined, MA_VAT_TU: undefined }), { findings: 'problems' });
    expect(verdict(r1, 'XML0.MA_DICH_VU.REQUIRED')).toMatchObject({ outcome: 'fail' });
    const r2 = checkPackage(bytes({ MA_DICH_VU: undefined, TEN_DICH_VU: undefined, MA_VAT_TU: undefined }), { findings: 'problems' });
    expect(verdict(r2, 'XML0.MA_DICH_VU.REQUIRED')).toBeUndefined();
  });
  it('XML2 SO_DANG_KY (as QĐ 4210): required on drug lines, not on oxygen, nitric oxide or blood; a warning (interpreted)', () => {
    const run = (o: Record<string, string | undefined>) => checkPackage(utf8(validPackageXml({ tables: { XML1: 1, XML2: 1 }, overrides: { XML2: { SO_DANG_KY: undefined, ...o } } })), { findings: 'all' });
    expect(verdict(run({ MA_NHOM: '4', MA_THUOC: '40.150' }), 'XML2.SO_DANG_KY.REQUIRED')).toMatchObject({ outcome: 'warning', confidence: 'medium' });
    for (const o of [{ MA_THUOC: '40.17' }, { MA_THUOC: '40.573' }, { MA_NHOM: '7' }, { MA_NHOM: '17' }]) expect(verdict(run(o), 'XML2.SO_DANG_KY.REQUIRED'), JSON.stringify(o)).toMatchObject({ outcome: 'not-applicable' });
  });
  it('XML2 MA_BAC_SI (as QĐ 4210) is required on every drug line; MA_DICH_VU only on blood priced with its tests', () => {
    const run = (o: Record<string, string | undefined>) => checkPackage(utf8(validPackageXml({ tables: { XML1: 1, XML2: 1 }, overrides: { XML2: o } })), { findings: 'all', profile: 'strict' });
    expect(verdict(run({ MA_BAC_SI: undefined }), 'XML2.MA_BAC_SI.REQUIRED')).toMatchObject({ outcome: 'fail' });
    expect(verdict(run({ MA_DICH_VU: undefined }), 'XML2.MA_DICH_VU.REQUIRED')).toMatchObject({ outcome: 'not-applicable' });
    expect(verdict(run({ MA_DICH_VU: undefined, MA_NHOM: '7', MA_THUOC: 'B.01.NAT' }), 'XML2.MA_DICH_VU.REQUIRED')).toMatchObject({ outcome: 'fail' });
  });
  it('XML3 MA_DICH_VU / MA_VAT_TU / TEN_* missing on service and supply lines are failures (check sheet "Như QĐ 4210")', () => {
    const run = (o: Record<string, string | undefined>) => checkPackage(utf8(validPackageXml({ tables: { XML1: 1, XML3: 1 }, overrides: { XML3: o } })), { findings: 'problems' });
    expect(verdict(run({ MA_NHOM: '13', MA_DICH_VU: undefined }), 'XML3.MA_DICH_VU.REQUIRED')).toMatchObject({ outcome: 'fail', confidence: 'high' });
    expect(verdict(run({ MA_NHOM: '10', MA_VAT_TU: undefined }), 'XML3.MA_VAT_TU.REQUIRED')).toMatchObject({ outcome: 'fail' });
    expect(verdict(run({ MA_NHOM: '13', MA_DICH_VU: '02.1896', TEN_DICH_VU: undefined }), 'XML3.TEN_DICH_VU.REQUIRED')).toMatchObject({ outcome: 'fail' });
  });
  it('MUC_HUONG, MA_TTDV and MA_BS missing are failures in profile default (the check sheet marks them required)', () => {
    const r = checkPackage(utf8(validPackageXml({ tables: { XML1: 1, XML2: 1, XML7: 1 }, overrides: { XML2: { MUC_HUONG: undefined }, XML7: { MA_TTDV: undefined, MA_BS: undefined } } })), { findings: 'problems' });
    for (const id of ['XML2.MUC_HUONG.REQUIRED', 'XML7.MA_TTDV.REQUIRED', 'XML7.MA_BS.REQUIRED']) expect(verdict(r, id), id).toMatchObject({ outcome: 'fail', confidence: 'high' });
  });
  it('XML6: conditions on ";"-lists (MA_TINH_TRANG_DK 1;4 requires PCR fields, MA_XU_TRI 1;4 the ARV dates); MA_BAC_PHAC_DO when the regimen is KHAC', () => {
    const run = (o: Record<string, string | undefined>) => checkPackage(utf8(validPackageXml({ tables: { XML1: 1, XML6: 1 }, overrides: { XML6: o } })), { findings: 'all' });
    const pcr = run({ MA_TINH_TRANG_DK: '1;4', LAN_XN_PCR: undefined, NGAY_XN_PCR: undefined });
    expect(verdict(pcr, 'XML6.LAN_XN_PCR.REQUIRED')).toMatchObject({ outcome: 'fail' });
    expect(verdict(pcr, 'XML6.NGAY_XN_PCR.REQUIRED')).toMatchObject({ outcome: 'fail' });
    expect(verdict(run({ MA_TINH_TRANG_DK: '4;9', LAN_XN_PCR: undefined }), 'XML6.LAN_XN_PCR.REQUIRED')).toMatchObject({ outcome: 'not-applicable' });
    expect(verdict(run({ MA_XU_TRI: '4;1', NGAY_BAT_DAU_XU_TRI: undefined }), 'XML6.NGAY_BAT_DAU_XU_TRI.REQUIRED')).toMatchObject({ outcome: 'fail' });
    expect(verdict(run({ MA_PHAC_DO_DIEU_TRI: 'KHAC', MA_BAC_PHAC_DO: undefined }), 'XML6.MA_BAC_PHAC_DO.REQUIRED')).toMatchObject({ outcome: 'fail' });
    expect(verdict(run({ MA_PHAC_DO_DIEU_TRI: 'TDF+3TC+DTG', MA_BAC_PHAC_DO: undefined }), 'XML6.MA_BAC_PHAC_DO.REQUIRED')).toMatchObject({ outcome: 'not-applicable' });
  });
  it('the check sheet\'s 4000-character limits of DU_PHONG and the long text fields', () => {
    const r = checkPackage(utf8(validPackageXml({ tables: { XML1: 1, XML7: 1 }, overrides: { XML7: { DU_PHONG: 'x'.repeat(4001) } } })), { findings: 'problems' });
    expect(verdict(r, 'XML7.DU_PHONG.LENGTH')).toMatchObject({ outcome: 'fail' });
  });
});

describe('partial lists', () => {
  it('MA_QUOCTICH: 000 passes, another 3-digit code is an unverified warning (not an error), a bad format fails', () => {
    expect(verdict(xml1('20260810', { MA_QUOCTICH: '000' }), 'XML1.MA_QUOCTICH.CODELIST')).toBeUndefined();
    expect(verdict(xml1('20260810', { MA_QUOCTICH: '392' }), 'XML1.MA_QUOCTICH.CODELIST')).toMatchObject({ outcome: 'warning' });
    expect(verdict(xml1('20260810', { MA_QUOCTICH: '39' }), 'XML1.MA_QUOCTICH.CODELIST')).toMatchObject({ outcome: 'fail' });
  });
});

describe('verdict confidence follows the list in force', () => {
  it('MA_LOAI_KCB outside QĐ 1804 (high) fails by default; outside QĐ 824 (medium) is a warning by default', () => {
    expect(verdict(xml1('20260810', { MA_LOAI_KCB: '17' }, 'default'), 'XML1.MA_LOAI_KCB.CODELIST')).toMatchObject({ outcome: 'fail', confidence: 'high' });
    expect(verdict(xml1('20260710', { MA_LOAI_KCB: '17' }, 'default'), 'XML1.MA_LOAI_KCB.CODELIST')).toMatchObject({ outcome: 'warning', confidence: 'medium' });
  });
});

describe('administrative units agree with each other', () => {
  it('MAXA_CU_TRU must lie in MATINH_CU_TRU (and MAHUYEN_CU_TRU before 2025-07-01)', () => {
    // 00004 Phường Ba Đình is in province 01 (from 2025-07-01)
    expect(verdict(xml1('20260810', { MATINH_CU_TRU: '01', MAXA_CU_TRU: '00004' }), 'XML1.MAXA_CU_TRU.CODELIST')).toBeUndefined();
    expect(verdict(xml1('20260810', { MATINH_CU_TRU: '79', MAXA_CU_TRU: '00004' }), 'XML1.MAXA_CU_TRU.CODELIST')).toMatchObject({ outcome: 'fail', expected: 'a unit of province 79' });
    // before: 00001 Phúc Xá is in district 001 (Ba Đình), province 01
    expect(verdict(xml1('20250615', { MATINH_CU_TRU: '01', MAHUYEN_CU_TRU: '002', MAXA_CU_TRU: '00001' }), 'XML1.MAXA_CU_TRU.CODELIST')!.message_en).toMatch(/district 001/);
  });
});

describe('honest passes', () => {
  it('MA_KHOA before 2026-08-01 passes with a message saying only the syntax was checked', () => {
    const r = checkPackage(utf8(validPackageXml({ tables: { XML1: 1 }, date: '20260710' })), { findings: 'all' });
    expect(r.findings.find((f) => f.ruleId === 'XML1.MA_KHOA.CODELIST')).toMatchObject({ outcome: 'pass', message_en: expect.stringMatching(/syntax only/) });
    const after = checkPackage(utf8(validPackageXml({ tables: { XML1: 1 }, date: '20260810' })), { findings: 'all' });
    expect(after.findings.find((f) => f.ruleId === 'XML1.MA_KHOA.CODELIST')!.message_en).not.toMatch(/syntax only/);
  });
});

describe('audit: lists that ended without a successor, ICD-10 after TT 06/2026', () => {
  it('MAHUYEN_CU_TRU after 2025-07-01 is never a silent pass against the expired district list', () => {
    const after = { MATINH_CU_TRU: '01', MAHUYEN_CU_TRU: '001', MAXA_CU_TRU: '00004' };
    for (const profile of ['default', 'strict'] as const) {
      const f = verdict(xml1('20250815', after, profile), 'XML1.MAHUYEN_CU_TRU.CODELIST');
      expect(f).toMatchObject({ outcome: 'skip', actual: '001', reason: 'no code list in force on 2025-08-15' });
      expect(f!.message_en).toMatch(/ended on 2025-06-30 with no successor/);
    }
    // before the change the same code is checked against the list and passes
    expect(verdict(xml1('20250615', after), 'XML1.MAHUYEN_CU_TRU.CODELIST')).toBeUndefined();
  });
  it('an ICD-10 code of an episode ending from 2026-07-01 passes only on the QĐ 4469 basis, at medium confidence', () => {
    const r = checkPackage(utf8(validPackageXml({ tables: { XML1: 1 }, date: '20260810', overrides: { XML1: { MA_BENH_CHINH: 'J18.9' } } })), { findings: 'all' });
    const f = r.findings.find((x) => x.ruleId === 'XML1.MA_BENH_CHINH.CODELIST');
    expect(f).toMatchObject({ outcome: 'pass', confidence: 'medium' });
    expect(f!.message_en).toMatch(/QĐ 4469 only/);
    const before = checkPackage(utf8(validPackageXml({ tables: { XML1: 1 }, date: '20260615', overrides: { XML1: { MA_BENH_CHINH: 'J18.9' } } })), { findings: 'all' });
    expect(before.findings.find((x) => x.ruleId === 'XML1.MA_BENH_CHINH.CODELIST')).toMatchObject({ outcome: 'pass', confidence: 'high' });
  });
});
