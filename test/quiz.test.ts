import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId, memberId } from '../src/core/ids.ts';
import { quizAnswers } from '../src/db/schema.ts';
import { Harness, type TestClient } from './helpers/harness.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const LETTERS = ['A', 'B', 'C', 'D'];
const START = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai

describe('group quiz', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
    await h.client('软件2301', '王老师', { admin: true }).send('/setup 软件2301');
  });
  afterEach(() => h.close());

  const current = () => {
    const session = h.app.quiz.lastGroupQuiz(groupId('test', '软件2301'))!;
    return { session, question: h.app.quiz.question(h.app.quiz.questionIds(session)[0]!)! };
  };
  const answerOf = (out: { kind: string; text: string }[]) => out.find((o) => o.kind === 'answer')!.text;

  it('records each member’s first answer, answers privately, and posts only the group’s rate', async () => {
    await h.client('软件2301', '张三').shouldReply('/quiz', '群里的测验由辅导员/班主任发起');
    const [posted] = await h.client('软件2301', '王老师', { admin: true }).send('/quiz');
    const { question } = current();
    expect(posted!.buttons.map((b) => b.label)).toEqual(LETTERS.slice(0, question.options.length));
    const right = LETTERS[question.answer]!;
    const wrong = LETTERS[(question.answer + 1) % question.options.length]!;

    const li = await h.client('软件2301', '李四').press(right);
    expect(li.find((o) => o.kind === 'answer')).toMatchObject({ visibleTo: 'member:test:李四', text: expect.stringContaining('回答正确') });
    expect(answerOf(li)).toContain(question.explain.slice(0, 10));
    expect(answerOf(await h.client('软件2301', '张三').press(wrong))).toContain(`正确答案是 ${right}`);
    const wang = h.client('软件2301', '王五');
    await wang.press(right);
    expect(answerOf(await wang.press(wrong))).toContain('以第一次作答为准');
    expect(h.db.select().from(quizAnswers).all().map((a) => [a.memberId, a.correct])).toEqual([
      [memberId('test', '李四'), true],
      [memberId('test', '张三'), false],
      [memberId('test', '王五'), true],
    ]);

    await h.app.quizEdits.flush();
    h.clock.advance(31 * MINUTE);
    await h.app.scheduler.tick();
    const group = h.outputsVisibleTo('group:test:软件2301');
    const result = group.at(-1)!;
    expect(result.text).toContain('测验揭晓');
    expect(result.text).toContain(`正确答案：${right}.`);
    expect(result.text).toContain('本群 3 人作答，正确率 67%');
    expect(group.some((o) => o.kind === 'edit' && o.text.includes('已作答 3 人'))).toBe(true);
    for (const o of group) for (const name of ['张三', '李四', '王五']) expect(o.text).not.toContain(name);

    expect(answerOf(await h.client('软件2301', '赵六').press(right, posted))).toContain('已经截止');
    expect(h.db.select().from(quizAnswers).all()).toHaveLength(3);
  });

  it('rate-limits /quiz per group and keeps one question open at a time', async () => {
    const quick = await Harness.start({ now: START, env: { QUIZ_OPEN_MINUTES: '5', QUIZ_COOLDOWN_MINUTES: '10' } });
    try {
      await quick.client('软件2301', '王老师', { admin: true }).send('/setup 软件2301');
      const zhang = quick.client('软件2301', '王老师', { admin: true });
      await zhang.send('/quiz');
      await zhang.shouldReply('/quiz', '还有一道题在进行中');
      quick.clock.advance(6 * MINUTE);
      await quick.app.scheduler.tick();
      await zhang.shouldReply('/quiz', '请 4 分钟后再发起');
      // Another group is not limited by this one.
      await quick.client('网安2302', '李老师', { admin: true }).send('/setup 网安2302');
      await quick.client('网安2302', '李老师', { admin: true }).shouldReply('/quiz', '反诈小测验');
      quick.clock.advance(4 * MINUTE);
      await zhang.shouldReply('/quiz', '反诈小测验');
    } finally {
      await quick.close();
    }
  });

  it('refuses forged, foreign and malformed answers without recording anything', async () => {
    await h.client('软件2301', '王老师', { admin: true }).send('/quiz');
    const { session } = current();
    const stranger = h.client('别的班', '路人');
    for (const token of [`qz:${session.id}:0`, 'qz:999:0', `qz:${session.id}:9`, 'qz:x:1', `qp:${session.id}:0:0`]) {
      expect(answerOf(await stranger.press({ token }))).toContain('已失效');
    }
    expect(answerOf(await h.client('软件2301', '李四').press({ token: `qz:${session.id}:7` }))).toContain('已失效');
    expect(h.db.select().from(quizAnswers).all()).toHaveLength(0);
  });

  it('gives an English group the question, the feedback and the result in English, the rules named with their tag', async () => {
    await h.client('软件2301', '王老师', { admin: true }).shouldReply('/settings language en', 'en');
    const question = [...h.app.library.quizzes.values()].find((q) => q.en && q.audiences.includes('students') && q.rules.includes('rule-shigefanshi-8'))!;
    const session = h.app.quiz.startGroup(groupId('test', '软件2301'), question, 10 * MINUTE);
    const right = LETTERS[question.answer]!;
    const feedback = answerOf(await h.client('软件2301', '李四').press({ token: `qz:${session.id}:${question.answer}` }));
    expect(feedback).toContain(question.en!.explain);
    expect(feedback).toContain('The Ten Whenevers (十个凡是) (reprint) #8');
    h.clock.advance(11 * MINUTE);
    await h.app.scheduler.tick();
    const result = h.outputsVisibleTo('group:test:软件2301').at(-1)!.text;
    expect(result).toContain(`Correct answer: ${right}. ${question.en!.options[question.answer]}`);
    expect(result).toContain(question.en!.explain);
    expect(result).not.toMatch(/[答案解析]/);
  });

  it('asks for a private chat for /practice and /exam', async () => {
    await h.client('软件2301', '张三').shouldReply('/practice', '请私聊我发送 /practice');
    await h.client('软件2301', '张三').shouldReply('/exam', '请私聊我发送 /exam');
  });
});

