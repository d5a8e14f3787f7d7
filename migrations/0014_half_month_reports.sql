CREATE TABLE `half_month_reports` (
	`unit_id` text NOT NULL,
	`half` text NOT NULL,
	`member_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `half`, `member_id`)
);
