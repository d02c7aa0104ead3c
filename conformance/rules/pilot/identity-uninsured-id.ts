/** PILOT.IDENTITY.UNINSURED_ID — a patient without a BHYT card is identified by SO_CCCD. */
import { lazyFixtures, type Rule, type RuleFixtures } from '../contract.ts';
import type { HoSo, Row } from '../../model.ts';
import { checkinRow, checkinXml, envelopeXml, fixture, uninsuredRecord } from '../fixtures-kit.ts';
import { has, loc, rowsOf, val } from '../../pilot/rule-helpers.ts';

const FOREIGN_ID_RE = /^[A-Z0-9]{6,15}$/;
const VN_ID = { kindVi: 'số định danh cá nhân 12 chữ số', kindEn: 'a 12-digit personal ID number', hintVi: 'số định danh cá nhân gồm đúng 12 chữ số', hintEn: 'the personal ID number: exactly 12 digits' };
const FOREIGN_ID = {
  kindVi: 'số hộ chiếu hoặc mã định danh điện tử của người nước ngoài',
  kindEn: 'a passport or identity-account number of a foreigner',
  hintVi: 'số hộ chiếu (chữ in hoa và chữ số) hoặc mã định danh điện tử',
  hintEn: 'the passport number (capital letters and digits) or the identity-account number',
};

export const rule: Rule = {
  meta: {
    id: 'PILOT.IDENTITY.UNINSURED_ID',
    severity: 'error',
    tables: ['XML1', 'XML0'],
    fields: ['SO_CCCD', 'MA_THE_BHYT', 'MA_QUOCTICH'],
    citation: {
      decision: 'QĐ 2733/QĐ-BYT; QĐ 31/QĐ-BYT',
      clause: 'QĐ 2733 PL01 Điều 2 (người không có thẻ BHYT dùng số định danh cá nhân/số Căn cước làm định danh liên thông); QĐ 130 Bảng 1 chỉ tiêu SO_CCCD (người nước ngoài: hộ chiếu hoặc mã định danh điện tử)',
    },
    messages: {
      vi: 'Người bệnh không có thẻ BHYT nhưng SO_CCCD = "{actual}" không phải {kindVi}; hãy ghi {hintVi}',
      en: 'Patient has no BHYT card but SO_CCCD = "{actual}" is not {kindEn}; write {hintEn}',
    },
    since: '2733',
    confidence: 'high',
    description_en: 'Without MA_THE_BHYT, SO_CCCD holds a 12-digit personal ID (Vietnamese, MA_QUOCTICH 000) or, for foreigners, a passport / identity-account number (unusual shapes are a warning).',
  },
  check(ctx) {
    const one = (h: HoSo, row: Row) => {
      if (has(row, 'MA_THE_BHYT')) return;
      const id = val(row, 'SO_CCCD')?.trim() ?? '';
      const nationality = val(row, 'MA_QUOCTICH')?.trim();
      // XML0 has no nationality: a passport-shaped value is read as a foreigner's passport.
      const foreign = nationality !== undefined ? nationality !== '000' : /^[A-Z]/.test(id);
      if (!foreign) {
        if (!((/^\d{12}$/.test(id)) && ctx.counted('pass', row.table))) ctx.report({ outcome: /^\d{12}$/.test(id) ? 'pass' : 'fail', location: loc(h, row, 'SO_CCCD'), actual: id, expected: '12 digits', data: VN_ID });
        return;
      }
      if (!id) ctx.report({ outcome: 'fail', location: loc(h, row, 'SO_CCCD'), actual: id, expected: 'a passport or identity-account number', data: FOREIGN_ID });
      else if (FOREIGN_ID_RE.test(id)) {
        if (!ctx.counted('pass', row.table)) ctx.report({ outcome: 'pass', location: loc(h, row, 'SO_CCCD') });
      } else ctx.report({ outcome: 'warning', severity: 'warning', location: loc(h, row, 'SO_CCCD'), actual: id, expected: 'a passport or identity-account number', data: FOREIGN_ID });
    };
    for (const h of ctx.pkg.hoso) for (const t of ['XML1', 'XML0']) for (const row of rowsOf(h, t)) one(h, row);
  },
};

export const fixtures: RuleFixtures = lazyFixtures(() => {
  const noId = uninsuredRecord();
  noId.XML1[0].SO_CCCD = '';
  const oldCmnd = uninsuredRecord();
  oldCmnd.XML1[0].SO_CCCD = '012345678';
  const foreigner = uninsuredRecord();
  Object.assign(foreigner.XML1[0], { MA_QUOCTICH: '392', SO_CCCD: 'TZ1234567' });
  const foreignerNoId = uninsuredRecord();
  Object.assign(foreignerNoId.XML1[0], { MA_QUOCTICH: '392', SO_CCCD: '' });

  return {
    valid: [
      fixture('uninsured Vietnamese with a 12-digit ID', envelopeXml([uninsuredRecord()])),
      fixture('uninsured foreigner with a passport number', envelopeXml([foreigner])),
      fixture('uninsured check-in with a 12-digit ID', checkinXml([checkinRow({ MA_THE_BHYT: '', MA_DKBD: '', GT_THE_TU: '', GT_THE_DEN: '', MA_DOITUONG_KCB: '9' })])),
    ],
    invalid: [
      fixture('uninsured without SO_CCCD', envelopeXml([noId])),
      fixture('uninsured with a 9-digit former ID card only', envelopeXml([oldCmnd])),
      fixture('uninsured foreigner without any number', envelopeXml([foreignerNoId])),
    ],
  };
});
