-- Valuation decisions, appeals and appeal outcomes are the trail an appeal body reads (WCO
-- valuation guidance; Côte d'Ivoire's 2013 arbitration): no code path may rewrite them. A new
-- decision supersedes an old one; an outcome is a row of its own. The database refuses any
-- UPDATE, DELETE or TRUNCATE, with the function of migration 0001.
CREATE TRIGGER valuation_decisions_append_only BEFORE UPDATE OR DELETE ON valuation_decisions
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER valuation_decisions_no_truncate BEFORE TRUNCATE ON valuation_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER valuation_appeals_append_only BEFORE UPDATE OR DELETE ON valuation_appeals
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER valuation_appeals_no_truncate BEFORE TRUNCATE ON valuation_appeals
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER valuation_appeal_outcomes_append_only BEFORE UPDATE OR DELETE ON valuation_appeal_outcomes
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER valuation_appeal_outcomes_no_truncate BEFORE TRUNCATE ON valuation_appeal_outcomes
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
