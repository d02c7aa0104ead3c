/** CATALOGUE.PRACTITIONER.REGISTERED — every practitioner code of the claim is in the facility's staff catalogue. */
import { catalogueFixtures } from './fixtures.ts';
import { CATALOGUE_DECISION, catalogueRule } from './shared.ts';
import { practitionerItems, PRACTITIONER_FIELD_NAMES, PRACTITIONER_TABLES } from './practitioners.ts';

export const fixtures = catalogueFixtures('an order signed by a practitioner the facility never registered', (rec) => {
  rec.XML2[0].MA_BAC_SI = '009999/HNO-CCHN';
  rec.XML3[1].NGUOI_THUC_HIEN = '000456/HNO-CCHN;008888/HNO-CCHN';
});

export const rule = catalogueRule({
  kind: 'staff',
  meta: {
    id: 'CATALOGUE.PRACTITIONER.REGISTERED',
    tables: PRACTITIONER_TABLES,
    fields: PRACTITIONER_FIELD_NAMES,
    citation: { decision: CATALOGUE_DECISION, clause: 'MA_BAC_SI / NGUOI_THUC_HIEN / MA_BS / MA_BS_DOC_KQ: mã người hành nghề (số chứng chỉ/giấy phép hành nghề) đã khai báo trong danh mục nhân viên y tế (Mẫu số 02/DM, cột MACCHN) của cơ sở' },
    messages: {
      vi: '{field} = "{actual}" không có trong danh mục nhân viên y tế cơ sở {facility} đã khai báo (phiên bản áp dụng từ {since}): ghi đúng mã chứng chỉ hành nghề (MACCHN) của người chỉ định/thực hiện, hoặc bổ sung người này vào danh mục gửi BHXH',
      en: '{field} = "{actual}" is not in the staff catalogue facility {facility} declared (version in force from {since}): write the practising-licence code (MACCHN) of the person who ordered/performed it, or add the person to the catalogue sent to BHXH',
    },
    confidence: 'medium',
    description_en: "Practitioner codes (XML2/XML3 MA_BAC_SI, XML3/XML5 NGUOI_THUC_HIEN, XML4 MA_BS_DOC_KQ, XML7/XML10/XML11 MA_BS, XML13/XML14 MA_BAC_SI; each ';' item) are in the facility's staff catalogue (MACCHN) in force on the line's date; skip without catalogues.",
  },
  items: practitionerItems,
  judge: (it, v) => (v.entries(it.value).length > 0 ? { ok: true } : { ok: false, actual: it.value }),
  fixtures,
});
