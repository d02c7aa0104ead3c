/**
 * zod schemas of the portal's requests and answers: documentation of the wire shapes (casing as the real
 * portal: camelCase for qd130/egw, PascalCase for guiGiayToDienTu, `APIKey` with upper-case API) and the
 * source of the OpenAPI document at /doc (./openapi.ts).
 */
import { z } from 'zod';
import { LAB_ROUTES } from './routes/lab-docs.ts';

const str = (d: string) => z.string().describe(d);

export const TokenRequest = z.object({
  username: str('Tài khoản, quy ước <MA_CSKCB>_BV'),
  password: str('MD5 hex của mật khẩu (chữ hoa theo hướng dẫn; chữ thường được chấp nhận trừ khi bật SSKDT_MD5_STRICT_CASE)'),
});

export const TokenResponse = z.object({
  maKetQua: z.enum(['200', '401', '402', '403', '500']).describe('200 thành công, 401 tài khoản không tồn tại / sai mật khẩu, 402 mã CSKCB không đúng, 403 tài khoản bị khóa, 500 lỗi hệ thống'),
  APIKey: z
    .object({
      access_token: z.string(),
      id_token: z.string(),
      token_type: z.string(),
      username: z.string(),
      expires_in: str('Thời điểm hết hạn (UTC, ISO 8601 theo mặc định; xem SSKDT_EXPIRES_IN_FORMAT)'),
    })
    .optional()
    .describe('Chỉ có khi maKetQua = 200'),
});

export const SubmitHeaders = z.object({
  accessToken: str('APIKey.access_token'),
  tokenId: str('APIKey.id_token'),
  passwordHash: str('MD5 của mật khẩu (như khi lấy token)'),
});

export const SubmitRequest = z.object({
  username: z.string(),
  loaiHoSo: str('check-in: "0"; gửi hồ sơ: mặc định "130" (không kiểm tra)'),
  maTinh: str('2 chữ số mã tỉnh của cơ sở'),
  maCSKCB: str('Mã cơ sở KCB (5 ký tự) — phải là cơ sở của tài khoản'),
  fileHSBase64: str('base64 của toàn bộ tệp XML: GIAMDINHHS (gửi hồ sơ) hoặc CHI_TIEU_TRANG_THAI_KCB (check-in)'),
});

export const SubmitResponse = z.object({
  maKetQua: z.enum(['200', '205', '401', '403', '500', '1001']).describe('200 tiếp nhận, 205 sai định dạng, 401 xác thực (khi SSKDT_AUTH_FAILURE=json401), 403 maCSKCB không thuộc tài khoản, 500 lỗi hệ thống, 1001 file quá lớn'),
  maGiaoDich: str('Mã giao dịch (rỗng khi không có gì được lưu)'),
  thoiGianTiepNhan: str('yyyyMMddHHmmss, giờ Asia/Ho_Chi_Minh'),
  thongDiep: str('"Tiếp nhận thành công" khi thành công, nếu không là thông điệp lỗi'),
});

export const CardQuery = z.object({
  token: str('APIKey.access_token'),
  id_token: str('APIKey.id_token'),
  username: z.string(),
  password: str('MD5 của mật khẩu'),
});

export const CardRequest = z.object({
  maThe: str('Mã thẻ BHYT (15 ký tự) hoặc mã số BHXH (10 số)'),
  hoTen: z.string(),
  ngaySinh: str('dd/MM/yyyy hoặc yyyy'),
  hoTenCb: str('Họ tên cán bộ tra cứu'),
  cccdCb: str('Số CCCD cán bộ tra cứu (12 số)'),
});

