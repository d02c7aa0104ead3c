/** Demo facilities of the simulator (Bình Định, province code 52). Names are fictitious test names. */
export interface DemoFacility {
  code: string;
  name: string;
  province: string;
}

export const DEMO_FACILITIES: readonly DemoFacility[] = [
  { code: '52001', name: 'Bệnh viện Đa khoa Thử Nghiệm Bình Định', province: 'Bình Định' },
  { code: '52002', name: 'Bệnh viện Đa khoa Khu vực Thử Nghiệm Bồng Sơn', province: 'Bình Định' },
  { code: '52003', name: 'Trung tâm Y tế Thử Nghiệm Quy Nhơn', province: 'Bình Định' },
  { code: '52010', name: 'Trạm Y tế Thử Nghiệm Ghềnh Ráng', province: 'Bình Định' },
  { code: '52015', name: 'Phòng khám Đa khoa Thử Nghiệm An Nhơn', province: 'Bình Định' },
];
