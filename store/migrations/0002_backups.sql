-- 0002_backups: the record of every backup file written.
--
-- One row per file (the data folder's copy and the supervisor's folder's
-- copy are two rows with the same sha256). ok = 1 when the copy passed
-- PRAGMA integrity_check and its checksum matched. The backup file itself
-- does not hold its own row: it is taken before the row is written.
CREATE TABLE backups (
	id     TEXT PRIMARY KEY,
	path   TEXT NOT NULL,
	at     TEXT NOT NULL,
	size   INTEGER NOT NULL DEFAULT 0,
	sha256 TEXT NOT NULL DEFAULT '',
	ok     INTEGER NOT NULL CHECK (ok IN (0, 1)),
	reason TEXT NOT NULL DEFAULT '',
	note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX backups_at ON backups (at);
