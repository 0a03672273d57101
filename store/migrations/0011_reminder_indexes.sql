-- 0011_reminder_indexes: what the home screen's reminders (issue 14,
-- store/reminders.go) look up, each by an index, so the list stays fast on
-- a station with 100,000 members and 300,000 cases.
--
-- cases.promised_due is the earliest date a paper promised under 容缺 is
-- due on a case waiting for papers (the smallest promised_by of its
-- deferred items, as 'YYYY-MM-DD'); NULL for every other case. The promise
-- dates live inside cases.items (JSON), which no index can reach, so the
-- triggers below keep the column in step whenever a case is written — the
-- program's code that writes cases does not need to know of it.
ALTER TABLE cases ADD COLUMN promised_due TEXT;

UPDATE cases SET promised_due = (
	SELECT min(substr(json_extract(i.value, '$.promised_by'), 1, 10)) FROM json_each(cases.items) i
	WHERE json_extract(i.value, '$.status') = 'deferred' AND json_extract(i.value, '$.promised_by') IS NOT NULL)
WHERE status = 'waiting' AND json_valid(items);

CREATE TRIGGER cases_promised_due_insert AFTER INSERT ON cases
WHEN NEW.status = 'waiting' AND json_valid(NEW.items)
BEGIN
	UPDATE cases SET promised_due = (
		SELECT min(substr(json_extract(i.value, '$.promised_by'), 1, 10)) FROM json_each(NEW.items) i
		WHERE json_extract(i.value, '$.status') = 'deferred' AND json_extract(i.value, '$.promised_by') IS NOT NULL)
	WHERE id = NEW.id;
END;

CREATE TRIGGER cases_promised_due_update AFTER UPDATE OF items, status ON cases
BEGIN
	UPDATE cases SET promised_due = CASE WHEN NEW.status = 'waiting' AND json_valid(NEW.items) THEN (
		SELECT min(substr(json_extract(i.value, '$.promised_by'), 1, 10)) FROM json_each(NEW.items) i
		WHERE json_extract(i.value, '$.status') = 'deferred' AND json_extract(i.value, '$.promised_by') IS NOT NULL)
	END
	WHERE id = NEW.id;
END;

-- Cases waiting for papers, by the earliest promised date.
CREATE INDEX cases_promised_due ON cases (promised_due) WHERE status = 'waiting' AND promised_due IS NOT NULL;

-- Loss declarations waiting to be resolved, by the last day of the period.
CREATE INDEX loss_declarations_pending_end ON loss_declarations (end_day) WHERE state = 'pending';

-- Deposits held, by the day the household card should be back.
CREATE INDEX deposits_held_return ON deposits (return_due) WHERE state = 'held' AND return_due IS NOT NULL;

-- Children not yet registered (no ID number, linked to a parent), by birth.
CREATE INDEX customers_child_birth ON customers (birth) WHERE parent_id IS NOT NULL AND id_number IS NULL;

-- A customer's cases of one service, not cancelled: a child near the
-- one-month limit is left out of the list when its parent has a case of a
-- service that registers a child (store/reminders.go, childReminders).
-- Without it the search for that case goes through every case of the
-- registering service (thousands, each one's answers read as JSON) for
-- every child, instead of the parent's one or two.
CREATE INDEX cases_customer_service ON cases (customer_id, service_code) WHERE status <> 'cancelled';

-- Current members by paid-through date (NULL, never paid, sorts first),
-- children registered under a parent left out (they owe no scheduled fee:
-- forms.Customer.OwesFees),
-- with every date the overdue rule reads (forms.FeeAccount) and the
-- columns of the partial condition, so counting the members behind reads
-- the index alone and never the customers' rows. The archive index also
-- holds the talent-reserve date: a member behind with both is counted once
-- (store/reminders.go, feeOverdueTerms).
CREATE INDEX customers_talent_due ON customers (talent_paid_through, member_since, member, member_until, parent_id)
	WHERE member = 1 AND member_until IS NULL AND parent_id IS NULL;
CREATE INDEX customers_archive_due ON customers (archive_paid_through, member_since, archive_until, talent_paid_through, member, member_until, parent_id)
	WHERE member = 1 AND member_until IS NULL AND parent_id IS NULL;

-- The current members by talent-reserve paid-through date (never-paid
-- members are not in it), one row a date, kept in step by the triggers
-- below whenever a customer is written. Most members of a busy station are
-- behind with this fee: counting them from the index above visits each
-- one (about 90,000 of 100,000 members); summing this table's dates before
-- the last charged day reads a few thousand rows (store/reminders.go,
-- feeOverdueTerms). Rows that fall to 0 are removed.
CREATE TABLE talent_paid_tally (
	paid_through TEXT PRIMARY KEY,
	members      INTEGER NOT NULL CHECK (members > 0)
) WITHOUT ROWID;

INSERT INTO talent_paid_tally (paid_through, members)
SELECT talent_paid_through, count(*) FROM customers
WHERE member = 1 AND member_until IS NULL AND parent_id IS NULL AND talent_paid_through IS NOT NULL
GROUP BY talent_paid_through;

CREATE TRIGGER customers_talent_tally_insert AFTER INSERT ON customers
WHEN NEW.member = 1 AND NEW.member_until IS NULL AND NEW.parent_id IS NULL AND NEW.talent_paid_through IS NOT NULL
BEGIN
	INSERT INTO talent_paid_tally (paid_through, members) VALUES (NEW.talent_paid_through, 1)
	ON CONFLICT (paid_through) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER customers_talent_tally_delete AFTER DELETE ON customers
WHEN OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL AND OLD.talent_paid_through IS NOT NULL
BEGIN
	DELETE FROM talent_paid_tally WHERE paid_through = OLD.talent_paid_through AND members = 1;
	UPDATE talent_paid_tally SET members = members - 1 WHERE paid_through = OLD.talent_paid_through;
END;

CREATE TRIGGER customers_talent_tally_update AFTER UPDATE OF member, member_until, parent_id, talent_paid_through ON customers
WHEN (OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL AND OLD.talent_paid_through IS NOT NULL)
	OR (NEW.member = 1 AND NEW.member_until IS NULL AND NEW.parent_id IS NULL AND NEW.talent_paid_through IS NOT NULL)
BEGIN
	DELETE FROM talent_paid_tally WHERE paid_through = OLD.talent_paid_through AND members = 1
		AND OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL;
	UPDATE talent_paid_tally SET members = members - 1 WHERE paid_through = OLD.talent_paid_through
		AND OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL;
	INSERT INTO talent_paid_tally (paid_through, members)
	SELECT NEW.talent_paid_through, 1 WHERE NEW.member = 1 AND NEW.member_until IS NULL AND NEW.parent_id IS NULL AND NEW.talent_paid_through IS NOT NULL
	ON CONFLICT (paid_through) DO UPDATE SET members = members + 1;
END;

-- Current members by the day they joined, with the talent-reserve date:
-- the few who joined after the last charged day are taken off the tally's
-- sum (they owe nothing yet).
CREATE INDEX customers_member_since ON customers (member_since, talent_paid_through, member, member_until, parent_id)
	WHERE member = 1 AND member_until IS NULL AND parent_id IS NULL;
