CREATE TABLE "duty_tallies_county" (
	"jurisdiction_code" varchar(12) NOT NULL,
	"rule" "duty_rule" NOT NULL,
	"period" varchar(7) NOT NULL,
	"size_rank" smallint NOT NULL,
	"is_key" boolean NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"awaiting" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_tallies_county" (
	"jurisdiction_code" varchar(12) NOT NULL,
	"size_rank" smallint NOT NULL,
	"is_key" boolean NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "duty_tallies_county_key" ON "duty_tallies_county" USING btree ("rule","period","jurisdiction_code" varchar_pattern_ops,"size_rank","is_key");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_tallies_county_key" ON "enterprise_tallies_county" USING btree ("jurisdiction_code" varchar_pattern_ops,"size_rank","is_key");