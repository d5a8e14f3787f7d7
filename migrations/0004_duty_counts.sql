ALTER TABLE `groups` ADD `duty_members` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `app_installed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `app_registered` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `app_warning` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `app_all_three` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `pledge_signed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `app_progress_installed` ON `app_progress` (`installed_at`);--> statement-breakpoint
CREATE INDEX `app_progress_registered` ON `app_progress` (`registered_at`);--> statement-breakpoint
CREATE INDEX `app_progress_warning` ON `app_progress` (`warning_at`);--> statement-breakpoint
CREATE INDEX `deliveries_alerts` ON `deliveries` (`sent_at`,`group_id`,`ack_count`) WHERE kind = 'alert' and status = 'sent';--> statement-breakpoint
CREATE INDEX `group_members_advisors` ON `group_members` (`group_id`,`member_id`) WHERE active = 1 and is_admin = 1;--> statement-breakpoint
CREATE INDEX `pledge_signatures_at` ON `pledge_signatures` (`at`);--> statement-breakpoint
-- The duties' counters on groups, kept by triggers so that every write path keeps them right.
-- A member counts in a group when their roster row is active and not an advisor's (is_admin = 0).
UPDATE `groups` SET
  `duty_members` = (SELECT count(*) FROM `group_members` gm WHERE gm.`group_id` = `groups`.`id` AND gm.`active` = 1 AND gm.`is_admin` = 0),
  `app_installed` = (SELECT count(*) FROM `group_members` gm JOIN `app_progress` ap ON ap.`member_id` = gm.`member_id`
    WHERE gm.`group_id` = `groups`.`id` AND gm.`active` = 1 AND gm.`is_admin` = 0 AND ap.`installed_at` IS NOT NULL),
  `app_registered` = (SELECT count(*) FROM `group_members` gm JOIN `app_progress` ap ON ap.`member_id` = gm.`member_id`
    WHERE gm.`group_id` = `groups`.`id` AND gm.`active` = 1 AND gm.`is_admin` = 0 AND ap.`registered_at` IS NOT NULL),
  `app_warning` = (SELECT count(*) FROM `group_members` gm JOIN `app_progress` ap ON ap.`member_id` = gm.`member_id`
    WHERE gm.`group_id` = `groups`.`id` AND gm.`active` = 1 AND gm.`is_admin` = 0 AND ap.`warning_at` IS NOT NULL),
  `app_all_three` = (SELECT count(*) FROM `group_members` gm JOIN `app_progress` ap ON ap.`member_id` = gm.`member_id`
    WHERE gm.`group_id` = `groups`.`id` AND gm.`active` = 1 AND gm.`is_admin` = 0
      AND ap.`installed_at` IS NOT NULL AND ap.`registered_at` IS NOT NULL AND ap.`warning_at` IS NOT NULL),
  `pledge_signed` = (SELECT count(*) FROM `group_members` gm WHERE gm.`group_id` = `groups`.`id` AND gm.`active` = 1 AND gm.`is_admin` = 0
    AND EXISTS (SELECT 1 FROM `pledges` p JOIN `pledge_signatures` s ON s.`pledge_id` = p.`id` WHERE p.`group_id` = gm.`group_id` AND s.`member_id` = gm.`member_id`));--> statement-breakpoint
