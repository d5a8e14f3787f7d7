import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import type { GroupId, MemberId } from '../../core/ids.ts';
import { b, list, p, type Block, type RichMessage } from '../../core/message.ts';
import { localDateKey, localParts, parseHhmm, zonedInstant } from '../../core/time.ts';
import type { Transport } from '../../core/transport.ts';
import type { Library } from '../../content/library.ts';
import { articleIn, quizIn } from '../../content/localize.ts';
import { SEASONS, type Article, type Audience, type FraudTypeId, type Quiz } from '../../content/schema.ts';
import type { Db } from '../../db/client.ts';
import { classMeetings, deliveries, meetingKits } from '../../db/schema.ts';
import { defineMessages, localized, type Locale } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import type { ContentPicker } from '../picker.ts';

const t = defineMessages({
  'zh-CN': {
    title: '{month} 反电诈主题班会材料包 · {className}',
    intro: '这是本月主题班会的现成材料，供您（辅导员/班主任）备课使用，只发给您本人。开完班会后，请在班级群发送 /meeting held [日期] [到会人数] 记录。',
    article: '一、本月文章：{title}',
    quiz: '二、5 道测验题（含答案与解析）',
    answer: '答案：{answer}。{explain}',
    case: '三、案例讨论（{label}）',
    caseLabel: '综合案例，人物为化名，摘自文章《{title}》',
    discuss: '讨论：案例中的人在哪一步本可以停下来核实？换作你，会怎么做？',
    season: '四、本月重点',
    seasonLine: '{label}（{from} 至 {to}）：{types}',
    noSeason: '本月没有特定的季节主题，可结合本月文章和近期群里的提示讨论。',
  },
  en: {
    title: 'Class-meeting kit for {month} · {className}',
    intro: 'A ready kit for this month\'s anti-fraud class meeting, sent to you (the advisor) alone. After the meeting, send /meeting held [date] [attendance] in the class group to record it.',
    article: '1. This month\'s article: {title}',
    quiz: '2. Five quiz questions (with answers and explanations)',
    answer: 'Answer: {answer}. {explain}',
    case: '3. A case to discuss ({label})',
    caseLabel: 'a composite case with made-up names, from the article "{title}"',
    discuss: 'Discuss: at which step could the person in the case have stopped to check? What would you do?',
    season: '4. This month\'s focus',
    seasonLine: '{label} ({from} to {to}): {types}',
    noSeason: 'No seasonal theme this month; discuss this month\'s article and the recent tips.',
  },
});

const QUIZ_COUNT = 5;
const TOP_TYPES = 3;

export interface MeetingKit {
  month: string;
  article: Article;
  quizzes: Quiz[];
  seasons: { label: string; from: string; to: string; types: FraudTypeId[] }[];
}

interface GroupRow {
  id: GroupId;
  className: string | null;
  audience: Audience;
  locale: Locale;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The group-local month (`2027-05`) at `now` and when its kit is due: its first weekday at the
 * tip time. A group set up after that instant waits for the next month.
 */
export function monthSchedule(group: { timezone: string; tipTime: string }, now: Date): { month: string; due: number } {
  const local = localParts(now, group.timezone);
  const { hour, minute } = parseHhmm(group.tipTime);
  const due = zonedInstant(local.year, local.month, firstWeekday(local.year, local.month), hour, minute, group.timezone).getTime();
  return { month: `${local.year}-${pad(local.month)}`, due };
}

/** The first Monday–Friday of a month (1, 2 or 3). */
export function firstWeekday(year: number, month: number): number {
  for (let day = 1; ; day++) {
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day;
  }
}

/**
 * The monthly class meeting: on the first weekday of each month (group-local, at the group's tip
 * time) each advisor of each active, set-up group gets the kit privately. The (group, month) row
 * is claimed by its insert, so a kit goes out at most once; a bot that was down catches up later
 * in the same month. Advisors mark meetings held with a date and attendance.
 */
export class MeetingService {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly library: Library,
    private readonly picker: ContentPicker,
    private readonly transport: Transport,
    private readonly log: Logger,
    private readonly advisorsOf: (group: GroupId) => MemberId[],
  ) {
    this.statements = {
      schedules: db.$client.prepare(`select distinct timezone, tip_time as tipTime from groups where active = 1 and setup_at is not null`),
      // A group set up after the month's due instant waits for the next month.
      missing: db.$client.prepare(
        `select id, class_name as className, audience, locale from groups g
          where active = 1 and setup_at is not null and setup_at <= @dueAt and timezone = @timezone and tip_time = @tipTime
            and not exists (select 1 from meeting_kits k where k.group_id = g.id and k.month = @month)`,
      ),
    };
  }

