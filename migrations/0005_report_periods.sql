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
	`period` text NOT NULL,
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
	`from_day` text DEFAULT '' NOT NULL,
	`tips` integer DEFAULT 0 NOT NULL,
	`articles` integer DEFAULT 0 NOT NULL,
	`acks` integer DEFAULT 0 NOT NULL,
	`questions` integer DEFAULT 0 NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	`correct` integer DEFAULT 0 NOT NULL,
	`exams_taken` integer DEFAULT 0 NOT NULL,
	`exams_passed` integer DEFAULT 0 NOT NULL,
	`triaged` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `period`, `group_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `group_periods_group` ON `group_periods` (`group_id`,`period`);--> statement-breakpoint
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
CREATE TABLE `unit_periods` (
	`unit_id` text NOT NULL,
	`period` text NOT NULL,
	`timezone` text NOT NULL,
	`classes` integer DEFAULT 0 NOT NULL,
	`known_members` integer DEFAULT 0 NOT NULL,
	`duty_members` integer DEFAULT 0 NOT NULL,
	`app_installed` integer DEFAULT 0 NOT NULL,
	`app_registered` integer DEFAULT 0 NOT NULL,
	`app_warning` integer DEFAULT 0 NOT NULL,
	`app_all_three` integer DEFAULT 0 NOT NULL,
	`pledge_signed` integer DEFAULT 0 NOT NULL,
	`tips` integer DEFAULT 0 NOT NULL,
	`articles` integer DEFAULT 0 NOT NULL,
	`acks` integer DEFAULT 0 NOT NULL,
	`questions` integer DEFAULT 0 NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	`correct` integer DEFAULT 0 NOT NULL,
	`exams_taken` integer DEFAULT 0 NOT NULL,
	`exams_passed` integer DEFAULT 0 NOT NULL,
	`triaged` integer DEFAULT 0 NOT NULL,
	`weighted_acks` real DEFAULT 0 NOT NULL,
	`weighted_answers` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `period`, `timezone`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `unit_triage_days` (
	`unit_id` text NOT NULL,
	`timezone` text NOT NULL,
	`day` text NOT NULL,
	`type_id` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `timezone`, `day`, `type_id`)
) WITHOUT ROWID;
--> statement-breakpoint
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
-- group_periods (a row per class and period) also copies what a report needs of its group, so that a report reads it alone.
-- Deletes cascading from a deleted group have nothing left to maintain (the EXISTS guards).
-- Entrance tests: each member's latest finished and latest passed one, before the triggers exist.
UPDATE members SET
  exam_at = (SELECT max(closed_at) FROM quiz_sessions WHERE member_id = members.id AND mode = 'exam'),
  exam_passed_at = (SELECT max(closed_at) FROM quiz_sessions WHERE member_id = members.id AND mode = 'exam' AND passed = 1);
--> statement-breakpoint
INSERT INTO group_periods (unit_id, period, group_id, name, timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed) SELECT coalesce(groups.unit_id, ''), periods.period, groups.id, coalesce(groups.class_name, groups.title, groups.id), groups.timezone, groups.known_members, groups.duty_members, groups.app_installed, groups.app_registered, groups.app_warning, groups.app_all_three, groups.pledge_signed FROM groups, (SELECT 'today' AS period UNION ALL SELECT '7d' UNION ALL SELECT '30d' UNION ALL SELECT 'term') periods;
--> statement-breakpoint
CREATE TRIGGER groups_periods_insert AFTER INSERT ON groups BEGIN
  INSERT INTO group_periods (unit_id, period, group_id, name, timezone, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed) SELECT coalesce(NEW.unit_id, ''), periods.period, NEW.id, coalesce(NEW.class_name, NEW.title, NEW.id), NEW.timezone, NEW.known_members, NEW.duty_members, NEW.app_installed, NEW.app_registered, NEW.app_warning, NEW.app_all_three, NEW.pledge_signed FROM (SELECT 'today' AS period UNION ALL SELECT '7d' UNION ALL SELECT '30d' UNION ALL SELECT 'term') periods;
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
    tips = tips + (NEW.day >= from_day) * (NEW.tips),
    articles = articles + (NEW.day >= from_day) * (NEW.articles),
    acks = acks + (NEW.day >= from_day) * (NEW.acks),
    questions = questions + (NEW.day >= from_day) * (NEW.questions),
    answers = answers + (NEW.day >= from_day) * (NEW.answers),
    correct = correct + (NEW.day >= from_day) * (NEW.correct),
    exams_taken = exams_taken + (NEW.day >= from_day) * (NEW.exams_taken),
    exams_passed = exams_passed + (NEW.day >= from_day) * (NEW.exams_passed),
    triaged = triaged + (NEW.day >= from_day) * (NEW.triaged)
  WHERE group_id = NEW.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER group_days_periods_update AFTER UPDATE ON group_days BEGIN
  UPDATE group_periods SET
    tips = tips + (NEW.day >= from_day) * (NEW.tips - OLD.tips),
    articles = articles + (NEW.day >= from_day) * (NEW.articles - OLD.articles),
    acks = acks + (NEW.day >= from_day) * (NEW.acks - OLD.acks),
    questions = questions + (NEW.day >= from_day) * (NEW.questions - OLD.questions),
    answers = answers + (NEW.day >= from_day) * (NEW.answers - OLD.answers),
    correct = correct + (NEW.day >= from_day) * (NEW.correct - OLD.correct),
    exams_taken = exams_taken + (NEW.day >= from_day) * (NEW.exams_taken - OLD.exams_taken),
    exams_passed = exams_passed + (NEW.day >= from_day) * (NEW.exams_passed - OLD.exams_passed),
    triaged = triaged + (NEW.day >= from_day) * (NEW.triaged - OLD.triaged)
  WHERE group_id = NEW.group_id;
END;
--> statement-breakpoint
CREATE TRIGGER group_days_periods_delete AFTER DELETE ON group_days BEGIN
  UPDATE group_periods SET
    tips = tips + (OLD.day >= from_day) * (-OLD.tips),
    articles = articles + (OLD.day >= from_day) * (-OLD.articles),
    acks = acks + (OLD.day >= from_day) * (-OLD.acks),
    questions = questions + (OLD.day >= from_day) * (-OLD.questions),
    answers = answers + (OLD.day >= from_day) * (-OLD.answers),
    correct = correct + (OLD.day >= from_day) * (-OLD.correct),
    exams_taken = exams_taken + (OLD.day >= from_day) * (-OLD.exams_taken),
    exams_passed = exams_passed + (OLD.day >= from_day) * (-OLD.exams_passed),
    triaged = triaged + (OLD.day >= from_day) * (-OLD.triaged)
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
-- The 无诈班级 board's order (ReportQueries): a unit's best classes over a period are the first entries of its range.
CREATE INDEX group_periods_board ON group_periods (unit_id, period, coalesce((acks * 1.0 / nullif((tips + articles) * known_members, 0)), -1) DESC, coalesce((correct * 1.0 / nullif(answers, 0)), -1) DESC, name, group_id);
--> statement-breakpoint
INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
  SELECT unit_id, period, timezone, count(*), sum(known_members), sum(duty_members), sum(app_installed), sum(app_registered), sum(app_warning), sum(app_all_three), sum(pledge_signed), sum(tips), sum(articles), sum(acks), sum(questions), sum(answers), sum(correct), sum(exams_taken), sum(exams_passed), sum(triaged), 0, 0 FROM group_periods GROUP BY unit_id, period, timezone;
--> statement-breakpoint
-- A unit's classes summed, per period and zone, and its triaged messages by type: kept from group_periods and triage_days.
CREATE TRIGGER group_periods_units_insert AFTER INSERT ON group_periods BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    VALUES (NEW.unit_id, NEW.period, NEW.timezone, 1, NEW.known_members, NEW.duty_members, NEW.app_installed, NEW.app_registered, NEW.app_warning, NEW.app_all_three, NEW.pledge_signed, NEW.tips, NEW.articles, NEW.acks, NEW.questions, NEW.answers, NEW.correct, NEW.exams_taken, NEW.exams_passed, NEW.triaged, (CASE WHEN NEW.tips + NEW.articles > 0 AND NEW.known_members > 0 THEN NEW.acks * 1.0 / NEW.known_members ELSE 0 END), (CASE WHEN NEW.questions > 0 AND NEW.known_members > 0 THEN NEW.answers * 1.0 / NEW.known_members ELSE 0 END))
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_update AFTER UPDATE ON group_periods
  WHEN NEW.unit_id = OLD.unit_id AND NEW.period = OLD.period AND NEW.timezone = OLD.timezone BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    VALUES (NEW.unit_id, NEW.period, NEW.timezone, 0, NEW.known_members - OLD.known_members, NEW.duty_members - OLD.duty_members, NEW.app_installed - OLD.app_installed, NEW.app_registered - OLD.app_registered, NEW.app_warning - OLD.app_warning, NEW.app_all_three - OLD.app_all_three, NEW.pledge_signed - OLD.pledge_signed, NEW.tips - OLD.tips, NEW.articles - OLD.articles, NEW.acks - OLD.acks, NEW.questions - OLD.questions, NEW.answers - OLD.answers, NEW.correct - OLD.correct, NEW.exams_taken - OLD.exams_taken, NEW.exams_passed - OLD.exams_passed, NEW.triaged - OLD.triaged, (CASE WHEN NEW.tips + NEW.articles > 0 AND NEW.known_members > 0 THEN NEW.acks * 1.0 / NEW.known_members ELSE 0 END) - (CASE WHEN OLD.tips + OLD.articles > 0 AND OLD.known_members > 0 THEN OLD.acks * 1.0 / OLD.known_members ELSE 0 END), (CASE WHEN NEW.questions > 0 AND NEW.known_members > 0 THEN NEW.answers * 1.0 / NEW.known_members ELSE 0 END) - (CASE WHEN OLD.questions > 0 AND OLD.known_members > 0 THEN OLD.answers * 1.0 / OLD.known_members ELSE 0 END))
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_move AFTER UPDATE ON group_periods
  WHEN NEW.unit_id <> OLD.unit_id OR NEW.period <> OLD.period OR NEW.timezone <> OLD.timezone BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    VALUES (OLD.unit_id, OLD.period, OLD.timezone, -1, -OLD.known_members, -OLD.duty_members, -OLD.app_installed, -OLD.app_registered, -OLD.app_warning, -OLD.app_all_three, -OLD.pledge_signed, -OLD.tips, -OLD.articles, -OLD.acks, -OLD.questions, -OLD.answers, -OLD.correct, -OLD.exams_taken, -OLD.exams_passed, -OLD.triaged, -(CASE WHEN OLD.tips + OLD.articles > 0 AND OLD.known_members > 0 THEN OLD.acks * 1.0 / OLD.known_members ELSE 0 END), -(CASE WHEN OLD.questions > 0 AND OLD.known_members > 0 THEN OLD.answers * 1.0 / OLD.known_members ELSE 0 END))
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    VALUES (NEW.unit_id, NEW.period, NEW.timezone, 1, NEW.known_members, NEW.duty_members, NEW.app_installed, NEW.app_registered, NEW.app_warning, NEW.app_all_three, NEW.pledge_signed, NEW.tips, NEW.articles, NEW.acks, NEW.questions, NEW.answers, NEW.correct, NEW.exams_taken, NEW.exams_passed, NEW.triaged, (CASE WHEN NEW.tips + NEW.articles > 0 AND NEW.known_members > 0 THEN NEW.acks * 1.0 / NEW.known_members ELSE 0 END), (CASE WHEN NEW.questions > 0 AND NEW.known_members > 0 THEN NEW.answers * 1.0 / NEW.known_members ELSE 0 END))
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER group_periods_units_delete AFTER DELETE ON group_periods BEGIN
  INSERT INTO unit_periods (unit_id, period, timezone, classes, known_members, duty_members, app_installed, app_registered, app_warning, app_all_three, pledge_signed, tips, articles, acks, questions, answers, correct, exams_taken, exams_passed, triaged, weighted_acks, weighted_answers)
    VALUES (OLD.unit_id, OLD.period, OLD.timezone, -1, -OLD.known_members, -OLD.duty_members, -OLD.app_installed, -OLD.app_registered, -OLD.app_warning, -OLD.app_all_three, -OLD.pledge_signed, -OLD.tips, -OLD.articles, -OLD.acks, -OLD.questions, -OLD.answers, -OLD.correct, -OLD.exams_taken, -OLD.exams_passed, -OLD.triaged, -(CASE WHEN OLD.tips + OLD.articles > 0 AND OLD.known_members > 0 THEN OLD.acks * 1.0 / OLD.known_members ELSE 0 END), -(CASE WHEN OLD.questions > 0 AND OLD.known_members > 0 THEN OLD.answers * 1.0 / OLD.known_members ELSE 0 END))
    ON CONFLICT (unit_id, period, timezone) DO UPDATE SET classes = classes + excluded.classes, known_members = known_members + excluded.known_members, duty_members = duty_members + excluded.duty_members, app_installed = app_installed + excluded.app_installed, app_registered = app_registered + excluded.app_registered, app_warning = app_warning + excluded.app_warning, app_all_three = app_all_three + excluded.app_all_three, pledge_signed = pledge_signed + excluded.pledge_signed, tips = tips + excluded.tips, articles = articles + excluded.articles, acks = acks + excluded.acks, questions = questions + excluded.questions, answers = answers + excluded.answers, correct = correct + excluded.correct, exams_taken = exams_taken + excluded.exams_taken, exams_passed = exams_passed + excluded.exams_passed, triaged = triaged + excluded.triaged, weighted_acks = weighted_acks + excluded.weighted_acks, weighted_answers = weighted_answers + excluded.weighted_answers;
END;
--> statement-breakpoint
CREATE TRIGGER triage_days_units_insert AFTER INSERT ON triage_days BEGIN
  INSERT INTO unit_triage_days (unit_id, timezone, day, type_id, count) VALUES (NEW.unit_id, NEW.timezone, NEW.day, NEW.type_id, NEW.count)
    ON CONFLICT (unit_id, timezone, day, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER triage_days_units_update AFTER UPDATE ON triage_days BEGIN
  INSERT INTO unit_triage_days (unit_id, timezone, day, type_id, count) VALUES (OLD.unit_id, OLD.timezone, OLD.day, OLD.type_id, -OLD.count)
    ON CONFLICT (unit_id, timezone, day, type_id) DO UPDATE SET count = count + excluded.count;
  INSERT INTO unit_triage_days (unit_id, timezone, day, type_id, count) VALUES (NEW.unit_id, NEW.timezone, NEW.day, NEW.type_id, NEW.count)
    ON CONFLICT (unit_id, timezone, day, type_id) DO UPDATE SET count = count + excluded.count;
END;
--> statement-breakpoint
CREATE TRIGGER triage_days_units_delete AFTER DELETE ON triage_days BEGIN
  INSERT INTO unit_triage_days (unit_id, timezone, day, type_id, count) VALUES (OLD.unit_id, OLD.timezone, OLD.day, OLD.type_id, -OLD.count)
    ON CONFLICT (unit_id, timezone, day, type_id) DO UPDATE SET count = count + excluded.count;
END;
