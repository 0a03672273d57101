-- 0020_complaints: complaints, follow-up calls and the customer's rating of
-- a case (issue 18; SPEC "Complaints, follow-up calls and ratings"; seeds
-- 001, 002, 004). Every table here goes to head office (store/exportspec.go),
-- so each has the change triggers of 0014. IF NOT EXISTS throughout: tests
-- that undo an earlier migration run the later ones again.
--
-- service_lists holds the supervisor's catalogue-like lists of this issue as
-- JSON, one row per list: 'complaint_categories' ([]forms.ComplaintCategory),
-- 'followup_script' (forms.FollowUpScript), 'followup_sample'
-- (forms.FollowUpSample). A list with no row has the shipped default.
CREATE TABLE IF NOT EXISTS service_lists (
	key        TEXT PRIMARY KEY CHECK (key IN ('complaint_categories', 'followup_script', 'followup_sample')),
	json       TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT REFERENCES users (id)
);

-- complaints holds one row per complaint (forms.Complaint). number is
-- TS-<year>-<seq>, continuous per year. owner_id is the recorder until a
-- supervisor hands it over (首接负责制). steps and handovers are JSON arrays
-- (forms.ComplaintStep, forms.ComplaintHandover). A closed complaint has its
-- outcome, closed_at and the closing owner (closed_by).
CREATE TABLE IF NOT EXISTS complaints (
	id            TEXT PRIMARY KEY,
	number        TEXT NOT NULL UNIQUE,
	customer_id   TEXT REFERENCES customers (id),
	caller_name   TEXT NOT NULL DEFAULT '',
	caller_phone  TEXT NOT NULL DEFAULT '',
	channel       TEXT NOT NULL CHECK (channel IN ('counter', 'phone', 'letter', 'online')),
	category      TEXT NOT NULL,
	category_name TEXT NOT NULL,
	words         TEXT NOT NULL CHECK (words <> ''),
	request       TEXT NOT NULL DEFAULT '',
	case_id       TEXT REFERENCES cases (id),
	receipt_id    TEXT REFERENCES receipts (id),
	complexity    TEXT NOT NULL CHECK (complexity IN ('simple', 'complex')),
	received_at   TEXT NOT NULL,
	due_day       TEXT NOT NULL,
	recorder_id   TEXT NOT NULL REFERENCES users (id),
	owner_id      TEXT NOT NULL REFERENCES users (id),
	steps         TEXT NOT NULL DEFAULT '[]',
	handovers     TEXT NOT NULL DEFAULT '[]',
	answer        TEXT NOT NULL DEFAULT '',
	answered_at   TEXT,
	outcome       TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'upheld', 'partly', 'not_upheld')),
	closed_at     TEXT,
	closed_by     TEXT REFERENCES users (id),
	CHECK ((closed_at IS NULL) = (outcome = ''))
);
CREATE INDEX IF NOT EXISTS complaints_open_due ON complaints (due_day, number) WHERE closed_at IS NULL;
CREATE INDEX IF NOT EXISTS complaints_received ON complaints (received_at);
CREATE INDEX IF NOT EXISTS complaints_customer ON complaints (customer_id, received_at) WHERE customer_id IS NOT NULL;

