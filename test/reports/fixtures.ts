/**
 * Hand-made Results for reporter tests: small, deterministic, and hostile where it matters
 * (markup and control characters in values, since report content is untrusted).
 */
import { RESULT_SCHEMA_VERSION, summarize, type Finding, type Outcome, type Result } from '../../conformance/result.ts';

export const HOSTILE = '<script>window.__pwned=1</script>&"\'<![CDATA[x]]>';

export function finding(over: Partial<Finding> & { ruleId: string; outcome: Outcome }): Finding {
  const { location, ...rest } = over;
  return {
    severity: over.outcome === 'warning' ? 'warning' : 'error',
    message_vi: `Thông điệp ${over.ruleId}`,
    message_en: `Message ${over.ruleId}`,
    citation: { decision: 'QĐ 130/QĐ-BYT (QĐ 4750)', clause: 'Bảng 1, chỉ tiêu 1' },
    confidence: 'high',
    ...rest,
    location: { hoso: 0, document: location?.table, ...location },
  };
}

export function makeResult(findings: Finding[], over: Partial<Result> = {}): Result {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    engineVersion: '0.1.0',
    layout: { id: '3176', overlay1931: true, reason: 'endpoint guiHoSoXmlQD3176; NGAY_RA 20260801 ≥ 20260701 (QĐ 1931)' },
    profile: 'default',
    subject: { kind: 'GIAMDINHHS', MACSKCB: '01013', sha256: 'ab'.repeat(32), bytes: 12345, fileName: 'hoso-1.xml', MA_LK: ['LK001'] },
    findingsIncluded: 'all',
    findings,
    summary: summarize(findings),
    timings: { decode: 0.4, parse: 1.2, field: 2.5 },
    checkedAt: '2026-11-25T10:00:00.000Z',
    ...over,
  };
}

/** A mixed result: passes, a fail with hostile content, a warning, a skip, n/a, and an internal error. */
export function mixedResult(): Result {
  const findings: Finding[] = [
    finding({ ruleId: 'XML1.MA_LK.PRESENCE', outcome: 'pass', location: { table: 'XML1', row: 0, MA_LK: 'LK001', field: 'MA_LK', line: 3, col: 3 } }),
    finding({ ruleId: 'XML1.HO_TEN.LENGTH', outcome: 'pass', location: { table: 'XML1', row: 0, MA_LK: 'LK001', field: 'HO_TEN', line: 5, col: 3 } }),
    finding({
      ruleId: 'XML1.SO_CCCD.FORMAT',
      outcome: 'fail',
      actual: HOSTILE,
      expected: '^\\d{12}$',
      message_vi: `Giá trị SO_CCCD "${HOSTILE}" sai định dạng`,
      message_en: `SO_CCCD value "${HOSTILE}" has a wrong format`,
      citation: { decision: 'QĐ 130/QĐ-BYT (QĐ 4750)', clause: 'Bảng 1, chỉ tiêu 6', source: 'xml-fields.json XML1#6' },
      location: { table: 'XML1', row: 0, MA_LK: 'LK001', field: 'SO_CCCD', line: 7, col: 5 },
    }),
    finding({
      ruleId: 'XML2.MUC_HUONG.LENGTH',
      outcome: 'warning',
      severity: 'warning',
      confidence: 'medium',
      actual: '1000',
      expected: '≤ 3 ký tự',
      location: { table: 'XML2', row: 1, MA_LK: 'LK001', STT: '2', field: 'MUC_HUONG', line: 40, col: 7 },
    }),
    finding({ ruleId: 'XML2.MA_THUOC.PRESENCE', outcome: 'pass', location: { table: 'XML2', row: 0, MA_LK: 'LK001', STT: '1', field: 'MA_THUOC', line: 12, col: 7 } }),
    finding({ ruleId: 'XML3.MA_VAT_TU.PRESENCE', outcome: 'not-applicable', location: { table: 'XML3', row: 0, MA_LK: 'LK001', STT: '1', field: 'MA_VAT_TU' } }),
    finding({ ruleId: 'XML1.MA_KHOA.CODELIST', outcome: 'skip', reason: 'code list not public', location: { table: 'XML1', row: 0, field: 'MA_KHOA' } }),
    finding({ ruleId: 'CROSS.MA_LK.ORPHAN', outcome: 'error', reason: 'TypeError: boom <b>', location: {} }),
  ];
  return makeResult(findings);
}

/** A result with only passes. */
export function passingResult(): Result {
  return makeResult([
    finding({ ruleId: 'XML1.MA_LK.PRESENCE', outcome: 'pass', location: { table: 'XML1', row: 0, MA_LK: 'LK001', field: 'MA_LK', line: 3, col: 3 } }),
    finding({ ruleId: 'XML2.STT.FORMAT', outcome: 'pass', location: { table: 'XML2', row: 0, MA_LK: 'LK001', STT: '1', field: 'STT', line: 4, col: 3 } }),
  ]);
}
