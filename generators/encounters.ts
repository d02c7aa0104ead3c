/**
 * One visit (đợt KBCB) as rows of the XML tables, valid by construction: one MA_LK everywhere, STT 1..n,
 * dates ordered inside the stay (NGAY_VAO ≤ NGAY_YL ≤ NGAY_TH_YL ≤ NGAY_KQ ≤ NGAY_RA), exact-decimal money
 * (THANH_TIEN_BV = round(SO_LUONG × DON_GIA, 2); line split THANH_TIEN_BV = T_BHTT + T_BNCCT + T_BNTT +
 * T_NGUONKHAC; XML1 totals are the sums), MUC_HUONG from the card's benefit level, the XML0 check-in
 * describing the first cost.
 */
import type { LayoutId } from '../conformance/result.ts';
import { dec, mul, roundHalfUp, sub, sum, toFixed, toPlain, ZERO, type Decimal } from '../conformance/decimal.ts';
import type { RowValues } from './serialize.ts';
import type { Rng } from './random.ts';
import { BED_DAY, BED_INPATIENT, CAESAREAN, DELIVERY, DRUGS, EXAM, EXAM_PEDIATRIC, EXAM_REMOTE, FUNCTION_TESTS, IMAGING, LABS, PROCEDURES, SUPPLIES, SURGERY, machineAt, supplyTenderOf, tenderOf, type Drug, type Service, type Supply } from './catalog.ts';
import { staffRoster, type StaffMember } from './catalogues.ts';
import { diagnoses, provinceCodes, type Diagnosis } from './codes.ts';
import { benefitPercent, bhxhCode, facilityByCode, OTHER_FACILITIES, person, vietnameseName, type AgeBand, type Facility, type Person } from './people.ts';
import { d8, dayDiff, dt12, isoLocal, MINUTES_PER_DAY, month, parseIsoDate, startOfDay, year } from './time.ts';

/** The six visit types of QĐ 2733 PL01 Đ8 with their MA_LOAI_KCB. */
export type VisitKind = 'exam' | 'outpatient' | 'refill' | 'inpatient' | 'day' | 'remote';

export const VISIT_LOAI_KCB: Record<VisitKind, string> = {
  exam: '01',
  outpatient: '02',
  refill: '07',
  inpatient: '03',
  day: '04',
  remote: '14',
};

export type Variant = 'emergency' | 'newborn' | 'foreigner' | 'referral' | 'delivery' | 'sick-leave' | 'tb' | 're-exam' | 'hiv' | 'pregnancy-leave' | 'medical-assessment';

export interface ScenarioSpec {
  id: string;
  description_vi: string;
  visit: VisitKind;
  insured: boolean;
  variant?: Variant;
}

export type TableRows = Partial<Record<string, RowValues[]>>;

export interface Encounter {
  scenarioId: string;
  /** the seed label the encounter was drawn from */
  seed: string;
  layout: LayoutId;
  facility: Facility;
  MA_LK: string;
  insured: boolean;
  visit: VisitKind;
  variant?: Variant;
  person: Person;
  /** XML1…XML15 rows (tables not sent are absent) */
  tables: TableRows;
  /** the XML0 check-in rows */
  checkin: RowValues[];
  /** when the record is sent (ISO 8601, +07:00): shortly after NGAY_RA */
  receivedAt: string;
  /** envelope NGAYLAP (yyyymmdd) */
  ngayLap: string;
}

export interface EncounterOptions {
  layout?: LayoutId;
  /** yyyy-mm-dd; visits end on this day (or the day before). Default 2026-11-20 */
  referenceDate?: string;
  /** MA_CSKCB of the facility (default 52001) */
  facility?: string;
}

/** Free-text fields written as CDATA, as vendors do. */
export const CDATA_FIELDS: ReadonlySet<string> = new Set([
  'HO_TEN', 'DIA_CHI', 'LY_DO_VV', 'LY_DO_VNT', 'CHAN_DOAN_VAO', 'CHAN_DOAN_RV', 'PP_DIEU_TRI', 'GHI_CHU', 'TEN_THUOC', 'TEN_DICH_VU', 'TEN_VAT_TU',
  'LIEU_DUNG', 'CACH_DUNG', 'DIEN_BIEN_LS', 'HOI_CHAN', 'PHAU_THUAT', 'MO_TA', 'KET_LUAN', 'PP_DIEUTRI', 'QT_BENHLY', 'TOMTAT_KQ', 'DAU_HIEU_LS',
  'HUONG_DIEU_TRI', 'TINH_TRANG_CT', 'TINH_TRANG_CON', 'NOI_SINH_CON', 'NOI_CU_TRU_NND', 'NOICAP_CCCD_NND', 'DON_VI',
]);

// ---------------------------------------------------------------------------------------------------
// money

function pct(value: Decimal, percent: number): Decimal {
  // value × percent / 100, rounded to 2 places (exact: percent is an integer)
  return roundHalfUp({ units: mul(value, dec(percent)).units, scale: value.scale + 2 }, 2);
}

interface Split {
  THANH_TIEN_BV: Decimal;
  THANH_TIEN_BH: Decimal;
  T_BHTT: Decimal;
  T_BNCCT: Decimal;
  T_BNTT: Decimal;
  T_NGUONKHAC: Decimal;
}

/**
 * The cost split of one line: BV = round(SL × price, 2); BH = the part in the BHYT scope; the fund pays
 * MUC_HUONG % of BH; the patient co-pays the rest of BH and pays BV − BH himself.
 */
function split(quantity: Decimal, priceBv: Decimal, priceBh: Decimal, tyleBh: number, mucHuong: number): Split {
  const bv = roundHalfUp(mul(quantity, priceBv), 2);
  const bhFull = roundHalfUp(mul(quantity, priceBh), 2);
  const bh = tyleBh === 100 ? bhFull : pct(bhFull, tyleBh);
  const bhtt = pct(bh, mucHuong);
  return { THANH_TIEN_BV: bv, THANH_TIEN_BH: bh, T_BHTT: bhtt, T_BNCCT: sub(bh, bhtt), T_BNTT: sub(bv, bh), T_NGUONKHAC: ZERO };
}

const money = (d: Decimal) => toFixed(d, 2);

// ---------------------------------------------------------------------------------------------------
// staff

interface Staff {
  /** practising-licence code (MA_BAC_SI, MA_BS, NGUOI_THUC_HIEN) */
  code: string;
  name: string;
}

/**
 * A practitioner of the facility's staff roster (generators/catalogues.ts, what its demo staff catalogue lists).
 * The draws of the earlier random practitioner are kept, so the rest of the record stays as it was for a seed.
 */
