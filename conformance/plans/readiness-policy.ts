/**
 * How each pilot condition C1–C13 (QĐ 2733 PL01, pilot-conditions.json) is evidenced for a facility's
 * readiness decision: by a passed certification run (the run's manifest says the condition is evidenced),
 * by uploaded evidence (a document with who and when), or by either; and whether the decision needs it.
 * Data, next to the plans; simulator/certification/readiness.ts applies it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CONDITIONS = require('../pilot/pilot-conditions.json') as { id: string; article: string; condition_vi: string; check_kind: 'automated' | 'evidence' | 'manual'; how_to_check: string }[];

export type EvidenceSource = 'run' | 'document';

export interface ReadinessConditionPolicy {
  id: string;
  article: string;
  condition_vi: string;
  check_kind: 'automated' | 'evidence' | 'manual';
  /** what may evidence it, in order of preference */
  sources: readonly EvidenceSource[];
  /** false: shown with its state, but the decision does not wait for it */
  required: boolean;
  /** what a facility uploads for it (Vietnamese), when a document may evidence it */
  document_vi?: string;
  /** why it is not required / why both sources, when not obvious (English) */
  note?: string;
  /** the same note in Vietnamese, shown on the Vietnamese pages */
  note_vi?: string;
}

export const READINESS_POLICY_VERSION = '1.0.0';

const SPEC: Record<string, Pick<ReadinessConditionPolicy, 'sources' | 'required' | 'document_vi' | 'note' | 'note_vi'>> = {
  C1: { sources: ['run'], required: true },
  C2: { sources: ['run'], required: true },
  C3: { sources: ['run'], required: true },
  C4: { sources: ['document'], required: true, document_vi: 'Tài khoản Cổng tiếp nhận (người dùng, vai trò), mã liên thông, một lượt gửi thử được tiếp nhận (maGiaoDich, thoiGianTiepNhan)' },
  C5: {
    sources: ['run', 'document'],
    required: true,
    document_vi: 'Hồ sơ đề xuất cấp độ an toàn hệ thống thông tin (≥ cấp độ 2 cho HIS/EMR), sơ đồ mạng / tường lửa',
    note: 'The lab cannot scan a HIS configuration: unless a plan evidences it, a document does.',
    note_vi: 'Phòng lab không quét được cấu hình HIS: nếu kế hoạch chứng nhận không chứng minh được điều kiện này thì cơ sở tải lên tài liệu.',
  },
  C6: { sources: ['document'], required: true, document_vi: 'Quy chế sử dụng và quy trình triển khai Sổ SKĐT được thủ trưởng phê duyệt (số, ngày), phân công cán bộ chuyên môn và CNTT' },
  C7: { sources: ['run'], required: true },
  C8: { sources: ['run'], required: true },
  C9: { sources: ['document'], required: false, document_vi: 'Ảnh chụp có thời gian hiển thị lượt KCB trên VNeID (mẫu có đồng ý)', note: "BHXH's duty (extraction to VNeID within 24 h), not the facility's: shown, not required.", note_vi: 'Là trách nhiệm của BHXH (trích xuất lên VNeID trong 24 giờ), không phải của cơ sở: chỉ hiển thị, không bắt buộc.' },
  C10: { sources: ['run'], required: true },
  C11: { sources: ['document'], required: true, document_vi: 'Biên bản rà soát phân quyền (chỉ nhóm điều trị được đọc Sổ SKĐT, mọi lượt đọc được ghi nhật ký)' },
  C12: {
    sources: ['run', 'document'],
    required: true,
    document_vi: 'Báo cáo 6 tháng (sskdt-lab report six-monthly) và xác nhận đã gửi trên trang báo cáo của Cục QLKCB',
    note: 'A plan evidences the 6 × 2 matrix when it covers it; otherwise the six-monthly report and proof of sending it.',
    note_vi: 'Lượt chứng nhận chứng minh ma trận 6 × 2 khi kế hoạch bao gồm nó; nếu không, cần báo cáo 6 tháng và bằng chứng đã gửi.',
  },
  C13: { sources: ['run'], required: false, note: 'pilot-conditions.json: "flag the outcome, but do not fail on it, until the conflict is resolved" (XML8 for uninsured visits).', note_vi: 'Chỉ nêu kết quả, không đánh trượt, cho đến khi mâu thuẫn giữa các văn bản được giải quyết (XML8 cho lượt khám không dùng thẻ BHYT).' },
};

export const READINESS_POLICY: readonly ReadinessConditionPolicy[] = CONDITIONS.map((c) => {
  const spec = SPEC[c.id];
  if (!spec) throw new Error(`readiness policy: no entry for pilot condition ${c.id}`);
  return { id: c.id, article: c.article, condition_vi: c.condition_vi, check_kind: c.check_kind, ...spec };
});
