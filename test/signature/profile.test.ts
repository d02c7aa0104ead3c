/** Medium-confidence signature checks warn in the default profile; the signature itself still fails. */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import { fx } from '../../conformance/rules/signature/_fixtures.ts';

describe('signature rules by profile', () => {
  const wrapped = fx.idReference();
  const run = (profile: 'default' | 'strict') =>
    checkPackage(new TextEncoder().encode(wrapped.xml), { ...wrapped.options, profile, findings: 'problems' }).findings.filter((f) => f.ruleId.startsWith('SIG.'));

  it('default: the vendor-profile rule warns, SIG.VALUE fails (a wrapped signature never passes)', () => {
    const findings = run('default');
    expect(findings.find((f) => f.ruleId === 'SIG.REFERENCE.URI')?.outcome).toBe('warning');
    expect(findings.find((f) => f.ruleId === 'SIG.VALUE')?.outcome).toBe('fail');
  });

  it('strict (certification): both fail', () => {
    const findings = run('strict');
    expect(findings.find((f) => f.ruleId === 'SIG.REFERENCE.URI')?.outcome).toBe('fail');
    expect(findings.find((f) => f.ruleId === 'SIG.VALUE')?.outcome).toBe('fail');
  });
});
