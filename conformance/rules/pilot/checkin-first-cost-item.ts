/** PILOT.CHECKIN.FIRST_COST_ITEM — exactly one of service / drug / supply code, with its name. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { checkinRow, checkinXml, fixture } from '../fixtures-kit.ts';
import { has, loc, rowsOf, val } from '../../pilot/rule-helpers.ts';
import { isEmergency } from './checkin-after-first-cost.ts';

const PAIRS: [string, string][] = [
  ['MA_DICH_VU', 'TEN_DICH_VU'],
  ['MA_THUOC', 'TEN_THUOC'],
  ['MA_VAT_TU', 'TEN_VAT_TU'],
];

export const rule: Rule = {
  meta: {
    id: 'PILOT.CHECKIN.FIRST_COST_ITEM',
    severity: 'error',
    tables: ['XML0'],
    fields: PAIRS.flat(),
    citation: { decision: 'QĐ 4750/QĐ-BYT', clause: 'Bảng 0 (check-in), chỉ tiêu MA_DICH_VU/TEN_DICH_VU, MA_THUOC/TEN_THUOC, MA_VAT_TU/TEN_VAT_TU: bắt buộc một loại mã của chi phí đầu tiên và tên tương ứng' },
    messages: { vi: 'Chi phí đầu tiên của check-in: {actual}; hãy ghi đúng một mã kèm tên tương ứng ({expected})', en: 'First cost of the check-in: {actual}; write exactly one code with its name ({expected})' },
    since: '4750',
    confidence: 'high',
    description_en: 'XML0 names its first cost by exactly one of MA_DICH_VU, MA_THUOC, MA_VAT_TU, and the matching TEN_* is filled. Emergency check-ins → not-applicable.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML0')) {
        if (isEmergency(val(row, 'MA_DOITUONG_KCB'))) {
          if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', severity: 'info', location: loc(h, row, 'MA_DOITUONG_KCB'), reason: 'emergency: check-in not required (QĐ 4750 Điều 2)' });
          continue;
        }
        const codes = PAIRS.filter(([code]) => has(row, code));
        if (codes.length !== 1) {
          ctx.report({ outcome: 'fail', location: loc(h, row, codes[1]?.[0] ?? 'MA_DICH_VU'), actual: codes.length ? codes.map(([c]) => c).join(' + ') : '—', expected: '1 × MA_DICH_VU | MA_THUOC | MA_VAT_TU' });
          continue;
        }
        const [code, name] = codes[0];
        if (!((has(row, name)) && ctx.counted('pass', row.table))) ctx.report({ outcome: has(row, name) ? 'pass' : 'fail', location: loc(h, row, name), actual: `${code} = ${val(row, code)}, ${name} = ""`, expected: name });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [
      fixture('exam as first cost', checkinXml([checkinRow()])),
      fixture('drug as first cost at the treating department', checkinXml([checkinRow({ MA_DICH_VU: undefined, TEN_DICH_VU: undefined, MA_THUOC: '40.227', TEN_THUOC: 'Amlodipin' })])),
    ],
    invalid: [
      fixture('service and drug both given', checkinXml([checkinRow({ MA_THUOC: '40.227', TEN_THUOC: 'Amlodipin' })])),
      fixture('supply code without its name', checkinXml([checkinRow({ MA_DICH_VU: undefined, TEN_DICH_VU: undefined, MA_VAT_TU: 'N03.01.010' })])),
      fixture('no first-cost code', checkinXml([checkinRow({ MA_DICH_VU: undefined, TEN_DICH_VU: undefined })])),
    ],
  };
});
