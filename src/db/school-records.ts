import type { GroupId, MemberId } from '../core/ids.ts';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { groupRef } from './schema.ts';

/**
 * The school's own records beside the campaign's: class lists (花名册), the case ledger (台账) and
 * the half-month reports sent. Times are epoch milliseconds, as in schema.ts.
 */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * A class list (花名册) entry: a student the school expects in the class, seen by the bot or not.
 * The minimum is kept (docs/design.md, Class lists): a name for the advisor's follow-up list, the
 * student number only where CLASS_LIST_STUDENT_NUMBERS allows it (else a hash of it, to match a
 * re-import), the platform member once bound, and a one-time code for /bind until then.
 */
export const classListEntries = sqliteTable(
  'class_list_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: groupRef('group_id').notNull(),
    /** A hash of the student number or internal id within the class: how a re-import finds the entry. */
    refHash: text('ref_hash').notNull(),
    /** The student number as given, only when the school keeps it; never shown in a group. */
    studentNo: text('student_no'),
    name: text('name').notNull(),
    memberId: text('member_id').$type<MemberId>(),
    /** The one-time code the student sends with /bind; null once used. */
    bindCode: text('bind_code'),
    importedAt: ms('imported_at').notNull(),
    boundAt: ms('bound_at'),
  },
  (t) => [
    uniqueIndex('class_list_entries_ref').on(t.groupId, t.refHash),
    uniqueIndex('class_list_entries_code').on(t.bindCode),
    index('class_list_entries_member').on(t.memberId, t.groupId),
  ],
);

/**
 * The case ledger (台账): a fraud case a school admin records (docs/design.md, Case ledger). No
 * victim names: a fraud type, an amount band, how it was reported, whether 紧急止付 worked, and a
 * short note checked for long digit runs (phone, ID, card numbers).
 */
export const fraudCases = sqliteTable(
  'fraud_cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The local date of the case, `2026-11-20`. */
    day: text('day').notNull(),
    /** The unit it belongs to: the class group's unit when a class is given. */
    unitId: text('unit_id').notNull(),
    groupId: text('group_id').$type<GroupId>(),
    typeId: text('type_id').notNull(),
    amountBand: text('amount_band', { enum: ['none', 'lt1k', '1k-10k', '10k-50k', '50k-100k', 'ge100k'] }).notNull(),
    reportedVia: text('reported_via', { enum: ['110', '96110', 'school', 'app', 'other'] }).notNull(),
    stopPayment: text('stop_payment', { enum: ['succeeded', 'failed', 'not-tried'] }).notNull(),
    note: text('note'),
    /** The alert it was turned into, if any. */
    alertId: integer('alert_id'),
    createdBy: text('created_by').$type<MemberId>().notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('fraud_cases_day').on(t.day, t.unitId)],
);

/**
 * 半月通报: one row per (unit, half month, recipient), claimed by its insert before the report is
 * sent privately, so a restart or an overlapping tick neither doubles nor drops it; a failed send
 * is tried again on later ticks, three times at most (docs/design.md, Half-month reports).
 */
export const halfMonthReports = sqliteTable(
  'half_month_reports',
  {
    unitId: text('unit_id').notNull(),
    /** The first day of the half month reported, `2026-11-16`. */
    half: text('half').notNull(),
    memberId: text('member_id').$type<MemberId>().notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.half, t.memberId] })],
);
