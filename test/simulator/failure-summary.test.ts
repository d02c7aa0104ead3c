/**
 * thongDiep in sync mode: one entry per rule, so a mistake repeated on every row does not hide the others.
 */
import { describe, expect, it } from 'vitest';
import { summarize, type Finding, type Result } from '../../conformance/result.ts';
import { failureSummary } from '../../simulator/checker.ts';

function fail(ruleId: string, table: string, field: string, line: number, message_vi: string): Finding {
  return {
    ruleId,
    outcome: 'fail',
    severity: 'error',
    message_vi,
    message_en: message_vi,
    citation: { decision: 'QĐ 130/QĐ-BYT', clause: 'Bảng 1' },
    confidence: 'high',
    location: { hoso: 0, table, field, line, MA_LK: 'LK1' },
  };
}

function result(findings: Finding[]): Result {
  return {
    schemaVersion: '1.0.0',
    engineVersion: '0.1.0',
    layout: { id: '3176', overlay1931: true, reason: '' },
    profile: 'default',
    subject: { kind: 'GIAMDINHHS', sha256: '00', bytes: 1 },
    findingsIncluded: 'problems',
    findings,
    summary: summarize(findings),
    timings: {},
    checkedAt: '2026-11-20T00:00:00.000Z',
  } as Result;
}

describe('failureSummary', () => {
  it('groups a repeated rule and still names the other rules', () => {
    const orphans = Array.from({ length: 13 }, (_, i) => fail('CROSS.MA_LK.ORPHAN', 'XML2', 'MA_LK', 5 + 36 * i, 'MA_LK không có trong Bảng 1'));
    const text = failureSummary(result([...orphans, fail('XML1.SO_CCCD.FORMAT', 'XML1', 'SO_CCCD', 7, 'SO_CCCD sai định dạng')]));
    expect(text).toBe('Sai cấu trúc: XML2.MA_LK MA_LK LK1 dòng 5: MA_LK không có trong Bảng 1 (cùng lỗi ở 12 chỗ khác); XML1.SO_CCCD MA_LK LK1 dòng 7: SO_CCCD sai định dạng');
  });

  it('counts what is left over the limit of rules shown', () => {
    const many = Array.from({ length: 7 }, (_, i) => fail(`XML1.F${i}.FORMAT`, 'XML1', `F${i}`, i + 1, `F${i} sai`));
    expect(failureSummary(result(many), 5)).toMatch(/F4 sai; … và 2 lỗi khác$/);
    expect(failureSummary(result([]))).toBe('');
  });
});
