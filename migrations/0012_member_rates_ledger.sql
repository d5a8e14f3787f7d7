-- Custom SQL migration file, put your code below! --
-- Written by `npm run db:ledger -- --write --recount`: the triggers of the member rates (advisors and leavers out, class lists) derived from src/db/ledger/declarations.ts, each changed tally counted afresh; then the board's index on the new rate.
DROP TRIGGER deliveries_days_delete;
--> statement-breakpoint
DROP TRIGGER deliveries_days_insert;
--> statement-breakpoint
DROP TRIGGER deliveries_days_update;
--> statement-breakpoint
DROP TRIGGER group_members_exams_passed_delete;
--> statement-breakpoint
DROP TRIGGER group_members_exams_passed_insert;
--> statement-breakpoint
DROP TRIGGER group_members_exams_passed_update;
--> statement-breakpoint
DROP TRIGGER group_members_exams_taken_delete;
--> statement-breakpoint
DROP TRIGGER group_members_exams_taken_insert;
--> statement-breakpoint
DROP TRIGGER group_members_exams_taken_update;
--> statement-breakpoint
DROP TRIGGER group_periods_units_delete;
--> statement-breakpoint
DROP TRIGGER group_periods_units_insert;
--> statement-breakpoint
DROP TRIGGER group_periods_units_update;
--> statement-breakpoint
DROP TRIGGER groups_group_periods_insert;
--> statement-breakpoint
DROP TRIGGER groups_group_periods_update;
--> statement-breakpoint
DROP TRIGGER members_exams_passed_update;
--> statement-breakpoint
DROP TRIGGER members_exams_taken_update;
--> statement-breakpoint
DROP TRIGGER quiz_sessions_days_delete;
--> statement-breakpoint
DROP TRIGGER quiz_sessions_days_insert;
--> statement-breakpoint
DROP TRIGGER quiz_sessions_days_update;
--> statement-breakpoint
CREATE TRIGGER acknowledgements_member_acks_insert AFTER INSERT ON acknowledgements BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, 1 AS member_acks FROM group_members gm, deliveries d WHERE NEW.delivery_id = d.id AND gm.group_id = d.group_id AND gm.member_id = NEW.member_id AND gm.active = 1 AND gm.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER acknowledgements_member_acks_delete AFTER DELETE ON acknowledgements BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, -1 AS member_acks FROM group_members gm, deliveries d WHERE OLD.delivery_id = d.id AND gm.group_id = d.group_id AND gm.member_id = OLD.member_id AND gm.active = 1 AND gm.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_acks_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, 1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND NEW.group_id = d.group_id AND NEW.member_id = a.member_id) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_acks_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, -1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND OLD.group_id = d.group_id AND OLD.member_id = a.member_id) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_acks_update AFTER UPDATE OF active, is_admin ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin) AND ((OLD.active = 1 AND OLD.is_admin = 0) OR (NEW.active = 1 AND NEW.is_admin = 0)) BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, -1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND OLD.group_id = d.group_id AND OLD.member_id = a.member_id AND OLD.active = 1 AND OLD.is_admin = 0 UNION ALL SELECT d.id AS id, 1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND NEW.group_id = d.group_id AND NEW.member_id = a.member_id AND NEW.active = 1 AND NEW.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_answers_member_answers_insert AFTER INSERT ON quiz_answers BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, 1 AS member_answers, NEW.correct AS member_correct FROM group_members gm, quiz_sessions q WHERE NEW.session_id = q.id AND q.mode = 'group' AND gm.group_id = q.group_id AND gm.member_id = NEW.member_id AND gm.active = 1 AND gm.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_answers_member_answers_delete AFTER DELETE ON quiz_answers BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, -1 AS member_answers, -(OLD.correct) AS member_correct FROM group_members gm, quiz_sessions q WHERE OLD.session_id = q.id AND q.mode = 'group' AND gm.group_id = q.group_id AND gm.member_id = OLD.member_id AND gm.active = 1 AND gm.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_answers_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, 1 AS member_answers, qa.correct AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND NEW.group_id = q.group_id AND NEW.member_id = qa.member_id) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_answers_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, -1 AS member_answers, -(qa.correct) AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND OLD.group_id = q.group_id AND OLD.member_id = qa.member_id) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_answers_update AFTER UPDATE OF active, is_admin ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin) AND ((OLD.active = 1 AND OLD.is_admin = 0) OR (NEW.active = 1 AND NEW.is_admin = 0)) BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, -1 AS member_answers, -(qa.correct) AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND OLD.group_id = q.group_id AND OLD.member_id = qa.member_id AND OLD.active = 1 AND OLD.is_admin = 0 UNION ALL SELECT q.id AS id, 1 AS member_answers, qa.correct AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND NEW.group_id = q.group_id AND NEW.member_id = qa.member_id AND NEW.active = 1 AND NEW.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER class_list_entries_listed_insert AFTER INSERT ON class_list_entries BEGIN
  UPDATE groups SET listed_members = groups.listed_members + x.listed_members
    FROM (SELECT id, sum(listed_members) AS listed_members FROM (SELECT NEW.group_id AS id, 1 AS listed_members WHERE true) WHERE true
    GROUP BY id HAVING sum(listed_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER class_list_entries_listed_delete AFTER DELETE ON class_list_entries BEGIN
  UPDATE groups SET listed_members = groups.listed_members + x.listed_members
    FROM (SELECT id, sum(listed_members) AS listed_members FROM (SELECT OLD.group_id AS id, -1 AS listed_members WHERE true) WHERE true
    GROUP BY id HAVING sum(listed_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_insert AFTER INSERT ON deliveries
  WHEN NEW.status = 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks)
    SELECT g.id AS group_id, date(NEW.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, NEW.kind = 'tip' AS tips, NEW.kind = 'article' AS articles, NEW.member_acks AS acks FROM groups g WHERE g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_delete AFTER DELETE ON deliveries
  WHEN OLD.status = 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks)
    SELECT g.id AS group_id, date(OLD.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -(OLD.kind = 'tip') AS tips, -(OLD.kind = 'article') AS articles, -(OLD.member_acks) AS acks FROM groups g WHERE g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_update AFTER UPDATE OF status, sent_at, member_acks ON deliveries
  WHEN (NEW.status IS NOT OLD.status OR NEW.sent_at IS NOT OLD.sent_at OR NEW.member_acks IS NOT OLD.member_acks) AND ((OLD.status = 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article')) OR (NEW.status = 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article'))) BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks)
    SELECT group_id, day, sum(tips) AS tips, sum(articles) AS articles, sum(acks) AS acks FROM (SELECT g.id AS group_id, date(OLD.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -(OLD.kind = 'tip') AS tips, -(OLD.kind = 'article') AS articles, -(OLD.member_acks) AS acks FROM groups g WHERE OLD.status = 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article') AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(NEW.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, NEW.kind = 'tip' AS tips, NEW.kind = 'article' AS articles, NEW.member_acks AS acks FROM groups g WHERE NEW.status = 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article') AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(tips) <> 0 OR sum(articles) <> 0 OR sum(acks) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_insert AFTER INSERT ON quiz_sessions
  WHEN NEW.mode = 'group' AND NEW.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct)
    SELECT g.id AS group_id, date(NEW.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS questions, NEW.member_answers AS answers, NEW.member_correct AS correct FROM groups g WHERE g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_delete AFTER DELETE ON quiz_sessions
  WHEN OLD.mode = 'group' AND OLD.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct)
    SELECT g.id AS group_id, date(OLD.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS questions, -(OLD.member_answers) AS answers, -(OLD.member_correct) AS correct FROM groups g WHERE g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_update AFTER UPDATE OF member_answers, member_correct ON quiz_sessions
  WHEN (NEW.member_answers IS NOT OLD.member_answers OR NEW.member_correct IS NOT OLD.member_correct) AND ((OLD.mode = 'group' AND OLD.group_id IS NOT NULL) OR (NEW.mode = 'group' AND NEW.group_id IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct)
    SELECT group_id, day, sum(questions) AS questions, sum(answers) AS answers, sum(correct) AS correct FROM (SELECT g.id AS group_id, date(OLD.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS questions, -(OLD.member_answers) AS answers, -(OLD.member_correct) AS correct FROM groups g WHERE OLD.mode = 'group' AND OLD.group_id IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(NEW.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS questions, NEW.member_answers AS answers, NEW.member_correct AS correct FROM groups g WHERE NEW.mode = 'group' AND NEW.group_id IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(questions) <> 0 OR sum(answers) <> 0 OR sum(correct) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER members_exams_taken_update AFTER UPDATE OF exam_at ON members
  WHEN (NEW.exam_at IS NOT OLD.exam_at) AND ((OLD.exam_at IS NOT NULL) OR (NEW.exam_at IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT group_id, day, sum(exams_taken) AS exams_taken FROM (SELECT g.id AS group_id, date(OLD.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM group_members gm, groups g WHERE gm.member_id = OLD.id AND gm.active = 1 AND gm.is_admin = 0 AND OLD.exam_at IS NOT NULL AND g.id = gm.group_id UNION ALL SELECT g.id AS group_id, date(NEW.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM group_members gm, groups g WHERE gm.member_id = NEW.id AND gm.active = 1 AND gm.is_admin = 0 AND NEW.exam_at IS NOT NULL AND g.id = gm.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_taken) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM members m, groups g WHERE NEW.member_id = m.id AND m.exam_at IS NOT NULL AND g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM members m, groups g WHERE OLD.member_id = m.id AND m.exam_at IS NOT NULL AND g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_update AFTER UPDATE OF active, is_admin ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin) AND ((OLD.active = 1 AND OLD.is_admin = 0) OR (NEW.active = 1 AND NEW.is_admin = 0)) BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT group_id, day, sum(exams_taken) AS exams_taken FROM (SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM members m, groups g WHERE OLD.member_id = m.id AND OLD.active = 1 AND OLD.is_admin = 0 AND m.exam_at IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM members m, groups g WHERE NEW.member_id = m.id AND NEW.active = 1 AND NEW.is_admin = 0 AND m.exam_at IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_taken) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER members_exams_passed_update AFTER UPDATE OF exam_passed_at ON members
  WHEN (NEW.exam_passed_at IS NOT OLD.exam_passed_at) AND ((OLD.exam_passed_at IS NOT NULL) OR (NEW.exam_passed_at IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT group_id, day, sum(exams_passed) AS exams_passed FROM (SELECT g.id AS group_id, date(OLD.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM group_members gm, groups g WHERE gm.member_id = OLD.id AND gm.active = 1 AND gm.is_admin = 0 AND OLD.exam_passed_at IS NOT NULL AND g.id = gm.group_id UNION ALL SELECT g.id AS group_id, date(NEW.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM group_members gm, groups g WHERE gm.member_id = NEW.id AND gm.active = 1 AND gm.is_admin = 0 AND NEW.exam_passed_at IS NOT NULL AND g.id = gm.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_passed) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM members m, groups g WHERE NEW.member_id = m.id AND m.exam_passed_at IS NOT NULL AND g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM members m, groups g WHERE OLD.member_id = m.id AND m.exam_passed_at IS NOT NULL AND g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_update AFTER UPDATE OF active, is_admin ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin) AND ((OLD.active = 1 AND OLD.is_admin = 0) OR (NEW.active = 1 AND NEW.is_admin = 0)) BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT group_id, day, sum(exams_passed) AS exams_passed FROM (SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM members m, groups g WHERE OLD.member_id = m.id AND OLD.active = 1 AND OLD.is_admin = 0 AND m.exam_passed_at IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM members m, groups g WHERE NEW.member_id = m.id AND NEW.active = 1 AND NEW.is_admin = 0 AND m.exam_passed_at IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_passed) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_insert AFTER INSERT ON group_periods BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, members, weighted_acks, weighted_answers)
    SELECT NEW.unit_id AS unit_id, NEW.period AS period, NEW.timezone AS timezone, 1 AS classes, NEW.known_members AS known_members, NEW.duty_members AS duty_members, NEW.app_installed AS app_installed, NEW.app_registered AS app_registered, NEW.app_warning AS app_warning, NEW.app_all_three AS app_all_three, NEW.pledge_signed AS pledge_signed, NEW.listed_members AS listed_members, NEW.tips AS tips, NEW.articles AS articles, NEW.acks AS acks, NEW.questions AS questions, NEW.answers AS answers, NEW.correct AS correct, NEW.exams_taken AS exams_taken, NEW.exams_passed AS exams_passed, NEW.triaged AS triaged, max(NEW.listed_members, NEW.duty_members) AS members, (CASE WHEN NEW.tips + NEW.articles > 0 AND max(NEW.listed_members, NEW.duty_members) > 0 THEN NEW.acks * 1.0 / max(NEW.listed_members, NEW.duty_members) ELSE 0 END) AS weighted_acks, (CASE WHEN NEW.questions > 0 AND max(NEW.listed_members, NEW.duty_members) > 0 THEN NEW.answers * 1.0 / max(NEW.listed_members, NEW.duty_members) ELSE 0 END) AS weighted_answers WHERE true
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, listed_members = listed_members + excluded.listed_members, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, members = members + excluded.members, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_delete AFTER DELETE ON group_periods BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, members, weighted_acks, weighted_answers)
    SELECT OLD.unit_id AS unit_id, OLD.period AS period, OLD.timezone AS timezone, -1 AS classes, -(OLD.known_members) AS known_members, -(OLD.duty_members) AS duty_members, -(OLD.app_installed) AS app_installed, -(OLD.app_registered) AS app_registered, -(OLD.app_warning) AS app_warning, -(OLD.app_all_three) AS app_all_three, -(OLD.pledge_signed) AS pledge_signed, -(OLD.listed_members) AS listed_members, -(OLD.tips) AS tips, -(OLD.articles) AS articles, -(OLD.acks) AS acks, -(OLD.questions) AS questions, -(OLD.answers) AS answers, -(OLD.correct) AS correct, -(OLD.exams_taken) AS exams_taken, -(OLD.exams_passed) AS exams_passed, -(OLD.triaged) AS triaged, -(max(OLD.listed_members, OLD.duty_members)) AS members, -((CASE WHEN OLD.tips + OLD.articles > 0 AND max(OLD.listed_members, OLD.duty_members) > 0 THEN OLD.acks * 1.0 / max(OLD.listed_members, OLD.duty_members) ELSE 0 END)) AS weighted_acks, -((CASE WHEN OLD.questions > 0 AND max(OLD.listed_members, OLD.duty_members) > 0 THEN OLD.answers * 1.0 / max(OLD.listed_members, OLD.duty_members) ELSE 0 END)) AS weighted_answers WHERE true
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, listed_members = listed_members + excluded.listed_members, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, members = members + excluded.members, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_update AFTER UPDATE OF unit_id, period, timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged ON group_periods
  WHEN (NEW.unit_id IS NOT OLD.unit_id OR NEW.period IS NOT OLD.period OR NEW.timezone IS NOT OLD.timezone OR NEW.known_members IS NOT OLD.known_members OR NEW.duty_members IS NOT OLD.duty_members OR NEW.app_installed IS NOT OLD.app_installed OR NEW.app_registered IS NOT OLD.app_registered OR NEW.app_warning IS NOT OLD.app_warning OR NEW.app_all_three IS NOT OLD.app_all_three OR NEW.pledge_signed IS NOT OLD.pledge_signed OR NEW.listed_members IS NOT OLD.listed_members OR NEW.tips IS NOT OLD.tips OR NEW.articles IS NOT OLD.articles OR NEW.acks IS NOT OLD.acks OR NEW.questions IS NOT OLD.questions OR NEW.answers IS NOT OLD.answers OR NEW.correct IS NOT OLD.correct OR NEW.exams_taken IS NOT OLD.exams_taken OR NEW.exams_passed IS NOT OLD.exams_passed OR NEW.triaged IS NOT OLD.triaged) BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, members, weighted_acks, weighted_answers)
    SELECT unit_id, period, timezone, sum(classes) AS classes, sum(known_members) AS known_members, sum(duty_members) AS duty_members, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three, sum(pledge_signed) AS pledge_signed, sum(listed_members) AS listed_members, sum(tips) AS tips, sum(articles) AS articles, sum(acks) AS acks, sum(questions) AS questions, sum(answers) AS answers, sum(correct) AS correct, sum(exams_taken) AS exams_taken, sum(exams_passed) AS exams_passed, sum(triaged) AS triaged, sum(members) AS members, sum(weighted_acks) AS weighted_acks, sum(weighted_answers) AS weighted_answers FROM (SELECT OLD.unit_id AS unit_id, OLD.period AS period, OLD.timezone AS timezone, -1 AS classes, -(OLD.known_members) AS known_members, -(OLD.duty_members) AS duty_members, -(OLD.app_installed) AS app_installed, -(OLD.app_registered) AS app_registered, -(OLD.app_warning) AS app_warning, -(OLD.app_all_three) AS app_all_three, -(OLD.pledge_signed) AS pledge_signed, -(OLD.listed_members) AS listed_members, -(OLD.tips) AS tips, -(OLD.articles) AS articles, -(OLD.acks) AS acks, -(OLD.questions) AS questions, -(OLD.answers) AS answers, -(OLD.correct) AS correct, -(OLD.exams_taken) AS exams_taken, -(OLD.exams_passed) AS exams_passed, -(OLD.triaged) AS triaged, -(max(OLD.listed_members, OLD.duty_members)) AS members, -((CASE WHEN OLD.tips + OLD.articles > 0 AND max(OLD.listed_members, OLD.duty_members) > 0 THEN OLD.acks * 1.0 / max(OLD.listed_members, OLD.duty_members) ELSE 0 END)) AS weighted_acks, -((CASE WHEN OLD.questions > 0 AND max(OLD.listed_members, OLD.duty_members) > 0 THEN OLD.answers * 1.0 / max(OLD.listed_members, OLD.duty_members) ELSE 0 END)) AS weighted_answers WHERE true UNION ALL SELECT NEW.unit_id AS unit_id, NEW.period AS period, NEW.timezone AS timezone, 1 AS classes, NEW.known_members AS known_members, NEW.duty_members AS duty_members, NEW.app_installed AS app_installed, NEW.app_registered AS app_registered, NEW.app_warning AS app_warning, NEW.app_all_three AS app_all_three, NEW.pledge_signed AS pledge_signed, NEW.listed_members AS listed_members, NEW.tips AS tips, NEW.articles AS articles, NEW.acks AS acks, NEW.questions AS questions, NEW.answers AS answers, NEW.correct AS correct, NEW.exams_taken AS exams_taken, NEW.exams_passed AS exams_passed, NEW.triaged AS triaged, max(NEW.listed_members, NEW.duty_members) AS members, (CASE WHEN NEW.tips + NEW.articles > 0 AND max(NEW.listed_members, NEW.duty_members) > 0 THEN NEW.acks * 1.0 / max(NEW.listed_members, NEW.duty_members) ELSE 0 END) AS weighted_acks, (CASE WHEN NEW.questions > 0 AND max(NEW.listed_members, NEW.duty_members) > 0 THEN NEW.answers * 1.0 / max(NEW.listed_members, NEW.duty_members) ELSE 0 END) AS weighted_answers WHERE true) WHERE true
    GROUP BY unit_id, period, timezone HAVING sum(classes) <> 0 OR sum(known_members) <> 0 OR sum(duty_members) <> 0 OR sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0 OR sum(pledge_signed) <> 0 OR sum(listed_members) <> 0 OR sum(tips) <> 0 OR sum(articles) <> 0 OR sum(acks) <> 0 OR sum(questions) <> 0 OR sum(answers) <> 0 OR sum(correct) <> 0 OR sum(exams_taken) <> 0 OR sum(exams_passed) <> 0 OR sum(triaged) <> 0 OR sum(members) <> 0 OR sum(weighted_acks) <> 0 OR sum(weighted_answers) <> 0
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, listed_members = listed_members + excluded.listed_members, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, members = members + excluded.members, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER groups_group_periods_insert AFTER INSERT ON groups BEGIN
  INSERT INTO group_periods (period, group_id, unit_id, timezone, name, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members)
    SELECT periods.period, NEW.id, coalesce(NEW.unit_id, ''), NEW.timezone, coalesce(NEW.class_name, NEW.title, NEW.id), NEW.known_members, NEW.duty_members, NEW.app_installed, NEW.app_registered, NEW.app_warning, NEW.app_all_three, NEW.pledge_signed, NEW.listed_members FROM (SELECT 'today' AS period UNION ALL SELECT '7d' UNION ALL SELECT '30d' UNION ALL SELECT 'term') periods;
END;
--> statement-breakpoint
CREATE TRIGGER groups_group_periods_update AFTER UPDATE OF id, unit_id, timezone, class_name, title, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members ON groups BEGIN
  UPDATE group_periods SET unit_id = coalesce(NEW.unit_id, ''), timezone = NEW.timezone, name = coalesce(NEW.class_name, NEW.title, NEW.id), known_members = NEW.known_members, duty_members = NEW.duty_members, app_installed = NEW.app_installed, app_registered = NEW.app_registered, app_warning = NEW.app_warning, app_all_three = NEW.app_all_three, pledge_signed = NEW.pledge_signed, listed_members = NEW.listed_members
  WHERE group_id IN (NEW.id, OLD.id);
END;
--> statement-breakpoint
UPDATE deliveries SET member_acks = 0;
--> statement-breakpoint
UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT d.id AS id,
    sum(1) AS member_acks
    FROM acknowledgements a, group_members gm, deliveries d WHERE a.delivery_id = d.id AND gm.group_id = d.group_id AND gm.member_id = a.member_id AND gm.active = 1 AND gm.is_admin = 0 GROUP BY 1) AS x WHERE deliveries.id = x.id;
--> statement-breakpoint
UPDATE quiz_sessions SET member_answers = 0, member_correct = 0;
--> statement-breakpoint
UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT q.id AS id,
    sum(1) AS member_answers, sum(qa.correct) AS member_correct
    FROM quiz_answers qa, group_members gm, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND gm.group_id = q.group_id AND gm.member_id = qa.member_id AND gm.active = 1 AND gm.is_admin = 0 GROUP BY 1) AS x WHERE quiz_sessions.id = x.id;
--> statement-breakpoint
UPDATE groups SET listed_members = 0;
--> statement-breakpoint
UPDATE groups SET listed_members = groups.listed_members + x.listed_members
    FROM (SELECT e.group_id AS id,
    sum(1) AS listed_members
    FROM class_list_entries e WHERE true GROUP BY 1) AS x WHERE groups.id = x.id;
--> statement-breakpoint
UPDATE group_days SET tips = 0, articles = 0, acks = 0;
--> statement-breakpoint
INSERT INTO group_days (group_id, day, tips, articles, acks)
    SELECT g.id AS group_id, date(d.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day,
    sum(d.kind = 'tip') AS tips, sum(d.kind = 'article') AS articles, sum(d.member_acks) AS acks
    FROM deliveries d, groups g WHERE d.status = 'sent' AND d.sent_at IS NOT NULL AND d.kind IN ('tip', 'article') AND g.id = d.group_id GROUP BY 1, 2
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
--> statement-breakpoint
UPDATE group_days SET questions = 0, answers = 0, correct = 0;
--> statement-breakpoint
INSERT INTO group_days (group_id, day, questions, answers, correct)
    SELECT g.id AS group_id, date(q.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day,
    sum(1) AS questions, sum(q.member_answers) AS answers, sum(q.member_correct) AS correct
    FROM quiz_sessions q, groups g WHERE q.mode = 'group' AND q.group_id IS NOT NULL AND g.id = q.group_id GROUP BY 1, 2
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
--> statement-breakpoint
UPDATE group_days SET exams_taken = 0;
--> statement-breakpoint
INSERT INTO group_days (group_id, day, exams_taken)
    SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day,
    sum(1) AS exams_taken
    FROM members m, group_members gm, groups g WHERE gm.member_id = m.id AND gm.active = 1 AND gm.is_admin = 0 AND m.exam_at IS NOT NULL AND g.id = gm.group_id GROUP BY 1, 2
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
--> statement-breakpoint
UPDATE group_days SET exams_passed = 0;
--> statement-breakpoint
INSERT INTO group_days (group_id, day, exams_passed)
    SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day,
    sum(1) AS exams_passed
    FROM members m, group_members gm, groups g WHERE gm.member_id = m.id AND gm.active = 1 AND gm.is_admin = 0 AND m.exam_passed_at IS NOT NULL AND g.id = gm.group_id GROUP BY 1, 2
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
--> statement-breakpoint
UPDATE unit_periods SET classes = 0, known_members = 0, duty_members = 0, app_installed = 0, app_registered = 0, app_warning = 0, app_all_three = 0, pledge_signed = 0, listed_members = 0, tips = 0, articles = 0, acks = 0, questions = 0, answers = 0, correct = 0, exams_taken = 0, exams_passed = 0, triaged = 0, members = 0, weighted_acks = 0, weighted_answers = 0;
--> statement-breakpoint
INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, listed_members, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, members, weighted_acks, weighted_answers)
    SELECT p.unit_id AS unit_id, p.period AS period, p.timezone AS timezone,
    sum(1) AS classes, sum(p.known_members) AS known_members, sum(p.duty_members) AS duty_members, sum(p.app_installed) AS app_installed, sum(p.app_registered) AS app_registered, sum(p.app_warning) AS app_warning, sum(p.app_all_three) AS app_all_three, sum(p.pledge_signed) AS pledge_signed, sum(p.listed_members) AS listed_members, sum(p.tips) AS tips, sum(p.articles) AS articles, sum(p.acks) AS acks, sum(p.questions) AS questions, sum(p.answers) AS answers, sum(p.correct) AS correct, sum(p.exams_taken) AS exams_taken, sum(p.exams_passed) AS exams_passed, sum(p.triaged) AS triaged, sum(max(p.listed_members, p.duty_members)) AS members, sum((CASE WHEN p.tips + p.articles > 0 AND max(p.listed_members, p.duty_members) > 0 THEN p.acks * 1.0 / max(p.listed_members, p.duty_members) ELSE 0 END)) AS weighted_acks, sum((CASE WHEN p.questions > 0 AND max(p.listed_members, p.duty_members) > 0 THEN p.answers * 1.0 / max(p.listed_members, p.duty_members) ELSE 0 END)) AS weighted_answers
    FROM group_periods p WHERE true GROUP BY 1, 2, 3
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, listed_members = listed_members + excluded.listed_members, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, members = members + excluded.members, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
--> statement-breakpoint
-- The 无诈班级 board's order (ReportQueries) on the member rate: acknowledgements by members ÷ deliveries × memberBase (src/db/ledger/tables.ts).
DROP INDEX group_periods_board;
--> statement-breakpoint
CREATE INDEX group_periods_board ON group_periods (unit_id, period, coalesce((acks * 1.0 / nullif((tips + articles) * max(listed_members, duty_members), 0)), -1) DESC, coalesce((correct * 1.0 / nullif(answers, 0)), -1) DESC, name, group_id);
