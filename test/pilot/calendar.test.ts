import { describe, expect, it } from 'vitest';
import { addWorkingDays, DEFAULT_HOLIDAYS, isoToLocalMinutes, formatLocal, localMinutes, makeCalendar, workingDaysBetween } from '../../conformance/calendar.ts';
import { timelinessOf } from '../../conformance/pilot/timeliness.ts';
import { VN_HOLIDAYS_2024_2026 } from '../../conformance/pilot/vn-holidays.ts';

const cal = makeCalendar();

describe('working-day calendar', () => {
  it('skips weekends', () => {
    expect(cal.isWorkingDay('20251010')).toBe(true); // Friday
    expect(cal.isWorkingDay('20251011')).toBe(false); // Saturday
    expect(addWorkingDays('20251010', 1, cal)).toBe('20251013');
    expect(workingDaysBetween('20251010', '20251013', cal)).toBe(1);
    expect(workingDaysBetween('20251010', '20251010', cal)).toBe(0);
  });

  it('skips Tết (different dates every year) and the other public holidays', () => {
    expect(addWorkingDays('20260213', 1, cal)).toBe('20260223'); // Tết Bính Ngọ 16–20/02/2026
    expect(addWorkingDays('20250124', 1, cal)).toBe('20250203'); // Tết Ất Tỵ 27–31/01/2025
    expect(addWorkingDays('20240207', 1, cal)).toBe('20240215'); // Tết Giáp Thìn 08–14/02/2024
    expect(addWorkingDays('20250429', 1, cal)).toBe('20250505'); // 30/4, 1/5 and the swapped 2/5
    expect(addWorkingDays('20250829', 1, cal)).toBe('20250903'); // Quốc khánh 1–2/9/2025
    expect(workingDaysBetween('20260206', '20260224', cal)).toBe(7);
  });

  it('counts make-up Saturdays as working days', () => {
    expect(cal.isWorkingDay('20250215')).toBe(true);
    expect(cal.isWorkingDay('20250426')).toBe(true);
    expect(makeCalendar({ holidays: [] }).isWorkingDay('20250215')).toBe(false);
  });

  it('takes a configured holiday list instead of the default', () => {
    const custom = makeCalendar({ holidays: ['20251013'] });
    expect(addWorkingDays('20251010', 1, custom)).toBe('20251014');
    expect(custom.isWorkingDay('20260217')).toBe(true); // default Tết no longer applies
  });

  it('ships the holiday list as data with its source and confidence', () => {
    expect(DEFAULT_HOLIDAYS.length).toBe(VN_HOLIDAYS_2024_2026.length);
    for (const h of VN_HOLIDAYS_2024_2026) expect(['official', 'expected']).toContain(h.confidence);
    expect(new Set(DEFAULT_HOLIDAYS.map((d) => d.slice(0, 4)))).toEqual(new Set(['2024', '2025', '2026']));
  });
});

describe('dates', () => {
  it('parses table dates strictly', () => {
    expect(localMinutes('202502290800')).toBeUndefined();
    expect(localMinutes('202402290800')).toBeDefined();
    expect(localMinutes('202510062400')).toBeUndefined();
    expect(localMinutes('20251006')).toBe(localMinutes('202510060000'));
  });

  it('reads receivedAt in Vietnam time (UTC+7)', () => {
    expect(formatLocal(isoToLocalMinutes('2025-11-04T22:00:00Z')!)).toBe('202511050500');
    expect(formatLocal(isoToLocalMinutes('2025-11-04T22:00:00+07:00')!)).toBe('202511042200');
    expect(formatLocal(isoToLocalMinutes('2025-11-04T22:00:00')!)).toBe('202511042200');
  });
});

describe('timelinessOf', () => {
  it('reports the delay in hours and working days with the deadlines', () => {
    const t = timelinessOf('202602061000', '2026-02-24T09:00:00+07:00', {})!;
    expect(t).toMatchObject({ delayHours: 431, workingDays: 7, sendDeadline: '20260209', finaliseDeadline: '20260224', monthlyDeadline: '20260305' });
  });

  it('honours thresholds and the settlement month', () => {
    const t = timelinessOf('202510311030', '2025-11-04T10:00:00+07:00', { thresholds: { 'timeliness.sendWorkingDays': 2, 'timeliness.monthlyDeadlineDay': 3 } }, { NAM_QT: '2025', THANG_QT: '10' })!;
    expect(t.sendDeadline).toBe('20251104');
    expect(t.monthlyDeadline).toBe('20251103');
    expect(timelinessOf('202512311030', '2026-01-02T10:00:00+07:00', {})!.monthlyDeadline).toBe('20260105');
  });

  it('is undefined without receivedAt', () => {
    expect(timelinessOf('202510311030', undefined, {})).toBeUndefined();
  });
});