const nullableStr = z.string().nullable();
export const CardResponse = z.object({
  maKetQua: str('000…130, 205, 401, 500 (xem docs/simulator.md)'),
  ghiChu: z.string(),
  maThe: nullableStr,
  hoTen: nullableStr,
  ngaySinh: nullableStr,
  gioiTinh: nullableStr,
  diaChi: nullableStr,
  maDKBD: nullableStr,
  cqBHXH: nullableStr,
  gtTheTu: nullableStr,
  gtTheDen: nullableStr,
  maKV: nullableStr,
  ngayDu5Nam: nullableStr,
  maSoBHXH: nullableStr,
  maTheCu: nullableStr,
  maTheMoi: nullableStr,
  gtTheTuMoi: nullableStr,
  gtTheDenMoi: nullableStr,
  maDKBDMoi: nullableStr,
  tenDKBDMoi: nullableStr,
  dsLichSuKCB2018: z.null().describe('null từ CV 2746/BHXH-CNTT (lịch sử chuyển sang Lskcb2025)'),
  dsLichSuKT2018: z.null(),
});

export const GiayToRequest = z.object({
  maCskcb: z.string(),
  token: str('APIKey.access_token'),
  id_token: str('APIKey.id_token'),
  username: z.string(),
  password: str('MD5 của mật khẩu'),
  loaiHs: z.enum(['60', '61']).describe('60 giấy báo tử (HSDLGBT), 61 giấy chứng sinh (HSDLGCS)'),
  fileBase64Str: str('base64 của tệp XML'),
});

export const GiayToResponse = z.object({
  MaKetQua: z.enum(['200', '205', '401', '500', '1001']),
  MaGD: str('Mã giao dịch'),
  ThoiGianTiepNhan: str('yyyyMMddHHmmss, giờ Asia/Ho_Chi_Minh'),
});

export const SimKetQuaResponse = z.object({
  simulatorOnly: z.literal(true),
  maGiaoDich: z.string(),
  endpoint: z.string(),
  username: z.string(),
  maCSKCB: z.string(),
  loaiHoSo: z.string(),
  maTinh: z.string(),
  receivedAt: z.string(),
  thoiGianTiepNhan: z.string(),
  answer: z.object({ maKetQua: z.string(), thongDiep: z.string() }),
  file: z.object({ bytes: z.number(), sha256: z.string(), base64: z.string().optional() }),
  envelope: z.unknown().describe('kết quả cổng kiểm tra phong bì (đồng bộ)'),
  check: z.object({ status: z.enum(['pending', 'done', 'rejected']), checkedAt: z.string().nullable(), result: z.unknown().nullable() }),
});

export const HealthResponse = z.object({ status: z.literal('ok'), schemaVersion: z.number(), submissions: z.number(), checkBacklog: z.number() });

/** The route table /doc is generated from. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  simulatorOnly?: boolean;
  headers?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodObject;
  /** the body may be form-urlencoded, JSON, or both */
  bodyEncodings?: ('form' | 'json')[];
  response: z.ZodType;
  responseType?: string;
  notes?: string;
}

const SUBMIT_NOTE = 'Sai/hết hạn token: HTTP 401 thân rỗng (mặc định) hoặc HTTP 200 {"maKetQua":"401"} khi SSKDT_AUTH_FAILURE=json401.';

