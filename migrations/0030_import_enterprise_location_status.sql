ALTER TABLE "import_enterprise_rows" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "import_enterprise_rows" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "import_enterprise_rows" ADD COLUMN "status" "enterprise_status";