/** PILOT.HEALTHBOOK.SUMMARY_CONTENT — the record summary (XML8) has real text, not placeholders (condition C10). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, threshold, val } from '../../pilot/rule-helpers.ts';

const FIELDS = ['QT_BENHLY', 'TOMTAT_KQ', 'PP_DIEUTRI'];
const PLACEHOLDERS = new Set(['.', '..', '...', '-', '--', 'x', 'xx', 'k', 'không', 'khong', 'ko', 'n/a', 'na', 'null', 'none', 'chưa có', 'chua co', 'không có', 'khong co', 'bình thường', 'binh thuong', 'test', 'abc']);
export const SUMMARY_MIN_CHARS_KEY = 'healthbook.summaryMinChars';

/** True when a summary text is a placeholder (blank-like, too short, or a known filler). */
export function isPlaceholder(textValue: string, minChars: number): boolean {
  const t = textValue.trim().toLowerCase().replace(/\s+/g, ' ');
  return t === '' || PLACEHOLDERS.has(t) || [...t].length < minChars || /^(.)\1*$/.test(t);
}

export const rule: Rule = {
  meta: {
    id: 'PILOT.HEALTHBOOK.SUMMARY_CONTENT',
    severity: 'warning',
    tables: ['XML8'],
    fields: FIELDS,
    citation: { decision: 'QĐ 2733/QĐ-BYT', clause: 'Điều 4 khoản 5 điểm d (bác sĩ tóm tắt hồ sơ bệnh án cho Sổ SKĐT); Phụ lục 02 mục 3.6, trường 41–43 ← Bảng 8' },
    messages: {
      vi: '{field} của tóm tắt hồ sơ bệnh án là "{actual}" — chưa phải nội dung tóm tắt; hãy ghi văn bản thật, tối thiểu {expected} ký tự',
      en: '{field} of the record summary is "{actual}" — not a real summary; write real text of at least {expected} characters',
    },
    since: '2733',
    confidence: 'inferred',
    description_en: 'XML8 QT_BENHLY, TOMTAT_KQ and PP_DIEUTRI are real text: not empty, not a filler like "." or "không", at least healthbook.summaryMinChars characters (default 10). Warning only (field mapping inferred).',
  },
  check(ctx) {
    const minChars = threshold(ctx.options, SUMMARY_MIN_CHARS_KEY, 10);
    for (const h of ctx.pkg.hoso) {
      for (const row of rowsOf(h, 'XML8')) {
        for (const f of FIELDS) {
          const v = val(row, f) ?? '';
          const bad = isPlaceholder(v, minChars);
          if (bad || !ctx.counted('pass', row.table)) ctx.report({ outcome: bad ? 'warning' : 'pass', location: loc(h, row, f), actual: bad ? v : undefined, expected: String(minChars) });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const filler = inpatientRecord();
  Object.assign(filler.XML8[0], { QT_BENHLY: '.', TOMTAT_KQ: 'không', PP_DIEUTRI: 'Điều trị nội khoa: Amlodipin 5mg' });

  return {
    valid: [fixture('written summary', envelopeXml([inpatientRecord()]))],
    invalid: [fixture('"." and "không" as summary', envelopeXml([filler]), undefined, 2)],
  };
});
