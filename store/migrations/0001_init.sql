-- 0001_init: the first schema of a station's database.
--
-- Conventions:
--   * Every record has a UUID id, so the records of all stations of all
--     branches merge at head office without collisions.
--   * Timestamps are TEXT in UTC with a fixed width
--     (2006-01-02T15:04:05.000000000Z), so they sort as text.
--   * Calendar dates are TEXT 'YYYY-MM-DD' as the clerk sees them (local
--     time). An absent date or timestamp is NULL.
--   * Money is INTEGER fen.
--   * *_by and *_id columns that name a person hold users.id.

-- station is the single row that identifies this counter PC.
CREATE TABLE station (
	id               TEXT PRIMARY KEY,
	singleton        INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
	branch_code      TEXT NOT NULL,
	branch_name      TEXT NOT NULL,
	payee            TEXT NOT NULL,
	number           INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
	recovery_hash    TEXT NOT NULL,
	recovery_used_at TEXT,
	created_at       TEXT NOT NULL
);

-- users are disabled, never deleted, so their records keep their name.
CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
	role          TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
	password_hash TEXT NOT NULL,
	must_change   INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);

CREATE TABLE customers (
	id                   TEXT PRIMARY KEY,
	name                 TEXT NOT NULL,
	gender               TEXT NOT NULL DEFAULT '',
	id_kind              TEXT NOT NULL DEFAULT '',
	id_number            TEXT UNIQUE CHECK (id_number <> ''), -- NULL: a child not yet registered
	birth                TEXT,
	parent_id            TEXT REFERENCES customers (id),
	mobile               TEXT NOT NULL DEFAULT '',
	address              TEXT NOT NULL DEFAULT '',
	marital              TEXT NOT NULL DEFAULT '',
	employer             TEXT NOT NULL DEFAULT '',
	origin               TEXT NOT NULL DEFAULT '',
	member               INTEGER NOT NULL DEFAULT 0 CHECK (member IN (0, 1)),
	member_since         TEXT,
	member_until         TEXT,
	talent_paid_through  TEXT,
	archive_paid_through TEXT,
	guardian_consent     INTEGER NOT NULL DEFAULT 0 CHECK (guardian_consent IN (0, 1)),
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL
);
CREATE INDEX customers_parent ON customers (parent_id) WHERE parent_id IS NOT NULL;

-- customer_terms is the search index of customers (see store/search.go):
-- 'n:' + every suffix of the normalized name, 'i:' + the ID number and its
-- last 4, 5 and 6 characters, 'p:' + the mobile number and its last 4
-- digits. It is written in the same transaction as the customer.
CREATE TABLE customer_terms (
	term        TEXT NOT NULL,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	PRIMARY KEY (term, customer_id)
) WITHOUT ROWID;

-- services holds every version of every counter service. The current
-- version of a service is its highest; old versions never change, because
-- a case keeps the version it was opened under for ever.
CREATE TABLE services (
	id         TEXT NOT NULL UNIQUE,
	code       TEXT NOT NULL,
	version    INTEGER NOT NULL CHECK (version >= 1),
	name       TEXT NOT NULL,
	position   INTEGER NOT NULL, -- the order services were first inserted
	json       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT REFERENCES users (id),
	PRIMARY KEY (code, version)
);

CREATE TABLE cases (
	id              TEXT PRIMARY KEY,
	number          TEXT NOT NULL UNIQUE,
	service_code    TEXT NOT NULL,
	service_version INTEGER NOT NULL,
	customer_id     TEXT NOT NULL REFERENCES customers (id),
	answers         TEXT NOT NULL DEFAULT '{}',
	items           TEXT NOT NULL DEFAULT '{}',
	status          TEXT NOT NULL CHECK (status IN ('draft', 'accepted', 'waiting', 'completed', 'cancelled')),
	cancel_reason   TEXT NOT NULL DEFAULT '',
	clerk_id        TEXT NOT NULL REFERENCES users (id),
	return_due      TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	accepted_at     TEXT,
	completed_at    TEXT,
	legacy          INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1)),
	FOREIGN KEY (service_code, service_version) REFERENCES services (code, version)
);
CREATE INDEX cases_customer ON cases (customer_id, created_at);

