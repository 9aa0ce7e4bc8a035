ALTER TABLE "import_coordinator_rows" ADD COLUMN "ended_on" date;--> statement-breakpoint
ALTER TABLE "import_coordinator_rows" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "import_coordinator_rows" ADD COLUMN "deactivate" boolean;