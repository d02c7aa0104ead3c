/** CROSS.TENDER.GROUP — the group part of TT_THAU is a tender group code (N + number; N0 for supplies tendered from 14/4/2023). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture } from '../fixtures-kit.ts';
import { loc } from '../../pilot/rule-helpers.ts';
import { TENDER_GROUP_RE, TENDER_YEAR_RE, tenderParts } from './claim-helpers.ts';
import { TENDER_CITATION, tenderLines, tenderRecord } from './tender-fixtures.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.TENDER.GROUP',
    severity: 'warning',
    tables: ['XML2', 'XML3'],
    fields: ['TT_THAU'],
    citation: TENDER_CITATION,
    messages: {
      vi: 'TT_THAU "{actual}": mã nhóm thầu "{group}" {why_vi}',
      en: 'TT_THAU "{actual}": tender group "{group}" {why_en}',
    },
    since: '4750',
    confidence: 'inferred',
    description_en: 'The group part (3rd of 4+) is N + 1–2 digits (QĐ 5937 PL6/PL7); a supply tender decided from 2024 uses N0 (QĐ 4750: supplies tendered or planned from 14/4/2023 temporarily use N0). A warning: the PL6/PL7 lists are not held as data and a 2024 decision may follow a plan approved before 14/4/2023.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const { row, value } of tenderLines(h)) {
        const t = tenderParts(value);
        if (t.group === undefined || t.group === '') continue;
        let why: { vi: string; en: string } | undefined;
        if (!TENDER_GROUP_RE.test(t.group)) why = { vi: 'không phải mã nhóm thầu theo QĐ 5937; hãy ghi N kèm số nhóm (N1, N2…)', en: 'is not a QĐ 5937 group code; write N with the group number (N1, N2…)' };
        else if (row.table === 'XML3' && t.group !== 'N0' && TENDER_YEAR_RE.test(t.year ?? '') && Number(t.year) >= 2024)
          why = { vi: `trong khi quyết định năm ${t.year}: VTYT đấu thầu/phê duyệt kế hoạch từ 14/4/2023 tạm thời ghi N0`, en: `while the decision is of ${t.year}: supplies tendered or planned from 14/4/2023 temporarily use N0` };
        if (why || !ctx.counted('pass', row.table)) ctx.report({ outcome: why ? 'warning' : 'pass', severity: why ? 'warning' : undefined, location: loc(h, row, 'TT_THAU'), actual: value, data: { group: t.group, why_vi: why?.vi ?? '', why_en: why?.en ?? '' } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => ({
  valid: [fixture('drug group N4; supply N0 in 2025, N1 in 2021', envelopeXml([tenderRecord('57/QĐ-TTMS;G1;N4;2025', '20.00;G1;N0;2025', 'LK1'), tenderRecord(undefined, '20.00;G1;N1;2021', 'LK2')]))],
  invalid: [fixture('group written as a word; supply of 2025 with N1', envelopeXml([tenderRecord('57/QĐ-TTMS;G1;Nhóm 1;2025', '20.00;G1;N1;2025')]), undefined, 2)],
}));
