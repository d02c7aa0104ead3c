/**
 * Code lists the generators draw from: read from conformance/codelists (the engine's lists), never copied.
 * Small curated sets (diagnoses, drugs, services, supplies) are checked against those lists at load.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface CodeEntry {
  code: string;
  name_vi?: string | null;
  [k: string]: unknown;
}
interface CodeListFile {
  codes: CodeEntry[];
  effective_from?: string | null;
  effective_to?: string | null;
}

function load(file: string): CodeListFile {
  return require(`../conformance/codelists/${file}`) as CodeListFile;
}

const cache = new Map<string, unknown>();
function memo<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

/** codes of a list file as a set */
export function codeSet(file: string): Set<string> {
  return memo(`set:${file}`, () => new Set(load(file).codes.map((c) => c.code)));
}

export interface DoiTuong {
  code: string;
  name_vi: string;
  muc_huong?: Record<string, unknown>;
}

export function doiTuongList(): DoiTuong[] {
  return memo('doituong', () => load('ma_doituong_kcb.json').codes as unknown as DoiTuong[]);
}

/** communes valid on a date (yyyymmdd): the post-merger list from 01/07/2025, else the older one */
export function communesOf(province: string, onDate: string): { code: string; name_vi: string; district?: string }[] {
  const file = onDate >= '20250701' ? 'ma_xa_tu_2025-07-01.json' : 'ma_xa_truoc_2025-07-01.json';
  return memo(`xa:${file}:${province}`, () =>
    load(file)
      .codes.filter((c) => c.province_code === province)
      .map((c) => ({ code: c.code, name_vi: String(c.name_vi ?? ''), district: typeof c.district_code === 'string' ? c.district_code : undefined })),
  );
}

export function provinceName(province: string, onDate: string): string {
  const file = onDate >= '20250701' ? 'ma_tinh_tu_2025-07-01.json' : 'ma_tinh_truoc_2025-07-01.json';
  const hit = load(file).codes.find((c) => c.code === province);
  if (!hit) throw new RangeError(`unknown province ${province} on ${onDate}`);
  return String(hit.name_vi);
}

export function provinceCodes(onDate: string): string[] {
  const file = onDate >= '20250701' ? 'ma_tinh_tu_2025-07-01.json' : 'ma_tinh_truoc_2025-07-01.json';
  return load(file).codes.map((c) => c.code);
}

export function ethnicityCodes(): string[] {
  return memo('dantoc', () => load('ma_dantoc.json').codes.map((c) => c.code));
}

export function departmentCodes(): string[] {
  return memo('khoa', () => load('ma_khoa.json').codes.map((c) => c.code));
}

export function enumCodes(name: string): string[] {
  return memo(`enum:${name}`, () => load(`enums/${name}.json`).codes.map((c) => c.code));
}

export interface Diagnosis {
  code: string;
  name: string;
}

/** ICD-10 entries of QĐ 4469 with their flags */
function icd(): Map<string, CodeEntry> {
  return memo('icd', () => new Map(load('icd10_qd4469.json').codes.map((c) => [c.code, c])));
}

/**
 * A diagnosis from a curated group, kept only if the code is in the ICD list without flags that a
 * plausibility rule could hold against a random patient (not-primary, sex-specific), unless the group
 * expects them (deliveries are female, newborn codes are age-bound).
 */
export function diagnoses(group: keyof typeof DIAGNOSIS_GROUPS): Diagnosis[] {
  return memo(`dx:${group}`, () => {
    const list = icd();
    return DIAGNOSIS_GROUPS[group].filter((code) => {
      const e = list.get(code);
      if (!e) return false;
      if (e.not_primary || e.asterisk) return false;
      if (group === 'general' && (e.sex || e.age_group)) return false;
      return true;
    }).map((code) => ({ code, name: String(list.get(code)!.name_vi) }));
  });
}

const DIAGNOSIS_GROUPS = {
  general: ['J06.9', 'E11.9', 'K29.7', 'J18.9', 'A09.9', 'K35.8', 'N39.0', 'J45.9', 'J02.9', 'K21.9', 'E78.5', 'K80.2', 'J20.9', 'L03.1', 'H10.9', 'B01.9', 'K59.0', 'I50.0', 'M17.9', 'J03.9', 'G43.9', 'E03.9', 'D50.9', 'A90', 'I63.9'],
  chronic: ['E11.9', 'E78.5', 'K21.9', 'M17.9', 'E03.9', 'J45.9'],
  emergency: ['K35.8', 'I63.9', 'I50.0', 'J18.9', 'A90'],
  newborn: ['P59.9', 'P07.3'],
  delivery: ['O80.0', 'O82.9'],
  tb: ['A15.0', 'A16.2'],
  hiv: ['B24', 'B20.9'],
  pregnancy: ['O21.0', 'O20.0', 'O26.8'],
  comorbid: ['E78.5', 'K21.9', 'D50.9', 'E03.9', 'K59.0'],
} as const;
