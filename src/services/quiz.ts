import { and, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Library } from '../content/library.ts';
import type { Audience, Quiz, RuleFamily } from '../content/schema.ts';
import { RULE_FAMILIES } from '../content/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { quizAnswers, quizSessions } from '../db/schema.ts';

export type QuizMode = 'group' | 'practice' | 'exam';
export type QuizSession = typeof quizSessions.$inferSelect;
/** A rule family, or the fraud types for questions tied to no rule. */
export type QuizFamily = RuleFamily | 'types';
export const QUIZ_FAMILIES: QuizFamily[] = [...RULE_FAMILIES, 'types'];

const DAY = 86_400_000;
/** A question answered wrongly comes back this long after the mistake, three times. */
export const REVIEW_AFTER = [1 * DAY, 3 * DAY, 7 * DAY];
export const PRACTICE_LENGTH = 10;
export const EXAM_LENGTH = 20;

export type AnswerResult =
  | { kind: 'recorded'; correct: boolean; question: Quiz; session: QuizSession }
  | { kind: 'already'; question: Quiz }
  | { kind: 'closed' }
  /** Unknown session, not this chat's or this member's, wrong position or option: nothing recorded. */
  | { kind: 'invalid' };

export interface Tally {
  answered: number;
  correct: number;
}

/**
 * Quizzes: group questions, adaptive private practice and the entrance exam, and every
 * answer recorded. Mastery and review schedules are derived from the answers, not stored.
 */
