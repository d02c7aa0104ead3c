/**
 * The pilot scenarios: the six visit types of QĐ 2733 PL01 Đ8 × insured / non-insured (identified by the
 * personal ID number, no card), plus emergency, newborn, foreigner with passport and the documents that go
 * with them (discharge paper, record summary, referral, re-exam appointment, results, clinical course, sick
 * leave, birth certificate, TB). Ids are stable: manifests and tests refer to them.
 */
import type { ScenarioSpec } from './encounters.ts';

export const SCENARIOS: readonly ScenarioSpec[] = [
  { id: 'kham-bhyt', visit: 'exam', insured: true, description_vi: 'Khám bệnh ngoại trú (MA_LOAI_KCB 01), có thẻ BHYT, đúng nơi đăng ký ban đầu; có xét nghiệm và kết quả cận lâm sàng (XML4) khi được chỉ định' },
  { id: 'kham-vienphi', visit: 'exam', insured: false, description_vi: 'Khám bệnh ngoại trú (01), người bệnh không dùng thẻ BHYT, định danh bằng số định danh cá nhân (MA_DOITUONG_KCB 9)' },
  { id: 'ngoaitru-bhyt', visit: 'outpatient', insured: true, description_vi: 'Điều trị ngoại trú (02) bệnh mạn tính, có thẻ BHYT; diễn biến lâm sàng (XML5), có thể hẹn khám lại (XML14)' },
  { id: 'ngoaitru-vienphi', visit: 'outpatient', insured: false, description_vi: 'Điều trị ngoại trú (02), không dùng thẻ BHYT, định danh bằng số định danh cá nhân' },
  { id: 'linhthuoc-bhyt', visit: 'refill', insured: true, description_vi: 'Nhận thuốc theo hẹn (07), có thẻ BHYT, chỉ lĩnh thuốc không khám (MA_DOITUONG_KCB 10), kèm giấy hẹn lần sau (XML14)' },
  { id: 'linhthuoc-vienphi', visit: 'refill', insured: false, description_vi: 'Nhận thuốc theo hẹn (07), không dùng thẻ BHYT' },
  { id: 'noitru-bhyt', visit: 'inpatient', insured: true, description_vi: 'Điều trị nội trú (03), có thẻ BHYT: giường, thuốc, vật tư, giấy ra viện (XML7), tóm tắt hồ sơ bệnh án (XML8)' },
  { id: 'noitru-vienphi', visit: 'inpatient', insured: false, description_vi: 'Điều trị nội trú (03), không dùng thẻ BHYT, gửi Bảng 1 và Bảng 8 (tóm tắt hồ sơ bệnh án)' },
  { id: 'banngay-bhyt', visit: 'day', insured: true, description_vi: 'Điều trị ban ngày (04), có thẻ BHYT, giường ban ngày, giấy ra viện và tóm tắt hồ sơ bệnh án' },
  { id: 'banngay-vienphi', visit: 'day', insured: false, description_vi: 'Điều trị ban ngày (04), không dùng thẻ BHYT' },
  { id: 'tuxa-bhyt', visit: 'remote', insured: true, description_vi: 'Khám bệnh, chữa bệnh từ xa (14), có thẻ BHYT, kê đơn thuốc' },
  { id: 'tuxa-vienphi', visit: 'remote', insured: false, description_vi: 'Khám bệnh, chữa bệnh từ xa (14), không dùng thẻ BHYT' },
  { id: 'capcuu-bhyt', visit: 'inpatient', insured: true, variant: 'emergency', description_vi: 'Cấp cứu (MA_DOITUONG_KCB 2) vào viện ngoài giờ, điều trị nội trú, giấy ra viện' },
  { id: 'sosinh-bhyt', visit: 'inpatient', insured: true, variant: 'newborn', description_vi: 'Trẻ sơ sinh điều trị ngay sau sinh (MA_DOITUONG_KCB 1.7), ngày giờ sinh có giờ phút, thẻ BHYT trẻ em' },
  { id: 'nguoinuocngoai-vienphi', visit: 'exam', insured: false, variant: 'foreigner', description_vi: 'Người nước ngoài khám bệnh, định danh bằng số hộ chiếu, không có thẻ BHYT' },
  { id: 'chuyentuyen-bhyt', visit: 'inpatient', insured: true, variant: 'referral', description_vi: 'Nội trú có chuyển tuyến chuyên môn (MA_LOAI_RV 2), giấy chuyển tuyến (XML13)' },
  { id: 'sinhcon-bhyt', visit: 'inpatient', insured: true, variant: 'delivery', description_vi: 'Sinh con tại cơ sở (nội trú), giấy chứng sinh (XML9), cân nặng con trong Bảng 1' },
  { id: 'nghiom-bhyt', visit: 'exam', insured: true, variant: 'sick-leave', description_vi: 'Khám ngoại trú có cấp giấy chứng nhận nghỉ việc hưởng BHXH (XML11, mẫu CT07)' },
  { id: 'taikham-bhyt', visit: 'exam', insured: true, variant: 're-exam', description_vi: 'Khám ngoại trú có giấy hẹn khám lại (XML14)' },
  { id: 'hiv-bhyt', visit: 'outpatient', insured: true, variant: 'hiv', description_vi: 'Điều trị ngoại trú HIV/AIDS bằng thuốc ARV do quỹ BHYT chi trả, hồ sơ chăm sóc và điều trị HIV (XML6)' },
  { id: 'nghiduongthai-bhyt', visit: 'exam', insured: true, variant: 'pregnancy-leave', description_vi: 'Khám thai có cấp giấy nghỉ dưỡng thai (XML10)' },
  { id: 'lao-bhyt', visit: 'outpatient', insured: true, variant: 'tb', description_vi: 'Điều trị ngoại trú bệnh lao, dữ liệu điều trị lao (XML15)' },
];

/**
 * Scenarios outside `all`: data a HIS does not send but the engine still checks. XML12 (giám định y khoa)
 * is entered on the portal by the assessment council (CV 3190: its own API); the mutation suite uses it.
 */
export const PORTAL_ONLY_SCENARIOS: readonly ScenarioSpec[] = [
  { id: 'giamdinhyk-portal', visit: 'exam', insured: true, variant: 'medical-assessment', description_vi: 'Khám giám định y khoa (XML12, do Hội đồng GĐYK nhập trên Cổng, HIS không gửi): chỉ dùng cho kiểm thử đột biến' },
];

export function scenarioById(id: string): ScenarioSpec | undefined {
  return SCENARIOS.find((s) => s.id === id) ?? PORTAL_ONLY_SCENARIOS.find((s) => s.id === id);
}

/** 'all' or a comma-separated list of ids; throws on an unknown id */
export function selectScenarios(selector: string): ScenarioSpec[] {
  if (selector === 'all') return [...SCENARIOS];
  return selector.split(',').map((id) => {
    const s = scenarioById(id.trim());
    if (!s) throw new RangeError(`unknown scenario "${id}"`);
    return s;
  });
}