/** Answers the open solo question of `client`, right or wrong. */
async function answer(h: Harness, client: TestClient, right: boolean) {
  const session = h.app.quiz.openSession(client.sender.id, 'practice') ?? h.app.quiz.openSession(client.sender.id, 'exam');
  const q = h.app.quiz.question(h.app.quiz.questionIds(session!)[session!.position]!)!;
  const choice = right ? q.answer : (q.answer + 1) % q.options.length;
  await client.press(LETTERS[choice]!);
  return q.id;
}

describe('private practice', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
  });
  afterEach(() => h.close());

  it('brings a wrong answer back after 1, 3 and 7 days, and ends with a score and weak areas', async () => {
    const zhang = h.dm('张三');
    await zhang.send('/practice');
    const total = h.app.quiz.questionIds(h.app.quiz.openSession(zhang.sender.id, 'practice')!).length;
    const missed = await answer(h, zhang, false);
    for (let i = 1; i < total; i++) await answer(h, zhang, true);
    const summary = h.adapter.outputs.at(-1)!;
    expect(summary.visibleTo).toBe('member:test:张三');
    expect(summary.text).toContain(`练习完成：${total - 1}/${total}`);

    const firstQuestion = async () => {
      await zhang.send('/practice');
      const s = h.app.quiz.openSession(zhang.sender.id, 'practice')!;
      return h.app.quiz.questionIds(s)[0];
    };
    const finish = async (rightFirst: boolean) => {
      await answer(h, zhang, rightFirst);
      while (h.app.quiz.openSession(zhang.sender.id, 'practice')) await answer(h, zhang, true);
    };

    h.clock.advance(1 * DAY);
    expect(await firstQuestion()).toBe(missed); // day 1
    await finish(true);
    h.clock.advance(1 * DAY);
    expect(await firstQuestion()).not.toBe(missed); // day 2: not due
    await finish(true);
    h.clock.advance(1 * DAY);
    expect(await firstQuestion()).toBe(missed); // day 3
    await finish(true);
    h.clock.advance(4 * DAY);
    expect(await firstQuestion()).toBe(missed); // day 7
    await finish(true);
    h.clock.advance(7 * DAY);
    expect(h.app.quiz.reviewSchedule(h.app.quiz.answersOf(zhang.sender.id)).has(missed)).toBe(false); // mastered
  });

  it('refuses a press on another member’s practice', async () => {
    const zhang = h.dm('张三');
    await zhang.send('/practice');
    const session = h.app.quiz.openSession(zhang.sender.id, 'practice')!;
    const out = await h.dm('李四').press({ token: `qp:${session.id}:0:0` });
    expect(out.find((o) => o.kind === 'answer')!.text).toContain('已失效');
    expect(h.db.select().from(quizAnswers).all()).toHaveLength(0);
  });
});

