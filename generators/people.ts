/**
 * Synthetic people and facilities: Vietnamese names with diacritics, personal ID numbers shaped like real
 * ones, BHYT card numbers consistent with the group code and benefit level, addresses with codes valid on
 * the visit date. Every value fits the catalogue's type, length and format by construction.
 */
import type { Rng } from './random.ts';
import { DEMO_FACILITIES as PKI_FACILITIES } from './pki/facilities.ts';
import { communesOf, ethnicityCodes, provinceCodes, provinceName } from './codes.ts';
import { MINUTES_PER_DAY, d8, dt12, localMinutes, year } from './time.ts';

export interface Facility {
  /** MA_CSKCB, 5 characters */
  code: string;
  name: string;
  /** province code of the facility (first two digits of the code) */
  province: string;
  /** level used to pick services: 'province' hospital, 'district' centre, 'specialty' */
  kind: 'province' | 'district' | 'specialty';
}

/** Demo facilities: the codes and names of the portal's seed and of the test PKI (generators/pki/facilities.ts). */
export const DEMO_FACILITIES: readonly Facility[] = PKI_FACILITIES.map((f) => ({
  code: f.code,
  name: f.name,
  province: f.code.slice(0, 2),
  kind: f.code === '52001' ? 'province' : f.code === '52015' ? 'specialty' : 'district',
}));

export function facilityByCode(code: string): Facility {
  const f = DEMO_FACILITIES.find((x) => x.code === code);
  if (f) return f;
  if (!/^[0-9A-Z]{5}$/.test(code)) throw new RangeError(`facility code must be 5 characters [0-9A-Z], got "${code}"`);
  return { code, name: `Cơ sở khám bệnh, chữa bệnh ${code}`, province: code.slice(0, 2), kind: 'district' };
}

/** Other facilities of the province, for MA_DKBD / referral targets (not demo accounts). */
export const OTHER_FACILITIES = ['52004', '52005', '52006', '52007', '52008', '52011', '52012', '52020', '52030', '52101'] as const;

/** Card group codes with their benefit level (QĐ 1351/QĐ-BHXH style) and who holds them. */
export const CARD_GROUPS = [
  { group: 'DN', level: 4, who: 'adult' },
  { group: 'HC', level: 4, who: 'adult' },
  { group: 'GD', level: 4, who: 'any' },
  { group: 'HS', level: 4, who: 'student' },
  { group: 'HT', level: 3, who: 'elderly' },
  { group: 'CN', level: 3, who: 'any' },
  { group: 'HN', level: 2, who: 'any' },
  { group: 'BT', level: 2, who: 'elderly' },
  { group: 'CC', level: 1, who: 'elderly' },
  { group: 'TE', level: 1, who: 'child' },
] as const;

/** Benefit percent of a card level: 1, 2, 5 → 100; 3 → 95; 4 → 80. */
export function benefitPercent(level: number): number {
  return level === 3 ? 95 : level === 4 ? 80 : 100;
}

export interface Card {
  /** MA_THE_BHYT, 15 characters */
  number: string;
  group: string;
  level: number;
  /** MA_DKBD */
  registeredAt: string;
  /** GT_THE_TU / GT_THE_DEN, yyyymmdd */
  validFrom: string;
  validTo: string;
  /** 10-digit BHXH code (the card's last 10 digits) */
  bhxhCode: string;
}

export interface Address {
  text: string;
  province: string;
  commune: string;
  /** MAHUYEN_CU_TRU: only before 01/07/2025 (district level abolished afterwards) */
  district?: string;
}

export interface Person {
  name: string;
  /** 1 male, 2 female */
  sex: '1' | '2';
  /** local minutes of birth (midnight when the hour is unknown) */
  birth: number;
  /** NGAY_SINH as written (yyyymmddHHMM, with 0000 for unknown parts) */
  birthText: string;
  /** SO_CCCD: 12-digit personal ID, or passport for foreigners; undefined when none (newborns) */
  idNumber?: string;
  passport?: boolean;
  nationality: string;
  ethnicity: string;
  occupation: string;
  address: Address;
  phone?: string;
  bloodGroup?: string;
  /** kg, 2 decimals */
  weight: string;
  card?: Card;
  /** MA_BN */
  patientCode: string;
}

