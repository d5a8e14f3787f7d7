import { sql } from 'drizzle-orm';
import type { GroupId, MemberId } from '../core/ids.ts';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The store. Ids are namespaced by platform (ids.ts). Times are epoch milliseconds.
 * Foreign keys to groups cascade on update, so a Telegram supergroup migration moves a
 * group's whole history by changing one id.
 */
const ms = (name: string) => integer(name, { mode: 'number' });
const bool = (name: string) => integer(name, { mode: 'boolean' });
export const groupRef = (name: string) => text(name).$type<GroupId>().references(() => groups.id, { onUpdate: 'cascade', onDelete: 'cascade' });

export const units = sqliteTable('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['school', 'college', 'class'] }).notNull(),
  parentId: text('parent_id').references((): any => units.id, { onDelete: 'set null' }),
  createdAt: ms('created_at').notNull(),
}, (t) => [index('units_parent').on(t.parentId)]);

export const groups = sqliteTable(
  'groups',
  {
  id: text('id').$type<GroupId>().primaryKey(),
  platform: text('platform').notNull(),
  title: text('title'),
  /** The class name set with /setup (e.g. 软件2301). */
  className: text('class_name'),
  audience: text('audience', { enum: ['students', 'staff', 'parents'] }).notNull().default('students'),
  timezone: text('timezone').notNull(),
  locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull().default('zh-CN'),
  /** Local HH:MM of the daily tip. */
  tipTime: text('tip_time').notNull(),
  /** ISO weekday of the weekly article, 1 = Monday. */
  articleDay: integer('article_day').notNull(),
  articleTime: text('article_time').notNull(),
  quizAfterArticle: bool('quiz_after_article').notNull().default(false),
  paused: bool('paused').notNull().default(false),
  /** False once the bot is removed, kicked or refused (403): no more sends. */
  active: bool('active').notNull().default(true),
  /**
   * Why an inactive group is inactive (null while active, and for groups made inactive before
   * this was kept). Only a group out for `missing-permissions` comes back when the platform says
   * the bot may post again; the owner is told when such a pause starts, so once per pause, also
   * across restarts (docs/design.md, Persisted platform state).
   */
  inactiveReason: text('inactive_reason', { enum: ['kicked', 'left', 'missing-permissions', 'refused'] }),
  setupAt: ms('setup_at'),
  unitId: text('unit_id').references(() => units.id, { onDelete: 'set null' }),
  /**
   * Active roster rows (known members), kept by triggers on group_members (declared in
   * src/db/ledger/declarations.ts): a unit report over 200k members must not count them row by row.
   */
  knownMembers: integer('known_members').notNull().default(0),
  /**
   * The campaign duties' figures of the group as of now, kept by triggers (declared in
   * src/db/ledger/declarations.ts): active non-advisor members (is_admin = 0), those of them with each APP step
   * done, with all three, and with a signature on a pledge of this group. The duties' report
   * reads these instead of walking the roster when its period ends after the latest step or
   * signature.
   */
  dutyMembers: integer('duty_members').notNull().default(0),
  appInstalled: integer('app_installed').notNull().default(0),
  appRegistered: integer('app_registered').notNull().default(0),
  appWarning: integer('app_warning').notNull().default(0),
  appAllThree: integer('app_all_three').notNull().default(0),
  pledgeSigned: integer('pledge_signed').notNull().default(0),
  /**
   * Entries of the group's class list (花名册), kept by triggers (src/db/ledger/declarations.ts):
   * where a list exists, the member rates divide by it (docs/design.md, Report figures).
   */
  listedMembers: integer('listed_members').notNull().default(0),
  /**
   * Minutes east of UTC of the group's timezone now, kept by ReportDays: the ledger's triggers
   * (src/db/ledger/) file each event under the group's local day with it.
   */
  utcOffset: integer('utc_offset').notNull().default(480),
  /** The timezone group_days were filed in; when it is not `timezone`, ReportDays files them again. */
  daysZone: text('days_zone'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('groups_unit').on(t.unitId),
    // The groups whose days must be filed again (new, or their timezone changed): few, found at once.
    index('groups_days_stale').on(t.id).where(sql`days_zone is not timezone`),
  ],
);

export const members = sqliteTable('members', {
  id: text('id').$type<MemberId>().primaryKey(),
  platform: text('platform').notNull(),
  displayName: text('display_name').notNull(),
  languageCode: text('language_code'),
  /** When the member's latest entrance test closed, and their latest passed one (triggers, src/db/ledger/rollups.ts). */
  examAt: ms('exam_at'),
  examPassedAt: ms('exam_passed_at'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/** The roster: every member the bot has seen in a group. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: groupRef('group_id').notNull(),
    memberId: text('member_id').$type<MemberId>().notNull().references(() => members.id, { onDelete: 'cascade' }),
    /** The platform says the member administers the group. */
    isAdmin: bool('is_admin').notNull().default(false),
    /**
     * The member advises the group without the platform saying so: granted by /grant on it or on a
     * unit above it, or a school admin. Kept by AdvisorFlags (services/advisor-flags.ts), so the
     * report ledger's triggers can leave advisors out of the member rates.
     */
    granted: bool('granted').notNull().default(false),
    active: bool('active').notNull().default(true),
    firstSeenAt: ms('first_seen_at').notNull(),
    lastSeenAt: ms('last_seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.memberId] }),
    // By member, covering who is active where (reports join entrance tests to the roster).
    index('group_members_member').on(t.memberId, t.active, t.groupId),
    // A group's active advisors, few a group: the duties' report takes their alert acknowledgements off deliveries.ack_count.
    index('group_members_advisors').on(t.groupId, t.memberId).where(sql`active = 1 and (is_admin = 1 or granted = 1)`),
  ],
);

/**
 * The delivery ledger: at most one row per (group, kind, slot), so a slot is sent at most
 * once across restarts and overlapping ticks (docs/design.md, Delivery).
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: groupRef('group_id').notNull(),
    kind: text('kind').notNull(),
    /** The group-local date (`2026-12-01`), ISO week (`2026-W49`) or another slot key. */
    slot: text('slot').notNull(),
    contentId: text('content_id').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'missed', 'skipped'] }).notNull(),
    dueAt: ms('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at'),
    messageId: text('message_id'),
    sentAt: ms('sent_at'),
    error: text('error'),
    /**
     * Acknowledgements of this delivery by members still active in its group, kept by triggers on
     * acknowledgements and group_members (declared in src/db/ledger/declarations.ts).
     */
    ackCount: integer('ack_count').notNull().default(0),
    /** The same, by members who are not advisors (is_admin = 0): what the member rates count. */
    memberAcks: integer('member_acks').notNull().default(0),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('deliveries_slot').on(t.groupId, t.kind, t.slot),
    index('deliveries_status').on(t.status, t.nextAttemptAt),
    index('deliveries_group_content').on(t.groupId, t.contentId),
    // The scheduler asks "which groups already have this slot?" once per slot key.
    index('deliveries_kind_slot').on(t.kind, t.slot),
    // The few urgent alerts of a period, for the duties' report: one range, not a seek per group.
    index('deliveries_alerts').on(t.sentAt, t.groupId, t.ackCount).where(sql`kind = 'alert' and status = 'sent'`),
  ],
);