export const ROUTES: RouteDoc[] = [
  { method: 'post', path: '/api/token/take', summary: 'Lấy token', body: TokenRequest, bodyEncodings: ['form', 'json'], response: TokenResponse },
  ...(['checkInKcbQd3176', 'checkInKcbQd4750'] as const).map((p) => ({
    method: 'post' as const,
    path: `/api/qd130/${p}`,
    summary: `Check-in (XML0, bảng chỉ tiêu trạng thái KCB) — ${p}`,
    headers: SubmitHeaders,
    body: SubmitRequest,
    bodyEncodings: ['form', 'json'] as ('form' | 'json')[],
    response: SubmitResponse,
    notes: SUBMIT_NOTE,
  })),
  ...(['guiHoSoXmlQD3176', 'guiHoSoXmlQD4750', 'guiHoSoXmlQD130'] as const).map((p) => ({
    method: 'post' as const,
    path: `/api/qd130/${p}`,
    summary: `Gửi hồ sơ XML (GIAMDINHHS) — ${p}`,
    headers: SubmitHeaders,
    body: SubmitRequest,
    bodyEncodings: ['form', 'json'] as ('form' | 'json')[],
    response: SubmitResponse,
    notes: SUBMIT_NOTE,
  })),
  { method: 'post', path: '/api/egw/KQNhanLichSuKCB2024', summary: 'Tra cứu thẻ BHYT và lịch sử KCB', query: CardQuery, body: CardRequest, bodyEncodings: ['json', 'form'], response: CardResponse },
  { method: 'post', path: '/api/hososuckhoe/guiGiayToDienTu', summary: 'Gửi giấy tờ điện tử (giấy báo tử / giấy chứng sinh)', body: GiayToRequest, bodyEncodings: ['form', 'json'], response: GiayToResponse },
  { method: 'get', path: '/api/sim/ketqua/{maGiaoDich}', summary: 'CHỈ CÓ Ở MÔ PHỎNG: những gì đã nhận và mọi kết quả kiểm tra (?file=1 kèm tệp base64)', simulatorOnly: true, response: SimKetQuaResponse },
  { method: 'get', path: '/api/sim/so-suc-khoe/{id}', summary: 'CHỈ CÓ Ở MÔ PHỎNG: sổ sức khỏe điện tử chiếu từ hồ sơ đã nhận — id là maGiaoDich, số định danh cá nhân hoặc mã thẻ BHYT (mới nhất trước)', simulatorOnly: true, response: z.object({ simulatorOnly: z.literal(true), id: z.string(), maGiaoDich: z.string().optional(), entries: z.array(z.unknown()), pendingChecks: z.number().optional() }) },
  { method: 'get', path: '/api/sim/stats', summary: 'CHỈ CÓ Ở MÔ PHỎNG: số hồ sơ đã lưu theo trạng thái', simulatorOnly: true, response: z.object({ total: z.number(), pending: z.number(), done: z.number(), rejected: z.number(), checkBacklog: z.number(), cpuMs: z.number(), eventLoopActiveMs: z.number(), eventLoopIdleMs: z.number() }) },
  ...LAB_ROUTES,
  {
    method: 'get',
    path: '/api/sim/faults/{maCSKCB}',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: kế hoạch gây lỗi (fault injection) của một cơ sở, ai đặt, khi nào, và các lỗi đã gây (cơ sở đó, Sở Y tế của tỉnh, huấn luyện viên)',
    simulatorOnly: true,
    response: z.unknown(),
  },
  {
    method: 'put',
    path: '/api/sim/faults/{maCSKCB}',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: đặt kế hoạch gây lỗi có seed (độ trễ, 500/503, ngắt kết nối, token hết hạn sớm, bảo trì, giới hạn kích thước thấp hơn, kết quả chậm) — docs/security.md',
    simulatorOnly: true,
    body: z.object({ seed: z.number().int() }).passthrough(),
    bodyEncodings: ['json'],
    response: z.unknown(),
  },
  { method: 'delete', path: '/api/sim/faults/{maCSKCB}', summary: 'CHỈ CÓ Ở MÔ PHỎNG: bỏ kế hoạch gây lỗi', simulatorOnly: true, response: z.object({ simulatorOnly: z.literal(true), maCSKCB: z.string(), cleared: z.boolean() }) },
  { method: 'get', path: '/metrics', summary: 'CHỈ CÓ Ở MÔ PHỎNG: số đo Prometheus (không có dữ liệu cá nhân); từ máy chủ (loopback), token huấn luyện viên, hoặc Authorization: Bearer SSKDT_METRICS_TOKEN', simulatorOnly: true, response: z.string(), responseType: 'text/plain' },
  { method: 'get', path: '/xsd/{layout}/{table}.xsd', summary: 'CHỈ CÓ Ở MÔ PHỎNG: XSD của một bảng (layout 4750 | 3176; table XML0…XML15 hoặc GIAMDINHHS)', simulatorOnly: true, response: z.string(), responseType: 'application/xml' },
  { method: 'get', path: '/doc', summary: 'CHỈ CÓ Ở MÔ PHỎNG: tài liệu OpenAPI 3 này', simulatorOnly: true, response: z.unknown() },
  { method: 'get', path: '/health', summary: 'CHỈ CÓ Ở MÔ PHỎNG: tình trạng', simulatorOnly: true, response: HealthResponse },
];
