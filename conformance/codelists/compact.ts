/**
 * Compact form of a code list, written by the build next to the reviewed JSON (dist/conformance/codelists/
 * compact/<file>) so that a check worker does not parse names it never reads: the ICD-10 file is 1.6 MB of
 * names and appendix flags around 106 KB of codes (JSON.parse + UTF-8 decoding ≈ 70 ms per worker; the
 * compact form ≈ 5 ms). The JSON files stay the source of truth; from the sources (tsx, tests) the compact form
 * is derived from them on first use, so both paths decode the same structure (test/engine/codelists.test.ts
 * checks that every list agrees with its JSON).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RawListFile {
  codes: { code: string; province_code?: string; district_code?: string }[];
  [key: string]: unknown;
}

export interface CompactList {
  /** every key of the JSON file except `codes` (name, source, dates, confidence, syntax …) */
  meta: Record<string, unknown>;
  /** the codes in file order, joined by '\n' */
  codes: string;
  /** per code (same order), the province_code, '' where the file gives none; absent when no code has one */
  province?: string;
  /** per code, the district_code, as `province` */
  district?: string;
}

const SEP = '\n';

/** The compact form of one list file; refuses a value the form could not carry back unchanged. */
export function compactList(raw: RawListFile, file = '(list)'): CompactList {
  const { codes, ...meta } = raw;
  const text = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || v === '' || v.includes(SEP)) throw new Error(`${file}: ${what} ${JSON.stringify(v)} is not a non-empty one-line string`);
    return v;
  };
  const out: CompactList = { meta, codes: codes.map((c) => text(c.code, 'code')).join(SEP) };
  // '' marks "not given", so a given value must be non-empty (all are: 2-digit provinces, 3-digit districts)
  const column = (key: 'province_code' | 'district_code') =>
    codes.some((c) => c[key] !== undefined) ? codes.map((c) => (c[key] === undefined ? '' : text(c[key], key))).join(SEP) : undefined;
  const province = column('province_code');
  const district = column('district_code');
  if (province !== undefined) out.province = province;
  if (district !== undefined) out.district = district;
  return out;
}

/** The codes of a compact list, in file order. */
export function compactCodes(list: CompactList): string[] {
  return list.codes === '' ? [] : list.codes.split(SEP);
}

/** A per-code column of a compact list ('' where not given), or undefined when the file has none. */
export function compactColumn(list: CompactList, column: 'province' | 'district'): string[] | undefined {
  const text = list[column];
  return text === undefined ? undefined : list.codes === '' ? [] : text.split(SEP);
}

/** Reads a compact list written by writeCompactLists under `dir`; undefined when there is none (sources). */
export function readCompactList(dir: URL, file: string): CompactList | undefined {
  try {
    return JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as CompactList;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes the compact form of every list named in `fromDir`/index.json under `toDir` (same relative names).
 * Run by scripts/build.mjs on the copied dist/ folder. Returns the number of files written.
 */
export function writeCompactLists(fromDir: string, toDir: string): number {
  const index = JSON.parse(readFileSync(join(fromDir, 'index.json'), 'utf8')) as { files: { file: string }[] };
  for (const { file } of index.files) {
    const raw = JSON.parse(readFileSync(join(fromDir, file), 'utf8')) as RawListFile;
    const to = join(toDir, file);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, JSON.stringify(compactList(raw, file)));
  }
  return index.files.length;
}
