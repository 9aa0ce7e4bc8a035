CREATE TYPE "public"."import_kind" AS ENUM('enterprises', 'coordinators', 'jurisdictions');--> statement-breakpoint
CREATE TYPE "public"."import_state" AS ENUM('queued', 'validating', 'validated', 'invalid', 'committing', 'committed', 'failed');--> statement-breakpoint
CREATE TABLE "import_coordinator_rows" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"dingtalk_user_id" varchar(64) NOT NULL,
	"name" text NOT NULL,
	"mobile" varchar(11),
	"kind" "coordinator_kind" NOT NULL,
	"jurisdiction_code" varchar(12),
	"enterprise_uscc" varchar(18),
	"organisation" text,
	"skill_level" "skill_level",
	"certificate_no" varchar(64),
	"certificate_date" date
);
--> statement-breakpoint
CREATE TABLE "import_enterprise_rows" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"uscc" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"industry" "industry",
	"employees" integer,
	"revenue" numeric(14, 2),
	"assets" numeric(14, 2),
	"declared_size" "enterprise_size",
	"computed_size" "enterprise_size",
	"contact_name" text,
	"contact_mobile" varchar(11),
	"address" text,
	"is_key" boolean
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"column_name" text,
	"value" text,
	"message" text NOT NULL,
	"cells" jsonb
);
--> statement-breakpoint
CREATE TABLE "import_jurisdiction_rows" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"code" varchar(12) NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "import_kind" NOT NULL,
	"state" "import_state" DEFAULT 'queued' NOT NULL,
	"created_by" uuid NOT NULL,
	"scope_codes" text[] NOT NULL,
	"file_name" text NOT NULL,
	"storage_key" text NOT NULL,
	"columns" text[] DEFAULT '{}'::text[] NOT NULL,
	"header" text[] DEFAULT '{}'::text[] NOT NULL,
	"bytes_total" bigint NOT NULL,
	"bytes_done" bigint DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"rows_committed" integer DEFAULT 0 NOT NULL,
	"inserts" integer DEFAULT 0 NOT NULL,
	"updates" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"message" text,
	"ip" text,
	"created_at" timestamp with time zone NOT NULL,
	"validated_at" timestamp with time zone,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_errors_import_idx" ON "import_errors" USING btree ("import_id","row_no");--> statement-breakpoint
CREATE INDEX "imports_created_by_idx" ON "imports" USING btree ("created_by","created_at");