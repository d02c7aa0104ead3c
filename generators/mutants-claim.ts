/**
 * Mutation operators of the claim rules of issue 13 (bed days, benefit level, totals, dates, services, tender
 * data, cards and referrals, plausibility): for each rule, the one mistake it exists for, derived from a valid
 * encounter. Kept beside generators/mutants.ts (which looks them up after its own hand-written operators).
 */
import type { Draft, NotApplicable, Operator } from './mutants.ts';
import type { RowValues } from './serialize.ts';
import { dt12, parseDt } from './time.ts';

const na = (reason: string): NotApplicable => ({ notApplicable: reason });
const x1 = (d: Draft): RowValues => d.tables.XML1![0];
const BED = ['14', '15', '16'];
const bedLine = (d: Draft) => d.tables.XML3?.find((r) => BED.includes(r.MA_NHOM ?? ''));
const dayNo = (v: string) => Math.floor(parseDt(v) / 1440);

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
};
