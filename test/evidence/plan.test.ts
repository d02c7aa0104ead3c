/** The plan as data and the pure judgement: predicates, mustPass, refused submissions, waivers by scope. */
import { describe, expect, it } from 'vitest';
import { QD2733_PILOT_PLAN, judgeRun, matchScenarios, visitMatches, type RunSubmission } from '../../conformance/plans/index.ts';
import { emptyCounts, type Result } from '../../conformance/result.ts';

const plan = QD2733_PILOT_PLAN;

function result(byRule: Record<string, Partial<ReturnType<typeof emptyCounts>>>, findings: Result['findings'] = []): Result {
  const full = Object.fromEntries(Object.entries(byRule).map(([k, v]) => [k, { ...emptyCounts(), ...v }]));
  return { summary: { verdict: 'pass', counts: emptyCounts(), byTable: {}, byRule: full }, findings } as unknown as Result;
}

describe('certification plan', () => {
  it('has stable, unique scenario ids, all required, citing only known conditions', () => {
    const ids = plan.scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(22);
    const conditions = new Set(plan.conditions.map((c) => c.id));
    expect([...conditions]).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C12', 'C13']);
    for (const s of plan.scenarios) for (const c of s.conditions) expect(conditions.has(c), `${s.id} ${c}`).toBe(true);
  });

  it('recognises visit type and insurance from content', () => {
    const visit = (fields: Record<string, string>, tables = ['XML1']) => ({ index: 0, fields, tables });
    expect(matchScenarios(plan, { kind: 'GIAMDINHHS', visits: [visit({ MA_LOAI_KCB: '05', MA_THE_BHYT: 'DN4520000000001' })] })).toEqual(['ngoaitru-bhyt', 'chuky-dangky', 'tiepnhan-the-bhyt']);
    expect(matchScenarios(plan, { kind: 'GIAMDINHHS', visits: [visit({ MA_LOAI_KCB: '03', SO_CCCD: '052080001234', MA_DOITUONG_KCB: '2' }, ['XML1', 'XML7', 'XML8'])] }))
      .toEqual(['noitru-vienphi', 'capcuu', 'giayravien-xml7', 'tomtat-xml8', 'chuky-dangky', 'tiepnhan-dinhdanh']);
    expect(matchScenarios(plan, { kind: 'CHECKIN', visits: [visit({ MA_LOAI_KCB: '01' }, ['XML0'])] })).toEqual(['checkin-xml0']);
    expect(visitMatches({ fieldShape: { SO_CCCD: 'digits12' } }, 'GIAMDINHHS', visit({ SO_CCCD: 'B1234567' }))).toBe(false);
  });

  it('does not count a skipped mustPass rule as evidence, and names why', () => {
    const facts = { kind: 'GIAMDINHHS' as const, visits: [{ index: 0, fields: { MA_LOAI_KCB: '01', MA_THE_BHYT: 'DN4520000000001' }, tables: ['XML1'] }] };
    const v = judgeRun(plan, [{ id: 'a', facts, result: result({ 'SIG.VALUE': { pass: 1 }, 'SIG.CERT.REGISTERED': { skip: 1 }, 'PILOT.IDENTITY.CARD_FORMAT': { pass: 1 } }) }]);
    const s = v.scenarios.find((x) => x.id === 'chuky-dangky')!;
    expect(s.state).toBe('failed');
    expect(s.problems[0]).toContain('SIG.CERT.REGISTERED (skip)');
    expect(v.scenarios.find((x) => x.id === 'kham-bhyt')!.state).toBe('passed');
    expect(v.verdict).toBe('fail');
  });

  it('fails the run for a refused submission and for an undecodable one', () => {
    const refused: RunSubmission = { id: 'r', refused: { maKetQua: '205', message: 'không phải base64' } };
    const v = judgeRun(plan, [refused]);
    expect(v.submissions).toEqual([{ id: 'r', scenarios: [], failingRules: [], verdict: 'fail' }]);
    expect(v.reasons.map((r) => r.en)).toContain('Submission r was refused by the portal (code 205): không phải base64');
    const envelope = judgeRun(plan, [{ id: 'e', result: result({ 'ENVELOPE.XML': { fail: 1 } }) }]);
    expect(envelope.submissions[0]).toMatchObject({ verdict: 'fail', scenarios: [] });
    expect(envelope.failingRules.map((f) => f.ruleId)).toEqual(['ENVELOPE.XML']);
  });

  it('applies a waiver only within its scope and before its expiry', () => {
    const finding = (maLk: string) => ({ ruleId: 'CROSS.T_THUOC.SUM', outcome: 'fail', severity: 'error', message_vi: 'x', message_en: 'x', citation: { decision: 'QĐ 130', clause: 'Bảng 1' }, confidence: 'high', location: { MA_LK: maLk } }) as Result['findings'][number];
    const subs: RunSubmission[] = [
      { id: 'a', result: result({ 'CROSS.T_THUOC.SUM': { fail: 1 } }, [finding('LK1')]) },
      { id: 'b', result: result({ 'CROSS.T_THUOC.SUM': { fail: 1 } }, [finding('LK2')]) },
    ];
    const w = { id: 'W1', ruleId: 'CROSS.T_THUOC.SUM', maLk: 'LK1', reason: 'làm tròn', approver: 'SYT_52', expiresAt: '2027-01-01T00:00:00.000Z', createdAt: '2026-11-01T00:00:00.000Z' };
    const v = judgeRun(plan, subs, [w], new Date('2026-12-01T00:00:00Z'));
    expect(v.submissions.map((s) => s.verdict)).toEqual(['waived', 'fail']);
    expect(v.failingRules[0].state).toBe('fail');
    const late = judgeRun(plan, subs.slice(0, 1), [w], new Date('2027-02-01T00:00:00Z'));
    expect(late.submissions[0].verdict).toBe('fail');
    expect(late.waiversUnused).toEqual(['W1']);
  });
});
