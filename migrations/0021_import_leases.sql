ALTER TABLE "imports" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "imports_in_flight_idx" ON "imports" USING btree ("lease_until") WHERE "imports"."state" in ('queued', 'validating', 'committing');--> statement-breakpoint
CREATE INDEX "uploads_unattached_idx" ON "uploads" USING btree ("created_at") WHERE "uploads"."log_id" is null and "uploads"."case_id" is null;