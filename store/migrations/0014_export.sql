-- 0014_export: what the branch sends to head office on a USB stick (issue 15;
-- SPEC "Export to head office (USB)").
--
-- changes is the station's change sequence. Every insert, update and delete
-- of a row of an exported table (store/exportspec.go, ExportTables) records
-- the row's primary key here with a new seq, through the triggers below; a
-- row keeps only its LATEST change (UNIQUE (tbl, k1, k2)): the trigger
-- deletes the old entry and inserts a new one, so its seq moves up. An
-- export sends, for every entry with seq in (from, to], the row as it is
-- then, or a deletion (tombstone) when the row no longer exists.
-- AUTOINCREMENT: a seq is never reused, not even after the newest entry
-- moved up; at start-up sqlite_sequence is raised to the mark in the file
-- exports.hwm beside the database, so a restored backup never reuses a seq
-- head office already has.
--
-- The triggers delete and insert rather than INSERT OR REPLACE: an outer
-- statement's conflict clause (INSERT OR IGNORE …) overrides the one of a
-- statement inside a trigger. An UPDATE that moves a row's key records the
-- old key too (it is then a deletion), before the new one. (With SQLite's
-- recursive_triggers off, a row that INSERT OR REPLACE deletes because it
-- clashes on ANOTHER unique column fires no delete trigger: the store uses
-- no INSERT OR REPLACE; keep it that way on exported tables.)
CREATE TABLE changes (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	tbl TEXT NOT NULL,          -- the exported table's name
	k1  NOT NULL,               -- the first key column's value (TEXT or INTEGER as in the table)
	k2  NOT NULL DEFAULT '',    -- the second key column's value, '' for one-column keys
	UNIQUE (tbl, k1, k2)
);

-- station_keys holds the station's Ed25519 signing key (base64, standard
-- encoding; private_key is the 64-byte ed25519.PrivateKey). Made at set-up,
-- or at the first start of this release for a station set up before it.
-- Never exported: head office registers the public half from
-- `counterdesk keys`. The newest row is the key in use.
CREATE TABLE station_keys (
	id          TEXT PRIMARY KEY,
	public_key  TEXT NOT NULL,
	private_key TEXT NOT NULL,
	created_at  TEXT NOT NULL
);

-- exports records every export file written: its number (1, 2, 3… per
-- station), the change range (from_seq, to_seq] it covers, who wrote it, the
-- file's name, SHA-256 and size, and its row count per table (JSON object).
-- Never exported.
CREATE TABLE exports (
	number     INTEGER PRIMARY KEY CHECK (number >= 1),
	from_seq   INTEGER NOT NULL CHECK (from_seq >= 0),
	to_seq     INTEGER NOT NULL CHECK (to_seq >= from_seq),
	created_at TEXT NOT NULL,
	user_id    TEXT REFERENCES users (id),
	file_name  TEXT NOT NULL,
	sha256     TEXT NOT NULL,
	size       INTEGER NOT NULL CHECK (size >= 0),
	rows       INTEGER NOT NULL CHECK (rows >= 0),
	counts     TEXT NOT NULL DEFAULT '{}'
);

-- export_floor is the last export number and change seq that left the
-- station as far as exports.hwm knows, raised at start-up from that file
-- (the database may be a restored backup that has not seen the last
-- exports). The next export's number is above both this number and every
-- number in exports. One row.
CREATE TABLE export_floor (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	number    INTEGER NOT NULL DEFAULT 0 CHECK (number >= 0),
	seq       INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0)
);
INSERT INTO export_floor (singleton, number, seq) VALUES (1, 0, 0);

-- The change triggers: three for each exported table (insert, update,
-- delete), in ExportTables order. Generated; a test checks that every
-- exported table has all three.
-- The unary + in "k1 = +NEW.x" is deliberate: k1 and k2 have no declared
-- type, and comparing them with an INTEGER column (audit_log.seq,
-- services.version…) would apply numeric affinity, which keeps SQLite from
-- using the UNIQUE (tbl, k1, k2) index past tbl: every audit entry would
-- scan every audit entry's change (quadratic). + takes the affinity off
-- the value; the stored values compare exactly (a test checks the plans).
-- station, keyed by (id)
CREATE TRIGGER changes_station_insert AFTER INSERT ON station
BEGIN
	DELETE FROM changes WHERE tbl = 'station' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('station', NEW.id, '');
