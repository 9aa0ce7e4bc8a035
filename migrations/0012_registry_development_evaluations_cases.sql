CREATE TYPE "public"."case_status" AS ENUM('published', 'hidden');--> statement-breakpoint
CREATE TYPE "public"."case_visibility" AS ENUM('jurisdiction', 'province');--> statement-breakpoint
CREATE TYPE "public"."award_kind" AS ENUM('competition', 'honour');--> statement-breakpoint
CREATE TYPE "public"."evaluation_status" AS ENUM('draft', 'final');--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"duty" text NOT NULL,
	"body" text NOT NULL,
	"attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"author_user_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"share_prefix" varchar(12) NOT NULL,
	"visibility" "case_visibility" NOT NULL,
	"status" "case_status" DEFAULT 'published' NOT NULL,
	"hidden_by_user_id" uuid,
	"hidden_at" timestamp with time zone,
	"hidden_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coordinator_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "award_kind" NOT NULL,
	"title" text NOT NULL,
	"result" text,
	"awarded_on" date NOT NULL,
	"issuer" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_attendance" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "training_attendance_pkey" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"hours" numeric(4, 1) NOT NULL,
	"trainer" text NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "training_sessions_hours" CHECK ("training_sessions"."hours" > 0 and "training_sessions"."hours" <= 200)
);
--> statement-breakpoint
CREATE TABLE "coordinator_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" smallint NOT NULL,
	"county_code" varchar(12) NOT NULL,
	"role_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"metrics" jsonb NOT NULL,
	"weights" jsonb NOT NULL,
	"coverage_score" numeric(5, 2) NOT NULL,
	"frequency_score" numeric(5, 2) NOT NULL,
	"quality_score" numeric(5, 2) NOT NULL,
	"difficulty_score" numeric(5, 2) NOT NULL,
	"computed_score" numeric(5, 2) NOT NULL,
	"adjustment" numeric(5, 2) DEFAULT 0 NOT NULL,
	"adjustment_comment" text,
	"adjusted_by_user_id" uuid,
	"adjusted_at" timestamp with time zone,
	"status" "evaluation_status" DEFAULT 'draft' NOT NULL,
	"finalized_by_user_id" uuid,
	"finalized_at" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coordinator_evaluations_adjustment" CHECK ("coordinator_evaluations"."adjustment" between -20 and 20)
);
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_hidden_by_user_id_users_id_fk" FOREIGN KEY ("hidden_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_awards" ADD CONSTRAINT "coordinator_awards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_awards" ADD CONSTRAINT "coordinator_awards_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_awards" ADD CONSTRAINT "coordinator_awards_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ADD CONSTRAINT "coordinator_evaluations_role_id_coordinator_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."coordinator_roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ADD CONSTRAINT "coordinator_evaluations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ADD CONSTRAINT "coordinator_evaluations_adjusted_by_user_id_users_id_fk" FOREIGN KEY ("adjusted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ADD CONSTRAINT "coordinator_evaluations_finalized_by_user_id_users_id_fk" FOREIGN KEY ("finalized_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "cases_share_prefix_idx" ON "cases" USING btree ("share_prefix");--> statement-breakpoint
CREATE INDEX "cases_author_idx" ON "cases" USING btree ("author_user_id");--> statement-breakpoint
CREATE INDEX "coordinator_awards_user_idx" ON "coordinator_awards" USING btree ("user_id","awarded_on");--> statement-breakpoint
CREATE INDEX "coordinator_awards_jurisdiction_idx" ON "coordinator_awards" USING btree ("jurisdiction_code" varchar_pattern_ops,"awarded_on");--> statement-breakpoint
CREATE INDEX "training_attendance_user_idx" ON "training_attendance" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "training_sessions_jurisdiction_idx" ON "training_sessions" USING btree ("jurisdiction_code" varchar_pattern_ops,"held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "coordinator_evaluations_year_role_key" ON "coordinator_evaluations" USING btree ("year","role_id");--> statement-breakpoint
CREATE INDEX "coordinator_evaluations_county_year_idx" ON "coordinator_evaluations" USING btree ("county_code","year");