/** CROSS.SERVICE.SECOND_SURGERY — in one operation only the first intervention is paid at 100%. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, dec } from '../../decimal.ts';
import type { Row } from '../../model.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { failOrWarn, isInsured, loc, money, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';
import { groupOf, SURGERY_GROUP } from './claim-helpers.ts';
import { surgeryRecord } from './service-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.SECOND_SURGERY',
    severity: 'error',
    tables: ['XML3'],
    fields: ['MA_NHOM', 'NGAY_TH_YL', 'TYLE_TT_DV'],
    citation: {
      decision: 'TT 39/2018/TT-BYT (sửa đổi bởi TT 13/2019/TT-BYT, TT 22/2023/TT-BYT) về giá dịch vụ KCB BHYT; QĐ 130 Bảng 3 chỉ tiêu TYLE_TT_DV',
      clause: 'Điều 7: thực hiện nhiều phẫu thuật trong cùng một lần (cùng một cuộc mổ) — phẫu thuật có giá cao nhất thanh toán 100%, các phẫu thuật khác thanh toán theo tỷ lệ (50%, hoặc 80% khi do kíp khác thực hiện), ghi ở TYLE_TT_DV',
    },
    messages: {
      vi: '{actual} dòng phẫu thuật (MA_NHOM 8) cùng bắt đầu lúc NGAY_TH_YL = {at} (một cuộc mổ) đều tính TYLE_TT_DV 100 (dòng STT {stts}); chỉ {expected} phẫu thuật (giá cao nhất) được 100%, các phẫu thuật khác ghi TYLE_TT_DV 50 (hoặc 80 nếu kíp khác thực hiện)',
      en: '{actual} surgery lines (MA_NHOM 8) starting at NGAY_TH_YL = {at} (one operation) are all billed at TYLE_TT_DV 100 (lines STT {stts}); only {expected} (the most expensive) is paid at 100%, write TYLE_TT_DV 50 (80 when another team performs it) on the others',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'In an insured record, two or more XML3 surgery lines with the same NGAY_TH_YL (taken as one operation) are not all at TYLE_TT_DV 100. Medium (the rate from TT 39/2018, the operation recognised by its start time): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    const hundred = dec(100);
    for (const h of ctx.pkg.hoso) {
      // TT 39/2018 sets what the fund pays: insured records only
      if (!isInsured(xml1Of(h))) continue;
      const ops = new Map<string, Row[]>();
      for (const row of rowsOf(h, 'XML3')) {
        const at = val(row, 'NGAY_TH_YL')?.trim();
        if (groupOf(row) !== SURGERY_GROUP || !at) continue;
        const list = ops.get(at);
        if (list) list.push(row);
        else ops.set(at, [row]);
      }
      for (const [at, rows] of ops) {
        const full = rows.filter((r) => cmp(money(r, 'TYLE_TT_DV') ?? hundred, hundred) >= 0);
        const ok = full.length <= 1;
        const row = ok ? rows[0] : full[1];
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({
          outcome: ok ? 'pass' : verdict.outcome,
          severity: ok ? undefined : verdict.severity,
          location: loc(h, row, 'TYLE_TT_DV'),
          actual: ok ? undefined : String(full.length),
          expected: '1',
          data: { n: full.length, at, stts: full.map((r) => r.STT ?? String(r.index + 1)).join(', ') },
        });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const second = { MA_DICH_VU: '10.0471.0454', MA_PTTT_QT: '54.21', TEN_DICH_VU: 'Nội soi ổ bụng chẩn đoán', DON_GIA_BV: '1500000', DON_GIA_BH: '1500000' };
  return {
    valid: [
      fixture('one surgery; two interventions of one operation at 100% and 50%', envelopeXml([surgeryRecord(), surgeryRecord([{}, { ...second, TYLE_TT_DV: '50' }], 'LK20251006009')])),
      fixture('two operations on different days', envelopeXml([surgeryRecord([{}, { ...second, NGAY_YL: '202510080800', NGAY_TH_YL: '202510080900', NGAY_KQ: '202510081000' }])])),
    ],
    invalid: [fixture('second intervention of the operation billed at 100%', envelopeXml([surgeryRecord([{}, second])]), { profile: 'strict' })],
  };
});
