/**
 * The compact code lists (written by the build, read by every check worker) agree with the reviewed JSON:
 * codes, parent units, dates and the list in force, compared with the direct reading of the JSON the engine
 * used before (kept here as the reference).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compactCodes, compactColumn, compactList, readCompactList, writeCompactLists, type RawListFile } from '../../conformance/codelists/compact.ts';
import { listInForce, listsForField, loadList, parentsOf } from '../../conformance/codelists/index.ts';

const DIR = new URL('../../conformance/codelists/', import.meta.url);
const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as T;
const index = readJson<{ files: { file: string; fields: string[]; effective_to: string | null }[] }>('index.json').files;

interface Raw extends RawListFile {
  applies_to_data_from?: string;
  effective_from: string | null;
  effective_to: string | null;
}
const ymd = (iso: string | null | undefined): string | null => (iso ? iso.replaceAll('-', '') : null);

/** The engine's former reading of a list, straight from its JSON. */
const references = new Map<string, ReturnType<typeof readReference>>();
const reference = (file: string) => references.get(file) ?? references.set(file, readReference(file)).get(file)!;
function readReference(file: string) {
  const raw = readJson<Raw>(file);
  const parents = new Map<string, { province?: string; district?: string }>();
  for (const c of raw.codes) if (c.province_code || c.district_code) parents.set(c.code, { province: c.province_code, district: c.district_code });
  return { raw, codes: [...new Set(raw.codes.map((c) => c.code))], from: ymd(raw.applies_to_data_from ?? raw.effective_from), to: ymd(raw.effective_to), parents };
}

/** The engine's former choice of the list in force (loading every candidate). */
function referenceInForce(key: string, refDate: string | undefined) {
  const cands = index.filter((e) => e.fields.includes(key));
  if (cands.length === 0) return undefined;
  if (!refDate) return { file: (cands.find((c) => ymd(c.effective_to) === null) ?? cands[cands.length - 1]).file, outOfRange: false, undated: true };
  const lists = cands.map((c) => ({ file: c.file, ...reference(c.file) }));
  const inRange = lists.find((l) => (l.from === null || l.from <= refDate) && (l.to === null || refDate <= l.to));
  if (inRange) return { file: inRange.file, outOfRange: false, undated: false };
  let best = lists[0];
  let bestGap = Infinity;
  for (const l of lists) {
    const gap = l.from && refDate < l.from ? Number(l.from) - Number(refDate) : l.to && refDate > l.to ? Number(refDate) - Number(l.to) : 0;
    if (gap < bestGap) (best = l), (bestGap = gap);
  }
  return { file: best.file, outOfRange: true, undated: false };
}

describe('compact code lists', () => {
  it('every list written by the build reads back as its JSON: codes in order, parent units, metadata', () => {
    const out = mkdtempSync(join(tmpdir(), 'sskdt-compact-'));
    try {
      expect(writeCompactLists(fileURLToPath(DIR), out)).toBe(index.length);
      const outUrl = pathToFileURL(`${out}/`);
      for (const { file } of index) {
        const ref = reference(file);
        const written = readCompactList(outUrl, file)!;
        expect(written, file).toEqual(compactList(ref.raw, file));
        const { codes: _codes, ...meta } = ref.raw;
        expect(written.meta, file).toEqual(meta);
        expect(compactCodes(written), file).toEqual(ref.raw.codes.map((c) => c.code));
        const provinces = compactColumn(written, 'province');
        const districts = compactColumn(written, 'district');
        ref.raw.codes.forEach((c, i) => {
          expect(provinces?.[i] || undefined, `${file} ${c.code}`).toBe(c.province_code);
          expect(districts?.[i] || undefined, `${file} ${c.code}`).toBe(c.district_code);
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    expect(readCompactList(pathToFileURL(join(tmpdir(), 'sskdt-no-such-dir/')), 'icd10_qd4469.json')).toBeUndefined();
  });

  it('loadList and parentsOf give what the JSON says, for every list', () => {
    for (const { file } of index) {
      const ref = reference(file);
      const list = loadList(file);
      expect([...list.codes], file).toEqual(ref.codes);
      expect({ from: list.from, to: list.to, name: list.name, confidence: list.confidence }, file).toEqual({ from: ref.from, to: ref.to, name: ref.raw.name, confidence: ref.raw.confidence });
      for (const code of [...ref.codes, '', '0', 'A00.00', '99999', '00001 ']) expect(parentsOf(file, code), `${file} ${code}`).toEqual(ref.parents.get(code));
    }
  });

  it('listInForce chooses as before for every field, with and without dates, in and out of every range', () => {
    const keys = [...new Set(index.flatMap((e) => e.fields)), 'XML1.NO_SUCH_FIELD'];
    const dates = [undefined, '', '19000101', '20080731', '20080801', '20201027', '20201028', '20240630', '20240701', '20250630', '20250701', '20251016', '20251017', '20260630', '20260701', '20260731', '20260801', '20991231'];
    let compared = 0;
    for (const key of keys) {
      for (const date of dates) {
        const got = listInForce(key, date);
        const want = referenceInForce(key, date);
        expect(got && { file: got.list.file, outOfRange: got.outOfRange, undated: got.undated }, `${key} @ ${date}`).toEqual(want);
        compared++;
      }
      expect(listsForField(key).length > 0, key).toBe(key !== 'XML1.NO_SUCH_FIELD');
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('refuses values the compact form could not carry back unchanged', () => {
    const list = (codes: RawListFile['codes']): RawListFile => ({ name: 'x', codes });
    expect(() => compactList(list([{ code: 'A\nB' }]))).toThrow(/one-line/);
    expect(() => compactList(list([{ code: '' }]))).toThrow(/one-line/);
    expect(() => compactList(list([{ code: 1 as unknown as string }]))).toThrow(/one-line/);
    expect(() => compactList(list([{ code: '00001', province_code: '' }]))).toThrow(/province_code/);
    expect(compactCodes(compactList(list([])))).toEqual([]);
    expect(compactList(list([{ code: '001' }, { code: '002', district_code: '01' }]))).toEqual({ meta: { name: 'x' }, codes: '001\n002', district: '\n01' });
  });
});
