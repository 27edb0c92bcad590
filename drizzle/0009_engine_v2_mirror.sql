CREATE TABLE "sync_seen_keys" (
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_id" text NOT NULL,
	CONSTRAINT "sync_seen_keys_run_id_kind_source_id_pk" PRIMARY KEY("run_id","kind","source_id")
);
--> statement-breakpoint
CREATE TABLE "user_name_claims" (
	"tenant_id" text NOT NULL,
	"user_name_key" text NOT NULL,
	"user_name" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	CONSTRAINT "user_name_claims_tenant_id_user_name_key_pk" PRIMARY KEY("tenant_id","user_name_key")
);
--> statement-breakpoint
CREATE TABLE "sync_plan_parts" (
	"run_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"kind" text NOT NULL,
	"low_key" text NOT NULL,
	"high_key" text NOT NULL,
	CONSTRAINT "sync_plan_parts_run_id_part_pk" PRIMARY KEY("run_id","part")
);
--> statement-breakpoint
ALTER TABLE "roster_records" ADD COLUMN "desired_hash" text;--> statement-breakpoint
ALTER TABLE "roster_records" ADD COLUMN "changed_run_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "user_name_claims_user_idx" ON "user_name_claims" USING btree ("provider_id","source_id");--> statement-breakpoint
CREATE INDEX "roster_records_changed_idx" ON "roster_records" USING btree ("provider_id","kind","changed_run_id");--> statement-breakpoint
CREATE INDEX "roster_records_enrollment_section_idx" ON "roster_records" USING btree ("provider_id",("data"->>'sectionId')) WHERE "roster_records"."kind" = 'enrollments';--> statement-breakpoint
CREATE INDEX "roster_records_enrollment_user_idx" ON "roster_records" USING btree ("provider_id",("data"->>'userId')) WHERE "roster_records"."kind" = 'enrollments';--> statement-breakpoint
INSERT INTO "user_name_claims" ("tenant_id", "user_name_key", "user_name", "provider_id", "source_id")
SELECT "tenant_id", lower("user_name"), "user_name", "provider_id", "source_id" FROM "scim_resources"
WHERE "resource_type" = 'User' AND "user_name" IS NOT NULL
ON CONFLICT DO NOTHING;
