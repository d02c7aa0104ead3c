/**
 * Messages a person reads: every verdict of every hand-written rule, on every fixture, has filled messages in
 * both languages, and only problems use the rule's problem wording.
 */
import { describe, expect, it } from 'vitest';
import { ruleModules } from '../../conformance/rules/registry.ts';
import { findingFromReport, type RuleMeta } from '../../conformance/rules/contract.ts';
import { runFixture } from '../rule-tester.ts';

const meta: RuleMeta = {
  id: 'TEST.MESSAGE',
  severity: 'error',
  tables: ['XML1'],
  fields: ['MA_LK'],
  citation: { decision: 'QĐ 130/QĐ-BYT', clause: 'Bảng 1' },
  messages: { vi: '{field} = {actual} sai, cần {expected}', en: '{field} = {actual} is wrong, expected {expected}' },
  since: '130',
  confidence: 'high',
  description_en: 'test',
};

describe('verdict messages', () => {
  it('uses the problem template for problems and neutral wording otherwise', () => {
    const loc = { table: 'XML1', field: 'MA_LK' };
    expect(findingFromReport(meta, { outcome: 'fail', location: loc, actual: 'x', expected: 'y' }).message_vi).toBe('MA_LK = x sai, cần y');
    expect(findingFromReport(meta, { outcome: 'warning', location: loc, actual: 'x', expected: 'y' }).message_en).toBe('MA_LK = x is wrong, expected y');
    expect(findingFromReport(meta, { outcome: 'pass', location: loc, actual: 'x', expected: 'y' }).message_vi).toBe('Đạt: TEST.MESSAGE (x)');
    expect(findingFromReport(meta, { outcome: 'not-applicable', location: loc, reason: 'no XML2' }).message_en).toBe('Not applicable: TEST.MESSAGE — no XML2');
    expect(findingFromReport(meta, { outcome: 'skip', location: loc, reason: 'no list' }).message_vi).toBe('Không kiểm tra được: TEST.MESSAGE — no list');
  });

  it('leaves no {placeholder} unfilled in any verdict of any hand-written rule fixture', () => {
    const unfilled: string[] = [];
    for (const mod of ruleModules()) {
      for (const fx of [...mod.fixtures.valid, ...mod.fixtures.invalid]) {
        for (const f of runFixture(mod.rule, fx)) {
          for (const m of [f.message_vi, f.message_en]) {
            if (/\{[A-Za-z_]+\}/.test(m)) unfilled.push(`${f.ruleId} [${f.outcome}] on "${fx.name}": ${m}`);
          }
        }
      }
    }
    expect(unfilled).toEqual([]);
  });
});
