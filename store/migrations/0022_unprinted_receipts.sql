-- 0022_unprinted_receipts: the home screen's 未打印的收据 (store/prints.go,
-- UnprintedReceipts) reads the receipts waiting to be printed from a list
-- the triggers below keep, instead of walking every receipt of the station
-- and looking for its print: at 29,000 receipts that walk touched 131 MB of
-- the file and at 3,000,000 it took seconds, on every home screen shown.
--
-- A receipt waits to be printed from its issue (not voided, not a paper
-- receipt entered afterwards, of a case) until a print of its document
-- "receipt:<number>" is recorded for its case, or it is voided. Receipts
-- and prints are never deleted (0017), so no delete trigger is needed.
--
-- Re-runnable, as 0019: a test that makes a station look older by rolling
-- back the recorded version runs it again.
DROP TRIGGER IF EXISTS unprinted_receipts_issued;
DROP TRIGGER IF EXISTS unprinted_receipts_voided;
DROP TRIGGER IF EXISTS unprinted_receipts_printed;
DROP TABLE IF EXISTS unprinted_receipts;

CREATE TABLE unprinted_receipts (
	receipt_id TEXT PRIMARY KEY
) WITHOUT ROWID;

INSERT INTO unprinted_receipts (receipt_id)
SELECT r.id FROM receipts r
WHERE r.voided = 0 AND r.legacy = 0 AND r.case_id IS NOT NULL AND r.case_id <> ''
	AND NOT EXISTS (SELECT 1 FROM case_prints p WHERE p.case_id = r.case_id AND p.document = 'receipt:' || r.number);

CREATE TRIGGER unprinted_receipts_issued AFTER INSERT ON receipts
WHEN NEW.voided = 0 AND NEW.legacy = 0 AND NEW.case_id IS NOT NULL AND NEW.case_id <> ''
	AND NOT EXISTS (SELECT 1 FROM case_prints p WHERE p.case_id = NEW.case_id AND p.document = 'receipt:' || NEW.number)
BEGIN
	INSERT INTO unprinted_receipts (receipt_id) VALUES (NEW.id);
END;

CREATE TRIGGER unprinted_receipts_voided AFTER UPDATE OF voided ON receipts
WHEN NEW.voided = 1
BEGIN
	DELETE FROM unprinted_receipts WHERE receipt_id = NEW.id;
END;

CREATE TRIGGER unprinted_receipts_printed AFTER INSERT ON case_prints
WHEN NEW.document LIKE 'receipt:%'
BEGIN
	DELETE FROM unprinted_receipts WHERE receipt_id IN
		(SELECT r.id FROM receipts r WHERE r.case_id = NEW.case_id AND r.number = substr(NEW.document, 9));
END;
