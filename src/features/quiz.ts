import type { App, AppContext } from '../app.ts';
import { UserError } from '../core/errors.ts';
import type { GroupId } from '../core/ids.ts';
import { b, list, p } from '../core/message.ts';
import { wholePercent } from '../core/percent.ts';
import { localParts, zonedInstant } from '../core/time.ts';
import { makeToken, readToken } from '../core/tokens.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import { EXAM_LENGTH, type QuizFamily, type QuizSession } from '../services/quiz.ts';
import { quizIn } from '../content/localize.ts';
import { ruleItemNames, ruleSetName } from '../content/rule-names.ts';
import type { Quiz } from '../content/schema.ts';
import { groupQuestionMessage, LETTERS, optionButtons, QUIZ_BUTTON, questionBlocks } from '../services/quiz-message.ts';
import { senderAdvisesGroup } from '../services/roles.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    practiceTitle: '反诈练习 {n}/{total}',
    examTitle: '入学反诈测试 {n}/{total}',
    resultTitle: '测验揭晓',
    resultBody: '正确答案：{letter}. {option}',
    resultStats: '本群 {n} 人作答，正确率 {rate}%。',
    resultNobody: '这次没有人作答。',
    right: '回答正确 ✅',
    wrong: '回答错误 ❌ 正确答案是 {letter}。',
    already: '你已经作答过了，以第一次作答为准。',
    closed: '这道题已经截止了。',
    invalid: '这个按钮已失效或不属于你，没有记录。',
    advisorsOnly: '群里的测验由辅导员/班主任发起。想自己练习，请私聊我发送 /practice。',
    cooldown: '刚出过题，请 {minutes} 分钟后再发起 /quiz。',
    stillOpen: '本群还有一道题在进行中，截止后再出下一题。',
    noQuestions: '题库里暂时没有适合本群的题目。',
    privateOnly: '请私聊我发送 /{name}，成绩只有你自己能看到。',
    practiceDone: '练习完成：{correct}/{total} 题正确。',
    weakAreas: '需要加强：{areas}。答错的题会在 1 天、3 天、7 天后再出现。',
    noWeakAreas: '各类题目都掌握得不错，继续保持。',
    examRecorded: '已记录（{n}/{total}）。',
    examOnceADay: '今天已经参加过入学测试了，每天只能参加一次，明天再来。',
    examPassed: '入学测试完成：{correct}/{total}，得分 {score}%，已通过（及格线 {pass}%）。',
    examFailed: '入学测试完成：{correct}/{total}，得分 {score}%，未通过（及格线 {pass}%）。',
    examRetry: '还有 {left} 次机会，可以先 /practice 练习，明天再考（每次抽的题不同）。答案在通过后或最后一次考完后公布。',
    examLast: '入学测试的 {n} 次机会已用完，请联系辅导员。',
    examAlreadyPassed: '你已经通过入学测试了。',
    examReview: '答错的题：',
    types: '常见诈骗类型',
    rulesLine: '口诀：{rules}',
  },
  en: {
    practiceTitle: 'Practice {n}/{total}',
    examTitle: 'Entrance test {n}/{total}',
    resultTitle: 'Quiz answer',
    resultBody: 'Correct answer: {letter}. {option}',
    resultStats: '{n} in this group answered; {rate}% were right.',
    resultNobody: 'Nobody answered this time.',
    right: 'Correct ✅',
    wrong: 'Not quite ❌ The answer is {letter}.',
    already: 'You have already answered; your first answer counts.',
    closed: 'This question has closed.',
    invalid: 'This button has expired or is not yours; nothing was recorded.',
    advisorsOnly: 'Group questions are posted by the advisors. To practise on your own, send /practice to me privately.',
    cooldown: 'A question was just posted; try /quiz again in {minutes} minutes.',
    stillOpen: 'A question is still open in this group; the next one can come after it closes.',
    noQuestions: 'The question bank has nothing for this group yet.',
    privateOnly: 'Send /{name} to me in a private chat; only you will see your results.',
    practiceDone: 'Practice finished: {correct}/{total} correct.',
    weakAreas: 'To work on: {areas}. Questions you missed come back after 1, 3 and 7 days.',
    noWeakAreas: 'You did well in every area. Keep it up.',
    examRecorded: 'Recorded ({n}/{total}).',
    examOnceADay: 'You have already taken the entrance test today; one attempt a day. Come back tomorrow.',
    examPassed: 'Entrance test done: {correct}/{total}, {score}%. Passed (pass mark {pass}%).',
    examFailed: 'Entrance test done: {correct}/{total}, {score}%. Not passed (pass mark {pass}%).',
    examRetry: '{left} attempts left: try /practice and take it again tomorrow (each attempt draws other questions). The answers are shown after a pass or after the last attempt.',
    examLast: 'You have used all {n} entrance-test attempts; please talk to your advisor.',
    examAlreadyPassed: 'You have already passed the entrance test.',
    examReview: 'Questions you missed:',
    types: 'common fraud types',
    rulesLine: 'Rule: {rules}',
  },
});

