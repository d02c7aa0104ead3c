/**
 * The bench:check package: a consistent inpatient stay (the cross-rule fixture kit: money totals, times and MA_LK
 * agree) whose drug, service, lab and progress lines are repeated until the package reaches the target size.
 */
import { cloneRecord, envelopeXml, inpatientRecord, priceRecord } from '../conformance/rules/fixtures-kit.ts';

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
