CREATE TABLE "tariff_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"utc_offset" text NOT NULL,
	"example" boolean NOT NULL,
	"source" text,
	"content_hash" text NOT NULL,
	"document" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tariff_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"line" text NOT NULL,
	"description" text,
	"duty_rate" numeric(8, 4) NOT NULL,
	"excise_rate" numeric(8, 4),
	"valid_from" date NOT NULL,
	"valid_to" date,
	"import_id" uuid NOT NULL,
	"closed_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "tariff_taxes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"code" text NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text NOT NULL,
	"rate" numeric(8, 4),
	"rate_from" text,
	"base" text[] NOT NULL,
	"applies_to" text[],
	"exempt" text[],
	"computation_order" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"import_id" uuid NOT NULL,
	"closed_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid
);
--> statement-breakpoint
CREATE INDEX "tariff_imports_country" ON "tariff_imports" USING btree ("country","imported_at");--> statement-breakpoint
CREATE INDEX "tariff_lines_lookup" ON "tariff_lines" USING btree ("country","line","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "tariff_lines_current" ON "tariff_lines" USING btree ("country","line","valid_from") WHERE superseded_at IS NULL;--> statement-breakpoint
CREATE INDEX "tariff_taxes_lookup" ON "tariff_taxes" USING btree ("country","code","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "tariff_taxes_current" ON "tariff_taxes" USING btree ("country","code","valid_from") WHERE superseded_at IS NULL;