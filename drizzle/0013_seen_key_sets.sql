CREATE TABLE "sync_seen_key_sets" (
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"keys" text[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sync_seen_key_sets_run_idx" ON "sync_seen_key_sets" USING btree ("run_id","kind");--> statement-breakpoint
-- The keys of runs under way at the upgrade, so that their sweep still finds what they saw.
INSERT INTO "sync_seen_key_sets" ("run_id", "kind", "keys") SELECT "run_id", "kind", array_agg("source_id") FROM "sync_seen_keys" GROUP BY "run_id", "kind";
