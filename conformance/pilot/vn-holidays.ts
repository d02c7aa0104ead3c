/**
 * Default Vietnamese public-holiday calendar for 2024–2026 (EDITABLE DATA).
 *
 * Basis: Bộ luật Lao động 2019 (Luật số 45/2019/QH14) Điều 112 — Tết Dương lịch (1/1), Tết Âm lịch (5 days),
 * Giỗ Tổ Hùng Vương (10/3 âm lịch), 30/4, 1/5, Quốc khánh (2/9 + one adjacent day); when a holiday falls on a
 * weekly rest day the worker gets a compensatory day (Điều 111 k3). The exact days off, the swapped days
 * and the make-up Saturdays are set every year by the public-sector notices of the Ministry (Bộ LĐ-TB&XH,
 * from 2025 Bộ Nội vụ) for civil servants, which health facilities follow. Lunar New Year moves every year.
 *
 * Confidence: 'official' = the schedule as announced for civil servants (from the annual notices; the 2026
 * Tết 14–22/02 and the Giỗ Tổ compensatory day 27/04 were checked against press reports of the announced
 * schedule — congan.com.vn, thanhnien.vn 23/02/2026 — and the 2024 swap 29/04 ↔ 04/05 against CV 2450/VPCP-KGVX
 * as reported; the 2025 swaps are recalled from the notices, not re-read); 'expected' = derived from the Labour Code rules
 * without a notice seen (the extra Quốc khánh day of 2026). Check the
 * year's notice and pass your own list through CheckOptions.holidays (yyyymmdd) when it differs: the list
 * given there replaces this default entirely.
 */

export interface HolidayEntry {
  /** yyyymmdd */
  date: string;
  name_vi: string;
  kind: 'holiday' | 'compensatory' | 'swapped';
  confidence: 'official' | 'expected';
}

export interface MakeUpDay {
  /** yyyymmdd: a Saturday worked to make up a swapped day off */
  date: string;
  note_vi: string;
  confidence: 'official' | 'expected';
}

export const HOLIDAY_SOURCE =
  'Bộ luật Lao động 2019 Điều 111–112; thông báo lịch nghỉ lễ, Tết hằng năm cho cán bộ, công chức, viên chức (Bộ LĐ-TB&XH, từ 2025 Bộ Nội vụ). Danh sách có thể sửa: truyền CheckOptions.holidays để thay thế.';

export const VN_HOLIDAYS_2024_2026: readonly HolidayEntry[] = [
  // 2024 — Tết Giáp Thìn: mùng 1 = 10/02/2024
  { date: '20240101', name_vi: 'Tết Dương lịch', kind: 'holiday', confidence: 'official' },
  { date: '20240208', name_vi: 'Tết Âm lịch (29 tháng Chạp)', kind: 'holiday', confidence: 'official' },
  { date: '20240209', name_vi: 'Tết Âm lịch (30 tháng Chạp)', kind: 'holiday', confidence: 'official' },
  { date: '20240212', name_vi: 'Tết Âm lịch (nghỉ bù)', kind: 'compensatory', confidence: 'official' },
  { date: '20240213', name_vi: 'Tết Âm lịch (nghỉ bù)', kind: 'compensatory', confidence: 'official' },
  { date: '20240214', name_vi: 'Tết Âm lịch (nghỉ bù)', kind: 'compensatory', confidence: 'official' },
  { date: '20240418', name_vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday', confidence: 'official' },
  { date: '20240429', name_vi: 'Hoán đổi (làm bù thứ Bảy 04/05/2024)', kind: 'swapped', confidence: 'official' },
  { date: '20240430', name_vi: 'Ngày Chiến thắng', kind: 'holiday', confidence: 'official' },
  { date: '20240501', name_vi: 'Quốc tế Lao động', kind: 'holiday', confidence: 'official' },
  { date: '20240902', name_vi: 'Quốc khánh', kind: 'holiday', confidence: 'official' },
  { date: '20240903', name_vi: 'Quốc khánh (ngày liền kề)', kind: 'holiday', confidence: 'official' },
  // 2025 — Tết Ất Tỵ: mùng 1 = 29/01/2025
  { date: '20250101', name_vi: 'Tết Dương lịch', kind: 'holiday', confidence: 'official' },
  { date: '20250127', name_vi: 'Hoán đổi (làm bù thứ Bảy 15/02/2025)', kind: 'swapped', confidence: 'official' },
  { date: '20250128', name_vi: 'Tết Âm lịch (30 tháng Chạp)', kind: 'holiday', confidence: 'official' },
  { date: '20250129', name_vi: 'Tết Âm lịch (mùng 1)', kind: 'holiday', confidence: 'official' },
  { date: '20250130', name_vi: 'Tết Âm lịch (mùng 2)', kind: 'holiday', confidence: 'official' },
  { date: '20250131', name_vi: 'Tết Âm lịch (mùng 3)', kind: 'holiday', confidence: 'official' },
  { date: '20250407', name_vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday', confidence: 'official' },
  { date: '20250430', name_vi: 'Ngày Chiến thắng', kind: 'holiday', confidence: 'official' },
  { date: '20250501', name_vi: 'Quốc tế Lao động', kind: 'holiday', confidence: 'official' },
  { date: '20250502', name_vi: 'Hoán đổi (làm bù thứ Bảy 26/04/2025)', kind: 'swapped', confidence: 'official' },
  { date: '20250901', name_vi: 'Quốc khánh (ngày liền kề)', kind: 'holiday', confidence: 'official' },
  { date: '20250902', name_vi: 'Quốc khánh', kind: 'holiday', confidence: 'official' },
  // 2026 — Tết Bính Ngọ: mùng 1 = 17/02/2026
  { date: '20260101', name_vi: 'Tết Dương lịch', kind: 'holiday', confidence: 'official' },
  { date: '20260216', name_vi: 'Tết Âm lịch (29 tháng Chạp)', kind: 'holiday', confidence: 'official' },
  { date: '20260217', name_vi: 'Tết Âm lịch (mùng 1)', kind: 'holiday', confidence: 'official' },
  { date: '20260218', name_vi: 'Tết Âm lịch (mùng 2)', kind: 'holiday', confidence: 'official' },
  { date: '20260219', name_vi: 'Tết Âm lịch (mùng 3)', kind: 'holiday', confidence: 'official' },
  { date: '20260220', name_vi: 'Tết Âm lịch (mùng 4, nghỉ bù)', kind: 'compensatory', confidence: 'official' },
  { date: '20260427', name_vi: 'Giỗ Tổ Hùng Vương (26/04 là Chủ nhật, nghỉ bù)', kind: 'compensatory', confidence: 'official' },
  { date: '20260430', name_vi: 'Ngày Chiến thắng', kind: 'holiday', confidence: 'official' },
  { date: '20260501', name_vi: 'Quốc tế Lao động', kind: 'holiday', confidence: 'official' },
  { date: '20260901', name_vi: 'Quốc khánh (ngày liền kề — 01/09 hay 03/09 theo thông báo năm)', kind: 'holiday', confidence: 'expected' },
  { date: '20260902', name_vi: 'Quốc khánh', kind: 'holiday', confidence: 'official' },
];

export const VN_MAKE_UP_SATURDAYS_2024_2026: readonly MakeUpDay[] = [
  { date: '20240504', note_vi: 'Làm bù cho thứ Hai 29/04/2024', confidence: 'official' },
  { date: '20250215', note_vi: 'Làm bù cho thứ Hai 27/01/2025', confidence: 'official' },
  { date: '20250426', note_vi: 'Làm bù cho thứ Sáu 02/05/2025', confidence: 'official' },
];