  /** Sends every kit that is due now; returns how many groups got one. */
  async sendDueKits(): Promise<number> {
    const now = this.clock.now();
    // Groups share a few (timezone, tip time) schedules: the local-time arithmetic is done once
    // per schedule, and SQL finds the groups of a due schedule that have no kit for the month.
    const due: { group: GroupRow; month: string; today: string }[] = [];
    for (const schedule of this.statements.schedules.all() as { timezone: string; tipTime: string }[]) {
      const { month, due: dueAt } = monthSchedule(schedule, now);
      if (now.getTime() < dueAt) continue;
      const today = localDateKey(now, schedule.timezone);
      for (const group of this.statements.missing.all({ ...schedule, month, dueAt }) as GroupRow[]) due.push({ group, month, today });
    }
    let count = 0;
    for (const { group, month, today } of due) {
      const kit = this.kit(group.id, group.audience, today);
      if (!kit) continue;
      const claimed = this.db
        .insert(meetingKits)
        .values({ groupId: group.id, month, articleId: kit.article.id, quizIds: JSON.stringify(kit.quizzes.map((q) => q.id)), at: now.getTime() })
        .onConflictDoNothing()
        .run();
      if (claimed.changes !== 1) continue; // another tick's
      count++;
      const message = this.render(kit, group.className ?? group.id, group.locale);
      let reached = 0;
      for (const advisor of this.advisorsOf(group.id)) {
        const outcome = await this.transport.send({ member: advisor }, message);
        if (outcome.ok) reached++;
        else this.log.warn({ group: group.id, reason: outcome.reason }, 'meeting kit not delivered to an advisor');
      }
      this.db.update(meetingKits).set({ sentTo: reached }).where(and(eq(meetingKits.groupId, group.id), eq(meetingKits.month, month))).run();
    }
    return count;
  }

  /**
   * The kit for a group, sent on a group-local date (`2027-05-20`) for that date's month: the
   * article the group last received (else the picker's choice for its audience), five questions
   * for the audience that share the article's fraud types first, the article's composite case,
   * and the seasons in the rest of the month (a kit caught up late does not name a season that ended).
   */
  kit(group: GroupId, audience: Audience, today: string): MeetingKit | undefined {
    const month = today.slice(0, 7);
    const last = this.db
      .select({ id: deliveries.contentId })
      .from(deliveries)
      .where(and(eq(deliveries.groupId, group), eq(deliveries.kind, 'article'), eq(deliveries.status, 'sent')))
      .orderBy(sql`${deliveries.sentAt} desc`)
      .get();
    const articleId = last?.id ?? this.picker.pick('article', audience, { monthDay: today.slice(5), dueAt: this.clock.now().getTime() }, new Map());
    const article = articleId ? this.library.articlesById.get(articleId as never) : undefined;
    if (!article) return undefined;
    return { month, article, quizzes: this.quizzes(article, audience, month), seasons: this.seasons(today.slice(5)) };
  }

  private quizzes(article: Article, audience: Audience, month: string): Quiz[] {
    const pool = [...this.library.quizzes.values()].filter((q) => q.audiences.includes(audience));
    const related = pool.filter((q) => q.types.some((ty) => article.types.includes(ty)));
    const others = pool.filter((q) => !related.includes(q));
    // Rotate by month, so consecutive kits on the same article do not repeat the same questions.
    const turn = Number(month.slice(0, 4)) * 12 + Number(month.slice(5));
    const rotate = (xs: Quiz[]) => (xs.length ? [...xs.slice(turn % xs.length), ...xs.slice(0, turn % xs.length)] : xs);
    return [...rotate(related), ...rotate(others)].slice(0, QUIZ_COUNT);
  }

