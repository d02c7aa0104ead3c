/**
 * Fidelity corpus: every HIS export dialect (generators/dialects.ts) of every scenario, in both layouts, signed
 * with the facility's test key, gets no failure in the strict profile — a rule that fails one of them would fail
 * real hospital exports written that way. Warnings are allowed (element order differences are one, by design).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../conformance/check.ts';
import type { LayoutId } from '../../conformance/result.ts';
import { DIALECTS } from '../../generators/dialects.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { testRegistry } from '../../generators/mutation-suite.ts';
import { buildPackage } from '../../generators/package.ts';
import { Rng, packageSeed } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';

describe('HIS dialects: a regression corpus for false failures', () => {
  it('the dialects differ in their bytes as described', () => {
    const e = buildEncounter(SCENARIOS[6], new Rng(packageSeed(SCENARIOS[6].id, 'dialect-bytes', 0)), { layout: '3176' });
    const text = (name: string) => {
      const p = buildPackage(e, { unsigned: true, dialect: DIALECTS.find((d) => d.name === name) });
      return Buffer.from(p.envelope);
    };
    const inner = (buf: Buffer, loai: string) => Buffer.from(new RegExp(`<LOAIHOSO>${loai}</LOAIHOSO>\\s*<NOIDUNGFILE>([^<]*)`).exec(buf.toString('utf8'))![1], 'base64');
    expect([...text('bom').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...inner(text('bom'), 'XML1').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(inner(text('catalogue'), 'XML1').toString('utf8')).toMatch(/^<\?xml /);
    expect(inner(text('no-declaration'), 'XML1').toString('utf8')).toMatch(/^<TONG_HOP>/);
    expect(inner(text('one-line'), 'XML1').toString('utf8').trimEnd()).not.toContain('\n');
    expect(inner(text('cdata'), 'XML1').toString('utf8')).toContain('<MA_LK><![CDATA[');
    expect(text('xsi-typo').toString('utf8')).toContain('xmlns:xsi="http://www.w3.org/2001/XMLSchema instance"');
    const x1 = inner(text('reordered'), 'XML1').toString('utf8');
    expect(x1.indexOf('<T_VTYT>')).toBeLessThan(x1.indexOf('<T_THUOC>'));
    // in a supply row, MA_VAT_TU now comes after MA_NHOM (catalogue: before it) and before DON_VI_TINH
    const supplyRow = inner(text('reordered'), 'XML3').toString('utf8').split('</CHI_TIET_DVKT>').find((r) => r.includes('<MA_VAT_TU>'))!;
    expect(supplyRow.indexOf('<MA_VAT_TU>')).toBeGreaterThan(supplyRow.indexOf('<MA_NHOM>'));
    expect(supplyRow.indexOf('<MA_VAT_TU>')).toBeLessThan(supplyRow.indexOf('<DON_VI_TINH>'));
  });

  it(`every dialect (${DIALECTS.length}) of every scenario (${SCENARIOS.length}), both layouts: zero failures in the strict profile`, { timeout: 600_000 }, () => {
    const registry = testRegistry();
    const problems = new Map<string, { count: number; example: string }>();
    let checked = 0;
    for (const layout of ['3176', '4750'] as LayoutId[]) {
      for (const s of SCENARIOS) {
        const e = buildEncounter(s, new Rng(packageSeed(s.id, 'dialects', 0)), { layout });
        for (const dialect of DIALECTS) {
          const p = buildPackage(e, { dialect });
          for (const [kind, bytes] of [['GIAMDINHHS', p.envelope], ['CHECKIN', p.checkin]] as const) {
            const endpoint = kind === 'GIAMDINHHS' ? `guiHoSoXmlQD${layout}` : `checkInKcbQd${layout}`;
            const r = checkPackage(bytes, { profile: 'strict', findings: 'problems', signatureMode: 'required', registry, receivedAt: e.receivedAt, endpoint, kind, facility: e.facility.code });
            checked++;
            for (const f of r.findings) {
              if (f.outcome !== 'fail' && f.outcome !== 'error') continue;
              const key = `${f.ruleId} [${dialect.name}]`;
              const hit = problems.get(key);
              if (hit) hit.count++;
              else problems.set(key, { count: 1, example: `${s.id} [${layout}] ${kind} ${f.location.table ?? ''}.${f.location.field ?? ''} actual=${f.actual ?? ''}: ${f.message_en} ${f.reason ?? ''}` });
            }
          }
        }
      }
    }
    expect(checked).toBe(2 * SCENARIOS.length * DIALECTS.length * 2);
    const report = [...problems].map(([k, v]) => `${v.count} × ${k}\n    e.g. ${v.example}`).join('\n');
    expect(report, `failures on valid dialect packages:\n${report}`).toBe('');
  });
});
