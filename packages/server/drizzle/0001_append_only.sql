-- Append-only records: a file's events and the versions of its documents are the Time Release
-- Study's raw data and the evidence of what a sender lodged. No code path may rewrite them, so
-- the database itself refuses any UPDATE, DELETE or TRUNCATE of these tables.
CREATE FUNCTION anticipa_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ANTICIPA_APPEND_ONLY: % on % is refused: its rows are never rewritten', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER document_versions_append_only BEFORE UPDATE OR DELETE ON document_versions
  FOR EACH ROW EXECUTE FUNCTION anticipa_refuse_rewrite();
--> statement-breakpoint
CREATE TRIGGER document_versions_no_truncate BEFORE TRUNCATE ON document_versions
  FOR EACH STATEMENT EXECUTE FUNCTION anticipa_refuse_rewrite();
