/** CROSS.MA_LK.MISMATCH — all tables of one HOSO share the MA_LK of its XML1. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { loc, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.MA_LK.MISMATCH',
    severity: 'error',
    scope: 'package',
    tables: ['XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML6', 'XML7', 'XML8', 'XML9', 'XML10', 'XML11', 'XML13', 'XML14', 'XML15'],
    fields: ['MA_LK'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, chỉ tiêu MA_LK; Hướng dẫn CV 1245/BHXH-CNTT mục 3.4 (mỗi HOSO là một đợt KCB)' },
    messages: {
      vi: 'MA_LK "{actual}" của {table} không thuộc HOSO này (cần: {expected}); mỗi HOSO là một đợt KCB với Bảng 1 của nó; hãy ghi MA_LK của Bảng 1 trong HOSO này',
      en: 'MA_LK "{actual}" of {table} does not belong to this HOSO (expected: {expected}); each HOSO is one visit with its own XML1; write the MA_LK of this HOSO’s XML1',
    },
    since: '130',
    confidence: 'high',
    description_en: 'Every table of a HOSO carries the MA_LK of that HOSO’s XML1 (one visit per HOSO).',
  },
  check(ctx) {
    // MA_LK → index of the HOSO whose XML1 declares it
    const owner = new Map<string, number>();
    for (const h of ctx.pkg.hoso) {
      const k = val(xml1Of(h), 'MA_LK');
      if (k !== undefined && !owner.has(k)) owner.set(k, h.index);
    }
    for (const h of ctx.pkg.hoso) {
      const own = val(xml1Of(h), 'MA_LK');
      for (const file of h.files) {
        if (file.table === 'XML1' || file.table === 'XML0' || file.table === 'XML12') continue;
        for (const row of file.rows) {
          const maLk = val(row, 'MA_LK');
          if (maLk === undefined) continue;
          if (own === undefined) {
            // No XML1 in this HOSO: rows pointing at another HOSO's visit are misplaced (unknown ones are orphans).
            if (owner.has(maLk)) ctx.report({ outcome: 'fail', location: loc(h, row, 'MA_LK'), actual: maLk, expected: `HOSO ${owner.get(maLk)! + 1}`, data: { table: file.table } });
            continue;
          }
          if (!((maLk === own) && ctx.counted('pass', row.table))) ctx.report({ outcome: maLk === own ? 'pass' : 'fail', location: loc(h, row, 'MA_LK'), actual: maLk, expected: own, data: { table: file.table } });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  // XML3 of the first HOSO points at the second HOSO's visit: not an orphan, but mixed records.
  const a = inpatientRecord('LK-A');
  const b = outpatientRecord('LK-B');
  a.XML3[0].MA_LK = 'LK-B';

  // The drug table of visit B sent in a HOSO of its own, without XML1.
  const c = outpatientRecord('LK-B');
  const split = { XML2: c.XML2 };
  delete c.XML2;

  return {
    valid: [fixture('two HOSO, each consistent', envelopeXml([inpatientRecord('LK-A'), outpatientRecord('LK-B')]))],
    invalid: [
      fixture('an XML3 row of HOSO 1 carries the MA_LK of HOSO 2', envelopeXml([a, b])),
      fixture('XML2 of visit B in a separate HOSO without XML1', envelopeXml([c, split]), undefined, 2),
    ],
  };
});
