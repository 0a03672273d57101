-- 0016_name_sort: names listed in pinyin order (issue 16).
--
-- name_sort is the collation key of the customer's name in the Chinese
-- (pinyin) collation (store/collate.go, nameSortKey), compared bytewise:
-- every list of customers orders by (name_sort, id). The store writes it
-- with the name on every insert and update; the customers already stored
-- get theirs at Open (backfillNameSort), in batches, each its own
-- transaction, found through this index (NULLs come first). It is derived
-- from the name, so it is not exported (store/exportspec.go).
ALTER TABLE customers ADD COLUMN name_sort BLOB;
CREATE INDEX customers_name_sort ON customers (name_sort, id);

-- The export's change trigger (0014) now watches the exported columns
-- only: the backfill, which sets name_sort alone, must not mark a million
-- customers as changed for head office. Every other update of a customer
-- sets at least one of these columns, as before. A column added to
-- customers and exported must be added here too (TestNameSort_ChangeTrigger
-- compares this list with ExportTables).
DROP TRIGGER changes_customers_update;
CREATE TRIGGER changes_customers_update AFTER UPDATE OF id, name, gender, id_kind, id_number, birth, parent_id,
	mobile, address, marital, employer, origin, member, member_since, member_until, talent_paid_through,
	archive_paid_through, guardian_consent, created_at, updated_at, archive_until ON customers
BEGIN
	DELETE FROM changes WHERE tbl = 'customers' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'customers', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'customers' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('customers', NEW.id, '');
END;
