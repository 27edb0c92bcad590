CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "scim_targets" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"base_url" text NOT NULL,
	"dialect" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret_path" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster_records" (
	"provider_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"hash" text NOT NULL,
	"seen_run_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster_records_provider_id_kind_source_id_pk" PRIMARY KEY("provider_id","kind","source_id")
);
--> statement-breakpoint
CREATE TABLE "sis_staging" (
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"page" integer NOT NULL,
	"source_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	CONSTRAINT "sis_staging_run_id_kind_source_id_pk" PRIMARY KEY("run_id","kind","source_id")
);
--> statement-breakpoint
CREATE TABLE "sync_record_errors" (
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_id" text NOT NULL,
	"field" text,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scim_group_members" (
	"provider_id" uuid NOT NULL,
	"group_source_id" text NOT NULL,
	"user_source_id" text NOT NULL,
	CONSTRAINT "scim_group_members_provider_id_group_source_id_user_source_id_pk" PRIMARY KEY("provider_id","group_source_id","user_source_id")
);
--> statement-breakpoint
CREATE TABLE "scim_resources" (
	"provider_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"source_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"scim_id" text NOT NULL,
	"external_id" text NOT NULL,
	"user_name" text,
	"applied_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"deprovisioned_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scim_resources_provider_id_resource_type_source_id_pk" PRIMARY KEY("provider_id","resource_type","source_id")
);
--> statement-breakpoint
CREATE TABLE "sync_plan_items" (
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"batch" integer NOT NULL,
	"op" text NOT NULL,
	"resource_type" text NOT NULL,
	"source_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" jsonb,
	"applied_at" timestamp with time zone,
	CONSTRAINT "sync_plan_items_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "scope" jsonb;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "cursor" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_targets" ADD CONSTRAINT "scim_targets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_tenant_idx" ON "api_tokens" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "roster_records_seen_idx" ON "roster_records" USING btree ("provider_id","kind","seen_run_id");--> statement-breakpoint
CREATE INDEX "sis_staging_page_idx" ON "sis_staging" USING btree ("run_id","kind","page");--> statement-breakpoint
CREATE INDEX "sync_record_errors_run_idx" ON "sync_record_errors" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_resources_tenant_username_idx" ON "scim_resources" USING btree ("tenant_id","user_name") WHERE "scim_resources"."user_name" is not null;--> statement-breakpoint
CREATE INDEX "scim_resources_scim_id_idx" ON "scim_resources" USING btree ("tenant_id","scim_id");--> statement-breakpoint
CREATE INDEX "sync_plan_items_batch_idx" ON "sync_plan_items" USING btree ("run_id","batch","status");