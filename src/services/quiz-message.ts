import { quizIn } from '../content/localize.ts';
import type { Quiz } from '../content/schema.ts';
import type { GroupId } from '../core/ids.ts';
import { b, list, p, type Block, type Button, type RichMessage } from '../core/message.ts';
import { formatLocal } from '../core/time.ts';
import { makeToken } from '../core/tokens.ts';
import type { Transport } from '../core/transport.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import type { GroupService } from './groups.ts';
import type { QuizService, QuizSession } from './quiz.ts';

const t = defineMessages({
  'zh-CN': {
    groupTitle: '反诈小测验',
    answered: '已作答 {n} 人 · {closes} 截止',
    closedFooter: '已截止 · 共 {n} 人作答',
  },
  en: {
    groupTitle: 'Anti-fraud quiz',
    answered: '{n} answered · closes {closes}',
    closedFooter: 'Closed · {n} answered',
  },
});

/**
 * The kinds of the quiz's answer buttons: a group question's, and a private practice or exam
 * question's. The short wire kinds stay as first posted, so buttons already in chats keep working.
 */
export const QUIZ_BUTTON = { groupAnswer: 'qz', privateAnswer: 'qp' } as const;

export const LETTERS = ['A', 'B', 'C', 'D'];

export function questionBlocks(q: Quiz): Block[] {
  return [
    ...(q.scenario ? [{ kind: 'quote' as const, spans: [q.scenario] }] : []),
    p(b(q.question)),
    list(q.options.map((o, i) => [`${LETTERS[i]}. ${o}`])),
  ];
}

export function optionButtons(q: Quiz, token: (choice: number) => string): Button[][] {
  return [q.options.map((_, i) => ({ label: LETTERS[i]!, token: token(i), code: LETTERS[i]! }))];
}

/** A group question with its live answer count, or closed (no buttons). */
export function groupQuestionMessage(quiz: QuizService, session: QuizSession, locale: Locale, tz: string, closed = false): RichMessage {
  const question = quizIn(quiz.question(quiz.questionIds(session)[0]!)!, locale);
  const { answered } = quiz.tally(session.id);
  return {
    title: t(locale, 'groupTitle'),
    blocks: questionBlocks(question),
    footer: closed ? t(locale, 'closedFooter', { n: answered }) : t(locale, 'answered', { n: answered, closes: formatLocal(new Date(session.closesAt!), tz).slice(11) }),
    buttons: closed ? [] : optionButtons(question, (choice) => makeToken(QUIZ_BUTTON.groupAnswer, session.id, choice)),
  };
}

/** Re-renders a group question with its live answer count (for the debounced edits). */
export function groupQuizEditor(deps: { quiz: QuizService; groups: GroupService; transport: Transport }) {
  return async (sessionId: number) => {
    const session = deps.quiz.session(sessionId);
    const group = session?.groupId ? deps.groups.get(session.groupId as GroupId) : undefined;
    if (!session?.messageId || !group || session.closedAt !== null) return;
    await deps.transport.edit(group.id, session.messageId, groupQuestionMessage(deps.quiz, session, group.locale, group.timezone));
  };
}
