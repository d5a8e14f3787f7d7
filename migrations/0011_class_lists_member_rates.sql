CREATE TABLE `class_list_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`ref_hash` text NOT NULL,
	`student_no` text,
	`name` text NOT NULL,
	`member_id` text,
	`bind_code` text,
	`imported_at` integer NOT NULL,
	`bound_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `class_list_entries_ref` ON `class_list_entries` (`group_id`,`ref_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `class_list_entries_code` ON `class_list_entries` (`bind_code`);--> statement-breakpoint
CREATE INDEX `class_list_entries_member` ON `class_list_entries` (`member_id`,`group_id`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `member_acks` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `listed_members` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `quiz_sessions` ADD `member_answers` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `quiz_sessions` ADD `member_correct` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `group_periods` ADD `listed_members` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `unit_periods` ADD `listed_members` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `unit_periods` ADD `members` integer DEFAULT 0 NOT NULL;