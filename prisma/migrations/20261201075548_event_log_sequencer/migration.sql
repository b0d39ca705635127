-- CreateTable
CREATE TABLE "event_log_head" (
    "singleton" BOOLEAN NOT NULL DEFAULT true,
    "id" BIGINT NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "event_log_head_pkey" PRIMARY KEY ("singleton")
);

-- CreateTable
CREATE TABLE "event_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "event_hash" TEXT NOT NULL,
    "prev_signature" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_checkpoints_pkey" PRIMARY KEY ("id")
);

-- ───────────────────────── The event log without a writers' lock ─────────────────────────
--
-- Until now a BEFORE INSERT trigger took one advisory lock held to commit, so every event
-- writer in the system waited for the previous one's commit (fsync). Now:
--
-- * Writers insert with no shared lock: `id` comes straight from the sequence. Ids are
--   therefore taken in one order and committed in another.
-- * Each inserting statement first REGISTERS its writer: it reads the sequence's last value
--   r and takes a shared transaction-level advisory lock on (1363428694, low 32 bits of r),
--   held to commit or rollback. Every id this statement takes is > r.
-- * A reader must never be shown id N while a smaller id may still commit. The chainer
--   (quarterdeck_events_advance, one at a time, short) computes the FINAL BOUND: it reads
--   the sequence's last value L and THEN the registrations in pg_locks; bound = min(L, every
--   registered r). Every id <= bound is final (committed or rolled back): an id <= L was
--   taken before L was read, by a writer that registered before taking it, so that writer
--   is either still registered (then bound <= its r < its ids) or finished. Finished means
--   its commit is visible to any snapshot taken afterwards (Postgres marks a transaction
--   committed before it releases its locks).
-- * The chainer then, in a fresh snapshot, fills in prev_hash/hash for the rows between the
--   head and the bound in id order, and moves event_log_head there, in one short
--   transaction. Readers read only `id <= event_log_head.id` in a single statement, so they
--   see ids in strictly increasing order and never one that a later commit could precede.
-- * Autocommit appends wait (in packages/db) until the head covers their rows; appends in a
--   transaction do not wait. NOTIFY quarterdeck_events still fires at every writer's commit
--   ("something new"); relays then advance the head and read.

DROP TRIGGER events_chain ON events;
DROP FUNCTION quarterdeck_events_before_insert();
DROP TRIGGER events_notify ON events;
DROP FUNCTION quarterdeck_events_notify();

-- The rows written so far were chained by the old trigger: the head starts at the last one.
INSERT INTO event_log_head (singleton, id, hash)
SELECT true, coalesce(max(id), 0), coalesce((SELECT e.hash FROM events e ORDER BY e.id DESC LIMIT 1), '')
FROM events;

-- The highest id handed out so far (the sequence says "not yet called" before the first).
CREATE FUNCTION quarterdeck_events_taken() RETURNS bigint
LANGUAGE sql VOLATILE AS $$
  SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM events_id_seq
$$;

