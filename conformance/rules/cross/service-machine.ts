/** CROSS.SERVICE.MACHINE — a test, imaging or function-test line (MA_NHOM 1/2/3) names the machine (MA_MAY). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { has, loc, rowsOf, val } from '../../pilot/rule-helpers.ts';
import { groupOf, MACHINE_GROUPS } from './claim-helpers.ts';

export const MACHINE_CITATION = {
  decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
  clause: 'Bảng 3, chỉ tiêu MA_MAY: mã máy thực hiện dịch vụ cận lâm sàng, phẫu thuật, thủ thuật, ghi theo nguyên tắc XX.n.YYYYY.Z (nhóm máy; nguồn kinh phí 1/2/3; mã cơ sở KBCB; số serial); không bắt buộc khi chuyển mẫu bệnh phẩm',
};

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.MACHINE',
    severity: 'warning',
    tables: ['XML3'],
    fields: ['MA_NHOM', 'MA_MAY'],
    citation: MACHINE_CITATION,
    messages: {
      vi: 'Dòng xét nghiệm/chẩn đoán hình ảnh/thăm dò chức năng (MA_NHOM {group}) {actual} không ghi MA_MAY; ghi mã máy đã thực hiện dạng XX.n.YYYYY.Z (ví dụ XQ.1.{facility}.SN123) — chỉ được để trống khi chuyển mẫu bệnh phẩm đi nơi khác',
      en: 'Test/imaging/function-test line (MA_NHOM {group}) {actual} has no MA_MAY; write the machine that performed it as XX.n.YYYYY.Z (e.g. XQ.1.{facility}.SN123) — empty only when the sample was sent elsewhere',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'XML3 lines of MA_NHOM 1, 2 or 3 carry MA_MAY. A warning: the appendix exempts samples sent to another facility, which the claim does not show.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const facility = val(h.byTable.get('XML1')?.rows[0], 'MA_CSKCB')?.trim() ?? 'YYYYY';
      for (const row of rowsOf(h, 'XML3')) {
        const group = groupOf(row);
        if (!MACHINE_GROUPS.has(group)) continue;
        const ok = has(row, 'MA_MAY');
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', severity: ok ? undefined : 'warning', location: loc(h, row, ok ? 'MA_MAY' : 'MA_NHOM'), actual: val(row, 'MA_DICH_VU') ?? '', data: { group, facility } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const none = outpatientRecord();
  none.XML3.find((r) => r.MA_NHOM === '1')!.MA_MAY = undefined;
  return {
    valid: [fixture('glucose test with its analyser', envelopeXml([outpatientRecord()]))],
    invalid: [fixture('glucose test without MA_MAY', envelopeXml([none]))],
  };
});
