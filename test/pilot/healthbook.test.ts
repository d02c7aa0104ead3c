import { describe, expect, it } from 'vitest';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { healthBookKeys, missingHealthBookItems, projectHealthBook, sortNewestFirst } from '../../conformance/healthbook.ts';
import { envelopeXml, inpatientRecord, outpatientRecord, uninsuredRecord } from '../../conformance/rules/fixtures-kit.ts';

const decode = (xml: string) => decodePackage(new TextEncoder().encode(xml));

describe('projectHealthBook', () => {
  const pkg = decode(envelopeXml([inpatientRecord(), outpatientRecord()]));
  const [inpatient, outpatient] = projectHealthBook(pkg, { maGiaoDich: 'GD-1', receivedAt: '2025-10-10T05:00:00Z' });

  it('gives one entry per HOSO with the four groups of QĐ 31 Đ2 k3', () => {
    expect(projectHealthBook(pkg)).toHaveLength(2);
    // (a) administrative
    expect(inpatient.administrative.hoTen.value).toBe('Nguyễn Văn An');
    expect(inpatient.administrative.soDinhDanh).toMatchObject({ value: '001085012345', source: { table: 'XML1', field: 'SO_CCCD' }, confidence: 'source' });
    expect(inpatient.administrative.hanThe.value).toBe('20250101-20251231');
    // (b) history: no dedicated fields, explained
    expect(inpatient.history.diUng.value).toBeNull();
    expect(inpatient.history.diUng.note).toMatch(/Không có trường riêng/);
    expect(inpatient.history.tienSuBenh).toMatchObject({ source: { table: 'XML8', field: 'QT_BENHLY' }, confidence: 'inferred' });
    // (c) visit facts
    expect(inpatient.visit.facts.hinhThucKcb).toMatchObject({ value: '03', note: 'Điều trị nội trú' });
    expect(inpatient.visit.diagnosis.icd10Main.value).toBe('I10');
    expect(inpatient.visit.diagnosis.text.value).toBe('Tăng huyết áp vô căn');
    expect(inpatient.visit.drugs.map((d) => d.fields.TEN_THUOC)).toEqual(['Amlodipin', 'Paracetamol']);
    expect(inpatient.visit.drugs[0].source).toEqual({ table: 'XML2', row: 0, STT: '1' });
    expect(inpatient.visit.results[0].fields).toMatchObject({ TEN_CHI_SO: 'Glucose', GIA_TRI: '5.6', DON_VI_DO: 'mmol/L' });
    expect(inpatient.visit.procedures.map((p) => p.fields.MA_DICH_VU)).toEqual(['02.1896', '23.0075.1494', '1.1.01']); // supply line left out
    expect(inpatient.visit.clinicalCourse).toHaveLength(2);
    // (d) documents
    expect(inpatient.documents.recordSummary).toMatchObject({ present: true, source: { table: 'XML8' }, confidence: 'source' });
    expect(inpatient.documents.dischargePaper.fields.SO_LUU_TRU).toBe('LT2025-0001');
    expect(inpatient.documents.reExamAppointment.fields.NGAY_HEN_KL).toBe('202510200800');
    expect(inpatient.documents.referral.present).toBe(false);
    expect(inpatient.documents.testResults).toMatchObject({ present: true, fields: { soKetQua: '1' } });
    expect(inpatient.documents.sickLeave.present).toBe(false);
    expect(inpatient).toMatchObject({ MA_LK: 'LK20251006002', maGiaoDich: 'GD-1', sortKey: '202510101000' });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(inpatient))).toEqual(inpatient);
  });

  it('gives lookup keys and sorts newest first', () => {
    expect(healthBookKeys(inpatient)).toEqual(['001085012345', 'DN4010123456789']);
    expect(sortNewestFirst([outpatient, inpatient]).map((e) => e.MA_LK)).toEqual(['LK20251006002', 'LK20251006001']);
  });

  it('has no card key for an uninsured patient', () => {
    const [e] = projectHealthBook(decode(envelopeXml([uninsuredRecord()])));
    expect(healthBookKeys(e)).toEqual(['001085012345']);
    expect(e.administrative.maTheBhyt.note).toMatch(/không dùng thẻ BHYT/);
  });
});

describe('missingHealthBookItems', () => {
  it('lists items without an XML source, tables not sent and blank fields, per submission', () => {
    const out = outpatientRecord();
    out.XML1[0].NHOM_MAU = '';
    const [inp, outp] = missingHealthBookItems(decode(envelopeXml([inpatientRecord(), out])));
    const reasons = (items: typeof inp.items) => Object.fromEntries(items.map((i) => [i.field_vi, i.reason]));
    // inpatient: complete except what XML 130 cannot carry
    expect(reasons(inp.items)).toMatchObject({ 'Tiền sử dị ứng': 'no-xml-source', 'Chiều cao': 'no-xml-source' });
    expect(inp.items.every((i) => i.reason === 'no-xml-source')).toBe(true);
    // outpatient: no XML8 (note explains the 03/04/06 conflict), blood group blank
    const o = reasons(outp.items);
    expect(o['Nhóm máu']).toBe('empty');
    expect(o['Quá trình bệnh lý, diễn biến lâm sàng (tiền sử, bệnh sử)']).toBe('table-not-sent');
    expect(outp.items.find((i) => i.table === 'XML8')!.note).toMatch(/03\/04\/06/);
    expect(outp.MA_LK).toBe('LK20251006001');
  });
});

describe('health book of generated patients', () => {
  it('shows the four groups for a generated inpatient and only the card-less keys for a non-insured one', async () => {
    const { Rng } = await import('../../generators/random.ts');
    const { scenarioById } = await import('../../generators/scenarios.ts');
    const { buildEncounter } = await import('../../generators/encounters.ts');
    const { buildPackage } = await import('../../generators/package.ts');
    const entryOf = (id: string) => {
      const enc = buildEncounter(scenarioById(id)!, new Rng(`${id}#healthbook#0`));
      return projectHealthBook(decodePackage(buildPackage(enc, { unsigned: true }).envelope), { maGiaoDich: 'GD-T' })[0];
    };
    const e = entryOf('noitru-bhyt');
    expect(e.administrative.hoTen.value).toBeTruthy();
    expect(Object.keys(e.history)).toEqual(['diUng', 'tienSuBenh', 'tiemChung']);
    expect(e.visit.diagnosis.icd10Main.value).toMatch(/^[A-Z]\d/);
    expect(e.visit.drugs.length).toBeGreaterThan(0);
    expect(e.documents.recordSummary.present).toBe(true);
    expect(e.documents.dischargePaper.present).toBe(true);
    expect(healthBookKeys(e).length).toBeGreaterThanOrEqual(2);
    const u = entryOf('noitru-vienphi');
    expect(u.keys.maThe).toEqual([]);
    expect(healthBookKeys(u)).toEqual([u.keys.soDinhDanh]);
  });
});

describe('projectHealthBook from stored bytes', () => {
  it('decodes bytes itself (the portal stores the submission as received)', () => {
    const bytes = new TextEncoder().encode(envelopeXml([inpatientRecord()]));
    const [e] = projectHealthBook(bytes, { maGiaoDich: 'GD-2', receivedAt: '2025-10-10T05:00:00Z' });
    expect(e.MA_LK).toBe('LK20251006002');
    expect(e.receivedAt).toBe('2025-10-10T05:00:00Z');
    expect(projectHealthBook(decode(envelopeXml([inpatientRecord()])))[0].visit).toEqual(e.visit);
  });
});
