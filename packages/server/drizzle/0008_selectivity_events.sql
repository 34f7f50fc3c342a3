CREATE TABLE "consignment_assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"manifest_id" uuid NOT NULL,
	"manifest_version" integer NOT NULL,
	"bill_number" text NOT NULL,
	"rule_set_version" integer NOT NULL,
	"lane" text NOT NULL,
	"score" double precision NOT NULL,
	"assessment" jsonb NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selectivity_counters" (
	"office" text NOT NULL,
	"day" text NOT NULL,
	"assessed" integer NOT NULL,
	"red" integer NOT NULL,
	"yellow" integer NOT NULL,
	"blue" integer NOT NULL,
	"green" integer NOT NULL,
	CONSTRAINT "selectivity_counters_office_day_pk" PRIMARY KEY("office","day")
);
--> statement-breakpoint
CREATE TABLE "selectivity_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
DROP INDEX "assessments_declaration_sequence";--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "trigger" text DEFAULT 'lodged' NOT NULL;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "inputs" jsonb;--> statement-breakpoint
ALTER TABLE "consignment_assessments" ADD CONSTRAINT "consignment_assessments_rule_set_version_rule_sets_version_fk" FOREIGN KEY ("rule_set_version") REFERENCES "public"."rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consignment_assessments_bill_version" ON "consignment_assessments" USING btree ("manifest_id","manifest_version","bill_number");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_declaration_sequence" ON "assessments" USING btree ("declaration_id","sequence");--> statement-breakpoint
-- Assessments of manifest B/Ls are records like those of declarations: never rewritten.
CREATE TRIGGER consignment_assessments_append_only BEFORE UPDATE OR DELETE ON consignment_assessments
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER consignment_assessments_no_truncate BEFORE TRUNCATE ON consignment_assessments
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
