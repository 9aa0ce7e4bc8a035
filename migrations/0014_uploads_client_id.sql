ALTER TABLE "uploads" ADD COLUMN "client_id" uuid;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "source_url" text;--> statement-breakpoint
CREATE UNIQUE INDEX "uploads_owner_client_id_key" ON "uploads" USING btree ("owner_user_id","client_id") WHERE "uploads"."client_id" is not null;