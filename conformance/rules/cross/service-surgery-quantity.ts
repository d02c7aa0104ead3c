/** CROSS.SERVICE.SURGERY_QUANTITY — a surgery line bills one operation (SO_LUONG 1). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { cmp, dec, toPlain } from '../../decimal.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { loc, money, rowsOf } from '../../pilot/rule-helpers.ts';
import { groupOf, SURGERY_GROUP } from './claim-helpers.ts';
import { surgeryRecord } from './service-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.SURGERY_QUANTITY',
    severity: 'warning',
    tables: ['XML3'],
    fields: ['MA_NHOM', 'SO_LUONG'],
    citation: {
      decision: 'TT 39/2018/TT-BYT (sửa đổi bởi TT 22/2023/TT-BYT); thực hành kiểm tra trước giám định',
      clause: 'Giá phẫu thuật tính theo lần thực hiện; nhiều can thiệp/lần phẫu thuật ghi mỗi can thiệp một dòng với tỷ lệ thanh toán riêng (TYLE_TT_DV), không gộp vào SO_LUONG',
    },
    messages: {
      vi: 'Dòng phẫu thuật (MA_NHOM 8) {code} ghi SO_LUONG = {actual}; mỗi lần phẫu thuật ghi một dòng SO_LUONG 1 (can thiệp thứ hai trở đi ghi dòng riêng với TYLE_TT_DV theo tỷ lệ thanh toán)',
      en: 'Surgery line (MA_NHOM 8) {code} has SO_LUONG = {actual}; bill each operation as its own line with SO_LUONG 1 (a second intervention gets its own line with its TYLE_TT_DV)',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'An XML3 surgery line (MA_NHOM 8) has SO_LUONG ≤ 1. A warning (vendor pre-inspection practice): a repeated operation on another day is legitimate but is written as its own line.',
  },
  check(ctx) {
    const one = dec(1);
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML3')) {
        if (groupOf(row) !== SURGERY_GROUP) continue;
        const q = money(row, 'SO_LUONG');
        if (q === undefined) continue;
        const ok = cmp(q, one) <= 0;
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', severity: ok ? undefined : 'warning', location: loc(h, row, 'SO_LUONG'), actual: toPlain(q), expected: '1', data: { code: row.values.get('MA_DICH_VU')?.value ?? '' } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('one operation on its line', envelopeXml([surgeryRecord()]))],
  invalid: [fixture('surgery line with SO_LUONG 2', envelopeXml([surgeryRecord([{ SO_LUONG: '2' }])]))],
}));
