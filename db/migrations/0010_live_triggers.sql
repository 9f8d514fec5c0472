-- Custom SQL migration file, put your code below! --
-- Live updates (issue 10): every committed change to a response's rows appends a response_events
-- row in the same transaction, whatever code path wrote it. INSERT ... SELECT FROM responses writes
-- nothing while the response itself is being deleted (its rows cascade away with it).
CREATE TRIGGER `answers_live_insert` AFTER INSERT ON `answers` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'answer', NEW.`question_key`, NEW.`updated_by`, json_object('value', json(NEW.`value`), 'version', NEW.`version`, 'by', (SELECT u.`name` FROM `users` u WHERE u.`id` = NEW.`updated_by`), 'at', NEW.`updated_at`), CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `answers_live_update` AFTER UPDATE ON `answers` WHEN NEW.`version` <> OLD.`version` OR NEW.`value` <> OLD.`value` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'answer', NEW.`question_key`, NEW.`updated_by`, json_object('value', json(NEW.`value`), 'version', NEW.`version`, 'by', (SELECT u.`name` FROM `users` u WHERE u.`id` = NEW.`updated_by`), 'at', NEW.`updated_at`), CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `question_work_live_insert` AFTER INSERT ON `question_work` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'work', NEW.`question_key`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `question_work_live_update` AFTER UPDATE ON `question_work` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'work', NEW.`question_key`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `question_work_live_delete` AFTER DELETE ON `question_work` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'work', OLD.`question_key`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = OLD.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `comment_threads_live_insert` AFTER INSERT ON `comment_threads` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'thread', NEW.`question_key`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_live_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'comment', (SELECT t.`question_key` FROM `comment_threads` t WHERE t.`id` = NEW.`thread_id`), NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = (SELECT t.`response_id` FROM `comment_threads` t WHERE t.`id` = NEW.`thread_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `comment_threads_live_update` AFTER UPDATE ON `comment_threads` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'thread', NEW.`question_key`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_live_update` AFTER UPDATE ON `comments` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'comment', (SELECT t.`question_key` FROM `comment_threads` t WHERE t.`id` = NEW.`thread_id`), NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = (SELECT t.`response_id` FROM `comment_threads` t WHERE t.`id` = NEW.`thread_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `member_positions_live_insert` AFTER INSERT ON `member_positions` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'view', NEW.`measure_id`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `member_rankings_live_insert` AFTER INSERT ON `member_rankings` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'ranking', NEW.`chapter_id`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `reference_answers_live_insert` AFTER INSERT ON `reference_answers` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'reference', NULL, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `member_positions_live_update` AFTER UPDATE ON `member_positions` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'view', NEW.`measure_id`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `member_rankings_live_update` AFTER UPDATE ON `member_rankings` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'ranking', NEW.`chapter_id`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `reference_answers_live_update` AFTER UPDATE ON `reference_answers` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'reference', NULL, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `member_positions_live_delete` AFTER DELETE ON `member_positions` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'view', OLD.`measure_id`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = OLD.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `member_rankings_live_delete` AFTER DELETE ON `member_rankings` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'ranking', OLD.`chapter_id`, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = OLD.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `reference_answers_live_delete` AFTER DELETE ON `reference_answers` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'reference', NULL, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = OLD.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_live_insert` AFTER INSERT ON `submissions` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'submission', NULL, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_live_update` AFTER UPDATE ON `submissions` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'submission', NULL, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.response_id;
END;
--> statement-breakpoint
CREATE TRIGGER `responses_live_update` AFTER UPDATE ON `responses` BEGIN
  INSERT INTO `response_events` (`organisation_id`, `response_id`, `kind`, `subject`, `actor_id`, `payload`, `created_at`)
  SELECT r.`organisation_id`, r.`id`, 'response', NULL, NULL, '{}', CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM `responses` r WHERE r.`id` = NEW.`id`;
END;
