CREATE TABLE "seat_assignments" (
	"tenant_id" text NOT NULL,
	"pool_id" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"user_source_id" text NOT NULL,
	"state" text NOT NULL,
	"reason" text NOT NULL,
	"rank" integer NOT NULL,
	"eligible_since" timestamp with time zone NOT NULL,
	"assigned_at" timestamp with time zone,
	"waitlisted_at" timestamp with time zone,
	"grace_started_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"scim_member" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seat_assignments_tenant_id_pool_id_provider_id_user_source_id_pk" PRIMARY KEY("tenant_id","pool_id","provider_id","user_source_id")
);
--> statement-breakpoint
CREATE TABLE "seat_pools" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"sku" text,
	"capacity" integer NOT NULL,
	"effective_capacity" integer,
	"eligibility" jsonb NOT NULL,
	"grace_period_seconds" integer DEFAULT 604800 NOT NULL,
	"scim_group" boolean DEFAULT true NOT NULL,
	"scim_group_id" text,
	"scim_group_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seat_pools_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_tenant_id_pool_id_seat_pools_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pool_id") REFERENCES "public"."seat_pools"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_pools" ADD CONSTRAINT "seat_pools_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seat_assignments_live_idx" ON "seat_assignments" USING btree ("tenant_id","pool_id","state") WHERE "seat_assignments"."state" <> 'released';--> statement-breakpoint
CREATE INDEX "seat_assignments_user_idx" ON "seat_assignments" USING btree ("tenant_id","user_source_id");