function doctor(rng: Rng, roster: readonly StaffMember[]): Staff {
  const sex = rng.bool() ? '1' : '2';
  const digits = rng.digits(6);
  vietnameseName(rng, sex);
  const p = roster[1 + (Number(digits) % (roster.length - 1))];
  return { code: p.code, name: p.name };
}

// ---------------------------------------------------------------------------------------------------
// the builder

interface Line {
  kind: 'drug' | 'service' | 'supply';
  drug?: Drug;
  service?: Service;
  supply?: Supply;
  quantity: Decimal;
  khoa: string;
  doctor: Staff;
  performer?: Staff;
  ngayYl: number;
  ngayThYl?: number;
  ngayKq?: number;
  bed?: string;
  /** XML2 LIEU_DUNG text */
  lieuDung?: string;
}

function pickDrugs(rng: Rng, codes: readonly string[], k: number): Drug[] {
  const pool = DRUGS.filter((d) => codes.includes(d.MA_THUOC));
  return rng.sample(pool, k);
}

const ORAL = ['40.48', '40.150', '40.677', '40.1011'];
const CHRONIC = ['40.795', '40.499', '40.677'];

function drugLine(rng: Rng, drug: Drug, days: number, at: number, khoa: string, doc: Staff, nurse: Staff | undefined): Line {
  const qty = mul(dec(drug.perDose), dec(drug.perDay * days));
  return {
    kind: 'drug',
    drug,
    quantity: qty,
    khoa,
    doctor: doc,
    performer: nurse,
    ngayYl: at,
    ngayThYl: drug.injection ? at + rng.int(5, 40) : undefined,
    lieuDung: `${drug.perDose} ${drug.DON_VI_TINH.toLowerCase()}/lần * ${drug.perDay} lần/ngày * ${days} ngày`,
  };
}

function serviceLine(rng: Rng, service: Service, at: number, khoa: string, doc: Staff, performer: Staff, quantity = '1'): Line {
  const performed = ['1', '2', '3', '8', '18'].includes(service.MA_NHOM);
  const th = performed ? at + rng.int(5, 30) : undefined;
  const hasResult = service.indices !== undefined || service.report !== undefined || service.MA_NHOM === '8';
  return {
    kind: 'service',
    service,
    quantity: dec(quantity),
    khoa: service.MA_KHOA ?? khoa,
    doctor: doc,
    performer: performed ? performer : undefined,
    ngayYl: at,
    ngayThYl: th,
    ngayKq: hasResult && th !== undefined ? th + rng.int(15, 90) : undefined,
  };
}

function supplyLine(rng: Rng, supply: Supply, at: number, khoa: string, doc: Staff): Line {
  return { kind: 'supply', supply, quantity: dec(String(rng.int(1, 3))), khoa, doctor: doc, ngayYl: at };
}

/** working-hours start of a day: 07:00–09:59 */
function morning(rng: Rng, day: number): number {
  return startOfDay(day) + rng.int(7 * 60, 9 * 60 + 59);
}

