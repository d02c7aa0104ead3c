/**
 * The hand-written rule checks and helpers as they were before they were rewritten for a cheaper cold start
 * (loops instead of map/filter/find/some/forEach closures, memoised MA_MAY items, one counted() call site):
 * test/engine/rule-rewrites.test.ts runs each rewritten rule next to its earlier version and wants the same
 * Result. Kept verbatim apart from imports; not used by the engine.
 */
import { dayNumber } from '../../conformance/calendar.ts';
import { cmp, dec, mul, sum, toPlain, ZERO, type Decimal } from '../../conformance/decimal.ts';
import type { HoSo, Row } from '../../conformance/model.ts';
import { CARD_RE } from '../../conformance/pilot/identity.ts';
import { failOrWarn, has, INPATIENT_TYPES, loc, money, rowsOf, val, xml1Of } from '../../conformance/pilot/rule-helpers.ts';
import type { Rule } from '../../conformance/rules/contract.ts';
import { BED_GROUPS, benefitPercentOf, groupOf, MACHINE_CODE_RE, onRouteFullBenefit, SERIAL_RE } from '../../conformance/rules/cross/claim-helpers.ts';

export function splitCards(value: string): string[] {
  return value.split(';').map((c) => c.trim());
}

export function machineItems(value: string): { text: string; facility?: string; shaped: boolean }[] {
  return value.split(';').map((raw, i) => {
    const text = raw.trim();
    const m = MACHINE_CODE_RE.exec(text);
    if (m) return { text, facility: m[3], shaped: true };
    return { text, shaped: i > 0 && SERIAL_RE.test(text) };
  });
}

export function localMinutes(value: string): number | undefined {
  if (value.length === 8) {
    const day = dayNumber(value);
    return day === undefined ? undefined : day * 1440;
  }
  if (!/^\d{12}$/.test(value)) return undefined;
  const day = dayNumber(value.slice(0, 8));
  const hh = Number(value.slice(8, 10));
  const mm = Number(value.slice(10, 12));
  if (day === undefined || hh > 23 || mm > 59) return undefined;
  return day * 1440 + hh * 60 + mm;
}

export function items(row: Row | undefined, name: string): string[] {
  return (val(row, name) ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '');
}

export function benefitDigit(x1: Row | undefined): string | undefined {
  const cards = val(x1, 'MA_THE_BHYT')?.split(';').map((c) => c.trim()).filter((c) => c !== '');
  if (!cards || cards.length === 0) return undefined;
  const d = cards[cards.length - 1][2];
  return d !== undefined && /[1-5]/.test(d) ? d : undefined;
}

export function bedLines(h: HoSo): Row[] {
  return rowsOf(h, 'XML3').filter((r) => BED_GROUPS.has(groupOf(r)));
}

const HUNDRED = dec(100);
const ONE = dec(1);

export function bedDaysTotal(beds: Row[]): Decimal {
  const bedDaysOf = (row: Row): Decimal => {
    const q = money(row, 'SO_LUONG') ?? ONE;
    const rate = money(row, 'TYLE_TT_DV') ?? HUNDRED;
    const m = mul(q, rate);
    return { units: m.units, scale: m.scale + 2 };
  };
  return sum(beds.map(bedDaysOf));
}

const PARALLEL_LISTS = ['MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN'];

const cardFormat: Rule['check'] = (ctx) => {
  for (const h of ctx.pkg.hoso) {
    for (const t of ['XML1', 'XML0']) {
      for (const row of rowsOf(h, t)) {
        if (!has(row, 'MA_THE_BHYT')) continue;
        const cards = splitCards(val(row, 'MA_THE_BHYT')!);
        const bad = cards.filter((c) => !CARD_RE.test(c));
        if (t === 'XML0' && cards.length > 1) bad.push(...cards.slice(1)); // XML0 carries one card
        if (bad.length || !ctx.counted('pass', row.table)) ctx.report({
          outcome: bad.length ? 'fail' : 'pass',
          location: loc(h, row, 'MA_THE_BHYT'),
          actual: bad.length === 0 ? undefined : bad.some((c) => c === '') ? val(row, 'MA_THE_BHYT') : bad.join(';'),
          data: { n: cards.length },
          expected: '2 capital letters, benefit level 1–5, 12 digits',
        });
        for (const f of PARALLEL_LISTS) {
          if (!has(row, f)) continue;
          const n = val(row, f)!.split(';').length;
          if (!((n === cards.length) && ctx.counted('pass', row.table))) ctx.report({ outcome: n === cards.length ? 'pass' : 'fail', location: loc(h, row, f), actual: val(row, f), expected: `${cards.length} × ";"-separated`, data: { n: cards.length } });
        }
      }
    }
  }
};