/** One acknowledgement per (delivery, member): a second press is a no-op. */
export const acknowledgements = sqliteTable(
  'acknowledgements',
  {
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    memberId: text('member_id').$type<MemberId>().notNull().references(() => members.id, { onDelete: 'cascade' }),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.memberId] }), index('acknowledgements_member').on(t.memberId, t.at)],
);

/** A quiz run: one group question, a private practice round, or an entrance exam. */
export const quizSessions = sqliteTable(
  'quiz_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mode: text('mode', { enum: ['group', 'practice', 'exam'] }).notNull(),
    groupId: groupRef('group_id'),
    /** The member taking a practice or exam; null for a group question. */
    memberId: text('member_id').$type<MemberId>().references(() => members.id, { onDelete: 'cascade' }),
    /** JSON array of question ids, in order. */
    questionIds: text('question_ids').notNull(),
    position: integer('position').notNull().default(0),
    messageId: text('message_id'),
    startedAt: ms('started_at').notNull(),
    closesAt: ms('closes_at'),
    closedAt: ms('closed_at'),
    score: real('score'),
    passed: bool('passed'),
    /** Answers to this session and the right ones, kept by triggers on quiz_answers (declared in src/db/ledger/declarations.ts). */
    answerCount: integer('answer_count').notNull().default(0),
    correctCount: integer('correct_count').notNull().default(0),
    /**
     * A group question's answers by members still active in its group who are not advisors, and the
     * right ones, kept by triggers (declared in src/db/ledger/declarations.ts): the participation's
     * numerator, so a member who answered and left no longer counts.
     */
    memberAnswers: integer('member_answers').notNull().default(0),
    memberCorrect: integer('member_correct').notNull().default(0),
  },
  (t) => [
    index('quiz_sessions_group').on(t.groupId, t.startedAt),
    index('quiz_sessions_member').on(t.memberId, t.mode),
  ],
);