END;
CREATE TRIGGER changes_station_update AFTER UPDATE ON station
BEGIN
	DELETE FROM changes WHERE tbl = 'station' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'station', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'station' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('station', NEW.id, '');
END;
CREATE TRIGGER changes_station_delete AFTER DELETE ON station
BEGIN
	DELETE FROM changes WHERE tbl = 'station' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('station', OLD.id, '');
END;

-- users, keyed by (id)
CREATE TRIGGER changes_users_insert AFTER INSERT ON users
BEGIN
	DELETE FROM changes WHERE tbl = 'users' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('users', NEW.id, '');
END;
CREATE TRIGGER changes_users_update AFTER UPDATE ON users
BEGIN
	DELETE FROM changes WHERE tbl = 'users' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'users', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'users' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('users', NEW.id, '');
END;
CREATE TRIGGER changes_users_delete AFTER DELETE ON users
BEGIN
	DELETE FROM changes WHERE tbl = 'users' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('users', OLD.id, '');
END;

-- services, keyed by (code, version)
CREATE TRIGGER changes_services_insert AFTER INSERT ON services
BEGIN
	DELETE FROM changes WHERE tbl = 'services' AND k1 = +NEW.code AND k2 = +NEW.version;
	INSERT INTO changes (tbl, k1, k2) VALUES ('services', NEW.code, NEW.version);
END;
CREATE TRIGGER changes_services_update AFTER UPDATE ON services
BEGIN
	DELETE FROM changes WHERE tbl = 'services' AND k1 = +OLD.code AND k2 = +OLD.version AND (OLD.code IS NOT NEW.code OR OLD.version IS NOT NEW.version);
	INSERT INTO changes (tbl, k1, k2) SELECT 'services', OLD.code, OLD.version WHERE (OLD.code IS NOT NEW.code OR OLD.version IS NOT NEW.version);
	DELETE FROM changes WHERE tbl = 'services' AND k1 = +NEW.code AND k2 = +NEW.version;
	INSERT INTO changes (tbl, k1, k2) VALUES ('services', NEW.code, NEW.version);
END;
CREATE TRIGGER changes_services_delete AFTER DELETE ON services
BEGIN
	DELETE FROM changes WHERE tbl = 'services' AND k1 = +OLD.code AND k2 = +OLD.version;
	INSERT INTO changes (tbl, k1, k2) VALUES ('services', OLD.code, OLD.version);
END;

-- customers, keyed by (id)
CREATE TRIGGER changes_customers_insert AFTER INSERT ON customers
BEGIN
	DELETE FROM changes WHERE tbl = 'customers' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('customers', NEW.id, '');
END;
CREATE TRIGGER changes_customers_update AFTER UPDATE ON customers
BEGIN
	DELETE FROM changes WHERE tbl = 'customers' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'customers', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'customers' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('customers', NEW.id, '');
END;
CREATE TRIGGER changes_customers_delete AFTER DELETE ON customers
BEGIN
	DELETE FROM changes WHERE tbl = 'customers' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('customers', OLD.id, '');
END;

-- cases, keyed by (id)
CREATE TRIGGER changes_cases_insert AFTER INSERT ON cases
BEGIN
	DELETE FROM changes WHERE tbl = 'cases' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('cases', NEW.id, '');
END;
CREATE TRIGGER changes_cases_update AFTER UPDATE ON cases
BEGIN
	DELETE FROM changes WHERE tbl = 'cases' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'cases', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'cases' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('cases', NEW.id, '');
END;
CREATE TRIGGER changes_cases_delete AFTER DELETE ON cases
BEGIN
	DELETE FROM changes WHERE tbl = 'cases' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('cases', OLD.id, '');
END;

-- case_prints, keyed by (id)
CREATE TRIGGER changes_case_prints_insert AFTER INSERT ON case_prints
BEGIN
	DELETE FROM changes WHERE tbl = 'case_prints' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('case_prints', NEW.id, '');
END;
CREATE TRIGGER changes_case_prints_update AFTER UPDATE ON case_prints
BEGIN
	DELETE FROM changes WHERE tbl = 'case_prints' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'case_prints', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'case_prints' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('case_prints', NEW.id, '');
END;
CREATE TRIGGER changes_case_prints_delete AFTER DELETE ON case_prints
BEGIN
	DELETE FROM changes WHERE tbl = 'case_prints' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('case_prints', OLD.id, '');
END;

