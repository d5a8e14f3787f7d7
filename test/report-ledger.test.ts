/**
 * The report ledger's declarations (src/db/ledger/) against the database the migrations make:
 * the triggers it holds are exactly those the declarations derive, and what they kept through a
 * mixed run of writes equals each tally counted afresh from the sources.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../src/db/client.ts';
import { recountStatements } from '../src/db/ledger/tally.ts';
import { LEDGER_TRIGGERS, normaliseSql, storedTriggers, TALLIES } from '../src/db/ledger/triggers.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-01T02:00:00Z');

describe('the report ledger', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    db = openDatabase(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true });
  });

  it('holds exactly the triggers the declarations derive (else: npm run db:ledger)', () => {
    const derived = new Map(LEDGER_TRIGGERS.map((t) => [t.name, normaliseSql(t.sql)]));
    expect(derived.size).toBe(LEDGER_TRIGGERS.length);
    expect(storedTriggers(db.$client)).toEqual(derived);
  });

  /** Every counter the tallies keep, in a stable order. */
  function counters(): unknown[] {
    const s = db.$client;
    const read = (sql: string) => s.prepare(sql).all();
    return [
      read(`select id, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members from groups order by id`),
      read(`select id, ack_count, member_acks from deliveries order by id`),
      read(`select id, answer_count, correct_count, member_answers, member_correct from quiz_sessions order by id`),
      read(`select * from group_days where tips or articles or acks or questions or answers or correct or exams_taken or exams_passed or triaged order by group_id, day`),
      read(`select * from group_periods order by group_id, period`),
      read(`select * from triage_days where count <> 0 order by group_id, day, type_id`),
      read(`select unit_id, period, timezone, classes, known_members, duty_members, pledge_signed, listed_members, members, tips, acks, answers, exams_taken, triaged,
        round(weighted_acks, 9) as wa from unit_periods where classes <> 0 order by 1, 2, 3`),
      read(`select * from unit_triage_days where count <> 0 order by unit_id, timezone, day, type_id`),
    ];
  }

  it('keeps every tally as counting it afresh from the sources would', () => {
    const s = db.$client;
    s.prepare(`insert into units (id, name, kind, parent_id, created_at) values ('u', 'U', 'school', null, 0)`).run();
    const group = s.prepare(`insert into groups (id, platform, title, timezone, tip_time, article_day, article_time, unit_id, created_at, updated_at)
      values (?, 't', ?, ?, '08:00', 1, '09:00', ?, 0, 0)`);
    group.run('t:a', 'A', 'Asia/Shanghai', 'u');
    group.run('t:b', 'B', 'Asia/Shanghai', null);
    const member = s.prepare(`insert into members (id, platform, display_name, created_at, updated_at) values (?, 't', ?, 0, 0)`);
    const roster = s.prepare(`insert into group_members (group_id, member_id, is_admin, active, first_seen_at, last_seen_at) values (?, ?, ?, 1, 0, 0)`);
    for (let i = 0; i < 6; i++) {
      member.run(`t:${i}`, `m${i}`);
      roster.run(i % 2 ? 't:b' : 't:a', `t:${i}`, i === 0 ? 1 : 0);
      if (i > 2 && i % 2) roster.run('t:a', `t:${i}`, 0);
    }
    const delivery = s.prepare(`insert into deliveries (group_id, kind, slot, content_id, status, due_at, sent_at, created_at) values (?, ?, ?, 'c', ?, 0, ?, 0)`);
    const ack = s.prepare(`insert into acknowledgements (delivery_id, member_id, at) values (?, ?, 0)`);
    for (let d = 0; d < 4; d++) {
      for (const g of ['t:a', 't:b']) {
        const id = Number(delivery.run(g, d % 2 ? 'article' : 'tip', `s${d}`, d === 3 ? 'pending' : 'sent', T0 + d * DAY).lastInsertRowid);
        for (let i = 0; i < 6; i++) if ((i + d) % 3) ack.run(id, `t:${i}`);
      }
    }
    s.prepare(`update deliveries set status = 'sent', sent_at = ? where status = 'pending'`).run(T0 + 5 * DAY);
    s.prepare(`update deliveries set status = 'failed' where id = 2`).run();
    s.prepare(`delete from acknowledgements where delivery_id = 1 and member_id = 't:1'`).run();
    const session = s.prepare(`insert into quiz_sessions (mode, group_id, member_id, question_ids, started_at, closed_at, passed) values (?, ?, ?, '[]', ?, ?, ?)`);
    const answer = s.prepare(`insert into quiz_answers (session_id, member_id, group_id, question_id, choice, correct, at) values (?, ?, ?, 'q', 0, ?, 0)`);
    const q = Number(session.run('group', 't:a', null, T0, null, null).lastInsertRowid);
    for (let i = 2; i < 6; i++) answer.run(q, `t:${i}`, 't:a', i % 2);
    s.prepare(`delete from quiz_answers where member_id = 't:2'`).run();
    session.run('exam', null, 't:3', T0 - 2 * DAY, T0 - 2 * DAY, 0);
    session.run('exam', null, 't:3', T0 + DAY, T0 + DAY, 1);
    session.run('exam', null, 't:4', T0, T0, 0);
    s.prepare(`insert into app_progress (member_id, installed_at, registered_at) values ('t:3', 1, 1), ('t:4', 1, null), ('t:5', null, null)`).run();
    s.prepare(`update app_progress set warning_at = 2 where member_id = 't:3'`).run();
    s.prepare(`insert into pledges (id, group_id, posted_by, at) values (1, 't:a', 't:0', 0), (2, 't:a', 't:0', 0)`).run();
    s.prepare(`insert into pledge_signatures (pledge_id, member_id, at) values (1, 't:2', 0), (2, 't:2', 0), (1, 't:4', 0), (2, 't:3', 0)`).run();
    s.prepare(`delete from pledge_signatures where (pledge_id, member_id) in (values (1, 't:2'), (1, 't:4'))`).run();
    const triage = s.prepare(`insert into triage_reports (member_id, group_id, risk, type_id, score, text_hash, at) values (?, ?, 'high', ?, 0.9, 'x', ?)`);
    triage.run('t:2', 't:a', 'type-kefu', T0);
    triage.run('t:3', 't:b', null, T0 + DAY);
    // Members leave and come back, an advisor becomes a member and a member an advisor, a group moves to the unit.
    s.prepare(`update group_members set active = 0 where member_id in ('t:3', 't:4') and group_id = 't:a'`).run();
    s.prepare(`update group_members set active = 1 where member_id = 't:4' and group_id = 't:a'`).run();
    s.prepare(`update group_members set is_admin = not is_admin where member_id in ('t:0', 't:2')`).run();
    s.prepare(`update groups set unit_id = 'u' where id = 't:b'`).run();
    // A class list: entries imported, one removed.
    const entry = s.prepare(`insert into class_list_entries (group_id, ref_hash, name, imported_at) values (?, ?, 'x', 0)`);
    for (let i = 0; i < 9; i++) entry.run(i % 3 ? 't:a' : 't:b', `r${i}`);
    s.prepare(`delete from class_list_entries where ref_hash = 'r1'`).run();

    const kept = counters();
    expect((kept[3] as unknown[]).length).toBeGreaterThan(4);
    for (const t of TALLIES) for (const sql of recountStatements(t)) s.prepare(sql).run();
    expect(counters()).toEqual(kept);
  });
});
