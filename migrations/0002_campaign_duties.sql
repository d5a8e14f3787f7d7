CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`text` text NOT NULL,
	`created_by` text NOT NULL,
	`warning_id` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `app_progress` (
	`member_id` text PRIMARY KEY NOT NULL,
	`installed_at` integer,
	`registered_at` integer,
	`warning_at` integer,
	`reminded_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `class_meetings` (
	`group_id` text NOT NULL,
	`held_on` text NOT NULL,
	`attendance` integer,
	`recorded_by` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `held_on`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `early_warnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`school` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`day` text NOT NULL,
	`type_id` text,
	`count` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `early_warnings_once` ON `early_warnings` (`school`,`kind`,`key`,`day`);--> statement-breakpoint
CREATE TABLE `meeting_kits` (
	`group_id` text NOT NULL,
	`month` text NOT NULL,
	`article_id` text NOT NULL,
	`quiz_ids` text NOT NULL,
	`sent_to` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `month`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pledge_signatures` (
	`pledge_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`pledge_id`, `member_id`),
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pledges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`text` text,
	`posted_by` text NOT NULL,
	`message_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pledges_group` ON `pledges` (`group_id`,`at`);