/** PILOT.HEALTHBOOK.FIELDS — the fields the health book shows (PL02 mapping) are filled in the tables sent. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { healthBookItemStates, mappingFields } from '../../healthbook.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord } from '../fixtures-kit.ts';
import { hosoLoc, loc, rowsOf } from '../../pilot/rule-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'PILOT.HEALTHBOOK.FIELDS',
    severity: 'warning',
    scope: 'package',
    tables: ['XML1', 'XML2', 'XML3', 'XML4', 'XML8'],
    fields: ['HO_TEN', 'NGAY_SINH', 'SO_CCCD', 'CHAN_DOAN_RV', 'MA_BENH_CHINH', 'TEN_THUOC', 'TEN_DICH_VU', 'TEN_CHI_SO', 'QT_BENHLY'],
    citation: { decision: 'QĐ 2733/QĐ-BYT; QĐ 31/QĐ-BYT', clause: 'QĐ 2733 Phụ lục 02 (ánh xạ trường Sổ SKĐT ← Bảng 1, 2, 3, 4, 8); QĐ 31 Điều 2 khoản 3 (nội dung Sổ SKĐT)' },
    messages: {
      vi: 'Mục Sổ SKĐT "{item}" sẽ trống trên VNeID: {expected} để trống ({actual}) (độ tin cậy ánh xạ PL02: {mapping}); hãy ghi {expected} để mục này hiển thị',
      en: 'Health-book item "{item}" will be empty on VNeID: {expected} is empty ({actual}) (PL02 mapping confidence: {mapping}); write {expected} so that the item shows',
    },
    since: '2733',
    confidence: 'inferred',
    description_en: 'For each PL02 item with an XML source, the table sent carries a value. Inferred mappings give a warning; a fail only with profile strict on a source-confidence row.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const { mapping: m, state } of healthBookItemStates(h)) {
        if (state !== 'present' && state !== 'empty') continue; // no source / not sent: listed by missingHealthBookItems
        const table = m.xml_table!;
        // the location names `table` (a row of it, or the HOSO): a pass that is only counted needs nothing more
        if (state === 'present' && ctx.counted('pass', table)) continue;
        const first = rowsOf(h, table)[0];
        const fields = mappingFields(m);
        const location = first ? loc(h, first, fields[0]) : hosoLoc(h, table);
        if (state === 'present') {
          ctx.report({ outcome: 'pass', location });
          continue;
        }
        const strictFail = ctx.options.profile === 'strict' && m.confidence === 'source';
        ctx.report({
          outcome: strictFail ? 'fail' : 'warning',
          severity: strictFail ? 'error' : 'warning',
          location,
          actual: '""',
          expected: `${table}.${fields.join('/')}`,
          data: { item: m.field_vi, mapping: m.confidence },
        });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const blank = inpatientRecord();
  blank.XML1[0].NHOM_MAU = '';
  for (const r of blank.XML2) r.LIEU_DUNG = r.CACH_DUNG = '';

  return {
    valid: [fixture('complete outpatient and inpatient records', envelopeXml([outpatientRecord(), inpatientRecord()]))],
    invalid: [fixture('blood group and drug dosage empty', envelopeXml([blank]), undefined, 2)],
  };
});