-- ratings holds the customer's rating of a completed case, at most one per
-- case (forms.Rating); the service and clerk are kept for the month's
-- figures by service and clerk.
CREATE TABLE IF NOT EXISTS ratings (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL UNIQUE REFERENCES cases (id),
	case_number  TEXT NOT NULL,
	service_code TEXT NOT NULL,
	service_name TEXT NOT NULL,
	customer_id  TEXT REFERENCES customers (id),
	clerk_id     TEXT NOT NULL REFERENCES users (id),
	level        TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied', 'declined')),
	comment      TEXT NOT NULL DEFAULT '',
	at           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ratings_at ON ratings (at);

-- follow_ups holds one follow-up call per source (forms.FollowUp): a closed
-- complaint, a poor rating or a sampled completed case (source_id is the
-- complaint's, rating's or case's id). attempts and answers are JSON arrays
-- (forms.FollowUpAttempt, forms.FollowUpAnswer); score is NULL until scored.
CREATE TABLE IF NOT EXISTS follow_ups (
	id               TEXT PRIMARY KEY,
	source           TEXT NOT NULL CHECK (source IN ('complaint', 'rating', 'sample')),
	source_id        TEXT NOT NULL,
	source_at        TEXT NOT NULL,
	due_at           TEXT NOT NULL,
	customer_id      TEXT REFERENCES customers (id),
	customer_name    TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL DEFAULT '',
	case_id          TEXT REFERENCES cases (id),
	service_code     TEXT NOT NULL DEFAULT '',
	caller_id        TEXT REFERENCES users (id),
	state            TEXT NOT NULL CHECK (state IN ('open', 'callback', 'done', 'unreachable')),
	attempts         TEXT NOT NULL DEFAULT '[]',
	answers          TEXT NOT NULL DEFAULT '[]',
	score            INTEGER CHECK (score BETWEEN 0 AND 5),
	improve          TEXT NOT NULL DEFAULT '',
	new_problem      INTEGER NOT NULL DEFAULT 0 CHECK (new_problem IN (0, 1)),
	new_problem_text TEXT NOT NULL DEFAULT '',
	new_complaint_id TEXT REFERENCES complaints (id),
	done_at          TEXT,
	created_at       TEXT NOT NULL,
	UNIQUE (source, source_id),
	CHECK ((state = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS follow_ups_due ON follow_ups (due_at) WHERE state IN ('open', 'callback');
CREATE INDEX IF NOT EXISTS follow_ups_source_at ON follow_ups (source_at);

-- service_lists, keyed by (key)
CREATE TRIGGER IF NOT EXISTS changes_service_lists_insert AFTER INSERT ON service_lists
BEGIN
	DELETE FROM changes WHERE tbl = 'service_lists' AND k1 = +NEW.key AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('service_lists', NEW.key, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_service_lists_update AFTER UPDATE ON service_lists
BEGIN
	DELETE FROM changes WHERE tbl = 'service_lists' AND k1 = +OLD.key AND k2 = '' AND OLD.key IS NOT NEW.key;
	INSERT INTO changes (tbl, k1, k2) SELECT 'service_lists', OLD.key, '' WHERE OLD.key IS NOT NEW.key;
	DELETE FROM changes WHERE tbl = 'service_lists' AND k1 = +NEW.key AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('service_lists', NEW.key, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_service_lists_delete AFTER DELETE ON service_lists
BEGIN
	DELETE FROM changes WHERE tbl = 'service_lists' AND k1 = +OLD.key AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('service_lists', OLD.key, '');
END;

-- complaints, keyed by (id)
CREATE TRIGGER IF NOT EXISTS changes_complaints_insert AFTER INSERT ON complaints
BEGIN
	DELETE FROM changes WHERE tbl = 'complaints' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('complaints', NEW.id, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_complaints_update AFTER UPDATE ON complaints
BEGIN
	DELETE FROM changes WHERE tbl = 'complaints' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'complaints', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'complaints' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('complaints', NEW.id, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_complaints_delete AFTER DELETE ON complaints
BEGIN
	DELETE FROM changes WHERE tbl = 'complaints' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('complaints', OLD.id, '');
END;

-- ratings, keyed by (id)
CREATE TRIGGER IF NOT EXISTS changes_ratings_insert AFTER INSERT ON ratings
BEGIN
	DELETE FROM changes WHERE tbl = 'ratings' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('ratings', NEW.id, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_ratings_update AFTER UPDATE ON ratings
BEGIN
	DELETE FROM changes WHERE tbl = 'ratings' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'ratings', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'ratings' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('ratings', NEW.id, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_ratings_delete AFTER DELETE ON ratings
BEGIN
	DELETE FROM changes WHERE tbl = 'ratings' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('ratings', OLD.id, '');
END;

-- follow_ups, keyed by (id)
CREATE TRIGGER IF NOT EXISTS changes_follow_ups_insert AFTER INSERT ON follow_ups
BEGIN
	DELETE FROM changes WHERE tbl = 'follow_ups' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('follow_ups', NEW.id, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_follow_ups_update AFTER UPDATE ON follow_ups
BEGIN
	DELETE FROM changes WHERE tbl = 'follow_ups' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
	INSERT INTO changes (tbl, k1, k2) SELECT 'follow_ups', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
	DELETE FROM changes WHERE tbl = 'follow_ups' AND k1 = +NEW.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('follow_ups', NEW.id, '');
END;
CREATE TRIGGER IF NOT EXISTS changes_follow_ups_delete AFTER DELETE ON follow_ups
BEGIN
	DELETE FROM changes WHERE tbl = 'follow_ups' AND k1 = +OLD.id AND k2 = '';
	INSERT INTO changes (tbl, k1, k2) VALUES ('follow_ups', OLD.id, '');
END;
