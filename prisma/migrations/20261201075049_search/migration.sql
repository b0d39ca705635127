-- AlterTable
ALTER TABLE "context_artifacts" ADD COLUMN     "search_vector" tsvector;

-- AlterTable
ALTER TABLE "decisions" ADD COLUMN     "search_vector" tsvector;

-- AlterTable
ALTER TABLE "hitl_requests" ADD COLUMN     "search_vector" tsvector;

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "search_vector" tsvector;

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "search_vector" tsvector;

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "search_vector" tsvector;


-- ───────────────────────────── full-text search ─────────────────────────────
-- Each searchable table keeps a weighted tsvector, filled by a BEFORE trigger from the
-- columns it is made of (and, for decisions, from their votes). Triggers rather than
-- generated columns: a task's status or a heartbeat must not re-parse its instructions
-- (a trigger fires only when one of its text columns is written), and a decision's document
-- includes rows of another table. The documents are IMMUTABLE functions of their inputs, so
-- the same row always gets the same vector, and tests call them directly.
-- Weights: A names and titles, B headings and short statements, C prose, D code and bulk text.

-- A path is one token to the parser ('src/auth/login.ts'), so its parts are added as words too.
CREATE FUNCTION quarterdeck_search_path_words(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value ~ '[/\\._-]' THEN value || ' ' || regexp_replace(value, '[/\\._-]+', ' ', 'g') ELSE coalesce(value, '') END
$$;

-- Every string in a JSON document with the nearest object key above it and its place
-- (ordinals from the root), so text comes out in document order.
CREATE FUNCTION quarterdeck_json_strings(document jsonb)
RETURNS TABLE (key text, value text, ordinals int[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH RECURSIVE walk(key, value, ordinals) AS (
    SELECT NULL::text, document, ARRAY[]::int[]
    UNION ALL
    SELECT child.key, child.value, walk.ordinals || child.n
    FROM walk,
    LATERAL (
      SELECT o.key, o.value, o.n::int AS n
      FROM jsonb_each(CASE WHEN jsonb_typeof(walk.value) = 'object' THEN walk.value END) WITH ORDINALITY AS o(key, value, n)
      UNION ALL
      SELECT walk.key, a.value, a.n::int
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(walk.value) = 'array' THEN walk.value END) WITH ORDINALITY AS a(value, n)
    ) AS child
  )
  SELECT walk.key, walk.value #>> '{}', walk.ordinals FROM walk WHERE jsonb_typeof(walk.value) = 'string'
$$;

-- How much a string of an artifact's content weighs, by the key it sits under. The keys are
-- the handoff contents' (packages/contracts/src/handoff.ts); any other key is prose (C), and a
-- document that is one string (a file) is bulk text (D).
CREATE FUNCTION quarterdeck_artifact_text_class(key text) RETURNS "char"
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE
    WHEN key IS NULL OR key IN ('content', 'database_schema') THEN 'D'
    WHEN key IN ('title', 'name', 'summary', 'core_idea', 'release_goal', 'problem', 'product_idea', 'project_name',
                 'path', 'high_level_features', 'tech_stack', 'components') THEN 'B'
    ELSE 'C'
  END)::"char"
$$;

-- Bulk text past this many characters is not indexed: a tsvector is limited to 1 MB, and an
-- artifact that cannot be indexed must still be stored.
CREATE FUNCTION quarterdeck_artifact_search_vector(name text, content jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', quarterdeck_search_path_words(name)), 'A')
    || setweight(to_tsvector('english', coalesce(string_agg(CASE WHEN s.key = 'path' THEN quarterdeck_search_path_words(s.value) ELSE s.value END, E'\n' ORDER BY s.ordinals) FILTER (WHERE s.class = 'B'), '')), 'B')
    || setweight(to_tsvector('english', left(coalesce(string_agg(s.value, E'\n' ORDER BY s.ordinals) FILTER (WHERE s.class = 'C'), ''), 300000)), 'C')
    || setweight(to_tsvector('english', left(coalesce(string_agg(s.value, E'\n' ORDER BY s.ordinals) FILTER (WHERE s.class = 'D'), ''), 300000)), 'D')
  FROM (SELECT j.key, j.value, j.ordinals, quarterdeck_artifact_text_class(j.key) AS class FROM quarterdeck_json_strings(content) j) AS s
$$;

-- The same text as one document (name, then B, C and D text), for snippets.
CREATE FUNCTION quarterdeck_artifact_search_text(name text, content jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT left(concat_ws(E'\n', name, string_agg(s.value, E'\n' ORDER BY s.class, s.ordinals)), 100000)
  FROM (SELECT j.value, j.ordinals, quarterdeck_artifact_text_class(j.key) AS class FROM quarterdeck_json_strings(content) j) AS s
$$;

CREATE FUNCTION quarterdeck_message_search_vector(content text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(content, '')), 'B')
$$;

CREATE FUNCTION quarterdeck_task_search_vector(title text, instructions text, last_error text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(last_error, '')), 'B')
    || setweight(to_tsvector('english', left(coalesce(instructions, ''), 300000)), 'C')
$$;

CREATE FUNCTION quarterdeck_project_search_vector(name text, product_idea text, description text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(name, '')), 'A')
    || setweight(to_tsvector('english', coalesce(product_idea, '')), 'B')
    || setweight(to_tsvector('english', coalesce(description, '')), 'C')
$$;

CREATE FUNCTION quarterdeck_hitl_search_vector(question text, response_content text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(question, '')), 'A')
    || setweight(to_tsvector('english', coalesce(response_content, '')), 'B')
$$;

