-- The event log is the audit trail: append-only, totally ordered, hash-chained.
-- Prisma does not model triggers, so they live here (the schema diff ignores them).

-- The hash of one row given the hash before it. Timestamps are rendered in UTC with a fixed
-- format and jsonb has one canonical text form, so the hash can always be recomputed.
CREATE FUNCTION quarterdeck_event_hash(
  prev_hash text, id bigint, type text, severity "EventSeverity", project_id uuid, run_id uuid,
  task_id uuid, agent_id uuid, session_id uuid, payload jsonb, created_at timestamptz
) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    prev_hash, id::text, type, severity::text,
    coalesce(project_id::text, ''), coalesce(run_id::text, ''), coalesce(task_id::text, ''),
    coalesce(agent_id::text, ''), coalesce(session_id::text, ''),
    payload::text,
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
  ), 'UTF8')), 'hex')
$$;

-- Ids are taken from the sequence only after an advisory lock that is held to commit, so
-- ids become visible in increasing order: a reader that has seen id N will never later see
-- a smaller id appear. That is what lets a client resume from "the last id I saw".
CREATE FUNCTION quarterdeck_events_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('quarterdeck_events'));
  NEW.id := nextval(pg_get_serial_sequence('events', 'id'));
  NEW.created_at := date_trunc('milliseconds', clock_timestamp());
  SELECT e.hash INTO previous FROM events e ORDER BY e.id DESC LIMIT 1;
  NEW.prev_hash := coalesce(previous, '');
  NEW.hash := quarterdeck_event_hash(NEW.prev_hash, NEW.id, NEW.type, NEW.severity, NEW.project_id,
    NEW.run_id, NEW.task_id, NEW.agent_id, NEW.session_id, NEW.payload, NEW.created_at);
  RETURN NEW;
END
$$;

CREATE TRIGGER events_chain BEFORE INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_events_before_insert();

CREATE FUNCTION quarterdeck_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_events_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION quarterdeck_events_refuse_change();

-- One notification per inserting statement, carrying the highest new id; delivered at
-- commit. Listeners read the rows (the source of truth) after the last id they have.
CREATE FUNCTION quarterdeck_events_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('quarterdeck_events', (SELECT max(id)::text FROM inserted));
  RETURN NULL;
END
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION quarterdeck_events_notify();

-- The first row whose link or hash does not match, or no row when the chain is intact.
CREATE FUNCTION quarterdeck_verify_event_chain()
RETURNS TABLE (broken_id bigint, reason text)
LANGUAGE sql STABLE AS $$
  SELECT id,
         CASE WHEN prev_hash <> expected_prev THEN 'prev_hash does not match the previous row'
              ELSE 'hash does not match the row content' END
  FROM (
    SELECT e.*, lag(e.hash, 1, '') OVER (ORDER BY e.id) AS expected_prev
    FROM events e
  ) chained
  WHERE prev_hash <> expected_prev
     OR hash <> quarterdeck_event_hash(prev_hash, id, type, severity, project_id, run_id,
                                       task_id, agent_id, session_id, payload, created_at)
  ORDER BY id
  LIMIT 1
$$;
