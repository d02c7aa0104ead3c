/** Every signature rule has metadata, a citation and fixtures; valid fixtures pass, invalid ones fail. */
import { describe, expect, it } from 'vitest';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { runRule } from '../../conformance/rules/contract.ts';
import { rules } from '../../conformance/rules/signature/index.ts';
import { SIGNATURE_CHECK_CODES } from '../../conformance/signature/verify.ts';
import { packageFromXml } from './helpers.ts';

describe('signature rules', () => {
  it('cover every check code of the verifier, once each', () => {
    expect(rules.map((m) => m.rule.meta.id).sort()).toEqual([...SIGNATURE_CHECK_CODES].sort());
  });

  for (const { rule, fixtures } of rules) {
    describe(rule.meta.id, () => {
      it('has a citation, messages in both languages and fixtures', () => {
        expect(rule.meta.citation.decision).not.toBe('');
        expect(rule.meta.citation.clause).not.toBe('');
        expect(rule.meta.messages.vi).toContain('{detail_vi}');
        expect(rule.meta.messages.en).toContain('{detail_en}');
        expect(fixtures.valid.length).toBeGreaterThan(0);
        expect(fixtures.invalid.length).toBeGreaterThan(0);
      });
      for (const f of fixtures.valid) {
        it(`valid: ${f.name}`, () => {
          const findings = runRule(rule, packageFromXml(f.xml), f.options ?? {});
          expect(findings.length).toBeGreaterThan(0);
          expect(findings.filter((x) => x.outcome === 'fail' || x.outcome === 'error' || x.outcome === 'warning')).toEqual([]);
        });
      }
      for (const f of fixtures.invalid) {
        it(`invalid: ${f.name}`, () => {
          const findings = runRule(rule, packageFromXml(f.xml), f.options ?? {});
          const fails = findings.filter((x) => x.outcome === 'fail');
          expect(fails.length).toBeGreaterThanOrEqual(f.expectAtLeast ?? 1);
          expect(fails[0].message_vi).toMatch(/^Chữ ký số \(/);
          expect(fails[0].message_en).not.toContain('{');
          expect(fails[0].location.line).toBeGreaterThan(0);
        });
      }
    });
  }

  it('reuse one verification per package and options', () => {
    const { rule, fixtures } = rules[0];
    const pkg = packageFromXml(fixtures.valid[0].xml);
    const options = fixtures.valid[0].options!;
    const a = runRule(rule, pkg, options);
    // a copy of the options (as an engine might pass) still hits the cache: the registry is asked once
    let asked = 0;
    const registry = { ...options.registry!, certificatesFor: (f: string) => (asked++, options.registry!.certificatesFor(f)) };
    for (const m of rules) runRule(m.rule, pkg, { ...options, registry });
    for (const m of rules) runRule(m.rule, pkg, { ...options, registry });
    expect(asked).toBe(1);
    expect(a[0].outcome).toBe('pass');
  });

  it('fall back to MACSKCB when options.facility is absent, and to verify-if-present when no mode is set', () => {
    const { rule, fixtures } = rules.find((m) => m.rule.meta.id === 'SIG.CERT.REGISTERED')!;
    const f = fixtures.valid[0];
    const { facility: _dropped, ...rest } = f.options!;
    expect(runRule(rule, packageFromXml(f.xml), rest).map((x) => x.outcome)).toEqual(['pass']);
    const present = rules.find((m) => m.rule.meta.id === 'SIG.PRESENT')!;
    const unsigned = present.fixtures.valid.find((x) => x.options?.signatureMode === 'off')!;
    const findings = runRule(present.rule, packageFromXml(unsigned.xml), {});
    expect(findings.map((x) => [x.outcome, x.severity])).toEqual([['warning', 'warning']]);
  });

  it('give the same verdicts on packages from the real envelope decoder', () => {
    for (const { rule, fixtures } of rules) {
      for (const f of fixtures.valid) {
        const findings = runRule(rule, decodePackage(new TextEncoder().encode(f.xml)), f.options ?? {});
        expect(findings.filter((x) => x.outcome !== 'pass' && x.outcome !== 'not-applicable'), `${rule.meta.id} ${f.name}`).toEqual([]);
      }
      for (const f of fixtures.invalid) {
        const findings = runRule(rule, decodePackage(new TextEncoder().encode(f.xml)), f.options ?? {});
        expect(findings.filter((x) => x.outcome === 'fail').length, `${rule.meta.id} ${f.name}`).toBeGreaterThanOrEqual(f.expectAtLeast ?? 1);
      }
    }
  });
});
