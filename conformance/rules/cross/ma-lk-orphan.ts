/** CROSS.MA_LK.ORPHAN — every MA_LK of XML2–XML15 belongs to an XML1 record of the package. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { loc, val } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.MA_LK.ORPHAN',
    severity: 'error',
    scope: 'package',
    tables: ['XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML6', 'XML7', 'XML8', 'XML9', 'XML10', 'XML11', 'XML13', 'XML14', 'XML15'],
    fields: ['MA_LK'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 1–15, chỉ tiêu MA_LK (mã liên kết nối Bảng 1 với các bảng chi tiết)' },
    messages: {
      vi: 'MA_LK "{actual}" của {table} không có trong Bảng 1 (XML1) nào của gói; MA_LK của Bảng 1: {expected}; hãy gửi Bảng 1 của đợt KCB này hoặc ghi đúng MA_LK của Bảng 1',
      en: 'MA_LK "{actual}" of {table} has no XML1 record in the package; XML1 MA_LK: {expected}; send the XML1 of this visit or write the MA_LK of its XML1',
    },
    since: '130',
    confidence: 'high',
    description_en: 'Every MA_LK of XML2–XML15 exists in an XML1 record of the same package.',
  },
  check(ctx) {
    const known = new Set<string>();
    for (const h of ctx.pkg.hoso) for (const r of h.byTable.get('XML1')?.rows ?? []) if (val(r, 'MA_LK')) known.add(val(r, 'MA_LK')!);
    for (const h of ctx.pkg.hoso) {
      for (const file of h.files) {
        if (file.table === 'XML1' || file.table === 'XML0' || file.table === 'XML12') continue;
        for (const row of file.rows) {
          const maLk = val(row, 'MA_LK');
          if (maLk === undefined) continue; // missing MA_LK is the field rule's finding
          const ok = known.has(maLk);
          if (!(ok && ctx.counted('pass', row.table))) ctx.report({
            outcome: ok ? 'pass' : 'fail',
            location: loc(h, row, 'MA_LK'),
            actual: maLk,
            expected: known.size ? [...known].join(', ') : '—',
            data: { table: file.table },
          });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const orphan = inpatientRecord();
  orphan.XML2[1].MA_LK = 'LK-KHONG-TON-TAI';
  orphan.XML5[0].MA_LK = 'LK-KHONG-TON-TAI';

  return {
    valid: [fixture('all tables share the XML1 MA_LK', envelopeXml([inpatientRecord(), outpatientRecord()]))],
    invalid: [fixture('XML2 and XML5 rows with an unknown MA_LK', envelopeXml([orphan]), undefined, 2)],
  };
});
