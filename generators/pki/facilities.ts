/**
 * Demo facilities of the simulator (Bình Định, province code 52), named as in simulator/seed/binh-dinh.json.
 * Synthetic demo registrations: the names are modelled on public hospitals, the certificates are test material.
 */
export interface DemoFacility {
  code: string;
  name: string;
  province: string;
}

export const DEMO_FACILITIES: readonly DemoFacility[] = [
  { code: '52001', name: 'Bệnh viện Đa khoa tỉnh Bình Định (dữ liệu demo)', province: 'Bình Định' },
  { code: '52002', name: 'Bệnh viện Đa khoa khu vực Bồng Sơn (dữ liệu demo)', province: 'Bình Định' },
  { code: '52003', name: 'Bệnh viện Đa khoa khu vực Phú Phong (dữ liệu demo)', province: 'Bình Định' },
  { code: '52010', name: 'Trung tâm Y tế thị xã An Nhơn (dữ liệu demo)', province: 'Bình Định' },
  { code: '52015', name: 'Bệnh viện Y học cổ truyền và Phục hồi chức năng Bình Định (dữ liệu demo)', province: 'Bình Định' },
];
