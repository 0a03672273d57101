-- 0005_reserved: no change. Issue 12 kept numbers 0005 and 0006 for
-- migrations it did not need; issue 13 numbers its own from 0007 (fee
-- renewal), 0008 (loss declaration) and 0009 (membership). Numbers must run
-- without gaps (store/migrate.go), so this one holds the place.
SELECT 1;
