CREATE TYPE "public"."reminder_channel" AS ENUM('robot', 'work_notification');--> statement-breakpoint
CREATE TYPE "public"."reminder_rule" AS ENUM('due', 'overdue', 'summary', 'approval_backlog', 'major_risk', 'personal_overdue', 'group_misconfigured', 'test');--> statement-breakpoint
CREATE TYPE "public"."reminder_status" AS ENUM('pending', 'sending', 'sent', 'failed', 'blocked', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."work_group_status" AS ENUM('unknown', 'ok', 'throttled', 'misconfigured');--> statement-breakpoint
CREATE TABLE "reminder_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminder_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" bigint NOT NULL,
	"channel" "reminder_channel" NOT NULL,
	"group_id" uuid,
	"recipient_user_id" uuid,
	"jurisdiction_code" varchar(12) NOT NULL,
	"rule" "reminder_rule" NOT NULL,
	"period" varchar(10) NOT NULL,
	"part" smallint NOT NULL,
	"parts" smallint NOT NULL,
	"title" text NOT NULL,
	"message" jsonb NOT NULL,
	"msg_uuid" varchar(36) NOT NULL,
	"routine" boolean NOT NULL,
	"status" "reminder_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"errcode" integer,
	"errmsg" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_outbox_target" CHECK (("reminder_outbox"."channel" = 'robot' and "reminder_outbox"."group_id" is not null) or ("reminder_outbox"."channel" = 'work_notification' and "reminder_outbox"."recipient_user_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "reminder_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminder_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_key" text NOT NULL,
	"rule" "reminder_rule" NOT NULL,
	"period" varchar(10) NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"group_id" uuid,
	"user_id" uuid,
	"messages" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "send_budgets" (
	"key" varchar(64) PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"used" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"access_token_sealed" text NOT NULL,
	"token_fingerprint" varchar(64) NOT NULL,
	"secret_sealed" text,
	"keyword" text,
	"active" boolean DEFAULT true NOT NULL,
	"status" "work_group_status" DEFAULT 'unknown' NOT NULL,
	"last_delivery_at" timestamp with time zone,
	"last_errcode" integer,
	"last_errmsg" text,
	"recent_sends" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL,
	"throttled_until" timestamp with time zone,
	"created_by_user_id" uuid,
	"updated_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workday_overrides" (
	"province_code" varchar(12) NOT NULL,
	"date" date NOT NULL,
	"workday" boolean NOT NULL,
	"note" text,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workday_overrides_pkey" PRIMARY KEY("province_code","date")
);
--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD CONSTRAINT "reminder_outbox_run_id_reminder_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reminder_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD CONSTRAINT "reminder_outbox_group_id_work_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."work_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD CONSTRAINT "reminder_outbox_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD CONSTRAINT "reminder_outbox_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_runs" ADD CONSTRAINT "reminder_runs_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_runs" ADD CONSTRAINT "reminder_runs_group_id_work_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."work_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_runs" ADD CONSTRAINT "reminder_runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_groups" ADD CONSTRAINT "work_groups_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_groups" ADD CONSTRAINT "work_groups_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_groups" ADD CONSTRAINT "work_groups_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workday_overrides" ADD CONSTRAINT "workday_overrides_province_code_jurisdictions_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workday_overrides" ADD CONSTRAINT "workday_overrides_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_outbox_msg_uuid_key" ON "reminder_outbox" USING btree ("msg_uuid");--> statement-breakpoint
CREATE INDEX "reminder_outbox_due_idx" ON "reminder_outbox" USING btree ("next_attempt_at","id") WHERE "reminder_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "reminder_outbox_sending_idx" ON "reminder_outbox" USING btree ("lease_until") WHERE "reminder_outbox"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "reminder_outbox_group_idx" ON "reminder_outbox" USING btree ("group_id","status");--> statement-breakpoint
CREATE INDEX "reminder_outbox_history_idx" ON "reminder_outbox" USING btree ("jurisdiction_code" varchar_pattern_ops,"created_at","id");--> statement-breakpoint
CREATE INDEX "reminder_outbox_recipient_idx" ON "reminder_outbox" USING btree ("recipient_user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_runs_key" ON "reminder_runs" USING btree ("run_key");--> statement-breakpoint
CREATE INDEX "work_groups_jurisdiction_idx" ON "work_groups" USING btree ("jurisdiction_code" varchar_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "work_groups_token_key" ON "work_groups" USING btree ("token_fingerprint") WHERE "work_groups"."active";