/**
 * Names a file that is plainly not XML by its first bytes (magic numbers), so a vendor who sent a PDF, a ZIP
 * or a scanned image reads "this is a PDF document" instead of "not valid UTF-8 at byte 10".
 */

export interface SniffedType {
  /** short English name, e.g. 'PDF document' */
  en: string;
  /** Vietnamese name, e.g. 'tài liệu PDF' */
  vi: string;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
// signatures spelled in ASCII, built once (sniffFileType runs on every document)
const PDF = ascii('%PDF-');
const RAR = ascii('Rar!\x1a\x07');
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const BM = ascii('BM');

/** The Office Open XML part names that tell a .docx / .xlsx / .pptx apart from a plain ZIP. */
function officeKind(b: Uint8Array): SniffedType | undefined {
  const head = Buffer.from(b.subarray(0, Math.min(b.length, 4096))).toString('latin1');
  if (head.includes('word/')) return { en: 'Word document (.docx, a ZIP archive)', vi: 'tài liệu Word (.docx, tệp nén ZIP)' };
  if (head.includes('xl/')) return { en: 'Excel workbook (.xlsx, a ZIP archive)', vi: 'bảng tính Excel (.xlsx, tệp nén ZIP)' };
  if (head.includes('ppt/')) return { en: 'PowerPoint presentation (.pptx, a ZIP archive)', vi: 'bản trình chiếu PowerPoint (.pptx, tệp nén ZIP)' };
  if (head.includes('[Content_Types].xml')) return { en: 'Office document (a ZIP archive)', vi: 'tài liệu Office (tệp nén ZIP)' };
  return undefined;
}

/** The type of a file that is certainly not an XML document, or undefined (maybe XML: let the parser say). */
export function sniffFileType(b: Uint8Array): SniffedType | undefined {
  // An XML document usually starts with '<', which starts none of the signatures below: nothing to compare.
  if (b[0] === 0x3c) return undefined;
  if (startsWith(b, PDF)) return { en: 'PDF document', vi: 'tài liệu PDF' };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return officeKind(b) ?? { en: 'ZIP archive', vi: 'tệp nén ZIP' };
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { en: 'legacy Office document (.doc/.xls)', vi: 'tài liệu Office cũ (.doc/.xls)' };
  if (startsWith(b, [0x1f, 0x8b])) return { en: 'gzip archive', vi: 'tệp nén gzip' };
  if (startsWith(b, RAR)) return { en: 'RAR archive', vi: 'tệp nén RAR' };
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { en: '7-Zip archive', vi: 'tệp nén 7-Zip' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { en: 'PNG image', vi: 'ảnh PNG' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { en: 'JPEG image', vi: 'ảnh JPEG' };
  if (startsWith(b, GIF87) || startsWith(b, GIF89)) return { en: 'GIF image', vi: 'ảnh GIF' };
  if (startsWith(b, RIFF) && startsWith(b, WEBP, 8)) return { en: 'WebP image', vi: 'ảnh WebP' };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return { en: 'TIFF image', vi: 'ảnh TIFF' };
  if (startsWith(b, BM) && b.length >= 14 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0) return { en: 'BMP image', vi: 'ảnh BMP' };
  return undefined;
}
