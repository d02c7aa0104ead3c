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

/**
 * What to do about each envelope verdict, appended to its message (messages end with what to write). Keyed by
 * rule id; structure verdicts of the tables by their last part (UNKNOWN_ELEMENT, DUPLICATE_ELEMENT, LIST_MISSING).
 */
export const ENVELOPE_ADVICE: Record<string, { vi: string; en: string }> = {
  'ENVELOPE.SIZE': { vi: 'hãy tách thành nhiều gói nhỏ hơn giới hạn', en: 'split it into packages under the limit' },
  'ENVELOPE.EMPTY': { vi: 'hãy gửi nội dung gói hồ sơ GIAMDINHHS (hoặc bản tin check-in)', en: 'send the GIAMDINHHS package (or the check-in message) as the body' },
  'ENVELOPE.ENCODING': { vi: 'hãy lưu và gửi tài liệu bằng mã hóa UTF-8', en: 'save and send the document encoded as UTF-8' },
  'ENVELOPE.FILE_TYPE': { vi: 'hãy gửi tệp XML xuất từ HIS, không gửi bản in hay tệp nén', en: 'send the XML exported by the HIS, not a printout or an archive' },
  'ENVELOPE.XML': { vi: 'hãy sửa cú pháp XML tại vị trí được chỉ ra (thẻ mở, thẻ đóng, ký tự đặc biệt)', en: 'fix the XML syntax at the position shown (start/end tags, special characters)' },
  'ENVELOPE.ROOT': { vi: 'hãy dùng đúng phần tử gốc của gói hồ sơ', en: 'use the root element of the package' },
  'ENVELOPE.STRUCTURE': { vi: 'hãy ghi đủ các phần tử của gói theo CV 1245 (THONGTINDONVI, THONGTINHOSO, DANHSACHHOSO, HOSO, FILEHOSO)', en: 'write every element of the package as CV 1245 lays out (THONGTINDONVI, THONGTINHOSO, DANHSACHHOSO, HOSO, FILEHOSO)' },
  'ENVELOPE.SOLUONGHOSO': { vi: 'hãy ghi SOLUONGHOSO bằng số HOSO trong gói', en: 'write SOLUONGHOSO as the number of HOSO in the package' },
  'ENVELOPE.LOAIHOSO': { vi: 'hãy ghi LOAIHOSO là tên bảng XML1 đến XML15', en: 'write LOAIHOSO as a table name from XML1 to XML15' },
  'ENVELOPE.LOAIHOSO_XML12': { vi: 'hãy gửi XML12 qua API guiDuLieuGdykQd130 và bỏ khỏi gói', en: 'send XML12 through guiDuLieuGdykQd130 and remove it from the package' },
  'ENVELOPE.BASE64': { vi: 'hãy ghi NOIDUNGFILE là nội dung bảng mã hóa base64 đầy đủ, không ký tự lạ', en: 'write NOIDUNGFILE as the complete base64 of the table, with no other characters' },
  'ENVELOPE.TABLE_ROOT': { vi: 'hãy dùng đúng phần tử gốc của bảng theo bảng chỉ tiêu', en: 'use the root element the catalogue gives for the table' },
  'ENVELOPE.LAYOUT_MISMATCH': { vi: 'hãy gửi tới endpoint đúng với cấu trúc XML13 (guiHoSoXmlQD3176 cho QĐ 3176)', en: 'send to the endpoint matching the XML13 structure (guiHoSoXmlQD3176 for QĐ 3176)' },
  'ENVELOPE.MACSKCB': { vi: 'hãy ghi MACSKCB là mã cơ sở KBCB 5 ký tự', en: 'write MACSKCB as the 5-character facility code' },
  'ENVELOPE.NGAYLAP': { vi: 'hãy ghi NGAYLAP là ngày lập gói dạng yyyymmdd', en: 'write NGAYLAP as the package date yyyymmdd' },
  UNKNOWN_ELEMENT: { vi: 'hãy bỏ các phần tử này hoặc ghi đúng cấu trúc của bảng', en: 'remove them or follow the structure of the table' },
  DUPLICATE_ELEMENT: { vi: 'hãy ghi phần tử danh sách một lần', en: 'write the list element once' },
  LIST_MISSING: { vi: 'hãy đặt các dòng của bảng trong phần tử danh sách này', en: 'put the rows of the table inside this list element' },
};

/** A message followed by the advice of its rule id (unchanged when there is none or it is already there). */
export function withAdvice(ruleId: string, vi: string, en: string): { vi: string; en: string } {
  const a = ENVELOPE_ADVICE[ruleId] ?? (ruleId.includes('.STRUCTURE.') ? ENVELOPE_ADVICE[ruleId.slice(ruleId.lastIndexOf('.') + 1)] : undefined);
  if (!a || vi.endsWith(a.vi)) return { vi, en };
  return { vi: `${vi}; ${a.vi}`, en: `${en}; ${a.en}` };
}
