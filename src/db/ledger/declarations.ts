/**
 * What each source event adds to the reports' counters, declared once. The triggers that keep the
 * ledger (triggers.ts), ReportDays' refiling of a group's history and a migration's recount are
 * all derived from these. A new counter: a column (tables.ts or schema.ts), a declaration here,
 * `npm run db:ledger -- --write <migration>`, and a test.
 */
import { GROUP_GAUGES, memberBase, REPORT_COUNTERS } from './tables.ts';
import type { Refs, Source, Tally, Target } from './tally.ts';

/** Keeps the aliases of a declaration's functions typed. */
const tally = <A extends string, B extends string = never>(t: Tally<A, B>): Tally<A, B> => t;

const GROUP_DAYS: Target = { table: 'group_days', rows: 'upsert' };
const onGroupDay = (r: Refs<'g'>, day: string) => ({ group_id: `${r.g}.id`, day });

/** The roster rows the duties and the member rates count: active members who are not advisors. */
const dutyRoster: Source = { table: 'group_members', insert: true, delete: true, update: ['active', 'is_admin', 'granted'] };
/** A member of the group's roster, active and no advisor, by the platform or by a role (with `dutyRoster` as `gm`). */
const counted = (gm: string) => [`${gm}.active = 1`, `${gm}.is_admin = 0`, `${gm}.granted = 0`];
const knownRoster: Source = { table: 'group_members', insert: true, delete: true, update: ['active'] };

/** Counters per group and local day (group_days, triage_days): what ReportDays files again from the sources. */
export const DAY_TALLIES = [
  tally({
    name: 'days',
    into: GROUP_DAYS,
    from: { d: { table: 'deliveries', insert: true, delete: true, update: ['status', 'sent_at', 'member_acks'] } },
    where: ({ d }) => [`${d}.status = 'sent'`, `${d}.sent_at IS NOT NULL`, `${d}.kind IN ('tip', 'article')`],
    filed: { group: ({ d }) => `${d}.group_id`, at: ({ d }) => `${d}.sent_at` },
    key: onGroupDay,
    adds: ({ d }) => ({ tips: `${d}.kind = 'tip'`, articles: `${d}.kind = 'article'`, acks: `${d}.member_acks` }),
  }),
  tally({
    name: 'days',
    into: GROUP_DAYS,
    from: { q: { table: 'quiz_sessions', insert: true, delete: true, update: ['member_answers', 'member_correct'] } },
    where: ({ q }) => [`${q}.mode = 'group'`, `${q}.group_id IS NOT NULL`],
    filed: { group: ({ q }) => `${q}.group_id`, at: ({ q }) => `${q}.started_at` },
    key: onGroupDay,
    adds: ({ q }) => ({ questions: '1', answers: `${q}.member_answers`, correct: `${q}.member_correct` }),
  }),
  // Each member's entrance test once (advisors aside), on the day of their latest (and of their latest passed one).
  ...(['exam_at', 'exam_passed_at'] as const).map((at) =>
    tally({
      name: at === 'exam_at' ? 'exams_taken' : 'exams_passed',
      into: GROUP_DAYS,
      from: { m: { table: 'members', update: [at] }, gm: dutyRoster },
      where: ({ m, gm }) => [`${gm}.member_id = ${m}.id`, ...counted(gm), `${m}.${at} IS NOT NULL`],
      filed: { group: ({ gm }) => `${gm}.group_id`, at: ({ m }) => `${m}.${at}` },
      key: onGroupDay,
      adds: () => ({ [at === 'exam_at' ? 'exams_taken' : 'exams_passed']: '1' }),
    }),
  ),
  tally({
    name: 'days',
    into: GROUP_DAYS,
    from: { t: { table: 'triage_reports', insert: true, delete: true } },
    where: ({ t }) => [`${t}.group_id IS NOT NULL`],
    filed: { group: ({ t }) => `${t}.group_id`, at: ({ t }) => `${t}.at` },
    key: onGroupDay,
    adds: () => ({ triaged: '1' }),
  }),
  tally({
    name: 'triage_days',
    into: { table: 'triage_days', rows: 'upsert' },
    from: { t: { table: 'triage_reports', insert: true, delete: true } },
    where: ({ t }) => [`${t}.group_id IS NOT NULL`],
    filed: { group: ({ t }) => `${t}.group_id`, at: ({ t }) => `${t}.at` },
    key: ({ g, t }, day) => ({ unit_id: `coalesce(${g}.unit_id, '')`, timezone: `${g}.timezone`, day, group_id: `${g}.id`, type_id: `coalesce(${t}.type_id, '')` }),
    adds: () => ({ count: '1' }),
  }),
];

