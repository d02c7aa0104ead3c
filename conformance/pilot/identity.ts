/**
 * Patient identity helpers (QĐ 2733 PL01 Đ2; QĐ 31/QĐ-BYT): the 12-digit personal identification number
 * (số định danh cá nhân, TT 59/2021/TT-BCA Điều 7 — formerly TT 07/2016/TT-BCA Điều 7) and the 15-character
 * BHYT card number (QĐ 1666/QĐ-BHXH 2020: 2 letters of the beneficiary group, 1 digit benefit level 1–5,
 * 2 digits province, 10 digits social-insurance number).
 */
import { loadList } from '../codelists/index.ts';

let provinces: Set<string> | undefined;

/**
 * Province-of-birth codes of the personal ID number: the 3-digit form of the province codes (001 Hà Nội …
 * 096 Cà Mau). Numbers issued before the 2025 merger keep the old province, so both lists are accepted.
 */
export function birthProvinceCodes(): Set<string> {
  if (!provinces) {
    // through the code-list cache: the field rules load the same two lists
    const before = loadList('ma_tinh_truoc_2025-07-01.json').codes;
    const after = loadList('ma_tinh_tu_2025-07-01.json').codes;
    provinces = new Set([...before, ...after].map((code) => code.padStart(3, '0')));
  }
  return provinces;
}

export interface PersonalIdProblem {
  part: 'province' | 'century-sex' | 'year' | 'shape';
  actual: string;
  expected: string;
}

/**
 * Problems of a 12-digit personal ID number against the birth date and sex it belongs to; [] when it decodes.
 * Digits 1–3 province of birth registration; digit 4 century and sex (0/1 = 1900s male/female, 2/3 = 2000s,
 * 4/5 = 2100s …); digits 5–6 last two digits of the birth year; 7–12 random.
 * `birthYear`/`sex` may be undefined (then those parts are not checked); sex '3' (undetermined) accepts both.
 */
export function personalIdProblems(id: string, birthYear: number | undefined, sex: string | undefined): PersonalIdProblem[] {
  if (!/^\d{12}$/.test(id)) return [{ part: 'shape', actual: id, expected: '12 chữ số / 12 digits' }];
  const out: PersonalIdProblem[] = [];
  const province = id.slice(0, 3);
  if (!birthProvinceCodes().has(province)) out.push({ part: 'province', actual: province, expected: '001–096' });
  const centuryDigit = Number(id[3]);
  if (birthYear !== undefined && birthYear >= 1900 && birthYear < 2400) {
    const century = Math.floor((birthYear - 1900) / 100);
    const allowed = sex === '1' ? [century * 2] : sex === '2' ? [century * 2 + 1] : [century * 2, century * 2 + 1];
    if (!allowed.includes(centuryDigit)) out.push({ part: 'century-sex', actual: id[3], expected: allowed.join('/') });
    const yy = String(birthYear % 100).padStart(2, '0');
    if (id.slice(4, 6) !== yy) out.push({ part: 'year', actual: id.slice(4, 6), expected: yy });
  }
  return out;
}

export const CARD_RE = /^[A-Z]{2}[1-5]\d{12}$/;

/** The cards of a MA_THE_BHYT value (several separated by ';' when the card changed during the visit). */
export function splitCards(value: string): string[] {
  // a loop, not map(): map's result has another hidden class once map is optimised, and the callers' loops
  // over it then threw their optimised code away
  const parts = value.split(';');
  const cards: string[] = [];
  for (let i = 0; i < parts.length; i++) cards.push(parts[i].trim());
  return cards;
}

/** Birth year of NGAY_SINH (yyyymmddHHMM or yyyymmdd; unknown month/day written 0000 still has the year). */
export function birthYearOf(ngaySinh: string | undefined): number | undefined {
  if (!ngaySinh || !/^\d{4}/.test(ngaySinh)) return undefined;
  const y = Number(ngaySinh.slice(0, 4));
  return y > 0 ? y : undefined;
}
