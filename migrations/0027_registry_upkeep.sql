ALTER TYPE "public"."reminder_rule" ADD VALUE 'risk_overdue' BEFORE 'personal_overdue';--> statement-breakpoint
CREATE TABLE "risk_report_progress" (
	"log_id" uuid PRIMARY KEY NOT NULL,
	"stage" text NOT NULL,
	"accepted_by_user_id" uuid,
	"accepted_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"handling_code" varchar(12) NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"escalations" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "risk_report_progress_stage" CHECK ("risk_report_progress"."stage" in ('pending', 'accepted', 'in_progress')),
	CONSTRAINT "risk_report_progress_accepted" CHECK ("risk_report_progress"."stage" = 'pending' or ("risk_report_progress"."accepted_by_user_id" is not null and "risk_report_progress"."accepted_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "coordinator_awards" ADD COLUMN "honour" text;--> statement-breakpoint
ALTER TABLE "coordinator_awards" ADD COLUMN "level" text;--> statement-breakpoint
ALTER TABLE "coordinator_awards" ADD COLUMN "year" integer;--> statement-breakpoint
ALTER TABLE "coordinator_roles" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "risk_report_progress" ADD CONSTRAINT "risk_report_progress_log_id_duty_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."duty_logs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_report_progress" ADD CONSTRAINT "risk_report_progress_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_report_progress" ADD CONSTRAINT "risk_report_progress_handling_code_jurisdictions_code_fk" FOREIGN KEY ("handling_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_report_progress_deadline_idx" ON "risk_report_progress" USING btree ("deadline_at");--> statement-breakpoint
-- Hand-written: existing awards get the level that recorded them and the year they were given;
-- honours whose title is one of the defined ones get its key.
UPDATE "coordinator_awards" a SET
  "level" = CASE WHEN j."level"::text IN ('province', 'city', 'county') THEN j."level"::text ELSE 'county' END,
  "year" = CASE WHEN a."kind" = 'honour' THEN extract(year FROM a."awarded_on")::int END,
  "honour" = CASE WHEN a."kind" = 'honour' THEN CASE a."title"
    WHEN '金牌劳动关系协调员' THEN 'gold_coordinator'
    WHEN '和谐劳动关系创建工作先进个人' THEN 'harmony_advanced'
    WHEN '技术能手' THEN 'skill_expert'
    WHEN '五一劳动奖章' THEN 'may_day_medal' END END
FROM "jurisdictions" j WHERE j."code" = a."jurisdiction_code";--> statement-breakpoint
ALTER TABLE "coordinator_awards" ADD CONSTRAINT "coordinator_awards_honour_defined" CHECK ("coordinator_awards"."kind" <> 'honour' or ("coordinator_awards"."level" is not null and "coordinator_awards"."year" is not null));