/** Regressions found by the conformance audit (honest verdicts and messages of pilot rules). */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { envelopeXml, outpatientRecord, uninsuredRecord } from '../../conformance/rules/fixtures-kit.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { runRule } from '../../conformance/rules/contract.ts';
import { ruleModules } from '../../conformance/rules/registry.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('audit: pilot rules', () => {
  it('PILOT.IDENTITY.CARD_FORMAT names an empty card item instead of leaving a {placeholder}', () => {
    const rec = outpatientRecord();
    rec.XML1[0].MA_THE_BHYT = 'DN4010123456789;';
    // run the rule alone: in a whole check XML1.MA_THE_BHYT.FORMAT fails the empty item first and explains this one
    const pkg = decodePackage(utf8(envelopeXml([rec])));
    const rule = ruleModules().find((m) => m.rule.meta.id === 'PILOT.IDENTITY.CARD_FORMAT')!.rule;
    const f = runRule(rule, pkg, {}).find((x) => x.location.field === 'MA_THE_BHYT' && x.location.table === 'XML1');
    const r = checkPackage(utf8(envelopeXml([rec])), { findings: 'problems' });
    expect(r.findings.find((x) => x.ruleId === 'XML1.MA_THE_BHYT.FORMAT')?.explains).toContain('PILOT.IDENTITY.CARD_FORMAT');
    expect(f).toMatchObject({ outcome: 'fail', actual: 'DN4010123456789;' });
    expect(f!.message_vi).not.toMatch(/\{(actual|expected|field)\}/);
    expect(f!.message_en).toContain('"DN4010123456789;"');
  });

  it('PILOT.HEALTHBOOK.UNINSURED_TABLES: a HOSO without XML1 is skip with a reason (never a medium-confidence fail); ORPHAN fails it', () => {
    const rec = uninsuredRecord();
    for (const profile of ['default', 'strict'] as const) {
      const r = checkPackage(utf8(envelopeXml([rec], { omit: ['XML1'] })), { findings: 'problems', profile });
      const own = r.findings.filter((x) => x.ruleId === 'PILOT.HEALTHBOOK.UNINSURED_TABLES');
      expect(own.length).toBeGreaterThan(0);
      for (const f of own) {
        expect(f.outcome).toBe('skip');
        expect(f.reason).toMatch(/insurance status unknown/);
      }
      expect(r.findings.some((x) => x.ruleId === 'CROSS.MA_LK.ORPHAN' && x.outcome === 'fail')).toBe(true);
    }
  });
});
