/**
 * CROSS.XML6.ARV_DAYS — the days of ARV supplied (SO_NGAY_CAP_THUOC_ARV) fit in the treatment period. Check sheet,
 * Bảng 6 chỉ tiêu 30: "nhỏ hơn hoặc bằng với ngày trong trường thông tin NGAY_KET_THUC_XU_TRI trừ đi (-) ngày trong
 * trường thông tin NGAY_BAT_DAU_XU_TRI". Counting both end days (end − start + 1) is how a pharmacy counts a supply;
 * a value equal to that count breaks the sheet's literal formula only, so it is a warning; more is a failure.
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord, type FixtureRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, val } from '../../pilot/rule-helpers.ts';
import { isCalendarDate } from '../../datetime.ts';

/** days between two real yyyymmdd dates (b − a), calendar arithmetic in UTC */
function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

export const rule: Rule = {
  meta: {
    id: 'CROSS.XML6.ARV_DAYS',
    severity: 'error',
    tables: ['XML6'],
    fields: ['SO_NGAY_CAP_THUOC_ARV', 'NGAY_BAT_DAU_XU_TRI', 'NGAY_KET_THUC_XU_TRI'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); bảng kiểm tra dữ liệu BHXH (QĐ 4750/QĐ 3176)',
      clause: 'Bảng 6, chỉ tiêu 30 SO_NGAY_CAP_THUOC_ARV: nhỏ hơn hoặc bằng NGAY_KET_THUC_XU_TRI trừ NGAY_BAT_DAU_XU_TRI',
    },
    messages: {
      vi: 'SO_NGAY_CAP_THUOC_ARV = {actual} ngày nhưng đợt điều trị ARV từ {start} đến {end} chỉ có {expected} ngày{noteVi}; hãy ghi số ngày cấp thuốc ARV không quá {expected}',
      en: 'SO_NGAY_CAP_THUOC_ARV = {actual} days but the ARV treatment period {start} to {end} allows {expected} days{noteEn}; write at most {expected} days of ARV supply',
    },
    since: '130',
    confidence: 'high',
    description_en: 'XML6 SO_NGAY_CAP_THUOC_ARV ≤ NGAY_KET_THUC_XU_TRI − NGAY_BAT_DAU_XU_TRI (check sheet). Equal to the inclusive count (difference + 1) is a warning; more is a failure. Missing or unreadable dates: not applicable (the field rules report them).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML6')) {
        const days = val(row, 'SO_NGAY_CAP_THUOC_ARV')?.trim();
        const start = val(row, 'NGAY_BAT_DAU_XU_TRI')?.trim();
        const end = val(row, 'NGAY_KET_THUC_XU_TRI')?.trim();
        const at = loc(h, row, 'SO_NGAY_CAP_THUOC_ARV');
        if (days === undefined || !/^\d+$/.test(days) || !start || !end || !isCalendarDate(start) || !isCalendarDate(end)) {
          ctx.report({ outcome: 'not-applicable', location: at, reason: 'SO_NGAY_CAP_THUOC_ARV, NGAY_BAT_DAU_XU_TRI or NGAY_KET_THUC_XU_TRI missing or not readable (reported by the field rules)' });
          continue;
        }
        const allowed = daysBetween(start, end);
        const n = Number(days);
        const base = { location: at, actual: days, expected: String(Math.max(allowed, 0)), data: { start, end } };
        if (n <= allowed) ctx.report({ outcome: 'pass', ...base });
        else if (n === allowed + 1) ctx.report({ outcome: 'warning', severity: 'warning', ...base, data: { start, end, noteVi: ' (bằng số ngày tính cả ngày đầu và ngày cuối; công thức của bảng kiểm tra không tính ngày cuối)', noteEn: ' (equal to the count with both end days; the check sheet formula counts the difference only)' } });
        else ctx.report({ outcome: 'fail', ...base, data: { start, end, noteVi: '', noteEn: '' } });
      }
    }
  },
};

function arvRecord(days: string, start = '20251006', end = '20260103'): FixtureRecord {
  const rec = outpatientRecord();
  const x1 = rec.XML1[0];
  rec.XML6 = [
    {
      MA_LK: x1.MA_LK,
      MA_THE_BHYT: x1.MA_THE_BHYT,
      SO_CCCD: x1.SO_CCCD,
      NGAY_SINH: x1.NGAY_SINH,
      GIOI_TINH: x1.GIOI_TINH,
      NGAYKD_HIV: '20240115',
      NOI_LAY_MAU_XN: '01001',
      NOI_XN_KD: '01001',
      NOI_BDDT_ARV: '01001',
      BDDT_ARV: '20240201',
      MA_PHAC_DO_DIEU_TRI_BD: 'TDF+3TC+EFV',
      MA_LYDO_DTRI: '1',
      LOAI_DTRI_LAO: '0',
      SANG_LOC_LAO: '2',
      KQ_DTRI_LAO: '7',
      MA_LOAI_BN: '1',
      GIAI_DOAN_LAM_SANG: '1',
      NHOM_DOI_TUONG: '11',
      MA_TINH_TRANG_DK: '9',
      MA_XU_TRI: '1;4',
      NGAY_BAT_DAU_XU_TRI: start,
      NGAY_KET_THUC_XU_TRI: end,
      MA_PHAC_DO_DIEU_TRI: 'TDF+3TC+DTG',
      SO_NGAY_CAP_THUOC_ARV: days,
      MA_CSKCB: x1.MA_CSKCB,
    },
  ];
  return rec;
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    // 2025-10-06 → 2026-01-03: 89 days between the dates
    valid: [fixture('89 days of ARV in an 89-day period', envelopeXml([arvRecord('89')])), fixture('30 days of ARV', envelopeXml([arvRecord('30')]))],
    invalid: [fixture('120 days of ARV in an 89-day period', envelopeXml([arvRecord('120')]))],
  };
});