/** Every answer a member gives. The first answer to a group question is the one that counts. */
export const quizAnswers = sqliteTable(
  'quiz_answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => quizSessions.id, { onDelete: 'cascade' }),
    memberId: text('member_id').$type<MemberId>().notNull().references(() => members.id, { onDelete: 'cascade' }),
    groupId: groupRef('group_id'),
    questionId: text('question_id').notNull(),
    choice: integer('choice').notNull(),
    correct: bool('correct').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [
    uniqueIndex('quiz_answers_once').on(t.sessionId, t.memberId, t.questionId),
    index('quiz_answers_member').on(t.memberId, t.at),
    index('quiz_answers_group').on(t.groupId, t.at),
  ],
);

/**
 * A triaged message. The text itself is kept only when the member consents to share it with
 * the advisor (docs/design.md, Privacy); otherwise the type, the risk and a hash.
 */
export const triageReports = sqliteTable(
  'triage_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: text('member_id').$type<MemberId>().notNull().references(() => members.id, { onDelete: 'cascade' }),
    groupId: groupRef('group_id'),
    risk: text('risk', { enum: ['high', 'medium', 'low', 'none'] }).notNull(),
    typeId: text('type_id'),
    score: real('score').notNull(),
    textHash: text('text_hash').notNull(),
    sharedText: text('shared_text'),
    consentAt: ms('consent_at'),
    paidAt: ms('paid_at'),
    /** When the member, with their consent, had the bot tell their advisor. */
    advisorToldAt: ms('advisor_told_at'),
    at: ms('at').notNull(),
  },
  (t) => [
    // Covering for a report's triaged messages by type over a period (migration 0005_report_periods).
    index('triage_reports_at').on(t.at, t.groupId, t.typeId),
    index('triage_reports_group').on(t.groupId, t.at),
  ],
);

/** Advisors granted by /grant, on a group or a unit (platform admins are advisors anyway). */
export const roles = sqliteTable(
  'roles',
  {
    memberId: text('member_id').$type<MemberId>().notNull(),
    scopeKind: text('scope_kind', { enum: ['group', 'unit'] }).notNull(),
    scopeId: text('scope_id').notNull(),
    role: text('role', { enum: ['advisor'] }).notNull().default('advisor'),
    grantedBy: text('granted_by').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.scopeKind, t.scopeId] })],
);

/** Small key-value settings that need no table of their own (scope: `global`, a group id, …). */
export const settings = sqliteTable(
  'settings',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: ms('updated_at').notNull().default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

// ---------------------------------------------------------------------------------------------
// Campaign duties (issue 10): the APP's three steps, pledges, class meetings, alerts, early warning.

/**
 * A member's own progress on the 国家反诈中心 APP steps (content/reference/app.yaml). One row a
 * member, whatever their groups; `remindedAt` makes the weekly reminder at-most-once (a
 * conditional upsert claims it).
 */
export const appProgress = sqliteTable('app_progress', {
  memberId: text('member_id').$type<MemberId>().primaryKey().references(() => members.id, { onDelete: 'cascade' }),
  installedAt: ms('installed_at'),
  registeredAt: ms('registered_at'),
  warningAt: ms('warning_at'),
  remindedAt: ms('reminded_at'),
}, (t) => [
  // The latest step, in one seek each: the duties' report may use the groups' counters for a period ending after it.
  index('app_progress_installed').on(t.installedAt),
  index('app_progress_registered').on(t.registeredAt),
  index('app_progress_warning').on(t.warningAt),
]);

/** A pledge an advisor posted in a group: the library's default (`text` null) or their own text. */
export const pledges = sqliteTable(
  'pledges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: groupRef('group_id').notNull(),
    text: text('text'),
    postedBy: text('posted_by').$type<MemberId>().notNull(),
    messageId: text('message_id'),
    at: ms('at').notNull(),
  },
  (t) => [index('pledges_group').on(t.groupId, t.at)],
);

