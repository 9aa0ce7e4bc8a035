-- The import staging tables are scratch space between a dry run and its commit: not WAL-logged
-- (faster to fill; emptied after a crash, when the import is simply uploaded again).
ALTER TABLE import_enterprise_rows SET UNLOGGED;--> statement-breakpoint
ALTER TABLE import_coordinator_rows SET UNLOGGED;--> statement-breakpoint
ALTER TABLE import_jurisdiction_rows SET UNLOGGED;
