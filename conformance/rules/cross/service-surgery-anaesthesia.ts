/** CROSS.SERVICE.SURGERY_ANAESTHESIA — a surgery line (MA_NHOM 8) names its anaesthesia (PP_VO_CAM). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { has, loc, rowsOf } from '../../pilot/rule-helpers.ts';
import { groupOf, SURGERY_GROUP } from './claim-helpers.ts';
import { surgeryRecord } from './service-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.SURGERY_ANAESTHESIA',
    severity: 'warning',
    tables: ['XML3'],
    fields: ['MA_NHOM', 'PP_VO_CAM'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); thực hành kiểm tra trước giám định',
      clause: 'Bảng 3, chỉ tiêu PP_VO_CAM: mã phương pháp vô cảm (1 gây mê, 2 gây tê, 3 châm tê, 4 khác), bắt buộc khi phẫu thuật, thủ thuật có vô cảm',
    },
    messages: {
      vi: 'Dòng phẫu thuật (MA_NHOM 8) {actual} không ghi PP_VO_CAM; ghi phương pháp vô cảm đã dùng: 1 gây mê, 2 gây tê, 3 châm tê, 4 phương pháp khác',
      en: 'Surgery line (MA_NHOM 8) {actual} has no PP_VO_CAM; write the anaesthesia used: 1 general, 2 regional/local, 3 acupuncture, 4 other',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'An XML3 surgery line (MA_NHOM 8) carries PP_VO_CAM. The appendix requires it when anaesthesia was used; every surgery uses one (code 4 covers the others), which is vendor practice, not text: a warning.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML3')) {
        if (groupOf(row) !== SURGERY_GROUP) continue;
        const ok = has(row, 'PP_VO_CAM');
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', severity: ok ? undefined : 'warning', location: loc(h, row, ok ? 'PP_VO_CAM' : 'MA_NHOM'), actual: row.values.get('MA_DICH_VU')?.value ?? '' });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('surgery under general anaesthesia', envelopeXml([surgeryRecord()]))],
  invalid: [fixture('surgery without PP_VO_CAM', envelopeXml([surgeryRecord([{ PP_VO_CAM: undefined }])]))],
}));
