/**
 * Issue 9, behaviour 10: every message template of every rule speaks to a hospital IT officer. The Vietnamese
 * message shows no regular expression, no English-only text and no unfilled placeholder, and ends with what to
 * write; the English one likewise (without the Vietnamese requirement).
 *
 * Covered here: the templates of every rule id the registry knows (field rules of both layouts, envelope,
 * hand-written), the format and type descriptions of every catalogue field, the code-list names and reasons,
 * every hand-written rule's messages rendered on its own invalid and valid fixtures, and the field rules'
 * messages rendered on real mutants of two scenarios. test/generators/mutation.test.ts applies the same checks
 * to every message its full run renders (every rule fails there at least once).
 */
import { describe, expect, it } from 'vitest';
import { getLayout } from '../../conformance/catalogue/catalogue.ts';
import { checkPackage } from '../../conformance/check.ts';
import { listsForField, loadList, PARTIAL_LISTS } from '../../conformance/codelists/index.ts';
import { ENVELOPE_ADVICE } from '../../conformance/envelope/rules.ts';
import { fillTemplate, findingFromReport, type RuleMeta } from '../../conformance/rules/contract.ts';
import { CONDITIONS } from '../../conformance/rules/field/conditions.ts';
import { describeFormat } from '../../conformance/rules/field/format-text.ts';
import { allRuleMetas, fieldRuleIds, ruleModules } from '../../conformance/rules/registry.ts';
import { buildEncounter } from '../../generators/encounters.ts';
import { mutateBatch } from '../../generators/mutants.ts';
import { Rng, packageSeed } from '../../generators/random.ts';
import { SCENARIOS } from '../../generators/scenarios.ts';
import { runFixture } from '../rule-tester.ts';
import { messageProblems } from '../support/message-style.ts';

const meta: RuleMeta = {
  id: 'TEST.MESSAGE',
  severity: 'error',
  tables: ['XML1'],
  fields: ['MA_LK'],
  citation: { decision: 'QĐ 130/QĐ-BYT', clause: 'Bảng 1' },
  messages: { vi: '{field} = {actual} sai, cần {expected}', en: '{field} = {actual} is wrong, expected {expected}' },
  since: '130',
  confidence: 'high',
  description_en: 'test',
};

describe('verdict messages', () => {
  it('uses the problem template for problems and neutral wording otherwise; an English-only reason stays out of the Vietnamese message', () => {
    const loc = { table: 'XML1', field: 'MA_LK' };
    expect(findingFromReport(meta, { outcome: 'fail', location: loc, actual: 'x', expected: 'y' }).message_vi).toBe('MA_LK = x sai, cần y');
    expect(findingFromReport(meta, { outcome: 'warning', location: loc, actual: 'x', expected: 'y' }).message_en).toBe('MA_LK = x is wrong, expected y');
    expect(findingFromReport(meta, { outcome: 'pass', location: loc, actual: 'x', expected: 'y' }).message_vi).toBe('Đạt: TEST.MESSAGE (x)');
    expect(findingFromReport(meta, { outcome: 'not-applicable', location: loc, reason: 'no XML2' }).message_en).toBe('Not applicable: TEST.MESSAGE — no XML2');
    expect(findingFromReport(meta, { outcome: 'skip', location: loc, reason: 'no list' }).message_vi).toBe('Không kiểm tra được: TEST.MESSAGE');
    expect(findingFromReport(meta, { outcome: 'skip', location: loc, reason: 'no list', reason_vi: 'không có danh mục' }).message_vi).toBe('Không kiểm tra được: TEST.MESSAGE — không có danh mục');
  });

  it('leaves no {placeholder} unfilled in any verdict of any hand-written rule fixture', () => {
    const unfilled: string[] = [];
    for (const mod of ruleModules()) {
      for (const fx of [...mod.fixtures.valid, ...mod.fixtures.invalid]) {
        for (const f of runFixture(mod.rule, fx)) {
          for (const m of [f.message_vi, f.message_en]) {
            if (/\{[A-Za-z_]+\}/.test(m)) unfilled.push(`${f.ruleId} [${f.outcome}] on "${fx.name}": ${m}`);
          }
        }
      }
    }
    expect(unfilled).toEqual([]);
  });
});

const fmt = (problems: { lang: string; problem: string; detail: string }[]) => problems.map((p) => `${p.lang}/${p.problem}: ${p.detail}`);

