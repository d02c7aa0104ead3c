/**
 * JUnit XML for a certification run, in the Ant/Jenkins JUnit format that CI servers read (schema:
 * ./junit.xsd, written from that format's documentation): one suite of scenario test cases (one per plan
 * scenario) and one suite of rule test cases (one per required rule × table that was judged). A waived
 * failure is a <skipped> with the waiver in its message, never a pass.
 */
import { escapeXml } from '../junit.ts';
import type { Masker } from './mask.ts';
import type { CertificationOutcome } from './model.ts';

const text = (s: string) => escapeXml(s).replace(/&#10;/g, '\n');

export function renderRunJunit(o: CertificationOutcome, mask: Masker): string {
  const ts = o.run.referenceTime.replace(/\.\d{3}Z$/, '');
  const scenarioCases: string[] = [];
  let sFail = 0;
  let sSkip = 0;
  for (const s of o.verdict.scenarios) {
    const name = `${s.id}: ${s.title_vi}`;
    const cls = `certification.${o.plan.id}.scenario`;
    if (s.state === 'passed') scenarioCases.push(`    <testcase name="${escapeXml(name)}" classname="${cls}" time="0"/>`);
    else if (s.state === 'waived') {
      sSkip++;
      scenarioCases.push(`    <testcase name="${escapeXml(name)}" classname="${cls}" time="0">\n      <skipped message="${escapeXml('waived / được miễn trừ: ' + s.failingRules.join(', '))}"/>\n    </testcase>`);
    } else if (s.state === 'not-started' && !s.required) {
      sSkip++;
      scenarioCases.push(`    <testcase name="${escapeXml(name)}" classname="${cls}" time="0">\n      <skipped message="optional scenario without submission / kịch bản không bắt buộc, chưa có hồ sơ"/>\n    </testcase>`);
    } else {
      sFail++;
      const msg = s.state === 'not-started' ? 'no submission for this required scenario / chưa có hồ sơ cho kịch bản bắt buộc' : 'no passing submission / chưa có hồ sơ đạt';
      scenarioCases.push(`    <testcase name="${escapeXml(name)}" classname="${cls}" time="0">\n      <failure message="${escapeXml(msg)}" type="${s.state}">${text(mask.text(s.problems.join('\n')))}</failure>\n    </testcase>`);
    }
  }

  // rule × table: every required rule that produced a verdict in the run, per table
  const cells = new Map<string, { pass: number; fail: number; waived: number; messages: string[] }>();
  const waivedBySubmission = new Map<string, Set<string>>();
  for (const j of o.verdict.submissions) waivedBySubmission.set(j.id, new Set(j.failingRules.filter((f) => f.state === 'waived').map((f) => f.ruleId)));
  for (const sub of o.submissions) {
    if (!sub.result) continue;
    const waived = waivedBySubmission.get(sub.id) ?? new Set<string>();
    for (const [table, byRule] of Object.entries(perTableRule(sub.result))) {
      for (const [ruleId, c] of Object.entries(byRule)) {
        const key = `${ruleId}\u0000${table}`;
        const cell = cells.get(key) ?? { pass: 0, fail: 0, waived: 0, messages: [] };
        cell.pass += c.pass;
        if (c.fail) {
          if (waived.has(ruleId)) cell.waived += c.fail;
          else cell.fail += c.fail;
          const f = sub.result.findings.find((x) => x.ruleId === ruleId && (x.outcome === 'fail' || x.outcome === 'error') && (x.location.table ?? 'ENVELOPE') === table);
          if (f && cell.messages.length < 5) cell.messages.push(`${sub.id}${f.location.MA_LK ? ` MA_LK ${f.location.MA_LK}` : ''}${f.location.line ? ` line ${f.location.line}` : ''}: ${f.message_vi} / ${f.message_en} (${f.citation.decision}, ${f.citation.clause})`);
        }
        cells.set(key, cell);
      }
    }
  }
  const ruleCases: string[] = [];
  let rFail = 0;
  let rSkip = 0;
  for (const [key, c] of [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [ruleId, table] = key.split('\u0000');
    const name = `${ruleId} [${table}]`;
    const cls = `certification.${o.plan.id}.rule.${table}`;
    if (c.fail) {
      rFail++;
      ruleCases.push(`    <testcase name="${escapeXml(name)}" classname="${escapeXml(cls)}" time="0">\n      <failure message="${escapeXml(`${c.fail} failing verdicts / ${c.fail} lỗi`)}" type="fail">${text(mask.text(c.messages.join('\n')))}</failure>\n    </testcase>`);
    } else if (c.waived) {
      rSkip++;
      ruleCases.push(`    <testcase name="${escapeXml(name)}" classname="${escapeXml(cls)}" time="0">\n      <skipped message="${escapeXml(`waived / được miễn trừ: ${c.waived} failing verdicts`)}"/>\n    </testcase>`);
    } else ruleCases.push(`    <testcase name="${escapeXml(name)}" classname="${escapeXml(cls)}" time="0"/>`);
  }
  const suite = (id: number, name: string, cases: string[], failures: number, skipped: number) =>
    `  <testsuite id="${id}" name="${escapeXml(name)}" package="sskdt-lab.certification" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${ts}" hostname="sskdt-lab">\n` +
    `    <properties>\n      <property name="facility" value="${escapeXml(o.run.facility.maCSKCB)}"/>\n      <property name="plan" value="${escapeXml(`${o.plan.id}@${o.plan.version}`)}"/>\n      <property name="run" value="${escapeXml(o.run.id)}"/>\n      <property name="verdict" value="${o.verdict.verdict}"/>\n    </properties>\n` +
    `${cases.join('\n')}${cases.length ? '\n' : ''}    <system-out/>\n    <system-err/>\n  </testsuite>`;
  const tests = scenarioCases.length + ruleCases.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(`sskdt-lab certification ${o.run.facility.maCSKCB}`)}" tests="${tests}" failures="${sFail + rFail}" errors="0" skipped="${sSkip + rSkip}" time="0">\n` +
    `${suite(0, `${o.plan.id} scenarios (${o.run.facility.maCSKCB})`, scenarioCases, sFail, sSkip)}\n${suite(1, `${o.plan.id} rules × tables (${o.run.facility.maCSKCB})`, ruleCases, rFail, rSkip)}\n</testsuites>\n`;
}

/** Pass/fail counts per table and rule. The summary has them per rule and per table only, so per-table
 *  splits of a rule come from its listed findings; passes of a rule go to the tables its findings name
 *  or, with none listed, to the single table of summary.byTable when the rule is table-specific. */
function perTableRule(r: import('../../conformance/result.ts').Result): Record<string, Record<string, { pass: number; fail: number }>> {
  const out: Record<string, Record<string, { pass: number; fail: number }>> = {};
  const add = (table: string, rule: string, k: 'pass' | 'fail', n: number) => {
    const t = (out[table] ??= {});
    const c = (t[rule] ??= { pass: 0, fail: 0 });
    c[k] += n;
  };
  for (const [rule, c] of Object.entries(r.summary.byRule)) {
    const bad = c.fail + c.error;
    const tables = [...new Set(r.findings.filter((f) => f.ruleId === rule).map((f) => f.location.table ?? 'ENVELOPE'))];
    const home = tables[0] ?? tableOfRule(rule);
    if (bad) {
      const failing = r.findings.filter((f) => f.ruleId === rule && (f.outcome === 'fail' || f.outcome === 'error'));
      const byTable = new Map<string, number>();
      for (const f of failing) byTable.set(f.location.table ?? 'ENVELOPE', (byTable.get(f.location.table ?? 'ENVELOPE') ?? 0) + 1);
      let listed = 0;
      for (const [t, n] of byTable) {
        add(t, rule, 'fail', n);
        listed += n;
      }
      if (bad > listed) add(home, rule, 'fail', bad - listed); // findings capped by the listing limits
    }
    if (c.pass) add(home, rule, 'pass', c.pass);
  }
  return out;
}

/** The table a rule id names (XML1.HO_TEN.REQUIRED → XML1), else the rule family (CROSS, SIG, PILOT …). */
function tableOfRule(rule: string): string {
  const m = /^(XML\d+)\./.exec(rule);
  return m ? m[1] : rule.split('.')[0];
}
