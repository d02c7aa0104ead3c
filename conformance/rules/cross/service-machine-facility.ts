/** CROSS.SERVICE.MACHINE_FACILITY — the facility part of MA_MAY is the facility's own code (MA_CSKCB). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, outpatientRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';
import { machineItems, type MachineItem } from './claim-helpers.ts';
import { MACHINE_CITATION } from './service-machine.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.MACHINE_FACILITY',
    severity: 'warning',
    tables: ['XML3', 'XML1'],
    fields: ['MA_MAY', 'MA_CSKCB'],
    citation: MACHINE_CITATION,
    messages: {
      vi: 'MA_MAY "{actual}" mang mã cơ sở {other}, không phải mã cơ sở {expected} của hồ sơ; mã máy ghi mã cơ sở KBCB sở hữu máy — kiểm tra lại, trừ khi dịch vụ được thực hiện ở cơ sở khác',
      en: 'MA_MAY "{actual}" carries facility code {other}, not this record\'s facility {expected}; the machine code carries the code of the facility that owns it — check it, unless the service was performed elsewhere',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'The YYYYY part of each full MA_MAY item equals XML1 MA_CSKCB. A warning: a service performed at another facility (samples sent out) legitimately carries that facility\'s machine.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const own = val(xml1Of(h), 'MA_CSKCB')?.trim();
      if (!own) continue;
      for (const row of rowsOf(h, 'XML3')) {
        const v = val(row, 'MA_MAY');
        if (v === undefined) continue;
        // the first full item of another facility; none of the items full: nothing to compare
        let full = false;
        let other: MachineItem | undefined;
        for (const i of machineItems(v)) {
          if (i.facility === undefined) continue;
          full = true;
          if (i.facility !== own) {
            other = i;
            break;
          }
        }
        if (!full) continue;
        if (other || !ctx.counted('pass', row.table)) ctx.report({ outcome: other ? 'warning' : 'pass', severity: other ? 'warning' : undefined, location: loc(h, row, 'MA_MAY'), actual: other ? other.text : v, expected: own, data: { other: other?.facility ?? '' } });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const other = outpatientRecord();
  other.XML3.find((r) => r.MA_NHOM === '1')!.MA_MAY = 'XN.1.79024.001';
  return {
    valid: [fixture('analyser of the facility itself', envelopeXml([outpatientRecord()]))],
    invalid: [fixture('analyser code of another facility', envelopeXml([other]))],
  };
});
