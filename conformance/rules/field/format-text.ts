/**
 * What a catalogue format asks for, in words a hospital IT officer reads (Vietnamese and English): messages
 * never show a regular expression. Known patterns are described one by one; small enumerations written as
 * `^(1|2|3)$` list their values; anything else falls back to the field's validation note.
 */
import type { FieldSpec } from '../../catalogue/catalogue.ts';

type Text = { vi: string; en: string };

const KNOWN: Record<string, Text> = {
  '^\\d+$': { vi: 'chỉ gồm chữ số', en: 'digits only' },
  '^\\d{12}$': { vi: 'gồm 12 chữ số dạng yyyymmddHHMM (năm, tháng, ngày, giờ, phút)', en: '12 digits yyyymmddHHMM' },
  '^\\d{8}$': { vi: 'gồm 8 chữ số dạng yyyymmdd (năm, tháng, ngày)', en: '8 digits yyyymmdd' },
  '^\\d{8}(;\\d{8})*$': { vi: 'một hoặc nhiều ngày dạng yyyymmdd (8 chữ số), cách nhau dấu chấm phẩy', en: 'one or more dates yyyymmdd separated by ";"' },
  '^(\\d{8}|\\d{12})$': { vi: 'ngày dạng yyyymmdd (8 chữ số) hoặc ngày giờ dạng yyyymmddHHMM (12 chữ số)', en: 'a date yyyymmdd (8 digits) or date-time yyyymmddHHMM (12 digits)' },
  '^(\\d{9}|\\d{12}|[A-Z]\\d{7})$': {
    vi: 'phải gồm 12 chữ số (số định danh cá nhân), hoặc 9 chữ số (CMND cũ), hoặc số hộ chiếu (một chữ in hoa và 7 chữ số)',
    en: '12 digits (personal ID number), or 9 digits (old ID card), or a passport number (one capital letter and 7 digits)',
  },
  '^[A-Z]{2}\\d{13}$': { vi: 'mã thẻ BHYT gồm 2 chữ in hoa và 13 chữ số (15 ký tự)', en: 'a health-insurance card number: 2 capital letters and 13 digits' },
  '^[A-Z]{2}\\d{13}(;[A-Z]{2}\\d{13})*$': { vi: 'một hoặc nhiều mã thẻ BHYT (2 chữ in hoa và 13 chữ số), cách nhau dấu chấm phẩy', en: 'one or more card numbers (2 capital letters and 13 digits) separated by ";"' },
  '^[0-9A-Z]{5}$': { vi: 'mã cơ sở KBCB gồm 5 ký tự (chữ số hoặc chữ in hoa)', en: 'a 5-character facility code (digits or capital letters)' },
  '^[0-9A-Z]{5}(;[0-9A-Z]{5})*$': { vi: 'một hoặc nhiều mã cơ sở KBCB 5 ký tự, cách nhau dấu chấm phẩy', en: 'one or more 5-character facility codes separated by ";"' },
  '^\\d+(\\.\\d{1,2})?$': { vi: "số tiền không âm, dấu '.' ngăn cách phần thập phân, tối đa 2 chữ số thập phân (ví dụ 130081.50)", en: "a non-negative amount with '.' as decimal separator and at most 2 decimals (e.g. 130081.50)" },
  '^\\d+(\\.\\d{1,3})?$': { vi: "số không âm, dấu '.' ngăn cách phần thập phân, tối đa 3 chữ số thập phân (ví dụ 2.5)", en: "a non-negative number with '.' as decimal separator and at most 3 decimals (e.g. 2.5)" },
  '^\\d+(\\.\\d+)?$': { vi: "số không âm, dấu '.' ngăn cách phần thập phân (ví dụ 80)", en: "a non-negative number with '.' as decimal separator (e.g. 80)" },
  '^\\d+(\\.\\d+)?(;\\d+(\\.\\d+)?)*$': { vi: "một hoặc nhiều số (dấu '.' ngăn cách phần thập phân), cách nhau dấu chấm phẩy", en: "one or more numbers ('.' as decimal separator) separated by \";\"" },
  '^\\d{1,2}$': { vi: 'gồm 1 hoặc 2 chữ số', en: '1 or 2 digits' },
  '^\\d{1,3}$': { vi: 'gồm 1 đến 3 chữ số', en: '1 to 3 digits' },
  '^\\d{1,5}$': { vi: 'gồm 1 đến 5 chữ số', en: '1 to 5 digits' },
  '^\\d{1,2}(\\.\\d{1,2})?$': { vi: 'mã đối tượng dạng số, có thể kèm mã chi tiết sau dấu chấm (ví dụ 1, 3.3, 1.12)', en: 'a number, optionally with a sub-code after a dot (e.g. 1, 3.3, 1.12)' },
  '^\\d{2}$': { vi: 'gồm đúng 2 chữ số', en: 'exactly 2 digits' },
  '^\\d{3}$': { vi: 'gồm đúng 3 chữ số', en: 'exactly 3 digits' },
  '^\\d{4}$': { vi: 'gồm đúng 4 chữ số (năm)', en: 'exactly 4 digits (a year)' },
  '^\\d{5}$': { vi: 'gồm đúng 5 chữ số', en: 'exactly 5 digits' },
  '^\\d{10}$': { vi: 'gồm đúng 10 chữ số', en: 'exactly 10 digits' },
  '^(?!0{10})\\d{10}$': { vi: 'mã số BHXH gồm đúng 10 chữ số, không phải toàn chữ số 0', en: 'a 10-digit social-insurance number, not all zeros' },
  '^(0?[1-9]|1[0-2])$': { vi: 'tháng từ 1 đến 12', en: 'a month from 1 to 12' },
  '^([1-9]|[1-3]\\d|4[0-2])$': { vi: 'số tuần tuổi thai từ 1 đến 42', en: 'weeks of pregnancy from 1 to 42' },
  '^K[123]$': { vi: 'một trong K1, K2, K3', en: 'one of K1, K2, K3' },
  '^CT07$': { vi: 'mẫu số CT07', en: 'the form number CT07' },
  '^G([1-9]\\d{0,2})$': { vi: 'chữ G kèm số gói từ 1 đến 999 (ví dụ G1)', en: 'G followed by a package number from 1 to 999 (e.g. G1)' },
  '^[HTCK]\\d{3}(;[HTCK]\\d{3})*$': { vi: 'mã giường gồm một chữ H, T, C hoặc K và 3 chữ số (ví dụ H001), nhiều giường cách nhau dấu chấm phẩy', en: 'a bed code: H, T, C or K and 3 digits (e.g. H001), several separated by ";"' },
  '^[1-8](;[1-8])*$': { vi: 'một hoặc nhiều mã từ 1 đến 8, cách nhau dấu chấm phẩy', en: 'one or more codes from 1 to 8 separated by ";"' },
  '^[1-9](;[1-9])*$': { vi: 'một hoặc nhiều mã từ 1 đến 9, cách nhau dấu chấm phẩy', en: 'one or more codes from 1 to 9 separated by ";"' },
};

const ENUM = /^\^\(?((?:\d+\|)*\d+)\)?\$$/;

/** The format of a field in words. */
export function describeFormat(f: Pick<FieldSpec, 'formatSource' | 'validation_note_vi'>): Text {
  const src = f.formatSource;
  if (!src) return { vi: 'đúng định dạng của chỉ tiêu', en: 'the format of the field' };
  const known = KNOWN[src];
  if (known) return known;
  const m = ENUM.exec(src);
  if (m) {
    const values = m[1].split('|');
    return values.length === 1 ? { vi: `giá trị ${values[0]}`, en: `the value ${values[0]}` } : { vi: `một trong các giá trị ${values.join(', ')}`, en: `one of ${values.join(', ')}` };
  }
  return { vi: f.validation_note_vi ?? 'đúng định dạng của chỉ tiêu', en: 'the format described for the field' };
}

/** True when every catalogue format (and 3176 overlay format) has a description of its own (tested). */
export function hasDescription(src: string): boolean {
  return KNOWN[src] !== undefined || ENUM.test(src);
}
