ALTER TABLE `submissions` ADD `pdf` blob;--> statement-breakpoint
ALTER TABLE `submissions` ADD `pdf_name` text;--> statement-breakpoint
ALTER TABLE `submissions` ADD `pdf_sha256` text;