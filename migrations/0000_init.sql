CREATE TABLE `acknowledgements` (
	`delivery_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`delivery_id`, `member_id`),
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `acknowledgements_member` ON `acknowledgements` (`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`kind` text NOT NULL,
	`slot` text NOT NULL,
	`content_id` text NOT NULL,
	`status` text NOT NULL,
	`due_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`message_id` text,
	`sent_at` integer,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_slot` ON `deliveries` (`group_id`,`kind`,`slot`);--> statement-breakpoint
CREATE INDEX `deliveries_status` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_group_content` ON `deliveries` (`group_id`,`content_id`);--> statement-breakpoint
CREATE INDEX `deliveries_kind_slot` ON `deliveries` (`kind`,`slot`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`member_id` text NOT NULL,
	`is_admin` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `member_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_member` ON `group_members` (`member_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`title` text,
	`class_name` text,
	`audience` text DEFAULT 'students' NOT NULL,
	`timezone` text NOT NULL,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`tip_time` text NOT NULL,
	`article_day` integer NOT NULL,
	`article_time` text NOT NULL,
	`quiz_after_article` integer DEFAULT false NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`setup_at` integer,
	`unit_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`display_name` text NOT NULL,
	`language_code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `quiz_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`group_id` text,
	`question_id` text NOT NULL,
	`choice` integer NOT NULL,
	`correct` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `quiz_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_answers_once` ON `quiz_answers` (`session_id`,`member_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `quiz_answers_member` ON `quiz_answers` (`member_id`,`at`);--> statement-breakpoint
CREATE INDEX `quiz_answers_group` ON `quiz_answers` (`group_id`,`at`);--> statement-breakpoint
CREATE TABLE `quiz_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mode` text NOT NULL,
	`group_id` text,
	`member_id` text,
	`question_ids` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`message_id` text,
	`started_at` integer NOT NULL,
	`closes_at` integer,
	`closed_at` integer,
	`score` real,
	`passed` integer,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quiz_sessions_group` ON `quiz_sessions` (`group_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `quiz_sessions_member` ON `quiz_sessions` (`member_id`,`mode`);--> statement-breakpoint
CREATE TABLE `roles` (
	`member_id` text NOT NULL,
	`scope_kind` text NOT NULL,
	`scope_id` text NOT NULL,
	`role` text DEFAULT 'advisor' NOT NULL,
	`granted_by` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `scope_kind`, `scope_id`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE TABLE `triage_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` text NOT NULL,
	`group_id` text,
	`risk` text NOT NULL,
	`type_id` text,
	`score` real NOT NULL,
	`text_hash` text NOT NULL,
	`shared_text` text,
	`consent_at` integer,
	`paid_at` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `triage_reports_at` ON `triage_reports` (`at`);--> statement-breakpoint
CREATE INDEX `triage_reports_group` ON `triage_reports` (`group_id`,`at`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
