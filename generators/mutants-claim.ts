/**
 * Mutation operators of the claim rules of issue 13 (bed days, benefit level, totals, dates, services, tender
 * data, cards and referrals, plausibility): for each rule, the one mistake it exists for, derived from a valid
 * encounter. Kept beside generators/mutants.ts (which looks them up after its own hand-written operators).
 */
import type { Draft, NotApplicable, Operator } from './mutants.ts';
import { add, dec, toFixed } from '../conformance/decimal.ts';
import type { RowValues } from './serialize.ts';
import { d8, dt12, parseDt } from './time.ts';

const plusOne = (v: string | undefined) => toFixed(add(dec(v ?? '0'), dec('1')), 2);
const na = (reason: string): NotApplicable => ({ notApplicable: reason });
const x1 = (d: Draft): RowValues => d.tables.XML1![0];
const BED = ['14', '15', '16'];
const ENDS_IN_STAY = [...BED, '8', '18'];
const bedLine = (d: Draft) => d.tables.XML3?.find((r) => BED.includes(r.MA_NHOM ?? ''));
const ONROUTE = /^(1\.[1-7]|2|02)$/;
const dayNo = (v: string) => Math.floor(parseDt(v) / 1440);
const SUPPLY = ['10', '11'];
const serviceLines = (d: Draft) => (d.tables.XML3 ?? []).filter((r) => r.MA_DICH_VU && !BED.includes(r.MA_NHOM ?? '') && !SUPPLY.includes(r.MA_NHOM ?? ''));
const nextStt = (rows: RowValues[]) => String(rows.length + 1);
/** the surgery line of the encounter, or one added (a service line of the stay billed as surgery under general anaesthesia) */
function surgeryLine(d: Draft): RowValues | undefined {
  const rows = d.tables.XML3;
  const found = rows?.find((r) => r.MA_NHOM === '8');
  if (found || !rows) return found;
  const model = serviceLines(d)[0];
  if (!model) return undefined;
  const line: RowValues = { ...model, STT: nextStt(rows), MA_NHOM: '8', MA_DICH_VU: '10.0470.0453', TEN_DICH_VU: 'Phẫu thuật nội soi cắt ruột thừa', SO_LUONG: '1', TYLE_TT_DV: '100', PP_VO_CAM: '1', MA_MAY: undefined, NGAY_TH_YL: model.NGAY_TH_YL ?? model.NGAY_YL, NGUOI_THUC_HIEN: model.NGUOI_THUC_HIEN ?? model.MA_BAC_SI };
  rows.push(line);
  return line;
}
const machineLine = (d: Draft) => d.tables.XML3?.find((r) => ['1', '2', '3'].includes(r.MA_NHOM ?? '') && r.MA_MAY);
const tendered = (d: Draft) => [...(d.tables.XML2 ?? []), ...(d.tables.XML3 ?? [])].find((r) => r.TT_THAU);

