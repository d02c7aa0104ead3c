/** CROSS.REFERRAL.XML13_FIELDS — a referral paper (XML13) names the receiving facility and, for a card, its validity. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord, type FixtureRecord } from '../fixtures-kit.ts';
import { failOrWarn, has, loc, rowsOf } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.REFERRAL.XML13_FIELDS',
    severity: 'error',
    tables: ['XML13'],
    fields: ['MA_NOI_DEN', 'MA_CSKCB_DEN', 'MA_THE_BHYT', 'GT_THE_DEN'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT, QĐ 3176/QĐ-BYT); TT 01/2025/TT-BYT (mẫu giấy chuyển tuyến)',
      clause: 'Bảng 13 (giấy chuyển tuyến BHYT): MA_NOI_DEN (bản 3176: MA_CSKCB_DEN) — cơ sở KBCB nơi người bệnh được chuyển đến; GT_THE_DEN — hạn thẻ BHYT ghi trên giấy chuyển tuyến khi có MA_THE_BHYT',
    },
    messages: {
      vi: 'Giấy chuyển tuyến (XML13) thiếu {actual}; {advice_vi}',
      en: 'Referral paper (XML13) lacks {actual}; {advice_en}',
    },
    since: '4750',
    confidence: 'medium',
    description_en: 'Each XML13 row has the receiving facility (MA_NOI_DEN, or MA_CSKCB_DEN in the 3176 structure) and, when it has MA_THE_BHYT, GT_THE_DEN. Medium (the 3176 receiving-facility field is known from vendor schemas): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML13')) {
        const to = row.values.has('MA_CSKCB_DEN') && !row.values.has('MA_NOI_DEN') ? 'MA_CSKCB_DEN' : 'MA_NOI_DEN';
        const hasTo = has(row, 'MA_NOI_DEN') || has(row, 'MA_CSKCB_DEN');
        if (!(hasTo && ctx.counted('pass', row.table))) ctx.report({
          outcome: hasTo ? 'pass' : verdict.outcome,
          severity: hasTo ? undefined : verdict.severity,
          location: loc(h, row, to),
          actual: hasTo ? undefined : to,
          data: { advice_vi: 'ghi mã cơ sở KBCB nơi người bệnh được chuyển đến (5 ký tự)', advice_en: 'write the 5-character code of the facility the patient is referred to' },
        });
        if (!has(row, 'MA_THE_BHYT')) continue;
        const ok = has(row, 'GT_THE_DEN');
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({
          outcome: ok ? 'pass' : verdict.outcome,
          severity: ok ? undefined : verdict.severity,
          location: loc(h, row, ok ? 'GT_THE_DEN' : 'MA_THE_BHYT'),
          actual: ok ? undefined : 'GT_THE_DEN',
          data: { advice_vi: 'giấy có thẻ BHYT thì ghi hạn thẻ (GT_THE_DEN) như XML1', advice_en: 'on a paper with a card number write the card\'s validity (GT_THE_DEN) as in XML1' },
        });
      }
    }
  },
};

function referral(MA_LK: string, extra: Record<string, string | undefined>): FixtureRecord {
  const rec = outpatientRecord(MA_LK);
  const x1 = rec.XML1[0];
  Object.assign(x1, { MA_NOI_DEN: '01002', GIAY_CHUYEN_TUYEN: '12/2025/CT', MA_LOAI_RV: '2', KET_QUA_DTRI: '3' });
  rec.XML13 = [
    {
      MA_LK,
      SO_HOSO: x1.MA_HSBA,
      SO_CHUYENTUYEN: '12/2025/CT',
      GIAY_CHUYEN_TUYEN: '12/2025/CT',
      MA_CSKCB: x1.MA_CSKCB,
      MA_NOI_DI: x1.MA_CSKCB,
      MA_NOI_DEN: '01002',
      HO_TEN: x1.HO_TEN,
      NGAY_SINH: x1.NGAY_SINH,
      GIOI_TINH: x1.GIOI_TINH,
      MA_THE_BHYT: x1.MA_THE_BHYT,
      GT_THE_DEN: x1.GT_THE_DEN,
      NGAY_VAO: x1.NGAY_VAO,
      NGAY_RA: x1.NGAY_RA,
      DAU_HIEU_LS: 'Đau đầu kéo dài',
      CHAN_DOAN_RV: x1.CHAN_DOAN_RV,
      QT_BENHLY: 'Tăng huyết áp chưa kiểm soát',
      PP_DIEU_TRI: x1.PP_DIEU_TRI,
      MA_BENH_CHINH: x1.MA_BENH_CHINH,
      MA_LOAI_RV: '2',
      MA_LYDO_CT: '1',
      HUONG_DIEU_TRI: 'Chuyển tuyến chuyên sâu',
      PHUONGTIEN_VC: 'Xe cứu thương',
      MA_BAC_SI: '000123/HNO-CCHN',
      MA_TTDV: '0101234567',
      ...extra,
    },
  ];
  return rec;
}

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('referral paper with receiving facility and card validity', envelopeXml([referral('LK20251006041', {})], { layout: '4750' }), { layout: '4750' })],
  invalid: [fixture('referral paper without receiving facility and card validity', envelopeXml([referral('LK20251006042', { MA_NOI_DEN: undefined, GT_THE_DEN: undefined })], { layout: '4750' }), { layout: '4750', profile: 'strict' }, 2)],
}));
