/** CROSS.TENDER.PARTS — TT_THAU has the parts the appendix lists, each in its shape (package Gi, year YYYY). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { failOrWarn, loc } from '../../pilot/rule-helpers.ts';
import { TENDER_EXTRA_RE, TENDER_PACKAGE_RE, TENDER_YEAR_RE, tenderCountOk, tenderParts } from './claim-helpers.ts';
import { TENDER_CITATION, tenderLines, tenderRecord } from './tender-fixtures.ts';

/** What is wrong with a TT_THAU value, in both languages, or undefined when its parts are as the appendix writes them. */
function problem(table: string, value: string): { vi: string; en: string } | undefined {
  const t = tenderParts(value);
  const n = t.parts.length;
  if (!tenderCountOk(table, n)) {
    return table === 'XML2'
      ? { vi: `có ${n} phần; thuốc ghi 4 phần (số QĐ;Gi;Ni;năm), 5–6 phần khi thêm Gi.YY hoặc mã đơn vị áp thầu, 2 phần (số văn bản;năm) khi tự bào chế`, en: `has ${n} parts; drugs take 4 (decision;Gi;Ni;year), 5–6 with Gi.YY or the applied unit's code, 2 (letter;year) for own preparations` }
      : { vi: `có ${n} phần; VTYT ghi 4 phần (số QĐ;Gi;Ni;năm), 3 phần (số QĐ.mã đơn vị;Gi;năm) khi phê duyệt trước TT 14/2020, 2 phần (số văn bản;năm) khi tự sản xuất`, en: `has ${n} parts; supplies take 4 (decision;Gi;Ni;year), 3 (decision.unit;Gi;year) for plans approved before TT 14/2020, 2 (letter;year) for own production` };
  }
  if (t.parts.some((p) => p === '')) return { vi: 'có phần để trống giữa hai dấu ";"', en: 'has an empty part between two ";"' };
  if (t.pkg !== undefined && !TENDER_PACKAGE_RE.test(t.pkg)) return { vi: `mã gói thầu "${t.pkg}" phải là G kèm số gói (G1, G2…)`, en: `package "${t.pkg}" must be G with the package number (G1, G2…)` };
  if (!TENDER_YEAR_RE.test(t.year ?? '')) return { vi: `phần năm "${t.year}" phải là năm ban hành quyết định, 4 chữ số`, en: `year part "${t.year}" must be the 4-digit year of the decision` };
  const extra = t.extra.find((e) => !TENDER_EXTRA_RE.test(e));
  if (extra !== undefined) return { vi: `phần thêm "${extra}" phải là Gi.YY (nhà thầu thứ YY của gói i) hoặc mã đơn vị áp thầu (00, mã tỉnh 2 số, mã cơ sở 5 ký tự)`, en: `extra part "${extra}" must be Gi.YY (bidder YY of package i) or the applied unit's code (00, 2-digit province, 5-character facility)` };
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'CROSS.TENDER.PARTS',
    severity: 'error',
    tables: ['XML2', 'XML3'],
    fields: ['TT_THAU'],
    citation: TENDER_CITATION,
    messages: {
      vi: 'TT_THAU "{actual}" {problem_vi}; hãy ghi theo mẫu "57/QĐ-TTMS;G1;N1;2022"',
      en: 'TT_THAU "{actual}" {problem_en}; write it as in "57/QĐ-TTMS;G1;N1;2022"',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'TT_THAU split on ";": drugs 2, 4, 5 or 6 parts, supplies 2, 3 or 4; no empty part; package G + number; year 4 digits; extra drug parts Gi.YY or a unit code (00, province, facility). Medium (forms collected from the appendix notes): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      for (const { row, value } of tenderLines(h)) {
        const p = problem(row.table, value);
        if (p || !ctx.counted('pass', row.table)) ctx.report({ outcome: p ? verdict.outcome : 'pass', severity: p ? verdict.severity : undefined, location: loc(h, row, 'TT_THAU'), actual: value, data: p ? { problem_vi: p.vi, problem_en: p.en } : undefined });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [
    fixture('standard forms', envelopeXml([tenderRecord('57/QĐ-TTMS;G1;N1;2022', '20.00;G1;N1;2021')])),
    fixture('second bidder, applied tender, own preparation, pre-TT 14/2020 supply', envelopeXml([tenderRecord('57/QĐ-TTMS;G1;N1;2022;G2.02', '132.01901;G1;2019', 'LK1'), tenderRecord('250/QĐ-VCR;G1;N3;2021;79048', '456/BVYHCTTW-BH;2023', 'LK2'), tenderRecord('456/BVYHCTTW-BH;2023', undefined, 'LK3')])),
  ],
  invalid: [
    fixture('decision only; package without G; two-digit year', envelopeXml([tenderRecord('123/QĐ-BV', '123/QĐ-BV;1;N1;2025', 'LK1'), tenderRecord('123/QĐ-BV;G1;N4;25', undefined, 'LK2')]), { profile: 'strict' }, 3),
  ],
}));
