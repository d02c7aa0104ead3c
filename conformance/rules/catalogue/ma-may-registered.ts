/** CATALOGUE.MA_MAY.REGISTERED — every machine code of an XML3 line is in the facility's equipment catalogue on that date. */
import { entryValidOn } from '../../catalogues/model.ts';
import type { HoSo, Row } from '../../model.ts';
import { catalogueFixtures } from './fixtures.ts';
import { CATALOGUE_DECISION, catalogueRule, fieldItems, showDay } from './shared.ts';

const MA_MAY = ['MA_MAY'];
const RUN_DATES = ['NGAY_TH_YL', 'NGAY_YL'];

export const fixtures = catalogueFixtures('a test run on a machine the facility never declared', (rec) => {
  rec.XML3[1].MA_MAY = 'XN.1.01001.999';
});

export const rule = catalogueRule({
  kind: 'equipment',
  meta: {
    id: 'CATALOGUE.MA_MAY.REGISTERED',
    tables: ['XML3'],
    fields: ['MA_MAY'],
    citation: { decision: CATALOGUE_DECISION, clause: 'XML3 MA_MAY: mã máy theo danh mục trang thiết bị y tế cơ sở đã khai báo (Mẫu số 06/DM: MA_MAY, TU_NGAY, DEN_NGAY)' },
    messages: {
      vi: 'MA_MAY = "{actual}" không có trong danh mục thiết bị y tế cơ sở {facility} còn hiệu lực ngày {day}{detail_vi}: ghi đúng mã máy đã khai báo với BHXH, hoặc bổ sung máy vào danh mục',
      en: 'MA_MAY = "{actual}" is not in facility {facility}\'s equipment catalogue in force on {day}{detail_en}: write the machine code declared to BHXH, or add the machine to the catalogue',
    },
    confidence: 'medium',
    description_en: "Each ';' item of XML3 MA_MAY is a machine of the facility's equipment catalogue in force on the line's date (NGAY_TH_YL, else NGAY_YL).",
  },
  items: (h: HoSo, x1: Row | undefined) => fieldItems(h, x1, 'XML3', MA_MAY, RUN_DATES),
  judge: (it, v) => {
    const rows = v.entries(it.value);
    if (rows.some((e) => entryValidOn(e, it.day!))) return { ok: true };
    const spans = rows.map((e) => `${showDay(e.from)}–${e.to ? showDay(e.to) : '…'}`).join('; ');
    return { ok: false, actual: it.value, data: { detail_vi: spans ? ` (chỉ khai báo ${spans})` : '', detail_en: spans ? ` (declared only ${spans})` : '' } };
  },
  fixtures,
});