export const CLAIM_OPERATORS: Record<string, Operator> = {
  'CROSS.BED.OUTPATIENT': (d) => {
    if (x1(d).MA_LOAI_KCB !== '01') return na('not an exam visit');
    const rows = d.tables.XML3;
    const model = rows?.[0];
    if (!rows || !model) return na('no XML3');
    rows.push({ ...model, STT: String(rows.length + 1), MA_NHOM: '15', MA_DICH_VU: 'K03.1921', TEN_DICH_VU: 'Giường Nội khoa loại 2 Hạng II', DON_VI_TINH: 'Ngày', SO_LUONG: '1', MA_GIUONG: 'H001' });
    return 'an inpatient bed-day billed in an exam visit';
  },
  'CROSS.BED.UNDER_4H': (d) => {
    if (!bedLine(d)) return na('no bed line');
    x1(d).MA_LOAI_KCB = '09';
    return 'a stay with bed-days declared as inpatient under 4 hours (09)';
  },
  'CROSS.BED.DAY_STAY': (d) => {
    const bed = bedLine(d);
    if (!bed) return na('no bed line');
    x1(d).MA_LOAI_KCB = '04';
    bed.MA_NHOM = '15';
    return 'a day stay (04) billing an inpatient bed-day (15)';
  },
  'CROSS.BED.SHORT_STAY': (d) => {
    const r = x1(d);
    const bed = bedLine(d);
    if (!bed || !['03', '04'].includes(r.MA_LOAI_KCB!)) return na('no inpatient or day stay with a bed line');
    const start = parseDt(r.NGAY_VAO_NOI_TRU ?? r.NGAY_VAO!);
    r.NGAY_RA = dt12(start + 12 * 60);
    bed.SO_LUONG = '2';
    return 'a 12-hour stay billing two bed-days';
  },
  'CROSS.BED.TOTAL': (d) => {
    const r = x1(d);
    const bed = bedLine(d);
    if (!bed) return na('no bed line');
    bed.SO_LUONG = String(dayNo(r.NGAY_RA!) - dayNo(r.NGAY_VAO!) + 2);
    return 'bed-days one more than the calendar days of the stay';
  },
  'CROSS.BED.LINE_DAYS': (d) => {
    const bed = bedLine(d);
    if (!bed) return na('no bed line');
    bed.NGAY_KQ = bed.NGAY_YL;
    bed.SO_LUONG = '2';
    return 'a bed line of two days ending the day it starts';
  },
  'CROSS.BENEFIT.CARD_LEVEL': (d) => {
    const r = x1(d);
    const digit = r.MA_THE_BHYT?.split(';').pop()?.[2];
    if (!digit || !ONROUTE.test(r.MA_DOITUONG_KCB ?? '')) return na('no card or not an on-route visit');
    const line = [...(d.tables.XML2 ?? []), ...(d.tables.XML3 ?? [])].find((l) => l.PHAM_VI === '1' && Number(l.TYLE_TT_BH) > 0);
    if (!line) return na('no insured line');
    line.MUC_HUONG = digit === '4' ? '95' : '80';
    return `line MUC_HUONG ${line.MUC_HUONG} with a benefit-${digit} card`;
  },
  'CROSS.BENEFIT.NO_COPAY': (d) => {
    const r = x1(d);
    if (!r.MA_THE_BHYT || !ONROUTE.test(r.MA_DOITUONG_KCB ?? '')) return na('no card or not an on-route visit');
    r.MA_THE_BHYT = r.MA_THE_BHYT.split(';').map((c) => `${c.slice(0, 2)}1${c.slice(3)}`).join(';');
    if (!(Number(r.T_BNCCT) > 0)) r.T_BNCCT = '1000.00';
    return 'card benefit digit 1 with a co-payment';
  },
  'CROSS.BENEFIT.RATE_RANGE': (d) => {
    const line = d.tables.XML3?.[0];
    if (line) {
      line.TYLE_TT_DV = '150';
      return 'XML3 line TYLE_TT_DV 150';
    }
    const drug = d.tables.XML2?.[0];
    if (!drug) return na('no cost line');
    drug.MUC_HUONG = '150';
    return 'XML2 line MUC_HUONG 150';
  },
  'CROSS.BENEFIT.OFF_ROUTE_OWN': (d) => {
    const r = x1(d);
    if (!r.MA_THE_BHYT) return na('no card');
    r.MA_DOITUONG_KCB = '3.3';
    r.MA_DKBD = r.MA_CSKCB;
    return 'off-route code at the registered facility';
  },
  'CROSS.T_BHTT.SUM': (d) => {
    const r = x1(d);
    r.T_BHTT = plusOne(r.T_BHTT);
    return 'XML1 T_BHTT + 1';
  },
  'CROSS.T_BHTT_GDV.SUM': (d) => {
    const r = x1(d);
    r.T_BHTT_GDV = plusOne(r.T_BHTT_GDV);
    return 'XML1 T_BHTT_GDV + 1';
  },
  'CROSS.DATE.RESULT_WINDOW': (d) => {
    const ra = parseDt(x1(d).NGAY_RA!);
    const ending = d.tables.XML3?.find((r) => r.NGAY_KQ && ENDS_IN_STAY.includes(r.MA_NHOM ?? ''));
    if (ending) {
      ending.NGAY_KQ = dt12(ra + 24 * 60);
      return 'a surgery/procedure/bed line ending a day after discharge';
    }
    const result = d.tables.XML3?.find((r) => r.NGAY_KQ);
    if (!result) return na('no result time');
    result.NGAY_KQ = dt12(ra + 61 * 24 * 60);
    return 'a result dated 61 days after discharge';
  },
  'CROSS.DATE.PAYMENT_AFTER_DISCHARGE': (d) => {
    const r = x1(d);
    r.NGAY_TTOAN = dt12(parseDt(r.NGAY_RA!) - 24 * 60);
    return 'NGAY_TTOAN a day before NGAY_RA';
  },
  'CROSS.DATE.REEXAM_AFTER_DISCHARGE': (d) => {
    const r = x1(d);
    r.NGAY_TAI_KHAM = d8(parseDt(r.NGAY_RA!) - 24 * 60);
    return 'NGAY_TAI_KHAM the day before discharge';
  },
  'CROSS.DATE.XML11_ORDER': (d) => {
    const r = d.tables.XML11?.[0];
    if (!r) return na('no XML11');
    r.DEN_NGAY = d8(parseDt(r.TU_NGAY!) - 24 * 60);
    return 'XML11 DEN_NGAY the day before TU_NGAY';
  },
  'CROSS.DATE.XML11_IN_VISIT': (d) => {
    const r = d.tables.XML11?.[0];
    if (!r) return na('no XML11');
    const from = parseDt(x1(d).NGAY_RA!) + 2 * 24 * 60;
    r.TU_NGAY = d8(from);
    r.DEN_NGAY = d8(from + (Number(r.SO_NGAY_NGHI) - 1) * 24 * 60);
    return 'XML11 leave starting two days after discharge';
  },
  'CROSS.DATE.XML11_SO_NGAY_NGHI': (d) => {
    const r = d.tables.XML11?.[0];
    if (!r) return na('no XML11');
    r.SO_NGAY_NGHI = String(Number(r.SO_NGAY_NGHI) + 1);
    return 'XML11 SO_NGAY_NGHI one more than its dates';
  },
  'CROSS.DATE.XML11_MAX': (d) => {
    const r = d.tables.XML11?.[0];
    if (!r) return na('no XML11');
    r.SO_NGAY_NGHI = '181';
    r.DEN_NGAY = d8(parseDt(r.TU_NGAY!) + 180 * 24 * 60);
    return 'XML11 leave of 181 days';
  },
  'CROSS.DATE.XML10_SO_NGAY': (d) => {
    const r = d.tables.XML10?.[0];
    if (!r) return na('no XML10');
    r.SO_NGAY = String(Number(r.SO_NGAY) + 5);
    return 'XML10 SO_NGAY five more than its dates';
  },
  'CROSS.SERVICE.DUPLICATE': (d) => {
    const line = serviceLines(d)[0];
    if (!line) return na('no service line');
    d.tables.XML3!.push({ ...line, STT: nextStt(d.tables.XML3!) });
    return `service ${line.MA_DICH_VU} billed twice at one order time`;
  },
  'CROSS.SERVICE.EXAM_FEE': (d) => {
    const exam = d.tables.XML3?.find((r) => r.MA_NHOM === '13');
    if (x1(d).MA_LOAI_KCB !== '01' || !exam || !x1(d).MA_THE_BHYT) return na('not an insured exam visit with an exam line');
    d.tables.XML3!.push({ ...exam, STT: nextStt(d.tables.XML3!), MA_DICH_VU: '02.1898', TEN_DICH_VU: 'Khám Tim mạch', TYLE_TT_DV: '100' });
    return 'a second specialty exam billed at 100%';
  },
  'CROSS.SERVICE.SURGERY_ANAESTHESIA': (d) => {
    const op = surgeryLine(d);
    if (!op) return na('no service line');
    op.PP_VO_CAM = undefined;
    return 'surgery line without PP_VO_CAM';
  },
  'CROSS.SERVICE.SURGERY_QUANTITY': (d) => {
    const op = surgeryLine(d);
    if (!op) return na('no service line');
    op.SO_LUONG = '2';
    return 'surgery line with SO_LUONG 2';
  },
  'CROSS.SERVICE.SECOND_SURGERY': (d) => {
    if (!x1(d).MA_THE_BHYT) return na('uninsured record');
    const op = surgeryLine(d);
    if (!op) return na('no service line');
    d.tables.XML3!.push({ ...op, STT: nextStt(d.tables.XML3!), MA_DICH_VU: '10.0471.0454', TEN_DICH_VU: 'Nội soi ổ bụng chẩn đoán', TYLE_TT_DV: '100' });
    return 'a second intervention of the operation billed at 100%';
  },
  'CROSS.SERVICE.MACHINE': (d) => {
    const line = machineLine(d);
    if (!line) return na('no test/imaging line');
    line.MA_MAY = undefined;
    return 'test line without MA_MAY';
  },
  'CROSS.SERVICE.MACHINE_CODE': (d) => {
    const line = machineLine(d);
    if (!line) return na('no test/imaging line');
    line.MA_MAY = 'MAY XN 01';
    return 'MA_MAY written as free text';
  },
  'CROSS.SERVICE.MACHINE_FACILITY': (d) => {
    const line = machineLine(d);
    if (!line) return na('no test/imaging line');
    const other = x1(d).MA_CSKCB === '79024' ? '01929' : '79024';
    line.MA_MAY = `XN.1.${other}.1`;
    return `MA_MAY of facility ${other}`;
  },
  'CROSS.SERVICE.SUPPLY_WITHOUT_SERVICE': (d) => {
    const supply = d.tables.XML3?.find((r) => SUPPLY.includes(r.MA_NHOM ?? ''));
    if (!supply) return na('no supply line');
    supply.MA_DICH_VU = '03.3911.0200';
    if (d.tables.XML3!.some((r) => r !== supply && r.MA_DICH_VU === '03.3911.0200')) supply.MA_DICH_VU = '03.2388.0075.9';
    return 'supply line naming a service not billed';
  },
  'CROSS.TENDER.PARTS': (d) => {
    const line = tendered(d);
    if (!line) return na('no line with TT_THAU');
    line.TT_THAU = line.TT_THAU!.split(';')[0];
    return 'TT_THAU with the decision number only';
  },
  'CROSS.TENDER.YEAR': (d) => {
    const line = tendered(d);
    if (!line) return na('no line with TT_THAU');
    const parts = line.TT_THAU!.split(';');
    parts[parts.length - 1] = String(Number(line.NGAY_YL!.slice(0, 4)) + 1);
    line.TT_THAU = parts.join(';');
    return 'TT_THAU decided the year after its use';
  },
  'CROSS.TENDER.GROUP': (d) => {
    const line = tendered(d);
    if (!line || line.TT_THAU!.split(';').length < 4) return na('no line with a 4-part TT_THAU');
    const parts = line.TT_THAU!.split(';');
    parts[2] = 'NHOM1';
    line.TT_THAU = parts.join(';');
    return 'TT_THAU group written as NHOM1';
  },
  'CROSS.CARD.FIELDS': (d) => {
    const r = x1(d);
    if (!r.MA_THE_BHYT) return na('no card');
    r.MA_DKBD = undefined;
    return 'card without MA_DKBD';
  },
  'CROSS.REFERRAL.PAPER': (d) => {
    const r = x1(d);
    r.MA_NOI_DI = r.MA_CSKCB === '79024' ? '01929' : '79024';
    r.GIAY_CHUYEN_TUYEN = undefined;
    return 'referred in (MA_NOI_DI) without GIAY_CHUYEN_TUYEN';
  },
  'CROSS.REFERRAL.XML13_FIELDS': (d) => {
    const r = d.tables.XML13?.[0];
    if (!r) return na('no XML13');
    r.MA_NOI_DEN = undefined;
    r.MA_CSKCB_DEN = undefined;
    return 'XML13 without the receiving facility';
  },
  'CROSS.INPATIENT.TREATMENT_METHOD': (d) => {
    const r = x1(d);
    if (!['03', '04', '09'].includes(r.MA_LOAI_KCB ?? '')) return na('not an inpatient stay');
    r.PP_DIEU_TRI = undefined;
    return 'inpatient stay without PP_DIEU_TRI';
  },
  'PLAUSIBILITY.WEIGHT_FOR_AGE': (d) => {
    const r = x1(d);
    if (!r.CAN_NANG) return na('no weight');
    r.CAN_NANG = String(Math.round(Number(r.CAN_NANG) * 1000));
    return 'weight written in grams';
  },
  'PLAUSIBILITY.NO_COST_LINES': (d) => {
    if (!d.tables.XML2 && !d.tables.XML3) return na('no cost lines already');
    delete d.tables.XML2;
    delete d.tables.XML3;
    delete d.tables.XML4;
    return 'XML1 sent without XML2/XML3';
  },
};
