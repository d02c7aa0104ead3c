/**
 * SummaryBuilder.addSlots (the field engine's counters added in one scan) must give the same summary as
 * addCounts per slot in slot order: same counts, same key order of byRule and byTable, on random counters with
 * mostly empty slots, tables in runs that repeat, an undefined table, and keys that already exist.
 */
import { describe, expect, it } from 'vitest';
import { SummaryBuilder } from '../../conformance/result.ts';
import { Rng } from '../../generators/random.ts';

describe('SummaryBuilder.addSlots', () => {
  it('equals addCounts slot by slot (counts and key order)', () => {
    const rng = new Rng(4242);
    const pick = (n: number) => Math.floor(rng.next() * n);
    for (let round = 0; round < 300; round++) {
      const n = 1 + pick(120);
      const tablePool = ['XML1', 'XML2', 'XML3', undefined, 'ENVELOPE'];
      const ids: string[] = [];
      const tables: (string | undefined)[] = [];
      let table = tablePool[pick(tablePool.length)];
      for (let i = 0; i < n; i++) {
        if (rng.next() < 0.15) table = tablePool[pick(tablePool.length)];
        tables.push(table);
        // a few ids repeat, as a rule id can already be in the summary
        ids.push(rng.next() < 0.1 ? `R${pick(5)}` : `ID${round}.${i}`);
      }
      const counts = new Int32Array(n * 6);
      for (let i = 0; i < counts.length; i++) if (rng.next() < 0.08) counts[i] = pick(4) - (rng.next() < 0.05 ? 2 : 0);
      // the same keys already in both summaries (notices are added before the field counts)
      const a = new SummaryBuilder();
      const b = new SummaryBuilder();
      for (let k = pick(4); k > 0; k--) {
        const id = `R${pick(5)}`;
        const t = tablePool[pick(tablePool.length)];
        a.add(id, t, 'fail');
        b.add(id, t, 'fail');
      }
      for (let slot = 0; slot < n; slot++) a.addCounts(ids[slot], tables[slot], counts, slot * 6);
      b.addSlots(ids, tables, counts);
      expect(JSON.stringify(b.take())).toBe(JSON.stringify(a.take()));
    }
  });
});
