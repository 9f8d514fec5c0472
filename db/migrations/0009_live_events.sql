CREATE TABLE `presence` (
	`user_id` integer NOT NULL,
	`tab_id` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`response_id` integer NOT NULL,
	`section_id` text,
	`question_key` text,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `tab_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `presence_response` ON `presence` (`response_id`,`seen_at`);--> statement-breakpoint
CREATE TABLE `response_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`response_id` integer NOT NULL,
	`kind` text NOT NULL,
	`subject` text,
	`actor_id` integer,
	`payload` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `response_events_response` ON `response_events` (`response_id`,`id`);