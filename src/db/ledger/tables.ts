import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { groupRef } from '../schema.ts';

/**
 * The reports' ledger tables. Every count in them is kept by the triggers derived from
 * declarations.ts (tallies.ts writes their SQL), and filed again from the sources by ReportDays.
 */

/** What the reports count, per group and local day (group_days) and per group and period (group_periods). */
export const REPORT_COUNTERS = ['tips', 'articles', 'acks', 'questions', 'answers', 'correct', 'exams_taken', 'exams_passed', 'triaged'] as const;
export type ReportCounter = (typeof REPORT_COUNTERS)[number];
/** The periods of a report, each a row of group_periods: today, 7 days, 30 days, the term. */
export const REPORT_PERIODS = ['today', '7d', '30d', 'term'] as const;
/** The counters of groups (as of now, not by day) that group_periods copies, so a report reads group_periods alone. */
export const GROUP_GAUGES = ['known_members', 'duty_members', 'app_installed', 'app_registered', 'app_warning', 'app_all_three', 'pledge_signed', 'listed_members'] as const;

/**
 * Whom a class's member rates divide by (`p`: a row with the gauges): its class list where it has
 * one, its known members who are not advisors otherwise, and never fewer than the latter (members
 * seen but missing from the list still count). docs/design.md, Report figures.
 */
export const memberBase = (p: string) => `max(${p}.listed_members, ${p}.duty_members)`;

const counts = (names: readonly string[]) => Object.fromEntries(names.map((c) => [c, integer(c).notNull().default(0)]));

/**
 * The reports' ledger: each group's counts per local day (`2026-12-01`): deliveries sent and their
 * acknowledgements by known members, group questions and their answers, entrance tests (each known
 * member once, on the day of their latest), triaged messages.
 */
export const groupDays = sqliteTable(
  'group_days',
  { groupId: groupRef('group_id').notNull(), day: text('day').notNull(), ...counts(REPORT_COUNTERS) },
  (t) => [primaryKey({ columns: [t.groupId, t.day] })],
);

/**
 * Triaged messages per unit, timezone, local day, group and fraud type ('' for none known). Keyed
 * by unit, zone and day first, so a unit's messages of a period lie together; the group's unit and
 * zone follow it when they change.
 */
export const triageDays = sqliteTable(
  'triage_days',
  {
    unitId: text('unit_id').notNull(),
    timezone: text('timezone').notNull(),
    day: text('day').notNull(),
    groupId: groupRef('group_id').notNull(),
    typeId: text('type_id').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.timezone, t.day, t.groupId, t.typeId] }),
    index('triage_days_group').on(t.groupId, t.day, t.typeId, t.count),
  ],
);

/**
 * The report's table: a row per class and period with its counts over the period (the sums of
 * group_days from the period's first local day, `from_day`), moved on each new local day by
 * ReportDays.sync, and a copy of what a report needs of its group (unit, name, timezone, its
 * gauges). Keyed by unit and period first, so a unit's classes over a period lie together: a unit
 * report reads one range of short rows.
 */
export const groupPeriods = sqliteTable(
  'group_periods',
  {
    /** groups.unit_id, '' for none (a key column cannot be null). */
    unitId: text('unit_id').notNull().default(''),
    period: text('period', { enum: REPORT_PERIODS }).notNull(),
    groupId: groupRef('group_id').notNull(),
    /** coalesce(class_name, title, id) of the group. */
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    ...counts(GROUP_GAUGES),
    fromDay: text('from_day').notNull().default(''),
    ...counts(REPORT_COUNTERS),
  },
  // By group for the triggers; the board's order per period is an expression index (hand-written in migration 0005_report_periods).
  (t) => [primaryKey({ columns: [t.unitId, t.period, t.groupId] }), index('group_periods_group').on(t.groupId, t.period)],
);

/**
 * A unit's classes summed per period and timezone: a unit report's totals read a row per unit
 * below it, not a row per class. `weighted_acks` is Σ acks ÷ memberBase over classes with
 * deliveries (each class's acknowledgement rate × its deliveries), `weighted_answers` the same for
 * the quiz participation.
 */
export const unitPeriods = sqliteTable(
  'unit_periods',
  {
    unitId: text('unit_id').notNull(),
    period: text('period', { enum: REPORT_PERIODS }).notNull(),
    timezone: text('timezone').notNull(),
    classes: integer('classes').notNull().default(0),
    ...counts(GROUP_GAUGES),
    /** Σ memberBase of the classes: the unit's members as its rates count them. */
    members: integer('members').notNull().default(0),
    ...counts(REPORT_COUNTERS),
    weightedAcks: real('weighted_acks').notNull().default(0),
    weightedAnswers: real('weighted_answers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.period, t.timezone] })],
);

/** triage_days summed per unit, timezone, day and type: a unit's messages by type in a few rows. */
export const unitTriageDays = sqliteTable(
  'unit_triage_days',
  {
    unitId: text('unit_id').notNull(),
    timezone: text('timezone').notNull(),
    day: text('day').notNull(),
    typeId: text('type_id').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.timezone, t.day, t.typeId] })],
);
