CREATE TABLE `fraud_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`day` text NOT NULL,
	`unit_id` text NOT NULL,
	`group_id` text,
	`type_id` text NOT NULL,
	`amount_band` text NOT NULL,
	`reported_via` text NOT NULL,
	`stop_payment` text NOT NULL,
	`note` text,
	`alert_id` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fraud_cases_day` ON `fraud_cases` (`day`,`unit_id`);