export function buildEncounter(spec: ScenarioSpec, rng: Rng, options: EncounterOptions = {}): Encounter {
  const layout = options.layout ?? '3176';
  const facility = facilityByCode(options.facility ?? '52001');
  const refDay = parseIsoDate(options.referenceDate ?? '2026-11-20');
  const r = rng;
  const variant = spec.variant;

  // ---- the stay ----------------------------------------------------------------------------------
  const endDay = refDay - (r.bool(0.7) ? 0 : MINUTES_PER_DAY);
  let lengthDays = 0;
  if (spec.visit === 'inpatient') lengthDays = variant === 'newborn' ? r.int(2, 5) : r.int(2, 7);
  else if (spec.visit === 'day') lengthDays = r.int(1, 4);
  else if (spec.visit === 'outpatient') lengthDays = r.int(2, 6);
  const startDay = endDay - lengthDays * MINUTES_PER_DAY;
  const vao = variant === 'emergency' ? startOfDay(startDay) + r.int(0, 23 * 60) : morning(r, startDay);

  // ---- the patient -------------------------------------------------------------------------------
  const band: AgeBand =
    variant === 'newborn' ? 'newborn' : variant === 'delivery' || variant === 'sick-leave' || variant === 'hiv' || variant === 'pregnancy-leave' || variant === 'medical-assessment' ? 'adult' : variant === 'tb' ? r.pick(['adult', 'elderly'] as const) : r.weighted<AgeBand>([['child', 12], ['student', 12], ['adult', 50], ['elderly', 26]]);
  const doiTuong = !spec.insured ? '9' : variant === 'emergency' ? '2' : variant === 'newborn' ? '1.7' : spec.visit === 'refill' ? '10' : '1.1';
  const registeredAt = doiTuong === '1.1' || doiTuong === '10' ? facility.code : r.pick(OTHER_FACILITIES);
  // most patients live in the facility's province; some come from elsewhere (codes valid on the visit date)
  const province = r.bool(0.9) ? facility.province : r.pick(provinceCodes(d8(vao)).filter((c) => c !== facility.province));
  const p = person(r, {
    province,
    band,
    visitStart: vao,
    insured: spec.insured,
    foreigner: variant === 'foreigner',
    sex: variant === 'delivery' || variant === 'pregnancy-leave' ? '2' : undefined,
    registeredAt,
  });
  const mucHuong = spec.insured && p.card ? benefitPercent(p.card.level) : 0;

  // ---- diagnosis ---------------------------------------------------------------------------------
  const dxGroup = variant === 'newborn' ? 'newborn' : variant === 'delivery' ? 'delivery' : variant === 'tb' ? 'tb' : variant === 'hiv' ? 'hiv' : variant === 'pregnancy-leave' ? 'pregnancy' : variant === 'emergency' ? 'emergency' : spec.visit === 'refill' || spec.visit === 'outpatient' ? 'chronic' : 'general';
  const mainDx: Diagnosis = r.pick(diagnoses(dxGroup));
  const comorbid: Diagnosis[] = band === 'elderly' && variant !== 'tb' ? r.sample(diagnoses('comorbid').filter((d) => d.code !== mainDx.code), r.int(0, 2)) : [];
  const chanDoanRv = [mainDx, ...comorbid].map((d) => d.name).join('; ');

  // ---- departments and staff ---------------------------------------------------------------------
  const wardKhoa = variant === 'emergency' ? 'K02' : variant === 'newborn' || band === 'child' ? 'K18' : variant === 'delivery' ? 'K27' : variant === 'tb' ? 'K12' : variant === 'hiv' ? 'K11' : mainDx.code === 'K35.8' ? 'K19' : 'K03';
  const examKhoa = 'K01';
  const roster = staffRoster(facility.code);
  const doc = doctor(r, roster);
  const wardDoc = doctor(r, roster);
  const nurse = doctor(r, roster);
  const tech = doctor(r, roster);
  r.digits(10); // (drawn as before: keeps the rest of the record for a seed)
  const headCode = roster[0].bhxh; // MA_TTDV: BHXH code of the head of facility (10 digits), as in the staff catalogue

  // ---- cost lines, in time order -----------------------------------------------------------------
  const lines: Line[] = [];
  let clock = vao + r.int(3, 15);
  const tick = (min: number, max: number) => (clock += r.int(min, max));
  const admitted = spec.visit === 'inpatient' || spec.visit === 'day' || spec.visit === 'outpatient';
  let vaoNoiTru: number | undefined;

  if (spec.visit !== 'refill') {
    const examService = spec.visit === 'remote' ? EXAM_REMOTE : band === 'child' || band === 'newborn' ? EXAM_PEDIATRIC : EXAM;
    lines.push(serviceLine(r, examService, clock, variant === 'emergency' ? 'K02' : examKhoa, doc, doc));
  }
  const wantsLabs = spec.visit !== 'refill' && spec.visit !== 'remote' && (admitted || r.bool(0.7) || variant === 'sick-leave');
  if (wantsLabs) {
    tick(5, 20);
    for (const lab of r.sample(LABS, r.int(1, LABS.length))) lines.push(serviceLine(r, lab, clock, wardKhoa, doc, tech));
    if (variant === 'tb' || r.bool(0.5)) lines.push(serviceLine(r, IMAGING[variant === 'tb' ? 0 : r.int(0, IMAGING.length - 1)], clock, wardKhoa, doc, tech));
    if (band === 'elderly' && r.bool(0.5)) lines.push(serviceLine(r, FUNCTION_TESTS[0], clock, wardKhoa, doc, tech));
  }
  // the latest result so far: treatment is ordered after it
  const afterResults = () => Math.max(clock, ...lines.map((l) => l.ngayKq ?? l.ngayThYl ?? l.ngayYl)) + r.int(5, 20);

  if (admitted) {
    vaoNoiTru = afterResults();
    clock = vaoNoiTru;
    const days = Math.max(1, dayDiff(vaoNoiTru, endDay));
    // daily care: drugs, procedures, supplies, beds
    for (let d = 0; d < days; d++) {
      const dayStart = d === 0 ? vaoNoiTru + r.int(10, 40) : morning(r, startOfDay(vaoNoiTru) + d * MINUTES_PER_DAY);
      const dayDrugs = variant === 'newborn' ? pickDrugs(r, ['40.1032', '40.1118'], d === 0 ? 2 : 1) : variant === 'tb' ? pickDrugs(r, ['40.288'], 1) : variant === 'hiv' ? pickDrugs(r, ['40.1141'], 1) : pickDrugs(r, spec.visit === 'outpatient' ? CHRONIC : [...ORAL, '40.226', '40.1118'], r.int(1, 3));
      for (const drug of dayDrugs) lines.push(drugLine(r, drug, 1, dayStart, wardKhoa, wardDoc, drug.injection ? nurse : undefined));
      if (d === 0 && (variant === 'delivery' || (mainDx.code === 'K35.8' && spec.visit === 'inpatient'))) {
        const op = variant === 'delivery' ? (mainDx.code === 'O82.9' ? CAESAREAN : DELIVERY) : SURGERY;
        lines.push(serviceLine(r, op, dayStart + r.int(30, 90), wardKhoa, wardDoc, doctor(r, roster)));
        lines.push(supplyLine(r, SUPPLIES[3], dayStart + r.int(30, 90), wardKhoa, wardDoc));
      } else if (r.bool(0.35) && spec.visit !== 'outpatient') {
        lines.push(serviceLine(r, r.pick(PROCEDURES), dayStart + r.int(20, 120), wardKhoa, wardDoc, nurse));
      }
      if (dayDrugs.some((x) => x.injection)) lines.push(supplyLine(r, r.pick(SUPPLIES.slice(0, 3)), dayStart, wardKhoa, wardDoc));
    }
    if (spec.visit === 'inpatient' || spec.visit === 'day') {
      const bedService = spec.visit === 'inpatient' ? BED_INPATIENT : BED_DAY;
      const bedLine = serviceLine(r, bedService, vaoNoiTru + r.int(1, 9), wardKhoa, wardDoc, nurse, String(days));
      bedLine.bed = `${spec.visit === 'inpatient' ? 'H' : 'T'}${r.digits(3)}`;
      lines.push(bedLine);
    }
  } else {
    clock = afterResults();
    const k = spec.visit === 'refill' ? r.int(2, 3) : r.int(1, 3);
    const days = spec.visit === 'refill' ? 30 : r.int(3, 7);
    const pool = spec.visit === 'refill' ? CHRONIC : variant === 'tb' ? ['40.288'] : variant === 'pregnancy-leave' ? ['40.48'] : ORAL;
    for (const drug of pickDrugs(r, pool, k)) lines.push(drugLine(r, drug, days, clock, spec.visit === 'refill' ? examKhoa : examKhoa, doc, undefined));
  }

  // ---- end of the stay ---------------------------------------------------------------------------
  const lastEvent = Math.max(...lines.map((l) => l.ngayKq ?? l.ngayThYl ?? l.ngayYl));
  let ra: number;
  if (admitted) {
    ra = Math.max(lastEvent + r.int(20, 90), startOfDay(endDay) + r.int(8 * 60, 11 * 60));
  } else {
    ra = lastEvent + r.int(10, 40);
  }

  // ---- rows --------------------------------------------------------------------------------------
  const MA_LK = `${facility.code}${d8(vao).slice(2)}${r.digits(7)}`;
  const orderedLines = [...lines].sort((a, b) => a.ngayYl - b.ngayYl);
  const drugs = orderedLines.filter((l) => l.kind === 'drug');
  const others = orderedLines.filter((l) => l.kind !== 'drug');

  const xml2: RowValues[] = [];
  const xml3: RowValues[] = [];
  const splits: { line: Line; s: Split }[] = [];
  const tyleBh = spec.insured ? 100 : 0;
  drugs.forEach((l, i) => {
    const drug = l.drug!;
    const price = dec(drug.DON_GIA);
    const s = split(l.quantity, price, price, tyleBh, mucHuong);
    splits.push({ line: l, s });
    xml2.push({
      MA_LK,
      STT: String(i + 1),
      MA_THUOC: drug.MA_THUOC,
      MA_NHOM: '4',
      TEN_THUOC: drug.TEN_THUOC,
      DON_VI_TINH: drug.DON_VI_TINH,
      HAM_LUONG: drug.HAM_LUONG,
      DUONG_DUNG: drug.DUONG_DUNG,
      DANG_BAO_CHE: drug.DANG_BAO_CHE,
      LIEU_DUNG: l.lieuDung!,
      CACH_DUNG: drug.CACH_DUNG,
      SO_DANG_KY: drug.SO_DANG_KY,
      TT_THAU: tenderOf(year(vao)),
      PHAM_VI: '1',
      TYLE_TT_BH: String(tyleBh),
      SO_LUONG: toPlain(l.quantity),
      DON_GIA: toPlain(price),
      THANH_TIEN_BV: money(s.THANH_TIEN_BV),
      THANH_TIEN_BH: money(s.THANH_TIEN_BH),
      T_NGUONKHAC_NSNN: '0',
      T_NGUONKHAC_VTNN: '0',
      T_NGUONKHAC_VTTN: '0',
      T_NGUONKHAC_CL: '0',
      T_NGUONKHAC: '0',
      MUC_HUONG: String(mucHuong),
      T_BNTT: money(s.T_BNTT),
      T_BNCCT: money(s.T_BNCCT),
      T_BHTT: money(s.T_BHTT),
      MA_KHOA: l.khoa,
      MA_BAC_SI: l.doctor.code,
      NGAY_YL: dt12(l.ngayYl),
      NGAY_TH_YL: dt12(l.ngayThYl ?? l.ngayYl),
      MA_PTTT: '1',
      NGUON_CTRA: '1',
    });
  });
  others.forEach((l, i) => {
    const isSupply = l.kind === 'supply';
    const priceText = isSupply ? l.supply!.DON_GIA : l.service!.DON_GIA;
    const price = dec(priceText);
    const s = split(l.quantity, price, price, tyleBh, mucHuong);
    splits.push({ line: l, s });
    const sv = l.service;
    const row: RowValues = {
      MA_LK,
      STT: String(i + 1),
      MA_DICH_VU: sv?.MA_DICH_VU,
      MA_PTTT_QT: sv?.pttt,
      MA_VAT_TU: l.supply?.MA_VAT_TU,
      MA_NHOM: isSupply ? '10' : sv!.MA_NHOM,
      TEN_VAT_TU: l.supply?.TEN_VAT_TU,
      TEN_DICH_VU: sv?.TEN_DICH_VU,
      DON_VI_TINH: isSupply ? l.supply!.DON_VI_TINH : sv!.DON_VI_TINH,
      PHAM_VI: '1',
      SO_LUONG: toPlain(l.quantity),
      DON_GIA_BV: toPlain(price),
      DON_GIA_BH: toPlain(price),
      TT_THAU: isSupply ? supplyTenderOf(year(vao)) : undefined,
      TYLE_TT_DV: '100',
      TYLE_TT_BH: String(tyleBh),
      THANH_TIEN_BV: money(s.THANH_TIEN_BV),
      THANH_TIEN_BH: money(s.THANH_TIEN_BH),
      MUC_HUONG: String(mucHuong),
      T_NGUONKHAC_NSNN: '0',
      T_NGUONKHAC_VTNN: '0',
      T_NGUONKHAC_VTTN: '0',
      T_NGUONKHAC_CL: '0',
      T_NGUONKHAC: '0',
      T_BNTT: money(s.T_BNTT),
      T_BNCCT: money(s.T_BNCCT),
      T_BHTT: money(s.T_BHTT),
      MA_KHOA: l.khoa,
      MA_GIUONG: l.bed,
      MA_BAC_SI: l.doctor.code,
      NGUOI_THUC_HIEN: l.performer?.code,
      MA_BENH: mainDx.code,
      NGAY_YL: dt12(l.ngayYl),
      NGAY_TH_YL: l.ngayThYl !== undefined ? dt12(l.ngayThYl) : undefined,
      NGAY_KQ: l.ngayKq !== undefined ? dt12(l.ngayKq) : undefined,
      MA_PTTT: '1',
      PP_VO_CAM: sv?.MA_NHOM === '8' ? '1' : undefined,
      MA_MAY: machineAt(sv?.machine, facility.code),
      MA_HIEU_SP: l.supply?.MA_HIEU_SP,
    };
    xml3.push(row);
  });

  const total = (pick: (s: Split) => Decimal, filter: (l: Line) => boolean = () => true) => sum(splits.filter((x) => filter(x.line)).map((x) => pick(x.s)));
  const tThuoc = total((s) => s.THANH_TIEN_BV, (l) => l.kind === 'drug');
  const tVtyt = total((s) => s.THANH_TIEN_BV, (l) => l.kind === 'supply');
  const tTongBv = total((s) => s.THANH_TIEN_BV);
  const tTongBh = total((s) => s.THANH_TIEN_BH);
  const tBntt = total((s) => s.T_BNTT);
  const tBncct = total((s) => s.T_BNCCT);
  const tBhtt = total((s) => s.T_BHTT);
  const tNguonKhac = total((s) => s.T_NGUONKHAC);

  const soNgayDtri = ['02', '03', '04', '06'].includes(VISIT_LOAI_KCB[spec.visit]) ? dayDiff(vao, ra) + 1 : 0;
  const maLoaiKcb = VISIT_LOAI_KCB[spec.visit];
  // departments the patient was treated in (lab and imaging departments only perform services)
  const examLine = orderedLines.find((l) => l.service?.MA_NHOM === '13');
  const khoaList = [...new Set([examLine?.khoa ?? examKhoa, ...(admitted ? [wardKhoa] : [])])];
  const referralTo = variant === 'referral' ? r.pick(['79024', '01929', '48001']) : undefined;
  const referralNo = variant === 'referral' ? `${r.int(1, 999)}/${year(ra)}/CT` : undefined;
  const ketQua = variant === 'referral' ? '3' : spec.visit === 'exam' || spec.visit === 'remote' || spec.visit === 'refill' ? r.pick(['1', '2']) : r.pick(['1', '2']);
  const reExam = variant === 're-exam' || (spec.visit === 'outpatient' && r.bool(0.5)) || spec.visit === 'refill';
  const reExamDay = ra + r.int(7, 30) * MINUTES_PER_DAY;
  const ppDieuTri = variant === 'delivery' ? 'Theo dõi chuyển dạ, đỡ đẻ, chăm sóc sau sinh' : mainDx.code === 'K35.8' ? 'Phẫu thuật nội soi cắt ruột thừa, kháng sinh dự phòng' : admitted ? 'Điều trị nội khoa: thuốc, theo dõi sinh hiệu, chăm sóc cấp II' : 'Điều trị ngoại trú: thuốc uống theo đơn';
  const ghiChu = 'Uống thuốc đúng giờ, tái khám khi có dấu hiệu bất thường';
  const lyDoVv = variant === 'emergency' ? 'Cấp cứu: đau nhiều, mệt' : spec.visit === 'refill' ? 'Lĩnh thuốc theo giấy hẹn' : variant === 'delivery' ? 'Đau bụng chuyển dạ' : `Khám vì ${mainDx.name.toLowerCase()}`;
  const lyDoVnt = vaoNoiTru !== undefined ? `Vào điều trị: ${mainDx.name}` : undefined;
  const card = p.card;

  const xml1: RowValues = {
    MA_LK,
    STT: '1',
    MA_BN: p.patientCode,
    HO_TEN: p.name,
    SO_CCCD: p.idNumber,
    NGAY_SINH: p.birthText,
    GIOI_TINH: p.sex,
    NHOM_MAU: p.bloodGroup,
    MA_QUOCTICH: p.nationality,
    MA_DANTOC: p.ethnicity,
    MA_NGHE_NGHIEP: p.occupation,
    DIA_CHI: p.address.text,
    MATINH_CU_TRU: p.address.province,
    MAHUYEN_CU_TRU: p.address.district,
    MAXA_CU_TRU: p.address.commune,
    DIEN_THOAI: p.phone,
    MA_THE_BHYT: card?.number,
    MA_DKBD: card?.registeredAt,
    GT_THE_TU: card?.validFrom,
    GT_THE_DEN: card?.validTo,
    LY_DO_VV: lyDoVv,
    LY_DO_VNT: lyDoVnt,
    CHAN_DOAN_VAO: mainDx.name,
    CHAN_DOAN_RV: chanDoanRv,
    MA_BENH_CHINH: mainDx.code,
    MA_BENH_KT: comorbid.length ? comorbid.map((d) => d.code).join(';') : undefined,
    MA_PTTT_QT: [...new Set(others.map((l) => l.service?.pttt).filter((x): x is string => !!x))].join(';') || undefined,
    MA_DOITUONG_KCB: doiTuong,
    MA_NOI_DEN: referralTo,
    NGAY_VAO: dt12(vao),
    NGAY_VAO_NOI_TRU: vaoNoiTru !== undefined ? dt12(vaoNoiTru) : undefined,
    NGAY_RA: dt12(ra),
    GIAY_CHUYEN_TUYEN: referralNo,
    SO_NGAY_DTRI: String(soNgayDtri),
    PP_DIEU_TRI: ppDieuTri,
    KET_QUA_DTRI: ketQua,
    MA_LOAI_RV: variant === 'referral' ? '2' : '1',
    GHI_CHU: ghiChu,
    NGAY_TTOAN: dt12(ra),
    T_THUOC: money(tThuoc),
    T_VTYT: money(tVtyt),
    T_TONGCHI_BV: money(tTongBv),
    T_TONGCHI_BH: money(tTongBh),
    T_BNTT: money(tBntt),
    T_BNCCT: money(tBncct),
    T_BHTT: money(tBhtt),
    T_NGUONKHAC: money(tNguonKhac),
    // every line is paid fee-for-service (MA_PTTT 1): T_BHTT_GDV is their whole T_BHTT (QĐ 130 Bảng 1)
    T_BHTT_GDV: money(tBhtt),
    NAM_QT: String(year(ra)),
    THANG_QT: String(month(ra)).padStart(2, '0'),
    MA_LOAI_KCB: maLoaiKcb,
    MA_KHOA: khoaList.join(';'),
    MA_CSKCB: facility.code,
    CAN_NANG: p.weight,
    CAN_NANG_CON: undefined,
    NGAY_TAI_KHAM: reExam ? d8(reExamDay) : undefined,
    MA_HSBA: `${admitted ? 'BA' : 'PK'}${year(vao)}${r.digits(6)}`,
    MA_TTDV: headCode,
  };

  const tables: TableRows = { XML1: [xml1] };
  if (xml2.length) tables.XML2 = xml2;
  if (xml3.length) tables.XML3 = xml3;

  // XML4: results of lab, imaging and function tests
  const xml4: RowValues[] = [];
  for (const l of others) {
    const sv = l.service;
    if (!sv || l.ngayKq === undefined) continue;
    if (sv.indices) {
      for (const ix of sv.indices) {
        const v = ix.low + r.next() * (ix.high - ix.low);
        xml4.push({ MA_LK, STT: '', MA_DICH_VU: sv.MA_DICH_VU, MA_CHI_SO: ix.MA_CHI_SO, TEN_CHI_SO: ix.TEN_CHI_SO, GIA_TRI: v.toFixed(ix.decimals), DON_VI_DO: ix.DON_VI_DO, NGAY_KQ: dt12(l.ngayKq), MA_BS_DOC_KQ: tech.code });
      }
    } else if (sv.report) {
      xml4.push({ MA_LK, STT: '', MA_DICH_VU: sv.MA_DICH_VU, TEN_CHI_SO: sv.report.TEN_CHI_SO, MO_TA: sv.report.MO_TA, KET_LUAN: sv.report.KET_LUAN, NGAY_KQ: dt12(l.ngayKq), MA_BS_DOC_KQ: tech.code });
    }
  }
  xml4.forEach((row, i) => (row.STT = String(i + 1)));
  if (xml4.length) tables.XML4 = xml4;

  // XML5: clinical course, once a day during treatment
  if (admitted) {
    const xml5: RowValues[] = [];
    const days = dayDiff(vaoNoiTru!, ra);
    for (let d = 0; d <= days; d++) {
      const at = d === 0 ? vaoNoiTru! + r.int(5, 30) : d === days ? ra - r.int(30, 90) : morning(r, startOfDay(vaoNoiTru!) + d * MINUTES_PER_DAY);
      if (at > ra || at < vaoNoiTru!) continue;
      xml5.push({
        MA_LK,
        STT: String(xml5.length + 1),
        DIEN_BIEN_LS: d === 0 ? `Bệnh nhân tỉnh, tiếp xúc tốt. Mạch ${r.int(70, 96)} lần/phút, huyết áp ${r.int(100, 140)}/${r.int(60, 90)} mmHg` : d === days ? 'Bệnh ổn định, cho ra viện' : `Ngày điều trị thứ ${d + 1}: bệnh nhân đỡ, ăn uống được`,
        GIAI_DOAN_BENH: d === days ? 'Ổn định' : undefined,
        THOI_DIEM_DBLS: dt12(at),
        NGUOI_THUC_HIEN: wardDoc.code,
      });
    }
    tables.XML5 = xml5;
  }

  const ngayCt = d8(ra);

  // XML7: discharge paper (inpatient and day treatment)
  if (spec.visit === 'inpatient' || spec.visit === 'day') {
    tables.XML7 = [
      {
        MA_LK,
        SO_LUU_TRU: `LT${year(ra)}-${r.digits(5)}`,
        MA_YTE: p.patientCode,
        MA_KHOA_RV: wardKhoa,
        NGAY_VAO: dt12(vao),
        NGAY_RA: dt12(ra),
        CHAN_DOAN_RV: chanDoanRv,
        PP_DIEUTRI: ppDieuTri,
        GHI_CHU: ghiChu,
        MA_TTDV: headCode,
        MA_BS: wardDoc.code,
        TEN_BS: wardDoc.name,
        NGAY_CT: ngayCt,
        HO_TEN_CHA: variant === 'newborn' ? vietnameseName(r, '1') : undefined,
        HO_TEN_ME: variant === 'newborn' ? vietnameseName(r, '2') : undefined,
      },
    ];
  }

  // XML8: record summary, only for MA_LOAI_KCB 03/04/06 (BHXH check rule)
  if (maLoaiKcb === '03' || maLoaiKcb === '04') {
    const tomTat = xml4.length ? xml4.slice(0, 3).map((x) => `${x.TEN_CHI_SO}: ${x.GIA_TRI ?? x.KET_LUAN}${x.DON_VI_DO ? ' ' + x.DON_VI_DO : ''}`).join('; ') : 'Không có kết quả cận lâm sàng bất thường';
    tables.XML8 = [
      {
        MA_LK,
        MA_LOAI_KCB: maLoaiKcb,
        HO_TEN_CHA: tables.XML7?.[0].HO_TEN_CHA,
        HO_TEN_ME: tables.XML7?.[0].HO_TEN_ME,
        NGAY_VAO: dt12(vao),
        NGAY_RA: dt12(ra),
        CHAN_DOAN_VAO: mainDx.name,
        CHAN_DOAN_RV: chanDoanRv,
        QT_BENHLY: `${lyDoVv}. Được chẩn đoán ${mainDx.name.toLowerCase()}, điều trị ${soNgayDtri} ngày, diễn biến thuận lợi.`,
        TOMTAT_KQ: tomTat,
        PP_DIEUTRI: ppDieuTri,
        KET_QUA_DTRI: ketQua,
        GHI_CHU: `Hướng điều trị tiếp: ${reExam ? `tái khám ngày ${d8(reExamDay).slice(6, 8)}/${d8(reExamDay).slice(4, 6)}` : 'theo dõi tại nhà'}, ${ghiChu.toLowerCase()}`,
        MA_TTDV: headCode,
        NGAY_CT: ngayCt,
      },
    ];
  }

  // XML9: birth certificate (delivery)
  if (variant === 'delivery') {
    const opLine = others.find((l) => l.service === DELIVERY || l.service === CAESAREAN)!;
    const bornAt = opLine.ngayThYl ?? opLine.ngayYl;
    const sexCon = r.bool() ? '1' : '2';
    const grams = r.int(2700, 3800);
    xml1.CAN_NANG_CON = String(grams);
    tables.XML8![0].NGAY_SINHCON = d8(bornAt);
    const issued = vao - r.int(400, 3000) * MINUTES_PER_DAY;
    tables.XML9 = [
      {
        MA_LK,
        MA_BHXH_NND: card?.bhxhCode,
        MA_THE_NND: card?.number,
        HO_TEN_NND: p.name,
        NGAYSINH_NND: p.birthText.slice(0, 8),
        MA_DANTOC_NND: p.ethnicity,
        SO_CCCD_NND: p.idNumber!,
        NGAYCAP_CCCD_NND: d8(issued),
        NOICAP_CCCD_NND: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội',
        NOI_CU_TRU_NND: p.address.text,
        MA_QUOCTICH: p.nationality,
        MATINH_CU_TRU: p.address.province,
        MAHUYEN_CU_TRU: p.address.district,
        MAXA_CU_TRU: p.address.commune,
        HO_TEN_CHA: vietnameseName(r, '1'),
        MA_THE_TAM: `TE1${p.address.province}${bhxhCode(r, p.address.province)}`,
        HO_TEN_CON: undefined,
        GIOI_TINH_CON: sexCon,
        SO_CON: '1',
        LAN_SINH: String(r.int(1, 3)),
        SO_CON_SONG: '1',
        CAN_NANG_CON: String(grams),
        NGAY_SINH_CON: dt12(bornAt),
        NOI_SINH_CON: facility.name,
        TINH_TRANG_CON: 'Khỏe mạnh, khóc ngay sau sinh',
        SINHCON_PHAUTHUAT: mainDx.code === 'O82.9' ? '1' : '0',
        SINHCON_DUOI32TUAN: '0',
        GHI_CHU: 'Không',
        NGUOI_DO_DE: doctor(r, roster).name,
        NGUOI_GHI_PHIEU: nurse.name,
        NGAY_CT: ngayCt,
        SO: String(r.int(1, 9999)),
        QUYEN_SO: `${year(ra)}/01`,
        MA_TTDV: headCode,
      },
    ];
  }

  // XML6: HIV/AIDS care and treatment record
  if (variant === 'hiv') {
    const diagnosed = startOfDay(vao) - r.int(200, 2000) * MINUTES_PER_DAY;
    const arvStart = diagnosed + r.int(3, 30) * MINUTES_PER_DAY;
    const switched = arvStart + r.int(60, 150) * MINUTES_PER_DAY;
    tables.XML6 = [
      {
        MA_LK,
        MA_THE_BHYT: card?.number,
        SO_CCCD: p.idNumber,
        NGAY_SINH: p.birthText,
        GIOI_TINH: p.sex,
        DIA_CHI: p.address.text,
        MATINH_CU_TRU: p.address.province,
        MAHUYEN_CU_TRU: p.address.district,
        MAXA_CU_TRU: p.address.commune,
        NGAYKD_HIV: d8(diagnosed),
        NOI_LAY_MAU_XN: facility.code,
        NOI_XN_KD: '52001',
        NOI_BDDT_ARV: facility.code,
        BDDT_ARV: d8(arvStart),
        MA_PHAC_DO_DIEU_TRI_BD: 'TDF+3TC+EFV',
        MA_BAC_PHAC_DO_BD: '1',
        MA_LYDO_DTRI: '1',
        LOAI_DTRI_LAO: '0',
        SANG_LOC_LAO: '1',
        KQ_DTRI_LAO: '7',
        MA_LOAI_BN: '1',
        GIAI_DOAN_LAM_SANG: String(r.int(1, 2)),
        NHOM_DOI_TUONG: String(r.int(0, 11)),
        MA_TINH_TRANG_DK: '3',
        MA_XU_TRI: '1',
        NGAY_BAT_DAU_XU_TRI: d8(vao),
        // 90 days of ARV: the period end minus its start is at least 90 (check sheet, SO_NGAY_CAP_THUOC_ARV)
        NGAY_KET_THUC_XU_TRI: d8(ra + 90 * MINUTES_PER_DAY),
        MA_PHAC_DO_DIEU_TRI: 'TDF+3TC+DTG',
        MA_BAC_PHAC_DO: '1',
        SO_NGAY_CAP_THUOC_ARV: '90',
        NGAY_CHUYEN_PHAC_DO: d8(switched),
        LY_DO_CHUYEN_PHAC_DO: '1',
        MA_CSKCB: facility.code,
      },
    ];
  }

  // XML10: certificate of pregnancy leave (giấy nghỉ dưỡng thai)
  if (variant === 'pregnancy-leave') {
    const daysOff = r.int(3, 10);
    const from = startOfDay(ra);
    tables.XML10 = [
      {
        MA_LK,
        SO_SERI: `NDT-${r.digits(6)}`,
        SO_CT: `${r.int(1, 9999)}/${year(ra)}`,
        SO_NGAY: String(daysOff),
        DON_VI: `Công ty TNHH ${p.name.split(' ').pop()} Quy Nhơn`,
        CHAN_DOAN_RV: chanDoanRv,
        TU_NGAY: d8(from),
        DEN_NGAY: d8(from + (daysOff - 1) * MINUTES_PER_DAY),
        MA_TTDV: headCode,
        TEN_BS: doc.name,
        MA_BS: doc.code,
        NGAY_CT: ngayCt,
      },
    ];
  }

  // XML12: medical assessment (giám định y khoa). Entered on the portal by the assessment council, not sent
  // by a HIS: generated only for the mutation suite's portal-only scenario.
  if (variant === 'medical-assessment') {
    const meeting = startOfDay(ra);
    const issued = vao - r.int(400, 3000) * MINUTES_PER_DAY;
    tables.XML12 = [
      {
        NGUOI_CHU_TRI: doctor(r, roster).name,
        CHUC_VU: '1',
        NGAY_HOP: d8(meeting),
        HO_TEN: p.name,
        NGAY_SINH: p.birthText.slice(0, 8),
        SO_CCCD: p.idNumber!,
        NGAY_CAP_CCCD: d8(issued),
        NOI_CAP_CCCD: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội',
        DIA_CHI: p.address.text,
        MATINH_CU_TRU: p.address.province,
        MAHUYEN_CU_TRU: p.address.district,
        MAXA_CU_TRU: p.address.commune,
        MA_BHXH: card?.bhxhCode ?? bhxhCode(r, '52'),
        MA_THE_BHYT: card?.number,
        NGHE_NGHIEP: 'Công nhân',
        DIEN_THOAI: p.phone!,
        MA_DOI_TUONG: '1',
        KHAM_GIAM_DINH: '1',
        SO_BIEN_BAN: `${r.int(1, 999)}/BB-GĐYK`,
        TYLE_TTCT_CU: '0',
        DANG_HUONG_CHE_DO: '1',
        NGAY_CHUNG_TU: d8(meeting),
        SO_GIAY_GIOI_THIEU: `${r.int(1, 999)}/GGT`,
        NGAY_DE_NGHI: d8(meeting - 14 * MINUTES_PER_DAY),
        MA_DONVI: `TS${r.digits(5)}`,
        GIOI_THIEU_CUA: 'Bảo hiểm xã hội tỉnh Gia Lai',
        KET_QUA_KHAM: `Di chứng ${mainDx.name.toLowerCase()}`,
        SO_VAN_BAN_CAN_CU: '56/2017/TT-BYT',
        TYLE_TTCT_MOI: String(r.int(5, 40)),
        TONG_TYLE_TTCT: String(r.int(41, 61)),
        DANG_KHUYETTAT: '1',
        MUC_DO_KHUYETTAT: '3',
        DE_NGHI: 'Hưởng chế độ theo quy định',
        DUOC_XACDINH: 'Suy giảm khả năng lao động do bệnh',
      },
    ];
  }

  // XML11: certificate of leave with social-insurance benefit (CT07)
  if (variant === 'sick-leave') {
    const daysOff = r.int(2, 5);
    const from = startOfDay(ra);
    tables.XML11 = [
      {
        MA_LK,
        SO_CT: `${r.int(1, 9999)}/${year(ra)}`,
        SO_SERI: `CT07-${r.digits(6)}`,
        SO_KCB: xml1.MA_HSBA,
        DON_VI: `Công ty TNHH ${p.name.split(' ').pop()} Quy Nhơn`,
        MA_BHXH: card?.bhxhCode ?? bhxhCode(r, '52'),
        MA_THE_BHYT: card?.number,
        CHAN_DOAN_RV: chanDoanRv,
        PP_DIEUTRI: ppDieuTri,
        SO_NGAY_NGHI: String(daysOff),
        TU_NGAY: d8(from),
        DEN_NGAY: d8(from + (daysOff - 1) * MINUTES_PER_DAY),
        MA_TTDV: headCode,
        MA_BS: doc.code,
        NGAY_CT: ngayCt,
        MAU_SO: 'CT07',
      },
    ];
  }

  // XML13: referral paper
  if (variant === 'referral') {
    const row: RowValues = {
      MA_LK,
      SO_HOSO: xml1.MA_HSBA!,
      SO_CHUYENTUYEN: referralNo!,
      GIAY_CHUYEN_TUYEN: referralNo!,
      MA_CSKCB: facility.code,
      HO_TEN: p.name,
      NGAY_SINH: p.birthText,
      GIOI_TINH: p.sex,
      MA_QUOCTICH: p.nationality,
      MA_DANTOC: p.ethnicity,
      MA_NGHE_NGHIEP: p.occupation,
      DIA_CHI: p.address.text,
      MA_THE_BHYT: card?.number,
      GT_THE_DEN: card?.validTo,
      NGAY_VAO: xml1.NGAY_VAO,
      NGAY_VAO_NOI_TRU: xml1.NGAY_VAO_NOI_TRU,
      NGAY_RA: xml1.NGAY_RA,
      DAU_HIEU_LS: 'Đau bụng tăng, sốt, cần can thiệp chuyên sâu',
      CHAN_DOAN_RV: chanDoanRv,
      QT_BENHLY: `Điều trị ${soNgayDtri} ngày tại ${facility.name}, chưa cải thiện`,
      TOMTAT_KQ: xml4.length ? `${xml4[0].TEN_CHI_SO}: ${xml4[0].GIA_TRI ?? xml4[0].KET_LUAN}` : undefined,
      PP_DIEUTRI: ppDieuTri,
      MA_BENH_CHINH: mainDx.code,
      MA_BENH_KT: xml1.MA_BENH_KT,
      MA_LOAI_RV: '2',
      MA_LYDO_CT: '1',
      HUONG_DIEU_TRI: 'Chuyển tuyến chuyên sâu để tiếp tục điều trị',
      PHUONGTIEN_VC: 'Xe cứu thương',
      HOTEN_NGUOI_HT: nurse.name,
      CHUCDANH_NGUOI_HT: 'Điều dưỡng',
      MA_BAC_SI: wardDoc.code,
      MA_TTDV: headCode,
    };
    if (layout === '4750') {
      row.MA_NOI_DEN = referralTo;
      row.PP_DIEU_TRI = ppDieuTri;
      row.TEN_DICH_VU = [...new Set(others.filter((l) => l.service).map((l) => l.service!.TEN_DICH_VU))].join('; ');
      row.TEN_THUOC = [...new Set(drugs.map((l) => l.drug!.TEN_THUOC))].join('; ') || undefined;
    } else {
      row.MA_CSKCB_DEN = referralTo;
      row.TINH_TRANG_CT = 'Tỉnh, sinh hiệu ổn định khi chuyển';
    }
    tables.XML13 = [row];
  }

  // XML14: re-exam appointment
  if (reExam) {
    tables.XML14 = [
      {
        MA_LK,
        SO_GIAYHEN_KL: `HK${year(ra)}${r.digits(6)}`,
        MA_CSKCB: facility.code,
        HO_TEN: p.name,
        NGAY_SINH: p.birthText,
        GIOI_TINH: p.sex,
        DIA_CHI: p.address.text,
        MA_THE_BHYT: card?.number,
        GT_THE_DEN: card?.validTo,
        NGAY_VAO: xml1.NGAY_VAO,
        NGAY_VAO_NOI_TRU: xml1.NGAY_VAO_NOI_TRU,
        NGAY_RA: xml1.NGAY_RA,
        // 12 digits: the 4750 layout requires them; 3176 accepts 8 or 12
        NGAY_HEN_KL: `${d8(reExamDay)}0800`,
        CHAN_DOAN_RV: chanDoanRv,
        MA_BENH_CHINH: mainDx.code,
        MA_BENH_KT: xml1.MA_BENH_KT,
        MA_DOITUONG_KCB: doiTuong,
        MA_BAC_SI: doc.code,
        MA_TTDV: headCode,
        NGAY_CT: ngayCt,
      },
    ];
  }

  // XML15: tuberculosis treatment
  if (variant === 'tb') {
    const started = startOfDay(vao) - r.int(0, 60) * MINUTES_PER_DAY;
    tables.XML15 = [
      {
        MA_LK,
        STT: '1',
        MA_BN: p.patientCode,
        HO_TEN: p.name,
        SO_CCCD: p.idNumber,
        PHANLOAI_LAO_VITRI: '1',
        PHANLOAI_LAO_TS: '1',
        PHANLOAI_LAO_HIV: '2',
        PHANLOAI_LAO_VK: mainDx.code === 'A15.0' ? '1' : '2',
        PHANLOAI_LAO_KT: '1',
        LOAI_DTRI_LAO: '1',
        NGAYBD_DTRI_LAO: d8(started),
        PHACDO_DTRI_LAO: String(r.int(1, 4)),
        KET_QUA_DTRI_LAO: '1',
        MA_CSKCB: facility.code,
        BDDT_ARV: d8(started),
        NGAY_BAT_DAU_DT_CTX: d8(started),
      },
    ];
  }

  // XML0: the check-in describing the first cost; for a stay in a treating department it is the one re-sent
  // at admission (with NGAY_VAO_NOI_TRU), whose first cost is the first one in that department
  const first = vaoNoiTru !== undefined ? orderedLines.find((l) => l.ngayYl >= vaoNoiTru!) ?? orderedLines[orderedLines.length - 1] : orderedLines[0];
  const checkin: RowValues = {
    MA_LK,
    STT: '1',
    MA_BN: p.patientCode,
    HO_TEN: p.name,
    SO_CCCD: p.idNumber,
    NGAY_SINH: p.birthText,
    GIOI_TINH: p.sex,
    MA_THE_BHYT: card?.number,
    MA_DKBD: card?.registeredAt,
    GT_THE_TU: card?.validFrom,
    GT_THE_DEN: card?.validTo,
    MA_DOITUONG_KCB: doiTuong,
    NGAY_VAO: dt12(vao),
    NGAY_VAO_NOI_TRU: xml1.NGAY_VAO_NOI_TRU,
    LY_DO_VNT: lyDoVnt,
    MA_LOAI_KCB: maLoaiKcb,
    MA_CSKCB: facility.code,
    MA_DICH_VU: first.service?.MA_DICH_VU,
    TEN_DICH_VU: first.service?.TEN_DICH_VU,
    MA_THUOC: first.drug?.MA_THUOC,
    TEN_THUOC: first.drug?.TEN_THUOC,
    MA_VAT_TU: first.supply?.MA_VAT_TU,
    TEN_VAT_TU: first.supply?.TEN_VAT_TU,
    NGAY_YL: dt12(first.ngayYl),
  };

  const received = ra + r.int(20, 180);
  return {
    scenarioId: spec.id,
    seed: rng.label,
    layout,
    facility,
    MA_LK,
    insured: spec.insured,
    visit: spec.visit,
    variant,
    person: p,
    tables,
    checkin: [checkin],
    receivedAt: isoLocal(received),
    ngayLap: d8(received),
  };
}
