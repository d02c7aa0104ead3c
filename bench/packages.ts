/**
 * The bench:check package: a consistent inpatient stay (the cross-rule fixture kit: money totals, times and MA_LK
 * agree) whose drug, service, lab and progress lines are repeated until the package reaches the target size.
 */
import { getLayout } from '../conformance/catalogue/catalogue.ts';
import { cloneRecord, envelopeXml, inpatientRecord, priceRecord } from '../conformance/rules/fixtures-kit.ts';
import { buildEnvelope, serializeTable } from '../generators/serialize.ts';

export function packageOfSize(targetBytes: number): Uint8Array {
  const base = inpatientRecord();
  let factor = 1;
  for (;;) {
    const rec = cloneRecord(base);
    for (const t of ['XML2', 'XML3', 'XML4', 'XML5']) {
      const rows = base[t] ?? [];
      rec[t] = Array.from({ length: rows.length * factor }, (_, i) => ({ ...rows[i % rows.length], STT: String(i + 1) }));
    }
    const bytes = new TextEncoder().encode(envelopeXml([priceRecord(rec)]));
    if (bytes.byteLength >= targetBytes) return bytes;
    factor = Math.ceil(factor * Math.max(1.05, Math.min(2, targetBytes / bytes.byteLength)));
  }
}

/**
 * The portal benches' envelope (bench:submit, bench:scale): HOSO of one XML1 row each (synthetic values, MA_LK
 * `${maLkPrefix}000000`, …) until the envelope reaches about `size` characters.
 */
export function xml1Envelope(size: number, maLkPrefix: string): string {
  const spec = getLayout('4750').tables.get('XML1')!;
  const hoso = [];
  let xml = '';
  for (let i = 0; xml.length < size; i++) {
    const inner = serializeTable(spec, [{ MA_LK: `${maLkPrefix}${String(i).padStart(6, '0')}`, STT: '1', MA_BN: `BN${i}`, HO_TEN: 'NGUYỄN VĂN AN', NGAY_SINH: '198003150000', GIOI_TINH: '1', MA_THE_BHYT: 'DN4520000000001', MA_CSKCB: '52001', NGAY_VAO: '202603190800', NGAY_RA: '202603191000', CHAN_DOAN_RV: 'Viêm phế quản cấp', MA_BENH_CHINH: 'J20.9', T_TONGCHI: '150000.00' }]);
    hoso.push({ files: [{ loaiHoSo: 'XML1', content: inner }] });
    xml = buildEnvelope({ MACSKCB: '52001', NGAYLAP: '20260319', hoso });
  }
  return xml;
}