CREATE TABLE case_prints (
	id       TEXT PRIMARY KEY,
	case_id  TEXT NOT NULL REFERENCES cases (id),
	document TEXT NOT NULL,
	copies   INTEGER NOT NULL CHECK (copies > 0),
	reprint  INTEGER NOT NULL DEFAULT 0 CHECK (reprint IN (0, 1)),
	at       TEXT NOT NULL,
	user_id  TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX case_prints_case ON case_prints (case_id);

-- receipt_counters holds the last sequence number issued in each receipt
-- series: one series per station and calendar year, shared by fees and
-- deposits. It is incremented in the same transaction as the receipt insert.
CREATE TABLE receipt_counters (
	station_code TEXT NOT NULL,
	year         INTEGER NOT NULL,
	last_seq     INTEGER NOT NULL CHECK (last_seq >= 0),
	PRIMARY KEY (station_code, year)
);

-- receipt_skips records every range of receipt numbers the counter had to
-- jump over (numbers issued on paper or before a restore), with the reason,
-- for the audit log and the day-end report.
CREATE TABLE receipt_skips (
	id           TEXT PRIMARY KEY,
	station_code TEXT NOT NULL,
	year         INTEGER NOT NULL,
	first_seq    INTEGER NOT NULL,
	last_seq     INTEGER NOT NULL CHECK (last_seq >= first_seq),
	reason       TEXT NOT NULL,
	at           TEXT NOT NULL,
	user_id      TEXT REFERENCES users (id),
	approved_by  TEXT REFERENCES users (id)
);

-- receipts are voided, never deleted. A legacy receipt is a paper receipt
-- from before Counter Desk: it has its paper number and no sequence.
CREATE TABLE receipts (
	id              TEXT PRIMARY KEY,
	number          TEXT NOT NULL,
	station_code    TEXT,
	year            INTEGER NOT NULL,
	seq             INTEGER,
	source          TEXT NOT NULL CHECK (source IN ('accept', 'fee', 'legacy')),
	case_id         TEXT REFERENCES cases (id),
	customer_id     TEXT REFERENCES customers (id),
	payer_name      TEXT NOT NULL,
	payer_id        TEXT NOT NULL DEFAULT '',
	lines           TEXT NOT NULL,
	total           INTEGER NOT NULL CHECK (total > 0),
	method          TEXT NOT NULL CHECK (method IN ('cash', 'card', 'mobile')),
	reference       TEXT NOT NULL DEFAULT '',
	clerk_id        TEXT NOT NULL REFERENCES users (id),
	issued_at       TEXT NOT NULL,
	voided          INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
	void_reason     TEXT NOT NULL DEFAULT '',
	voided_by       TEXT REFERENCES users (id),
	voided_at       TEXT,
	legacy          INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1)),
	UNIQUE (station_code, year, seq),
	CHECK (legacy = 1 OR (station_code IS NOT NULL AND seq > 0)),
	CHECK ((voided = 1) = (voided_at IS NOT NULL))
);

-- A receipt number is unique, except that a paper receipt entered by
-- mistake and voided may be entered again, correctly, under its number.
CREATE UNIQUE INDEX receipts_number ON receipts (number) WHERE legacy = 0 OR voided = 0;

CREATE INDEX receipts_case ON receipts (case_id);
CREATE INDEX receipts_issued ON receipts (issued_at);

-- deposits is the deposit ledger: held, then refunded, forfeited or voided.
CREATE TABLE deposits (
	id               TEXT PRIMARY KEY,
	case_id          TEXT NOT NULL REFERENCES cases (id),
	customer_id      TEXT NOT NULL REFERENCES customers (id),
	receipt_id       TEXT NOT NULL REFERENCES receipts (id),
	amount           INTEGER NOT NULL CHECK (amount > 0),
	method           TEXT NOT NULL CHECK (method IN ('cash', 'card', 'mobile')),
	state            TEXT NOT NULL CHECK (state IN ('held', 'refunded', 'forfeited', 'voided')),
	taken_at         TEXT NOT NULL,
	return_due       TEXT,
	closed_at        TEXT,
	closed_by        TEXT REFERENCES users (id),
	approved_by      TEXT REFERENCES users (id),
	returned         TEXT NOT NULL DEFAULT '',
	reason           TEXT NOT NULL DEFAULT '',
	refund_method    TEXT CHECK (refund_method IN ('cash', 'card', 'mobile')),
	refund_reference TEXT NOT NULL DEFAULT '',
	legacy           INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1)),
	CHECK ((state = 'held') = (closed_at IS NULL))
);
CREATE INDEX deposits_case ON deposits (case_id);
CREATE INDEX deposits_receipt ON deposits (receipt_id);
CREATE INDEX deposits_customer ON deposits (customer_id, state);
CREATE INDEX deposits_held ON deposits (taken_at) WHERE state = 'held';
CREATE UNIQUE INDEX deposits_one_held_per_case ON deposits (case_id) WHERE state = 'held';

CREATE TABLE contact_attempts (
	id         TEXT PRIMARY KEY,
	deposit_id TEXT NOT NULL REFERENCES deposits (id),
	at         TEXT NOT NULL,
	user_id    TEXT NOT NULL REFERENCES users (id),
	channel    TEXT NOT NULL,
	outcome    TEXT NOT NULL
);
CREATE INDEX contact_attempts_deposit ON contact_attempts (deposit_id, at);

CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT REFERENCES users (id)
);

-- audit_log records every change. It is append-only: the triggers below
-- abort any UPDATE or DELETE, so it cannot be edited silently. prev_hash and
-- hash are left NULL for now, so a later version can chain new entries
-- without rewriting history.
CREATE TABLE audit_log (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	id          TEXT NOT NULL UNIQUE,
	at          TEXT NOT NULL,
	user_id     TEXT,
	user_name   TEXT NOT NULL,
	approved_by TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   TEXT NOT NULL DEFAULT '',
	before_json TEXT,
	after_json  TEXT,
	note        TEXT NOT NULL DEFAULT '',
	prev_hash   TEXT,
	hash        TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, seq);
-- The newest time anything was recorded, for the check that the PC clock
-- has not gone back (receipts would carry the wrong date or year).
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;

-- clock_confirmations records that a supervisor confirmed the PC clock is
-- right although it is earlier than the newest record (newest): receipts may
-- then be issued again.
CREATE TABLE clock_confirmations (
	newest      TEXT PRIMARY KEY,
	at          TEXT NOT NULL,
	confirmed_by TEXT NOT NULL REFERENCES users (id)
);
