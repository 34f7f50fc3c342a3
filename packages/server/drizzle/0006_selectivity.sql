CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"declaration_id" uuid NOT NULL,
	"declaration_version" integer NOT NULL,
	"rule_set_version" integer NOT NULL,
	"sequence" integer NOT NULL,
	"lane" text NOT NULL,
	"score" double precision NOT NULL,
	"assessment" jsonb NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_set_activations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_set_version" integer NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"activated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_sets" (
	"version" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_rule_set_version_rule_sets_version_fk" FOREIGN KEY ("rule_set_version") REFERENCES "public"."rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_set_activations" ADD CONSTRAINT "rule_set_activations_rule_set_version_rule_sets_version_fk" FOREIGN KEY ("rule_set_version") REFERENCES "public"."rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_declaration_sequence" ON "assessments" USING btree ("declaration_id","sequence");--> statement-breakpoint
CREATE INDEX "rule_set_activations_version" ON "rule_set_activations" USING btree ("rule_set_version");