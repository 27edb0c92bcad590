DROP INDEX "roster_records_seen_idx";--> statement-breakpoint
ALTER TABLE "roster_records" DROP COLUMN "seen_run_id";