/** A rule family by the name its content file gives it; the fraud types by ours. */
function familyName(app: App, locale: Locale, family: QuizFamily): string {
  const set = family === 'types' ? undefined : app.library.ruleSets.get(family);
  return set ? ruleSetName(set, locale) : t(locale, 'types');
}

/** Posts the next group question; used by /quiz and after the weekly article. */
export async function postGroupQuiz(app: App, group: GroupId, topics: readonly string[] = []): Promise<QuizSession | undefined> {
  const row = app.groups.get(group);
  if (!row) return undefined;
  const question = app.quiz.nextGroupQuestion(group, row.audience, topics);
  if (!question) return undefined;
  const session = app.quiz.startGroup(group, question, app.config.QUIZ_OPEN_MINUTES * 60_000);
  const outcome = await app.transport.send({ group }, groupQuestionMessage(app.quiz, session, row.locale, row.timezone));
  app.quiz.setMessage(session.id, outcome.ok ? outcome.messageId : undefined);
  return session;
}

/** Closes group questions whose time is up: the message loses its buttons and the answer is posted. */
export async function closeDueQuizzes(app: App): Promise<void> {
  for (const session of app.quiz.dueToClose()) {
    if (!app.quiz.close(session.id)) continue;
    const group = app.groups.get(session.groupId!);
    if (!group) continue;
    const locale = group.locale;
    const question = quizIn(app.quiz.question(app.quiz.questionIds(session)[0]!)!, locale);
    const { answered, correct } = app.quiz.tally(session.id);
    if (session.messageId) await app.transport.edit(group.id, session.messageId, groupQuestionMessage(app.quiz, session, locale, group.timezone, true));
    await app.transport.send(
      { group: group.id },
      {
        title: t(locale, 'resultTitle'),
        blocks: [
          p(b(t(locale, 'resultBody', { letter: LETTERS[question.answer]!, option: question.options[question.answer]! }))),
          ...explanation(app, question, locale).map((line) => p(line)),
          p(answered === 0 ? t(locale, 'resultNobody') : t(locale, 'resultStats', { n: answered, rate: wholePercent(correct / answered) })),
        ],
      },
    );
  }
}

/** A question's explanation, and the rules it cites by their names (rule-names.ts). */
function explanation(app: App, question: Quiz, locale: Locale): string[] {
  const rules = ruleItemNames(app.library, question.rules, locale);
  return rules ? [question.explain, t(locale, 'rulesLine', { rules })] : [question.explain];
}

function requirePrivate(ctx: AppContext, name: string): void {
  if (!ctx.isPrivate) throw new UserError(t(ctx.locale, 'privateOnly', { name }));
}

/** The member's audience: their group's, or students when the bot knows no group of theirs. */
function audienceOf(app: App, ctx: AppContext) {
  return app.groups.audienceOfMember(ctx.from!.id) ?? 'students';
}

async function sendSoloQuestion(app: App, ctx: AppContext, session: QuizSession): Promise<void> {
  const ids = app.quiz.questionIds(session);
  const question = quizIn(app.quiz.question(ids[session.position]!)!, ctx.locale);
  const titleKey = session.mode === 'exam' ? 'examTitle' : 'practiceTitle';
  await ctx.reply({
    title: t(ctx.locale, titleKey, { n: session.position + 1, total: ids.length }),
    blocks: questionBlocks(question),
    buttons: optionButtons(question, (choice) => makeToken(QUIZ_BUTTON.privateAnswer, session.id, session.position, choice)),
  });
}

