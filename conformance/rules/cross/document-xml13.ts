/** CROSS.DOCUMENT.XML13 — a patient referred out (MA_LOAI_RV 2; 5 on request) has the referral paper (XML13). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, type FixtureRecord } from '../fixtures-kit.ts';
import { hosoLoc, loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.DOCUMENT.XML13',
    severity: 'error',
    scope: 'package',
    tables: ['XML1', 'XML13'],
    fields: ['MA_LOAI_RV'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT, QĐ 3176/QĐ-BYT)', clause: 'Phụ lục, Bảng 13 (giấy chuyển tuyến/chuyển cơ sở KCB): gửi khi có chuyển tuyến (MA_LOAI_RV = 2 hoặc 5)' },
    messages: {
      vi: 'MA_LOAI_RV = {actual} (chuyển tuyến) nhưng hồ sơ không có Bảng 13; hãy gửi kèm {expected} (giấy chuyển tuyến)',
      en: 'MA_LOAI_RV = {actual} (referred out) but the record has no XML13; send {expected} (the referral paper) with it',
    },
    since: '4750',
    confidence: 'high',
    description_en: 'MA_LOAI_RV 2 (referral for medical reasons) requires XML13; MA_LOAI_RV 5 (on the patient’s request) without XML13 is a warning.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const rv = val(x1, 'MA_LOAI_RV')?.trim() ?? '';
      if (!x1 || (rv !== '2' && rv !== '5')) continue;
      const rows = rowsOf(h, 'XML13');
      const ok = rows.length > 0;
      const miss = rv === '2' ? { outcome: 'fail' as const, severity: 'error' as const } : { outcome: 'warning' as const, severity: 'warning' as const };
      if (!(ok && ctx.counted('pass', rows[0].table))) ctx.report({ outcome: ok ? 'pass' : miss.outcome, severity: ok ? undefined : miss.severity, location: ok ? loc(h, rows[0]) : hosoLoc(h, 'XML13', x1.MA_LK), actual: rv, expected: 'XML13' });
    }
  },
};

/** An inpatient referred out (MA_LOAI_RV 2) with or without the XML13 paper (3176 element names). */
export function referred(withPaper: boolean): FixtureRecord {
  const rec = inpatientRecord();
  const x1 = rec.XML1[0];
  x1.MA_LOAI_RV = '2';
  x1.MA_NOI_DEN = '01002';
  x1.GIAY_CHUYEN_TUYEN = 'CT2025-0001';
  delete rec.XML7;
  if (withPaper) {
    rec.XML13 = [
      {
        MA_LK: x1.MA_LK,
        SO_HOSO: 'HS2025100601',
        SO_CHUYENTUYEN: '0001',
        GIAY_CHUYEN_TUYEN: 'CT2025-0001',
        MA_CSKCB: x1.MA_CSKCB,
        MA_CSKCB_DEN: '01002',
        HO_TEN: x1.HO_TEN,
        NGAY_SINH: x1.NGAY_SINH,
        GIOI_TINH: x1.GIOI_TINH,
        DAU_HIEU_LS: 'Huyết áp dao động, đau ngực',
        QT_BENHLY: 'Điều trị 4 ngày không cải thiện',
        MA_LYDO_CT: '1',
        HUONG_DIEU_TRI: 'Chuyển tuyến chuyên sâu tim mạch',
        PHUONGTIEN_VC: 'Xe cứu thương',
        MA_BAC_SI: '000123/HNO-CCHN',
        MA_TTDV: '0101234567',
      },
    ];
  }
  return rec;
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('referral with XML13', envelopeXml([referred(true)]))],
    invalid: [fixture('referral without XML13', envelopeXml([referred(false)]))],
  };
});
