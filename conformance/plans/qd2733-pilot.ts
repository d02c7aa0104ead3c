/**
 * The pilot certification plan of QĐ 2733/QĐ-BYT (PL01 Đ8 scenario matrix and the go-live checks of PL01 Đ2–Đ5).
 * Data only: scenario predicates on content, rules that must pass, conditions evidenced. Bump `version` on any
 * change to what a facility must show (a run records the version it was judged with); never reuse an id.
 */
import { createRequire } from 'node:module';
import type { CertificationPlan, PlanCondition, ScenarioPlan } from './plan.ts';

const require = createRequire(import.meta.url);
/** C1–C13, copied with provenance from the spec folder (see _provenance in the file). */
const conditionsFile = require('./pilot-conditions.json') as { conditions: PlanCondition[] };

/** PL01 Đ8's six visit types; the MA_LOAI_KCB grouping is inferred (pilot-conditions.json C12). */
const VISIT_TYPES = [
  { key: 'kham', codes: ['01'], vi: 'Khám bệnh ngoại trú', en: 'Outpatient examination' },
  { key: 'ngoaitru', codes: ['02', '05', '08'], vi: 'Điều trị ngoại trú', en: 'Outpatient treatment' },
  { key: 'linhthuoc', codes: ['07'], vi: 'Nhận thuốc theo hẹn', en: 'Medicine refill by appointment' },
  { key: 'noitru', codes: ['03', '09'], vi: 'Điều trị nội trú', en: 'Inpatient treatment' },
  { key: 'banngay', codes: ['04'], vi: 'Điều trị ban ngày', en: 'Day treatment' },
  { key: 'tuxa', codes: ['14'], vi: 'Khám chữa bệnh từ xa', en: 'Remote care' },
] as const;

const visitScenarios: ScenarioPlan[] = VISIT_TYPES.flatMap((t) => [
  {
    id: `${t.key}-bhyt`,
    title_vi: `${t.vi} (MA_LOAI_KCB ${t.codes.join('/')}), có thẻ BHYT`,
    title_en: `${t.en} (MA_LOAI_KCB ${t.codes.join('/')}), insured`,
    group: { visitType: t.key, insured: true },
    required: true,
    match: { kind: 'GIAMDINHHS', fieldIn: { MA_LOAI_KCB: t.codes }, fieldPresent: { MA_THE_BHYT: true } },
    mustPass: ['SIG.VALUE'],
    conditions: ['C1', 'C3', 'C8'],
    generatorScenario: `${t.key}-bhyt`,
  },
  {
    id: `${t.key}-vienphi`,
    title_vi: `${t.vi} (MA_LOAI_KCB ${t.codes.join('/')}), không dùng thẻ BHYT`,
    title_en: `${t.en} (MA_LOAI_KCB ${t.codes.join('/')}), uninsured`,
    group: { visitType: t.key, insured: false },
    required: true,
    match: { kind: 'GIAMDINHHS', fieldIn: { MA_LOAI_KCB: t.codes }, fieldPresent: { MA_THE_BHYT: false } },
    mustPass: ['SIG.VALUE', 'PILOT.IDENTITY.UNINSURED_ID'],
    conditions: ['C1', 'C3', 'C7', 'C8', 'C13'],
    generatorScenario: `${t.key}-vienphi`,
  },
]);

