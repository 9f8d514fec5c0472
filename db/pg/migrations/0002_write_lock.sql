-- One writer at a time (decisions 112 and 116). Every write transaction of the data layer starts
-- with `begin isolation level serializable; lock table workbench.write_lock in share update exclusive mode`
-- in one round trip: that mode conflicts only with itself (and with DDL, VACUUM FULL and the like), so
-- reads and writes outside the data layer's transactions are not blocked, and a SERIALIZABLE snapshot
-- is taken at a transaction's first query, after LOCK TABLE returns: each writer sees every writer
-- before it committed. The lock ends with the transaction (commit, rollback, or a lost connection).
-- The table holds no rows; it lives outside `public` so the schema drift checks, which compare the
-- application's tables, never see it.
CREATE SCHEMA IF NOT EXISTS workbench;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS workbench.write_lock ();
