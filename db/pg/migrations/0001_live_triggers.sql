-- Live updates (issue 10; SQLite migration 0010): every committed change to a response's rows appends a
-- response_events row in the same transaction, whatever code path wrote it. The same triggers, by the
-- same names, as on SQLite (the drift test compares them), in PL/pgSQL. Two things SQLite gives for
-- free are made explicit here (Decision 89):
-- * Commit order. SQLite has one writer at a time, so event ids are committed in increasing order; on
--   PostgreSQL a sequence hands out ids before commit, in any order. response_events_append() takes a
--   per-response transaction-level advisory lock before it inserts, so the events of one response are
--   numbered and committed one transaction at a time, and a reader that resumes after an id misses
--   nothing. The trigger takes that lock after the row it fired for is locked, so two transactions
--   writing the same rows of one response in different orders can deadlock (PostgreSQL aborts one,
--   SQLSTATE 40P01). A data layer avoids that by starting every write transaction on a response with
--   `select response_write_lock(<response id>)`: writers then queue on that one lock before any row
--   lock, as SQLite's BEGIN IMMEDIATE queues them on the file.
-- * Waking the readers: pg_notify('response_events', '<response id>') is delivered at commit.
-- Nothing is appended while the response itself is being deleted (its rows cascade away with it).
CREATE FUNCTION response_write_lock(p_response_id integer) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('response_events'), p_response_id)
$$;
--> statement-breakpoint
CREATE FUNCTION response_events_append(p_response_id integer, p_kind text, p_subject text, p_actor_id integer, p_payload text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  org integer;
BEGIN
  SELECT r.organisation_id INTO org FROM responses r WHERE r.id = p_response_id;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM response_write_lock(p_response_id);
  INSERT INTO response_events (organisation_id, response_id, kind, subject, actor_id, payload, created_at)
  VALUES (org, p_response_id, p_kind, p_subject, p_actor_id, p_payload, floor(extract(epoch from clock_timestamp()) * 1000)::bigint);
  PERFORM pg_notify('response_events', p_response_id::text);
END
$$;
--> statement-breakpoint
-- The common case: TG_ARGV[0] is the kind, TG_ARGV[1] the column naming the subject ('' for none).
CREATE FUNCTION response_events_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  PERFORM response_events_append((r->>'response_id')::integer, TG_ARGV[0], CASE WHEN TG_ARGV[1] = '' THEN NULL ELSE r->>TG_ARGV[1] END, NULL, '{}');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION response_events_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM response_events_append(NEW.response_id, 'answer', NEW.question_key, NEW.updated_by,
    json_build_object('value', NEW.value::json, 'version', NEW.version, 'by', (SELECT u.name FROM users u WHERE u.id = NEW.updated_by), 'at', NEW.updated_at)::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION response_events_comment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  SELECT ct.response_id, ct.question_key INTO t FROM comment_threads ct WHERE ct.id = NEW.thread_id;
  IF FOUND THEN
    PERFORM response_events_append(t.response_id, 'comment', t.question_key, NULL, '{}');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION response_events_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM response_events_append(NEW.id, 'response', NULL, NULL, '{}');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "answers_live_insert" AFTER INSERT ON "answers" FOR EACH ROW EXECUTE FUNCTION response_events_answer();
--> statement-breakpoint
CREATE TRIGGER "answers_live_update" AFTER UPDATE ON "answers" FOR EACH ROW WHEN (NEW.version <> OLD.version OR NEW.value <> OLD.value) EXECUTE FUNCTION response_events_answer();
--> statement-breakpoint
CREATE TRIGGER "question_work_live_insert" AFTER INSERT ON "question_work" FOR EACH ROW EXECUTE FUNCTION response_events_row('work', 'question_key');
--> statement-breakpoint
CREATE TRIGGER "question_work_live_update" AFTER UPDATE ON "question_work" FOR EACH ROW EXECUTE FUNCTION response_events_row('work', 'question_key');
--> statement-breakpoint
CREATE TRIGGER "question_work_live_delete" AFTER DELETE ON "question_work" FOR EACH ROW EXECUTE FUNCTION response_events_row('work', 'question_key');
--> statement-breakpoint
CREATE TRIGGER "comment_threads_live_insert" AFTER INSERT ON "comment_threads" FOR EACH ROW EXECUTE FUNCTION response_events_row('thread', 'question_key');
--> statement-breakpoint
CREATE TRIGGER "comment_threads_live_update" AFTER UPDATE ON "comment_threads" FOR EACH ROW EXECUTE FUNCTION response_events_row('thread', 'question_key');
--> statement-breakpoint
CREATE TRIGGER "comments_live_insert" AFTER INSERT ON "comments" FOR EACH ROW EXECUTE FUNCTION response_events_comment();
--> statement-breakpoint
CREATE TRIGGER "comments_live_update" AFTER UPDATE ON "comments" FOR EACH ROW EXECUTE FUNCTION response_events_comment();
--> statement-breakpoint
CREATE TRIGGER "member_positions_live_insert" AFTER INSERT ON "member_positions" FOR EACH ROW EXECUTE FUNCTION response_events_row('view', 'measure_id');
--> statement-breakpoint
CREATE TRIGGER "member_positions_live_update" AFTER UPDATE ON "member_positions" FOR EACH ROW EXECUTE FUNCTION response_events_row('view', 'measure_id');
--> statement-breakpoint
CREATE TRIGGER "member_positions_live_delete" AFTER DELETE ON "member_positions" FOR EACH ROW EXECUTE FUNCTION response_events_row('view', 'measure_id');
--> statement-breakpoint
CREATE TRIGGER "member_rankings_live_insert" AFTER INSERT ON "member_rankings" FOR EACH ROW EXECUTE FUNCTION response_events_row('ranking', 'chapter_id');
--> statement-breakpoint
CREATE TRIGGER "member_rankings_live_update" AFTER UPDATE ON "member_rankings" FOR EACH ROW EXECUTE FUNCTION response_events_row('ranking', 'chapter_id');
--> statement-breakpoint
CREATE TRIGGER "member_rankings_live_delete" AFTER DELETE ON "member_rankings" FOR EACH ROW EXECUTE FUNCTION response_events_row('ranking', 'chapter_id');
--> statement-breakpoint
CREATE TRIGGER "reference_answers_live_insert" AFTER INSERT ON "reference_answers" FOR EACH ROW EXECUTE FUNCTION response_events_row('reference', '');
--> statement-breakpoint
CREATE TRIGGER "reference_answers_live_update" AFTER UPDATE ON "reference_answers" FOR EACH ROW EXECUTE FUNCTION response_events_row('reference', '');
--> statement-breakpoint
CREATE TRIGGER "reference_answers_live_delete" AFTER DELETE ON "reference_answers" FOR EACH ROW EXECUTE FUNCTION response_events_row('reference', '');
--> statement-breakpoint
CREATE TRIGGER "submissions_live_insert" AFTER INSERT ON "submissions" FOR EACH ROW EXECUTE FUNCTION response_events_row('submission', '');
--> statement-breakpoint
CREATE TRIGGER "submissions_live_update" AFTER UPDATE ON "submissions" FOR EACH ROW EXECUTE FUNCTION response_events_row('submission', '');
--> statement-breakpoint
CREATE TRIGGER "responses_live_update" AFTER UPDATE ON "responses" FOR EACH ROW EXECUTE FUNCTION response_events_response();
