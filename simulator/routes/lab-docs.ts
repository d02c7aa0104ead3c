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
];
