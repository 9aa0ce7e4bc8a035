-- 协调员之家: search cases by a fragment of their title or text without scanning the library.
CREATE INDEX IF NOT EXISTS "cases_text_trgm_idx" ON "cases" USING gin (("title" || ' ' || "body") gin_trgm_ops);--> statement-breakpoint
-- The yearly evaluation (C5) counts rejection decisions on a coordinator's visits.
CREATE INDEX IF NOT EXISTS "duty_log_events_rejected_idx" ON "duty_log_events" ("log_id") WHERE "action" = 'rejected';
