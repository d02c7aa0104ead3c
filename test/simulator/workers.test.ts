import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../simulator/workers.ts';
import { DEMO, envelope } from './helpers.ts';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

describe('WorkerPool', () => {
  it('runs checkPackage and the envelope gate in a worker thread (TypeScript loaded through tsx)', async () => {
    const bytes = new Uint8Array(Buffer.from(envelope()));
    const [outcome, gate] = await Promise.all([
      pool.check({ bytes, options: { endpoint: 'guiHoSoXmlQD4750', layout: '4750', findings: 'problems' }, certificates: {}, trustAnchors: [] }),
      pool.gate({ endpoint: 'guiHoSoXmlQD4750', base64: Buffer.from(envelope({ SOLUONGHOSO: '4' })).toString('base64'), fromForm: false, accountFacility: DEMO.maCSKCB, maxFileBytes: 1 << 20, maxDepth: 64, formSpaceToPlus: true }),
    ]);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.result?.subject.kind).toBe('GIAMDINHHS');
    expect(gate.maKetQua).toBe('205');
    expect(gate.code).toBe('ENVELOPE.SOLUONGHOSO');
    // the caller's bytes were copied, not detached, by the transfer
    expect(bytes.byteLength).toBeGreaterThan(0);
  });
});