describe('message wording (issue 9, behaviour 10)', () => {
  it('the checker itself flags a regex, English inside Vietnamese, a placeholder and a missing instruction', () => {
    expect(fmt(messageProblems('XML1.SO_CCCD sai: ^(\\d{9}|\\d{12})$; hãy ghi số', 'wrong: ^\\d{12}$; write digits')).join('\n')).toMatch(/vi\/regex[\s\S]*en\/regex/);
    expect(messageProblems('Giá trị is not in the list; hãy ghi mã', 'x; write a code').map((p) => p.problem)).toEqual(['english']);
    expect(messageProblems('Thiếu {field}; hãy ghi giá trị', 'Missing {field}; write a value').map((p) => p.problem)).toEqual(['placeholder', 'placeholder']);
    expect(messageProblems('XML1.MA_LK bắt buộc: thiếu phần tử', 'XML1.MA_LK is required: element is missing').map((p) => p.problem)).toEqual(['no-instruction', 'no-instruction']);
    expect(messageProblems('Mã "K98" sai; hãy ghi mã khoa, ví dụ K01', 'Code "K98" is wrong; write a department code, e.g. K01')).toEqual([]);
  });

  it('every rule template (field rules of both layouts, envelope, hand-written) renders with sample values without a regex, English in Vietnamese or a placeholder left', () => {
    const metas = allRuleMetas();
    expect(metas.length).toBeGreaterThan(1000);
    const sample = new Proxy({} as Record<string, string>, { get: (_t, k) => (typeof k === 'string' ? 'X1' : undefined), has: () => true });
    const bad: string[] = [];
    for (const m of metas) {
      const vi = fillTemplate(m.messages.vi, sample);
      const en = fillTemplate(m.messages.en, sample);
      // the instruction of a `{detail}`-only template comes with the detail: checked on rendered messages below
      for (const p of messageProblems(vi, en, { instruction: false })) bad.push(`${m.id} ${p.lang}/${p.problem}: ${p.detail}`);
    }
    expect(bad).toEqual([]);
  });

  it('format and type descriptions, conditions, code-list names and partial-list reasons of every field are Vietnamese and regex-free', () => {
    const bad: string[] = [];
    const seen = new Set<string>();
    for (const layout of ['4750', '3176'] as const) {
      for (const t of getLayout(layout).tables.values()) {
        for (const f of t.fields) {
          const d = describeFormat(f);
          const key = `${t.table}.${f.name}`;
          if (seen.has(`${layout}|${key}|${d.vi}`)) continue;
          seen.add(`${layout}|${key}|${d.vi}`);
          for (const p of messageProblems(`${key}: ${d.vi}`, `${key}: ${d.en}`, { instruction: false })) bad.push(`${key} format ${p.lang}/${p.problem}: ${p.detail}`);
          for (const l of listsForField(key)) {
            const list = loadList(l.file);
            for (const p of messageProblems(`${list.name_vi} (${list.document_vi})`, `${list.name} (${list.document})`, { instruction: false })) bad.push(`${l.file} ${p.lang}/${p.problem}: ${p.detail}`);
          }
        }
      }
    }
    for (const [key, c] of Object.entries(CONDITIONS)) {
      const [vi, en] = c.kind === 'predicate' ? [c.vi, c.en] : [c.reason_vi, c.reason_en];
      for (const p of messageProblems(`${key} ${vi}`, `${key} ${en}`, { instruction: false })) bad.push(`condition ${key} ${p.lang}/${p.problem}: ${p.detail}`);
    }
    for (const [file, p] of Object.entries(PARTIAL_LISTS)) for (const q of messageProblems(`Mã "1" chưa kiểm chứng: ${p.vi}`, `Code "1" unverified: ${p.en}`)) bad.push(`${file} ${q.lang}/${q.problem}: ${q.detail}`);
    for (const [id, a] of Object.entries(ENVELOPE_ADVICE)) for (const q of messageProblems(`Lỗi; ${a.vi}`, `Error; ${a.en}`)) bad.push(`${id} advice ${q.lang}/${q.problem}: ${q.detail}`);
    expect(bad).toEqual([]);
  });

  it('every hand-written rule, rendered on its own fixtures: problems end with what to write; skips and not-applicables carry no English in Vietnamese', () => {
    const bad: string[] = [];
    let rendered = 0;
    for (const mod of ruleModules()) {
      for (const fx of [...mod.fixtures.invalid, ...mod.fixtures.valid]) {
        for (const f of runFixture(mod.rule, fx)) {
          if (f.outcome === 'pass') continue;
          rendered++;
          const problem = f.outcome === 'fail' || f.outcome === 'warning';
          for (const p of messageProblems(f.message_vi, f.message_en, { instruction: problem })) bad.push(`${f.ruleId} [${fx.name}] ${f.outcome} ${p.lang}/${p.problem}: ${p.detail}`);
        }
      }
    }
    expect(rendered).toBeGreaterThan(ruleModules().length);
    expect(bad).toEqual([]);
  });

  it('field-rule messages rendered on real mutants (every kind of every table of two scenarios) end with what to write', () => {
    const bad: string[] = [];
    const ids = new Set<string>();
    for (const scenario of ['noitru-bhyt', 'kham-bhyt']) {
      const spec = SCENARIOS.find((s) => s.id === scenario)!;
      const e = buildEncounter(spec, new Rng(packageSeed(scenario, 'messages', 0)), { layout: '4750' });
      const groups = new Map<string, string[]>();
      for (const id of fieldRuleIds('4750')) {
        const [t, , k] = id.split('.');
        (groups.get(`${t}.${k}`) ?? groups.set(`${t}.${k}`, []).get(`${t}.${k}`)!).push(id);
      }
      for (const group of groups.values()) {
        const b = mutateBatch(e, group, { unsigned: true });
        if (!b.mutant) continue;
        const r = checkPackage(b.mutant.bytes, { profile: 'strict', findings: 'problems', signatureMode: 'off', receivedAt: e.receivedAt, layout: '4750', kind: b.mutant.kind, facility: e.facility.code });
        for (const f of r.findings) {
          ids.add(f.ruleId);
          const problem = f.outcome === 'fail' || f.outcome === 'warning';
          for (const p of messageProblems(f.message_vi, f.message_en, { instruction: problem })) bad.push(`${f.ruleId} ${f.outcome} ${p.lang}/${p.problem}: ${p.detail}`);
        }
      }
    }
    // every kind was rendered at least once
    for (const kind of ['REQUIRED', 'TYPE', 'LENGTH', 'FORMAT', 'CODELIST']) expect([...ids].some((id) => id.endsWith(`.${kind}`)), kind).toBe(true);
    expect([...new Set(bad)]).toEqual([]);
  });
});
