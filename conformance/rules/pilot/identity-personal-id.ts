/** PILOT.IDENTITY.PERSONAL_ID — a 12-digit SO_CCCD decodes as a personal ID of this patient (not a temporary code). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { checkinRow, checkinXml, envelopeXml, fixture, outpatientRecord, uninsuredRecord } from '../fixtures-kit.ts';
import { birthYearOf, personalIdProblems } from '../../pilot/identity.ts';
import { loc, rowsOf, val } from '../../pilot/rule-helpers.ts';

const PART_VI: Record<string, string> = { province: 'mã tỉnh (3 số đầu)', 'century-sex': 'thế kỷ/giới tính (số thứ 4)', year: 'năm sinh (số 5–6)', shape: 'định dạng' };
const PART_EN: Record<string, string> = { province: 'province code (digits 1–3)', 'century-sex': 'century/sex (digit 4)', year: 'birth year (digits 5–6)', shape: 'shape' };

export const rule: Rule = {
  meta: {
    id: 'PILOT.IDENTITY.PERSONAL_ID',
    severity: 'error',
    tables: ['XML1', 'XML0'],
    fields: ['SO_CCCD', 'NGAY_SINH', 'GIOI_TINH'],
    citation: {
      decision: 'QĐ 2733/QĐ-BYT; TT 59/2021/TT-BCA (trước đó TT 07/2016/TT-BCA)',
      clause: 'QĐ 2733 PL01 Điều 2 (định danh bằng số định danh cá nhân); TT 59/2021 Điều 7 (cấu trúc số định danh: mã tỉnh nơi đăng ký khai sinh, mã thế kỷ và giới tính, 2 số cuối năm sinh, 6 số ngẫu nhiên)',
    },
    messages: {
      vi: 'SO_CCCD không phải số định danh cá nhân của người bệnh: {part} là "{actual}", cần {expected}; hãy ghi đúng số định danh cá nhân của người bệnh',
      en: 'SO_CCCD is not this patient’s personal ID number: {partEn} is "{actual}", expected {expected}; write the patient’s own personal ID number',
    },
    since: '2733',
    confidence: 'high',
    description_en: 'A 12-digit SO_CCCD of a Vietnamese patient has a known province-of-birth code (001–096), a century/sex digit matching NGAY_SINH and GIOI_TINH, and the birth year’s last two digits — a temporary or invented 12-digit code fails.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      for (const t of ['XML1', 'XML0']) {
        for (const row of rowsOf(h, t)) {
          const id = val(row, 'SO_CCCD')?.trim();
          if (!id || !/^\d{12}$/.test(id)) continue; // other shapes: field rule and PILOT.IDENTITY.UNINSURED_ID
          const nationality = val(row, 'MA_QUOCTICH')?.trim();
          if (nationality !== undefined && nationality !== '000') {
            if (!ctx.counted('not-applicable', row.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, row, 'SO_CCCD'), reason: 'foreign patient: the structure of a foreigner’s identity number is not decoded' });
            continue;
          }
          const problems = personalIdProblems(id, birthYearOf(val(row, 'NGAY_SINH')), val(row, 'GIOI_TINH')?.trim());
          if (!problems.length && !ctx.counted('pass', row.table)) ctx.report({ outcome: 'pass', location: loc(h, row, 'SO_CCCD') });
          for (const p of problems) ctx.report({ outcome: 'fail', location: loc(h, row, 'SO_CCCD'), actual: p.actual, expected: p.expected, data: { part: PART_VI[p.part], partEn: PART_EN[p.part] } });
        }
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const temporary = uninsuredRecord();
  temporary.XML1[0].SO_CCCD = '999920251006'; // hospital-made temporary code
  const otherPerson = outpatientRecord();
  otherPerson.XML1[0].SO_CCCD = '001190012345'; // female born 1990, patient is a man born 1985
  const child = outpatientRecord();
  Object.assign(child.XML1[0], { SO_CCCD: '079318001234', NGAY_SINH: '201805200000', GIOI_TINH: '2' });

  return {
    valid: [
      fixture('man born 1985 in Hà Nội: 001 0 85 …', envelopeXml([outpatientRecord()])),
      fixture('girl born 2018 in TP HCM: 079 3 18 …', envelopeXml([child])),
      fixture('check-in with the same ID', checkinXml([checkinRow()])),
    ],
    invalid: [
      fixture('temporary 12-digit code', envelopeXml([temporary]), undefined, 2),
      fixture('another person’s ID (sex and year differ)', envelopeXml([otherPerson]), undefined, 2),
    ],
  };
});
