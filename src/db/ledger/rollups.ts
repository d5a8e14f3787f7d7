/**
 * The ledger's triggers that are not a sum over a join: what group_periods and triage_days copy of
 * their group, group_days summed into each period from its first day, and each member's latest
 * entrance test. Written from the counter lists, never per counter.
 */
import { GROUP_GAUGES, REPORT_COUNTERS, REPORT_PERIODS } from './tables.ts';
import type { Trigger } from './tally.ts';

/** Columns a table copies of its group: the copy of each, from a row of groups, and the columns it reads. */
type Copies = Record<string, { of: (g: string) => string; reads: readonly string[] }>;
const column = (c: string) => ({ of: (g: string) => `${g}.${c}`, reads: [c] });

const UNIT_AND_ZONE: Copies = {
  unit_id: { of: (g) => `coalesce(${g}.unit_id, '')`, reads: ['unit_id'] },
  timezone: column('timezone'),
};
const PERIOD_COPIES: Copies = {
  ...UNIT_AND_ZONE,
  name: { of: (g) => `coalesce(${g}.class_name, ${g}.title, ${g}.id)`, reads: ['class_name', 'title'] },
  ...Object.fromEntries(GROUP_GAUGES.map((c) => [c, column(c)])),
};

/** What `table` copies follows its group; OLD.id too, should the id change (a Telegram migration) before the cascade reaches it. */
function followsGroup(table: string, copies: Copies): Trigger {
  const reads = ['id', ...new Set(Object.values(copies).flatMap((c) => c.reads))];
  const name = `groups_${table}_update`;
  return {
    name,
    sql: `CREATE TRIGGER ${name} AFTER UPDATE OF ${reads.join(', ')} ON groups BEGIN
  UPDATE ${table} SET ${Object.entries(copies).map(([c, copy]) => `${c} = ${copy.of('NEW')}`).join(', ')}
  WHERE group_id IN (NEW.id, OLD.id);
END`,
  };
}

/** A new group's row for each period, with its copies. */
function groupPeriodsInsert(): Trigger {
  const periods = REPORT_PERIODS.map((p, i) => (i === 0 ? `SELECT '${p}' AS period` : `SELECT '${p}'`)).join(' UNION ALL ');
  const cols = Object.keys(PERIOD_COPIES);
  return {
    name: 'groups_group_periods_insert',
    sql: `CREATE TRIGGER groups_group_periods_insert AFTER INSERT ON groups BEGIN
  INSERT INTO group_periods (period, group_id, ${cols.join(', ')})
    SELECT periods.period, NEW.id, ${cols.map((c) => PERIOD_COPIES[c]!.of('NEW')).join(', ')} FROM (${periods}) periods;
END`,
  };
}

/** A day's change, added to each period of its group that the day is in (from its first day, `from_day`). */
function daysIntoPeriods(event: 'INSERT' | 'UPDATE' | 'DELETE'): Trigger {
  const row = event === 'DELETE' ? 'OLD' : 'NEW';
  const change = (c: string) => (event === 'INSERT' ? `NEW.${c}` : event === 'UPDATE' ? `NEW.${c} - OLD.${c}` : `-OLD.${c}`);
  const name = `group_days_group_periods_${event.toLowerCase()}`;
  return {
    name,
    sql: `CREATE TRIGGER ${name} AFTER ${event} ON group_days BEGIN
  UPDATE group_periods SET ${REPORT_COUNTERS.map((c) => `${c} = ${c} + (${row}.day >= from_day) * (${change(c)})`).join(', ')}
  WHERE group_id = ${row}.group_id;
END`,
  };
}

/** A member's latest finished entrance test and latest passed one, as tests close. */
function latestExam(event: 'INSERT' | 'UPDATE OF closed_at, passed', name: string): Trigger {
  return {
    name,
    sql: `CREATE TRIGGER ${name} AFTER ${event} ON quiz_sessions
  WHEN NEW.mode = 'exam' AND NEW.closed_at IS NOT NULL AND NEW.member_id IS NOT NULL BEGIN
  UPDATE members SET exam_at = max(coalesce(exam_at, 0), NEW.closed_at),
    exam_passed_at = CASE WHEN NEW.passed = 1 THEN max(coalesce(exam_passed_at, 0), NEW.closed_at) ELSE exam_passed_at END
  WHERE id = NEW.member_id;
END`,
  };
}

export const ROLLUP_TRIGGERS: Trigger[] = [
  groupPeriodsInsert(),
  followsGroup('group_periods', PERIOD_COPIES),
  followsGroup('triage_days', UNIT_AND_ZONE),
  daysIntoPeriods('INSERT'),
  daysIntoPeriods('UPDATE'),
  daysIntoPeriods('DELETE'),
  latestExam('INSERT', 'quiz_sessions_exam_insert'),
  latestExam('UPDATE OF closed_at, passed', 'quiz_sessions_exam_update'),
];
