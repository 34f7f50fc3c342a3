CREATE TABLE "control_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office" text NOT NULL,
	"day" text NOT NULL,
	"batch" integer NOT NULL,
	"seed" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"planned_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"result_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"declaration_id" uuid NOT NULL,
	"declaration_version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"outcome" text NOT NULL,
	"inspector" text NOT NULL,
	"method" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone NOT NULL,
	"findings" jsonb NOT NULL,
	"seized" boolean NOT NULL,
	"declared_total" numeric(20, 2),
	"reassessed_total" numeric(20, 2),
	"revenue_recovered" numeric(20, 2) NOT NULL,
	"reassessment" jsonb,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office_clearance_settings" (
	"office" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "officers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"office" text NOT NULL,
	"qualifications" text[] NOT NULL,
	"shifts" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planned_controls" (
	"plan_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	"importer" text NOT NULL,
	"lane" text NOT NULL,
	"method" text NOT NULL,
	"planned_as" text,
	"moved_because" text,
	"at" timestamp with time zone NOT NULL,
	"inspector_id" text,
	"unassigned_because" text,
	"rotation_waived" boolean NOT NULL,
	CONSTRAINT "planned_controls_plan_id_declaration_id_pk" PRIMARY KEY("plan_id","declaration_id")
);
--> statement-breakpoint
CREATE TABLE "scanners" (
	"id" text PRIMARY KEY NOT NULL,
	"office" text NOT NULL,
	"name" text NOT NULL,
	"controls_per_day" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspection_attachments" ADD CONSTRAINT "inspection_attachments_result_id_inspection_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."inspection_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planned_controls" ADD CONSTRAINT "planned_controls_plan_id_control_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."control_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "control_plans_office_day_batch" ON "control_plans" USING btree ("office","day","batch");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_attachments_result_position" ON "inspection_attachments" USING btree ("result_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_results_declaration" ON "inspection_results" USING btree ("declaration_id");--> statement-breakpoint
CREATE INDEX "officers_office" ON "officers" USING btree ("office");--> statement-breakpoint
CREATE INDEX "planned_controls_declaration" ON "planned_controls" USING btree ("declaration_id");--> statement-breakpoint
CREATE INDEX "scanners_office" ON "scanners" USING btree ("office");--> statement-breakpoint
-- Plans and inspection results are evidence: the controls planned for an office's day (and who
-- was drawn), and what a control found, with its photos. No code path may rewrite them; the
-- database refuses any UPDATE, DELETE or TRUNCATE, with the function of migration 0001.
CREATE TRIGGER control_plans_append_only BEFORE UPDATE OR DELETE ON control_plans
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER control_plans_no_truncate BEFORE TRUNCATE ON control_plans
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER planned_controls_append_only BEFORE UPDATE OR DELETE ON planned_controls
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER planned_controls_no_truncate BEFORE TRUNCATE ON planned_controls
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER inspection_results_append_only BEFORE UPDATE OR DELETE ON inspection_results
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER inspection_results_no_truncate BEFORE TRUNCATE ON inspection_results
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER inspection_attachments_append_only BEFORE UPDATE OR DELETE ON inspection_attachments
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER inspection_attachments_no_truncate BEFORE TRUNCATE ON inspection_attachments
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
