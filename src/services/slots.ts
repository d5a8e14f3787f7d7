import { addDays, isoWeekOf, localParts, parseHhmm, zonedInstant } from '../core/time.ts';

/** What a group is sent on a schedule. */
export type ScheduledKind = 'tip' | 'article';

export interface Slot {
  kind: ScheduledKind;
  /** `2026-12-01` for a tip, `2026-W49` for an article: unique per group and kind. */
  key: string;
  /** `tip|2026-12-01`: the slot's key across kinds. */
  id: string;
  dueAt: number;
  /** The group-local date the slot falls on, `MM-DD`, for seasonal choice. */
  monthDay: string;
}

export interface ScheduleSettings {
  timezone: string;
  tipTime: string;
  articleDay: number;
  articleTime: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A groups row's schedule settings as one string, `Asia/Shanghai 08:00 1 20:00`, in SQL: the
 * scheduler reads it instead of four columns and uses it as the key of its slot cache.
 */
export const SCHEDULE_SQL = "timezone || ' ' || tip_time || ' ' || article_day || ' ' || article_time";

/**
 * The slots of one schedule due at `now`, newest first, going back `lookbackDays`.
 * Results are cached per (schedule, instant): groups that share a timezone and times share the
 * work, which keeps a tick over thousands of groups cheap.
 */
export class SlotCalculator {
  private cacheAt = -1;
  private readonly cache = new Map<string, Slot[]>();

  constructor(private readonly lookbackDays: number) {}

  /** `schedule` as SCHEDULE_SQL builds it. */
  due(schedule: string, now: Date): Slot[] {
    if (now.getTime() !== this.cacheAt) {
      this.cache.clear();
      this.cacheAt = now.getTime();
    }
    let slots = this.cache.get(schedule);
    if (!slots) {
      slots = computeDueSlots(parseSchedule(schedule), now, this.lookbackDays);
      this.cache.set(schedule, slots);
    }
    return slots;
  }
}

/** A schedule as SCHEDULE_SQL builds it, as settings. */
export function parseSchedule(schedule: string): ScheduleSettings {
  const [timezone = '', tipTime = '', articleDay = '', articleTime = ''] = schedule.split(' ');
  return { timezone, tipTime, articleDay: Number(articleDay), articleTime };
}

export function computeDueSlots(settings: ScheduleSettings, now: Date, lookbackDays: number): Slot[] {
  const today = localParts(now, settings.timezone);
  const tip = parseHhmm(settings.tipTime);
  const article = parseHhmm(settings.articleTime);
  const slots: Slot[] = [];
  for (let back = 0; back <= lookbackDays; back++) {
    const d = addDays(today.year, today.month, today.day, -back);
    const monthDay = `${pad(d.month)}-${pad(d.day)}`;
    const tipAt = zonedInstant(d.year, d.month, d.day, tip.hour, tip.minute, settings.timezone).getTime();
    if (tipAt <= now.getTime()) slots.push({ kind: 'tip', key: `${d.year}-${monthDay}`, id: `tip|${d.year}-${monthDay}`, dueAt: tipAt, monthDay });
    const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() || 7;
    if (weekday === settings.articleDay) {
      const articleAt = zonedInstant(d.year, d.month, d.day, article.hour, article.minute, settings.timezone).getTime();
      const week = isoWeekOf(d.year, d.month, d.day);
      if (articleAt <= now.getTime()) slots.push({ kind: 'article', key: week, id: `article|${week}`, dueAt: articleAt, monthDay });
    }
  }
  return slots;
}

/** The slots of the next `days` days after `from`, oldest first (for /calendar). */
export function upcomingSlots(settings: ScheduleSettings, from: Date, days: number): Slot[] {
  const end = new Date(from.getTime() + days * 86_400_000);
  return computeDueSlots(settings, end, days + 1)
    .filter((s) => s.dueAt > from.getTime())
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** Whether `monthDay` (MM-DD) lies in an inclusive window that may wrap the year end. */
export function inWindow(monthDay: string, window: { from: string; to: string }): boolean {
  return window.from <= window.to
    ? monthDay >= window.from && monthDay <= window.to
    : monthDay >= window.from || monthDay <= window.to;
}