async function finishPractice(app: App, ctx: AppContext, session: QuizSession): Promise<void> {
  const { answered, correct } = app.quiz.tally(session.id);
  app.quiz.close(session.id, answered ? correct / answered : 0);
  const weak = [...app.quiz.mastery(ctx.from!.id)]
    .filter(([, m]) => m.answered > 0 && m.correct / m.answered < 0.6)
    .map(([family]) => familyName(app, ctx.locale, family));
  await ctx.reply({
    blocks: [
      p(b(t(ctx.locale, 'practiceDone', { correct, total: answered }))),
      p(weak.length ? t(ctx.locale, 'weakAreas', { areas: weak.join('、') }) : t(ctx.locale, 'noWeakAreas')),
    ],
  });
}

async function finishExam(app: App, ctx: AppContext, session: QuizSession): Promise<void> {
  const { correct } = app.quiz.tally(session.id);
  const total = app.quiz.questionIds(session).length;
  const score = correct / total;
  const passed = score >= app.config.EXAM_PASS_MARK;
  app.quiz.close(session.id, score, passed);
  const left = app.config.EXAM_ATTEMPTS - app.quiz.examAttempts(ctx.from!.id).taken;
  // The answers only once they can no longer be learnt for a retake: after a pass or the last attempt.
  const wrong = passed || left <= 0 ? missedInExam(app, ctx, session) : [];
  const params = { correct, total, score: wholePercent(score), pass: wholePercent(app.config.EXAM_PASS_MARK) };
  await ctx.reply({
    blocks: [
      p(b(t(ctx.locale, passed ? 'examPassed' : 'examFailed', params))),
      ...(passed || left <= 0 ? [] : [p(t(ctx.locale, 'examRetry', { left }))]),
      ...(wrong.length ? [p(t(ctx.locale, 'examReview')), list(wrong.map((q) => [`${q.question} → ${LETTERS[q.answer]}. ${q.options[q.answer]}`]))] : []),
    ],
  });
}

function missedInExam(app: App, ctx: AppContext, session: QuizSession) {
  const ids = app.quiz.questionIds(session);
  return app.quiz
    .answersOf(ctx.from!.id)
    .filter((a) => !a.correct && ids.includes(a.questionId) && a.at >= session.startedAt)
    .map((a) => quizIn(app.quiz.question(a.questionId)!, ctx.locale));
}

/** A new entrance test for the member, or the reason they may not sit one now. */
function newExam(app: App, ctx: AppContext): QuizSession {
  const member = ctx.from!.id;
  const attempts = app.quiz.examAttempts(member);
  if (attempts.passed) throw new UserError(t(ctx.locale, 'examAlreadyPassed'));
  if (attempts.taken >= app.config.EXAM_ATTEMPTS) throw new UserError(t(ctx.locale, 'examLast', { n: app.config.EXAM_ATTEMPTS }));
  if (app.quiz.examSince(member, startOfToday(app))) throw new UserError(t(ctx.locale, 'examOnceADay'));
  return app.quiz.start('exam', member, app.quiz.examQuestions(`${member}|${attempts.taken + 1}`));
}

/** Midnight today in the bot's default timezone: exam attempts are counted per local day. */
function startOfToday(app: App): number {
  const tz = app.config.DEFAULT_TIMEZONE;
  const l = localParts(app.clock.now(), tz);
  return zonedInstant(l.year, l.month, l.day, 0, 0, tz).getTime();
}

