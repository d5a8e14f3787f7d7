-- Custom SQL migration file, put your code below! --
-- Written by `npm run db:ledger -- --write`: the triggers of 0003-0005 dropped, and those derived from src/db/ledger/declarations.ts created.
DROP TRIGGER acknowledgements_count_delete;
--> statement-breakpoint
DROP TRIGGER acknowledgements_count_insert;
--> statement-breakpoint
DROP TRIGGER app_progress_duty_delete;
--> statement-breakpoint
DROP TRIGGER app_progress_duty_insert;
--> statement-breakpoint
DROP TRIGGER app_progress_duty_update;
--> statement-breakpoint
DROP TRIGGER deliveries_days_acks;
--> statement-breakpoint
DROP TRIGGER deliveries_days_delete;
--> statement-breakpoint
DROP TRIGGER deliveries_days_insert;
--> statement-breakpoint
DROP TRIGGER deliveries_days_sent;
--> statement-breakpoint
DROP TRIGGER deliveries_days_unsent;
--> statement-breakpoint
DROP TRIGGER group_days_periods_delete;
--> statement-breakpoint
DROP TRIGGER group_days_periods_insert;
--> statement-breakpoint
DROP TRIGGER group_days_periods_update;
--> statement-breakpoint
DROP TRIGGER group_members_days_delete;
--> statement-breakpoint
DROP TRIGGER group_members_days_insert;
--> statement-breakpoint
DROP TRIGGER group_members_days_update;
--> statement-breakpoint
DROP TRIGGER group_members_duty_delete;
--> statement-breakpoint
DROP TRIGGER group_members_duty_insert;
--> statement-breakpoint
DROP TRIGGER group_members_duty_update;
--> statement-breakpoint
DROP TRIGGER group_members_known_delete;
--> statement-breakpoint
DROP TRIGGER group_members_known_insert;
--> statement-breakpoint
DROP TRIGGER group_members_known_update;
--> statement-breakpoint
DROP TRIGGER group_periods_units_delete;
--> statement-breakpoint
DROP TRIGGER group_periods_units_insert;
--> statement-breakpoint
DROP TRIGGER group_periods_units_move;
--> statement-breakpoint
DROP TRIGGER group_periods_units_update;
--> statement-breakpoint
DROP TRIGGER groups_periods_insert;
--> statement-breakpoint
DROP TRIGGER groups_periods_update;
--> statement-breakpoint
DROP TRIGGER groups_triage_days_update;
--> statement-breakpoint
DROP TRIGGER members_days_exams_passed;
--> statement-breakpoint
DROP TRIGGER members_days_exams_taken;
--> statement-breakpoint
DROP TRIGGER pledge_signatures_duty_delete;
--> statement-breakpoint
DROP TRIGGER pledge_signatures_duty_insert;
--> statement-breakpoint
DROP TRIGGER quiz_answers_count_delete;
--> statement-breakpoint
DROP TRIGGER quiz_answers_count_insert;
--> statement-breakpoint
DROP TRIGGER quiz_sessions_days_counts;
--> statement-breakpoint
DROP TRIGGER quiz_sessions_days_delete;
--> statement-breakpoint
DROP TRIGGER quiz_sessions_days_insert;
--> statement-breakpoint
DROP TRIGGER quiz_sessions_exam_close;
--> statement-breakpoint
DROP TRIGGER triage_days_units_delete;
--> statement-breakpoint
DROP TRIGGER triage_days_units_insert;
--> statement-breakpoint
DROP TRIGGER triage_days_units_update;
--> statement-breakpoint
DROP TRIGGER triage_reports_days_delete;
--> statement-breakpoint
DROP TRIGGER triage_reports_days_insert;
--> statement-breakpoint
CREATE TRIGGER acknowledgements_ack_count_insert AFTER INSERT ON acknowledgements BEGIN
  UPDATE deliveries SET ack_count = deliveries.ack_count + x.ack_count
    FROM (SELECT id, sum(ack_count) AS ack_count FROM (SELECT d.id AS id, 1 AS ack_count FROM group_members gm, deliveries d WHERE NEW.delivery_id = d.id AND gm.group_id = d.group_id AND gm.member_id = NEW.member_id AND gm.active = 1) WHERE true
    GROUP BY id HAVING sum(ack_count) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER acknowledgements_ack_count_delete AFTER DELETE ON acknowledgements BEGIN
  UPDATE deliveries SET ack_count = deliveries.ack_count + x.ack_count
    FROM (SELECT id, sum(ack_count) AS ack_count FROM (SELECT d.id AS id, -1 AS ack_count FROM group_members gm, deliveries d WHERE OLD.delivery_id = d.id AND gm.group_id = d.group_id AND gm.member_id = OLD.member_id AND gm.active = 1) WHERE true
    GROUP BY id HAVING sum(ack_count) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_ack_count_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 BEGIN
  UPDATE deliveries SET ack_count = deliveries.ack_count + x.ack_count
    FROM (SELECT id, sum(ack_count) AS ack_count FROM (SELECT d.id AS id, 1 AS ack_count FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND NEW.group_id = d.group_id AND NEW.member_id = a.member_id) WHERE true
    GROUP BY id HAVING sum(ack_count) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_ack_count_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 BEGIN
  UPDATE deliveries SET ack_count = deliveries.ack_count + x.ack_count
    FROM (SELECT id, sum(ack_count) AS ack_count FROM (SELECT d.id AS id, -1 AS ack_count FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND OLD.group_id = d.group_id AND OLD.member_id = a.member_id) WHERE true
    GROUP BY id HAVING sum(ack_count) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_ack_count_update AFTER UPDATE OF active ON group_members
  WHEN (NEW.active IS NOT OLD.active) AND ((OLD.active = 1) OR (NEW.active = 1)) BEGIN
  UPDATE deliveries SET ack_count = deliveries.ack_count + x.ack_count
    FROM (SELECT id, sum(ack_count) AS ack_count FROM (SELECT d.id AS id, -1 AS ack_count FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND OLD.group_id = d.group_id AND OLD.member_id = a.member_id AND OLD.active = 1 UNION ALL SELECT d.id AS id, 1 AS ack_count FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND NEW.group_id = d.group_id AND NEW.member_id = a.member_id AND NEW.active = 1) WHERE true
    GROUP BY id HAVING sum(ack_count) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_answers_counts_insert AFTER INSERT ON quiz_answers BEGIN
  UPDATE quiz_sessions SET answer_count = quiz_sessions.answer_count + x.answer_count, correct_count = quiz_sessions.correct_count + x.correct_count
    FROM (SELECT id, sum(answer_count) AS answer_count, sum(correct_count) AS correct_count FROM (SELECT NEW.session_id AS id, 1 AS answer_count, NEW.correct AS correct_count WHERE true) WHERE true
    GROUP BY id HAVING sum(answer_count) <> 0 OR sum(correct_count) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_answers_counts_delete AFTER DELETE ON quiz_answers BEGIN
  UPDATE quiz_sessions SET answer_count = quiz_sessions.answer_count + x.answer_count, correct_count = quiz_sessions.correct_count + x.correct_count
    FROM (SELECT id, sum(answer_count) AS answer_count, sum(correct_count) AS correct_count FROM (SELECT OLD.session_id AS id, -1 AS answer_count, -(OLD.correct) AS correct_count WHERE true) WHERE true
    GROUP BY id HAVING sum(answer_count) <> 0 OR sum(correct_count) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_known_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 BEGIN
  UPDATE groups SET known_members = groups.known_members + x.known_members
    FROM (SELECT id, sum(known_members) AS known_members FROM (SELECT NEW.group_id AS id, 1 AS known_members WHERE true) WHERE true
    GROUP BY id HAVING sum(known_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_known_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 BEGIN
  UPDATE groups SET known_members = groups.known_members + x.known_members
    FROM (SELECT id, sum(known_members) AS known_members FROM (SELECT OLD.group_id AS id, -1 AS known_members WHERE true) WHERE true
    GROUP BY id HAVING sum(known_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_known_update AFTER UPDATE OF active ON group_members
  WHEN (NEW.active IS NOT OLD.active) AND ((OLD.active = 1) OR (NEW.active = 1)) BEGIN
  UPDATE groups SET known_members = groups.known_members + x.known_members
    FROM (SELECT id, sum(known_members) AS known_members FROM (SELECT OLD.group_id AS id, -1 AS known_members WHERE OLD.active = 1 UNION ALL SELECT NEW.group_id AS id, 1 AS known_members WHERE NEW.active = 1) WHERE true
    GROUP BY id HAVING sum(known_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_duty_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 BEGIN
  UPDATE groups SET duty_members = groups.duty_members + x.duty_members
    FROM (SELECT id, sum(duty_members) AS duty_members FROM (SELECT NEW.group_id AS id, 1 AS duty_members WHERE true) WHERE true
    GROUP BY id HAVING sum(duty_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_duty_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 BEGIN
  UPDATE groups SET duty_members = groups.duty_members + x.duty_members
    FROM (SELECT id, sum(duty_members) AS duty_members FROM (SELECT OLD.group_id AS id, -1 AS duty_members WHERE true) WHERE true
    GROUP BY id HAVING sum(duty_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_duty_update AFTER UPDATE OF active, is_admin ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin) AND ((OLD.active = 1 AND OLD.is_admin = 0) OR (NEW.active = 1 AND NEW.is_admin = 0)) BEGIN
  UPDATE groups SET duty_members = groups.duty_members + x.duty_members
    FROM (SELECT id, sum(duty_members) AS duty_members FROM (SELECT OLD.group_id AS id, -1 AS duty_members WHERE OLD.active = 1 AND OLD.is_admin = 0 UNION ALL SELECT NEW.group_id AS id, 1 AS duty_members WHERE NEW.active = 1 AND NEW.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(duty_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_app_steps_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT NEW.group_id AS id, ap.installed_at IS NOT NULL AS app_installed, ap.registered_at IS NOT NULL AS app_registered, ap.warning_at IS NOT NULL AS app_warning, ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL AS app_all_three FROM app_progress ap WHERE ap.member_id = NEW.member_id) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_app_steps_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT OLD.group_id AS id, -(ap.installed_at IS NOT NULL) AS app_installed, -(ap.registered_at IS NOT NULL) AS app_registered, -(ap.warning_at IS NOT NULL) AS app_warning, -(ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL) AS app_all_three FROM app_progress ap WHERE ap.member_id = OLD.member_id) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_app_steps_update AFTER UPDATE OF active, is_admin ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin) AND ((OLD.active = 1 AND OLD.is_admin = 0) OR (NEW.active = 1 AND NEW.is_admin = 0)) BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT OLD.group_id AS id, -(ap.installed_at IS NOT NULL) AS app_installed, -(ap.registered_at IS NOT NULL) AS app_registered, -(ap.warning_at IS NOT NULL) AS app_warning, -(ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL) AS app_all_three FROM app_progress ap WHERE ap.member_id = OLD.member_id AND OLD.active = 1 AND OLD.is_admin = 0 UNION ALL SELECT NEW.group_id AS id, ap.installed_at IS NOT NULL AS app_installed, ap.registered_at IS NOT NULL AS app_registered, ap.warning_at IS NOT NULL AS app_warning, ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL AS app_all_three FROM app_progress ap WHERE ap.member_id = NEW.member_id AND NEW.active = 1 AND NEW.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER app_progress_app_steps_insert AFTER INSERT ON app_progress BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT gm.group_id AS id, NEW.installed_at IS NOT NULL AS app_installed, NEW.registered_at IS NOT NULL AS app_registered, NEW.warning_at IS NOT NULL AS app_warning, NEW.installed_at IS NOT NULL AND NEW.registered_at IS NOT NULL AND NEW.warning_at IS NOT NULL AS app_all_three FROM group_members gm WHERE NEW.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER app_progress_app_steps_delete AFTER DELETE ON app_progress BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT gm.group_id AS id, -(OLD.installed_at IS NOT NULL) AS app_installed, -(OLD.registered_at IS NOT NULL) AS app_registered, -(OLD.warning_at IS NOT NULL) AS app_warning, -(OLD.installed_at IS NOT NULL AND OLD.registered_at IS NOT NULL AND OLD.warning_at IS NOT NULL) AS app_all_three FROM group_members gm WHERE OLD.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER app_progress_app_steps_update AFTER UPDATE OF installed_at, registered_at, warning_at ON app_progress
  WHEN (NEW.installed_at IS NOT OLD.installed_at OR NEW.registered_at IS NOT OLD.registered_at OR NEW.warning_at IS NOT OLD.warning_at) BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT gm.group_id AS id, -(OLD.installed_at IS NOT NULL) AS app_installed, -(OLD.registered_at IS NOT NULL) AS app_registered, -(OLD.warning_at IS NOT NULL) AS app_warning, -(OLD.installed_at IS NOT NULL AND OLD.registered_at IS NOT NULL AND OLD.warning_at IS NOT NULL) AS app_all_three FROM group_members gm WHERE OLD.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0 UNION ALL SELECT gm.group_id AS id, NEW.installed_at IS NOT NULL AS app_installed, NEW.registered_at IS NOT NULL AS app_registered, NEW.warning_at IS NOT NULL AS app_warning, NEW.installed_at IS NOT NULL AND NEW.registered_at IS NOT NULL AND NEW.warning_at IS NOT NULL AS app_all_three FROM group_members gm WHERE NEW.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_pledge_signed_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT NEW.group_id AS id, 1 AS pledge_signed WHERE EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = NEW.group_id AND s.pledge_id = p.id AND s.member_id = NEW.member_id)) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_pledge_signed_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT OLD.group_id AS id, -1 AS pledge_signed WHERE EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = OLD.group_id AND s.pledge_id = p.id AND s.member_id = OLD.member_id)) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_pledge_signed_update AFTER UPDATE OF active, is_admin ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin) AND ((OLD.active = 1 AND OLD.is_admin = 0) OR (NEW.active = 1 AND NEW.is_admin = 0)) BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT OLD.group_id AS id, -1 AS pledge_signed WHERE OLD.active = 1 AND OLD.is_admin = 0 AND EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = OLD.group_id AND s.pledge_id = p.id AND s.member_id = OLD.member_id) UNION ALL SELECT NEW.group_id AS id, 1 AS pledge_signed WHERE NEW.active = 1 AND NEW.is_admin = 0 AND EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = NEW.group_id AND s.pledge_id = p.id AND s.member_id = NEW.member_id)) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER pledge_signatures_pledge_signed_insert AFTER INSERT ON pledge_signatures BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT gm.group_id AS id, 1 AS pledge_signed FROM group_members gm, pledges p WHERE gm.active = 1 AND gm.is_admin = 0 AND p.group_id = gm.group_id AND NEW.pledge_id = p.id AND NEW.member_id = gm.member_id AND NOT EXISTS (SELECT 1 FROM pledges p_other, pledge_signatures s_other WHERE p_other.group_id = gm.group_id AND s_other.pledge_id = p_other.id AND s_other.member_id = gm.member_id AND NOT (s_other.pledge_id = NEW.pledge_id AND s_other.member_id = NEW.member_id))) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER pledge_signatures_pledge_signed_delete AFTER DELETE ON pledge_signatures BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT gm.group_id AS id, -1 AS pledge_signed FROM group_members gm, pledges p WHERE gm.active = 1 AND gm.is_admin = 0 AND p.group_id = gm.group_id AND OLD.pledge_id = p.id AND OLD.member_id = gm.member_id AND NOT EXISTS (SELECT 1 FROM pledges p_other, pledge_signatures s_other WHERE p_other.group_id = gm.group_id AND s_other.pledge_id = p_other.id AND s_other.member_id = gm.member_id AND NOT (s_other.pledge_id = OLD.pledge_id AND s_other.member_id = OLD.member_id))) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_insert AFTER INSERT ON deliveries
  WHEN NEW.status = 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks)
    SELECT g.id AS group_id, date(NEW.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, NEW.kind = 'tip' AS tips, NEW.kind = 'article' AS articles, NEW.ack_count AS acks FROM groups g WHERE g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_delete AFTER DELETE ON deliveries
  WHEN OLD.status = 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks)
    SELECT g.id AS group_id, date(OLD.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -(OLD.kind = 'tip') AS tips, -(OLD.kind = 'article') AS articles, -(OLD.ack_count) AS acks FROM groups g WHERE g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_update AFTER UPDATE OF status, sent_at, ack_count ON deliveries
  WHEN (NEW.status IS NOT OLD.status OR NEW.sent_at IS NOT OLD.sent_at OR NEW.ack_count IS NOT OLD.ack_count) AND ((OLD.status = 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article')) OR (NEW.status = 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article'))) BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks)
    SELECT group_id, day, sum(tips) AS tips, sum(articles) AS articles, sum(acks) AS acks FROM (SELECT g.id AS group_id, date(OLD.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -(OLD.kind = 'tip') AS tips, -(OLD.kind = 'article') AS articles, -(OLD.ack_count) AS acks FROM groups g WHERE OLD.status = 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article') AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(NEW.sent_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, NEW.kind = 'tip' AS tips, NEW.kind = 'article' AS articles, NEW.ack_count AS acks FROM groups g WHERE NEW.status = 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article') AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(tips) <> 0 OR sum(articles) <> 0 OR sum(acks) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_insert AFTER INSERT ON quiz_sessions
  WHEN NEW.mode = 'group' AND NEW.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct)
    SELECT g.id AS group_id, date(NEW.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS questions, NEW.answer_count AS answers, NEW.correct_count AS correct FROM groups g WHERE g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_delete AFTER DELETE ON quiz_sessions
  WHEN OLD.mode = 'group' AND OLD.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct)
    SELECT g.id AS group_id, date(OLD.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS questions, -(OLD.answer_count) AS answers, -(OLD.correct_count) AS correct FROM groups g WHERE g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_update AFTER UPDATE OF answer_count, correct_count ON quiz_sessions
  WHEN (NEW.answer_count IS NOT OLD.answer_count OR NEW.correct_count IS NOT OLD.correct_count) AND ((OLD.mode = 'group' AND OLD.group_id IS NOT NULL) OR (NEW.mode = 'group' AND NEW.group_id IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct)
    SELECT group_id, day, sum(questions) AS questions, sum(answers) AS answers, sum(correct) AS correct FROM (SELECT g.id AS group_id, date(OLD.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS questions, -(OLD.answer_count) AS answers, -(OLD.correct_count) AS correct FROM groups g WHERE OLD.mode = 'group' AND OLD.group_id IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(NEW.started_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS questions, NEW.answer_count AS answers, NEW.correct_count AS correct FROM groups g WHERE NEW.mode = 'group' AND NEW.group_id IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(questions) <> 0 OR sum(answers) <> 0 OR sum(correct) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER members_exams_taken_update AFTER UPDATE OF exam_at ON members
  WHEN (NEW.exam_at IS NOT OLD.exam_at) AND ((OLD.exam_at IS NOT NULL) OR (NEW.exam_at IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT group_id, day, sum(exams_taken) AS exams_taken FROM (SELECT g.id AS group_id, date(OLD.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM group_members gm, groups g WHERE gm.member_id = OLD.id AND gm.active = 1 AND OLD.exam_at IS NOT NULL AND g.id = gm.group_id UNION ALL SELECT g.id AS group_id, date(NEW.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM group_members gm, groups g WHERE gm.member_id = NEW.id AND gm.active = 1 AND NEW.exam_at IS NOT NULL AND g.id = gm.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_taken) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM members m, groups g WHERE NEW.member_id = m.id AND m.exam_at IS NOT NULL AND g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM members m, groups g WHERE OLD.member_id = m.id AND m.exam_at IS NOT NULL AND g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_update AFTER UPDATE OF active ON group_members
  WHEN (NEW.active IS NOT OLD.active) AND ((OLD.active = 1) OR (NEW.active = 1)) BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT group_id, day, sum(exams_taken) AS exams_taken FROM (SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM members m, groups g WHERE OLD.member_id = m.id AND OLD.active = 1 AND m.exam_at IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM members m, groups g WHERE NEW.member_id = m.id AND NEW.active = 1 AND m.exam_at IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_taken) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER members_exams_passed_update AFTER UPDATE OF exam_passed_at ON members
  WHEN (NEW.exam_passed_at IS NOT OLD.exam_passed_at) AND ((OLD.exam_passed_at IS NOT NULL) OR (NEW.exam_passed_at IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT group_id, day, sum(exams_passed) AS exams_passed FROM (SELECT g.id AS group_id, date(OLD.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM group_members gm, groups g WHERE gm.member_id = OLD.id AND gm.active = 1 AND OLD.exam_passed_at IS NOT NULL AND g.id = gm.group_id UNION ALL SELECT g.id AS group_id, date(NEW.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM group_members gm, groups g WHERE gm.member_id = NEW.id AND gm.active = 1 AND NEW.exam_passed_at IS NOT NULL AND g.id = gm.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_passed) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM members m, groups g WHERE NEW.member_id = m.id AND m.exam_passed_at IS NOT NULL AND g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM members m, groups g WHERE OLD.member_id = m.id AND m.exam_passed_at IS NOT NULL AND g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_update AFTER UPDATE OF active ON group_members
  WHEN (NEW.active IS NOT OLD.active) AND ((OLD.active = 1) OR (NEW.active = 1)) BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT group_id, day, sum(exams_passed) AS exams_passed FROM (SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM members m, groups g WHERE OLD.member_id = m.id AND OLD.active = 1 AND m.exam_passed_at IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM members m, groups g WHERE NEW.member_id = m.id AND NEW.active = 1 AND m.exam_passed_at IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_passed) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER triage_reports_days_insert AFTER INSERT ON triage_reports
  WHEN NEW.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, triaged)
    SELECT g.id AS group_id, date(NEW.at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS triaged FROM groups g WHERE g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET triaged = triaged + excluded.triaged;
END;
--> statement-breakpoint
CREATE TRIGGER triage_reports_days_delete AFTER DELETE ON triage_reports
  WHEN OLD.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, triaged)
    SELECT g.id AS group_id, date(OLD.at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS triaged FROM groups g WHERE g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET triaged = triaged + excluded.triaged;
END;
--> statement-breakpoint
CREATE TRIGGER triage_reports_triage_days_insert AFTER INSERT ON triage_reports
  WHEN NEW.group_id IS NOT NULL BEGIN
  INSERT INTO triage_days (unit_id, timezone, day, group_id, type_id, count)
    SELECT coalesce(g.unit_id, '') AS unit_id, g.timezone AS timezone, date(NEW.at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, g.id AS group_id, coalesce(NEW.type_id, '') AS type_id, 1 AS count FROM groups g WHERE g.id = NEW.group_id
    ON CONFLICT (unit_id, timezone, day, group_id, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER triage_reports_triage_days_delete AFTER DELETE ON triage_reports
  WHEN OLD.group_id IS NOT NULL BEGIN
  INSERT INTO triage_days (unit_id, timezone, day, group_id, type_id, count)
    SELECT coalesce(g.unit_id, '') AS unit_id, g.timezone AS timezone, date(OLD.at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, g.id AS group_id, coalesce(OLD.type_id, '') AS type_id, -1 AS count FROM groups g WHERE g.id = OLD.group_id
    ON CONFLICT (unit_id, timezone, day, group_id, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_insert AFTER INSERT ON group_periods BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    SELECT NEW.unit_id AS unit_id, NEW.period AS period, NEW.timezone AS timezone, 1 AS classes, NEW.known_members AS known_members, NEW.duty_members AS duty_members, NEW.app_installed AS app_installed, NEW.app_registered AS app_registered, NEW.app_warning AS app_warning, NEW.app_all_three AS app_all_three, NEW.pledge_signed AS pledge_signed, NEW.tips AS tips, NEW.articles AS articles, NEW.acks AS acks, NEW.questions AS questions, NEW.answers AS answers, NEW.correct AS correct, NEW.exams_taken AS exams_taken, NEW.exams_passed AS exams_passed, NEW.triaged AS triaged, (CASE WHEN NEW.tips + NEW.articles > 0 AND NEW.known_members > 0 THEN NEW.acks * 1.0 / NEW.known_members ELSE 0 END) AS weighted_acks, (CASE WHEN NEW.questions > 0 AND NEW.known_members > 0 THEN NEW.answers * 1.0 / NEW.known_members ELSE 0 END) AS weighted_answers WHERE true
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_delete AFTER DELETE ON group_periods BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    SELECT OLD.unit_id AS unit_id, OLD.period AS period, OLD.timezone AS timezone, -1 AS classes, -(OLD.known_members) AS known_members, -(OLD.duty_members) AS duty_members, -(OLD.app_installed) AS app_installed, -(OLD.app_registered) AS app_registered, -(OLD.app_warning) AS app_warning, -(OLD.app_all_three) AS app_all_three, -(OLD.pledge_signed) AS pledge_signed, -(OLD.tips) AS tips, -(OLD.articles) AS articles, -(OLD.acks) AS acks, -(OLD.questions) AS questions, -(OLD.answers) AS answers, -(OLD.correct) AS correct, -(OLD.exams_taken) AS exams_taken, -(OLD.exams_passed) AS exams_passed, -(OLD.triaged) AS triaged, -((CASE WHEN OLD.tips + OLD.articles > 0 AND OLD.known_members > 0 THEN OLD.acks * 1.0 / OLD.known_members ELSE 0 END)) AS weighted_acks, -((CASE WHEN OLD.questions > 0 AND OLD.known_members > 0 THEN OLD.answers * 1.0 / OLD.known_members ELSE 0 END)) AS weighted_answers WHERE true
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_update AFTER UPDATE OF unit_id, period, timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged ON group_periods
  WHEN (NEW.unit_id IS NOT OLD.unit_id OR NEW.period IS NOT OLD.period OR NEW.timezone IS NOT OLD.timezone OR NEW.known_members IS NOT OLD.known_members OR NEW.duty_members IS NOT OLD.duty_members OR NEW.app_installed IS NOT OLD.app_installed OR NEW.app_registered IS NOT OLD.app_registered OR NEW.app_warning IS NOT OLD.app_warning OR NEW.app_all_three IS NOT OLD.app_all_three OR NEW.pledge_signed IS NOT OLD.pledge_signed OR NEW.tips IS NOT OLD.tips OR NEW.articles IS NOT OLD.articles OR NEW.acks IS NOT OLD.acks OR NEW.questions IS NOT OLD.questions OR NEW.answers IS NOT OLD.answers OR NEW.correct IS NOT OLD.correct OR NEW.exams_taken IS NOT OLD.exams_taken OR NEW.exams_passed IS NOT OLD.exams_passed OR NEW.triaged IS NOT OLD.triaged) BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    SELECT unit_id, period, timezone, sum(classes) AS classes, sum(known_members) AS known_members, sum(duty_members) AS duty_members, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three, sum(pledge_signed) AS pledge_signed, sum(tips) AS tips, sum(articles) AS articles, sum(acks) AS acks, sum(questions) AS questions, sum(answers) AS answers, sum(correct) AS correct, sum(exams_taken) AS exams_taken, sum(exams_passed) AS exams_passed, sum(triaged) AS triaged, sum(weighted_acks) AS weighted_acks, sum(weighted_answers) AS weighted_answers FROM (SELECT OLD.unit_id AS unit_id, OLD.period AS period, OLD.timezone AS timezone, -1 AS classes, -(OLD.known_members) AS known_members, -(OLD.duty_members) AS duty_members, -(OLD.app_installed) AS app_installed, -(OLD.app_registered) AS app_registered, -(OLD.app_warning) AS app_warning, -(OLD.app_all_three) AS app_all_three, -(OLD.pledge_signed) AS pledge_signed, -(OLD.tips) AS tips, -(OLD.articles) AS articles, -(OLD.acks) AS acks, -(OLD.questions) AS questions, -(OLD.answers) AS answers, -(OLD.correct) AS correct, -(OLD.exams_taken) AS exams_taken, -(OLD.exams_passed) AS exams_passed, -(OLD.triaged) AS triaged, -((CASE WHEN OLD.tips + OLD.articles > 0 AND OLD.known_members > 0 THEN OLD.acks * 1.0 / OLD.known_members ELSE 0 END)) AS weighted_acks, -((CASE WHEN OLD.questions > 0 AND OLD.known_members > 0 THEN OLD.answers * 1.0 / OLD.known_members ELSE 0 END)) AS weighted_answers WHERE true UNION ALL SELECT NEW.unit_id AS unit_id, NEW.period AS period, NEW.timezone AS timezone, 1 AS classes, NEW.known_members AS known_members, NEW.duty_members AS duty_members, NEW.app_installed AS app_installed, NEW.app_registered AS app_registered, NEW.app_warning AS app_warning, NEW.app_all_three AS app_all_three, NEW.pledge_signed AS pledge_signed, NEW.tips AS tips, NEW.articles AS articles, NEW.acks AS acks, NEW.questions AS questions, NEW.answers AS answers, NEW.correct AS correct, NEW.exams_taken AS exams_taken, NEW.exams_passed AS exams_passed, NEW.triaged AS triaged, (CASE WHEN NEW.tips + NEW.articles > 0 AND NEW.known_members > 0 THEN NEW.acks * 1.0 / NEW.known_members ELSE 0 END) AS weighted_acks, (CASE WHEN NEW.questions > 0 AND NEW.known_members > 0 THEN NEW.answers * 1.0 / NEW.known_members ELSE 0 END) AS weighted_answers WHERE true) WHERE true
    GROUP BY unit_id, period, timezone HAVING sum(classes) <> 0 OR sum(known_members) <> 0 OR sum(duty_members) <> 0 OR sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0 OR sum(pledge_signed) <> 0 OR sum(tips) <> 0 OR sum(articles) <> 0 OR sum(acks) <> 0 OR sum(questions) <> 0 OR sum(answers) <> 0 OR sum(correct) <> 0 OR sum(exams_taken) <> 0 OR sum(exams_passed) <> 0 OR sum(triaged) <> 0 OR sum(weighted_acks) <> 0 OR sum(weighted_answers) <> 0
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER triage_days_units_insert AFTER INSERT ON triage_days BEGIN
  INSERT INTO unit_triage_days (unit_id, timezone, day, type_id, count)
    SELECT NEW.unit_id AS unit_id, NEW.timezone AS timezone, NEW.day AS day, NEW.type_id AS type_id, NEW.count AS count WHERE true
    ON CONFLICT (unit_id, timezone, day, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER triage_days_units_delete AFTER DELETE ON triage_days BEGIN
  INSERT INTO unit_triage_days (unit_id, timezone, day, type_id, count)
    SELECT OLD.unit_id AS unit_id, OLD.timezone AS timezone, OLD.day AS day, OLD.type_id AS type_id, -(OLD.count) AS count WHERE true
    ON CONFLICT (unit_id, timezone, day, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER triage_days_units_update AFTER UPDATE OF unit_id, timezone, day, type_id, count ON triage_days
  WHEN (NEW.unit_id IS NOT OLD.unit_id OR NEW.timezone IS NOT OLD.timezone OR NEW.day IS NOT OLD.day OR NEW.type_id IS NOT OLD.type_id OR NEW.count IS NOT OLD.count) BEGIN
  INSERT INTO unit_triage_days (unit_id, timezone, day, type_id, count)
    SELECT unit_id, timezone, day, type_id, sum(count) AS count FROM (SELECT OLD.unit_id AS unit_id, OLD.timezone AS timezone, OLD.day AS day, OLD.type_id AS type_id, -(OLD.count) AS count WHERE true UNION ALL SELECT NEW.unit_id AS unit_id, NEW.timezone AS timezone, NEW.day AS day, NEW.type_id AS type_id, NEW.count AS count WHERE true) WHERE true
    GROUP BY unit_id, timezone, day, type_id HAVING sum(count) <> 0
    ON CONFLICT (unit_id, timezone, day, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER groups_group_periods_insert AFTER INSERT ON groups BEGIN
  INSERT INTO group_periods (period, group_id, unit_id, timezone, name, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed)
    SELECT periods.period, NEW.id, coalesce(NEW.unit_id, ''), NEW.timezone, coalesce(NEW.class_name, NEW.title, NEW.id), NEW.known_members, NEW.duty_members, NEW.app_installed, NEW.app_registered, NEW.app_warning, NEW.app_all_three, NEW.pledge_signed FROM (SELECT 'today' AS period UNION ALL SELECT '7d' UNION ALL SELECT '30d' UNION ALL SELECT 'term') periods;
END;
--> statement-breakpoint
CREATE TRIGGER groups_group_periods_update AFTER UPDATE OF id, unit_id, timezone, class_name, title, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed ON groups BEGIN
  UPDATE group_periods SET unit_id = coalesce(NEW.unit_id, ''), timezone = NEW.timezone, name = coalesce(NEW.class_name, NEW.title, NEW.id), known_members = NEW.known_members, duty_members = NEW.duty_members, app_installed = NEW.app_installed, app_registered = NEW.app_registered, app_warning = NEW.app_warning, app_all_three = NEW.app_all_three, pledge_signed = NEW.pledge_signed
  WHERE group_id IN (NEW.id, OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER groups_triage_days_update AFTER UPDATE OF id, unit_id, timezone ON groups BEGIN
  UPDATE triage_days SET unit_id = coalesce(NEW.unit_id, ''), timezone = NEW.timezone
  WHERE group_id IN (NEW.id, OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER group_days_group_periods_insert AFTER INSERT ON group_days BEGIN
  UPDATE group_periods SET tips = tips + (NEW.day >= from_day) * (NEW.tips), articles = articles + (NEW.day >= from_day) * (NEW.articles), acks = acks + (NEW.day >= from_day) * (NEW.acks), questions = questions + (NEW.day >= from_day) * (NEW.questions), answers = answers + (NEW.day >= from_day) * (NEW.answers), correct = correct + (NEW.day >= from_day) * (NEW.correct), exams_taken = exams_taken + (NEW.day >= from_day) * (NEW.exams_taken), exams_passed = exams_passed + (NEW.day >= from_day) * (NEW.exams_passed), triaged = triaged + (NEW.day >= from_day) * (NEW.triaged)
  WHERE group_id = NEW.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER group_days_group_periods_update AFTER UPDATE ON group_days BEGIN
  UPDATE group_periods SET tips = tips + (NEW.day >= from_day) * (NEW.tips - OLD.tips), articles = articles + (NEW.day >= from_day) * (NEW.articles - OLD.articles), acks = acks + (NEW.day >= from_day) * (NEW.acks - OLD.acks), questions = questions + (NEW.day >= from_day) * (NEW.questions - OLD.questions), answers = answers + (NEW.day >= from_day) * (NEW.answers - OLD.answers), correct = correct + (NEW.day >= from_day) * (NEW.correct - OLD.correct), exams_taken = exams_taken + (NEW.day >= from_day) * (NEW.exams_taken - OLD.exams_taken), exams_passed = exams_passed + (NEW.day >= from_day) * (NEW.exams_passed - OLD.exams_passed), triaged = triaged + (NEW.day >= from_day) * (NEW.triaged - OLD.triaged)
  WHERE group_id = NEW.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER group_days_group_periods_delete AFTER DELETE ON group_days BEGIN
  UPDATE group_periods SET tips = tips + (OLD.day >= from_day) * (-OLD.tips), articles = articles + (OLD.day >= from_day) * (-OLD.articles), acks = acks + (OLD.day >= from_day) * (-OLD.acks), questions = questions + (OLD.day >= from_day) * (-OLD.questions), answers = answers + (OLD.day >= from_day) * (-OLD.answers), correct = correct + (OLD.day >= from_day) * (-OLD.correct), exams_taken = exams_taken + (OLD.day >= from_day) * (-OLD.exams_taken), exams_passed = exams_passed + (OLD.day >= from_day) * (-OLD.exams_passed), triaged = triaged + (OLD.day >= from_day) * (-OLD.triaged)
  WHERE group_id = OLD.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_exam_update AFTER UPDATE OF closed_at, passed ON quiz_sessions
  WHEN NEW.mode = 'exam' AND NEW.closed_at IS NOT NULL AND NEW.member_id IS NOT NULL BEGIN
  UPDATE members SET exam_at = max(coalesce(exam_at, 0), NEW.closed_at),
    exam_passed_at = CASE WHEN NEW.passed = 1 THEN max(coalesce(exam_passed_at, 0), NEW.closed_at) ELSE exam_passed_at END
  WHERE id = NEW.member_id;
END;
