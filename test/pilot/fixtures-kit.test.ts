/** The fixture kit's writer must stay byte-identical to generators/serialize.ts (conformance/ cannot import it). */
import { describe, expect, it } from 'vitest';
import { getLayout } from '../../conformance/catalogue/catalogue.ts';
import { buildEnvelope as kitEnvelope, checkinRow, inpatientRecord, serializeTable as kitTable } from '../../conformance/rules/fixtures-kit.ts';
import { buildCheckin, buildEnvelope, serializeTable } from '../../generators/serialize.ts';

describe('fixture kit writer', () => {
  const layout = getLayout('3176');
  const rec = inpatientRecord();
  const cdataFields = new Set(['HO_TEN', 'DIA_CHI', 'TEN_THUOC']);

  it('writes tables like generators/serialize.ts', () => {
    for (const t of Object.keys(rec)) expect(kitTable(layout.tables.get(t)!, rec[t], { cdataFields }), t).toBe(serializeTable(layout.tables.get(t)!, rec[t], { cdataFields }));
    expect(kitTable(layout.tables.get('XML0')!, [checkinRow()], { withChukydonvi: true })).toBe(buildCheckin(layout.tables.get('XML0')!, [checkinRow()]));
  });

  it('writes the envelope like generators/serialize.ts', () => {
    const input = { MACSKCB: '01001', NGAYLAP: '20251010', hoso: [{ files: [{ loaiHoSo: 'XML1', content: kitTable(layout.tables.get('XML1')!, rec.XML1) }] }] };
    expect(kitEnvelope(input)).toBe(buildEnvelope(input));
  });
});