const STT_TABLES = ['XML0', 'XML2', 'XML3', 'XML4', 'XML5', 'XML15'];

const sttSequence: Rule['check'] = (ctx) => {
  for (const h of ctx.pkg.hoso) {
    for (const file of h.files) {
      if (!STT_TABLES.includes(file.table)) continue;
      if (file.table === 'XML15' && !file.rows.some((r) => val(r, 'STT') !== undefined)) continue;
      file.rows.forEach((row, i) => {
        const stt = val(row, 'STT');
        const expected = String(i + 1);
        if (!((stt !== undefined && stt.trim() === expected) && ctx.counted('pass', row.table))) ctx.report({
          outcome: stt !== undefined && stt.trim() === expected ? 'pass' : 'fail',
          location: loc(h, row, 'STT'),
          actual: stt ?? '""',
          expected,
          data: { table: file.table, position: i + 1 },
        });
      });
    }
  }
};

const ZERO_DAY_TYPES = new Set(['01', '07', '09']);
const COUNTED_TYPES = new Set(['02', '03', '04', '06']);

const soNgayDtri: Rule['check'] = (ctx) => {
  for (const h of ctx.pkg.hoso) {
    const x1 = xml1Of(h);
    if (!x1) continue;
    const type = val(x1, 'MA_LOAI_KCB')?.trim() ?? '';
    const actual = val(x1, 'SO_NGAY_DTRI')?.trim();
    let accepted: number[] | undefined;
    if (ZERO_DAY_TYPES.has(type)) accepted = [0];
    else if (COUNTED_TYPES.has(type)) {
      const vao = dayNumber((val(x1, 'NGAY_VAO') ?? '').slice(0, 8));
      const ra = dayNumber((val(x1, 'NGAY_RA') ?? '').slice(0, 8));
      if (vao !== undefined && ra !== undefined) accepted = [ra - vao + 1, ra - vao];
    }
    if (accepted === undefined || actual === undefined) {
      if (!ctx.counted('not-applicable', x1.table)) ctx.report({ outcome: 'not-applicable', location: loc(h, x1, 'SO_NGAY_DTRI'), reason: `no counting rule for MA_LOAI_KCB "${type}" or dates/value missing`, reason_vi: `không có cách tính cho MA_LOAI_KCB "${type}" hoặc thiếu ngày / giá trị` });
      continue;
    }
    const ok = /^\d+$/.test(actual) && accepted.includes(Number(actual));
    const [plusOne, days] = accepted;
    const expectedVi = accepted.length === 1 ? `${plusOne}` : `${plusOne} (NGAY_RA − NGAY_VAO + 1) hoặc ${days} (NGAY_RA − NGAY_VAO)`;
    const expectedEn = accepted.length === 1 ? `${plusOne}` : `${plusOne} (NGAY_RA − NGAY_VAO + 1) or ${days} (NGAY_RA − NGAY_VAO)`;
    if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : 'fail', location: loc(h, x1, 'SO_NGAY_DTRI'), actual, expected: accepted.join(' or '), data: { type, expectedVi, expectedEn } });
  }
};

const machineCode: Rule['check'] = (ctx) => {
  const verdict = failOrWarn('medium', ctx.options);
  for (const h of ctx.pkg.hoso) {
    const facility = val(h.byTable.get('XML1')?.rows[0], 'MA_CSKCB')?.trim() ?? 'YYYYY';
    for (const row of rowsOf(h, 'XML3')) {
      const v = val(row, 'MA_MAY');
      if (v === undefined || v.trim() === '') continue;
      const bad = machineItems(v).find((i) => !i.shaped);
      if (bad || !ctx.counted('pass', row.table)) ctx.report({ outcome: bad ? verdict.outcome : 'pass', severity: bad ? verdict.severity : undefined, location: loc(h, row, 'MA_MAY'), actual: bad ? bad.text : v, data: { facility } });
    }
  }
};

const machineFacility: Rule['check'] = (ctx) => {
  for (const h of ctx.pkg.hoso) {
    const own = val(xml1Of(h), 'MA_CSKCB')?.trim();
    if (!own) continue;
    for (const row of rowsOf(h, 'XML3')) {
      const v = val(row, 'MA_MAY');
      if (v === undefined) continue;
      const items = machineItems(v).filter((i) => i.facility !== undefined);
      if (items.length === 0) continue;
      const other = items.find((i) => i.facility !== own);
      if (other || !ctx.counted('pass', row.table)) ctx.report({ outcome: other ? 'warning' : 'pass', severity: other ? 'warning' : undefined, location: loc(h, row, 'MA_MAY'), actual: other ? other.text : v, expected: own, data: { other: other?.facility ?? '' } });
    }
  }
};

