import { describe, expect, it } from 'vitest';
import { dec, mul, sum, toFixed } from '../../conformance/decimal.ts';
import { decodePackage } from '../../conformance/envelope/decode.ts';
import { runRule } from '../../conformance/rules/contract.ts';
import { envelopeXml, outpatientRecord, priceRecord } from '../../conformance/rules/fixtures-kit.ts';
import { fmt2, moneyEqual, moneyTolerance } from '../../conformance/pilot/rule-helpers.ts';
import * as lineNguonKhac from '../../conformance/rules/cross/line-nguonkhac.ts';
import * as tThuoc from '../../conformance/rules/cross/t-thuoc.ts';
import * as xml2Amount from '../../conformance/rules/cross/xml2-thanh-tien-bv.ts';

const outcomes = (m: typeof tThuoc, xml: string, options = {}) => runRule(m.rule, decodePackage(new TextEncoder().encode(xml)), options).map((f) => f.outcome);

describe('exact money', () => {
  it('0.1 + 0.2 is 0.30 and 3 × 1234.565 rounds half-up to 3703.70', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // why binary floats are not used
    expect(fmt2(sum([dec('0.1'), dec('0.2')]))).toBe('0.30');
    expect((1.005).toFixed(2)).toBe('1.00'); // a float rounding trap; exact decimal gives 1.01
    expect(fmt2(dec('1.005'))).toBe('1.01');
    expect(toFixed(mul(dec('3'), dec('1234.565')))).toBe('3703.695');
    expect(fmt2(mul(dec('3'), dec('1234.565')))).toBe('3703.70');
  });

  it('compares after rounding to 2 decimals with a configurable tolerance', () => {
    expect(moneyEqual(dec('3703.70'), mul(dec('3'), dec('1234.565')), moneyTolerance({}))).toBe(true);
    expect(moneyEqual(dec('3703.69'), mul(dec('3'), dec('1234.565')), moneyTolerance({}))).toBe(false);
    expect(moneyEqual(dec('3703.69'), mul(dec('3'), dec('1234.565')), moneyTolerance({ thresholds: { 'money.tolerance': 0.01 } }))).toBe(true);
  });

  it('checks line amounts and totals on 3 × 1234.565 and 0.1 + 0.2', () => {
    const rec = outpatientRecord();
    rec.XML2[0].SO_LUONG = '3';
    priceRecord(rec);
    expect(rec.XML2[0].THANH_TIEN_BV).toBe('3703.70');
    Object.assign(rec.XML2[1], { T_NGUONKHAC_NSNN: '0.1', T_NGUONKHAC_VTNN: '0.2', T_NGUONKHAC: '0.3' });
    const xml = envelopeXml([rec]);
    expect(outcomes(xml2Amount, xml)).toEqual(['pass', 'pass']);
    expect(outcomes(tThuoc, xml)).toEqual(['pass']);
    expect(outcomes(lineNguonKhac, xml).filter((o) => o !== 'pass')).toEqual([]);
    rec.XML2[0].THANH_TIEN_BV = '3703.69'; // what a float-and-truncate implementation writes
    expect(outcomes(xml2Amount, envelopeXml([rec]))).toContain('fail');
    expect(outcomes(xml2Amount, envelopeXml([rec]), { thresholds: { 'money.tolerance': 0.01 } })).toEqual(['pass', 'pass']);
  });
});