-- Variant titles of a decision's `variants` ([{ id, title, description }]).
CREATE FUNCTION quarterdeck_decision_variant_text(variants jsonb, field text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(v.value ->> field, E'\n' ORDER BY v.n), '')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(variants) = 'array' THEN variants END) WITH ORDINALITY AS v(value, n)
$$;

CREATE FUNCTION quarterdeck_decision_search_vector(
  problem text, description text, variants jsonb, justification text, vote_reasons text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(problem, '')), 'A')
    || setweight(to_tsvector('english', concat_ws(E'\n', quarterdeck_decision_variant_text(variants, 'title'), justification)), 'B')
    || setweight(to_tsvector('english', concat_ws(E'\n', description, quarterdeck_decision_variant_text(variants, 'description'), vote_reasons)), 'C')
$$;

-- A decision's votes' reasons, in the order they were cast.
CREATE FUNCTION quarterdeck_decision_vote_reasons(decision uuid) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT string_agg(reason, E'\n' ORDER BY created_at, id) FROM decision_votes WHERE decision_id = decision
$$;

CREATE FUNCTION quarterdeck_messages_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := quarterdeck_message_search_vector(NEW.content);
  RETURN NEW;
END $$;
CREATE TRIGGER messages_search_vector BEFORE INSERT OR UPDATE OF content ON messages
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_messages_search_trigger();

CREATE FUNCTION quarterdeck_artifacts_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := quarterdeck_artifact_search_vector(NEW.name, NEW.content);
  RETURN NEW;
END $$;
CREATE TRIGGER context_artifacts_search_vector BEFORE INSERT OR UPDATE OF name, content ON context_artifacts
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_artifacts_search_trigger();

CREATE FUNCTION quarterdeck_tasks_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := quarterdeck_task_search_vector(NEW.title, NEW.instructions, NEW.last_error);
  RETURN NEW;
END $$;
CREATE TRIGGER tasks_search_vector BEFORE INSERT OR UPDATE OF title, instructions, last_error ON tasks
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_tasks_search_trigger();

CREATE FUNCTION quarterdeck_projects_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := quarterdeck_project_search_vector(NEW.name, NEW.product_idea, NEW.description);
  RETURN NEW;
END $$;
CREATE TRIGGER projects_search_vector BEFORE INSERT OR UPDATE OF name, product_idea, description ON projects
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_projects_search_trigger();

CREATE FUNCTION quarterdeck_hitl_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := quarterdeck_hitl_search_vector(NEW.question, NEW.response_content);
  RETURN NEW;
END $$;
CREATE TRIGGER hitl_requests_search_vector BEFORE INSERT OR UPDATE OF question, response_content ON hitl_requests
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_hitl_search_trigger();

CREATE FUNCTION quarterdeck_decisions_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := quarterdeck_decision_search_vector(
    NEW.problem, NEW.description, NEW.variants, NEW.justification, quarterdeck_decision_vote_reasons(NEW.id));
  RETURN NEW;
END $$;
CREATE TRIGGER decisions_search_vector BEFORE INSERT OR UPDATE OF problem, description, variants, justification ON decisions
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_decisions_search_trigger();

-- A vote cast, changed or withdrawn changes its decision's document.
CREATE FUNCTION quarterdeck_decision_votes_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.decision_id ELSE NEW.decision_id END;
BEGIN
  UPDATE decisions d
  SET search_vector = quarterdeck_decision_search_vector(
    d.problem, d.description, d.variants, d.justification, quarterdeck_decision_vote_reasons(d.id))
  WHERE d.id = target;
  RETURN NULL;
END $$;
CREATE TRIGGER decision_votes_search_vector AFTER INSERT OR UPDATE OF reason, decision_id OR DELETE ON decision_votes
  FOR EACH ROW EXECUTE FUNCTION quarterdeck_decision_votes_search_trigger();

-- Rows written before this migration.
UPDATE messages SET search_vector = quarterdeck_message_search_vector(content);
UPDATE context_artifacts SET search_vector = quarterdeck_artifact_search_vector(name, content);
UPDATE tasks SET search_vector = quarterdeck_task_search_vector(title, instructions, last_error);
UPDATE projects SET search_vector = quarterdeck_project_search_vector(name, product_idea, description);
UPDATE hitl_requests SET search_vector = quarterdeck_hitl_search_vector(question, response_content);
UPDATE decisions SET search_vector = quarterdeck_decision_search_vector(
  problem, description, variants, justification, quarterdeck_decision_vote_reasons(id));

-- CreateTable
CREATE TABLE "artifact_bundles" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "zip" BYTEA NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "artifact_count" INTEGER NOT NULL,
    "files" JSONB NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifact_bundles_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "artifact_bundles_project_id_key" ON "artifact_bundles"("project_id");

-- CreateIndex
CREATE INDEX "artifact_bundles_created_at_idx" ON "artifact_bundles"("created_at");

-- CreateIndex
CREATE INDEX "context_artifacts_created_at_idx" ON "context_artifacts"("created_at");

-- CreateIndex
CREATE INDEX "messages_created_at_idx" ON "messages"("created_at");

-- CreateIndex
CREATE INDEX "context_artifacts_search_vector_idx" ON "context_artifacts" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "decisions_search_vector_idx" ON "decisions" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "hitl_requests_search_vector_idx" ON "hitl_requests" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "messages_search_vector_idx" ON "messages" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "projects_search_vector_idx" ON "projects" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "tasks_search_vector_idx" ON "tasks" USING GIN ("search_vector");

-- AddForeignKey
ALTER TABLE "artifact_bundles" ADD CONSTRAINT "artifact_bundles_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact_bundles" ADD CONSTRAINT "artifact_bundles_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
