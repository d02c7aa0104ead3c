/** CATALOGUE.PRACTITIONER.LICENSED — a registered practitioner is registered and licensed on the line's date. */
import { entryValidOn } from '../../catalogues/model.ts';
import { EXPIRED_PRACTITIONER, catalogueFixtures } from './fixtures.ts';
import { CATALOGUE_DECISION, catalogueRule, showDay } from './shared.ts';
import { practitionerItems, PRACTITIONER_FIELD_NAMES, PRACTITIONER_TABLES } from './practitioners.ts';

export const fixtures = catalogueFixtures('an order by a practitioner whose registration ended in 2019', (rec) => {
  rec.XML3[0].MA_BAC_SI = EXPIRED_PRACTITIONER;
});

export const rule = catalogueRule({
  kind: 'staff',
  meta: {
    id: 'CATALOGUE.PRACTITIONER.LICENSED',
    tables: PRACTITIONER_TABLES,
    fields: PRACTITIONER_FIELD_NAMES,
    citation: { decision: CATALOGUE_DECISION, clause: 'Người hành nghề chỉ được chỉ định/thực hiện trong thời gian đăng ký hành nghề tại cơ sở (Mẫu số 02/DM: TU_NGAY, DEN_NGAY, NGAYCAP_CCHN); Luật Khám bệnh, chữa bệnh 2023' },
    messages: {
      vi: '{field} = "{actual}" có trong danh mục nhân viên y tế nhưng không được đăng ký hành nghề tại cơ sở vào ngày {day} ({detail_vi}): kiểm tra người chỉ định/thực hiện, hoặc cập nhật TU_NGAY/DEN_NGAY trong danh mục',
      en: '{field} = "{actual}" is in the staff catalogue but not registered to practise at the facility on {day} ({detail_en}): check who ordered/performed it, or update TU_NGAY/DEN_NGAY in the catalogue',
    },
    confidence: 'medium',
    description_en: "A practitioner code found in the staff catalogue has a row in force on the line's date (TU_NGAY ≤ date ≤ DEN_NGAY) with its licence issued by then (NGAYCAP_CCHN ≤ date).",
  },
  items: practitionerItems,
  judge: (it, v) => {
    const rows = v.entries(it.value);
    if (rows.length === 0) return undefined; // CATALOGUE.PRACTITIONER.REGISTERED says so
    const day = it.day!;
    if (rows.some((e) => entryValidOn(e, day) && (e.licensedFrom === undefined || e.licensedFrom <= day))) return { ok: true };
    const spans = rows.map((e) => `${showDay(e.from)}–${e.to ? showDay(e.to) : '…'}${e.licensedFrom && e.licensedFrom > day ? `, CCHN ${showDay(e.licensedFrom)}` : ''}`).join('; ');
    return { ok: false, actual: it.value, data: { detail_vi: `đăng ký: ${spans}`, detail_en: `registered: ${spans}` } };
  },
  fixtures,
});