  /** Season windows that overlap the rest of the month from `monthDay`, each with the fraud types its seasonal content covers most. */
  private seasons(monthDay: string): MeetingKit['seasons'] {
    const [first, last] = [monthDay, `${monthDay.slice(0, 2)}-31`];
    const overlaps = (w: { from: string; to: string }) =>
      w.from <= w.to ? w.from <= last && w.to >= first : w.from <= last || w.to >= first;
    return Object.entries(SEASONS)
      .filter(([, w]) => overlaps(w))
      .map(([label, w]) => {
        const counts = new Map<FraudTypeId, number>();
        for (const item of [...this.library.tips, ...this.library.articles]) {
          if (item.season?.label !== label) continue;
          for (const ty of item.types) counts.set(ty, (counts.get(ty) ?? 0) + 1);
        }
        const types = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_TYPES).map(([ty]) => ty);
        return { label, ...w, types };
      })
      .filter((s) => s.types.length > 0);
  }

  render(kit: MeetingKit, className: string, locale: Locale): RichMessage {
    const typeName = (id: FraudTypeId) => {
      const type = this.library.types.get(id);
      return type ? localized(type.name, locale) : id;
    };
    const article = articleIn(kit.article, locale);
    const quizBlocks: Block[] = kit.quizzes.map((q) => quizIn(q, locale)).flatMap((q, i) => [
      p(b(`${i + 1}. ${q.scenario ? `${q.scenario} ` : ''}${q.question}`)),
      list(q.options.map((o, k) => [`${String.fromCharCode(65 + k)}. ${o}`])),
      p({ text: t(locale, 'answer', { answer: String.fromCharCode(65 + q.answer), explain: q.explain }), italic: true }),
    ]);
    return {
      title: t(locale, 'title', { month: kit.month, className }),
      blocks: [
        p(t(locale, 'intro')),
        p(b(t(locale, 'article', { title: article.title }))),
        p({ text: article.summary, italic: true }),
        p(b(t(locale, 'quiz'))),
        ...quizBlocks,
        p(b(t(locale, 'case', { label: t(locale, 'caseLabel', { title: article.title }) }))),
        ...caseOf(article.body).map((line) => ({ kind: 'quote' as const, spans: [line] })),
        p(t(locale, 'discuss')),
        p(b(t(locale, 'season'))),
        kit.seasons.length
          ? list(kit.seasons.map((s) => [t(locale, 'seasonLine', { label: locale === 'en' ? SEASONS[s.label]!.en : s.label, from: s.from, to: s.to, types: s.types.map(typeName).join(locale === 'en' ? ', ' : '、') })]))
          : p(t(locale, 'noSeason')),
      ],
    };
  }

  /** Records a meeting held on a local date (`2027-05-06`); recording the same date again updates it. */
  recordHeld(group: GroupId, heldOn: string, attendance: number | null, by: MemberId): void {
    this.db
      .insert(classMeetings)
      .values({ groupId: group, heldOn, attendance, recordedBy: by, at: this.clock.now().getTime() })
      .onConflictDoUpdate({ target: [classMeetings.groupId, classMeetings.heldOn], set: { attendance, recordedBy: by } })
      .run();
  }

  /** Meetings held in the groups between two local dates (inclusive). */
  held(groupIds: readonly GroupId[], fromDay: string, toDay: string) {
    if (groupIds.length === 0) return [];
    return this.db
      .select()
      .from(classMeetings)
      .where(and(inArray(classMeetings.groupId, [...groupIds]), gte(classMeetings.heldOn, fromDay), lte(classMeetings.heldOn, toDay)))
      .all();
  }
}

/** The paragraphs of an article's case section (**案例**, in English **Case**): from the line that labels it up to the next bold heading. */
export function caseOf(body: string): string[] {
  const lines = body.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith('**案例**') || l.startsWith('**Case**'));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('**'));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter(Boolean);
}
