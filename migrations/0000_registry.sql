CREATE TYPE "public"."coordinator_kind" AS ENUM('enterprise', 'township', 'park', 'community', 'union', 'enterprise_federation', 'federation_of_industry', 'industry_association', 'mediation', 'legal');--> statement-breakpoint
CREATE TYPE "public"."enterprise_size" AS ENUM('large', 'medium', 'small', 'micro');--> statement-breakpoint
CREATE TYPE "public"."enterprise_status" AS ENUM('active', 'suspended', 'closed');--> statement-breakpoint
CREATE TYPE "public"."industry" AS ENUM('agriculture', 'industry', 'construction', 'wholesale', 'retail', 'transport', 'warehousing', 'postal', 'accommodation', 'catering', 'telecom', 'software', 'real_estate', 'property_management', 'leasing_business', 'other');--> statement-breakpoint
CREATE TYPE "public"."jurisdiction_level" AS ENUM('province', 'city', 'county', 'township', 'park', 'community');--> statement-breakpoint
CREATE TYPE "public"."skill_level" AS ENUM('level4', 'level3', 'level2', 'level1');--> statement-breakpoint
CREATE TYPE "public"."supervisor_access" AS ENUM('viewer', 'manager');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"details" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"uscc" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"industry" "industry" DEFAULT 'other' NOT NULL,
	"employees" integer,
	"revenue" numeric(14, 2),
	"assets" numeric(14, 2),
	"declared_size" "enterprise_size",
	"computed_size" "enterprise_size",
	"size" "enterprise_size" GENERATED ALWAYS AS (coalesce(declared_size, computed_size)) STORED,
	"contact_name" text,
	"contact_mobile" varchar(11),
	"address" text,
	"latitude" double precision,
	"longitude" double precision,
	"in_scope" boolean DEFAULT true NOT NULL,
	"is_key" boolean DEFAULT false NOT NULL,
	"status" "enterprise_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprises_uscc_shape" CHECK ("enterprises"."uscc" ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$')
);
--> statement-breakpoint
CREATE TABLE "jurisdictions" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"parent_code" varchar(12),
	"level" "jurisdiction_level" NOT NULL,
	"name" text NOT NULL,
	"depth" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jurisdictions_code_digits" CHECK ("jurisdictions"."code" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "coordinator_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "coordinator_kind" NOT NULL,
	"enterprise_id" uuid,
	"jurisdiction_code" varchar(12) NOT NULL,
	"organisation" text,
	"skill_level" "skill_level",
	"certificate_no" varchar(64),
	"certificate_date" date,
	"valid_from" date DEFAULT now() NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordinator_roles_enterprise_kind" CHECK (("coordinator_roles"."kind" = 'enterprise') = ("coordinator_roles"."enterprise_id" is not null)),
	CONSTRAINT "coordinator_roles_dates" CHECK ("coordinator_roles"."valid_to" is null or "coordinator_roles"."valid_to" >= "coordinator_roles"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "supervisor_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"jurisdiction_code" varchar(12) NOT NULL,
	"access" "supervisor_access" DEFAULT 'manager' NOT NULL,
	"title" text,
	"valid_from" date DEFAULT now() NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dingtalk_user_id" varchar(64) NOT NULL,
	"name" text NOT NULL,
	"mobile" varchar(11),
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD CONSTRAINT "jurisdictions_parent_code_jurisdictions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_roles" ADD CONSTRAINT "coordinator_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_roles" ADD CONSTRAINT "coordinator_roles_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_roles" ADD CONSTRAINT "coordinator_roles_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisor_roles" ADD CONSTRAINT "supervisor_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisor_roles" ADD CONSTRAINT "supervisor_roles_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_uscc_key" ON "enterprises" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "enterprises_jurisdiction_idx" ON "enterprises" USING btree ("jurisdiction_code" varchar_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "enterprises_name_idx" ON "enterprises" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "jurisdictions_parent_idx" ON "jurisdictions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "jurisdictions_code_pattern_idx" ON "jurisdictions" USING btree ("code" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "coordinator_roles_user_idx" ON "coordinator_roles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "coordinator_roles_enterprise_idx" ON "coordinator_roles" USING btree ("enterprise_id") WHERE "coordinator_roles"."enterprise_id" is not null;--> statement-breakpoint
CREATE INDEX "coordinator_roles_jurisdiction_idx" ON "coordinator_roles" USING btree ("jurisdiction_code" varchar_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "supervisor_roles_user_idx" ON "supervisor_roles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "supervisor_roles_jurisdiction_idx" ON "supervisor_roles" USING btree ("jurisdiction_code");--> statement-breakpoint
CREATE UNIQUE INDEX "users_dingtalk_user_id_key" ON "users" USING btree ("dingtalk_user_id");