describe('entrance exam', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
  });
  afterEach(() => h.close());

  async function sit(name: string, rightUntil: number) {
    const client = h.dm(name);
    await client.send('/exam');
    let i = 0;
    while (h.app.quiz.openSession(client.sender.id, 'exam')) await answer(h, client, i++ < rightUntil);
    return { client, result: h.adapter.outputs.filter((o) => o.visibleTo === `member:test:${name}`).at(-1)!.text };
  }

  it('passes at 80%, fails below it, records the result, and allows one attempt a day', async () => {
    const n = 20;
    const pass = await sit('张三', n);
    expect(pass.result).toContain('已通过');
    const fail = await sit('李四', Math.floor(n * 0.8) - 1);
    expect(fail.result).toContain('未通过');
    expect(fail.result).toContain('还有 2 次机会');
    expect(fail.result).not.toContain('答错的题');
    const [s1, s2] = [h.app.quiz.examSince(pass.client.sender.id, 0)!, h.app.quiz.examSince(fail.client.sender.id, 0)!];
    expect([s1.passed, s2.passed]).toEqual([true, false]);
    await fail.client.shouldReply('/exam', '每天只能参加一次');
    h.clock.advance(DAY);
    const retry = await fail.client.send('/exam');
    expect(retry[0]!.text).toContain('入学反诈测试 1/');
  });

  it('draws each attempt afresh, and shows the answers only after a pass or the last attempt', async () => {
    const sheet = () => h.app.quiz.questionIds(h.app.quiz.openSession(h.dm('李四').sender.id, 'exam')!);
    await h.dm('李四').send('/exam');
    const first = sheet();
    expect(first).toHaveLength(20);
    expect(new Set(first).size).toBe(20);
    while (h.app.quiz.openSession(h.dm('李四').sender.id, 'exam')) await answer(h, h.dm('李四'), false);
    expect(h.adapter.outputs.at(-1)!.text).not.toContain('答错的题');
    h.clock.advance(DAY);
    await h.dm('李四').send('/exam');
    const second = sheet();
    expect(second).not.toEqual(first);
    expect(second.filter((id) => !first.includes(id)).length).toBeGreaterThan(0);
    while (h.app.quiz.openSession(h.dm('李四').sender.id, 'exam')) await answer(h, h.dm('李四'), false);
    expect(h.adapter.outputs.at(-1)!.text).toContain('还有 1 次机会');
    h.clock.advance(DAY);
    const last = await sit('李四', 0);
    expect(last.result).toContain('答错的题');
    expect(last.result).not.toContain('还有');
    h.clock.advance(DAY);
    await h.dm('李四').shouldReply('/exam', '3 次机会已用完');
    const passed = await sit('张三', 20);
    expect(passed.result).not.toContain('答错的题');
    const nearly = await sit('王五', 19);
    expect(nearly.result).toContain('已通过');
    expect(nearly.result).toContain('答错的题');
    h.clock.advance(DAY);
    await h.dm('张三').shouldReply('/exam', '已经通过入学测试');
  });
});
