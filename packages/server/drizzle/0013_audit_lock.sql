-- Takes the audit trail's lock (held until the transaction ends) and answers the head of the
-- trail as it is once the lock is granted. A statement reads with one snapshot, taken when it
-- starts, before any lock it waits for; a volatile function reads with its own, taken here
-- after the lock. A writer that calls this beside its other reads learns, by comparing this
-- head with the one the statement read, whether anything was appended while it waited: if
-- not, its other reads are as current as if made under the lock (`audit-log.ts`).
CREATE FUNCTION anticipa_lock_audit_trail() RETURNS json
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('anticipa:audit'));
  RETURN (
    SELECT coalesce(json_agg(r), '[]'::json)
    FROM (SELECT "sequence", "hash" FROM audit_entries ORDER BY "sequence" DESC LIMIT 1) r
  );
END
$$;
