/**
 * A school's year in the database, for the report and web console benchmarks: units, classes,
 * members, a tip a day and an article a week with their acknowledgements, group quizzes, triaged
 * messages and entrance tests. Written with raw prepared statements in one transaction, through
 * the real migrations and their triggers.
 */
import type { Database } from 'better-sqlite3';

export interface SchoolShape {
  /** Classes, spread evenly over the colleges. */
  groups: number;
  membersPerGroup: number;
  /** Acknowledgements in all, spread evenly over the deliveries. */
  acks: number;
  days: number;
  /** College unit ids under the school `school`. */
  colleges: string[];
  /** The generated year ends here. */
  now: Date;
}

const DAY = 86_400_000;
export const benchGroupId = (g: number) => `test:g${g}`;
export const benchMemberId = (m: number) => `test:m${m}`;

export function generateSchool(sqlite: Database, shape: SchoolShape): void {
  const { groups, membersPerGroup: perGroup, days } = shape;
  const start = shape.now.getTime() - days * DAY;
  sqlite.pragma('cache_size = -1000000');
  const q = {
    unit: sqlite.prepare(`insert into units (id, name, kind, parent_id, created_at) values (?, ?, ?, ?, 0)`),
    group: sqlite.prepare(
      `insert into groups (id, platform, class_name, timezone, tip_time, article_day, article_time, setup_at, unit_id, created_at, updated_at)
       values (?, 'test', ?, 'Asia/Shanghai', '08:00', 1, '20:00', 0, ?, 0, 0)`,
    ),
    member: sqlite.prepare(`insert into members (id, platform, display_name, created_at, updated_at) values (?, 'test', ?, 0, 0)`),
    roster: sqlite.prepare(`insert into group_members (group_id, member_id, active, first_seen_at, last_seen_at) values (?, ?, ?, 0, 0)`),
    delivery: sqlite.prepare(
      `insert into deliveries (group_id, kind, slot, content_id, status, due_at, sent_at, created_at) values (?, ?, ?, 'tip-0001', 'pending', ?, ?, ?)`,
    ),
    ack: sqlite.prepare(`insert into acknowledgements (delivery_id, member_id, at) values (?, ?, ?)`),
    session: sqlite.prepare(`insert into quiz_sessions (mode, group_id, member_id, question_ids, started_at, closed_at, passed) values (?, ?, ?, '[]', ?, ?, ?)`),
    answer: sqlite.prepare(`insert into quiz_answers (session_id, member_id, group_id, question_id, choice, correct, at) values (?, ?, ?, 'quiz-0001', 0, ?, ?)`),
    triage: sqlite.prepare(`insert into triage_reports (member_id, group_id, risk, type_id, score, text_hash, at) values (?, ?, 'high', ?, 0.9, 'x', ?)`),
  };
  const member = (g: number, k: number) => benchMemberId(g * perGroup + k);
  const slots: { kind: string; slot: string; at: number }[] = [];
  for (let d = 0; d < days; d++) {
    slots.push({ kind: 'tip', slot: `d${d}`, at: start + d * DAY });
    if (d % 7 === 6) slots.push({ kind: 'article', slot: `w${d}`, at: start + d * DAY + 12 * 3_600_000 });
  }
  const deliveries = groups * slots.length;
  sqlite.transaction(() => {
    q.unit.run('school', '示范大学', 'school', null);
    shape.colleges.forEach((c, i) => q.unit.run(c, `学院${i + 1}`, 'college', 'school'));
    for (let g = 0; g < groups; g++) {
      q.group.run(benchGroupId(g), `班级${g + 1}`, shape.colleges[g % shape.colleges.length]);
      for (let k = 0; k < perGroup; k++) {
        q.member.run(member(g, k), `学生${g}-${k}`);
        q.roster.run(benchGroupId(g), member(g, k), k % 50 === 49 ? 0 : 1);
      }
    }
    // Delivery-major, so each ack's trigger updates a delivery row that is already in cache; the
    // rows become 'sent' at the end, so the partial report indexes are built once, not per ack.
    let n = 0;
    for (let s = 0; s < slots.length; s++) {
      const { kind, slot, at } = slots[s]!;
      for (let g = 0; g < groups; g++, n++) {
        const id = Number(q.delivery.run(benchGroupId(g), kind, slot, at, at, at).lastInsertRowid);
        const acks = Math.floor(((n + 1) * shape.acks) / deliveries) - Math.floor((n * shape.acks) / deliveries);
        for (let j = 0; j < acks; j++) q.ack.run(id, member(g, (j * 41 + s * 7 + g) % perGroup), at + (j + 1) * 60_000);
      }
      if (kind !== 'article') continue;
      for (let g = 0; g < groups; g++) {
        const session = Number(q.session.run('group', benchGroupId(g), null, at, at + 1_800_000, null).lastInsertRowid);
        for (let j = 0; j < 10; j++) q.answer.run(session, member(g, (j * 13 + s) % perGroup), benchGroupId(g), (j + s) % 3 === 0 ? 0 : 1, at + j * 1000);
        q.triage.run(member(g, s % perGroup), benchGroupId(g), s % 2 ? 'type-shuadan' : 'type-kefu', at);
      }
    }
    sqlite.exec(`update deliveries set status = 'sent'`);
    // Entrance tests: a fifth of the members, through the year.
    for (let m = 0; m < (groups * perGroup) / 5; m++) {
      const at = start + ((m * 7919) % days) * DAY;
      q.session.run('exam', null, benchMemberId(m * 5), at, at + 600_000, m % 4 ? 1 : 0);
    }
  })();
  sqlite.pragma('cache_size = -32000');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('analyze');
}