export class QuizService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly library: Library,
  ) {}

  question(id: string): Quiz | undefined {
    return this.library.quizzes.get(id as never);
  }

  familiesOf(q: Quiz): QuizFamily[] {
    const families = new Set<QuizFamily>();
    for (const rule of q.rules) {
      const item = this.library.ruleItems.get(rule);
      if (item) families.add(item.family);
    }
    if (families.size === 0) families.add('types');
    return [...families];
  }

  session(id: number): QuizSession | undefined {
    return this.db.select().from(quizSessions).where(eq(quizSessions.id, id)).get();
  }

  questionIds(session: QuizSession): string[] {
    return JSON.parse(session.questionIds) as string[];
  }

  lastGroupQuiz(group: GroupId): QuizSession | undefined {
    return this.db
      .select()
      .from(quizSessions)
      .where(and(eq(quizSessions.groupId, group), eq(quizSessions.mode, 'group')))
      .orderBy(desc(quizSessions.startedAt), desc(quizSessions.id))
      .get();
  }

  /**
   * The next question for a group: one it has not been asked, in an order of its own (so that
   * neighbouring classes do not see the same sequence), preferring questions about `topics`.
   */
  nextGroupQuestion(group: GroupId, audience: Audience, topics: readonly string[] = []): Quiz | undefined {
    const asked = new Set(
      this.db
        .select({ ids: quizSessions.questionIds })
        .from(quizSessions)
        .where(and(eq(quizSessions.groupId, group), eq(quizSessions.mode, 'group')))
        .all()
        .flatMap((r) => JSON.parse(r.ids) as string[]),
    );
    const pool = [...this.library.quizzes.values()].filter((q) => q.audiences.includes(audience));
    const ordered = pool.sort((a, b) => rank(group, a.id) - rank(group, b.id));
    const fresh = ordered.filter((q) => !asked.has(q.id));
    const candidates = fresh.length > 0 ? fresh : ordered;
    return candidates.find((q) => [...q.types, ...q.rules].some((t) => topics.includes(t))) ?? candidates[0];
  }

  startGroup(group: GroupId, question: Quiz, openMs: number): QuizSession {
    const now = this.clock.now().getTime();
    return this.db
      .insert(quizSessions)
      .values({ mode: 'group', groupId: group, questionIds: JSON.stringify([question.id]), startedAt: now, closesAt: now + openMs })
      .returning()
      .get();
  }

  start(mode: 'practice' | 'exam', member: MemberId, questionIds: string[]): QuizSession {
    return this.db
      .insert(quizSessions)
      .values({ mode, memberId: member, questionIds: JSON.stringify(questionIds), startedAt: this.clock.now().getTime() })
      .returning()
      .get();
  }

  setMessage(session: number, messageId: string | undefined): void {
    this.db.update(quizSessions).set({ messageId: messageId ?? null }).where(eq(quizSessions.id, session)).run();
  }

  /**
   * Records an answer after checking it against the session: the right chat or member, still
   * open, the question at `position`, an option that exists. The first answer is the one that counts.
   */
  answer(sessionId: number, position: number, choice: number, member: MemberId, chat: GroupId): AnswerResult {
    const session = this.session(sessionId);
    if (!session) return { kind: 'invalid' };
    const isGroup = session.mode === 'group';
    if (isGroup ? session.groupId !== chat : session.memberId !== member) return { kind: 'invalid' };
    if (session.closedAt !== null || (session.closesAt !== null && session.closesAt <= this.clock.now().getTime())) return { kind: 'closed' };
    if (position !== session.position) return { kind: 'invalid' };
    const question = this.question(this.questionIds(session)[position] ?? '');
    if (!question || !Number.isInteger(choice) || choice < 0 || choice >= question.options.length) return { kind: 'invalid' };
    const correct = choice === question.answer;
    const inserted = this.db
      .insert(quizAnswers)
      .values({ sessionId, memberId: member, groupId: isGroup ? session.groupId : null, questionId: question.id, choice, correct, at: this.clock.now().getTime() })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) return { kind: 'already', question };
    if (!isGroup) {
      this.db.update(quizSessions).set({ position: position + 1 }).where(eq(quizSessions.id, sessionId)).run();
    }
    return { kind: 'recorded', correct, question, session: this.session(sessionId)! };
  }

  tally(sessionId: number): Tally {
    const row = this.db
      .select({ answered: sql<number>`count(*)`, correct: sql<number>`coalesce(sum(${quizAnswers.correct}), 0)` })
      .from(quizAnswers)
      .where(eq(quizAnswers.sessionId, sessionId))
      .get()!;
    return { answered: row.answered, correct: row.correct };
  }

  /** Group questions whose time is up and that have not been closed yet. */
  dueToClose(): QuizSession[] {
    return this.db
      .select()
      .from(quizSessions)
      .where(and(eq(quizSessions.mode, 'group'), isNull(quizSessions.closedAt), lte(quizSessions.closesAt, this.clock.now().getTime())))
      .all();
  }

  /** Closes a session once; false if someone else closed it first. */
  close(sessionId: number, score?: number, passed?: boolean): boolean {
    return (
      this.db
        .update(quizSessions)
        .set({ closedAt: this.clock.now().getTime(), score: score ?? null, passed: passed ?? null })
        .where(and(eq(quizSessions.id, sessionId), isNull(quizSessions.closedAt)))
        .run().changes === 1
    );
  }

  /** The open practice or exam of a member, if any. */
  openSession(member: MemberId, mode: 'practice' | 'exam'): QuizSession | undefined {
    return this.db
      .select()
      .from(quizSessions)
      .where(and(eq(quizSessions.memberId, member), eq(quizSessions.mode, mode), isNull(quizSessions.closedAt)))
      .orderBy(desc(quizSessions.id))
      .get();
  }

  /** The member's entrance tests finished so far, and whether any of them passed. */
  examAttempts(member: MemberId): { taken: number; passed: boolean } {
    const row = this.db
      .select({ taken: sql<number>`count(*)`, passed: sql<number>`coalesce(max(${quizSessions.passed}), 0)` })
      .from(quizSessions)
      .where(and(eq(quizSessions.memberId, member), eq(quizSessions.mode, 'exam'), sql`${quizSessions.closedAt} is not null`))
      .get()!;
    return { taken: row.taken, passed: row.passed === 1 };
  }

  /** The member's last exam started after `since` (one attempt a day). */
  examSince(member: MemberId, since: number): QuizSession | undefined {
    return this.db
      .select()
      .from(quizSessions)
      .where(and(eq(quizSessions.memberId, member), eq(quizSessions.mode, 'exam'), gt(quizSessions.startedAt, since)))
      .get();
  }

  /**
   * Ten questions for practice: first the ones due for review (wrong 1, 3 or 7 days ago and not
   * yet answered right since each review), then ones never answered from the weakest families,
   * then the rest.
   */
  practiceQuestions(member: MemberId, audience: Audience): string[] {
    const now = this.clock.now().getTime();
    const history = this.answersOf(member);
    const due = [...this.reviewSchedule(history).entries()].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]).map(([id]) => id);
    const mastery = this.masteryFrom(history);
    const weakness = (q: Quiz) => Math.min(...this.familiesOf(q).map((f) => ratio(mastery.get(f))));
    const answered = new Set(history.map((a) => a.questionId));
    const pool = [...this.library.quizzes.values()].filter((q) => q.audiences.includes(audience));
    const fresh = pool.filter((q) => !answered.has(q.id)).sort((a, b) => weakness(a) - weakness(b) || rank(member, a.id) - rank(member, b.id));
    const rest = pool.filter((q) => answered.has(q.id)).sort((a, b) => rank(member, a.id) - rank(member, b.id));
    const picked: string[] = [];
    for (const id of [...due, ...fresh.map((q) => q.id), ...rest.map((q) => q.id)]) {
      if (!picked.includes(id)) picked.push(id);
      if (picked.length === PRACTICE_LENGTH) break;
    }
    return picked;
  }

  /** When each question the member got wrong is next due, per REVIEW_AFTER; mastered ones are absent. */
  reviewSchedule(history = [] as { questionId: string; correct: boolean; at: number }[]): Map<string, number> {
    const byQuestion = new Map<string, { wrongAt: number; rightSince: number }>();
    for (const a of [...history].sort((x, y) => x.at - y.at)) {
      const state = byQuestion.get(a.questionId);
      if (!a.correct) byQuestion.set(a.questionId, { wrongAt: a.at, rightSince: 0 });
      else if (state) {
        // A right answer counts as a review only once the review is due.
        const dueAt = state.wrongAt + REVIEW_AFTER[state.rightSince]!;
        if (a.at >= dueAt) state.rightSince++;
      }
    }
    const schedule = new Map<string, number>();
    for (const [id, s] of byQuestion) if (s.rightSince < REVIEW_AFTER.length) schedule.set(id, s.wrongAt + REVIEW_AFTER[s.rightSince]!);
    return schedule;
  }

  answersOf(member: MemberId): { questionId: string; correct: boolean; at: number }[] {
    return this.db
      .select({ questionId: quizAnswers.questionId, correct: quizAnswers.correct, at: quizAnswers.at })
      .from(quizAnswers)
      .where(eq(quizAnswers.memberId, member))
      .all();
  }

  /** A member's mastery of each family: answers and correct answers. */
  mastery(member: MemberId): Map<QuizFamily, Tally> {
    return this.masteryFrom(this.answersOf(member));
  }

  private masteryFrom(history: { questionId: string; correct: boolean }[]): Map<QuizFamily, Tally> {
    const mastery = new Map<QuizFamily, Tally>(QUIZ_FAMILIES.map((f) => [f, { answered: 0, correct: 0 }]));
    for (const a of history) {
      const q = this.question(a.questionId);
      if (!q) continue;
      for (const f of this.familiesOf(q)) {
        const t = mastery.get(f)!;
        t.answered++;
        if (a.correct) t.correct++;
      }
    }
    return mastery;
  }

  /**
   * An entrance test drawn for one attempt (`seed`: the member and the attempt's number): five
   * questions from each rule family, drawn from the whole pool, in an order of their own. A retake
   * is another draw, so a member cannot pass by learning one fixed sheet by heart.
   */
  examQuestions(seed: string): string[] {
    const chosen: string[] = [];
    const all = [...this.library.quizzes.values()].sort((a, b) => rank(seed, a.id) - rank(seed, b.id));
    const perFamily = Math.ceil(EXAM_LENGTH / RULE_FAMILIES.length);
    for (const family of RULE_FAMILIES) {
      const inFamily = all.filter((q) => !chosen.includes(q.id) && this.familiesOf(q).includes(family));
      chosen.push(...inFamily.slice(0, perFamily).map((q) => q.id));
    }
    for (const q of all) if (chosen.length < EXAM_LENGTH && !chosen.includes(q.id)) chosen.push(q.id);
    return chosen.slice(0, EXAM_LENGTH).sort((a, b) => rank(`${seed}|order`, a) - rank(`${seed}|order`, b));
  }
}

/** A stable pseudo-random rank of a question for one group or member. */
function rank(seed: string, id: string): number {
  return createHash('sha1').update(`${seed}|${id}`).digest().readUInt32BE(0);
}

function ratio(t: Tally | undefined): number {
  return t && t.answered > 0 ? t.correct / t.answered : 0;
}
