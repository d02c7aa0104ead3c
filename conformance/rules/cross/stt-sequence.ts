/** CROSS.STT.SEQUENCE — STT runs 1..n in each list table of a HOSO. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { loc, val } from '../../pilot/rule-helpers.ts';

const TABLES = ['XML0', 'XML2', 'XML3', 'XML4', 'XML5', 'XML15'];

export const rule: Rule = {
  meta: {
    id: 'CROSS.STT.SEQUENCE',
    severity: 'error',
    tables: TABLES,
    fields: ['STT'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 0, 2, 3, 4, 5, 15, chỉ tiêu STT (số thứ tự tăng dần từ 1)' },
    messages: {
      vi: 'STT của dòng {position} trong {table} là "{actual}"; hãy ghi STT = {expected} (đánh số liên tục từ 1)',
      en: 'STT of row {position} in {table} is "{actual}"; write STT = {expected} (numbered from 1 without gaps)',
    },
    since: '130',
    confidence: 'high',
    description_en: 'STT numbers the rows of each list table 1, 2, …, n in document order (per HOSO).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const file of h.files) {
        if (!TABLES.includes(file.table)) continue;
        const rows = file.rows;
        // XML15 STT is optional: check only when the table uses it. Looked up for every table, so that the lookup
        // has run before the rule is optimised (XML15 is rare: code that had never run threw the optimised rule away).
        let used = false;
        for (let i = 0; !used && i < rows.length; i++) used = val(rows[i], 'STT') !== undefined;
        if (!used && file.table === 'XML15') continue;
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          const stt = val(row, 'STT');
          const expected = String(i + 1);
          if (!((stt !== undefined && stt.trim() === expected) && ctx.counted('pass', row.table))) ctx.report({
            outcome: stt !== undefined && stt.trim() === expected ? 'pass' : 'fail',
            location: loc(h, row, 'STT'),
            actual: stt ?? '""',
            expected,
            data: { table: file.table, position: i + 1 },
          });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const gap = inpatientRecord();
  gap.XML3[1].STT = '3';
  gap.XML3[2].STT = '3';

  return {
    valid: [fixture('XML2–XML5 numbered 1..n', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('XML3 numbered 1, 3, 3, 4', envelopeXml([gap]), undefined, 1)],
  };
});
