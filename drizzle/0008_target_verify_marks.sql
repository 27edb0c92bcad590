CREATE TABLE "target_verify_marks" (
	"run_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"source_id" text NOT NULL,
	"seen" text NOT NULL,
	"candidate_scim_id" text,
	CONSTRAINT "target_verify_marks_run_id_resource_type_source_id_pk" PRIMARY KEY("run_id","resource_type","source_id")
);
