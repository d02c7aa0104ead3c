import { describe, expect, it } from 'vitest';
import { benefitPercent, CARD_GROUPS, person, personalId } from '../../generators/people.ts';
import { Rng } from '../../generators/random.ts';
import { localMinutes } from '../../generators/time.ts';

const visit = localMinutes(2026, 11, 20, 8, 0);

describe('synthetic people', () => {
  it('shapes personal IDs like real ones: province, century/sex digit, year, 6 digits', () => {
    expect(personalId(new Rng("a"), "52", "2", 1985)).toMatch(/^052185\d{6}$/);
    expect(personalId(new Rng('a'), '01', '1', 2003)).toMatch(/^001203\d{6}$/);
    expect(personalId(new Rng('a'), '79', '2', 2010)).toMatch(/^079310\d{6}$/);
  });

  it('gives insured people a 15-character card consistent with group and benefit level', () => {
    for (let i = 0; i < 200; i++) {
      const p = person(new Rng(`card${i}`), { band: 'adult', visitStart: visit, insured: true });
      const c = p.card!;
      expect(c.number).toMatch(/^[A-Z]{2}[1-5]\d{12}$/);
      expect(c.number.slice(0, 2)).toBe(c.group);
      expect(Number(c.number[2])).toBe(CARD_GROUPS.find((g) => g.group === c.group)!.level);
      expect(c.number.slice(3, 5)).toBe(p.address.province);
      expect(c.validFrom <= '20261120' && '20261120' <= c.validTo).toBe(true);
      expect([80, 95, 100]).toContain(benefitPercent(c.level));
    }
  });

  it('writes newborn birth times with hour and minute and uses 0000 for unknown parts of the elderly', () => {
    const nb = person(new Rng('nb'), { band: 'newborn', visitStart: visit, insured: true });
    expect(nb.birthText).toMatch(/^2026\d{8}$/);
    const texts = Array.from({ length: 200 }, (_, i) => person(new Rng(`old${i}`), { band: 'elderly', visitStart: visit, insured: false }).birthText);
    expect(texts.some((t) => /^\d{4}00000000$/.test(t))).toBe(true);
    expect(texts.every((t) => /^\d{8}0000$/.test(t))).toBe(true);
  });

  it('keeps diacritics in names and uses post-merger commune codes of province 52', () => {
    const p = person(new Rng('dia'), { band: 'adult', visitStart: visit, insured: false });
    expect(p.name).toMatch(/\p{L}+ \p{L}+/u);
    expect(p.address.province).toBe('52');
    expect(p.address.commune).toMatch(/^\d{5}$/);
    expect(p.address.district).toBeUndefined();
    expect(p.card).toBeUndefined();
    expect(p.idNumber).toMatch(/^\d{12}$/);
  });
});
