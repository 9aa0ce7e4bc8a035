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
ALTER TABLE "risk_report_progress" ADD CONSTRAINT "risk_report_progress_log_id_duty_logs_id_fk" FOREIGN KEY ("log_id") REFERENCES "public"."duty_logs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_report_progress" ADD CONSTRAINT "risk_report_progress_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_report_progress" ADD CONSTRAINT "risk_report_progress_handling_code_jurisdictions_code_fk" FOREIGN KEY ("handling_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_report_progress_deadline_idx" ON "risk_report_progress" USING btree ("deadline_at");