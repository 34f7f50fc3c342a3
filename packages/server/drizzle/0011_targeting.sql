CREATE TABLE "targeting_model_activations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" uuid NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"activated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targeting_models" (
	"id" uuid PRIMARY KEY NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"trained_by" text NOT NULL,
	"rows" integer NOT NULL,
	"frauds" integer NOT NULL,
	"holdout_from" text NOT NULL,
	"evaluation" jsonb NOT NULL,
	"model" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "targeting_model_activations" ADD CONSTRAINT "targeting_model_activations_model_id_targeting_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."targeting_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "targeting_model_activations_model" ON "targeting_model_activations" USING btree ("model_id");--> statement-breakpoint
-- Models and their activations are the record of which model ranked which files: never rewritten.
CREATE TRIGGER targeting_models_append_only BEFORE UPDATE OR DELETE ON targeting_models
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER targeting_models_no_truncate BEFORE TRUNCATE ON targeting_models
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER targeting_model_activations_append_only BEFORE UPDATE OR DELETE ON targeting_model_activations
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER targeting_model_activations_no_truncate BEFORE TRUNCATE ON targeting_model_activations
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
