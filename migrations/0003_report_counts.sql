DROP INDEX `group_members_member`;--> statement-breakpoint
CREATE INDEX `group_members_member` ON `group_members` (`member_id`,`active`,`group_id`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `ack_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_report` ON `deliveries` (`group_id`,`sent_at`,`kind`,`ack_count`) WHERE status = 'sent';--> statement-breakpoint
CREATE INDEX `deliveries_period` ON `deliveries` (`sent_at`,`group_id`,`kind`,`ack_count`) WHERE status = 'sent';--> statement-breakpoint
ALTER TABLE `groups` ADD `known_members` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `groups_unit` ON `groups` (`unit_id`);--> statement-breakpoint
ALTER TABLE `quiz_sessions` ADD `answer_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `quiz_sessions` ADD `correct_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `quiz_sessions_closed` ON `quiz_sessions` (`mode`,`closed_at`,`member_id`,`passed`);--> statement-breakpoint
CREATE INDEX `quiz_sessions_period` ON `quiz_sessions` (`started_at`,`group_id`,`answer_count`,`correct_count`) WHERE mode = 'group';--> statement-breakpoint
CREATE INDEX `units_parent` ON `units` (`parent_id`);--> statement-breakpoint
-- Counters for reports, kept by triggers so that every write path keeps them right.
-- deliveries.ack_count: acknowledgements by members active in the delivery's group (known members).
-- groups.known_members: active roster rows.
UPDATE `deliveries` SET `ack_count` = (
  SELECT count(*) FROM `acknowledgements` a JOIN `group_members` gm ON gm.`member_id` = a.`member_id` AND gm.`group_id` = `deliveries`.`group_id` AND gm.`active` = 1
  WHERE a.`delivery_id` = `deliveries`.`id`);--> statement-breakpoint
UPDATE `groups` SET `known_members` = (SELECT count(*) FROM `group_members` WHERE `group_id` = `groups`.`id` AND `active` = 1);--> statement-breakpoint
CREATE TRIGGER `acknowledgements_count_insert` AFTER INSERT ON `acknowledgements` BEGIN
  UPDATE `deliveries` SET `ack_count` = `ack_count` + 1 WHERE `id` = NEW.`delivery_id`
    AND EXISTS (SELECT 1 FROM `group_members` WHERE `group_id` = `deliveries`.`group_id` AND `member_id` = NEW.`member_id` AND `active` = 1);
END;--> statement-breakpoint
CREATE TRIGGER `acknowledgements_count_delete` AFTER DELETE ON `acknowledgements` BEGIN
  UPDATE `deliveries` SET `ack_count` = `ack_count` - 1 WHERE `id` = OLD.`delivery_id`
    AND EXISTS (SELECT 1 FROM `group_members` WHERE `group_id` = `deliveries`.`group_id` AND `member_id` = OLD.`member_id` AND `active` = 1);
END;--> statement-breakpoint
CREATE TRIGGER `group_members_known_insert` AFTER INSERT ON `group_members` WHEN NEW.`active` = 1 BEGIN
  UPDATE `groups` SET `known_members` = `known_members` + 1 WHERE `id` = NEW.`group_id`;
  UPDATE `deliveries` SET `ack_count` = `ack_count` + 1 WHERE `group_id` = NEW.`group_id`
    AND `id` IN (SELECT `delivery_id` FROM `acknowledgements` WHERE `member_id` = NEW.`member_id`);
END;--> statement-breakpoint
CREATE TRIGGER `group_members_known_update` AFTER UPDATE OF `active` ON `group_members` WHEN NEW.`active` <> OLD.`active` BEGIN
  UPDATE `groups` SET `known_members` = `known_members` + (CASE WHEN NEW.`active` = 1 THEN 1 ELSE -1 END) WHERE `id` = NEW.`group_id`;
  UPDATE `deliveries` SET `ack_count` = `ack_count` + (CASE WHEN NEW.`active` = 1 THEN 1 ELSE -1 END) WHERE `group_id` = NEW.`group_id`
    AND `id` IN (SELECT `delivery_id` FROM `acknowledgements` WHERE `member_id` = NEW.`member_id`);
END;--> statement-breakpoint
CREATE TRIGGER `group_members_known_delete` AFTER DELETE ON `group_members` WHEN OLD.`active` = 1 BEGIN
  UPDATE `groups` SET `known_members` = `known_members` - 1 WHERE `id` = OLD.`group_id`;
  UPDATE `deliveries` SET `ack_count` = `ack_count` - 1 WHERE `group_id` = OLD.`group_id`
    AND `id` IN (SELECT `delivery_id` FROM `acknowledgements` WHERE `member_id` = OLD.`member_id`);
END;--> statement-breakpoint
UPDATE `quiz_sessions` SET
  `answer_count` = (SELECT count(*) FROM `quiz_answers` WHERE `session_id` = `quiz_sessions`.`id`),
  `correct_count` = (SELECT count(*) FROM `quiz_answers` WHERE `session_id` = `quiz_sessions`.`id` AND `correct` = 1);--> statement-breakpoint
CREATE TRIGGER `quiz_answers_count_insert` AFTER INSERT ON `quiz_answers` BEGIN
  UPDATE `quiz_sessions` SET `answer_count` = `answer_count` + 1, `correct_count` = `correct_count` + NEW.`correct` WHERE `id` = NEW.`session_id`;
END;--> statement-breakpoint
CREATE TRIGGER `quiz_answers_count_delete` AFTER DELETE ON `quiz_answers` BEGIN
  UPDATE `quiz_sessions` SET `answer_count` = `answer_count` - 1, `correct_count` = `correct_count` - OLD.`correct` WHERE `id` = OLD.`session_id`;
END;
