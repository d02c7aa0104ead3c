/**
 * CROSS.IDENTITY.XML1_MATCH — identity and visit fields of XML6, XML13, XML14 and XML15, when filled, equal
 * the same fields of XML1. Which fields: read from the catalogue (check-sheet note "Nếu có giá trị thì phải
 * trùng với trường tương ứng ở XML1"), so the rule follows the catalogue and the layout in use.
 */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import type { Layout } from '../../catalogue/catalogue.ts';
import { envelopeXml, fixture, inpatientRecord, type FixtureRecord } from '../fixtures-kit.ts';
import { referred } from './document-xml13.ts';
import { has, loc, rowsOf, val, xml1Of } from '../../pilot/rule-helpers.ts';

const TABLES = ['XML6', 'XML13', 'XML14', 'XML15'];
const SAME_AS_XML1 = /trùng với trường tương ứng ở XML1/;
/** element names that differ between the table and XML1 */
const XML1_NAME: Record<string, string> = { PP_DIEUTRI: 'PP_DIEU_TRI' };
/**
 * 4750 XML13 kept the XML1 names; the check sheet compares them ("Nếu có dữ liệu thì phải giống thông tin này ở
 * bảng 1", rows MA_NOI_DI, MA_NOI_DEN, PP_DIEU_TRI) but their catalogue rows (restored 4750 fields) carry no note.
 */
const EXTRA_4750: Record<string, string[]> = { XML13: ['MA_NOI_DI', 'MA_NOI_DEN', 'PP_DIEU_TRI'] };

const cache = new WeakMap<Layout, Map<string, { field: string; xml1Field: string }[]>>();

/** The compared pairs per table for a layout. */
export function comparedFields(layout: Layout): Map<string, { field: string; xml1Field: string }[]> {
  const hit = cache.get(layout);
  if (hit) return hit;
  const out = new Map<string, { field: string; xml1Field: string }[]>();
  const xml1 = layout.tables.get('XML1')!;
  for (const t of TABLES) {
    const spec = layout.tables.get(t);
    if (!spec) continue;
    const pairs: { field: string; xml1Field: string }[] = [];
    for (const f of spec.fields) {
      if (!f.validation_note_vi || !SAME_AS_XML1.test(f.validation_note_vi)) continue;
      const xml1Field = XML1_NAME[f.name] ?? f.name;
      if (xml1.byName.has(xml1Field)) pairs.push({ field: f.name, xml1Field });
    }
    if (layout.id === '4750') for (const name of EXTRA_4750[t] ?? []) if (spec.byName.has(name)) pairs.push({ field: name, xml1Field: name });
    out.set(t, pairs);
  }
  cache.set(layout, out);
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'CROSS.IDENTITY.XML1_MATCH',
    severity: 'error',
    tables: ['XML1', ...TABLES],
    fields: ['HO_TEN', 'SO_CCCD', 'NGAY_SINH', 'GIOI_TINH', 'DIA_CHI', 'MA_THE_BHYT', 'GT_THE_DEN', 'NGAY_VAO', 'NGAY_RA', 'CHAN_DOAN_RV', 'MA_BENH_CHINH', 'MA_CSKCB', 'PP_DIEU_TRI'],
    citation: { decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); bảng kiểm tra dữ liệu BHXH (QĐ 4750)', clause: 'Bảng 6, 13, 14, 15: "Nếu có giá trị thì phải trùng với trường tương ứng ở XML1"' },
    messages: { vi: '{table}.{field} = "{actual}" khác XML1.{xml1Field} = "{expected}"; hãy ghi giống Bảng 1', en: '{table}.{field} = "{actual}" differs from XML1.{xml1Field} = "{expected}"; write the same value as XML1' },
    since: '4750',
    confidence: 'high',
    description_en: 'Identity and visit fields repeated in XML6/13/14/15 equal XML1 when filled (compared as sent, ignoring surrounding blanks); list from the catalogue check-sheet notes.',
  },
  check(ctx) {
    let pairsByTable: Map<string, { field: string; xml1Field: string }[]> | undefined; // looked up once there is an XML1
    for (const h of ctx.pkg.hoso) {
      const x1 = xml1Of(h);
      if (!x1) continue;
      pairsByTable ??= comparedFields(ctx.pkg.layout);
      for (const t of TABLES) {
        for (const row of rowsOf(h, t)) {
          for (const { field, xml1Field } of pairsByTable.get(t) ?? []) {
            if (!has(row, field)) continue;
            const mine = val(row, field)!.trim();
            const ref = (val(x1, xml1Field) ?? '').trim();
            if (!((mine === ref) && ctx.counted('pass', row.table))) ctx.report({ outcome: mine === ref ? 'pass' : 'fail', location: loc(h, row, field), actual: mine, expected: ref, data: { table: t, xml1Field } });
          }
        }
      }
    }
  },
};

/** The referral in the 4750 layout: MA_NOI_DEN of XML13 is compared with XML1 MA_NOI_DEN. */
function referral4750(den: string): FixtureRecord {
  const rec = referred(true);
  const x13 = rec.XML13[0];
  delete x13.MA_CSKCB_DEN;
  x13.MA_NOI_DI = '';
  x13.MA_NOI_DEN = den;
  x13.TEN_DICH_VU = 'Khám Nội';
  return rec;
}

function ppDieuTriDiffers(): FixtureRecord {
  const rec = referral4750('01002');
  rec.XML13[0].PP_DIEU_TRI = 'Phẫu thuật';
  return rec;
}

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const differs = inpatientRecord();
  differs.XML14[0].NGAY_SINH = '198503160000';
  differs.XML14[0].GIOI_TINH = '2';

  return {
    valid: [
      fixture('XML14 copies XML1', envelopeXml([inpatientRecord()])),
      fixture('4750 referral: XML13 MA_NOI_DEN = XML1 MA_NOI_DEN', envelopeXml([referral4750('01002')], { layout: '4750' })),
      fixture('4750 referral: XML13 PP_DIEU_TRI = XML1 PP_DIEU_TRI', envelopeXml([(() => { const r = referral4750('01002'); r.XML13[0].PP_DIEU_TRI = r.XML1[0].PP_DIEU_TRI; return r; })()], { layout: '4750' })),
    ],
    invalid: [
      fixture('XML14 birth date and sex differ', envelopeXml([differs]), undefined, 2),
      fixture('4750 referral to another facility than XML1 says', envelopeXml([referral4750('79001')], { layout: '4750' })),
      fixture('4750 referral: XML13 PP_DIEU_TRI differs from XML1 PP_DIEU_TRI', envelopeXml([ppDieuTriDiffers()], { layout: '4750' })),
    ],
  };
});
