/**
 * OpenAPI entries of the readiness and report routes (simulator/routes/reports.ts, readiness.ts), kept next
 * to them; simulator/schemas.ts lists them with the portal's routes.
 */
import { z } from 'zod';
import type { RouteDoc } from '../schemas.ts';

const LabHeaders = z.object({
  accessToken: z.string().describe('access_token từ /api/token/take'),
  tokenId: z.string().describe('id_token từ /api/token/take'),
  passwordHash: z.string().describe('MD5 hex của mật khẩu'),
});

const LAB_NOTE = 'Lỗi: JSON {"error":{"code","message","location"}} với HTTP 400 (sai tham số), 401 (thiếu/sai token), 403 (không thuộc quyền), 404 (không có mã đó).';

export const LAB_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/sim/reports/six-monthly',
    summary:
      'CHỈ CÓ Ở MÔ PHỎNG: báo cáo 6 tháng (QĐ 2733 PL01 Đ8): 6 loại hình × có/không BHYT × số lượt KCB / số lượt đã liên thông, từ dữ liệu Cổng đã nhận. Cơ sở: của mình; Sở Y tế: cả tỉnh',
    simulatorOnly: true,
    headers: LabHeaders,
    query: z.object({
      period: z.string().describe('YYYY-H1 | YYYY-H2'),
      province: z.string().optional().describe('mã tỉnh 2 chữ số (mặc định: tỉnh của tài khoản)'),
      facility: z.string().optional().describe('MA_CSKCB (tài khoản cơ sở: mặc định cơ sở của mình)'),
      format: z.enum(['json', 'csv', 'xlsx']).optional(),
    }),
    response: z.unknown(),
    notes: LAB_NOTE,
  },
  {
    method: 'get',
    path: '/api/sim/readiness/{maCSKCB}',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: mức độ sẵn sàng của cơ sở: điều kiện C1–C13 (từ lượt chứng nhận đạt và tài liệu đã tải lên), lượt chứng nhận, tài liệu, quyết định',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    notes: LAB_NOTE,
  },
  {
    method: 'post',
    path: '/api/sim/readiness/{maCSKCB}/runs',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: đăng ký lượt chứng nhận bằng gói bằng chứng (multipart: bundle), hoặc manifest.json và manifest.p7s của gói (manifest, signature); chữ ký phải khớp chứng thư của phòng thử nghiệm',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    notes: LAB_NOTE,
  },
  {
    method: 'post',
    path: '/api/sim/readiness/{maCSKCB}/evidence',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: tải lên tài liệu chứng minh điều kiện (multipart: condition C4/C5/C6/C9/C11/C12, title, file; tối đa 10 MiB/tệp)',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    notes: LAB_NOTE,
  },
  {
    method: 'get',
    path: '/api/sim/readiness/{maCSKCB}/evidence/{id}',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: tải về tài liệu như đã tải lên (DELETE cùng đường dẫn: rút tài liệu, vẫn lưu người và thời điểm)',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    responseType: 'application/octet-stream',
    notes: LAB_NOTE,
  },
  {
    method: 'post',
    path: '/api/sim/readiness/{maCSKCB}/decisions',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: quyết định của thẩm định viên Sở Y tế (JSON {verdict: approved|refused, note}); phòng thử nghiệm ký số tệp JSON (CMS tách rời) và lập bản PDF tiếng Việt',
    simulatorOnly: true,
    headers: LabHeaders,
    body: z.object({ verdict: z.enum(['approved', 'refused']), note: z.string().optional() }),
    bodyEncodings: ['json'],
    response: z.unknown(),
    notes: LAB_NOTE + ' 409 READINESS.NOT_READY khi còn thiếu điều kiện.',
  },
  {
    method: 'get',
    path: '/api/sim/readiness/{maCSKCB}/decisions/{file}',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: tệp của quyết định: <id>.json, <id>.p7s (chữ ký), <id>.pdf',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    notes: LAB_NOTE,
  },
  {
    method: 'get',
    path: '/api/sim/catalogue',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: các phiên bản danh mục của cơ sở (nhân viên y tế, thiết bị, thuốc, DVKT, VTYT) mà tài khoản được xem: cơ sở — của mình; Sở Y tế — các cơ sở trong tỉnh',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    notes: LAB_NOTE,
  },
  {
    method: 'get',
    path: '/api/sim/catalogue/{maCSKCB}',
    summary: 'CHỈ CÓ Ở MÔ PHỎNG: các phiên bản danh mục của một cơ sở (loại, ngày hiệu lực, số dòng, tệp nguồn, người và thời điểm nạp)',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    notes: LAB_NOTE,
  },
  {
    method: 'post',
    path: '/api/sim/catalogue/{maCSKCB}',
    summary:
      'CHỈ CÓ Ở MÔ PHỎNG: nạp danh mục của cơ sở (multipart: file — một hoặc nhiều tệp .csv/.xlsx theo cột của Mẫu số 02/DM–06/DM; effective — ngày hiệu lực yyyymmdd; kind). Mỗi tệp là một phiên bản; tệp nào có dòng sai thì không lưu gì (400, error.issues: tệp, dòng, cột, mã lỗi). Chỉ tài khoản của chính cơ sở',
    simulatorOnly: true,
    headers: LabHeaders,
    response: z.unknown(),
    notes: LAB_NOTE + ' 413 CATALOGUE.TOO_LARGE trên 20 MiB. Cột và mã lỗi: docs/catalogues.md.',
  },
];
