/** CROSS.SERVICE.EXAM_FEE — an outpatient exam visit bills at most one exam at the full price. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { add, cmp, dec, toPlain, ZERO, type Decimal } from '../../decimal.ts';
import { envelopeXml, fixture, outpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { failOrWarn, isInsured, loc, money, rowsOf, xml1Of } from '../../pilot/rule-helpers.ts';
import { groupOf, typeOf } from './claim-helpers.ts';

const HUNDRED = dec(100);
const ONE = dec(1);

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.EXAM_FEE',
    severity: 'error',
    tables: ['XML1', 'XML3'],
    fields: ['MA_LOAI_KCB', 'MA_NHOM', 'SO_LUONG', 'TYLE_TT_DV'],
    citation: {
      decision: 'TT 39/2018/TT-BYT (sửa đổi bởi TT 13/2019/TT-BYT, TT 22/2023/TT-BYT) về giá dịch vụ KCB BHYT; QĐ 130 Bảng 3 chỉ tiêu TYLE_TT_DV',
      clause: 'Điều 6: khám nhiều chuyên khoa trong một lần khám — lần khám đầu tính 100% giá, từ chuyên khoa thứ hai trở đi thanh toán theo tỷ lệ (30%), ghi ở TYLE_TT_DV',
    },
    messages: {
      vi: 'Lượt khám BHYT ngoại trú (MA_LOAI_KCB 01) có {actual} lần khám (MA_NHOM 13) tính 100% giá; chỉ lần khám đầu được 100%, từ chuyên khoa thứ hai ghi TYLE_TT_DV theo tỷ lệ thanh toán (30)',
      en: 'Insured outpatient exam visit (MA_LOAI_KCB 01) bills {actual} exams (MA_NHOM 13) at 100%; only the first exam is at 100%, from the second specialty write the reduced rate (30) in TYLE_TT_DV',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'In an insured outpatient exam visit (01) at most one exam paid by the fund (TYLE_TT_BH > 0) (MA_NHOM 13, SO_LUONG counted) is billed at TYLE_TT_DV 100; further specialties carry the reduced rate. Inpatient stays: CROSS.INPATIENT.EXAM_FEE. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1 || typeOf(x1) !== '01' || !isInsured(x1)) continue;
      // exams paid by the fund (TYLE_TT_BH > 0): TT 39/2018 sets what BHYT pays
      const exams = rowsOf(h, 'XML3').filter((r) => groupOf(r) === '13' && cmp(money(r, 'TYLE_TT_BH') ?? HUNDRED, ZERO) > 0);
      if (exams.length === 0) continue;
      let full: Decimal = ZERO;
      let at = exams[0];
      let seen = 0;
      for (const r of exams) {
        const rate = money(r, 'TYLE_TT_DV') ?? HUNDRED;
        if (cmp(rate, HUNDRED) < 0) continue;
        full = add(full, money(r, 'SO_LUONG') ?? ONE);
        if (++seen === 2 || cmp(money(r, 'SO_LUONG') ?? ONE, ONE) > 0) at = r;
      }
      const ok = cmp(full, ONE) <= 0;
      if (!(ok && ctx.counted('pass', at.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, at, ok ? 'MA_NHOM' : 'TYLE_TT_DV'), actual: toPlain(full), expected: '1' });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const second = outpatientRecord();
  second.XML3.push({ ...second.XML3[0], STT: '4', MA_DICH_VU: '02.1898', TEN_DICH_VU: 'Khám Tim mạch', TYLE_TT_DV: '30', NGAY_YL: '202510060900', NGAY_TH_YL: '202510060905' });
  priceRecord(second);
  const full = outpatientRecord();
  full.XML3.push({ ...full.XML3[0], STT: '4', MA_DICH_VU: '02.1898', TEN_DICH_VU: 'Khám Tim mạch', NGAY_YL: '202510060900', NGAY_TH_YL: '202510060905' });
  priceRecord(full);
  return {
    valid: [fixture('one exam; a second specialty at 30%', envelopeXml([outpatientRecord(), second]))],
    invalid: [fixture('two exams at 100% in one exam visit', envelopeXml([full]), { profile: 'strict' })],
  };
});