export const quiz: Feature = {
  name: 'quiz',
  commands: [
    { name: 'quiz', scope: 'advisor', chats: 'group', description: { zh: '在群里出一道反诈小测验（辅导员）', en: 'Post a quiz question in the group (advisors)' } },
    { name: 'practice', scope: 'everyone', chats: 'private', description: { zh: '私聊练习 10 题（错题会按时复习）', en: '10 practice questions in private, with reviews' } },
    { name: 'exam', scope: 'everyone', chats: 'private', description: { zh: '入学反诈测试（20 题，每天一次，每次抽题不同）', en: 'Entrance test (20 questions, once a day, drawn anew each time)' } },
  ],
  install(composer, app) {
    app.scheduler.onTick(() => closeDueQuizzes(app));
    app.scheduler.onSent(async (delivery) => {
      if (delivery.kind !== 'article') return;
      const group = app.groups.get(delivery.groupId);
      const article = app.library.articlesById.get(delivery.contentId as never);
      if (group?.quizAfterArticle && article) await postGroupQuiz(app, group.id, [...article.types, ...article.rules]);
    });

    composer.command('quiz', async (ctx) => {
      if (ctx.isPrivate) throw new UserError(t(ctx.locale, 'privateOnly', { name: 'practice' }));
      // Every question asked counts in the class's participation (docs/design.md, Quizzes): so
      // only those who answer for the class ask one, not any member as often as the cooldown allows.
      if (!(await senderAdvisesGroup(ctx))) throw new UserError(t(ctx.locale, 'advisorsOnly'));
      const last = app.quiz.lastGroupQuiz(ctx.chat.id);
      const now = app.clock.now().getTime();
      if (last && last.closedAt === null && last.closesAt! > now) throw new UserError(t(ctx.locale, 'stillOpen'));
      const readyAt = (last?.startedAt ?? -Infinity) + app.config.QUIZ_COOLDOWN_MINUTES * 60_000;
      if (readyAt > now) throw new UserError(t(ctx.locale, 'cooldown', { minutes: Math.ceil((readyAt - now) / 60_000) }));
      if (!(await postGroupQuiz(app, ctx.chat.id))) throw new UserError(t(ctx.locale, 'noQuestions'));
    });

    composer.button(QUIZ_BUTTON.groupAnswer, async (ctx) => {
      const [sessionId, choice] = readToken(ctx.event.token, QUIZ_BUTTON.groupAnswer, 2) ?? [];
      const result = sessionId === undefined ? ({ kind: 'invalid' } as const) : app.quiz.answer(sessionId, 0, choice!, ctx.event.from.id, ctx.chat.id);
      if (result.kind === 'invalid' || result.kind === 'closed') return void (await ctx.answer(t(ctx.locale, result.kind), { alert: true }));
      if (result.kind === 'already') return void (await ctx.answer(t(ctx.locale, 'already'), { alert: true }));
      const verdict = result.correct ? t(ctx.locale, 'right') : t(ctx.locale, 'wrong', { letter: LETTERS[result.question.answer]! });
      await ctx.answer([verdict, ...explanation(app, quizIn(result.question, ctx.locale), ctx.locale)].join('\n'), { alert: true });
      await app.quizEdits.request(result.session.id);
    });

    composer.command('practice', async (ctx) => {
      requirePrivate(ctx, 'practice');
      const open = app.quiz.openSession(ctx.from!.id, 'practice');
      const session = open ?? app.quiz.start('practice', ctx.from!.id, app.quiz.practiceQuestions(ctx.from!.id, audienceOf(app, ctx)));
      if (app.quiz.questionIds(session).length === 0) throw new UserError(t(ctx.locale, 'noQuestions'));
      await sendSoloQuestion(app, ctx, session);
    });

    composer.command('exam', async (ctx) => {
      requirePrivate(ctx, 'exam');
      await sendSoloQuestion(app, ctx, app.quiz.openSession(ctx.from!.id, 'exam') ?? newExam(app, ctx));
    });

    composer.button(QUIZ_BUTTON.privateAnswer, async (ctx) => {
      const [sessionId, position, choice] = readToken(ctx.event.token, QUIZ_BUTTON.privateAnswer, 3) ?? [];
      const result = sessionId === undefined ? ({ kind: 'invalid' } as const) : app.quiz.answer(sessionId, position!, choice!, ctx.event.from.id, ctx.chat.id);
      if (result.kind !== 'recorded') {
        const key = result.kind === 'already' ? 'already' : result.kind === 'closed' ? 'closed' : 'invalid';
        return void (await ctx.answer(t(ctx.locale, key), { alert: true }));
      }
      const { session, question, correct } = result;
      const total = app.quiz.questionIds(session).length;
      if (session.mode === 'exam') {
        await ctx.answer(t(ctx.locale, 'examRecorded', { n: session.position, total: EXAM_LENGTH }));
      } else {
        const verdict = correct ? t(ctx.locale, 'right') : t(ctx.locale, 'wrong', { letter: LETTERS[question.answer]! });
        await ctx.answer(verdict);
        await ctx.reply({ blocks: [p(b(verdict)), ...explanation(app, quizIn(question, ctx.locale), ctx.locale).map((line) => p(line))] });
      }
      if (session.position < total) await sendSoloQuestion(app, ctx, session);
      else if (session.mode === 'exam') await finishExam(app, ctx, session);
      else await finishPractice(app, ctx, session);
    });
  },
};
