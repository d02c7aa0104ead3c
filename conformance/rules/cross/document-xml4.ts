/** CROSS.DOCUMENT.XML4 — ordered para-clinical services (XML3 MA_NHOM 1/2/3) have results in XML4. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, val } from '../../pilot/rule-helpers.ts';

const PARACLINICAL = new Set(['1', '2', '3']); // xét nghiệm, chẩn đoán hình ảnh, thăm dò chức năng

export const rule: Rule = {
  meta: {
    id: 'CROSS.DOCUMENT.XML4',
    severity: 'warning',
    scope: 'package',
    tables: ['XML3', 'XML4'],
    fields: ['MA_NHOM', 'MA_DICH_VU'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); TT 48/2017/TT-BYT Điều 7',
      clause: 'Phụ lục, Bảng 4 (chỉ gửi khi người bệnh có thực hiện dịch vụ cận lâm sàng); kết quả có thể bổ sung sau (TT 48 Đ7)',
    },
    messages: {
      vi: 'Dịch vụ cận lâm sàng {actual} (MA_NHOM {group}) không có kết quả trong Bảng 4; hãy gửi kết quả trong Bảng 4: một dòng {expected}',
      en: 'Para-clinical service {actual} (MA_NHOM {group}) has no result in XML4; send its result in XML4: a row {expected}',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'Every XML3 line of MA_NHOM 1/2/3 has at least one XML4 row with the same MA_DICH_VU. Warning: results may be completed later (TT 48 Đ7).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const results = new Set(rowsOf(h, 'XML4').map((r) => val(r, 'MA_DICH_VU') ?? ''));
      for (const row of rowsOf(h, 'XML3')) {
        const group = val(row, 'MA_NHOM')?.trim() ?? '';
        if (!PARACLINICAL.has(group)) continue;
        const code = val(row, 'MA_DICH_VU') ?? '';
        if (!((results.has(code)) && ctx.counted('pass', row.table))) ctx.report({ outcome: results.has(code) ? 'pass' : 'warning', location: loc(h, row, 'MA_DICH_VU'), actual: code || '""', expected: `XML4.MA_DICH_VU = ${code}`, data: { group } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const noResult = outpatientRecord();
  noResult.XML3[1].MA_DICH_VU = '18.0001.0001';
  noResult.XML3[1].TEN_DICH_VU = 'Chụp X-quang ngực thẳng';
  noResult.XML3[1].MA_NHOM = '2';

  return {
    valid: [fixture('glucose test with its result', envelopeXml([outpatientRecord()]))],
    invalid: [fixture('X-ray without a result; XML4 missing entirely', envelopeXml([noResult], { omit: ['XML4'] }))],
  };
});
