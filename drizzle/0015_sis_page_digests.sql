CREATE TABLE "sis_page_digests" (
	"provider_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"digest" text NOT NULL,
	"keys" text[] NOT NULL,
	"raw_hashes" text[] NOT NULL,
	"run_id" uuid NOT NULL,
	CONSTRAINT "sis_page_digests_provider_id_kind_digest_pk" PRIMARY KEY("provider_id","kind","digest")
);