/** Counters kept on the sources' own rows and on groups (as of now, not by day), which the day tallies and reports read. */
export const ROW_TALLIES = [
  // Acknowledgements of a delivery by members still active in its group.
  tally({
    name: 'ack_count',
    into: { table: 'deliveries', rows: 'update' },
    from: { a: { table: 'acknowledgements', insert: true, delete: true }, gm: knownRoster, d: { table: 'deliveries' } },
    where: ({ a, gm, d }) => [`${a}.delivery_id = ${d}.id`, `${gm}.group_id = ${d}.group_id`, `${gm}.member_id = ${a}.member_id`, `${gm}.active = 1`],
    key: ({ d }) => ({ id: `${d}.id` }),
    adds: () => ({ ack_count: '1' }),
  }),
  // The same, by members who are not advisors: what the member rates count.
  tally({
    name: 'member_acks',
    into: { table: 'deliveries', rows: 'update' },
    from: { a: { table: 'acknowledgements', insert: true, delete: true }, gm: dutyRoster, d: { table: 'deliveries' } },
    where: ({ a, gm, d }) => [`${a}.delivery_id = ${d}.id`, `${gm}.group_id = ${d}.group_id`, `${gm}.member_id = ${a}.member_id`, ...counted(gm)],
    key: ({ d }) => ({ id: `${d}.id` }),
    adds: () => ({ member_acks: '1' }),
  }),
  // A group question's answers by members still active in its group who are not advisors.
  tally({
    name: 'member_answers',
    into: { table: 'quiz_sessions', rows: 'update' },
    from: { qa: { table: 'quiz_answers', insert: true, delete: true }, gm: dutyRoster, q: { table: 'quiz_sessions' } },
    where: ({ qa, gm, q }) => [`${qa}.session_id = ${q}.id`, `${q}.mode = 'group'`, `${gm}.group_id = ${q}.group_id`, `${gm}.member_id = ${qa}.member_id`, ...counted(gm)],
    key: ({ q }) => ({ id: `${q}.id` }),
    adds: ({ qa }) => ({ member_answers: '1', member_correct: `${qa}.correct` }),
  }),
  tally({
    name: 'counts',
    into: { table: 'quiz_sessions', rows: 'update' },
    from: { qa: { table: 'quiz_answers', insert: true, delete: true } },
    where: () => [],
    key: ({ qa }) => ({ id: `${qa}.session_id` }),
    adds: ({ qa }) => ({ answer_count: '1', correct_count: `${qa}.correct` }),
  }),
  tally({
    name: 'known',
    into: { table: 'groups', rows: 'update' },
    from: { gm: knownRoster },
    where: ({ gm }) => [`${gm}.active = 1`],
    key: ({ gm }) => ({ id: `${gm}.group_id` }),
    adds: () => ({ known_members: '1' }),
  }),
  tally({
    name: 'listed',
    into: { table: 'groups', rows: 'update' },
    from: { e: { table: 'class_list_entries', insert: true, delete: true } },
    where: () => [],
    key: ({ e }) => ({ id: `${e}.group_id` }),
    adds: () => ({ listed_members: '1' }),
  }),
  tally({
    name: 'duty',
    into: { table: 'groups', rows: 'update' },
    from: { gm: dutyRoster },
    where: ({ gm }) => counted(gm),
    key: ({ gm }) => ({ id: `${gm}.group_id` }),
    adds: () => ({ duty_members: '1' }),
  }),
  tally({
    name: 'app_steps',
    into: { table: 'groups', rows: 'update' },
    from: { gm: dutyRoster, ap: { table: 'app_progress', insert: true, delete: true, update: ['installed_at', 'registered_at', 'warning_at'] } },
    where: ({ gm, ap }) => [`${ap}.member_id = ${gm}.member_id`, ...counted(gm)],
    key: ({ gm }) => ({ id: `${gm}.group_id` }),
    adds: ({ ap }) => ({
      app_installed: `${ap}.installed_at IS NOT NULL`,
      app_registered: `${ap}.registered_at IS NOT NULL`,
      app_warning: `${ap}.warning_at IS NOT NULL`,
      app_all_three: `${ap}.installed_at IS NOT NULL AND ${ap}.registered_at IS NOT NULL AND ${ap}.warning_at IS NOT NULL`,
    }),
  }),
  // A member with a signature on any pledge of the group, counted once however many they signed.
  tally({
    name: 'pledge_signed',
    into: { table: 'groups', rows: 'update' },
    from: { gm: dutyRoster },
    where: ({ gm }) => counted(gm),
    key: ({ gm }) => ({ id: `${gm}.group_id` }),
    adds: () => ({ pledge_signed: '1' }),
    once: {
      from: { p: { table: 'pledges' }, s: { table: 'pledge_signatures', insert: true, delete: true, key: ['pledge_id', 'member_id'] } },
      where: ({ gm, p, s }) => [`${p}.group_id = ${gm}.group_id`, `${s}.pledge_id = ${p}.id`, `${s}.member_id = ${gm}.member_id`],
    },
  }),
];

const weighted = (p: string, count: string, when: string) => `(CASE WHEN ${when} > 0 AND ${memberBase(p)} > 0 THEN ${p}.${count} * 1.0 / ${memberBase(p)} ELSE 0 END)`;

/** The units' sums of their classes, rolled up from group_periods and triage_days: derived from the counter lists. */
export const UNIT_TALLIES = [
  tally({
    name: 'units',
    into: { table: 'unit_periods', rows: 'upsert' },
    from: { p: { table: 'group_periods', insert: true, delete: true, update: ['unit_id', 'period', 'timezone', ...GROUP_GAUGES, ...REPORT_COUNTERS] } },
    where: () => [],
    key: ({ p }) => ({ unit_id: `${p}.unit_id`, period: `${p}.period`, timezone: `${p}.timezone` }),
    adds: ({ p }) => ({
      classes: '1',
      ...Object.fromEntries([...GROUP_GAUGES, ...REPORT_COUNTERS].map((c) => [c, `${p}.${c}`])),
      members: memberBase(p),
      weighted_acks: weighted(p, 'acks', `${p}.tips + ${p}.articles`),
      weighted_answers: weighted(p, 'answers', `${p}.questions`),
    }),
  }),
  tally({
    name: 'units',
    into: { table: 'unit_triage_days', rows: 'upsert' },
    from: { t: { table: 'triage_days', insert: true, delete: true, update: ['unit_id', 'timezone', 'day', 'type_id', 'count'] } },
    where: () => [],
    key: ({ t }) => ({ unit_id: `${t}.unit_id`, timezone: `${t}.timezone`, day: `${t}.day`, type_id: `${t}.type_id` }),
    adds: ({ t }) => ({ count: `${t}.count` }),
  }),
];
