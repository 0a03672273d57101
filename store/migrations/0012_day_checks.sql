-- 0012_day_checks: the day-end report (日结): its checks, its indexes, and
-- the print records of documents that belong to no case.
--
-- day_checks records that a supervisor checked a station's day: its
-- receipts, voids, deposits and the cash in the drawer (SPEC "Money and
-- receipts"; issue 14). One row per station and calendar day; a day is
-- checked once. day is 'YYYY-MM-DD' as the clerk sees it (local time).
CREATE TABLE day_checks (
	station_code TEXT NOT NULL,
	day          TEXT NOT NULL,
	checked_by   TEXT NOT NULL REFERENCES users (id),
	checked_at   TEXT NOT NULL,
	PRIMARY KEY (station_code, day)
) WITHOUT ROWID;

-- The day report reads the receipts voided on a day, the deposits taken on
-- a day and those closed (refunded, forfeited, voided) on a day by these
-- indexes; the receipts issued on a day by receipts_issued.
CREATE INDEX receipts_voided_at ON receipts (voided_at) WHERE voided_at IS NOT NULL;
CREATE INDEX deposits_taken ON deposits (taken_at);
CREATE INDEX deposits_closed ON deposits (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX receipt_skips_at ON receipt_skips (at);

-- station_prints records the prints of a station's documents that belong
-- to no case (the day-end report), as case_prints does for a case's:
-- document is forms.Printout.Key ('day_report:QB01:2026-03-05'); its first
-- print is the original, every later one 补打.
CREATE TABLE station_prints (
	id       TEXT PRIMARY KEY,
	document TEXT NOT NULL,
	copies   INTEGER NOT NULL CHECK (copies > 0),
	reprint  INTEGER NOT NULL DEFAULT 0 CHECK (reprint IN (0, 1)),
	at       TEXT NOT NULL,
	user_id  TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX station_prints_document ON station_prints (document);
