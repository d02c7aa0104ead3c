/**
 * Metadata of the envelope-level verdicts (EnvelopeError codes and decode notices), so every ruleId a Result
 * can carry has a citation and messages in ruleMeta().
 */
import type { RuleMeta } from '../rules/contract.ts';
import type { Citation } from '../result.ts';

const GUIDE: Citation = { decision: 'CV 1245/BHXH-CNTT (hướng dẫn gửi dữ liệu theo QĐ 4750/QĐ-BYT)', clause: 'Mục 3.4: cấu trúc gói hồ sơ GIAMDINHHS', source: 'conformance/catalogue/spec-notes.md §3' };
const XML_RULES: Citation = { decision: 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT', clause: 'Quy định chung: dữ liệu định dạng XML, mã hóa UTF-8', source: 'conformance/catalogue/SOURCE-README.md' };
const LAB: Citation = { decision: 'Quy định của phòng thử nghiệm (bảo vệ hệ thống, không phải quy định pháp lý)', clause: 'Giới hạn kích thước/độ sâu tài liệu không tin cậy', source: 'docs/engine.md' };

function meta(id: string, citation: Citation, vi: string, en: string, severity: RuleMeta['severity'] = 'error', confidence: RuleMeta['confidence'] = 'high', since = '4750'): RuleMeta {
  return { id, severity, tables: ['ENVELOPE'], fields: [], citation, messages: { vi: `${vi}: {detail_vi}`, en: `${en}: {detail_en}` }, since, confidence, description_en: en };
}

export const ENVELOPE_RULES: RuleMeta[] = [
  meta('ENVELOPE.SIZE', LAB, 'Tài liệu quá lớn', 'Document over the size limit'),
  meta('ENVELOPE.EMPTY', GUIDE, 'Tài liệu rỗng', 'Empty document'),
  meta('ENVELOPE.ENCODING', XML_RULES, 'Không phải UTF-8 hợp lệ', 'Not valid UTF-8'),
  meta('ENVELOPE.FILE_TYPE', XML_RULES, 'Không phải tài liệu XML', 'Not an XML document (a PDF, ZIP, Office file or image)'),
  meta('ENVELOPE.XML', XML_RULES, 'XML không hợp lệ', 'XML not well-formed (or DTD/entities, depth limit, tag-count limit)'),
  meta('ENVELOPE.ROOT', GUIDE, 'Sai phần tử gốc', 'Wrong root element'),
  meta('ENVELOPE.STRUCTURE', GUIDE, 'Sai cấu trúc gói hồ sơ', 'Envelope structure (THONGTINDONVI, THONGTINHOSO, FILEHOSO)'),
  meta('ENVELOPE.SOLUONGHOSO', GUIDE, 'SOLUONGHOSO không khớp số HOSO', 'SOLUONGHOSO differs from the number of HOSO'),
  meta('ENVELOPE.LOAIHOSO', GUIDE, 'LOAIHOSO không hợp lệ', 'Unknown LOAIHOSO'),
  meta(
    'ENVELOPE.LOAIHOSO_XML12',
    { decision: 'CV 3190/BHXH-CNTT; QĐ 4750/QĐ-BYT ghi chú Bảng 12', clause: 'XML12 gửi qua API riêng guiDuLieuGdykQd130 / nhập trên Cổng', source: 'conformance/catalogue/SOURCE-README.md' },
    'XML12 trong gói của HIS',
    'XML12 inside a HIS package',
    'warning',
  ),
  meta('ENVELOPE.BASE64', GUIDE, 'NOIDUNGFILE không phải base64 hợp lệ', 'NOIDUNGFILE not valid base64'),
  meta('ENVELOPE.TABLE_ROOT', { decision: 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT', clause: 'Phần tử gốc của từng bảng (CV 1245)', source: 'conformance/catalogue/xml-fields.json (root)' }, 'Sai phần tử gốc của bảng', 'Wrong root element of a table'),
  meta(
    'ENVELOPE.LAYOUT_MISMATCH',
    { decision: 'QĐ 3176/QĐ-BYT (XML13) so với QĐ 4750/QĐ-BYT', clause: 'Bảng 13: MA_NOI_DI/MA_NOI_DEN → MA_CSKCB_DI/MA_CSKCB_DEN, TINH_TRANG_CT', source: 'conformance/catalogue/spec-notes.md' },
    'Cấu trúc XML13 khác endpoint',
    'XML13 structure differs from the endpoint',
    'warning',
    'medium',
    '3176',
  ),
  meta(
    'ENVELOPE.LAYOUT_GUESSED',
    { decision: 'QĐ 3176/QĐ-BYT (hiệu lực 01/01/2025) so với QĐ 4750/QĐ-BYT', clause: 'Bố cục dữ liệu theo văn bản có hiệu lực tại ngày của lượt khám; endpoint quyết định khi gửi qua cổng', source: 'docs/engine.md' },
    'Bố cục được đoán, không có căn cứ',
    'Layout guessed without evidence',
    'warning',
    'medium',
    '3176',
  ),
  meta('ENVELOPE.MACSKCB', GUIDE, 'MACSKCB không hợp lệ', 'Invalid MACSKCB'),
  meta('ENVELOPE.NGAYLAP', GUIDE, 'NGAYLAP không hợp lệ', 'Invalid NGAYLAP'),
  meta('ENGINE.INTERNAL', { decision: LAB.decision, clause: 'Lỗi nội bộ của bộ kiểm tra không bao giờ được tính là đạt', source: 'docs/engine.md' }, 'Lỗi nội bộ của bộ kiểm tra', 'Internal error of the checker', 'error', 'high', '130'),
];

/** `XMLn.STRUCTURE.LIST_MISSING` metas (table documents without their list element). */
export function listMissingMeta(table: string): RuleMeta {
  return {
    id: `${table}.STRUCTURE.LIST_MISSING`,
    severity: 'error',
    tables: [table],
    fields: [],
    citation: { decision: 'QĐ 130/QĐ-BYT sửa đổi bởi QĐ 4750/QĐ-BYT', clause: `Bảng ${table.slice(3)}: phần tử danh sách (CV 1245)`, source: 'conformance/catalogue/xml-fields.json (list_element)' },
    messages: { vi: '{detail_vi}', en: '{detail_en}' },
    since: '130',
    confidence: 'high',
    description_en: `${table}: the list element holding the rows is missing`,
  };
}

export const ENVELOPE_META = new Map(ENVELOPE_RULES.map((m) => [m.id, m]));
