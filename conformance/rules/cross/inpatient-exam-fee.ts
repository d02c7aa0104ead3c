/** CROSS.INPATIENT.EXAM_FEE — at most one exam fee (XML3 MA_NHOM 13) for an inpatient stay. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { add, dec, toPlain, cmp, ZERO } from '../../decimal.ts';
import { envelopeXml, fixture, inpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { emptyObjectArray, failOrWarn, INPATIENT_TYPES, loc, money, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';
import type { Row } from '../../model.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.INPATIENT.EXAM_FEE',
    severity: 'error',
    tables: ['XML1', 'XML3'],
    fields: ['MA_NHOM', 'SO_LUONG'],
    citation: {
      decision: 'TT 39/2018/TT-BYT (sửa đổi bởi TT 13/2019/TT-BYT, TT 22/2023/TT-BYT) về giá dịch vụ KCB BHYT',
      clause: 'Điều 6–7: người bệnh vào điều trị nội trú được tính một lần khám vào viện; QĐ 130 Bảng 3 MA_NHOM 13 (khám bệnh)',
    },
    messages: { vi: 'Đợt nội trú có {actual} lần khám (MA_NHOM 13); tối đa {expected}; hãy bỏ các dòng khám thừa', en: 'Inpatient stay bills {actual} exams (MA_NHOM 13); at most {expected}; remove the extra exam lines' },
    since: '130',
    confidence: 'medium',
    description_en: 'An inpatient stay (03/04/09) bills at most one exam (sum of SO_LUONG of XML3 lines with MA_NHOM 13). Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1 || !INPATIENT_TYPES.has(val(x1, 'MA_LOAI_KCB')?.trim() ?? '')) continue;
      // loops, not filter/map + sum: the same lines and the same sum in the same order, without closures
      const exams = emptyObjectArray<Row>();
      let count = ZERO;
      for (const r of rowsOf(h, 'XML3')) {
        if (val(r, 'MA_NHOM')?.trim() !== '13') continue;
        exams.push(r);
        count = add(count, money(r, 'SO_LUONG') ?? dec(1));
      }
      const ok = cmp(count, dec(1)) <= 0;
      const at = exams[1] ?? exams[0];
      ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: at ? loc(h, at, 'MA_NHOM') : loc(h, x1, 'MA_LOAI_KCB'), actual: toPlain(count), expected: '1' });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const twice = inpatientRecord();
  twice.XML3.push({ ...twice.XML3[0], STT: '5', NGAY_YL: '202510080800', NGAY_TH_YL: '202510080805' });
  priceRecord(twice);

  return {
    valid: [fixture('one admission exam', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('exam billed twice during the stay', envelopeXml([twice]), { profile: 'strict' })],
  };
});
