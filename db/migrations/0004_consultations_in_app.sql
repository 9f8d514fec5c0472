ALTER TABLE `consultation_versions` ADD `source_text` text;--> statement-breakpoint
ALTER TABLE `consultations` ADD `organisation_id` integer REFERENCES organisations(id) ON DELETE cascade;--> statement-breakpoint
ALTER TABLE `consultations` ADD `status` text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE `consultations` ADD `shared` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `consultations` ADD `current_version_id` integer;--> statement-breakpoint
ALTER TABLE `consultations` ADD `version` integer DEFAULT 1 NOT NULL;