// The portal's stored form of a Result: reading it back gives the identical Result (messages, citations and
// confidence rendered from the rule metadata), and it is smaller than the package it describes.
import { describe, expect, it } from 'vitest';
import { getLayout } from '../../conformance/catalogue/catalogue.ts';
import { checkPackage } from '../../conformance/check.ts';
import { compactResult, expandResult, isCompactResult } from '../../conformance/result-compact.ts';
import type { Result } from '../../conformance/result.ts';
import { ruleMeta } from '../../conformance/rules/registry.ts';
import { buildEnvelope, serializeTable } from '../../conformance/xml/serialize.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { buildPackage } from '../../generators/package.ts';
import { Rng } from '../../generators/random.ts';
import { scenarioById } from '../../generators/scenarios.ts';

/** Many HOSO whose XML1 rows are mostly empty: thousands of failures (the bench:submit package). */
function sparseEnvelope(size: number): Uint8Array {
  const spec = getLayout('4750').tables.get('XML1')!;
  const hoso = [];
  let xml = '';
  for (let i = 0; xml.length < size; i++) {
    hoso.push({ files: [{ loaiHoSo: 'XML1', content: serializeTable(spec, [{ MA_LK: `BENCH${String(i).padStart(6, '0')}`, STT: '1', MA_BN: `BN${i}`, HO_TEN: 'NGUYỄN VĂN AN', NGAY_SINH: '198003150000', GIOI_TINH: '1', MA_CSKCB: '52001', NGAY_VAO: '202603190800' }]) }] });
    xml = buildEnvelope({ MACSKCB: '52001', NGAYLAP: '20260319', hoso });
  }
  return new TextEncoder().encode(xml);
}

const asStored = (r: Result) => JSON.stringify(r);

describe('compact stored results', () => {
  const encounter = buildEncounter(scenarioById('noitru-bhyt')!, new Rng('compact'), {});
  const generated = buildPackage(encounter, {});
  const cases: [string, Uint8Array, Parameters<typeof checkPackage>[1]][] = [
    ['a 50 KB envelope of mostly empty records (thousands of failures), as the portal checks it', sparseEnvelope(50_000), { endpoint: 'guiHoSoXmlQD4750', findings: 'problems' }],
    ['a generated inpatient package, every verdict listed', generated.envelope, { findings: 'all', signatureMode: 'required', endpoint: 'guiHoSoXmlQD3176' }],
    ['a check-in', generated.checkin, { endpoint: 'checkInKcbQd3176', profile: 'strict' }],
    ['a PDF (envelope refusal)', new TextEncoder().encode('%PDF-1.7\n'), {}],
    ['broken base64 in NOIDUNGFILE', new TextEncoder().encode('<GIAMDINHHS><THONGTINDONVI><MACSKCB>52001</MACSKCB></THONGTINDONVI><THONGTINHOSO><NGAYLAP>20260319</NGAYLAP><SOLUONGHOSO>1</SOLUONGHOSO><DANHSACHHOSO><HOSO><FILEHOSO><LOAIHOSO>XML1</LOAIHOSO><NOIDUNGFILE>@@</NOIDUNGFILE></FILEHOSO></HOSO></DANHSACHHOSO></THONGTINHOSO><CHUKYDONVI/></GIAMDINHHS>'), {}],
  ];

  it.each(cases)('%s: reads back identical', (_name, bytes, options) => {
    const result = checkPackage(bytes, { receivedAt: '2026-03-19T10:00:00+07:00', ...options });
    expect(result.findings.length).toBeGreaterThan(0);
    const stored = compactResult(result, ruleMeta);
    expect(isCompactResult(stored)).toBe(true);
    const back = expandResult(stored, ruleMeta);
    expect(asStored(back)).toBe(asStored(result));
  });

  it('stores the result of the many-failures package in fewer bytes than the package', () => {
    const bytes = sparseEnvelope(50_000);
    // as the portal checks it: problems listed (the summary counts every verdict)
    const result = checkPackage(bytes, { receivedAt: '2026-03-19T10:00:00+07:00', endpoint: 'guiHoSoXmlQD4750', findings: 'problems' });
    expect(result.summary.counts.fail).toBeGreaterThan(1000);
    expect(result.findings.length).toBeGreaterThan(1000);
    const stored = compactResult(result, ruleMeta);
    expect(stored.byteLength).toBeLessThan(bytes.byteLength);
    // what was stored before: the Result as JSON, far larger than the package
    expect(Buffer.byteLength(asStored(result))).toBeGreaterThan(bytes.byteLength * 5);
  });

  it('keeps a message verbatim when the metadata cannot reproduce it', () => {
    const result = checkPackage(sparseEnvelope(2_000), { endpoint: 'guiHoSoXmlQD4750' });
    result.findings[0].message_en = 'a message no template makes';
    result.findings[1].citation = { decision: 'another decision', clause: 'another clause' };
    const back = expandResult(compactResult(result, ruleMeta), ruleMeta);
    expect(back.findings[0].message_en).toBe('a message no template makes');
    expect(back.findings[1].citation).toEqual({ decision: 'another decision', clause: 'another clause' });
    expect(asStored(back)).toBe(asStored(result));
  });
});
