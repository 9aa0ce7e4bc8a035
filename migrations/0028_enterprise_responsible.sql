CREATE TABLE "enterprise_responsible" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"role_id" uuid NOT NULL,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_enterprise_rows" ADD COLUMN "responsible" text;--> statement-breakpoint
ALTER TABLE "enterprise_responsible" ADD CONSTRAINT "enterprise_responsible_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_responsible" ADD CONSTRAINT "enterprise_responsible_role_id_coordinator_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."coordinator_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_responsible" ADD CONSTRAINT "enterprise_responsible_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enterprise_responsible_role_idx" ON "enterprise_responsible" USING btree ("role_id");