/** One signature per (pledge, member): a second press of 我承诺 is a no-op. */
export const pledgeSignatures = sqliteTable(
  'pledge_signatures',
  {
    pledgeId: integer('pledge_id')
      .notNull()
      .references(() => pledges.id, { onDelete: 'cascade' }),
    memberId: text('member_id').$type<MemberId>().notNull().references(() => members.id, { onDelete: 'cascade' }),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pledgeId, t.memberId] }), index('pledge_signatures_at').on(t.at)],
);

/** The monthly class-meeting kit: at most one per (group, local month), claimed by its insert. */
export const meetingKits = sqliteTable(
  'meeting_kits',
  {
    groupId: groupRef('group_id').notNull(),
    /** The group-local month, `2027-05`. */
    month: text('month').notNull(),
    articleId: text('article_id').notNull(),
    /** JSON array of quiz ids. */
    quizIds: text('quiz_ids').notNull(),
    sentTo: integer('sent_to').notNull().default(0),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.month] })],
);

/** A class meeting an advisor marked held (/meeting held); one per group and date. */
export const classMeetings = sqliteTable(
  'class_meetings',
  {
    groupId: groupRef('group_id').notNull(),
    /** The local date it was held, `2027-05-06`. */
    heldOn: text('held_on').notNull(),
    attendance: integer('attendance'),
    recordedBy: text('recorded_by').$type<MemberId>().notNull(),
    at: ms('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.heldOn] }),
    // A report's meetings over its period, whatever its scope: one range of dates.
    index('class_meetings_held').on(t.heldOn, t.groupId),
  ],
);

/** An urgent alert (新手法预警) a school admin sent to a unit; each group's copy is a delivery of kind `alert`. */
export const alerts = sqliteTable('alerts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  unitId: text('unit_id').notNull(),
  text: text('text').notNull(),
  createdBy: text('created_by').$type<MemberId>().notNull(),
  /** The early warning it was made from, if any. */
  warningId: integer('warning_id'),
  at: ms('at').notNull(),
});

/**
 * A local early warning: triage reports of one type (or one text hash) in one school reached the
 * threshold on one day. Unique per (school, kind, key, day), so the admins are told once.
 */
export const earlyWarnings = sqliteTable(
  'early_warnings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The root unit id, or `*` for members without a unit (the whole instance as one school). */
    school: text('school').notNull(),
    kind: text('kind', { enum: ['type', 'text'] }).notNull(),
    /** The fraud type id or the text hash. */
    key: text('key').notNull(),
    /** The day, `2026-12-01`, in the configured default timezone. */
    day: text('day').notNull(),
    typeId: text('type_id'),
    count: integer('count').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [uniqueIndex('early_warnings_once').on(t.school, t.kind, t.key, t.day)],
);

/**
 * The one bot that may run on this database (docs/design.md, Delivery): its row is taken at
 * startup and kept fresh by a heartbeat, so a second process on the same file is refused and two
 * bots can never both send. One row at most (id 1).
 */
export const instanceLock = sqliteTable('instance_lock', {
  id: integer('id').primaryKey(),
  /** host, pid and a random part: a restarted container may reuse the pid. */
  owner: text('owner').notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: ms('started_at').notNull(),
  heartbeatAt: ms('heartbeat_at').notNull(),
});

/**
 * The robot behind a push-only webhook group (`webhook:<n>`, adapters/webhook/): its webhook URL
 * and, for DingTalk, its signing secret. Both are credentials: kept here only, never logged, shown
 * masked (README, Push-only webhook groups).
 */
export const webhookGroups = sqliteTable('webhook_groups', {
  groupId: groupRef('group_id').primaryKey(),
  kind: text('kind', { enum: ['dingtalk', 'wecom'] }).notNull(),
  url: text('url').notNull(),
  secret: text('secret'),
  createdAt: ms('created_at').notNull(),
});
