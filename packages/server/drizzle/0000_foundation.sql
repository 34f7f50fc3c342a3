CREATE TABLE "consignments" (
	"manifest_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"bill_number" text NOT NULL,
	"shipper_name" text NOT NULL,
	"consignee_name" text NOT NULL,
	"consignee_tax_id" text,
	"description" text NOT NULL,
	"hs_code" text,
	"packages" integer NOT NULL,
	"package_kind" text NOT NULL,
	"gross_mass" numeric(15, 3) NOT NULL,
	"containers" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "consignments_manifest_id_version_bill_number_pk" PRIMARY KEY("manifest_id","version","bill_number")
);
--> statement-breakpoint
CREATE TABLE "declaration_bills" (
	"declaration_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"bill_number" text NOT NULL,
	CONSTRAINT "declaration_bills_declaration_id_version_bill_number_pk" PRIMARY KEY("declaration_id","version","bill_number")
);
--> statement-breakpoint
CREATE TABLE "declaration_items" (
	"declaration_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"item_number" integer NOT NULL,
	"tariff_line" text NOT NULL,
	"hs6" text NOT NULL,
	"description" text NOT NULL,
	"origin" text NOT NULL,
	"customs_value" numeric(17, 2) NOT NULL,
	"net_mass" numeric(15, 3) NOT NULL,
	"supplementary_quantity" numeric(15, 3),
	"supplementary_unit" text,
	"packages" integer NOT NULL,
	CONSTRAINT "declaration_items_declaration_id_version_item_number_pk" PRIMARY KEY("declaration_id","version","item_number")
);
--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sender" text NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"office_code" text NOT NULL,
	"importer_tax_id" text NOT NULL,
	"importer_name" text NOT NULL,
	"declarant_code" text NOT NULL,
	"status" text NOT NULL,
	"current_version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"lodged_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "declarations_sender_reference" UNIQUE("sender","reference")
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_versions_subject_type_subject_id_version_pk" PRIMARY KEY("subject_type","subject_id","version")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"version" integer,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manifests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sender" text NOT NULL,
	"reference" text NOT NULL,
	"carrier_code" text NOT NULL,
	"carrier_name" text NOT NULL,
	"conveyance_name" text NOT NULL,
	"imo_number" text,
	"voyage_number" text NOT NULL,
	"port_of_loading" text NOT NULL,
	"office_code" text NOT NULL,
	"expected_arrival" timestamp with time zone NOT NULL,
	"actual_arrival" timestamp with time zone,
	"status" text NOT NULL,
	"current_version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"lodged_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "manifests_sender_reference" UNIQUE("sender","reference")
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"country" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "consignments_bill_number" ON "consignments" USING btree ("bill_number");--> statement-breakpoint
CREATE INDEX "declaration_bills_number" ON "declaration_bills" USING btree ("bill_number");--> statement-breakpoint
CREATE INDEX "declaration_items_hs6_origin" ON "declaration_items" USING btree ("hs6","origin");--> statement-breakpoint
CREATE INDEX "declarations_office_lodged" ON "declarations" USING btree ("office_code","lodged_at");--> statement-breakpoint
CREATE INDEX "declarations_lodged" ON "declarations" USING btree ("lodged_at","id");--> statement-breakpoint
CREATE INDEX "declarations_importer" ON "declarations" USING btree ("importer_tax_id");--> statement-breakpoint
CREATE INDEX "declarations_status" ON "declarations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "events_subject" ON "events" USING btree ("subject_type","subject_id","id");--> statement-breakpoint
CREATE INDEX "events_type_occurred" ON "events" USING btree ("type","occurred_at");--> statement-breakpoint
CREATE INDEX "manifests_office_expected" ON "manifests" USING btree ("office_code","expected_arrival");--> statement-breakpoint
CREATE INDEX "manifests_lodged" ON "manifests" USING btree ("lodged_at","id");