function cardPercents(cards: string): Set<number> {
  const out = new Set<number>();
  for (const c of cards.split(';')) {
    const d = c.trim()[2];
    if (d !== undefined && /[1-5]/.test(d)) out.add(benefitPercentOf(d));
  }
  return out;
}

const PERCENT: Record<number, Decimal> = { 100: dec(100), 95: dec(95), 80: dec(80) };

const benefitCardLevel: Rule['check'] = (ctx) => {
  const verdict = failOrWarn('medium', ctx.options);
  for (const h of ctx.pkg.hoso) {
    const x1 = xml1Of(h);
    const cards = val(x1, 'MA_THE_BHYT');
    if (!x1 || !cards || !onRouteFullBenefit(x1)) continue;
    const allowed = cardPercents(cards);
    if (allowed.size === 0) continue;
    allowed.add(100);
    const expected = [...allowed].sort((a, b) => a - b).join(' hoặc ');
    const allowedDec = [...allowed].map((p) => PERCENT[p] ?? dec(p));
    for (const table of ['XML2', 'XML3']) {
      for (const row of rowsOf(h, table)) {
        if (val(row, 'PHAM_VI')?.trim() !== '1') continue;
        const tyle = money(row, 'TYLE_TT_BH');
        const muc = money(row, 'MUC_HUONG');
        if (!muc || !tyle || cmp(tyle, ZERO) <= 0) continue;
        let ok = false;
        for (const p of allowedDec) if (cmp(muc, p) === 0) (ok = true);
        if (!(ok && ctx.counted('pass', row.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, row, 'MUC_HUONG'), actual: val(row, 'MUC_HUONG'), expected, data: { card: cards, doituong: val(x1, 'MA_DOITUONG_KCB')! } });
      }
    }
  }
};

const benefitNoCopay: Rule['check'] = (ctx) => {
  const verdict = failOrWarn('medium', ctx.options);
  for (const h of ctx.pkg.hoso) {
    const x1 = xml1Of(h);
    const cards = val(x1, 'MA_THE_BHYT')?.split(';').map((c) => c.trim()).filter((c) => c !== '') ?? [];
    if (!x1 || cards.length === 0 || !onRouteFullBenefit(x1)) continue;
    const digits = new Set(cards.map((c) => c[2]));
    if (![...digits].every((d) => d === '1' || d === '5')) continue;
    const copay = money(x1, 'T_BNCCT');
    if (copay === undefined) continue;
    const ok = cmp(copay, ZERO) === 0;
    if (!(ok && ctx.counted('pass', x1.table))) ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: loc(h, x1, 'T_BNCCT'), actual: val(x1, 'T_BNCCT'), expected: '0', data: { card: cards.join(';'), digit: [...digits].join('/') } });
  }
};

const inpatientExamFee: Rule['check'] = (ctx) => {
  const verdict = failOrWarn('medium', ctx.options);
  for (const h of ctx.pkg.hoso) {
    const x1 = xml1Of(h);
    if (!x1 || !INPATIENT_TYPES.has(val(x1, 'MA_LOAI_KCB')?.trim() ?? '')) continue;
    const exams = rowsOf(h, 'XML3').filter((r) => val(r, 'MA_NHOM')?.trim() === '13');
    const count = sum(exams.map((r) => money(r, 'SO_LUONG') ?? dec(1)));
    const ok = cmp(count, dec(1)) <= 0;
    const at = exams[1] ?? exams[0];
    ctx.report({ outcome: ok ? 'pass' : verdict.outcome, severity: ok ? undefined : verdict.severity, location: at ? loc(h, at, 'MA_NHOM') : loc(h, x1, 'MA_LOAI_KCB'), actual: toPlain(count), expected: '1' });
  }
};

/** The earlier check of each rewritten rule, by rule id. */
export const LEGACY_CHECKS: Record<string, Rule['check']> = {
  'PILOT.IDENTITY.CARD_FORMAT': cardFormat,
  'CROSS.STT.SEQUENCE': sttSequence,
  'CROSS.SO_NGAY_DTRI.FORMULA': soNgayDtri,
  'CROSS.SERVICE.MACHINE_CODE': machineCode,
  'CROSS.SERVICE.MACHINE_FACILITY': machineFacility,
  'CROSS.BENEFIT.CARD_LEVEL': benefitCardLevel,
  'CROSS.BENEFIT.NO_COPAY': benefitNoCopay,
  'CROSS.INPATIENT.EXAM_FEE': inpatientExamFee,
};
