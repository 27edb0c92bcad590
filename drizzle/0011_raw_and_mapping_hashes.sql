ALTER TABLE "roster_records" ADD COLUMN "raw_hash" text;--> statement-breakpoint
ALTER TABLE "roster_records" ADD COLUMN "mapping_hash" text;--> statement-breakpoint
ALTER TABLE "sis_staging" ADD COLUMN "raw_hash" text;