-- Duty summaries (GET /api/v1/duties/summary) read per-jurisdiction tallies instead of millions of
-- enterprises. enterprise_tallies counts active, in-scope enterprises by jurisdiction, size rank and
-- key flag; duty_tallies counts duty marks by the same attributes. The service keeps duty_tallies
-- current with every mark change; these statement-level triggers keep both current whenever an
-- enterprise is added, removed, moved, resized or taken in or out of scope, whoever writes it.

-- 0 unknown, 1 micro, 2 small, 3 medium, 4 large (server/src/db/schema/duties.ts sizeRankSql).
CREATE OR REPLACE FUNCTION enterprise_size_rank(s enterprise_size) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE s WHEN 'large' THEN 4 WHEN 'medium' THEN 3 WHEN 'small' THEN 2 WHEN 'micro' THEN 1 ELSE 0 END)::smallint
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION enterprises_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO enterprise_tallies AS t (jurisdiction_code, size_rank, is_key, count)
  SELECT n.jurisdiction_code, enterprise_size_rank(n.size), n.is_key, count(*)
    FROM new_rows n
   WHERE n.status = 'active' AND n.in_scope
   GROUP BY 1, 2, 3
  ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION enterprises_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO enterprise_tallies AS t (jurisdiction_code, size_rank, is_key, count)
  SELECT o.jurisdiction_code, enterprise_size_rank(o.size), o.is_key, -count(*)
    FROM old_rows o
   WHERE o.status = 'active' AND o.in_scope
   GROUP BY 1, 2, 3
  ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count;
  RETURN NULL;
END
$$;--> statement-breakpoint

-- One statement: find enterprises whose counted attributes changed, move their enterprise tally,
-- move their duty marks' jurisdiction and move the marks' tallies from the old key to the new one.
CREATE OR REPLACE FUNCTION enterprises_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT o.id,
           o.jurisdiction_code AS old_jurisdiction,
           n.jurisdiction_code AS new_jurisdiction,
           CASE WHEN o.status = 'active' AND o.in_scope THEN o.jurisdiction_code END AS old_code,
           enterprise_size_rank(o.size) AS old_rank,
           o.is_key AS old_key,
           CASE WHEN n.status = 'active' AND n.in_scope THEN n.jurisdiction_code END AS new_code,
           enterprise_size_rank(n.size) AS new_rank,
           n.is_key AS new_key
      FROM old_rows o
      JOIN new_rows n ON n.id = o.id
     WHERE (o.status = 'active' AND o.in_scope, o.jurisdiction_code, o.size, o.is_key)
           IS DISTINCT FROM (n.status = 'active' AND n.in_scope, n.jurisdiction_code, n.size, n.is_key)
  ),
  enterprise_moves AS (
    INSERT INTO enterprise_tallies AS t (jurisdiction_code, size_rank, is_key, count)
    SELECT code, rank, key, sum(delta)
      FROM (SELECT old_code AS code, old_rank AS rank, old_key AS key, -1 AS delta FROM changed WHERE old_code IS NOT NULL
            UNION ALL
            SELECT new_code, new_rank, new_key, 1 FROM changed WHERE new_code IS NOT NULL) d
     GROUP BY 1, 2, 3
    HAVING sum(delta) <> 0
    ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count
    RETURNING 1
  ),
  mark_moves AS (
    UPDATE duty_marks m
       SET jurisdiction_code = c.new_jurisdiction
      FROM changed c
     WHERE m.enterprise_id = c.id AND c.old_jurisdiction <> c.new_jurisdiction
    RETURNING 1
  )
  INSERT INTO duty_tallies AS t (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
  SELECT code, rule, period, rank, key, sum(done), sum(awaiting)
    FROM (SELECT c.old_code AS code, m.rule, m.period, c.old_rank AS rank, c.old_key AS key,
                 -(m.state = 'done')::int AS done, -(m.state = 'awaiting')::int AS awaiting
            FROM changed c JOIN duty_marks m ON m.enterprise_id = c.id
           WHERE c.old_code IS NOT NULL
          UNION ALL
          SELECT c.new_code, m.rule, m.period, c.new_rank, c.new_key,
                 (m.state = 'done')::int, (m.state = 'awaiting')::int
            FROM changed c JOIN duty_marks m ON m.enterprise_id = c.id
           WHERE c.new_code IS NOT NULL) d
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(done) <> 0 OR sum(awaiting) <> 0
  ON CONFLICT (rule, period, jurisdiction_code, size_rank, is_key)
  DO UPDATE SET done = t.done + excluded.done, awaiting = t.awaiting + excluded.awaiting;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE TRIGGER enterprises_tally_insert AFTER INSERT ON enterprises
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_tally_insert();--> statement-breakpoint
CREATE TRIGGER enterprises_tally_update AFTER UPDATE ON enterprises
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_tally_update();--> statement-breakpoint
CREATE TRIGGER enterprises_tally_delete AFTER DELETE ON enterprises
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_tally_delete();--> statement-breakpoint

-- Enterprises registered before this migration.
INSERT INTO enterprise_tallies (jurisdiction_code, size_rank, is_key, count)
SELECT jurisdiction_code, enterprise_size_rank(size), is_key, count(*)
  FROM enterprises
 WHERE status = 'active' AND in_scope
 GROUP BY 1, 2, 3;
