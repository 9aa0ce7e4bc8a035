CREATE TYPE "public"."work_group_delivery" AS ENUM('webhook', 'app_robot');--> statement-breakpoint
ALTER TABLE "work_groups" ALTER COLUMN "access_token_sealed" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "work_groups" ALTER COLUMN "token_fingerprint" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "work_groups" ADD COLUMN "delivery" "work_group_delivery" DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
ALTER TABLE "work_groups" ADD COLUMN "open_conversation_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "work_groups_conversation_key" ON "work_groups" USING btree ("open_conversation_id") WHERE "work_groups"."active";--> statement-breakpoint
ALTER TABLE "work_groups" ADD CONSTRAINT "work_groups_delivery_target" CHECK (("work_groups"."delivery" = 'webhook' and "work_groups"."access_token_sealed" is not null and "work_groups"."token_fingerprint" is not null) or ("work_groups"."delivery" = 'app_robot' and "work_groups"."open_conversation_id" is not null));