export type AgeBand = 'newborn' | 'child' | 'student' | 'adult' | 'elderly';

/** A Vietnamese full name: family name + middle + given name (faker's vi data), with diacritics. */
export function vietnameseName(rng: Rng, sex: '1' | '2'): string {
  const f = rng.faker;
  const family = f.person.lastName();
  const given = f.person.firstName(sex === '1' ? 'male' : 'female');
  const middle = sex === '1' ? rng.pick(['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', '']) : rng.pick(['Thị', 'Ngọc', 'Thu', 'Bích', '']);
  return [family, middle, given].filter(Boolean).join(' ').replace(/\s+/g, ' ');
}

/**
 * A 12-digit personal ID: 3-digit province-of-birth code, century/sex digit (0/1 = 1900s male/female,
 * 2/3 = 2000s male/female), 2-digit birth year, 6 random digits.
 */
export function personalId(rng: Rng, birthProvince: string, sex: '1' | '2', birthYear: number): string {
  const centuryBase = birthYear >= 2000 ? 2 : 0;
  const sexDigit = centuryBase + (sex === '2' ? 1 : 0);
  return `0${birthProvince}${sexDigit}${String(birthYear % 100).padStart(2, '0')}${rng.digits(6)}`;
}

/** Passport number of the form the catalogue accepts for SO_CCCD: one capital letter and 7 digits. */
export function passportNumber(rng: Rng): string {
  return `${rng.pick(['B', 'C', 'M', 'P', 'E'])}${rng.digits(7)}`;
}

export function cardNumber(rng: Rng, group: string, level: number, province: string, bhxhCode: string): string {
  return `${group}${level}${province}${bhxhCode}`;
}

/** 10-digit BHXH code, never all zeros (XML11 MA_BHXH rule) */
export function bhxhCode(rng: Rng, province: string): string {
  return `${province}${rng.digits(7)}${rng.int(1, 9)}`;
}

export function phoneNumber(rng: Rng): string {
  return `${rng.pick(['03', '05', '07', '08', '09'])}${rng.digits(8)}`;
}

/** Occupation codes (QĐ 34/2020/QĐ-TTg style, 5 digits; 00000 = none) */
const OCCUPATIONS = ['00000', '00000', '61110', '51200', '52230', '23410', '22110', '93120', '83220', '41100', '71150', '24110'];

