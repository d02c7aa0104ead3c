/** PLAUSIBILITY.NO_COST_LINES — a claim (XML1) comes with its cost lines (XML2/XML3). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'PLAUSIBILITY.NO_COST_LINES',
    severity: 'warning',
    scope: 'package',
    tables: ['XML1', 'XML2', 'XML3'],
    fields: ['T_TONGCHI_BV'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT)',
      clause: 'Bảng 1 T_TONGCHI_BV là tổng THANH_TIEN_BV của Bảng 2 và Bảng 3; một lượt KBCB có chi phí gửi kèm các dòng chi phí (kiểm tra hợp lý, không phải quy định)',
    },
    messages: {
      vi: 'Hồ sơ {actual} có XML1 nhưng không có dòng chi phí nào (XML2 thuốc, XML3 dịch vụ/vật tư); nếu lượt khám có chi phí (ít nhất tiền khám), gửi kèm XML2/XML3 — hồ sơ không có chi phí thì không được thanh toán',
      en: 'Record {actual} has XML1 but no cost line (XML2 drugs, XML3 services/supplies); if the visit had costs (at least the exam), send XML2/XML3 with it — a record without costs is paid nothing',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'A HOSO with XML1 has at least one XML2 or XML3 row. A warning with advice: a visit may be free (e.g. a programme that pays elsewhere) but usually the tables were left out.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1) continue;
      const ok = rowsOf(h, 'XML2').length + rowsOf(h, 'XML3').length > 0;
      if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'warning', severity: ok ? undefined : 'warning', location: loc(h, x1, 'T_TONGCHI_BV'), actual: val(x1, 'MA_LK') ?? '' });
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('exam with its cost lines', envelopeXml([outpatientRecord()]))],
  invalid: [fixture('XML1 sent without XML2 and XML3', envelopeXml([outpatientRecord()], { omit: ['XML2', 'XML3', 'XML4'] }))],
}));
