CREATE TABLE "valuation_appeal_outcomes" (
	"appeal_id" uuid PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "valuation_appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	"lodged_by" text NOT NULL,
	"grounds" text NOT NULL,
	"lodged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "valuation_band_generations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"declarations" integer NOT NULL,
	"items" integer NOT NULL,
	"minimum_sample" integer NOT NULL,
	"fence_factor" numeric NOT NULL
);
--> statement-breakpoint
CREATE TABLE "valuation_bands" (
	"generation_id" uuid NOT NULL,
	"level" text NOT NULL,
	"code" text NOT NULL,
	"origin" text,
	"unit" text NOT NULL,
	"sample_size" integer NOT NULL,
	"trimmed" integer NOT NULL,
	"p10" numeric NOT NULL,
	"median" numeric NOT NULL,
	"p90" numeric NOT NULL,
	CONSTRAINT "valuation_bands_cell" UNIQUE NULLS NOT DISTINCT("generation_id","level","code","origin","unit")
);
--> statement-breakpoint
CREATE TABLE "valuation_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"declaration_id" uuid NOT NULL,
	"declaration_version" integer NOT NULL,
	"item_number" integer NOT NULL,
	"decision" text NOT NULL,
	"adjusted_value" numeric(17, 2),
	"currency" text NOT NULL,
	"basis" text NOT NULL,
	"basis_reference" text,
	"reason" text NOT NULL,
	"officer" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"supersedes" uuid,
	"indicator" jsonb
);
--> statement-breakpoint
ALTER TABLE "valuation_appeal_outcomes" ADD CONSTRAINT "valuation_appeal_outcomes_appeal_id_valuation_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."valuation_appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuation_appeals" ADD CONSTRAINT "valuation_appeals_decision_id_valuation_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."valuation_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valuation_bands" ADD CONSTRAINT "valuation_bands_generation_id_valuation_band_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."valuation_band_generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "valuation_appeals_decision" ON "valuation_appeals" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "valuation_appeals_declaration" ON "valuation_appeals" USING btree ("declaration_id");--> statement-breakpoint
CREATE INDEX "valuation_band_generations_built" ON "valuation_band_generations" USING btree ("built_at");--> statement-breakpoint
CREATE INDEX "valuation_bands_hs6" ON "valuation_bands" USING btree ("generation_id",left("code", 6));--> statement-breakpoint
CREATE INDEX "valuation_decisions_item" ON "valuation_decisions" USING btree ("declaration_id","item_number","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "valuation_decisions_first" ON "valuation_decisions" USING btree ("declaration_id","item_number") WHERE "valuation_decisions"."supersedes" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "valuation_decisions_supersedes" ON "valuation_decisions" USING btree ("supersedes") WHERE "valuation_decisions"."supersedes" IS NOT NULL;