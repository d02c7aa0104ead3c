/** CROSS.SERVICE.MACHINE_CODE — MA_MAY is shaped as the appendix writes it (XX.n.YYYYY.Z). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { failOrWarn, loc, rowsOf, val } from '../../pilot/rule-helpers.ts';
import { machineItems, type MachineItem } from './claim-helpers.ts';
import { MACHINE_CITATION } from './service-machine.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.MACHINE_CODE',
    severity: 'error',
    tables: ['XML3'],
    fields: ['MA_MAY'],
    citation: MACHINE_CITATION,
    messages: {
      vi: 'MA_MAY "{actual}" không đúng dạng XX.n.YYYYY.Z: nhóm máy 2–3 chữ cái (XN, SA, XQ, CL, MRI, ĐT…), nguồn kinh phí 1 (ngân sách), 2 (xã hội hóa) hoặc 3 (khác), mã cơ sở KBCB 5 ký tự, số serial; ví dụ XQ.1.{facility}.SN123 (nhiều máy của một hệ thống cách nhau dấu ";")',
      en: 'MA_MAY "{actual}" is not shaped XX.n.YYYYY.Z: machine group of 2–3 letters (XN, SA, XQ, CL, MRI, ĐT…), funding 1 (state budget), 2 (socialised) or 3 (other), the 5-character facility code, the serial; e.g. XQ.1.{facility}.SN123 (machines of one system separated by ";")',
    },
    since: '130',
    confidence: 'medium',
    description_en: 'Each MA_MAY item is group.funding.facility.serial (the first item in full; later items of a machine system in full or as bare serials). Medium (the appendix calls the shape provisional): warning unless profile strict.',
  },
  check(ctx) {
    const verdict = failOrWarn('medium', ctx.options);
    for (const h of ctx.pkg.hoso) {
      const facility = val(h.byTable.get('XML1')?.rows[0], 'MA_CSKCB')?.trim() ?? 'YYYYY';
      for (const row of rowsOf(h, 'XML3')) {
        const v = val(row, 'MA_MAY');
        if (v === undefined || v.trim() === '') continue;
        let bad: MachineItem | undefined;
        for (const i of machineItems(v)) {
          if (!i.shaped) {
            bad = i;
            break;
          }
        }
        if (bad || !ctx.counted('pass', row.table)) ctx.report({ outcome: bad ? verdict.outcome : 'pass', severity: bad ? verdict.severity : undefined, location: loc(h, row, 'MA_MAY'), actual: bad ? bad.text : v, data: { facility } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const bad = outpatientRecord();
  bad.XML3.find((r) => r.MA_NHOM === '1')!.MA_MAY = 'MAY XN 01';
  const system = outpatientRecord();
  system.XML3.find((r) => r.MA_NHOM === '1')!.MA_MAY = 'SH.2.01001.AU680-1;AU680-2';
  return {
    valid: [fixture('analyser code and a two-machine system', envelopeXml([outpatientRecord(), system]))],
    invalid: [fixture('machine written as free text', envelopeXml([bad]), { profile: 'strict' })],
  };
});
