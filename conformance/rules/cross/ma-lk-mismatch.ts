/** CROSS.MA_LK.MISMATCH — all tables of one HOSO share the MA_LK of its XML1. */
import type { Rule, RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { loc, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.MA_LK.MISMATCH',
    severity: 'error',
    tables: ['XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML6', 'XML7', 'XML8', 'XML9', 'XML10', 'XML11', 'XML13', 'XML14', 'XML15'],
    fields: ['MA_LK'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, chỉ tiêu MA_LK; Hướng dẫn CV 1245/BHXH-CNTT mục 3.4 (mỗi HOSO là một đợt KCB)' },
    messages: {
      vi: 'MA_LK "{actual}" của {table} khác MA_LK "{expected}" của Bảng 1 trong cùng HOSO',
      en: 'MA_LK "{actual}" of {table} differs from the XML1 MA_LK "{expected}" of the same HOSO',
    },
    since: '130',
    confidence: 'high',
    description_en: 'Every table of a HOSO carries the MA_LK of that HOSO’s XML1 (one visit per HOSO).',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const own = val(xml1Of(h), 'MA_LK');
      if (own === undefined) continue; // no XML1: CROSS.MA_LK.ORPHAN and the envelope rules report it
      for (const file of h.files) {
        if (file.table === 'XML1' || file.table === 'XML0' || file.table === 'XML12') continue;
        for (const row of file.rows) {
          const maLk = val(row, 'MA_LK');
          if (maLk === undefined) continue;
          ctx.report({ outcome: maLk === own ? 'pass' : 'fail', location: loc(h, row, 'MA_LK'), actual: maLk, expected: own, data: { table: file.table } });
        }
      }
    }
  },
};

// XML3 of the first HOSO points at the second HOSO's visit: not an orphan, but mixed records.
const a = inpatientRecord('LK-A');
const b = outpatientRecord('LK-B');
a.XML3[0].MA_LK = 'LK-B';

export const fixtures: RuleFixtures = {
  valid: [fixture('two HOSO, each consistent', envelopeXml([inpatientRecord('LK-A'), outpatientRecord('LK-B')]))],
  invalid: [fixture('an XML3 row of HOSO 1 carries the MA_LK of HOSO 2', envelopeXml([a, b]))],
};