-- receipt_counters, keyed by (station_code, year)
CREATE TRIGGER changes_receipt_counters_insert AFTER INSERT ON receipt_counters
BEGIN
	DELETE FROM changes WHERE tbl = 'receipt_counters' AND k1 = +NEW.station_code AND k2 = +NEW.year;
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipt_counters', NEW.station_code, NEW.year);
END;
CREATE TRIGGER changes_receipt_counters_update AFTER UPDATE ON receipt_counters
BEGIN
	DELETE FROM changes WHERE tbl = 'receipt_counters' AND k1 = +OLD.station_code AND k2 = +OLD.year AND (OLD.station_code IS NOT NEW.station_code OR OLD.year IS NOT NEW.year);
	INSERT INTO changes (tbl, k1, k2) SELECT 'receipt_counters', OLD.station_code, OLD.year WHERE (OLD.station_code IS NOT NEW.station_code OR OLD.year IS NOT NEW.year);
	DELETE FROM changes WHERE tbl = 'receipt_counters' AND k1 = +NEW.station_code AND k2 = +NEW.year;
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipt_counters', NEW.station_code, NEW.year);
END;
CREATE TRIGGER changes_receipt_counters_delete AFTER DELETE ON receipt_counters
BEGIN
	DELETE FROM changes WHERE tbl = 'receipt_counters' AND k1 = +OLD.station_code AND k2 = +OLD.year;
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipt_counters', OLD.station_code, OLD.year);
END;

-- receipt_skips, keyed by (id)
CREATE TRIGGER changes_receipt_skips_insert AFTER INSERT ON receipt_skips
BEGIN
	DELETE FROM changes WHERE tbl = 'receipt_skips' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipt_skips', NEW.id, '');
END;
CREATE TRIGGER changes_receipt_skips_update AFTER UPDATE ON receipt_skips
BEGIN
	DELETE FROM changes WHERE tbl = 'receipt_skips' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'receipt_skips', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'receipt_skips' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipt_skips', NEW.id, '');
END;
CREATE TRIGGER changes_receipt_skips_delete AFTER DELETE ON receipt_skips
BEGIN
	DELETE FROM changes WHERE tbl = 'receipt_skips' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipt_skips', OLD.id, '');
END;

-- receipts, keyed by (id)
CREATE TRIGGER changes_receipts_insert AFTER INSERT ON receipts
BEGIN
	DELETE FROM changes WHERE tbl = 'receipts' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipts', NEW.id, '');
END;
CREATE TRIGGER changes_receipts_update AFTER UPDATE ON receipts
BEGIN
	DELETE FROM changes WHERE tbl = 'receipts' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'receipts', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'receipts' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipts', NEW.id, '');
END;
CREATE TRIGGER changes_receipts_delete AFTER DELETE ON receipts
BEGIN
	DELETE FROM changes WHERE tbl = 'receipts' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('receipts', OLD.id, '');
END;

-- deposits, keyed by (id)
CREATE TRIGGER changes_deposits_insert AFTER INSERT ON deposits
BEGIN
	DELETE FROM changes WHERE tbl = 'deposits' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('deposits', NEW.id, '');
END;
CREATE TRIGGER changes_deposits_update AFTER UPDATE ON deposits
BEGIN
	DELETE FROM changes WHERE tbl = 'deposits' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'deposits', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'deposits' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('deposits', NEW.id, '');
END;
CREATE TRIGGER changes_deposits_delete AFTER DELETE ON deposits
BEGIN
	DELETE FROM changes WHERE tbl = 'deposits' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('deposits', OLD.id, '');
END;

-- contact_attempts, keyed by (id)
CREATE TRIGGER changes_contact_attempts_insert AFTER INSERT ON contact_attempts
BEGIN
	DELETE FROM changes WHERE tbl = 'contact_attempts' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('contact_attempts', NEW.id, '');
END;
CREATE TRIGGER changes_contact_attempts_update AFTER UPDATE ON contact_attempts
BEGIN
	DELETE FROM changes WHERE tbl = 'contact_attempts' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'contact_attempts', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'contact_attempts' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('contact_attempts', NEW.id, '');
END;
CREATE TRIGGER changes_contact_attempts_delete AFTER DELETE ON contact_attempts
BEGIN
	DELETE FROM changes WHERE tbl = 'contact_attempts' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('contact_attempts', OLD.id, '');
END;

-- settings, keyed by (key)
CREATE TRIGGER changes_settings_insert AFTER INSERT ON settings
BEGIN
	DELETE FROM changes WHERE tbl = 'settings' AND k1 = +NEW.key AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('settings', NEW.key, '');