const otherScenarios: ScenarioPlan[] = [
  {
    id: 'capcuu',
    title_vi: 'Cấp cứu (MA_DOITUONG_KCB 2)',
    title_en: 'Emergency (MA_DOITUONG_KCB 2)',
    required: true,
    match: { kind: 'GIAMDINHHS', fieldIn: { MA_DOITUONG_KCB: ['2'] } },
    mustPass: ['SIG.VALUE'],
    conditions: ['C1', 'C8'],
    generatorScenario: 'capcuu-bhyt',
  },
  {
    id: 'checkin-xml0',
    title_vi: 'Gửi check-in (XML0) khi phát sinh chi phí đầu tiên',
    title_en: 'Check-in (XML0) sent at the first cost',
    required: true,
    match: { kind: 'CHECKIN', tables: ['XML0'] },
    mustPass: ['SIG.VALUE'],
    conditions: ['C1'],
    generatorScenario: 'kham-bhyt',
  },
  {
    id: 'giayravien-xml7',
    title_vi: 'Giấy ra viện (XML7)',
    title_en: 'Discharge paper (XML7)',
    required: true,
    match: { kind: 'GIAMDINHHS', tables: ['XML7'] },
    mustPass: ['CROSS.DOCUMENT.XML7'],
    conditions: ['C1'],
    generatorScenario: 'noitru-bhyt',
  },
  {
    id: 'tomtat-xml8',
    title_vi: 'Tóm tắt hồ sơ bệnh án (XML8) cho Sổ sức khỏe điện tử',
    title_en: 'Medical record summary (XML8) for the health book',
    required: true,
    match: { kind: 'GIAMDINHHS', tables: ['XML8'] },
    mustPass: ['PILOT.HEALTHBOOK.SUMMARY_CONTENT'],
    conditions: ['C1', 'C10'],
    generatorScenario: 'noitru-bhyt',
  },
  {
    id: 'chuyentuyen-xml13',
    title_vi: 'Giấy chuyển tuyến (XML13)',
    title_en: 'Referral paper (XML13)',
    required: true,
    match: { kind: 'GIAMDINHHS', tables: ['XML13'] },
    mustPass: ['CROSS.DOCUMENT.XML13'],
    conditions: ['C1', 'C3'],
    generatorScenario: 'chuyentuyen-bhyt',
  },
  {
    id: 'henkham-xml14',
    title_vi: 'Giấy hẹn khám lại (XML14)',
    title_en: 'Re-examination appointment (XML14)',
    required: true,
    match: { kind: 'GIAMDINHHS', tables: ['XML14'] },
    mustPass: ['CROSS.DOCUMENT.XML14'],
    conditions: ['C1', 'C3'],
    generatorScenario: 'taikham-bhyt',
  },
  {
    id: 'ketqua-xml4',
    title_vi: 'Kết quả cận lâm sàng (XML4)',
    title_en: 'Test results (XML4)',
    required: true,
    match: { kind: 'GIAMDINHHS', tables: ['XML4'] },
    mustPass: ['CROSS.DOCUMENT.XML4'],
    conditions: ['C1'],
    generatorScenario: 'kham-bhyt',
  },
  {
    id: 'chuky-dangky',
    title_vi: 'Ký số bằng chứng thư số đã đăng ký của cơ sở',
    title_en: 'Signed with the facility\'s registered certificate',
    required: true,
    match: { kind: 'GIAMDINHHS' },
    mustPass: ['SIG.VALUE', 'SIG.CERT.REGISTERED', 'SIG.CERT.CHAIN', 'SIG.CERT.VALIDITY'],
    conditions: ['C2'],
  },
  {
    id: 'tiepnhan-dinhdanh',
    title_vi: 'Tiếp nhận bằng thẻ Căn cước / số định danh cá nhân (12 số), không thẻ BHYT',
    title_en: 'Reception by citizen ID card / personal ID number (12 digits), no insurance card',
    required: true,
    match: { kind: 'GIAMDINHHS', fieldShape: { SO_CCCD: 'digits12' }, fieldPresent: { MA_THE_BHYT: false } },
    mustPass: ['PILOT.IDENTITY.PERSONAL_ID'],
    conditions: ['C7'],
    generatorScenario: 'kham-vienphi',
  },
  {
    id: 'tiepnhan-the-bhyt',
    title_vi: 'Tiếp nhận bằng số thẻ BHYT',
    title_en: 'Reception by health insurance card number',
    required: true,
    match: { kind: 'GIAMDINHHS', fieldPresent: { MA_THE_BHYT: true } },
    mustPass: ['PILOT.IDENTITY.CARD_FORMAT'],
    conditions: ['C7'],
    generatorScenario: 'kham-bhyt',
  },
];

export const QD2733_PILOT_PLAN: CertificationPlan = {
  id: 'qd2733-pilot',
  version: '1.0.0',
  title_vi: 'Kế hoạch chứng nhận thí điểm Sổ sức khỏe điện tử (QĐ 2733/QĐ-BYT)',
  title_en: 'Electronic health book pilot certification plan (QĐ 2733/QĐ-BYT)',
  basis: 'QĐ 2733/QĐ-BYT PL01 Đ2–Đ5 and Đ8 (six visit types × insured/uninsured); QĐ 130/QĐ-BYT as amended by QĐ 4750 and QĐ 3176',
  profile: 'strict',
  signature: 'required',
  requiredRules: ['*'],
  exemptRules: [],
  scenarios: [...visitScenarios, ...otherScenarios],
  conditions: conditionsFile.conditions.map(({ id, article, condition_vi, check_kind }) => ({ id, article, condition_vi, check_kind })),
};
