/** CROSS.TENDER.YEAR — the year of the tender decision is not after the service and not implausibly old. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { failOrWarn, loc, threshold, val, xml1Of } from '../../pilot/rule-helpers.ts';
import { TENDER_YEAR_RE, tenderParts } from './claim-helpers.ts';
import { TENDER_CITATION, tenderLines, tenderRecord } from './tender-fixtures.ts';

/** Option: tenders older than this many years before the service give a warning (default 5: the usual 1–3-year supply contracts, with room for stock used up later). */
export const TENDER_MAX_AGE_KEY = 'tender.maxAgeYears';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TENDER.YEAR',
    severity: 'error',
    tables: ['XML2', 'XML3', 'XML1'],
    fields: ['TT_THAU', 'NGAY_YL', 'NGAY_VAO'],
    citation: TENDER_CITATION,
    messages: {
      vi: 'TT_THAU "{actual}" ghi năm quyết định {year}, {why_vi} (dịch vụ/thuốc dùng năm {used}); ghi năm ban hành quyết định phê duyệt kết quả lựa chọn nhà thầu đang áp dụng',
      en: 'TT_THAU "{actual}" gives decision year {year}, {why_en} (used in {used}); write the year of the tender decision in force',
    },
    since: '130',
    confidence: 'medium',
    description_en: `The year part of TT_THAU is not after the year of the line's NGAY_YL (XML1 NGAY_VAO when absent): a decision cannot postdate its use (medium: warning unless profile strict). Older than the option ${TENDER_MAX_AGE_KEY} (default 5) years: always a warning (plausibility).`,
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    const maxAge = threshold(ctx.options, TENDER_MAX_AGE_KEY, 5);
    for (const h of ctx.pkg.hoso) {
      const vao = val(xml1Of(h), 'NGAY_VAO')?.trim();
      for (const { row, value } of tenderLines(h)) {
        const year = tenderParts(value).year ?? '';
        const usedText = (val(row, 'NGAY_YL')?.trim() ?? vao ?? '').slice(0, 4);
        if (!TENDER_YEAR_RE.test(year) || !/^\d{4}$/.test(usedText)) continue; // the shape is CROSS.TENDER.PARTS's
        const y = Number(year);
        const used = Number(usedText);
        const later = y > used;
        const old = !later && used - y > maxAge;
        const outcome = later ? verdict.outcome : old ? 'warning' : 'pass';
        if (outcome === 'pass' && ctx.counted('pass', row.table)) continue;
        const data = later
          ? { year, used, why_vi: 'sau năm sử dụng', why_en: 'after the year of use' }
          : { year, used, why_vi: `cũ hơn ${maxAge} năm`, why_en: `more than ${maxAge} years old` };
        ctx.report({ outcome, severity: later ? verdict.severity : old ? 'warning' : undefined, location: loc(h, row, 'TT_THAU'), actual: value, expected: `≤ ${used}`, data });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('decisions of 2025 and 2021 used in 2025', envelopeXml([tenderRecord('57/QĐ-TTMS;G1;N1;2025', '20.00;G1;N1;2021')]))],
  invalid: [
    fixture('decision of 2026 for a drug used in 2025', envelopeXml([tenderRecord('57/QĐ-TTMS;G1;N1;2026', undefined)]), { profile: 'strict' }),
  ],
}));
