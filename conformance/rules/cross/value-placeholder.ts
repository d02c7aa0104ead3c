/**
 * CROSS.VALUE.PLACEHOLDER — no field holds a placeholder literal (`undefined`, `null`, `NaN`, `[object Object]`).
 * Real 2026 exports carry the literal `undefined` in code and name fields: the HIS printed an unset variable.
 * One failure per value, with advice; the field engine leaves that value's TYPE/LENGTH/FORMAT/CODELIST
 * verdicts not-applicable pointing here (one root cause, one failure).
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { loc } from '../../pilot/rule-helpers.ts';
import { isPlaceholder, PLACEHOLDER_RULE_ID } from '../placeholder.ts';

export const rule: Rule = {
  meta: {
    id: PLACEHOLDER_RULE_ID,
    severity: 'error',
    tables: ['XML0', 'XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML6', 'XML7', 'XML8', 'XML9', 'XML10', 'XML11', 'XML12', 'XML13', 'XML14', 'XML15'],
    fields: [],
    citation: {
      decision: 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT',
      clause: 'Phụ lục: mỗi chỉ tiêu ghi đúng nội dung mô tả; không có thông tin thì để trống (chỉ tiêu không bắt buộc) hoặc ghi giá trị quy định',
    },
    messages: {
      vi: '{field} ghi chữ "{actual}": đây là giá trị rỗng của phần mềm (biến chưa được gán), không phải dữ liệu. Hãy ghi giá trị thật; nếu không có thông tin thì để trống thẻ',
      en: '{field} holds the text "{actual}": an unset variable printed by the software, not data. Write the real value; with no information leave the element empty',
    },
    since: '130',
    confidence: 'high',
    description_en: 'No value is a placeholder literal (undefined, null, NaN, [object Object], any case); one failure per value, the value rules of that field are then not-applicable.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const file of h.files) {
        for (const row of file.rows) {
          let found = false;
          for (const fv of row.values.values()) {
            if (fv.empty || !isPlaceholder(fv.value)) continue;
            found = true;
            ctx.report({ outcome: 'fail', location: loc(h, row, fv.name), actual: fv.value.trim(), expected: 'a real value, or an empty element', data: { field: `${row.table}.${fv.name}` } });
          }
          if (!found && !ctx.counted('pass', row.table)) ctx.report({ outcome: 'pass', location: loc(h, row), data: { field: row.table } });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const withUndefined = outpatientRecord();
  withUndefined.XML1[0].HO_TEN = 'undefined';
  const withNull = inpatientRecord();
  withNull.XML2[0].TEN_THUOC = 'null';

  return {
    valid: [fixture('records with real values', envelopeXml([outpatientRecord(), inpatientRecord()]))],
    invalid: [fixture('"undefined" as the patient name, "null" as a drug name', envelopeXml([withUndefined, withNull]), undefined, 2)],
  };
});
