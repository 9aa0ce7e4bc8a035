CREATE TYPE "public"."duty_mark_state" AS ENUM('done', 'awaiting');--> statement-breakpoint
CREATE TYPE "public"."duty_rule" AS ENUM('C1', 'C2', 'C3');--> statement-breakpoint
CREATE TYPE "public"."log_kind" AS ENUM('contact', 'visit', 'guidance', 'risk_report');--> statement-breakpoint
CREATE TYPE "public"."log_status" AS ENUM('recorded', 'submitted', 'approved', 'rejected', 'withdrawn', 'open', 'closed');--> statement-breakpoint
CREATE TABLE "duty_marks" (
	"enterprise_id" uuid NOT NULL,
	"rule" "duty_rule" NOT NULL,
	"period" varchar(7) NOT NULL,
	"state" "duty_mark_state" NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"last_log_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_marks_pkey" PRIMARY KEY("enterprise_id","rule","period")
);
--> statement-breakpoint
CREATE TABLE "duty_tallies" (
	"jurisdiction_code" varchar(12) NOT NULL,
	"rule" "duty_rule" NOT NULL,
	"period" varchar(7) NOT NULL,
	"size_rank" smallint NOT NULL,
	"is_key" boolean NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"awaiting" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_tallies" (
	"jurisdiction_code" varchar(12) NOT NULL,
	"size_rank" smallint NOT NULL,
	"is_key" boolean NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_log_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duty_log_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"log_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"reason" text,
	"snapshot" jsonb,
	"request_hash" varchar(64),
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"kind" "log_kind" NOT NULL,
	"status" "log_status" NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"author_user_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"duties" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"duplicate_of_id" uuid,
	"channel" text,
	"counterpart_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"risk_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"checkin_latitude" double precision,
	"checkin_longitude" double precision,
	"checkin_accuracy" double precision,
	"checkin_address" text,
	"checkin_is_mock" boolean,
	"checkin_coordinate_system" text,
	"distance_meters" integer,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"risk_level" text,
	"risk_kind" text,
	"severity" text,
	"people_affected" integer,
	"amount_involved" numeric(14, 2),
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_logs_kind_status" CHECK (case "duty_logs"."kind"
        when 'visit' then "duty_logs"."status" in ('submitted', 'approved', 'rejected', 'withdrawn')
        when 'risk_report' then "duty_logs"."status" in ('open', 'closed')
        else "duty_logs"."status" = 'recorded' end),
	CONSTRAINT "duty_logs_revision_positive" CHECK ("duty_logs"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "escalation_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "escalation_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "policy_settings" (
	"jurisdiction_code" varchar(12) PRIMARY KEY NOT NULL,
	"overrides" jsonb NOT NULL,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"log_id" uuid,
	"content_type" varchar(64) NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "duty_marks" ADD CONSTRAINT "duty_marks_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_marks" ADD CONSTRAINT "duty_marks_last_log_id_duty_logs_id_fk" FOREIGN KEY ("last_log_id") REFERENCES "public"."duty_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log_events" ADD CONSTRAINT "duty_log_events_log_id_duty_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."duty_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log_events" ADD CONSTRAINT "duty_log_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_logs" ADD CONSTRAINT "duty_logs_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_logs" ADD CONSTRAINT "duty_logs_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_logs" ADD CONSTRAINT "duty_logs_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_logs" ADD CONSTRAINT "duty_logs_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_events" ADD CONSTRAINT "escalation_events_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_settings_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_log_id_duty_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."duty_logs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_marks_period_jurisdiction_idx" ON "duty_marks" USING btree ("rule","period","jurisdiction_code" varchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "duty_tallies_key" ON "duty_tallies" USING btree ("rule","period","jurisdiction_code" varchar_pattern_ops,"size_rank","is_key");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_tallies_key" ON "enterprise_tallies" USING btree ("jurisdiction_code" varchar_pattern_ops,"size_rank","is_key");--> statement-breakpoint
CREATE INDEX "duty_log_events_log_idx" ON "duty_log_events" USING btree ("log_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_logs_author_client_key" ON "duty_logs" USING btree ("author_user_id","client_id");--> statement-breakpoint
CREATE INDEX "duty_logs_enterprise_idx" ON "duty_logs" USING btree ("enterprise_id","occurred_at");--> statement-breakpoint
CREATE INDEX "duty_logs_author_idx" ON "duty_logs" USING btree ("author_user_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "duty_logs_jurisdiction_idx" ON "duty_logs" USING btree ("jurisdiction_code" varchar_pattern_ops,"occurred_at");--> statement-breakpoint
CREATE INDEX "duty_logs_submitted_visits_idx" ON "duty_logs" USING btree ("jurisdiction_code" varchar_pattern_ops,"occurred_at") WHERE "duty_logs"."kind" = 'visit' and "duty_logs"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "escalation_events_pending_idx" ON "escalation_events" USING btree ("created_at") WHERE "escalation_events"."dispatched_at" is null;--> statement-breakpoint
CREATE INDEX "uploads_owner_idx" ON "uploads" USING btree ("owner_user_id","created_at");--> statement-breakpoint
CREATE INDEX "uploads_log_idx" ON "uploads" USING btree ("log_id") WHERE "uploads"."log_id" is not null;