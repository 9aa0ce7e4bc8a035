CREATE TABLE "assessment_targets" (
	"jurisdiction_code" varchar(12) NOT NULL,
	"year" smallint NOT NULL,
	"staffing_rate" numeric(5, 4),
	"compliant_rate" numeric(5, 4),
	"c1_coverage" numeric(5, 4),
	"c2_coverage" numeric(5, 4),
	"set_by_user_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_targets_jurisdiction_code_year_pk" PRIMARY KEY("jurisdiction_code","year"),
	CONSTRAINT "assessment_targets_rates" CHECK (coalesce("assessment_targets"."staffing_rate", 0) between 0 and 1 and coalesce("assessment_targets"."compliant_rate", 0) between 0 and 1
          and coalesce("assessment_targets"."c1_coverage", 0) between 0 and 1 and coalesce("assessment_targets"."c2_coverage", 0) between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "export_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"ledger" varchar(32) NOT NULL,
	"query" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ALTER COLUMN "coverage_score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ALTER COLUMN "frequency_score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ALTER COLUMN "quality_score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ALTER COLUMN "difficulty_score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "coordinator_evaluations" ALTER COLUMN "computed_score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "duty_logs" ADD COLUMN "topics" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_targets" ADD CONSTRAINT "assessment_targets_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_targets" ADD CONSTRAINT "assessment_targets_set_by_user_id_users_id_fk" FOREIGN KEY ("set_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_links" ADD CONSTRAINT "export_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "export_links_expires_idx" ON "export_links" USING btree ("expires_at");--> statement-breakpoint
-- Hand-written: guidance logs written before C3 had its own topics named seed §二(二) duties; read
-- them as the C3 topics they cover (shared/domain/guidance-topics.ts TOPICS_OF_LEGACY_DUTY).
UPDATE "duty_logs" l SET "topics" = coalesce((
  SELECT array_agg(DISTINCT t ORDER BY t) FROM unnest(l."duties") d, unnest(CASE d
    WHEN 'law_publicity' THEN ARRAY['law_policy_publicity']
    WHEN 'standards_contracts' THEN ARRAY['contract_system_design', 'work_rules']
    WHEN 'democratic_bargaining' THEN ARRAY['collective_bargaining', 'democratic_management']
    WHEN 'dispute_mediation' THEN ARRAY['dispute_mediation']
    WHEN 'checkup_registration' THEN ARRAY['employment_form']
    ELSE ARRAY[]::text[] END) t), '{}'::text[]), "duties" = '{}'::text[]
 WHERE l."kind" = 'guidance';
