CREATE TABLE `check_acknowledgements` (
	`organisation_id` integer NOT NULL,
	`response_id` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`acknowledged_by` integer,
	`acknowledged_at` integer NOT NULL,
	PRIMARY KEY(`response_id`, `fingerprint`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `question_work` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`response_id` integer NOT NULL,
	`question_key` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`assignee_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `question_work_response_key` ON `question_work` (`response_id`,`question_key`);--> statement-breakpoint
CREATE INDEX `question_work_assignee` ON `question_work` (`assignee_id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`response_id` integer NOT NULL,
	`submitted_on` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`submitted_by` integer,
	`channel` text NOT NULL,
	`receipt` text,
	`docx` blob NOT NULL,
	`docx_name` text NOT NULL,
	`docx_sha256` text NOT NULL,
	`markdown` blob NOT NULL,
	`markdown_name` text NOT NULL,
	`markdown_sha256` text NOT NULL,
	`reopened_at` integer,
	`reopened_by` integer,
	`reopen_reason` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reopened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `submissions_response` ON `submissions` (`response_id`,`id`);--> statement-breakpoint
ALTER TABLE `responses` ADD `internal_deadline` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `version` integer DEFAULT 1 NOT NULL;