/** Hand-written rules of the "cross" group, collected for conformance/rules/registry.ts. */
import type { RuleModule } from '../contract.ts';
import * as maLkOrphan from './ma-lk-orphan.ts';
import * as maLkMismatch from './ma-lk-mismatch.ts';
import * as sttSequence from './stt-sequence.ts';
import * as xml2ThanhTienBv from './xml2-thanh-tien-bv.ts';
import * as xml3ThanhTienBv from './xml3-thanh-tien-bv.ts';
import * as lineThanhTienBh from './line-thanh-tien-bh.ts';
import * as lineNguonKhac from './line-nguonkhac.ts';
import * as lineSplit from './line-split.ts';
import * as moneyNegative from './money-negative.ts';
import * as tThuoc from './t-thuoc.ts';
import * as tVtyt from './t-vtyt.ts';
import * as tTongChiBv from './t-tongchi-bv.ts';
import * as tTongChiBh from './t-tongchi-bh.ts';
import * as tBntt from './t-bntt.ts';
import * as tBncct from './t-bncct.ts';
import * as tNguonKhac from './t-nguonkhac.ts';
import * as tBhttFormula from './t-bhtt-formula.ts';
import * as timeStayOrder from './time-stay-order.ts';
import * as timeOrderInStay from './time-order-in-stay.ts';
import * as timeExecutionAfterOrder from './time-execution-after-order.ts';
import * as timeResultAfterOrder from './time-result-after-order.ts';
import * as timeClinicalEventInStay from './time-clinical-event-in-stay.ts';
import * as timeXml14Dates from './time-xml14-dates.ts';
import * as maLoaiKcbUnder4h from './ma-loai-kcb-under-4h.ts';
import * as maLoaiKcbExamDuration from './ma-loai-kcb-exam-duration.ts';
import * as soNgayDtri from './so-ngay-dtri.ts';
import * as inpatientRequiredFields from './inpatient-required-fields.ts';
import * as inpatientExamFee from './inpatient-exam-fee.ts';
import * as documentXml7 from './document-xml7.ts';
import * as documentXml13 from './document-xml13.ts';
import * as documentXml14 from './document-xml14.ts';
import * as documentXml4 from './document-xml4.ts';
import * as identityXml1Match from './identity-xml1-match.ts';
import * as bedOutpatient from './bed-outpatient.ts';
import * as bedUnder4h from './bed-under-4h.ts';
import * as bedDayStay from './bed-day-stay.ts';
import * as bedShortStay from './bed-short-stay.ts';
import * as bedTotal from './bed-total.ts';
import * as bedLineDays from './bed-line-days.ts';
import * as benefitCardLevel from './benefit-card-level.ts';
import * as benefitNoCopay from './benefit-no-copay.ts';
import * as benefitRateRange from './benefit-rate-range.ts';
import * as benefitOffRouteOwn from './benefit-off-route-own.ts';
import * as tBhttSum from './t-bhtt-sum.ts';
import * as tBhttGdv from './t-bhtt-gdv.ts';
import * as dateResultWindow from './date-result-window.ts';
import * as datePaymentAfterDischarge from './date-payment-after-discharge.ts';
import * as dateReexamAfterDischarge from './date-reexam-after-discharge.ts';
import * as dateXml11Order from './date-xml11-order.ts';
import * as dateXml11InVisit from './date-xml11-in-visit.ts';
import * as dateXml11SoNgayNghi from './date-xml11-so-ngay-nghi.ts';
import * as dateXml11Max from './date-xml11-max.ts';
import * as dateXml10SoNgay from './date-xml10-so-ngay.ts';
import * as documentXml8VisitType from './document-xml8-visit-type.ts';
import * as xml6ArvDays from './xml6-arv-days.ts';
import * as valuePlaceholder from './value-placeholder.ts';
import * as lineCoPayment from './line-co-payment.ts';
import * as serviceDuplicate from './service-duplicate.ts';
import * as serviceExamFee from './service-exam-fee.ts';
import * as serviceSurgeryAnaesthesia from './service-surgery-anaesthesia.ts';
import * as serviceSurgeryQuantity from './service-surgery-quantity.ts';
import * as serviceSecondSurgery from './service-second-surgery.ts';
import * as serviceMachine from './service-machine.ts';
import * as serviceMachineCode from './service-machine-code.ts';
import * as serviceMachineFacility from './service-machine-facility.ts';
import * as serviceSupplyWithoutService from './service-supply-without-service.ts';
import * as tenderParts from './tender-parts.ts';
import * as tenderYear from './tender-year.ts';
import * as tenderGroup from './tender-group.ts';
import * as cardFields from './card-fields.ts';
import * as referralPaper from './referral-paper.ts';
import * as referralXml13 from './referral-xml13.ts';
import * as inpatientTreatmentMethod from './inpatient-treatment-method.ts';
import * as plausibilityWeight from './plausibility-weight.ts';
import * as plausibilityNoCostLines from './plausibility-no-cost-lines.ts';

const mod = (m: { rule: RuleModule['rule']; fixtures: RuleModule['fixtures'] }): RuleModule => ({ rule: m.rule, fixtures: m.fixtures });

export const rules: RuleModule[] = [
  maLkOrphan,
  maLkMismatch,
  sttSequence,
  xml2ThanhTienBv,
  xml3ThanhTienBv,
  lineThanhTienBh,
  lineNguonKhac,
  lineSplit,
  moneyNegative,
  tThuoc,
  tVtyt,
  tTongChiBv,
  tTongChiBh,
  tBntt,
  tBncct,
  tNguonKhac,
  tBhttFormula,
  timeStayOrder,
  timeOrderInStay,
  timeExecutionAfterOrder,
  timeResultAfterOrder,
  timeClinicalEventInStay,
  timeXml14Dates,
  maLoaiKcbUnder4h,
  maLoaiKcbExamDuration,
  soNgayDtri,
  inpatientRequiredFields,
  inpatientExamFee,
  documentXml7,
  documentXml13,
  documentXml14,
  documentXml4,
  identityXml1Match,
  bedOutpatient,
  bedUnder4h,
  bedDayStay,
  bedShortStay,
  bedTotal,
  bedLineDays,
  benefitCardLevel,
  benefitNoCopay,
  benefitRateRange,
  benefitOffRouteOwn,
  tBhttSum,
  tBhttGdv,
  dateResultWindow,
  datePaymentAfterDischarge,
  dateReexamAfterDischarge,
  dateXml11Order,
  dateXml11InVisit,
  dateXml11SoNgayNghi,
  dateXml11Max,
  dateXml10SoNgay,
  documentXml8VisitType,
  xml6ArvDays,
  valuePlaceholder,
  lineCoPayment,
  serviceDuplicate,
  serviceExamFee,
  serviceSurgeryAnaesthesia,
  serviceSurgeryQuantity,
  serviceSecondSurgery,
  serviceMachine,
  serviceMachineCode,
  serviceMachineFacility,
  serviceSupplyWithoutService,
  tenderParts,
  tenderYear,
  tenderGroup,
  cardFields,
  referralPaper,
  referralXml13,
  inpatientTreatmentMethod,
  plausibilityWeight,
  plausibilityNoCostLines,
].map(mod);
