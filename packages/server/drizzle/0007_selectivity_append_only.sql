-- Selectivity records: saved rule sets, their activations and the assessments of files are
-- the audit trail of why a file went to a lane (replayable from them). No code path may
-- rewrite them: activating a rule set adds a row, a re-assessment adds a row. The database
-- refuses any UPDATE, DELETE or TRUNCATE, with the function of migration 0001.
CREATE TRIGGER rule_sets_append_only BEFORE UPDATE OR DELETE ON rule_sets
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER rule_sets_no_truncate BEFORE TRUNCATE ON rule_sets
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER rule_set_activations_append_only BEFORE UPDATE OR DELETE ON rule_set_activations
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER rule_set_activations_no_truncate BEFORE TRUNCATE ON rule_set_activations
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER assessments_append_only BEFORE UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER assessments_no_truncate BEFORE TRUNCATE ON assessments
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
