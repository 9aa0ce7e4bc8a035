-- Enterprise search by a fragment of its Chinese name (企业名称模糊搜索) must not scan the province.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "enterprises_name_trgm_idx" ON "enterprises" USING gin ("name" gin_trgm_ops);
