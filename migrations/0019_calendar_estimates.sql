CREATE TABLE "workday_schedule_years" (
	"province_code" varchar(12) NOT NULL,
	"year" smallint NOT NULL,
	"confirmed_by_user_id" uuid,
	"confirmed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workday_schedule_years_pkey" PRIMARY KEY("province_code","year")
);
--> statement-breakpoint
ALTER TABLE "import_jurisdiction_rows" ADD COLUMN "local_code" boolean;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "local_code" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD COLUMN "estimated_calendar" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workday_schedule_years" ADD CONSTRAINT "workday_schedule_years_province_code_jurisdictions_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workday_schedule_years" ADD CONSTRAINT "workday_schedule_years_confirmed_by_user_id_users_id_fk" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;