END;
CREATE TRIGGER changes_settings_update AFTER UPDATE ON settings
BEGIN
	DELETE FROM changes WHERE tbl = 'settings' AND k1 = +OLD.key AND k2 = '' AND OLD.key IS NOT NEW.key;
	INSERT INTO changes (tbl, k1, k2) SELECT 'settings', OLD.key, '' WHERE OLD.key IS NOT NEW.key;
	DELETE FROM changes WHERE tbl = 'settings' AND k1 = +NEW.key AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('settings', NEW.key, '');
END;
CREATE TRIGGER changes_settings_delete AFTER DELETE ON settings
BEGIN
	DELETE FROM changes WHERE tbl = 'settings' AND k1 = +OLD.key AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('settings', OLD.key, '');
END;

-- audit_log, keyed by (id): its seq is the station's own order and a
-- restored backup gives the same seq to new entries, while head office
-- must keep both (the id is a UUID, never reused)
CREATE TRIGGER changes_audit_log_insert AFTER INSERT ON audit_log
BEGIN
	DELETE FROM changes WHERE tbl = 'audit_log' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('audit_log', NEW.id, '');
END;
CREATE TRIGGER changes_audit_log_update AFTER UPDATE ON audit_log
BEGIN
	DELETE FROM changes WHERE tbl = 'audit_log' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'audit_log', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'audit_log' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('audit_log', NEW.id, '');
END;
CREATE TRIGGER changes_audit_log_delete AFTER DELETE ON audit_log
BEGIN
	DELETE FROM changes WHERE tbl = 'audit_log' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('audit_log', OLD.id, '');
END;

-- renewals, keyed by (id)
CREATE TRIGGER changes_renewals_insert AFTER INSERT ON renewals
BEGIN
	DELETE FROM changes WHERE tbl = 'renewals' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('renewals', NEW.id, '');
END;
CREATE TRIGGER changes_renewals_update AFTER UPDATE ON renewals
BEGIN
	DELETE FROM changes WHERE tbl = 'renewals' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'renewals', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'renewals' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('renewals', NEW.id, '');
END;
CREATE TRIGGER changes_renewals_delete AFTER DELETE ON renewals
BEGIN
	DELETE FROM changes WHERE tbl = 'renewals' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('renewals', OLD.id, '');
END;

-- loss_declarations, keyed by (id)
CREATE TRIGGER changes_loss_declarations_insert AFTER INSERT ON loss_declarations
BEGIN
	DELETE FROM changes WHERE tbl = 'loss_declarations' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('loss_declarations', NEW.id, '');
END;
CREATE TRIGGER changes_loss_declarations_update AFTER UPDATE ON loss_declarations
BEGIN
	DELETE FROM changes WHERE tbl = 'loss_declarations' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'loss_declarations', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'loss_declarations' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('loss_declarations', NEW.id, '');
END;
CREATE TRIGGER changes_loss_declarations_delete AFTER DELETE ON loss_declarations
BEGIN
	DELETE FROM changes WHERE tbl = 'loss_declarations' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('loss_declarations', OLD.id, '');
END;

-- holiday_calendars, keyed by (year)
CREATE TRIGGER changes_holiday_calendars_insert AFTER INSERT ON holiday_calendars
BEGIN
	DELETE FROM changes WHERE tbl = 'holiday_calendars' AND k1 = +NEW.year AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('holiday_calendars', NEW.year, '');
END;
CREATE TRIGGER changes_holiday_calendars_update AFTER UPDATE ON holiday_calendars
BEGIN
	DELETE FROM changes WHERE tbl = 'holiday_calendars' AND k1 = +OLD.year AND k2 = '' AND OLD.year IS NOT NEW.year;
	INSERT INTO changes (tbl, k1, k2) SELECT 'holiday_calendars', OLD.year, '' WHERE OLD.year IS NOT NEW.year;
	DELETE FROM changes WHERE tbl = 'holiday_calendars' AND k1 = +NEW.year AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('holiday_calendars', NEW.year, '');
END;
CREATE TRIGGER changes_holiday_calendars_delete AFTER DELETE ON holiday_calendars
BEGIN
	DELETE FROM changes WHERE tbl = 'holiday_calendars' AND k1 = +OLD.year AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('holiday_calendars', OLD.year, '');
END;

