-- County roll-ups of the duty tallies (0003): the province and city summaries read a few hundred
-- county rows instead of every community's. Each trigger function now maintains both grains in the
-- same statement; the service does the same for every duty mark change.

-- The roll-up code: the county of a code below county level, the code itself above it.
CREATE OR REPLACE FUNCTION county_rollup_code(code varchar) RETURNS varchar
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT rpad(left(code, 6), 12, '0')::varchar
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION enterprises_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH counted AS (
    SELECT n.jurisdiction_code AS code, enterprise_size_rank(n.size) AS rank, n.is_key AS key, count(*) AS n
      FROM new_rows n
     WHERE n.status = 'active' AND n.in_scope
     GROUP BY 1, 2, 3
  ),
  county AS (
    INSERT INTO enterprise_tallies_county AS t (jurisdiction_code, size_rank, is_key, count)
    SELECT county_rollup_code(code), rank, key, sum(n) FROM counted GROUP BY 1, 2, 3
    ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count
    RETURNING 1
  )
  INSERT INTO enterprise_tallies AS t (jurisdiction_code, size_rank, is_key, count)
  SELECT code, rank, key, n FROM counted
  ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION enterprises_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH counted AS (
    SELECT o.jurisdiction_code AS code, enterprise_size_rank(o.size) AS rank, o.is_key AS key, -count(*) AS n
      FROM old_rows o
     WHERE o.status = 'active' AND o.in_scope
     GROUP BY 1, 2, 3
  ),
  county AS (
    INSERT INTO enterprise_tallies_county AS t (jurisdiction_code, size_rank, is_key, count)
    SELECT county_rollup_code(code), rank, key, sum(n) FROM counted GROUP BY 1, 2, 3
    ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count
    RETURNING 1
  )
  INSERT INTO enterprise_tallies AS t (jurisdiction_code, size_rank, is_key, count)
  SELECT code, rank, key, n FROM counted
  ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count;
  RETURN NULL;
END
$$;--> statement-breakpoint

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
  enterprise_deltas AS (
    SELECT old_code AS code, old_rank AS rank, old_key AS key, -1 AS delta FROM changed WHERE old_code IS NOT NULL
    UNION ALL
    SELECT new_code, new_rank, new_key, 1 FROM changed WHERE new_code IS NOT NULL
  ),
  enterprise_moves AS (
    INSERT INTO enterprise_tallies AS t (jurisdiction_code, size_rank, is_key, count)
    SELECT code, rank, key, sum(delta) FROM enterprise_deltas GROUP BY 1, 2, 3 HAVING sum(delta) <> 0
    ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count
    RETURNING 1
  ),
  enterprise_county_moves AS (
    INSERT INTO enterprise_tallies_county AS t (jurisdiction_code, size_rank, is_key, count)
    SELECT county_rollup_code(code), rank, key, sum(delta) FROM enterprise_deltas GROUP BY 1, 2, 3 HAVING sum(delta) <> 0
    ON CONFLICT (jurisdiction_code, size_rank, is_key) DO UPDATE SET count = t.count + excluded.count
    RETURNING 1
  ),
  mark_moves AS (
    UPDATE duty_marks m
       SET jurisdiction_code = c.new_jurisdiction
      FROM changed c
     WHERE m.enterprise_id = c.id AND c.old_jurisdiction <> c.new_jurisdiction
    RETURNING 1
  ),
  mark_deltas AS (
    SELECT c.old_code AS code, m.rule, m.period, c.old_rank AS rank, c.old_key AS key,
           -(m.state = 'done')::int AS done, -(m.state = 'awaiting')::int AS awaiting
      FROM changed c JOIN duty_marks m ON m.enterprise_id = c.id
     WHERE c.old_code IS NOT NULL
    UNION ALL
    SELECT c.new_code, m.rule, m.period, c.new_rank, c.new_key,
           (m.state = 'done')::int, (m.state = 'awaiting')::int
      FROM changed c JOIN duty_marks m ON m.enterprise_id = c.id
     WHERE c.new_code IS NOT NULL
  ),
  mark_county_moves AS (
    INSERT INTO duty_tallies_county AS t (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
    SELECT county_rollup_code(code), rule, period, rank, key, sum(done), sum(awaiting)
      FROM mark_deltas
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(done) <> 0 OR sum(awaiting) <> 0
    ON CONFLICT (rule, period, jurisdiction_code, size_rank, is_key)
    DO UPDATE SET done = t.done + excluded.done, awaiting = t.awaiting + excluded.awaiting
    RETURNING 1
  )
  INSERT INTO duty_tallies AS t (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
  SELECT code, rule, period, rank, key, sum(done), sum(awaiting)
    FROM mark_deltas
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(done) <> 0 OR sum(awaiting) <> 0
  ON CONFLICT (rule, period, jurisdiction_code, size_rank, is_key)
  DO UPDATE SET done = t.done + excluded.done, awaiting = t.awaiting + excluded.awaiting;
  RETURN NULL;
END
$$;--> statement-breakpoint

-- Tallies written before this migration.
INSERT INTO enterprise_tallies_county (jurisdiction_code, size_rank, is_key, count)
SELECT county_rollup_code(jurisdiction_code), size_rank, is_key, sum(count)
  FROM enterprise_tallies
 GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO duty_tallies_county (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
SELECT county_rollup_code(jurisdiction_code), rule, period, size_rank, is_key, sum(done), sum(awaiting)
  FROM duty_tallies
 GROUP BY 1, 2, 3, 4, 5;
