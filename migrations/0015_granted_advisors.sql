DROP INDEX `group_members_advisors`;--> statement-breakpoint
ALTER TABLE `group_members` ADD `granted` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `group_members_advisors` ON `group_members` (`group_id`,`member_id`) WHERE active = 1 and (is_admin = 1 or granted = 1);
--> statement-breakpoint
DROP TRIGGER acknowledgements_member_acks_delete;
--> statement-breakpoint
DROP TRIGGER acknowledgements_member_acks_insert;
--> statement-breakpoint
DROP TRIGGER app_progress_app_steps_delete;
--> statement-breakpoint
DROP TRIGGER app_progress_app_steps_insert;
--> statement-breakpoint
DROP TRIGGER app_progress_app_steps_update;
--> statement-breakpoint
DROP TRIGGER group_members_app_steps_delete;
--> statement-breakpoint
DROP TRIGGER group_members_app_steps_insert;
--> statement-breakpoint
DROP TRIGGER group_members_app_steps_update;
--> statement-breakpoint
DROP TRIGGER group_members_duty_delete;
--> statement-breakpoint
DROP TRIGGER group_members_duty_insert;
--> statement-breakpoint
DROP TRIGGER group_members_duty_update;
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
DROP TRIGGER group_members_member_acks_delete;
--> statement-breakpoint
DROP TRIGGER group_members_member_acks_insert;
--> statement-breakpoint
DROP TRIGGER group_members_member_acks_update;
--> statement-breakpoint
DROP TRIGGER group_members_member_answers_delete;
--> statement-breakpoint
DROP TRIGGER group_members_member_answers_insert;
--> statement-breakpoint
DROP TRIGGER group_members_member_answers_update;
--> statement-breakpoint
DROP TRIGGER group_members_pledge_signed_delete;
--> statement-breakpoint
DROP TRIGGER group_members_pledge_signed_insert;
--> statement-breakpoint
DROP TRIGGER group_members_pledge_signed_update;
--> statement-breakpoint
DROP TRIGGER members_exams_passed_update;
--> statement-breakpoint
DROP TRIGGER members_exams_taken_update;
--> statement-breakpoint
DROP TRIGGER pledge_signatures_pledge_signed_delete;
--> statement-breakpoint
DROP TRIGGER pledge_signatures_pledge_signed_insert;
--> statement-breakpoint
DROP TRIGGER quiz_answers_member_answers_delete;
--> statement-breakpoint
DROP TRIGGER quiz_answers_member_answers_insert;
--> statement-breakpoint
CREATE TRIGGER acknowledgements_member_acks_insert AFTER INSERT ON acknowledgements BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, 1 AS member_acks FROM group_members gm, deliveries d WHERE NEW.delivery_id = d.id AND gm.group_id = d.group_id AND gm.member_id = NEW.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER acknowledgements_member_acks_delete AFTER DELETE ON acknowledgements BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, -1 AS member_acks FROM group_members gm, deliveries d WHERE OLD.delivery_id = d.id AND gm.group_id = d.group_id AND gm.member_id = OLD.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_acks_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, 1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND NEW.group_id = d.group_id AND NEW.member_id = a.member_id) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_acks_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, -1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND OLD.group_id = d.group_id AND OLD.member_id = a.member_id) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_acks_update AFTER UPDATE OF active, is_admin, granted ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin OR NEW.granted IS NOT OLD.granted) AND ((OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0) OR (NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0)) BEGIN
  UPDATE deliveries SET member_acks = deliveries.member_acks + x.member_acks
    FROM (SELECT id, sum(member_acks) AS member_acks FROM (SELECT d.id AS id, -1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND OLD.group_id = d.group_id AND OLD.member_id = a.member_id AND OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 UNION ALL SELECT d.id AS id, 1 AS member_acks FROM acknowledgements a, deliveries d WHERE a.delivery_id = d.id AND NEW.group_id = d.group_id AND NEW.member_id = a.member_id AND NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0) WHERE true
    GROUP BY id HAVING sum(member_acks) <> 0) AS x WHERE deliveries.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_answers_member_answers_insert AFTER INSERT ON quiz_answers BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, 1 AS member_answers, NEW.correct AS member_correct FROM group_members gm, quiz_sessions q WHERE NEW.session_id = q.id AND q.mode = 'group' AND gm.group_id = q.group_id AND gm.member_id = NEW.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_answers_member_answers_delete AFTER DELETE ON quiz_answers BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, -1 AS member_answers, -(OLD.correct) AS member_correct FROM group_members gm, quiz_sessions q WHERE OLD.session_id = q.id AND q.mode = 'group' AND gm.group_id = q.group_id AND gm.member_id = OLD.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_answers_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, 1 AS member_answers, qa.correct AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND NEW.group_id = q.group_id AND NEW.member_id = qa.member_id) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_answers_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, -1 AS member_answers, -(qa.correct) AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND OLD.group_id = q.group_id AND OLD.member_id = qa.member_id) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_member_answers_update AFTER UPDATE OF active, is_admin, granted ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin OR NEW.granted IS NOT OLD.granted) AND ((OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0) OR (NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0)) BEGIN
  UPDATE quiz_sessions SET member_answers = quiz_sessions.member_answers + x.member_answers, member_correct = quiz_sessions.member_correct + x.member_correct
    FROM (SELECT id, sum(member_answers) AS member_answers, sum(member_correct) AS member_correct FROM (SELECT q.id AS id, -1 AS member_answers, -(qa.correct) AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND OLD.group_id = q.group_id AND OLD.member_id = qa.member_id AND OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 UNION ALL SELECT q.id AS id, 1 AS member_answers, qa.correct AS member_correct FROM quiz_answers qa, quiz_sessions q WHERE qa.session_id = q.id AND q.mode = 'group' AND NEW.group_id = q.group_id AND NEW.member_id = qa.member_id AND NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0) WHERE true
    GROUP BY id HAVING sum(member_answers) <> 0 OR sum(member_correct) <> 0) AS x WHERE quiz_sessions.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_duty_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 BEGIN
  UPDATE groups SET duty_members = groups.duty_members + x.duty_members
    FROM (SELECT id, sum(duty_members) AS duty_members FROM (SELECT NEW.group_id AS id, 1 AS duty_members WHERE true) WHERE true
    GROUP BY id HAVING sum(duty_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_duty_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 BEGIN
  UPDATE groups SET duty_members = groups.duty_members + x.duty_members
    FROM (SELECT id, sum(duty_members) AS duty_members FROM (SELECT OLD.group_id AS id, -1 AS duty_members WHERE true) WHERE true
    GROUP BY id HAVING sum(duty_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_duty_update AFTER UPDATE OF active, is_admin, granted ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin OR NEW.granted IS NOT OLD.granted) AND ((OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0) OR (NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0)) BEGIN
  UPDATE groups SET duty_members = groups.duty_members + x.duty_members
    FROM (SELECT id, sum(duty_members) AS duty_members FROM (SELECT OLD.group_id AS id, -1 AS duty_members WHERE OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 UNION ALL SELECT NEW.group_id AS id, 1 AS duty_members WHERE NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0) WHERE true
    GROUP BY id HAVING sum(duty_members) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_app_steps_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT NEW.group_id AS id, ap.installed_at IS NOT NULL AS app_installed, ap.registered_at IS NOT NULL AS app_registered, ap.warning_at IS NOT NULL AS app_warning, ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL AS app_all_three FROM app_progress ap WHERE ap.member_id = NEW.member_id) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_app_steps_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT OLD.group_id AS id, -(ap.installed_at IS NOT NULL) AS app_installed, -(ap.registered_at IS NOT NULL) AS app_registered, -(ap.warning_at IS NOT NULL) AS app_warning, -(ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL) AS app_all_three FROM app_progress ap WHERE ap.member_id = OLD.member_id) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_app_steps_update AFTER UPDATE OF active, is_admin, granted ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin OR NEW.granted IS NOT OLD.granted) AND ((OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0) OR (NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0)) BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT OLD.group_id AS id, -(ap.installed_at IS NOT NULL) AS app_installed, -(ap.registered_at IS NOT NULL) AS app_registered, -(ap.warning_at IS NOT NULL) AS app_warning, -(ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL) AS app_all_three FROM app_progress ap WHERE ap.member_id = OLD.member_id AND OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 UNION ALL SELECT NEW.group_id AS id, ap.installed_at IS NOT NULL AS app_installed, ap.registered_at IS NOT NULL AS app_registered, ap.warning_at IS NOT NULL AS app_warning, ap.installed_at IS NOT NULL AND ap.registered_at IS NOT NULL AND ap.warning_at IS NOT NULL AS app_all_three FROM app_progress ap WHERE ap.member_id = NEW.member_id AND NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER app_progress_app_steps_insert AFTER INSERT ON app_progress BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT gm.group_id AS id, NEW.installed_at IS NOT NULL AS app_installed, NEW.registered_at IS NOT NULL AS app_registered, NEW.warning_at IS NOT NULL AS app_warning, NEW.installed_at IS NOT NULL AND NEW.registered_at IS NOT NULL AND NEW.warning_at IS NOT NULL AS app_all_three FROM group_members gm WHERE NEW.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER app_progress_app_steps_delete AFTER DELETE ON app_progress BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT gm.group_id AS id, -(OLD.installed_at IS NOT NULL) AS app_installed, -(OLD.registered_at IS NOT NULL) AS app_registered, -(OLD.warning_at IS NOT NULL) AS app_warning, -(OLD.installed_at IS NOT NULL AND OLD.registered_at IS NOT NULL AND OLD.warning_at IS NOT NULL) AS app_all_three FROM group_members gm WHERE OLD.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER app_progress_app_steps_update AFTER UPDATE OF installed_at, registered_at, warning_at ON app_progress
  WHEN (NEW.installed_at IS NOT OLD.installed_at OR NEW.registered_at IS NOT OLD.registered_at OR NEW.warning_at IS NOT OLD.warning_at) BEGIN
  UPDATE groups SET app_installed = groups.app_installed + x.app_installed, app_registered = groups.app_registered + x.app_registered, app_warning = groups.app_warning + x.app_warning, app_all_three = groups.app_all_three + x.app_all_three
    FROM (SELECT id, sum(app_installed) AS app_installed, sum(app_registered) AS app_registered, sum(app_warning) AS app_warning, sum(app_all_three) AS app_all_three FROM (SELECT gm.group_id AS id, -(OLD.installed_at IS NOT NULL) AS app_installed, -(OLD.registered_at IS NOT NULL) AS app_registered, -(OLD.warning_at IS NOT NULL) AS app_warning, -(OLD.installed_at IS NOT NULL AND OLD.registered_at IS NOT NULL AND OLD.warning_at IS NOT NULL) AS app_all_three FROM group_members gm WHERE OLD.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0 UNION ALL SELECT gm.group_id AS id, NEW.installed_at IS NOT NULL AS app_installed, NEW.registered_at IS NOT NULL AS app_registered, NEW.warning_at IS NOT NULL AS app_warning, NEW.installed_at IS NOT NULL AND NEW.registered_at IS NOT NULL AND NEW.warning_at IS NOT NULL AS app_all_three FROM group_members gm WHERE NEW.member_id = gm.member_id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0) WHERE true
    GROUP BY id HAVING sum(app_installed) <> 0 OR sum(app_registered) <> 0 OR sum(app_warning) <> 0 OR sum(app_all_three) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_pledge_signed_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT NEW.group_id AS id, 1 AS pledge_signed WHERE EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = NEW.group_id AND s.pledge_id = p.id AND s.member_id = NEW.member_id)) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_pledge_signed_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT OLD.group_id AS id, -1 AS pledge_signed WHERE EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = OLD.group_id AND s.pledge_id = p.id AND s.member_id = OLD.member_id)) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_pledge_signed_update AFTER UPDATE OF active, is_admin, granted ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin OR NEW.granted IS NOT OLD.granted) AND ((OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0) OR (NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0)) BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT OLD.group_id AS id, -1 AS pledge_signed WHERE OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 AND EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = OLD.group_id AND s.pledge_id = p.id AND s.member_id = OLD.member_id) UNION ALL SELECT NEW.group_id AS id, 1 AS pledge_signed WHERE NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 AND EXISTS (SELECT 1 FROM pledges p, pledge_signatures s WHERE p.group_id = NEW.group_id AND s.pledge_id = p.id AND s.member_id = NEW.member_id)) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER pledge_signatures_pledge_signed_insert AFTER INSERT ON pledge_signatures BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT gm.group_id AS id, 1 AS pledge_signed FROM group_members gm, pledges p WHERE gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0 AND p.group_id = gm.group_id AND NEW.pledge_id = p.id AND NEW.member_id = gm.member_id AND NOT EXISTS (SELECT 1 FROM pledges p_other, pledge_signatures s_other WHERE p_other.group_id = gm.group_id AND s_other.pledge_id = p_other.id AND s_other.member_id = gm.member_id AND NOT (s_other.pledge_id = NEW.pledge_id AND s_other.member_id = NEW.member_id))) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER pledge_signatures_pledge_signed_delete AFTER DELETE ON pledge_signatures BEGIN
  UPDATE groups SET pledge_signed = groups.pledge_signed + x.pledge_signed
    FROM (SELECT id, sum(pledge_signed) AS pledge_signed FROM (SELECT gm.group_id AS id, -1 AS pledge_signed FROM group_members gm, pledges p WHERE gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0 AND p.group_id = gm.group_id AND OLD.pledge_id = p.id AND OLD.member_id = gm.member_id AND NOT EXISTS (SELECT 1 FROM pledges p_other, pledge_signatures s_other WHERE p_other.group_id = gm.group_id AND s_other.pledge_id = p_other.id AND s_other.member_id = gm.member_id AND NOT (s_other.pledge_id = OLD.pledge_id AND s_other.member_id = OLD.member_id))) WHERE true
    GROUP BY id HAVING sum(pledge_signed) <> 0) AS x WHERE groups.id = x.id;
