-- 0017: the audit log becomes a hash chain (see forms.AuditEntry.ChainHash
-- and store/auditchain.go). Every new entry carries seq = the newest seq + 1,
-- prev_hash = the newest entry's hash and its own hash, written by audit()
-- in the transaction of the change it records. Entries written before this
-- version are sealed into the chain by this migration's Go step
-- (sealAuditChain, in the same transaction), which then records one
-- audit.seal entry.
--
-- Each trigger is dropped (IF EXISTS) before it is made, so tests that undo
-- an earlier migration can run the later ones again.
--
-- The triggers below only stop honest mistakes: anyone with the file can
-- drop them. What makes tampering visible is the chain, which
-- `counterdesk verify` and the supervisor's audit screen walk; they also
-- compare these triggers with the ones this program makes.

-- A new entry must come after the newest (this also refuses INSERT OR
-- REPLACE over an old entry, which would delete it without firing the
-- delete trigger) and link to the newest entry's hash.
DROP TRIGGER IF EXISTS audit_log_chain_insert;
CREATE TRIGGER audit_log_chain_insert BEFORE INSERT ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is a chain: a new entry needs a seq above the newest, prev_hash = the newest hash, and its own hash')
	WHERE NEW.hash IS NULL
		OR NEW.seq <= (SELECT coalesce(max(seq), 0) FROM audit_log)
		OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '');
END;

-- No entry changes once sealed. (Only an entry not yet in the chain, which
-- after this migration's seal is none, may get its prev_hash and hash.)
DROP TRIGGER IF EXISTS audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;

-- Receipts are kept for ever: never deleted, and the only change is voiding
-- (receipt.go VoidReceipt: voided, void_reason, voided_by, voided_at), once.
DROP TRIGGER IF EXISTS receipts_no_delete;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN
	SELECT RAISE(ABORT, 'receipts are kept for ever: a receipt cannot be deleted, only voided');
END;

DROP TRIGGER IF EXISTS receipts_only_void;
CREATE TRIGGER receipts_only_void BEFORE UPDATE ON receipts
WHEN OLD.voided IS NOT 0 OR NEW.voided IS NOT 1
	OR NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number OR NEW.station_code IS NOT OLD.station_code
	OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq OR NEW.source IS NOT OLD.source
	OR NEW.case_id IS NOT OLD.case_id OR NEW.customer_id IS NOT OLD.customer_id
	OR NEW.payer_name IS NOT OLD.payer_name OR NEW.payer_id IS NOT OLD.payer_id OR NEW.lines IS NOT OLD.lines
	OR NEW.total IS NOT OLD.total OR NEW.method IS NOT OLD.method OR NEW.reference IS NOT OLD.reference
	OR NEW.clerk_id IS NOT OLD.clerk_id OR NEW.issued_at IS NOT OLD.issued_at OR NEW.legacy IS NOT OLD.legacy
BEGIN
	SELECT RAISE(ABORT, 'a receipt can only be voided, once: its number, amount, payer and lines never change');
END;