-- membership_events, keyed by (id)
CREATE TRIGGER changes_membership_events_insert AFTER INSERT ON membership_events
BEGIN
	DELETE FROM changes WHERE tbl = 'membership_events' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('membership_events', NEW.id, '');
END;
CREATE TRIGGER changes_membership_events_update AFTER UPDATE ON membership_events
BEGIN
	DELETE FROM changes WHERE tbl = 'membership_events' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'membership_events', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'membership_events' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('membership_events', NEW.id, '');
END;
CREATE TRIGGER changes_membership_events_delete AFTER DELETE ON membership_events
BEGIN
	DELETE FROM changes WHERE tbl = 'membership_events' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('membership_events', OLD.id, '');
END;

-- day_checks, keyed by (station_code, day)
CREATE TRIGGER changes_day_checks_insert AFTER INSERT ON day_checks
BEGIN
	DELETE FROM changes WHERE tbl = 'day_checks' AND k1 = +NEW.station_code AND k2 = +NEW.day;
	INSERT INTO changes (tbl, k1, k2) VALUES ('day_checks', NEW.station_code, NEW.day);
END;
CREATE TRIGGER changes_day_checks_update AFTER UPDATE ON day_checks
BEGIN
	DELETE FROM changes WHERE tbl = 'day_checks' AND k1 = +OLD.station_code AND k2 = +OLD.day AND (OLD.station_code IS NOT NEW.station_code OR OLD.day IS NOT NEW.day);
	INSERT INTO changes (tbl, k1, k2) SELECT 'day_checks', OLD.station_code, OLD.day WHERE (OLD.station_code IS NOT NEW.station_code OR OLD.day IS NOT NEW.day);
	DELETE FROM changes WHERE tbl = 'day_checks' AND k1 = +NEW.station_code AND k2 = +NEW.day;
	INSERT INTO changes (tbl, k1, k2) VALUES ('day_checks', NEW.station_code, NEW.day);
END;
CREATE TRIGGER changes_day_checks_delete AFTER DELETE ON day_checks
BEGIN
	DELETE FROM changes WHERE tbl = 'day_checks' AND k1 = +OLD.station_code AND k2 = +OLD.day;
	INSERT INTO changes (tbl, k1, k2) VALUES ('day_checks', OLD.station_code, OLD.day);
END;

-- station_prints, keyed by (id)
CREATE TRIGGER changes_station_prints_insert AFTER INSERT ON station_prints
BEGIN
	DELETE FROM changes WHERE tbl = 'station_prints' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('station_prints', NEW.id, '');
END;
CREATE TRIGGER changes_station_prints_update AFTER UPDATE ON station_prints
BEGIN
	DELETE FROM changes WHERE tbl = 'station_prints' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'station_prints', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'station_prints' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('station_prints', NEW.id, '');
END;
CREATE TRIGGER changes_station_prints_delete AFTER DELETE ON station_prints
BEGIN
	DELETE FROM changes WHERE tbl = 'station_prints' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('station_prints', OLD.id, '');
END;

-- clock_confirmations, keyed by (newest)
CREATE TRIGGER changes_clock_confirmations_insert AFTER INSERT ON clock_confirmations
BEGIN
	DELETE FROM changes WHERE tbl = 'clock_confirmations' AND k1 = +NEW.newest AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('clock_confirmations', NEW.newest, '');
END;
CREATE TRIGGER changes_clock_confirmations_update AFTER UPDATE ON clock_confirmations
BEGIN
	DELETE FROM changes WHERE tbl = 'clock_confirmations' AND k1 = +OLD.newest AND k2 = '' AND OLD.newest IS NOT NEW.newest;
	INSERT INTO changes (tbl, k1, k2) SELECT 'clock_confirmations', OLD.newest, '' WHERE OLD.newest IS NOT NEW.newest;
	DELETE FROM changes WHERE tbl = 'clock_confirmations' AND k1 = +NEW.newest AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('clock_confirmations', NEW.newest, '');
END;
CREATE TRIGGER changes_clock_confirmations_delete AFTER DELETE ON clock_confirmations
BEGIN
	DELETE FROM changes WHERE tbl = 'clock_confirmations' AND k1 = +OLD.newest AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('clock_confirmations', OLD.newest, '');
END;
-- No fill: the rows that exist before this release have no entry here.
-- A station's FIRST export (store/export.go, firstExport) reads every row of
-- every exported table straight from the table, each with the export's
-- ToSeq as its seq, so the upgrade stays fast on a large station; every
-- later change gets a seq above that ToSeq.
