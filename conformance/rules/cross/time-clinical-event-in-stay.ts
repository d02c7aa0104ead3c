/** CROSS.TIME.CLINICAL_EVENT_IN_STAY — XML5 THOI_DIEM_DBLS lies within the stay. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, rowsOf, show, stayOf, when } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TIME.CLINICAL_EVENT_IN_STAY',
    severity: 'error',
    tables: ['XML1', 'XML5'],
    fields: ['THOI_DIEM_DBLS'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)', clause: 'Phụ lục, Bảng 5, chỉ tiêu THOI_DIEM_DBLS (diễn biến lâm sàng trong đợt điều trị của Bảng 1)' },
    messages: { vi: 'THOI_DIEM_DBLS = {actual} nằm ngoài đợt KCB ({expected}); hãy ghi thời điểm trong đợt KCB', en: 'THOI_DIEM_DBLS = {actual} lies outside the visit ({expected}); write a time within the visit' },
    since: '130',
    confidence: 'medium',
    description_en: 'Clinical course entries (XML5) are dated between XML1 NGAY_VAO and NGAY_RA. Medium: warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const stay = stayOf(h);
      if (!stay) continue;
      for (const row of rowsOf(h, 'XML5')) {
        const t = when(row, 'THOI_DIEM_DBLS');
        if (t === undefined) continue;
        const ok = t >= stay.vao && t <= stay.ra;
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'THOI_DIEM_DBLS'), actual: show(row, 'THOI_DIEM_DBLS'), expected: stay.window });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const after = inpatientRecord();
  after.XML5[1].THOI_DIEM_DBLS = '202510120800';

  return {
    valid: [fixture('clinical course within the stay', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('entry two days after discharge', envelopeXml([after]), { profile: 'strict' })],
  };
});
