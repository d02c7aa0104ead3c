/**
 * Result codes of `api/egw/KQNhanLichSuKCB2024` (card lookup), docs/portal-api.md §4.
 * The code list is [C]; the Vietnamese messages are OUR PARAPHRASE of the usual wording (the official
 * table was not available verbatim), and for 054/055 the meaning itself is unconfirmed.
 */
export const CARD_RESULT_MESSAGES: Record<string, string> = {
  '000': 'Thông tin thẻ chính xác',
  '001': 'Thẻ do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ và giấy tờ tùy thân',
  '002': 'Thẻ do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ và giấy tờ tùy thân',
  '003': 'Thẻ cũ hết giá trị sử dụng nhưng đã được cấp thẻ mới',
  '004': 'Thẻ cũ còn giá trị sử dụng nhưng đã được cấp thẻ mới',
  '010': 'Thẻ hết giá trị sử dụng',
  '050': 'Không tìm thấy thông tin thẻ BHYT',
  '051': 'Mã thẻ không đúng',
  '052': 'Mã tỉnh cấp thẻ (ký tự thứ 4, 5 của mã thẻ) không đúng',
  '053': 'Mã quyền lợi (ký tự thứ 3 của mã thẻ) không đúng',
  '054': 'Thông tin thẻ cần đối chiếu lại (diễn giải chưa xác nhận)',
  '055': 'Thông tin thẻ cần đối chiếu lại với cơ quan BHXH (diễn giải chưa xác nhận)',
  '060': 'Thẻ sai họ tên',
  '061': 'Thẻ sai họ tên (đúng ký tự đầu)',
  '070': 'Thẻ sai ngày sinh',
  '100': 'Lỗi khi lấy dữ liệu sổ thẻ',
  '101': 'Lỗi máy chủ khi tra cứu',
  '110': 'Thẻ đã bị thu hồi',
  '120': 'Thẻ đã báo giảm',
  '121': 'Thẻ đã báo giảm: giảm chuyển ngoại tỉnh',
  '122': 'Thẻ đã báo giảm: giảm chuyển nội tỉnh',
  '123': 'Thẻ đã báo giảm: thu hồi do tăng lại cùng đơn vị',
  '124': 'Thẻ đã báo giảm: ngừng tham gia',
  '130': 'Trẻ em không xuất trình thẻ',
  '205': 'Lỗi sai định dạng tham số',
  '401': 'Lỗi xác thực tài khoản',
  '500': 'Lỗi không xác định',
};

export const CARD_RESULT_CODES = Object.keys(CARD_RESULT_MESSAGES);