const STREETS = ['Trần Hưng Đạo', 'Lê Lợi', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Ngô Mây', 'Phan Bội Châu', 'Quang Trung', 'Tây Sơn', 'Lý Thường Kiệt', 'Nguyễn Thái Học', 'Bạch Đằng', 'Xuân Diệu'];

export function address(rng: Rng, onDate: string, province = '52'): Address {
  const communes = communesOf(province, onDate);
  const commune = rng.pick(communes);
  const house = rng.bool(0.6) ? `Số ${rng.int(1, 450)} ${rng.pick(STREETS)}` : `Thôn ${rng.pick(['An', 'Phú', 'Hòa', 'Tân', 'Bình', 'Mỹ'])} ${rng.pick(['Đông', 'Tây', 'Nam', 'Bắc', 'Thạnh', 'Lợi'])}`;
  return { text: `${house}, ${commune.name_vi}, ${provinceName(province, onDate)}`, province, commune: commune.code, district: commune.district };
}

export interface PersonOptions {
  band: AgeBand;
  /** local minutes of the visit start (birth is before it) */
  visitStart: number;
  insured: boolean;
  foreigner?: boolean;
  /** card group override (e.g. TE for children) */
  cardGroup?: string;
  /** MA_DKBD of the card; defaults to a facility of the province */
  registeredAt?: string;
  /** residence province (default 52) */
  province?: string;
  sex?: '1' | '2';
}

function birthFor(rng: Rng, band: AgeBand, visitStart: number): { birth: number; text: string } {
  if (band === 'newborn') {
    // born 0–20 days before the visit, hour and minute known
    const birth = visitStart - rng.int(1, 20 * MINUTES_PER_DAY);
    return { birth, text: dt12(birth) };
  }
  const ageYears = band === 'child' ? rng.int(1, 5) : band === 'student' ? rng.int(7, 17) : band === 'adult' ? rng.int(19, 64) : rng.int(65, 92);
  const y = year(visitStart) - ageYears - 1;
  const birth = localMinutes(y, rng.int(1, 12), rng.int(1, 28));
  // elderly people sometimes know only the year: month and day written 00, hour and minute 0000
  if (band === 'elderly' && rng.bool(0.15)) return { birth: localMinutes(y, 1, 1), text: `${y}00000000` };
  return { birth, text: `${d8(birth)}0000` };
}

export function person(rng: Rng, o: PersonOptions): Person {
  const sex = o.sex ?? (rng.bool() ? '1' : '2');
  const { birth, text } = birthFor(rng, o.band, o.visitStart);
  const onDate = d8(o.visitStart);
  const province = o.province ?? '52';
  const birthProvince = rng.bool(0.8) ? '52' : rng.pick(provinceCodes('20250630'));
  const foreigner = o.foreigner === true;
  let idNumber: string | undefined;
  if (foreigner) idNumber = passportNumber(rng);
  // newborns get their personal ID number at birth registration (Luật Căn cước 2023): it is the health-book key
  else idNumber = personalId(rng, o.band === 'newborn' ? o.province ?? '52' : birthProvince, sex, year(birth));
  const ethnicity = foreigner ? '55' : rng.weighted<string>([['01', 85], [rng.pick(ethnicityCodes().filter((c) => c <= '54')), 15]]);
  let card: Card | undefined;
  if (o.insured) {
    const eligible = CARD_GROUPS.filter((g) =>
      o.cardGroup ? g.group === o.cardGroup : o.band === 'newborn' || o.band === 'child' ? g.who === 'child' : o.band === 'student' ? g.who === 'student' || g.who === 'any' : o.band === 'elderly' ? g.who === 'elderly' || g.who === 'any' : g.who === 'adult' || g.who === 'any',
    );
    const g = rng.pick(eligible);
    const code = bhxhCode(rng, province);
    const visitYear = year(o.visitStart);
    const validFrom = o.band === 'newborn' ? d8(birth) : `${visitYear}0101`;
    const validTo = o.band === 'newborn' || o.band === 'child' ? `${year(birth) + 6}1231` : `${visitYear}1231`;
    card = {
      number: cardNumber(rng, g.group, g.level, province, code),
      group: g.group,
      level: g.level,
      registeredAt: o.registeredAt ?? rng.pick(OTHER_FACILITIES),
      validFrom,
      validTo,
      bhxhCode: code,
    };
  }
  const weight =
    o.band === 'newborn' ? `${rng.int(2, 3)}.${rng.digits(2)}` : o.band === 'child' ? `${rng.int(9, 20)}.${rng.digits(1)}0` : o.band === 'student' ? `${rng.int(22, 60)}.${rng.digits(1)}0` : `${rng.int(42, 82)}.${rng.digits(1)}0`;
  return {
    name: vietnameseName(rng, sex),
    sex,
    birth,
    birthText: text,
    idNumber,
    passport: foreigner,
    nationality: foreigner ? FOREIGN_NATIONALITY : '000',
    ethnicity,
    occupation: o.band === 'adult' ? rng.pick(OCCUPATIONS) : '00000',
    address: address(rng, onDate, province),
    // the health book shows phone and blood group: the generator always knows them (real records may not)
    phone: phoneNumber(rng),
    bloodGroup: rng.weighted<string>([['O+', 42], ['B+', 30], ['A+', 21], ['AB+', 6], ['O-', 1]]),
    weight,
    card,
    patientCode: `BN${rng.digits(8)}`,
  };
}

/**
 * MA_QUOCTICH of the foreigner scenario (Nhật Bản, as in the pilot rules' fixtures). Only '000' (Việt Nam)
 * is in the engine's code list (ma_quoctich.json is partial: TT 07/2016/TT-BCA PL2 was not available as
 * data), so a strict check flags any other code until the engine treats three-digit codes outside that
 * partial list as unverified.
 */
export const FOREIGN_NATIONALITY = '392';
