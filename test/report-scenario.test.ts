/**
 * The figures of a scripted scenario, each against the hand computation: a unit of four classes
 * over ten days of tips (11-23 … 12-02, Shanghai), with class lists, a leaver and an advisor in
 * every class (whose presses and answers count for nobody), and advisors the platform does not
 * know of: a college advisor granted by /grant on the unit, in B and D, and the school admin in B.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId } from '../src/core/ids.ts';
import { triageReports } from '../src/db/schema.ts';
import { Harness, type TestClient } from './helpers/harness.ts';

const LETTERS = ['A', 'B', 'C', 'D'];
const DAYS = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2026, 10, 23 + i)).toISOString().slice(0, 10));

describe('a 4-class, 10-day scenario', () => {
  let h: Harness;
  const c: Record<string, TestClient> = {};
  const G = (name: string) => groupId('test', name);

  beforeAll(async () => {
    h = await Harness.start({ now: new Date('2026-11-22T23:00:00Z'), env: { ADMIN_IDS: 'test:校长' } });
    h.app.units.save({ id: 'jsj', name: '计算机学院', kind: 'college', parentId: null });
    const people: Record<string, string[]> = { A班: ['a1', 'a2', 'a3', 'a4'], B班: ['b1', 'b2', 'b3', 'b4'], C班: ['c1', 'c2'], D班: ['d1', 'd2', 'd3', 'd4'] };
    for (const [cls, students] of Object.entries(people)) {
      const advisor = (c[`${cls}老师`] = h.client(cls, `${cls}老师`, { admin: true }));
      await advisor.send(`/setup ${cls}`);
      await advisor.send('/unit assign jsj');
      for (const s of students) await (c[s] = h.client(cls, s)).send('到');
    }
    // The college advisor speaks in B and is granted the unit there by the school admin; then joins D.
    await (c['辅导员B'] = h.client('B班', '辅导员')).send('老师好');
    await (c['校长'] = h.client('B班', '校长')).send('/grant 辅导员 jsj');
    await (c['辅导员D'] = h.client('D班', '辅导员')).send('老师好');
    // A: a list of five (a5 never seen); D: a list of its four. B and C: none.
    h.app.classLists.import(G('A班'), ['a1', 'a2', 'a3', 'a4', 'a5'].map((n, i) => ({ ref: `A${i}`, name: n, ...(n === 'a1' ? { platformId: 'a1' } : {}) })));
    h.app.classLists.import(G('D班'), ['d1', 'd2', 'd3', 'd4'].map((n, i) => ({ ref: `D${i}`, name: n })));

    for (const [i, day] of DAYS.entries()) {
      const n = i + 1;
      h.clock.set(new Date(`${day}T00:00:00Z`));
      await h.app.scheduler.tick();
      const tipOf = (cls: string) => h.adapter.outputs.filter((o) => o.kind === 'send' && o.chat === G(cls) && o.buttons.length > 0).at(-1)!;
      const ackers: [string, string][] = [
        ...['A班老师', 'a1', ...(n <= 5 ? ['a2'] : [])].map((p): [string, string] => [p, 'A班']),
        ...['B班老师', 'b1', '辅导员B', '校长', ...(n <= 5 ? ['b4'] : [])].map((p): [string, string] => [p, 'B班']),
        ['c1', 'C班'],
        ['c2', 'C班'],
        ['辅导员D', 'D班'],
      ];
      for (const [p, cls] of ackers) await c[p]!.press('已阅 ✅', tipOf(cls));
      if (n === 3) {
        // A question in B: b1 right, b4 right (b4 leaves on day 5), the college advisor right.
        await c['B班老师']!.send('/quiz');
        await answerQuiz('B班', ['b1', 'b4', '辅导员B'], []);
      }
      if (n === 5) await h.emit({ type: 'member-left', platform: 'test', chat: c.b4!.chat, member: c.b4!.sender }, c.b4!.handle);
      if (n === 10) {
        // A question in A: a1 right, a2 wrong, the advisor right.
        await c['A班老师']!.send('/quiz');
        await answerQuiz('A班', ['a1', 'A班老师'], ['a2']);
        const [typeId] = [...h.app.library.types][0]!;
        h.db.insert(triageReports).values({ memberId: c.c1!.sender.id, groupId: G('C班'), risk: 'high', typeId, score: 0.9, textHash: 'h', at: h.clock.now().getTime() }).run();
      }
    }
    await h.app.acks.flush();
    await h.dm('校长').send(`/case add 2026-11-28 jsj ${[...h.app.library.types][0]![0]} 1万-5万 96110 成功`);
    h.clock.set(new Date('2026-12-02T04:00:00Z')); // 12:00 on day 10
  }, 180_000);
  afterAll(() => h.close());

  async function answerQuiz(cls: string, right: string[], wrong: string[]) {
    const session = h.app.quiz.lastGroupQuiz(G(cls))!;
    const q = h.app.quiz.question(h.app.quiz.questionIds(session)[0]!)!;
    for (const p of right) await c[p]!.press(LETTERS[q.answer]!);
    for (const p of wrong) await c[p]!.press(LETTERS[(q.answer + 1) % q.options.length]!);
  }

  it('has each class’s members, denominators and rates as computed by hand', async () => {
    const rows = Object.fromEntries(h.app.reports.unitReport('jsj', '30d')!.board.map((r) => [r.group.name, r]));
    // A: 5 listed, 4 seen; a1 10 + a2 5 = 15 of 10 × 5. B: b4 left, 3 members (the teacher and the two granted
    // advisors known, not members); b1 10 of 10 × 3. C: 20 of 20. D: none (the college advisor's 10 aside).
    expect(rows.A班!.group).toMatchObject({ knownMembers: 5, members: 5, listed: 5 });
    expect(rows.A班).toMatchObject({ delivered: 10, acknowledgements: 15, ackRate: 15 / 50 });
    expect(rows.B班!.group).toMatchObject({ knownMembers: 6, members: 3, listed: 0 });
    expect(rows.B班).toMatchObject({ delivered: 10, acknowledgements: 10, ackRate: 10 / 30 });
    expect(rows.C班).toMatchObject({ acknowledgements: 20, ackRate: 1 });
    expect(rows.D班!.group).toMatchObject({ knownMembers: 6, members: 4, listed: 4 });
    expect(rows.D班).toMatchObject({ acknowledgements: 0, ackRate: 0 });
    // Quizzes: A 2 of 5 answered (the advisor's answer aside), 1 right; B 1 of 3 (b4 left), right.
    expect(rows.A班!.quiz).toMatchObject({ questions: 1, answers: 2, correct: 1, participation: 2 / 5, correctRate: 0.5 });
    expect(rows.B班!.quiz).toMatchObject({ questions: 1, answers: 1, correct: 1, participation: 1 / 3, correctRate: 1 });
    // The 7 days are 11-26 … 12-02: A's a1 7 and a2 2 (11-26, 11-27) of 7 × 5.
    const week = Object.fromEntries(h.app.reports.unitReport('jsj', '7d')!.board.map((r) => [r.group.name, r]));
    expect(week.A班).toMatchObject({ delivered: 7, acknowledgements: 9, ackRate: 9 / 35 });
  });

  it('has the unit’s totals, board and text as computed by hand', async () => {
    const unit = h.app.reports.unitReport('jsj', '30d')!;
    expect(unit.board.map((r) => r.group.name)).toEqual(['C班', 'B班', 'A班', 'D班']);
    expect(unit.totals).toMatchObject({ groups: 4, knownMembers: 20, members: 14, listed: 9, delivered: 40, acknowledgements: 45, triaged: 1 });
    // Each class's rate weighted by its deliveries: (0.3 + 1/3 + 1 + 0) × 10 / 40.
    expect(unit.totals.ackRate).toBeCloseTo((0.3 + 1 / 3 + 1) / 4, 12);
    expect(unit.totals.quiz.participation).toBeCloseTo((2 / 5 + 1 / 3) / 2, 12);
    expect(unit.totals.quiz.correctRate).toBeCloseTo(2 / 3, 12);
    expect(unit.triage.total).toBe(1);
    expect(unit.sections.find((s) => s.id === 'cases')!.metrics.map((m) => m.total)).toEqual([1, 1, 1]);
    const text = (await h.dm('校长').send('/report jsj 30d'))[0]!.text;
    expect(text).toContain('4 个班级，已知成员 20 人，推送 40 条，确认率 41%，测验正确率 67%');
    expect(text).toContain('比率按 14 人计算：有花名册的班级按花名册（共 9 人）');
    expect(text).toContain('1. C班 — 确认率 100%');
    expect(text).toContain('2. B班 — 确认率 33%');
    expect(text).toContain('3. A班 — 确认率 30%');
    expect(text).toContain('4. D班 — 确认率 0%');
  });

  it('lists for A’s advisor those to follow up: not the advisor, not a2 (acknowledged on 11-27), and a5 from the list', () => {
    const follow = h.app.reports.followUps(G('A班')).map((f) => [f.name, f.member === null]);
    expect(follow).toEqual([
      ['a3', false],
      ['a4', false],
      ['a5', true],
    ]);
  });

  it('collects the sections over every class of a range, also when the chat shows only the best', () => {
    const range = { from: '2026-11-23', to: '2026-12-02' };
    const all = h.app.reports.unitReport('jsj', range)!;
    const best = h.app.reports.unitReport('jsj', range, { board: 1 })!;
    expect(best.board).toHaveLength(1);
    expect(best.sections).toEqual(all.sections);
    // The on-time section counts the tips of all four classes: 10 each.
    expect(all.sections.find((s) => s.id === 'punctuality')!.metrics[0]!.total).toBe(40);
  });

  it('lists for B’s advisor b2 and b3, never the granted advisor nor the school admin', () => {
    expect(h.app.reports.followUps(G('B班')).map((f) => f.name)).toEqual(['b2', 'b3']);
  });

  it('counts the college advisor again once the role is revoked, and the figures follow', async () => {
    await c['校长']!.send('/revoke 辅导员 jsj');
    const rows = Object.fromEntries(h.app.reports.unitReport('jsj', '30d')!.board.map((r) => [r.group.name, r]));
    // B: 4 members; b1 10 + the advisor 10 = 20 of 10 × 4, and the quiz 2 of 4. D: 5 members (4 listed + the advisor), 10 of 10 × 5.
    expect(rows.B班!.group).toMatchObject({ members: 4 });
    expect(rows.B班).toMatchObject({ acknowledgements: 20, ackRate: 20 / 40 });
    expect(rows.B班!.quiz).toMatchObject({ answers: 2, participation: 2 / 4 });
    expect(rows.D班).toMatchObject({ acknowledgements: 10, ackRate: 10 / 50 });
    await c['校长']!.send('/grant 辅导员 jsj');
    const again = Object.fromEntries(h.app.reports.unitReport('jsj', '30d')!.board.map((r) => [r.group.name, r]));
    expect(again.B班).toMatchObject({ acknowledgements: 10, ackRate: 10 / 30 });
  });
});
