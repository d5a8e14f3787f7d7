import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { MemberId } from '../core/ids.ts';
import { localParts } from '../core/time.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import { roles, settings } from '../db/schema.ts';
import { halfMonthReports } from '../db/school-records.ts';
import { previousHalfMonth, type DayRange } from './periods.ts';
import type { UnitService } from './units.ts';

/** A report owed: the unit, the half month just ended, and whom it goes to. */
export interface HalfMonthDue {
  unitId: string;
  half: DayRange;
  recipients: MemberId[];
}

/** Sent on these days of the month unless a unit has its own (settings: scope `unit:<id>`, key `half_month_days`). */
export const HALF_MONTH_DAYS = [1, 16];

const t = defineMessages({
  'zh-CN': {
    notADay: '发送日要写 1 到 28 之间的日期（每个月都有这些日子）。',
    twoInOneHalf: '1–15 日和 16–28 日各至多选一天：每个半月只发一次通报。',
  },
  en: {
    notADay: 'The days must be dates from 1 to 28 (every month has them).',
    twoInOneHalf: 'At most one day in 1–15 and one in 16–28: each half month is reported once.',
  },
});

/** Why a unit's days were refused. */
export type HalfMonthDaysProblem = Parameters<typeof t>[1];

/** The refusal as the chat and the web console word it. */
export const describeDaysProblem = (locale: Locale, problem: HalfMonthDaysProblem): string => t(locale, problem);

/**
 * A unit's own days: one in 1–15 and one in 16–28 at most (every month has them), since each
 * half month is reported once however many days fall in it. Reports the half month just ended.
 */
export function parseHalfMonthDays(words: readonly string[]): number[] | HalfMonthDaysProblem {
  const days = words.map((w) => Number(w.replace(/[日号]$/, '')));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 28)) return 'notADay';
  if (days.filter((d) => d <= 15).length > 1 || days.filter((d) => d >= 16).length > 1) return 'twoInOneHalf';
  return days;
}
/** From this local hour: the report of a half month that ended at midnight, read in the morning. */
const SEND_HOUR = 8;
const MAX_ATTEMPTS = 3;
/** A claim this old with no outcome was left by a process that stopped while sending. */
const STALE_MS = 10 * 60_000;
const SETTING = 'half_month_days';

/**
 * 半月通报: which unit owes which of its advisors and the school admins the report of the half
 * month just ended, and the claims that make each sent once (half_month_reports). The report
 * itself is made and sent by the feature (src/features/half-month.ts).
 */
export class HalfMonthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'ADMIN_IDS' | 'DEFAULT_TIMEZONE'>,
    private readonly units: UnitService,
  ) {}

  /** The days of the month a unit gets its report on. */
  days(unitId: string): number[] {
    const row = this.db.select({ value: settings.value }).from(settings).where(and(eq(settings.scope, `unit:${unitId}`), eq(settings.key, SETTING))).get();
    const days = row?.value.split(',').map(Number).filter((d) => Number.isInteger(d) && d >= 1 && d <= 28);
    return days?.length ? days : HALF_MONTH_DAYS;
  }

  /** Sets a unit's days, or with none brings back the default. */
  setDays(unitId: string, days: readonly number[]): void {
    const key = and(eq(settings.scope, `unit:${unitId}`), eq(settings.key, SETTING));
    if (days.length === 0) return void this.db.delete(settings).where(key).run();
    const value = [...days].sort((a, b) => a - b).join(',');
    const updatedAt = this.clock.now().getTime();
    this.db.insert(settings).values({ scope: `unit:${unitId}`, key: SETTING, value, updatedAt }).onConflictDoUpdate({ target: [settings.scope, settings.key], set: { value, updatedAt } }).run();
  }

  /** The reports owed now, each with its recipients still unsent (failed ones with tries left). */
  due(): HalfMonthDue[] {
    const local = localParts(this.clock.now(), this.config.DEFAULT_TIMEZONE);
    if (local.hour < SEND_HOUR) return [];
    const today = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
    const half = previousHalfMonth(today);
    const owed: HalfMonthDue[] = [];
    for (const unit of this.units.list()) {
      if (!this.days(unit.id).includes(local.day) || this.units.activeGroupsOf(unit.id).length === 0) continue;
      const done = new Set(
        this.db
          .select({ member: halfMonthReports.memberId })
          .from(halfMonthReports)
          .where(and(eq(halfMonthReports.unitId, unit.id), eq(halfMonthReports.half, half.from), or(eq(halfMonthReports.status, 'sent'), sql`${halfMonthReports.attempts} >= ${MAX_ATTEMPTS}`)))
          .all()
          .map((r) => r.member),
      );
      const recipients = this.recipients(unit.id, unit.kind !== 'class').filter((m) => !done.has(m));
      if (recipients.length) owed.push({ unitId: unit.id, half, recipients });
    }
    return owed;
  }

  /** Claims one recipient's send: false when it was sent, or another tick holds it now. */
  claim(unitId: string, half: DayRange, member: MemberId): boolean {
    const at = this.clock.now().getTime();
    const key = and(eq(halfMonthReports.unitId, unitId), eq(halfMonthReports.half, half.from), eq(halfMonthReports.memberId, member));
    const inserted = this.db.insert(halfMonthReports).values({ unitId, half: half.from, memberId: member, status: 'pending', attempts: 1, at }).onConflictDoNothing().run();
    if (inserted.changes === 1) return true;
    // A failed one is taken again (the update is the claim), and a pending one left by a stopped
    // process; one pending now is another tick's.
    const retry = or(eq(halfMonthReports.status, 'failed'), and(eq(halfMonthReports.status, 'pending'), lt(halfMonthReports.at, at - STALE_MS)));
    return (
      this.db
        .update(halfMonthReports)
        .set({ status: 'pending', attempts: sql`${halfMonthReports.attempts} + 1`, at })
        .where(and(key, retry, lt(halfMonthReports.attempts, MAX_ATTEMPTS)))
        .run().changes === 1
    );
  }

  settle(unitId: string, half: DayRange, member: MemberId, sent: boolean): void {
    this.db
      .update(halfMonthReports)
      .set({ status: sent ? 'sent' : 'failed', at: this.clock.now().getTime() })
      .where(and(eq(halfMonthReports.unitId, unitId), eq(halfMonthReports.half, half.from), eq(halfMonthReports.memberId, member)))
      .run();
  }

  /**
   * The advisors granted on the unit or a unit above it, and the school admins for a school or a
   * college (a class unit's report would otherwise reach them once for every class).
   */
  private recipients(unitId: string, admins: boolean): MemberId[] {
    const chain = this.units.ancestors(unitId);
    const granted = this.db
      .select({ id: roles.memberId })
      .from(roles)
      .where(and(eq(roles.scopeKind, 'unit'), inArray(roles.scopeId, chain)))
      .all()
      .map((r) => r.id);
    return [...new Set([...(admins ? (this.config.ADMIN_IDS as MemberId[]) : []), ...granted])];
  }
}