-- Once per inserting statement (not per row, so batches stay cheap).
CREATE FUNCTION quarterdeck_events_register_writer() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1363428694, quarterdeck_events_taken()::bit(32)::int);
  -- Delivered at commit, dropped at rollback; identical payloads collapse to one per transaction.
  PERFORM pg_notify('quarterdeck_events', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER events_register_writer BEFORE INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION quarterdeck_events_register_writer();

-- Every id <= the result is committed or rolled back for good (see the top of this file for
-- why the order of the two reads matters). The caller's own registrations do not count: its
-- own uncommitted rows are visible to it, and whatever it chains commits or rolls back with them.
CREATE FUNCTION quarterdeck_events_final_bound() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  taken bigint := quarterdeck_events_taken();
  oldest_writer bigint;
BEGIN
  SELECT min(taken - ((taken - l.objid::bigint) & 4294967295)) INTO oldest_writer
  FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.classid = 1363428694::oid AND l.objsubid = 2
    AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
    AND l.pid IS DISTINCT FROM pg_backend_pid();
  RETURN least(taken, oldest_writer);
END
$$;

-- The chainer. One at a time (an advisory lock held to its own, short, commit); chains at
-- most max_rows rows per call. `pending`: committed rows past the head remain (an older
-- writer is still open, or more than max_rows were waiting); relays are then notified so
-- they come back. SECURITY DEFINER: the application role may not UPDATE events itself.
CREATE FUNCTION quarterdeck_events_advance(max_rows integer DEFAULT 10000, OUT head_id bigint, OUT pending boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  bound bigint;
  prev text;
  row_hash text;
  n integer := 0;
  r record;
  ids bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
BEGIN
  -- A transaction-wide snapshot could miss rows that committed after it began.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'the event log can only be advanced at READ COMMITTED isolation';
  END IF;
  PERFORM pg_advisory_xact_lock(1363428695, 0);
  SELECT h.id, h.hash INTO head_id, prev FROM event_log_head h;
  bound := quarterdeck_events_final_bound();
  IF bound > head_id THEN
    FOR r IN
      SELECT e.id, e.type, e.severity, e.project_id, e.run_id, e.task_id, e.agent_id, e.session_id, e.payload, e.created_at
      FROM events e WHERE e.id > head_id AND e.id <= bound ORDER BY e.id LIMIT max_rows
    LOOP
      row_hash := quarterdeck_event_hash(prev, r.id, r.type, r.severity, r.project_id, r.run_id, r.task_id,
                                         r.agent_id, r.session_id, r.payload, r.created_at);
      n := n + 1;
      ids[n] := r.id;
      prevs[n] := prev;
      hashes[n] := row_hash;
      prev := row_hash;
    END LOOP;
    IF n > 0 THEN
      PERFORM set_config('quarterdeck.chaining', 'on', true);
      UPDATE events e SET prev_hash = c.prev_hash, hash = c.hash
      FROM unnest(ids, prevs, hashes) AS c(id, prev_hash, hash)
      WHERE e.id = c.id;
      PERFORM set_config('quarterdeck.chaining', 'off', true);
      head_id := ids[n];
      UPDATE event_log_head SET id = head_id, hash = prev;
    END IF;
  END IF;
  pending := EXISTS (SELECT 1 FROM events e WHERE e.id > head_id);
  IF pending THEN
    PERFORM pg_notify('quarterdeck_events', '');
  END IF;
END
$$;

-- Waits (polling, at most timeout_ms) until rows past `after_head` can be chained or someone
-- else has moved the head; true if so. Holds no lock and writes nothing while it waits.
CREATE FUNCTION quarterdeck_events_await_progress(after_head bigint, timeout_ms integer) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  deadline timestamptz := clock_timestamp() + timeout_ms * interval '1 millisecond';
BEGIN
  LOOP
    IF (SELECT h.id FROM event_log_head h) > after_head
       OR EXISTS (SELECT 1 FROM events e WHERE e.id > after_head AND e.id <= quarterdeck_events_final_bound()) THEN
      RETURN true;
    END IF;
    EXIT WHEN clock_timestamp() >= deadline;
    PERFORM pg_sleep(0.002);
  END LOOP;
  RETURN false;
END
$$;

-- UPDATE is refused except for the chainer filling in a row that has no hash yet (a row
-- readers have not been shown). DELETE and TRUNCATE are always refused.
CREATE OR REPLACE FUNCTION quarterdeck_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF current_setting('quarterdeck.chaining', true) = 'on' AND OLD.hash = '' AND OLD.prev_hash = ''
       AND NEW.id = OLD.id AND NEW.type = OLD.type AND NEW.severity = OLD.severity
       AND NEW.project_id IS NOT DISTINCT FROM OLD.project_id AND NEW.run_id IS NOT DISTINCT FROM OLD.run_id
       AND NEW.task_id IS NOT DISTINCT FROM OLD.task_id AND NEW.agent_id IS NOT DISTINCT FROM OLD.agent_id
       AND NEW.session_id IS NOT DISTINCT FROM OLD.session_id AND NEW.payload = OLD.payload
       AND NEW.created_at = OLD.created_at THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'the event log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Only the chained part of the log (up to the head) is checked; rows past it have no hash yet.
CREATE OR REPLACE FUNCTION quarterdeck_verify_event_chain()
RETURNS TABLE (broken_id bigint, reason text)
LANGUAGE sql STABLE AS $$
  SELECT id,
         CASE WHEN prev_hash <> expected_prev THEN 'prev_hash does not match the previous row'
              ELSE 'hash does not match the row content' END
  FROM (
    SELECT e.*, lag(e.hash, 1, '') OVER (ORDER BY e.id) AS expected_prev
    FROM events e
    WHERE e.id <= (SELECT h.id FROM event_log_head h)
  ) chained
  WHERE prev_hash <> expected_prev
     OR hash <> quarterdeck_event_hash(prev_hash, id, type, severity, project_id, run_id,
                                       task_id, agent_id, session_id, payload, created_at)
  ORDER BY id
  LIMIT 1
$$;

-- ───────────────────────── The head and the signed checkpoints ─────────────────────────

CREATE FUNCTION quarterdeck_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER event_checkpoints_append_only BEFORE UPDATE OR DELETE ON event_checkpoints
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_refuse_change();
CREATE TRIGGER event_checkpoints_no_truncate BEFORE TRUNCATE ON event_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION quarterdeck_refuse_change();
-- The head only ever moves forward (the application role cannot write it at all).
CREATE FUNCTION quarterdeck_event_head_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.singleton AND NEW.id >= OLD.id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'event_log_head only moves forward: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER event_log_head_forward_only BEFORE INSERT OR UPDATE OR DELETE ON event_log_head
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_event_head_forward_only();
CREATE TRIGGER event_log_head_no_truncate BEFORE TRUNCATE ON event_log_head
  FOR EACH STATEMENT EXECUTE FUNCTION quarterdeck_refuse_change();
