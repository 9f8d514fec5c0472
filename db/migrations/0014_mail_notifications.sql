CREATE TABLE `mail_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`kind` text NOT NULL,
	`response_id` integer NOT NULL,
	`question_key` text NOT NULL,
	`thread_id` integer,
	`comment_id` integer,
	`actor_id` integer,
	`excerpt` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`mailed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mail_events_pending` ON `mail_events` (`mailed_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `mail_events_user` ON `mail_events` (`user_id`);--> statement-breakpoint
ALTER TABLE `invites` ADD `link_nonce` text;--> statement-breakpoint
ALTER TABLE `invites` ADD `email` text;--> statement-breakpoint
ALTER TABLE `mail_preferences` ADD `mode` text;