END;
--> statement-breakpoint
CREATE TRIGGER members_exams_taken_update AFTER UPDATE OF exam_at ON members
  WHEN (NEW.exam_at IS NOT OLD.exam_at) AND ((OLD.exam_at IS NOT NULL) OR (NEW.exam_at IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT group_id, day, sum(exams_taken) AS exams_taken FROM (SELECT g.id AS group_id, date(OLD.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM group_members gm, groups g WHERE gm.member_id = OLD.id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0 AND OLD.exam_at IS NOT NULL AND g.id = gm.group_id UNION ALL SELECT g.id AS group_id, date(NEW.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM group_members gm, groups g WHERE gm.member_id = NEW.id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0 AND NEW.exam_at IS NOT NULL AND g.id = gm.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_taken) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM members m, groups g WHERE NEW.member_id = m.id AND m.exam_at IS NOT NULL AND g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM members m, groups g WHERE OLD.member_id = m.id AND m.exam_at IS NOT NULL AND g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_taken_update AFTER UPDATE OF active, is_admin, granted ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin OR NEW.granted IS NOT OLD.granted) AND ((OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0) OR (NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0)) BEGIN
  INSERT INTO group_days (group_id, day, exams_taken)
    SELECT group_id, day, sum(exams_taken) AS exams_taken FROM (SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_taken FROM members m, groups g WHERE OLD.member_id = m.id AND OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 AND m.exam_at IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_taken FROM members m, groups g WHERE NEW.member_id = m.id AND NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 AND m.exam_at IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_taken) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER members_exams_passed_update AFTER UPDATE OF exam_passed_at ON members
  WHEN (NEW.exam_passed_at IS NOT OLD.exam_passed_at) AND ((OLD.exam_passed_at IS NOT NULL) OR (NEW.exam_passed_at IS NOT NULL)) BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT group_id, day, sum(exams_passed) AS exams_passed FROM (SELECT g.id AS group_id, date(OLD.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM group_members gm, groups g WHERE gm.member_id = OLD.id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0 AND OLD.exam_passed_at IS NOT NULL AND g.id = gm.group_id UNION ALL SELECT g.id AS group_id, date(NEW.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM group_members gm, groups g WHERE gm.member_id = NEW.id AND gm.active = 1 AND gm.is_admin = 0 AND gm.granted = 0 AND NEW.exam_passed_at IS NOT NULL AND g.id = gm.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_passed) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_insert AFTER INSERT ON group_members
  WHEN NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM members m, groups g WHERE NEW.member_id = m.id AND m.exam_passed_at IS NOT NULL AND g.id = NEW.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_delete AFTER DELETE ON group_members
  WHEN OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM members m, groups g WHERE OLD.member_id = m.id AND m.exam_passed_at IS NOT NULL AND g.id = OLD.group_id
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_exams_passed_update AFTER UPDATE OF active, is_admin, granted ON group_members
  WHEN (NEW.active IS NOT OLD.active OR NEW.is_admin IS NOT OLD.is_admin OR NEW.granted IS NOT OLD.granted) AND ((OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0) OR (NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0)) BEGIN
  INSERT INTO group_days (group_id, day, exams_passed)
    SELECT group_id, day, sum(exams_passed) AS exams_passed FROM (SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, -1 AS exams_passed FROM members m, groups g WHERE OLD.member_id = m.id AND OLD.active = 1 AND OLD.is_admin = 0 AND OLD.granted = 0 AND m.exam_passed_at IS NOT NULL AND g.id = OLD.group_id UNION ALL SELECT g.id AS group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch') AS day, 1 AS exams_passed FROM members m, groups g WHERE NEW.member_id = m.id AND NEW.active = 1 AND NEW.is_admin = 0 AND NEW.granted = 0 AND m.exam_passed_at IS NOT NULL AND g.id = NEW.group_id) WHERE true
    GROUP BY group_id, day HAVING sum(exams_passed) <> 0
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
