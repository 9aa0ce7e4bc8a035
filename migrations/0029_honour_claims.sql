CREATE TYPE "public"."incentive_kind" AS ENUM('subsidy', 'gold');--> statement-breakpoint
CREATE TYPE "public"."incentive_status" AS ENUM('pending', 'claimed', 'paid');--> statement-breakpoint
CREATE TABLE "incentive_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "incentive_kind" NOT NULL,
	"user_id" uuid NOT NULL,
	"skill_level" "skill_level",
	"award_id" uuid,
	"jurisdiction_code" varchar(12) NOT NULL,
	"detail" text,
	"status" "incentive_status" DEFAULT 'pending' NOT NULL,
	"claimed_on" date,
	"claimed_by_user_id" uuid,
	"paid_on" date,
	"paid_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incentive_claims_subject" CHECK (("incentive_claims"."kind" = 'subsidy' and "incentive_claims"."skill_level" is not null and "incentive_claims"."award_id" is null)
        or ("incentive_claims"."kind" = 'gold' and "incentive_claims"."award_id" is not null)),
	CONSTRAINT "incentive_claims_dates" CHECK (("incentive_claims"."status" = 'pending' or "incentive_claims"."claimed_on" is not null)
        and ("incentive_claims"."status" <> 'paid' or ("incentive_claims"."paid_on" is not null and "incentive_claims"."paid_on" >= "incentive_claims"."claimed_on")))
);
--> statement-breakpoint
ALTER TABLE "training_attendance" ADD COLUMN "hours" numeric(4, 1);--> statement-breakpoint
ALTER TABLE "incentive_claims" ADD CONSTRAINT "incentive_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_claims" ADD CONSTRAINT "incentive_claims_award_id_coordinator_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."coordinator_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_claims" ADD CONSTRAINT "incentive_claims_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_claims" ADD CONSTRAINT "incentive_claims_claimed_by_user_id_users_id_fk" FOREIGN KEY ("claimed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_claims" ADD CONSTRAINT "incentive_claims_paid_by_user_id_users_id_fk" FOREIGN KEY ("paid_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incentive_claims_subsidy_key" ON "incentive_claims" USING btree ("user_id","skill_level") WHERE "incentive_claims"."kind" = 'subsidy';--> statement-breakpoint
CREATE UNIQUE INDEX "incentive_claims_award_key" ON "incentive_claims" USING btree ("award_id");--> statement-breakpoint
CREATE INDEX "incentive_claims_jurisdiction_idx" ON "incentive_claims" USING btree ("jurisdiction_code" varchar_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "incentive_claims_user_idx" ON "incentive_claims" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_hours" CHECK ("training_attendance"."hours" is null or ("training_attendance"."hours" > 0 and "training_attendance"."hours" <= 200));