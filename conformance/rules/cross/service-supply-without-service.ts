/** CROSS.SERVICE.SUPPLY_WITHOUT_SERVICE — a supply line that names its service (MA_DICH_VU) has that service billed the same day. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, val } from '../../pilot/rule-helpers.ts';
import { isSupplyLine } from './claim-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.SUPPLY_WITHOUT_SERVICE',
    severity: 'warning',
    tables: ['XML3'],
    fields: ['MA_NHOM', 'MA_DICH_VU', 'NGAY_YL'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); thực hành giám định BHYT',
      clause: 'Bảng 3, chỉ tiêu MA_DICH_VU: với dòng VTYT, ghi mã DVKT có sử dụng VTYT đó; VTYT thanh toán kèm dịch vụ phải có dòng dịch vụ tương ứng được chỉ định trong ngày',
    },
    messages: {
      vi: 'Dòng VTYT {supply} ghi MA_DICH_VU = {actual} nhưng không có dòng dịch vụ {actual} nào trong ngày {day}; ghi đúng mã dịch vụ đã dùng vật tư này, hoặc bổ sung dòng dịch vụ',
      en: 'Supply line {supply} names MA_DICH_VU = {actual} but no service line {actual} is billed on {day}; write the service that used this supply, or add that service line',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'An XML3 supply line (MA_NHOM 10/11) with MA_DICH_VU has a service line (not a supply) with that MA_DICH_VU ordered on the same day (NGAY_YL date). A warning: a supply may serve a service billed on a neighbouring day around midnight.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const rows = rowsOf(h, 'XML3');
      const services = new Set<string>();
      for (const r of rows) {
        const code = val(r, 'MA_DICH_VU')?.trim();
        const at = val(r, 'NGAY_YL')?.trim();
        if (code && at && !isSupplyLine(r)) services.add(`${code}|${at.slice(0, 8)}`);
      }
      for (const r of rows) {
        if (!isSupplyLine(r)) continue;
        const code = val(r, 'MA_DICH_VU')?.trim();
        const at = val(r, 'NGAY_YL')?.trim();
        if (!code || !at) continue;
        const ok = code.split(';').every((c) => services.has(`${c.trim()}|${at.slice(0, 8)}`));
        if (!(ok && ctx.counted('pass', r.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', severity: ok ? undefined : 'warning', location: loc(h, r, 'MA_DICH_VU'), actual: code, data: { day: at.slice(0, 8), supply: val(r, 'MA_VAT_TU') ?? '' } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const used = outpatientRecord();
  used.XML3.find((r) => r.MA_NHOM === '10')!.MA_DICH_VU = '23.0075.1494';
  const orphan = outpatientRecord();
  orphan.XML3.find((r) => r.MA_NHOM === '10')!.MA_DICH_VU = '03.3911.0200';
  return {
    valid: [fixture('syringe used for the glucose test of the day; supply without a service code', envelopeXml([used, outpatientRecord()]))],
    invalid: [fixture('syringe names a dressing service that was not billed', envelopeXml([orphan]))],
  };
});
