CREATE TABLE `group_days` (
	`group_id` text NOT NULL,
	`day` text NOT NULL,
	`tips` integer DEFAULT 0 NOT NULL,
	`articles` integer DEFAULT 0 NOT NULL,
	`acks` integer DEFAULT 0 NOT NULL,
	`questions` integer DEFAULT 0 NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	`correct` integer DEFAULT 0 NOT NULL,
	`exams_taken` integer DEFAULT 0 NOT NULL,
	`exams_passed` integer DEFAULT 0 NOT NULL,
	`triaged` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`group_id`, `day`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `group_periods` (
	`unit_id` text DEFAULT '' NOT NULL,
	`group_id` text NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`known_members` integer DEFAULT 0 NOT NULL,
	`duty_members` integer DEFAULT 0 NOT NULL,
	`app_installed` integer DEFAULT 0 NOT NULL,
	`app_registered` integer DEFAULT 0 NOT NULL,
	`app_warning` integer DEFAULT 0 NOT NULL,
	`app_all_three` integer DEFAULT 0 NOT NULL,
	`pledge_signed` integer DEFAULT 0 NOT NULL,
	`today_from` text DEFAULT '' NOT NULL,
	`d7_from` text DEFAULT '' NOT NULL,
	`d30_from` text DEFAULT '' NOT NULL,
	`term_from` text DEFAULT '' NOT NULL,
	`today_tips` integer DEFAULT 0 NOT NULL,
	`today_articles` integer DEFAULT 0 NOT NULL,
	`today_acks` integer DEFAULT 0 NOT NULL,
	`today_questions` integer DEFAULT 0 NOT NULL,
	`today_answers` integer DEFAULT 0 NOT NULL,
	`today_correct` integer DEFAULT 0 NOT NULL,
	`today_exams_taken` integer DEFAULT 0 NOT NULL,
	`today_exams_passed` integer DEFAULT 0 NOT NULL,
	`today_triaged` integer DEFAULT 0 NOT NULL,
	`d7_tips` integer DEFAULT 0 NOT NULL,
	`d7_articles` integer DEFAULT 0 NOT NULL,
	`d7_acks` integer DEFAULT 0 NOT NULL,
	`d7_questions` integer DEFAULT 0 NOT NULL,
	`d7_answers` integer DEFAULT 0 NOT NULL,
	`d7_correct` integer DEFAULT 0 NOT NULL,
	`d7_exams_taken` integer DEFAULT 0 NOT NULL,
	`d7_exams_passed` integer DEFAULT 0 NOT NULL,
	`d7_triaged` integer DEFAULT 0 NOT NULL,
	`d30_tips` integer DEFAULT 0 NOT NULL,
	`d30_articles` integer DEFAULT 0 NOT NULL,
	`d30_acks` integer DEFAULT 0 NOT NULL,
	`d30_questions` integer DEFAULT 0 NOT NULL,
	`d30_answers` integer DEFAULT 0 NOT NULL,
	`d30_correct` integer DEFAULT 0 NOT NULL,
	`d30_exams_taken` integer DEFAULT 0 NOT NULL,
	`d30_exams_passed` integer DEFAULT 0 NOT NULL,
	`d30_triaged` integer DEFAULT 0 NOT NULL,
	`term_tips` integer DEFAULT 0 NOT NULL,
	`term_articles` integer DEFAULT 0 NOT NULL,
	`term_acks` integer DEFAULT 0 NOT NULL,
	`term_questions` integer DEFAULT 0 NOT NULL,
	`term_answers` integer DEFAULT 0 NOT NULL,
	`term_correct` integer DEFAULT 0 NOT NULL,
	`term_exams_taken` integer DEFAULT 0 NOT NULL,
	`term_exams_passed` integer DEFAULT 0 NOT NULL,
	`term_triaged` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `group_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `group_periods_group` ON `group_periods` (`group_id`,`timezone`);--> statement-breakpoint
CREATE TABLE `triage_days` (
	`unit_id` text NOT NULL,
	`timezone` text NOT NULL,
	`day` text NOT NULL,
	`group_id` text NOT NULL,
	`type_id` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `timezone`, `day`, `group_id`, `type_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `triage_days_group` ON `triage_days` (`group_id`,`day`,`type_id`,`count`);--> statement-breakpoint
DROP INDEX `deliveries_report`;--> statement-breakpoint
DROP INDEX `deliveries_period`;--> statement-breakpoint
DROP INDEX `quiz_sessions_closed`;--> statement-breakpoint
DROP INDEX `quiz_sessions_period`;--> statement-breakpoint
DROP INDEX `triage_reports_at`;--> statement-breakpoint
CREATE INDEX `triage_reports_at` ON `triage_reports` (`at`,`group_id`,`type_id`);--> statement-breakpoint
ALTER TABLE `groups` ADD `utc_offset` integer DEFAULT 480 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `days_zone` text;--> statement-breakpoint
CREATE INDEX `groups_days_stale` ON `groups` (`id`) WHERE days_zone is not timezone;--> statement-breakpoint
ALTER TABLE `members` ADD `exam_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `exam_passed_at` integer;--> statement-breakpoint
CREATE INDEX `class_meetings_held` ON `class_meetings` (`held_on`,`group_id`);--> statement-breakpoint
-- Hand-written: the reports' ledger kept by triggers, so that every write path keeps it right.
-- Each event is filed under its group's local day, from groups.utc_offset (kept by ReportDays);
-- group_days feeds group_periods, whose periods ReportDays moves on at each new local day;
-- group_periods also copies what a report needs of its group, so that a report reads it alone.
-- Deletes cascading from a deleted group have nothing left to maintain (the EXISTS guards).
-- Entrance tests: each member's latest finished and latest passed one, before the triggers exist.
UPDATE members SET
  exam_at = (SELECT max(closed_at) FROM quiz_sessions WHERE member_id = members.id AND mode = 'exam'),
  exam_passed_at = (SELECT max(closed_at) FROM quiz_sessions WHERE member_id = members.id AND mode = 'exam' AND passed = 1);
--> statement-breakpoint
INSERT INTO group_periods (unit_id, group_id, name, timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed) SELECT coalesce(unit_id, ''), id, coalesce(class_name, title, id), timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed FROM groups;
--> statement-breakpoint
CREATE TRIGGER groups_periods_insert AFTER INSERT ON groups BEGIN
  INSERT INTO group_periods (unit_id, group_id, name, timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed) VALUES (coalesce(NEW.unit_id, ''), NEW.id, coalesce(NEW.class_name, NEW.title, NEW.id), NEW.timezone, NEW.known_members, NEW.duty_members, NEW.app_installed, NEW.app_registered, NEW.app_warning, NEW.app_all_three, NEW.pledge_signed);
END;
--> statement-breakpoint
-- What group_periods copies of its group follows it; OLD.id too, should the id change (a Telegram migration) before the cascade reaches group_periods.
CREATE TRIGGER groups_periods_update AFTER UPDATE OF id, unit_id, class_name, title, timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed ON groups BEGIN
  UPDATE group_periods SET unit_id = coalesce(NEW.unit_id, ''), name = coalesce(NEW.class_name, NEW.title, NEW.id), timezone = NEW.timezone,
    known_members = NEW.known_members, duty_members = NEW.duty_members, app_installed = NEW.app_installed, app_registered = NEW.app_registered, app_warning = NEW.app_warning, app_all_three = NEW.app_all_three, pledge_signed = NEW.pledge_signed
  WHERE group_id IN (NEW.id, OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER group_days_periods_insert AFTER INSERT ON group_days BEGIN
  UPDATE group_periods SET
    today_tips = today_tips + (NEW.day >= today_from) * (NEW.tips),
    today_articles = today_articles + (NEW.day >= today_from) * (NEW.articles),
    today_acks = today_acks + (NEW.day >= today_from) * (NEW.acks),
    today_questions = today_questions + (NEW.day >= today_from) * (NEW.questions),
    today_answers = today_answers + (NEW.day >= today_from) * (NEW.answers),
    today_correct = today_correct + (NEW.day >= today_from) * (NEW.correct),
    today_exams_taken = today_exams_taken + (NEW.day >= today_from) * (NEW.exams_taken),
    today_exams_passed = today_exams_passed + (NEW.day >= today_from) * (NEW.exams_passed),
    today_triaged = today_triaged + (NEW.day >= today_from) * (NEW.triaged),
    d7_tips = d7_tips + (NEW.day >= d7_from) * (NEW.tips),
    d7_articles = d7_articles + (NEW.day >= d7_from) * (NEW.articles),
    d7_acks = d7_acks + (NEW.day >= d7_from) * (NEW.acks),
    d7_questions = d7_questions + (NEW.day >= d7_from) * (NEW.questions),
    d7_answers = d7_answers + (NEW.day >= d7_from) * (NEW.answers),
    d7_correct = d7_correct + (NEW.day >= d7_from) * (NEW.correct),
    d7_exams_taken = d7_exams_taken + (NEW.day >= d7_from) * (NEW.exams_taken),
    d7_exams_passed = d7_exams_passed + (NEW.day >= d7_from) * (NEW.exams_passed),
    d7_triaged = d7_triaged + (NEW.day >= d7_from) * (NEW.triaged),
    d30_tips = d30_tips + (NEW.day >= d30_from) * (NEW.tips),
    d30_articles = d30_articles + (NEW.day >= d30_from) * (NEW.articles),
    d30_acks = d30_acks + (NEW.day >= d30_from) * (NEW.acks),
    d30_questions = d30_questions + (NEW.day >= d30_from) * (NEW.questions),
    d30_answers = d30_answers + (NEW.day >= d30_from) * (NEW.answers),
    d30_correct = d30_correct + (NEW.day >= d30_from) * (NEW.correct),
    d30_exams_taken = d30_exams_taken + (NEW.day >= d30_from) * (NEW.exams_taken),
    d30_exams_passed = d30_exams_passed + (NEW.day >= d30_from) * (NEW.exams_passed),
    d30_triaged = d30_triaged + (NEW.day >= d30_from) * (NEW.triaged),
    term_tips = term_tips + (NEW.day >= term_from) * (NEW.tips),
    term_articles = term_articles + (NEW.day >= term_from) * (NEW.articles),
    term_acks = term_acks + (NEW.day >= term_from) * (NEW.acks),
    term_questions = term_questions + (NEW.day >= term_from) * (NEW.questions),
    term_answers = term_answers + (NEW.day >= term_from) * (NEW.answers),
    term_correct = term_correct + (NEW.day >= term_from) * (NEW.correct),
    term_exams_taken = term_exams_taken + (NEW.day >= term_from) * (NEW.exams_taken),
    term_exams_passed = term_exams_passed + (NEW.day >= term_from) * (NEW.exams_passed),
    term_triaged = term_triaged + (NEW.day >= term_from) * (NEW.triaged)
  WHERE group_id = NEW.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER group_days_periods_update AFTER UPDATE ON group_days BEGIN
  UPDATE group_periods SET
    today_tips = today_tips + (NEW.day >= today_from) * (NEW.tips - OLD.tips),
    today_articles = today_articles + (NEW.day >= today_from) * (NEW.articles - OLD.articles),
    today_acks = today_acks + (NEW.day >= today_from) * (NEW.acks - OLD.acks),
    today_questions = today_questions + (NEW.day >= today_from) * (NEW.questions - OLD.questions),
    today_answers = today_answers + (NEW.day >= today_from) * (NEW.answers - OLD.answers),
    today_correct = today_correct + (NEW.day >= today_from) * (NEW.correct - OLD.correct),
    today_exams_taken = today_exams_taken + (NEW.day >= today_from) * (NEW.exams_taken - OLD.exams_taken),
    today_exams_passed = today_exams_passed + (NEW.day >= today_from) * (NEW.exams_passed - OLD.exams_passed),
    today_triaged = today_triaged + (NEW.day >= today_from) * (NEW.triaged - OLD.triaged),
    d7_tips = d7_tips + (NEW.day >= d7_from) * (NEW.tips - OLD.tips),
    d7_articles = d7_articles + (NEW.day >= d7_from) * (NEW.articles - OLD.articles),
    d7_acks = d7_acks + (NEW.day >= d7_from) * (NEW.acks - OLD.acks),
    d7_questions = d7_questions + (NEW.day >= d7_from) * (NEW.questions - OLD.questions),
    d7_answers = d7_answers + (NEW.day >= d7_from) * (NEW.answers - OLD.answers),
    d7_correct = d7_correct + (NEW.day >= d7_from) * (NEW.correct - OLD.correct),
    d7_exams_taken = d7_exams_taken + (NEW.day >= d7_from) * (NEW.exams_taken - OLD.exams_taken),
    d7_exams_passed = d7_exams_passed + (NEW.day >= d7_from) * (NEW.exams_passed - OLD.exams_passed),
    d7_triaged = d7_triaged + (NEW.day >= d7_from) * (NEW.triaged - OLD.triaged),
    d30_tips = d30_tips + (NEW.day >= d30_from) * (NEW.tips - OLD.tips),
    d30_articles = d30_articles + (NEW.day >= d30_from) * (NEW.articles - OLD.articles),
    d30_acks = d30_acks + (NEW.day >= d30_from) * (NEW.acks - OLD.acks),
    d30_questions = d30_questions + (NEW.day >= d30_from) * (NEW.questions - OLD.questions),
    d30_answers = d30_answers + (NEW.day >= d30_from) * (NEW.answers - OLD.answers),
    d30_correct = d30_correct + (NEW.day >= d30_from) * (NEW.correct - OLD.correct),
    d30_exams_taken = d30_exams_taken + (NEW.day >= d30_from) * (NEW.exams_taken - OLD.exams_taken),
    d30_exams_passed = d30_exams_passed + (NEW.day >= d30_from) * (NEW.exams_passed - OLD.exams_passed),
    d30_triaged = d30_triaged + (NEW.day >= d30_from) * (NEW.triaged - OLD.triaged),
    term_tips = term_tips + (NEW.day >= term_from) * (NEW.tips - OLD.tips),
    term_articles = term_articles + (NEW.day >= term_from) * (NEW.articles - OLD.articles),
    term_acks = term_acks + (NEW.day >= term_from) * (NEW.acks - OLD.acks),
    term_questions = term_questions + (NEW.day >= term_from) * (NEW.questions - OLD.questions),
    term_answers = term_answers + (NEW.day >= term_from) * (NEW.answers - OLD.answers),
    term_correct = term_correct + (NEW.day >= term_from) * (NEW.correct - OLD.correct),
    term_exams_taken = term_exams_taken + (NEW.day >= term_from) * (NEW.exams_taken - OLD.exams_taken),
    term_exams_passed = term_exams_passed + (NEW.day >= term_from) * (NEW.exams_passed - OLD.exams_passed),
    term_triaged = term_triaged + (NEW.day >= term_from) * (NEW.triaged - OLD.triaged)
  WHERE group_id = NEW.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER group_days_periods_delete AFTER DELETE ON group_days BEGIN
  UPDATE group_periods SET
    today_tips = today_tips + (OLD.day >= today_from) * (-OLD.tips),
    today_articles = today_articles + (OLD.day >= today_from) * (-OLD.articles),
    today_acks = today_acks + (OLD.day >= today_from) * (-OLD.acks),
    today_questions = today_questions + (OLD.day >= today_from) * (-OLD.questions),
    today_answers = today_answers + (OLD.day >= today_from) * (-OLD.answers),
    today_correct = today_correct + (OLD.day >= today_from) * (-OLD.correct),
    today_exams_taken = today_exams_taken + (OLD.day >= today_from) * (-OLD.exams_taken),
    today_exams_passed = today_exams_passed + (OLD.day >= today_from) * (-OLD.exams_passed),
    today_triaged = today_triaged + (OLD.day >= today_from) * (-OLD.triaged),
    d7_tips = d7_tips + (OLD.day >= d7_from) * (-OLD.tips),
    d7_articles = d7_articles + (OLD.day >= d7_from) * (-OLD.articles),
    d7_acks = d7_acks + (OLD.day >= d7_from) * (-OLD.acks),
    d7_questions = d7_questions + (OLD.day >= d7_from) * (-OLD.questions),
    d7_answers = d7_answers + (OLD.day >= d7_from) * (-OLD.answers),
    d7_correct = d7_correct + (OLD.day >= d7_from) * (-OLD.correct),
    d7_exams_taken = d7_exams_taken + (OLD.day >= d7_from) * (-OLD.exams_taken),
    d7_exams_passed = d7_exams_passed + (OLD.day >= d7_from) * (-OLD.exams_passed),
    d7_triaged = d7_triaged + (OLD.day >= d7_from) * (-OLD.triaged),
    d30_tips = d30_tips + (OLD.day >= d30_from) * (-OLD.tips),
    d30_articles = d30_articles + (OLD.day >= d30_from) * (-OLD.articles),
    d30_acks = d30_acks + (OLD.day >= d30_from) * (-OLD.acks),
    d30_questions = d30_questions + (OLD.day >= d30_from) * (-OLD.questions),
    d30_answers = d30_answers + (OLD.day >= d30_from) * (-OLD.answers),
    d30_correct = d30_correct + (OLD.day >= d30_from) * (-OLD.correct),
    d30_exams_taken = d30_exams_taken + (OLD.day >= d30_from) * (-OLD.exams_taken),
    d30_exams_passed = d30_exams_passed + (OLD.day >= d30_from) * (-OLD.exams_passed),
    d30_triaged = d30_triaged + (OLD.day >= d30_from) * (-OLD.triaged),
    term_tips = term_tips + (OLD.day >= term_from) * (-OLD.tips),
    term_articles = term_articles + (OLD.day >= term_from) * (-OLD.articles),
    term_acks = term_acks + (OLD.day >= term_from) * (-OLD.acks),
    term_questions = term_questions + (OLD.day >= term_from) * (-OLD.questions),
    term_answers = term_answers + (OLD.day >= term_from) * (-OLD.answers),
    term_correct = term_correct + (OLD.day >= term_from) * (-OLD.correct),
    term_exams_taken = term_exams_taken + (OLD.day >= term_from) * (-OLD.exams_taken),
    term_exams_passed = term_exams_passed + (OLD.day >= term_from) * (-OLD.exams_passed),
    term_triaged = term_triaged + (OLD.day >= term_from) * (-OLD.triaged)
  WHERE group_id = OLD.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_insert AFTER INSERT ON deliveries
  WHEN NEW.status = 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks) VALUES (NEW.group_id, date(NEW.sent_at / 1000 + (SELECT utc_offset FROM groups WHERE id = NEW.group_id) * 60, 'unixepoch'), (NEW.kind = 'tip'), (NEW.kind = 'article'), NEW.ack_count)
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_sent AFTER UPDATE OF status ON deliveries
  WHEN NEW.status = 'sent' AND OLD.status <> 'sent' AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks) VALUES (NEW.group_id, date(NEW.sent_at / 1000 + (SELECT utc_offset FROM groups WHERE id = NEW.group_id) * 60, 'unixepoch'), (NEW.kind = 'tip'), (NEW.kind = 'article'), NEW.ack_count)
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_unsent AFTER UPDATE OF status ON deliveries
  WHEN OLD.status = 'sent' AND NEW.status <> 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks) VALUES (OLD.group_id, date(OLD.sent_at / 1000 + (SELECT utc_offset FROM groups WHERE id = OLD.group_id) * 60, 'unixepoch'), -(OLD.kind = 'tip'), -(OLD.kind = 'article'), -OLD.ack_count)
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_acks AFTER UPDATE OF ack_count ON deliveries
  WHEN OLD.status = 'sent' AND NEW.status = 'sent' AND NEW.ack_count <> OLD.ack_count AND NEW.sent_at IS NOT NULL AND NEW.kind IN ('tip', 'article') BEGIN
  INSERT INTO group_days (group_id, day, acks) VALUES (NEW.group_id, date(NEW.sent_at / 1000 + (SELECT utc_offset FROM groups WHERE id = NEW.group_id) * 60, 'unixepoch'), NEW.ack_count - OLD.ack_count)
    ON CONFLICT (group_id, day) DO UPDATE SET acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER deliveries_days_delete AFTER DELETE ON deliveries
  WHEN OLD.status = 'sent' AND OLD.sent_at IS NOT NULL AND OLD.kind IN ('tip', 'article') AND EXISTS (SELECT 1 FROM groups WHERE id = OLD.group_id) BEGIN
  INSERT INTO group_days (group_id, day, tips, articles, acks) VALUES (OLD.group_id, date(OLD.sent_at / 1000 + (SELECT utc_offset FROM groups WHERE id = OLD.group_id) * 60, 'unixepoch'), -(OLD.kind = 'tip'), -(OLD.kind = 'article'), -OLD.ack_count)
    ON CONFLICT (group_id, day) DO UPDATE SET tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_insert AFTER INSERT ON quiz_sessions WHEN NEW.mode = 'group' AND NEW.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct) VALUES (NEW.group_id, date(NEW.started_at / 1000 + (SELECT utc_offset FROM groups WHERE id = NEW.group_id) * 60, 'unixepoch'), 1, NEW.answer_count, NEW.correct_count)
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_counts AFTER UPDATE OF answer_count, correct_count ON quiz_sessions WHEN NEW.mode = 'group' AND NEW.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, answers, correct) VALUES (NEW.group_id, date(NEW.started_at / 1000 + (SELECT utc_offset FROM groups WHERE id = NEW.group_id) * 60, 'unixepoch'), NEW.answer_count - OLD.answer_count, NEW.correct_count - OLD.correct_count)
    ON CONFLICT (group_id, day) DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_days_delete AFTER DELETE ON quiz_sessions WHEN OLD.mode = 'group' AND OLD.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM groups WHERE id = OLD.group_id) BEGIN
  INSERT INTO group_days (group_id, day, questions, answers, correct) VALUES (OLD.group_id, date(OLD.started_at / 1000 + (SELECT utc_offset FROM groups WHERE id = OLD.group_id) * 60, 'unixepoch'), -1, -OLD.answer_count, -OLD.correct_count)
    ON CONFLICT (group_id, day) DO UPDATE SET questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_exam_insert AFTER INSERT ON quiz_sessions
  WHEN NEW.mode = 'exam' AND NEW.closed_at IS NOT NULL AND NEW.member_id IS NOT NULL BEGIN
  UPDATE members SET exam_at = max(coalesce(exam_at, 0), NEW.closed_at),
    exam_passed_at = CASE WHEN NEW.passed = 1 THEN max(coalesce(exam_passed_at, 0), NEW.closed_at) ELSE exam_passed_at END
  WHERE id = NEW.member_id;
END;
--> statement-breakpoint
CREATE TRIGGER quiz_sessions_exam_close AFTER UPDATE OF closed_at, passed ON quiz_sessions
  WHEN NEW.mode = 'exam' AND NEW.closed_at IS NOT NULL AND NEW.member_id IS NOT NULL BEGIN
  UPDATE members SET exam_at = max(coalesce(exam_at, 0), NEW.closed_at),
    exam_passed_at = CASE WHEN NEW.passed = 1 THEN max(coalesce(exam_passed_at, 0), NEW.closed_at) ELSE exam_passed_at END
  WHERE id = NEW.member_id;
END;
--> statement-breakpoint
CREATE TRIGGER members_days_exams_taken AFTER UPDATE OF exam_at ON members WHEN NEW.exam_at IS NOT OLD.exam_at BEGIN
  INSERT INTO group_days (group_id, day, exams_taken) SELECT gm.group_id, date(OLD.exam_at / 1000 + g.utc_offset * 60, 'unixepoch'), -1 FROM group_members gm JOIN groups g ON g.id = gm.group_id
    WHERE gm.member_id = NEW.id AND gm.active = 1 AND OLD.exam_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
  INSERT INTO group_days (group_id, day, exams_taken) SELECT gm.group_id, date(NEW.exam_at / 1000 + g.utc_offset * 60, 'unixepoch'), 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id
    WHERE gm.member_id = NEW.id AND gm.active = 1 AND NEW.exam_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
END;
--> statement-breakpoint
CREATE TRIGGER members_days_exams_passed AFTER UPDATE OF exam_passed_at ON members WHEN NEW.exam_passed_at IS NOT OLD.exam_passed_at BEGIN
  INSERT INTO group_days (group_id, day, exams_passed) SELECT gm.group_id, date(OLD.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch'), -1 FROM group_members gm JOIN groups g ON g.id = gm.group_id
    WHERE gm.member_id = NEW.id AND gm.active = 1 AND OLD.exam_passed_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
  INSERT INTO group_days (group_id, day, exams_passed) SELECT gm.group_id, date(NEW.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch'), 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id
    WHERE gm.member_id = NEW.id AND gm.active = 1 AND NEW.exam_passed_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_days_insert AFTER INSERT ON group_members WHEN NEW.active = 1 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken) SELECT NEW.group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch'), 1 FROM members m JOIN groups g ON g.id = NEW.group_id
    WHERE m.id = NEW.member_id AND m.exam_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
  INSERT INTO group_days (group_id, day, exams_passed) SELECT NEW.group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch'), 1 FROM members m JOIN groups g ON g.id = NEW.group_id
    WHERE m.id = NEW.member_id AND m.exam_passed_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_days_update AFTER UPDATE OF active ON group_members WHEN NEW.active <> OLD.active BEGIN
  INSERT INTO group_days (group_id, day, exams_taken) SELECT NEW.group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch'), (CASE WHEN NEW.active = 1 THEN 1 ELSE -1 END) FROM members m JOIN groups g ON g.id = NEW.group_id
    WHERE m.id = NEW.member_id AND m.exam_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
  INSERT INTO group_days (group_id, day, exams_passed) SELECT NEW.group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch'), (CASE WHEN NEW.active = 1 THEN 1 ELSE -1 END) FROM members m JOIN groups g ON g.id = NEW.group_id
    WHERE m.id = NEW.member_id AND m.exam_passed_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER group_members_days_delete AFTER DELETE ON group_members WHEN OLD.active = 1 BEGIN
  INSERT INTO group_days (group_id, day, exams_taken) SELECT OLD.group_id, date(m.exam_at / 1000 + g.utc_offset * 60, 'unixepoch'), -1 FROM members m JOIN groups g ON g.id = OLD.group_id
    WHERE m.id = OLD.member_id AND m.exam_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_taken = exams_taken + excluded.exams_taken;
  INSERT INTO group_days (group_id, day, exams_passed) SELECT OLD.group_id, date(m.exam_passed_at / 1000 + g.utc_offset * 60, 'unixepoch'), -1 FROM members m JOIN groups g ON g.id = OLD.group_id
    WHERE m.id = OLD.member_id AND m.exam_passed_at IS NOT NULL
    ON CONFLICT (group_id, day) DO UPDATE SET exams_passed = exams_passed + excluded.exams_passed;
END;
--> statement-breakpoint
CREATE TRIGGER triage_reports_days_insert AFTER INSERT ON triage_reports WHEN NEW.group_id IS NOT NULL BEGIN
  INSERT INTO group_days (group_id, day, triaged) VALUES (NEW.group_id, date(NEW.at / 1000 + (SELECT utc_offset FROM groups WHERE id = NEW.group_id) * 60, 'unixepoch'), 1)
    ON CONFLICT (group_id, day) DO UPDATE SET triaged = triaged + excluded.triaged;
  INSERT INTO triage_days (unit_id, timezone, day, group_id, type_id, count)
    SELECT coalesce(g.unit_id, ''), g.timezone, date(NEW.at / 1000 + g.utc_offset * 60, 'unixepoch'), NEW.group_id, coalesce(NEW.type_id, ''), 1 FROM groups g WHERE g.id = NEW.group_id
    ON CONFLICT (unit_id, timezone, day, group_id, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER triage_reports_days_delete AFTER DELETE ON triage_reports WHEN OLD.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM groups WHERE id = OLD.group_id) BEGIN
  INSERT INTO group_days (group_id, day, triaged) VALUES (OLD.group_id, date(OLD.at / 1000 + (SELECT utc_offset FROM groups WHERE id = OLD.group_id) * 60, 'unixepoch'), -1)
    ON CONFLICT (group_id, day) DO UPDATE SET triaged = triaged + excluded.triaged;
  INSERT INTO triage_days (unit_id, timezone, day, group_id, type_id, count)
    SELECT coalesce(g.unit_id, ''), g.timezone, date(OLD.at / 1000 + g.utc_offset * 60, 'unixepoch'), OLD.group_id, coalesce(OLD.type_id, ''), -1 FROM groups g WHERE g.id = OLD.group_id
    ON CONFLICT (unit_id, timezone, day, group_id, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
-- A group's triaged messages follow it to another unit or zone (ReportDays files their days again on a new zone).
CREATE TRIGGER groups_triage_days_update AFTER UPDATE OF unit_id, timezone ON groups BEGIN
  UPDATE triage_days SET unit_id = coalesce(NEW.unit_id, ''), timezone = NEW.timezone WHERE group_id = NEW.id;
END;
--> statement-breakpoint
-- The 无诈班级 board's order per period (ReportQueries): a unit's best classes are the first entries of its range.
CREATE INDEX group_periods_board_today ON group_periods (unit_id, coalesce((today_acks * 1.0 / nullif((today_tips + today_articles) * known_members, 0)), -1) DESC, coalesce((today_correct * 1.0 / nullif(today_answers, 0)), -1) DESC, name, group_id);
--> statement-breakpoint
CREATE INDEX group_periods_board_d7 ON group_periods (unit_id, coalesce((d7_acks * 1.0 / nullif((d7_tips + d7_articles) * known_members, 0)), -1) DESC, coalesce((d7_correct * 1.0 / nullif(d7_answers, 0)), -1) DESC, name, group_id);
--> statement-breakpoint
CREATE INDEX group_periods_board_d30 ON group_periods (unit_id, coalesce((d30_acks * 1.0 / nullif((d30_tips + d30_articles) * known_members, 0)), -1) DESC, coalesce((d30_correct * 1.0 / nullif(d30_answers, 0)), -1) DESC, name, group_id);
--> statement-breakpoint
CREATE INDEX group_periods_board_term ON group_periods (unit_id, coalesce((term_acks * 1.0 / nullif((term_tips + term_articles) * known_members, 0)), -1) DESC, coalesce((term_correct * 1.0 / nullif(term_answers, 0)), -1) DESC, name, group_id);
