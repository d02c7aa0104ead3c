/** CATALOGUE.MA_TTDV.REGISTERED — MA_TTDV is a person of the facility's staff catalogue (by BHXH code, personal ID or licence). */
import { entryValidOn } from '../../catalogues/model.ts';
import { catalogueFixtures } from './fixtures.ts';
import { TTDV_TABLES } from './practitioners.ts';
import { CATALOGUE_DECISION, catalogueRule, fieldItems } from './shared.ts';
import type { HoSo, Row } from '../../model.ts';

export const fixtures = catalogueFixtures('MA_TTDV of someone outside the staff catalogue', (rec) => {
  rec.XML1[0].MA_TTDV = '0109999999';
});

const MA_TTDV = ['MA_TTDV'];
const PAPER_DATE = ['NGAY_CT'];

function* items(h: HoSo, x1: Row | undefined) {
  for (const t of TTDV_TABLES) if (h.byTable.has(t)) yield* fieldItems(h, x1, t, MA_TTDV, PAPER_DATE, false);
}

export const rule = catalogueRule({
  kind: 'staff',
  meta: {
    id: 'CATALOGUE.MA_TTDV.REGISTERED',
    tables: TTDV_TABLES,
    fields: ['MA_TTDV'],
    citation: { decision: CATALOGUE_DECISION, clause: 'MA_TTDV: mã số BHXH của người đứng đầu cơ sở KCB hoặc người được ủy quyền — người có trong danh mục nhân viên y tế (Mẫu số 02/DM: MA_BHXH / SO_DINH_DANH) còn hiệu lực' },
    messages: {
      vi: 'MA_TTDV = "{actual}" không phải người trong danh mục nhân viên y tế cơ sở {facility} (theo MA_BHXH, SO_DINH_DANH hoặc MACCHN) còn hiệu lực ngày {day}: ghi mã số BHXH của người đứng đầu cơ sở hoặc người được ủy quyền',
      en: 'MA_TTDV = "{actual}" is no one in facility {facility}\'s staff catalogue (by MA_BHXH, SO_DINH_DANH or MACCHN) in force on {day}: write the BHXH code of the head of the facility or of the person authorised',
    },
    confidence: 'medium',
    description_en: "MA_TTDV (XML1, XML7–XML11, XML13, XML14) matches a staff-catalogue person (MA_BHXH, SO_DINH_DANH or MACCHN) in force on the paper's date (else the visit's).",
  },
  items,
  judge: (it, v) => (v.entriesByAnyId(it.value).some((e) => entryValidOn(e, it.day!)) ? { ok: true } : { ok: false, actual: it.value }),
  fixtures,
});