CREATE TRIGGER `group_members_duty_insert` AFTER INSERT ON `group_members` WHEN NEW.`active` = 1 AND NEW.`is_admin` = 0 BEGIN
  UPDATE `groups` SET `duty_members` = `duty_members` + 1,
    `app_installed` = `app_installed` + coalesce((SELECT `installed_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `app_registered` = `app_registered` + coalesce((SELECT `registered_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `app_warning` = `app_warning` + coalesce((SELECT `warning_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `app_all_three` = `app_all_three` + coalesce((SELECT `installed_at` IS NOT NULL AND `registered_at` IS NOT NULL AND `warning_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `pledge_signed` = `pledge_signed` + EXISTS (SELECT 1 FROM `pledges` p JOIN `pledge_signatures` s ON s.`pledge_id` = p.`id` WHERE p.`group_id` = NEW.`group_id` AND s.`member_id` = NEW.`member_id`)
  WHERE `id` = NEW.`group_id`;
END;--> statement-breakpoint
CREATE TRIGGER `group_members_duty_delete` AFTER DELETE ON `group_members` WHEN OLD.`active` = 1 AND OLD.`is_admin` = 0 BEGIN
  UPDATE `groups` SET `duty_members` = `duty_members` - 1,
    `app_installed` = `app_installed` - coalesce((SELECT `installed_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = OLD.`member_id`), 0),
    `app_registered` = `app_registered` - coalesce((SELECT `registered_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = OLD.`member_id`), 0),
    `app_warning` = `app_warning` - coalesce((SELECT `warning_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = OLD.`member_id`), 0),
    `app_all_three` = `app_all_three` - coalesce((SELECT `installed_at` IS NOT NULL AND `registered_at` IS NOT NULL AND `warning_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = OLD.`member_id`), 0),
    `pledge_signed` = `pledge_signed` - EXISTS (SELECT 1 FROM `pledges` p JOIN `pledge_signatures` s ON s.`pledge_id` = p.`id` WHERE p.`group_id` = OLD.`group_id` AND s.`member_id` = OLD.`member_id`)
  WHERE `id` = OLD.`group_id`;
END;--> statement-breakpoint
CREATE TRIGGER `group_members_duty_update` AFTER UPDATE OF `active`, `is_admin` ON `group_members`
  WHEN (NEW.`active` = 1 AND NEW.`is_admin` = 0) <> (OLD.`active` = 1 AND OLD.`is_admin` = 0) BEGIN
  UPDATE `groups` SET `duty_members` = `duty_members` + (CASE WHEN NEW.`active` = 1 AND NEW.`is_admin` = 0 THEN 1 ELSE -1 END),
    `app_installed` = `app_installed` + (CASE WHEN NEW.`active` = 1 AND NEW.`is_admin` = 0 THEN 1 ELSE -1 END)
      * coalesce((SELECT `installed_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `app_registered` = `app_registered` + (CASE WHEN NEW.`active` = 1 AND NEW.`is_admin` = 0 THEN 1 ELSE -1 END)
      * coalesce((SELECT `registered_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `app_warning` = `app_warning` + (CASE WHEN NEW.`active` = 1 AND NEW.`is_admin` = 0 THEN 1 ELSE -1 END)
      * coalesce((SELECT `warning_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `app_all_three` = `app_all_three` + (CASE WHEN NEW.`active` = 1 AND NEW.`is_admin` = 0 THEN 1 ELSE -1 END)
      * coalesce((SELECT `installed_at` IS NOT NULL AND `registered_at` IS NOT NULL AND `warning_at` IS NOT NULL FROM `app_progress` WHERE `member_id` = NEW.`member_id`), 0),
    `pledge_signed` = `pledge_signed` + (CASE WHEN NEW.`active` = 1 AND NEW.`is_admin` = 0 THEN 1 ELSE -1 END)
      * EXISTS (SELECT 1 FROM `pledges` p JOIN `pledge_signatures` s ON s.`pledge_id` = p.`id` WHERE p.`group_id` = NEW.`group_id` AND s.`member_id` = NEW.`member_id`)
  WHERE `id` = NEW.`group_id`;
END;--> statement-breakpoint
CREATE TRIGGER `app_progress_duty_insert` AFTER INSERT ON `app_progress` BEGIN
  UPDATE `groups` SET `app_installed` = `app_installed` + (NEW.`installed_at` IS NOT NULL),
    `app_registered` = `app_registered` + (NEW.`registered_at` IS NOT NULL),
    `app_warning` = `app_warning` + (NEW.`warning_at` IS NOT NULL),
    `app_all_three` = `app_all_three` + (NEW.`installed_at` IS NOT NULL AND NEW.`registered_at` IS NOT NULL AND NEW.`warning_at` IS NOT NULL)
  WHERE `id` IN (SELECT `group_id` FROM `group_members` WHERE `member_id` = NEW.`member_id` AND `active` = 1 AND `is_admin` = 0);
END;--> statement-breakpoint
CREATE TRIGGER `app_progress_duty_update` AFTER UPDATE OF `installed_at`, `registered_at`, `warning_at` ON `app_progress` BEGIN
  UPDATE `groups` SET `app_installed` = `app_installed` + (NEW.`installed_at` IS NOT NULL) - (OLD.`installed_at` IS NOT NULL),
    `app_registered` = `app_registered` + (NEW.`registered_at` IS NOT NULL) - (OLD.`registered_at` IS NOT NULL),
    `app_warning` = `app_warning` + (NEW.`warning_at` IS NOT NULL) - (OLD.`warning_at` IS NOT NULL),
    `app_all_three` = `app_all_three` + (NEW.`installed_at` IS NOT NULL AND NEW.`registered_at` IS NOT NULL AND NEW.`warning_at` IS NOT NULL)
      - (OLD.`installed_at` IS NOT NULL AND OLD.`registered_at` IS NOT NULL AND OLD.`warning_at` IS NOT NULL)
  WHERE `id` IN (SELECT `group_id` FROM `group_members` WHERE `member_id` = NEW.`member_id` AND `active` = 1 AND `is_admin` = 0);
END;--> statement-breakpoint
CREATE TRIGGER `app_progress_duty_delete` AFTER DELETE ON `app_progress` BEGIN
  UPDATE `groups` SET `app_installed` = `app_installed` - (OLD.`installed_at` IS NOT NULL),
    `app_registered` = `app_registered` - (OLD.`registered_at` IS NOT NULL),
    `app_warning` = `app_warning` - (OLD.`warning_at` IS NOT NULL),
    `app_all_three` = `app_all_three` - (OLD.`installed_at` IS NOT NULL AND OLD.`registered_at` IS NOT NULL AND OLD.`warning_at` IS NOT NULL)
  WHERE `id` IN (SELECT `group_id` FROM `group_members` WHERE `member_id` = OLD.`member_id` AND `active` = 1 AND `is_admin` = 0);
END;--> statement-breakpoint
-- A member's first signature among the group's pledges counts them; removing their last one uncounts them.
CREATE TRIGGER `pledge_signatures_duty_insert` AFTER INSERT ON `pledge_signatures` BEGIN
  UPDATE `groups` SET `pledge_signed` = `pledge_signed` + 1
  WHERE `id` = (SELECT `group_id` FROM `pledges` WHERE `id` = NEW.`pledge_id`)
    AND EXISTS (SELECT 1 FROM `group_members` WHERE `group_id` = `groups`.`id` AND `member_id` = NEW.`member_id` AND `active` = 1 AND `is_admin` = 0)
    AND NOT EXISTS (SELECT 1 FROM `pledges` p JOIN `pledge_signatures` s ON s.`pledge_id` = p.`id`
      WHERE p.`group_id` = `groups`.`id` AND s.`member_id` = NEW.`member_id` AND s.`pledge_id` <> NEW.`pledge_id`);
END;--> statement-breakpoint
CREATE TRIGGER `pledge_signatures_duty_delete` AFTER DELETE ON `pledge_signatures` BEGIN
  UPDATE `groups` SET `pledge_signed` = `pledge_signed` - 1
  WHERE `id` = (SELECT `group_id` FROM `pledges` WHERE `id` = OLD.`pledge_id`)
    AND EXISTS (SELECT 1 FROM `group_members` WHERE `group_id` = `groups`.`id` AND `member_id` = OLD.`member_id` AND `active` = 1 AND `is_admin` = 0)
    AND NOT EXISTS (SELECT 1 FROM `pledges` p JOIN `pledge_signatures` s ON s.`pledge_id` = p.`id`
      WHERE p.`group_id` = `groups`.`id` AND s.`member_id` = OLD.`member_id`);
END;
