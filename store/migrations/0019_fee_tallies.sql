-- 0019_fee_tallies: the home screen's fees line (store/reminders.go,
-- feeReminder) counts the current members behind with a fee from two
-- tallies kept by the triggers below, so the count reads a few thousand
-- rows however many members a station has. Before, only the talent fee's
-- members paid too short a time came from a tally (talent_paid_tally, 0011);
-- the never-paid members and the archive fee's terms walked the indexes of
-- 0011 over every member (about 80 ms of 108 at 857,000 members).
--
-- A member's base for a fee is forms.FeeAccount.Base: the later of the
-- paid-through date and the day before member-since, '' when there is
-- neither (nothing is owed). A member is behind with a fee when the base
-- is before the end of a charged span (and, for the archive fee, before
-- the day the archive left, archive_until, when it has; '' when not).
-- Current members only (member = 1, member_until NULL), children
-- registered under a parent left out (forms.Customer.OwesFees), as the
-- indexes customers_talent_due / customers_archive_due of 0011.
--
-- Re-runnable, as 0017 and 0018: a test that makes a station look older
-- by rolling back the recorded version (collate_test.go) runs it again.
DROP TRIGGER IF EXISTS customers_fee_tally_insert;
DROP TRIGGER IF EXISTS customers_fee_tally_delete;
DROP TRIGGER IF EXISTS customers_fee_tally_update;
DROP TABLE IF EXISTS fee_talent_tally;
DROP TABLE IF EXISTS fee_base_tally;

-- fee_talent_tally: the current members by talent-reserve base (one row a
-- date, about 4,400 at 850,000 members over ten years): those behind with
-- it are one range of it.
CREATE TABLE fee_talent_tally (
	base    TEXT PRIMARY KEY,
	members INTEGER NOT NULL CHECK (members > 0)
) WITHOUT ROWID;

-- fee_base_tally: the current members by talent-reserve base, archive base
-- and archive_until ('' when the archive has not left) together (about
-- 10,000 rows at 850,000 members): the members behind with the archive fee
-- and not with the talent-reserve fee are read from the rows whose talent
-- base is '' or not before the last charged day (a few: nearly every member
-- owes the talent fee of today).
CREATE TABLE fee_base_tally (
	talent_base   TEXT NOT NULL,
	archive_base  TEXT NOT NULL,
	archive_until TEXT NOT NULL,
	members       INTEGER NOT NULL CHECK (members > 0),
	PRIMARY KEY (talent_base, archive_base, archive_until)
) WITHOUT ROWID;
INSERT INTO fee_talent_tally (base, members)
SELECT CASE WHEN c.talent_paid_through IS NULL THEN coalesce(date(c.member_since, '-1 day'), '') ELSE max(c.talent_paid_through, coalesce(date(c.member_since, '-1 day'), '')) END, count(*) FROM customers c WHERE c.member = 1 AND c.member_until IS NULL AND c.parent_id IS NULL
GROUP BY 1;
INSERT INTO fee_base_tally (talent_base, archive_base, archive_until, members)
SELECT CASE WHEN c.talent_paid_through IS NULL THEN coalesce(date(c.member_since, '-1 day'), '') ELSE max(c.talent_paid_through, coalesce(date(c.member_since, '-1 day'), '')) END,
	CASE WHEN c.archive_paid_through IS NULL THEN coalesce(date(c.member_since, '-1 day'), '') ELSE max(c.archive_paid_through, coalesce(date(c.member_since, '-1 day'), '')) END,
	coalesce(c.archive_until, ''), count(*)
FROM customers c WHERE c.member = 1 AND c.member_until IS NULL AND c.parent_id IS NULL
GROUP BY 1, 2, 3;

