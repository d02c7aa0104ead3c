/** CROSS.SERVICE.DUPLICATE — two XML3 lines of the same service (MA_DICH_VU) ordered at the same minute (NGAY_YL). */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import { envelopeXml, fixture, inpatientRecord, outpatientRecord, priceRecord } from '../fixtures-kit.ts';
import { loc, rowsOf, val } from '../../pilot/rule-helpers.ts';
import { BED_GROUPS, groupOf, isSupplyLine } from './claim-helpers.ts';

export const rule: Rule = {
  meta: {
    id: 'CROSS.SERVICE.DUPLICATE',
    severity: 'warning',
    tables: ['XML3'],
    fields: ['MA_DICH_VU', 'NGAY_YL'],
    citation: {
      decision: 'QĐ 130/QĐ-BYT (sửa đổi bởi QĐ 4750/QĐ-BYT); thực hành giám định BHYT',
      clause: 'Bảng 3, chỉ tiêu MA_DICH_VU và NGAY_YL: mỗi dòng là một dịch vụ theo một y lệnh; hai dòng cùng mã dịch vụ, cùng thời điểm y lệnh là dấu hiệu ghi trùng mà công cụ kiểm tra trước giám định cảnh báo',
    },
    messages: {
      vi: 'Dịch vụ {actual} được ghi {n} lần với cùng thời điểm y lệnh NGAY_YL = {at} (dòng STT {stts}); kiểm tra có ghi trùng không — nếu đúng là nhiều lần thực hiện, ghi mỗi lần một y lệnh với thời điểm riêng hoặc gộp vào SO_LUONG',
      en: 'Service {actual} is billed {n} times with the same order time NGAY_YL = {at} (lines STT {stts}); check for a duplicate — if it really was done several times, give each its own order time or bill it once with SO_LUONG',
    },
    since: '130',
    confidence: 'inferred',
    description_en: 'Two or more XML3 service lines (not bed-days, not supplies) with the same MA_DICH_VU and the same NGAY_YL. A warning (vendor pre-inspection practice, not a text): some services are legitimately repeated.',
  },
  check(ctx) {
    for (const h of ctx.pkg.hoso) {
      const seen = new Map<string, { stt: string[]; first: boolean }>();
      const rows = rowsOf(h, 'XML3');
      for (const row of rows) {
        const code = val(row, 'MA_DICH_VU')?.trim();
        const at = val(row, 'NGAY_YL')?.trim();
        if (!code || !at || BED_GROUPS.has(groupOf(row)) || isSupplyLine(row)) continue;
        const key = `${code}|${at}`;
        const g = seen.get(key);
        if (g) g.stt.push(row.STT ?? String(row.index + 1));
        else seen.set(key, { stt: [row.STT ?? String(row.index + 1)], first: true });
      }
      for (const row of rows) {
        const code = val(row, 'MA_DICH_VU')?.trim();
        const at = val(row, 'NGAY_YL')?.trim();
        if (!code || !at || BED_GROUPS.has(groupOf(row)) || isSupplyLine(row)) continue;
        const g = seen.get(`${code}|${at}`)!;
        // one verdict per line: the first line of a group passes, each repeat warns
        const repeat = !g.first;
        g.first = false;
        if (repeat || !ctx.counted('pass', row.table)) ctx.report({
          outcome: repeat ? 'warning' : 'pass',
          severity: repeat ? 'warning' : undefined,
          location: loc(h, row, 'MA_DICH_VU'),
          actual: code,
          data: { n: g.stt.length, at, stts: g.stt.join(', ') },
        });
      }
    }
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const twice = outpatientRecord();
  const lab = twice.XML3.find((r) => r.MA_NHOM === '1')!;
  twice.XML3.push({ ...lab, STT: String(twice.XML3.length + 1) });
  priceRecord(twice);
  const later = outpatientRecord();
  const lab2 = later.XML3.find((r) => r.MA_NHOM === '1')!;
  later.XML3.push({ ...lab2, STT: String(later.XML3.length + 1), NGAY_YL: '202510060940', NGAY_TH_YL: '202510060945', NGAY_KQ: '202510061010' });
  priceRecord(later);
  return {
    valid: [fixture('each service once; the same test repeated at another order time', envelopeXml([outpatientRecord(), inpatientRecord(), later]))],
    invalid: [fixture('the same glucose test billed twice at one order time', envelopeXml([twice]))],
  };
});
