/** CROSS.DOCUMENT.XML7 — a discharge from inpatient care sends the discharge paper (XML7). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, hosoLoc, INPATIENT_TYPES, loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

const DISCHARGE_CODES = new Set(['1', '4']); // ra viện, xin ra viện
const DEATH_RESULTS = new Set(['5', '8']); // tử vong: giấy báo tử, not a discharge paper

export const rule: Rule = {
  meta: {
    id: 'CROSS.DOCUMENT.XML7',
    severity: 'error',
    scope: 'package',
    tables: ['XML1', 'XML7'],
    fields: ['MA_LOAI_KCB', 'MA_LOAI_RV', 'KET_QUA_DTRI'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 7 (giấy ra viện): gửi khi cấp giấy ra viện cho người bệnh điều trị nội trú' },
    messages: {
      vi: 'Người bệnh nội trú ra viện (MA_LOAI_KCB {type}, MA_LOAI_RV {actual}) nhưng hồ sơ không có Bảng 7 (giấy ra viện); hãy gửi kèm {expected}',
      en: 'Inpatient discharged (MA_LOAI_KCB {type}, MA_LOAI_RV {actual}) but the record has no XML7 (discharge paper); send {expected} with it',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'MA_LOAI_KCB 03/04/09 with MA_LOAI_RV 1 or 4 and a result other than death carries XML7. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      const type = val(x1, 'MA_LOAI_KCB')?.trim() ?? '';
      const rv = val(x1, 'MA_LOAI_RV')?.trim() ?? '';
      if (!x1 || !INPATIENT_TYPES.has(type) || !DISCHARGE_CODES.has(rv) || DEATH_RESULTS.has(val(x1, 'KET_QUA_DTRI')?.trim() ?? '')) continue;
      const ok = rowsOf(h, 'XML7').length > 0;
      ctx.report({
        outcome: ok ? 'pass' : verdict.outcome,
        severity: ok ? undefined : verdict.severity,
        location: ok ? loc(h, rowsOf(h, 'XML7')[0]) : { ...hosoLoc(h, 'XML7', x1.MA_LK) },
        actual: rv,
        expected: 'XML7',
        data: { type },
      });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  return {
    valid: [fixture('inpatient discharge with XML7', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('inpatient discharge without XML7', envelopeXml([inpatientRecord()], { omit: ['XML7'] }), { profile: 'strict' })],
  };
});