CREATE TRIGGER customers_fee_tally_insert AFTER INSERT ON customers
WHEN NEW.member = 1 AND NEW.member_until IS NULL AND NEW.parent_id IS NULL
BEGIN
	INSERT INTO fee_talent_tally (base, members) VALUES (CASE WHEN NEW.talent_paid_through IS NULL THEN coalesce(date(NEW.member_since, '-1 day'), '') ELSE max(NEW.talent_paid_through, coalesce(date(NEW.member_since, '-1 day'), '')) END, 1)
	ON CONFLICT (base) DO UPDATE SET members = members + 1;
	INSERT INTO fee_base_tally (talent_base, archive_base, archive_until, members)
	VALUES (CASE WHEN NEW.talent_paid_through IS NULL THEN coalesce(date(NEW.member_since, '-1 day'), '') ELSE max(NEW.talent_paid_through, coalesce(date(NEW.member_since, '-1 day'), '')) END,
		CASE WHEN NEW.archive_paid_through IS NULL THEN coalesce(date(NEW.member_since, '-1 day'), '') ELSE max(NEW.archive_paid_through, coalesce(date(NEW.member_since, '-1 day'), '')) END,
		coalesce(NEW.archive_until, ''), 1)
	ON CONFLICT (talent_base, archive_base, archive_until) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER customers_fee_tally_delete AFTER DELETE ON customers
WHEN OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL
BEGIN
	DELETE FROM fee_talent_tally WHERE base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END AND members = 1;
	UPDATE fee_talent_tally SET members = members - 1 WHERE base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END;
	DELETE FROM fee_base_tally WHERE talent_base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_base = CASE WHEN OLD.archive_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.archive_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_until = coalesce(OLD.archive_until, '') AND members = 1;
	UPDATE fee_base_tally SET members = members - 1 WHERE talent_base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_base = CASE WHEN OLD.archive_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.archive_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_until = coalesce(OLD.archive_until, '');
END;

CREATE TRIGGER customers_fee_tally_update AFTER UPDATE OF member, member_until, parent_id, member_since, talent_paid_through, archive_paid_through, archive_until ON customers
WHEN (OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL)
	OR (NEW.member = 1 AND NEW.member_until IS NULL AND NEW.parent_id IS NULL)
BEGIN
	DELETE FROM fee_talent_tally WHERE base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END AND members = 1 AND OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL;
	UPDATE fee_talent_tally SET members = members - 1 WHERE base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END AND OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL;
	DELETE FROM fee_base_tally WHERE talent_base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_base = CASE WHEN OLD.archive_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.archive_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_until = coalesce(OLD.archive_until, '') AND members = 1 AND OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL;
	UPDATE fee_base_tally SET members = members - 1 WHERE talent_base = CASE WHEN OLD.talent_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.talent_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_base = CASE WHEN OLD.archive_paid_through IS NULL THEN coalesce(date(OLD.member_since, '-1 day'), '') ELSE max(OLD.archive_paid_through, coalesce(date(OLD.member_since, '-1 day'), '')) END
		AND archive_until = coalesce(OLD.archive_until, '') AND OLD.member = 1 AND OLD.member_until IS NULL AND OLD.parent_id IS NULL;
	INSERT INTO fee_talent_tally (base, members) SELECT CASE WHEN NEW.talent_paid_through IS NULL THEN coalesce(date(NEW.member_since, '-1 day'), '') ELSE max(NEW.talent_paid_through, coalesce(date(NEW.member_since, '-1 day'), '')) END, 1 WHERE NEW.member = 1 AND NEW.member_until IS NULL AND NEW.parent_id IS NULL
	ON CONFLICT (base) DO UPDATE SET members = members + 1;
	INSERT INTO fee_base_tally (talent_base, archive_base, archive_until, members)
	SELECT CASE WHEN NEW.talent_paid_through IS NULL THEN coalesce(date(NEW.member_since, '-1 day'), '') ELSE max(NEW.talent_paid_through, coalesce(date(NEW.member_since, '-1 day'), '')) END,
		CASE WHEN NEW.archive_paid_through IS NULL THEN coalesce(date(NEW.member_since, '-1 day'), '') ELSE max(NEW.archive_paid_through, coalesce(date(NEW.member_since, '-1 day'), '')) END,
		coalesce(NEW.archive_until, ''), 1 WHERE NEW.member = 1 AND NEW.member_until IS NULL AND NEW.parent_id IS NULL
	ON CONFLICT (talent_base, archive_base, archive_until) DO UPDATE SET members = members + 1;
END;
