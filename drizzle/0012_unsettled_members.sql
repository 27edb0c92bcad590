CREATE TABLE "scim_unsettled_members" (
	"provider_id" uuid NOT NULL,
	"group_source_id" text NOT NULL,
	CONSTRAINT "scim_unsettled_members_provider_id_group_source_id_pk" PRIMARY KEY("provider_id","group_source_id")
);
--> statement-breakpoint
-- Every group applied before this table existed is unsettled once: the first full sync after the upgrade diffs them all.
INSERT INTO "scim_unsettled_members" ("provider_id", "group_source_id") SELECT "provider_id", "source_id" FROM "scim_resources" WHERE "resource_type" = 'Group';
